"""Running render jobs safely: each job in a process of its own, forked from a warmed-up
fork server, under CPU, memory and wall-clock limits (`workers`), and confined to the
files it may read and write, with no network and no new programs (`jail`).

Takes jobs (anything with `run`, `name`, `reads` and `writes`); gives their results as
they finish, or every job's problem together, and what a job `report`s on the way; jobs
stopped before they finish (by `Workers.stop`, or from outside) raise `Stopped`."""

from .workers import Limits, Stopped, Workers, available_cores, report

__all__ = ["Limits", "Stopped", "Workers", "available_cores", "report"]
