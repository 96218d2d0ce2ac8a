"""Running jobs on a stranger's project safely: each job (checking the project, writing one
PDF or calendar) in a process of its own, forked from a warmed-up fork server (or, for the
check, from the command itself), under CPU, memory and wall-clock limits no higher than the
shell's (`workers`), and confined to the files it may read and write, with no network and
no new programs (`jail`). Independent units of work made of such jobs (a roster's
churches) run on an engine: this machine (`engine`) or a Dask cluster (`cluster`, with
`studybook[dask]`).

Takes jobs (anything with `run`, `name`, `activity`, `reads` and `writes`), or units; gives
their results as they finish, or every job's problem together (for units, each unit's own),
and what a job `report`s on the way; jobs stopped before they finish (by `Workers.stop`, or
from outside) raise `Stopped`."""

from .engine import Engine, Failed, Local, Unit
from .workers import Limits, OutOfTime, Stopped, Workers, available_cores, report

__all__ = [
    "Cluster",
    "Engine",
    "Failed",
    "Limits",
    "Local",
    "OutOfTime",
    "Stopped",
    "Unit",
    "Workers",
    "available_cores",
    "report",
]


def __getattr__(name: str) -> object:
    """`Cluster`, imported when first used."""
    if name == "Cluster":
        from .cluster import Cluster

        return Cluster
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
