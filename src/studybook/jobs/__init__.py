"""Running render jobs safely: each job in a process of its own, forked from a warmed-up
fork server, under CPU, memory and wall-clock limits (`workers`), and confined to the
files it may read and write, with no network and no new programs (`jail`). Independent
units of work made of such jobs (a roster's churches) run on an engine: this machine
(`engine`) or a Dask cluster (`cluster`, with `studybook[dask]`).

Takes jobs (anything with `run`, `name`, `reads` and `writes`), or units; gives their
results as they finish, or every job's problem together (for units, each unit's own)."""

from .engine import Engine, Failed, Local, Unit
from .workers import Limits, Workers, available_cores

__all__ = [
    "Cluster",
    "Engine",
    "Failed",
    "Limits",
    "Local",
    "Unit",
    "Workers",
    "available_cores",
]


def __getattr__(name: str) -> object:
    """`Cluster`, imported when first used."""
    if name == "Cluster":
        from .cluster import Cluster

        return Cluster
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
