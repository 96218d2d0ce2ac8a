"""Run units on a Dask cluster: `studybook[dask]` on every machine, a scheduler, workers.

The project folder is packed once (what a build reads: not its output, nor hidden files)
and sent to every worker, which unpacks it once into its own scratch space, so the workers
need no shared storage. Each unit runs there with the worker's own `Workers`: every render
job in a jailed process under the same limits as on this machine. What a unit wrote comes
back here and is written under its own folder, so the output and report are the same as a
local run's. A worker that dies takes its units with it: Dask gives them to another worker
(up to its `allowed-failures`), or they are reported as failed; nothing is written here
until a unit's result has arrived whole.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..project import project_files, unwritable, write_atomically
from .engine import Failed, U, Unit, failure
from .workers import Limits, Workers

INSTALL_HINT = "install it with: pip install 'studybook[dask]' (on this computer and every worker)"
CONNECT_SECONDS = 20
MAX_SHIPPED = 200_000_000  # bytes of project files sent to the workers
PER_THREAD = 4  # units sent to the cluster at once, for each thread of its workers


@dataclass(frozen=True)
class Snapshot:
    """A project's files, by their names inside it; sent once to every worker."""

    name: str
    digest: str
    files: dict[str, bytes]


class Cluster:
    """Units on the Dask cluster whose scheduler is at `address`, or on a cluster of this
    machine's cores started for the run when there is none."""

    def __init__(self, address: str | None, limits: Limits, cores: int) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            problem = Problem("--executor dask", message="Dask is not installed", hint=INSTALL_HINT)
            raise ProblemsFound([problem]) from None
        self.address = address
        self.limits = limits
        self.cores = cores

    def results(self, units: Iterable[U]) -> Iterator[tuple[U, object]]:
        from distributed import as_completed

        waiting = iter(units)
        client, local = self._connect()
        futures: dict = {}
        shipped: dict = {}

        def submit() -> bool:
            """Send the next unit to the cluster, if there is one."""
            unit = next(waiting, None)
            if unit is None:
                return False
            home = (unit.project, unit.not_shipped)
            if home not in shipped:
                snapshot = pack(unit.project, unit.not_shipped)
                shipped[home] = client.scatter(snapshot, broadcast=True, hash=False)
            futures[client.submit(_remote, unit, shipped[home], self.limits, pure=False)] = unit
            return True

        try:
            # a few units per worker thread at a time: the scheduler holds no more
            window = max(1, PER_THREAD * sum(client.nthreads().values()))
            while len(futures) < window and submit():
                pass
            running = as_completed(list(futures))
            for future in running:
                unit = futures.pop(future)
                if submit():
                    running.add(next(reversed(futures)))
                yield unit, _outcome(unit, future)
        finally:
            client.cancel(list(futures))
            client.close()
            if local is not None:
                local.close()

    def _connect(self):
        """A client of the scheduler, and the local cluster started for it, if any."""
        from distributed import Client, LocalCluster

        if self.address is None:
            cluster = LocalCluster(
                n_workers=self.cores, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR,
            )  # fmt: skip
            return Client(cluster), cluster
        try:
            return Client(self.address, timeout=CONNECT_SECONDS), None
        except (OSError, TimeoutError, ValueError) as err:
            message = f"cannot reach the Dask scheduler at {self.address} ({err})"
            hint = "start one with `dask scheduler` on that machine, or check the address"
            raise ProblemsFound([Problem("--scheduler", message=message, hint=hint)]) from None


def pack(project: Path, not_shipped: tuple[Path, ...]) -> Snapshot:
    """The project's files, for the workers."""
    files: dict[str, bytes] = {}
    total = 0
    for path in project_files(project, skip=not_shipped):
        data = path.read_bytes()
        total += len(data)
        if total > MAX_SHIPPED:
            message = f"the project folder holds more than {MAX_SHIPPED:,} bytes to send to workers"
            hint = "move what the studies do not need out of the project folder"
            raise ProblemsFound([Problem(str(project), message=message, hint=hint)])
        files[path.relative_to(project).as_posix()] = data
    digest = hashlib.sha256()
    for name, data in files.items():
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return Snapshot(project.name, digest.hexdigest(), files)


def _outcome(unit: Unit, future) -> object:
    """A unit's result, once what it wrote is written here; or why it failed."""
    from distributed import KilledWorker

    try:
        result, files = future.result()
    except ProblemsFound as found:
        return Failed(tuple(found.problems))
    except KilledWorker:
        message = "every worker that took it died (its process or machine stopped)"
        hint = "build again to retry it; check the workers' memory and their logs"
        return Failed((Problem(unit.name, message=message, hint=hint),))
    except CancelledError:
        return Failed((Problem(unit.name, message="the cluster cancelled it"),))
    except Exception as err:
        return Failed((failure(unit.name, err),))
    inside = unit.out.resolve()
    try:
        for name, data in files.items():
            target = unit.out / name
            if not target.resolve().is_relative_to(inside):
                raise ValueError(f"a worker sent a file outside {unit.out}: {name}")
            write_atomically(target, data)
    except OSError as err:
        return Failed((unwritable(unit.out, err),))
    return result


def _remote(unit: Unit, snapshot: Snapshot, limits: Limits) -> tuple[object, dict[str, bytes]]:
    """On a worker: run the unit on the unpacked project, writing in a scratch folder, and
    send back its result and the files it wrote."""
    from distributed import get_worker

    _allow_children()
    space = Path(get_worker().local_directory)
    project = _unpacked(snapshot, space)
    with tempfile.TemporaryDirectory(prefix="studybook-out-", dir=space) as scratch:
        out = Path(scratch) / unit.out.name
        workers = Workers(1, limits).start()
        result, written = unit.run(workers, project, out)
        return result, {name: (out / name).read_bytes() for name in written}


_unpacking = threading.Lock()


def _unpacked(snapshot: Snapshot, space: Path) -> Path:
    """The project, unpacked once per worker into its scratch space."""
    home = space / f"studybook-{snapshot.digest[:20]}"
    project = home / snapshot.name
    with _unpacking:
        if not (home / ".complete").exists():
            for name, data in snapshot.files.items():
                target = project / name
                if ".." in Path(name).parts or Path(name).is_absolute():
                    raise ValueError(f"not a project file's name: {name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            (home / ".complete").touch()
    return project


def _allow_children() -> None:
    """Dask starts its worker processes as daemons, and multiprocessing refuses to start a
    process from a daemon, lest it outlive it. studybook's job processes cannot: each ends
    as soon as the process that started it is gone. So this worker may start them."""
    import multiprocessing

    multiprocessing.current_process()._config["daemon"] = False  # type: ignore[attr-defined]
