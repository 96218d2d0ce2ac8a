"""Run independent units of work (a roster's churches) on an engine: this machine's workers
(`Local`), or a Dask cluster's (`cluster.Cluster`), through the same small interface.

A unit reads a project folder and writes under an output folder of its own; it is handed a
`Workers` of the machine it runs on, so each of its render jobs gets a jailed, limited
process there, wherever that is. Locally it reads and writes in place; on a cluster it
reads a copy of the project and writes in a scratch folder, and what it wrote comes back
to the same place here.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from ..errors import Problem, ProblemsFound
from .workers import Limits, Workers

R = TypeVar("R")
U = TypeVar("U", bound="Unit")


class Unit(Protocol[R]):
    """One independent piece of work that writes files under its own folder."""

    @property
    def name(self) -> str: ...

    @property
    def project(self) -> Path:
        """The folder it reads (sent to a cluster's workers, but for `not_shipped`)."""
        ...

    @property
    def not_shipped(self) -> tuple[Path, ...]:
        """What in the project no unit reads: the output, a roster."""
        ...

    @property
    def out(self) -> Path:
        """The folder it writes under."""
        ...

    def run(self, workers: Workers, project: Path, out: Path) -> tuple[R, list[str]]:
        """Do the work with `project` read from and `out` written under (the unit's own
        folders, or a copy and a scratch folder on another machine); give the result and
        the files written, relative to `out`."""
        ...


@dataclass(frozen=True)
class Failed:
    """Why a unit gave no result."""

    problems: tuple[Problem, ...]


class Engine(Protocol):
    """Runs units, giving each with its result (or why it failed) as it finishes. Closing
    the iterator stops giving out units that have not started."""

    def results(self, units: Iterable[U]) -> Iterator[tuple[U, object]]: ...


class Local:
    """Units in threads of this process, their render jobs in this machine's workers: as
    many jobs at once as `count` (default: every core)."""

    def __init__(self, count: int, limits: Limits) -> None:
        self.count = count
        self.limits = limits

    def results(self, units: Iterable[U]) -> Iterator[tuple[U, object]]:
        waiting = list(units)
        if not waiting:
            return
        threads = min(self.count, len(waiting))
        workers = Workers(max(1, self.count // threads), self.limits).start()
        pending = iter(waiting)
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            running = {}
            try:
                while True:
                    while len(running) < threads and (unit := next(pending, None)) is not None:
                        running[pool.submit(unit.run, workers, unit.project, unit.out)] = unit
                    if not running:
                        return
                    done, _ = concurrent.futures.wait(
                        running, return_when=concurrent.futures.FIRST_COMPLETED
                    )
                    for future in done:
                        unit = running.pop(future)
                        yield unit, _outcome(unit, future)
            finally:
                for future in running:
                    future.cancel()
                workers.stop()  # what still runs is not wanted: do not wait for it


def _outcome(unit: Unit, future: concurrent.futures.Future) -> object:
    """A finished unit's result, or why it failed."""
    try:
        result, _ = future.result()
    except ProblemsFound as found:
        return Failed(tuple(found.problems))
    except Exception as err:  # a bug: one line for the report, and the others go on
        return Failed((failure(unit.name, err),))
    return result


def failure(name: str, err: BaseException) -> Problem:
    """A unit that failed for a reason of studybook's own, or of the machine it ran on."""
    message = f"building it failed: {type(err).__name__}: {err}"
    return Problem(name, message=message, hint="please report this to studybook's authors")
