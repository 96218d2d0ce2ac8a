"""Running jobs on a stranger's project safely: each job (checking the project, writing one
PDF or calendar) in a process of its own, forked from a warmed-up fork server (or, for the
check, from the command itself), under CPU, memory and wall-clock limits no higher than the
shell's (`workers`), and confined to the files it may read and write, with no network and
no new programs (`jail`).

Takes jobs (anything with `run`, `name`, `activity`, `reads` and `writes`); gives their
results as they finish, or every job's problem together, and what a job `report`s on the
way; jobs stopped before they finish (by `Workers.stop`, or from outside) raise `Stopped`."""

from .workers import Limits, OutOfTime, Stopped, Workers, available_cores, report

__all__ = ["Limits", "OutOfTime", "Stopped", "Workers", "available_cores", "report"]
