"""Run each render job in a process of its own, under CPU, memory and wall-clock limits.

Processes fork from a server that has imported WeasyPrint once (multiprocessing's forkserver
with preload), started in the background while the parent validates. Every job gets a fresh
process: its limits are its own, its memory is returned when it ends, and killing it harms
no other job. A job process dies with the build that started it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..errors import Problem, ProblemsFound

if TYPE_CHECKING:  # multiprocessing is imported when workers start, not with the CLI
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from types import FrameType

R = TypeVar("R")
PRELOAD = ["studybook.typeset.warmup"]  # what the fork server imports once (typeset/warmup.py)
MEGABYTE = 1024 * 1024


class Task(Protocol[R]):
    """A job a worker can run: it names itself in problems."""

    def run(self) -> R: ...

    @property
    def name(self) -> str: ...

    @property
    def reads(self) -> tuple[Path, ...]: ...

    @property
    def writes(self) -> tuple[Path, ...]: ...


@dataclass(frozen=True)
class Limits:
    """What one render job may use before it is stopped."""

    cpu_seconds: int = 120
    memory_mb: int = 2048
    clock_seconds: float | None = None

    @property
    def wall_seconds(self) -> float:
        """Time on the clock: as given, or the CPU time twice over (for a busy machine) and
        a margin."""
        return self.clock_seconds or 2 * self.cpu_seconds + 30


class _OutOfTime(BaseException):
    """Raised in a job when its CPU time runs out (SIGXCPU); like KeyboardInterrupt, not an
    Exception, so that no library's `except Exception` can swallow it."""


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Workers:
    """Run jobs on up to `count` processes at once (default: every core).

    `start` launches the fork server, which imports WeasyPrint while the parent loads and
    validates the project.
    """

    def __init__(self, count: int | None = None, limits: Limits | None = None) -> None:
        self.count = count or available_cores()
        self.limits = limits or Limits()
        self.umask = 0o022
        self.stopped = threading.Event()
        self._processes: set[BaseProcess] = set()  # of every map, which may run in threads
        import multiprocessing

        self.context = multiprocessing.get_context("forkserver")

    def start(self) -> Workers:
        """Start the fork server, which then imports WeasyPrint while this process goes on;
        the first job waits for it if need be. Ctrl-C is this process's to handle, so the
        server starts with it ignored (a terminal sends it to every process)."""
        from ..resources import use_only_bundled_fonts

        use_only_bundled_fonts()  # the fork server and every job inherit it
        self.umask = os.umask(0o022)  # reading the umask means setting it: put it back
        os.umask(self.umask)
        self.context.set_forkserver_preload(PRELOAD)
        from multiprocessing import forkserver

        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
        try:
            forkserver.ensure_running()
        finally:
            if in_main:
                signal.signal(signal.SIGINT, previous)
        return self

    def map(self, jobs: Iterable[Task[R]]) -> Iterator[tuple[Task[R], R]]:
        """Each job with its result, as they finish. Every job runs even if another fails;
        then the problems of all failures are raised together."""
        from multiprocessing.connection import wait

        waiting = iter(jobs)
        running: dict[object, _Running] = {}
        problems: list[Problem] = []
        try:
            while True:
                while len(running) < self.count and (job := next(waiting, None)) is not None:
                    if self.stopped.is_set():
                        raise ProblemsFound([Problem(job.name, message="stopped unstarted")])
                    started = self._start(job)
                    running[started.process.sentinel] = started
                if not running:
                    break
                deadline = min(r.deadline for r in running.values())
                ready = wait(list(running), timeout=max(0.0, deadline - time.monotonic()))
                now = time.monotonic()
                for key in list(running):
                    item = running[key]
                    if key in ready or now >= item.deadline:
                        del running[key]
                        self._processes.discard(item.process)
                        result, failures = item.finish(self.limits, timed_out=key not in ready)
                        if failures and self.stopped.is_set():
                            failures = [Problem(item.job.name, message="stopped unfinished")]
                        problems += failures
                        if not failures:
                            yield item.job, result
        finally:
            for item in running.values():
                item.process.kill()
                item.process.join()
                self._processes.discard(item.process)
        if problems:
            raise ProblemsFound(problems)

    def stop(self) -> None:
        """Stop every job of every map now (from another thread): their maps end with a
        problem for each, and start no more."""
        self.stopped.set()
        for process in list(self._processes):
            process.kill()

    def _start(self, job: Task[R]) -> _Running:
        receive, send = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_child, args=(job, send, self.limits, self.umask), name=job.name, daemon=True
        )
        process.start()
        self._processes.add(process)
        send.close()
        return _Running(job, process, receive, time.monotonic() + self.limits.wall_seconds)


@dataclass
class _Running:
    job: Task
    process: BaseProcess
    results: Connection
    deadline: float

    def finish(self, limits: Limits, *, timed_out: bool) -> tuple[object, list[Problem]]:
        """The job's result, or the problems that say why there is none."""
        outcome = None
        if timed_out:
            self.process.kill()
        elif self.results.poll():
            try:
                outcome = self.results.recv()
            except (EOFError, OSError):
                outcome = None
        self.process.join()
        self.results.close()
        if outcome is not None and outcome[0] == "ok":
            return outcome[1], []
        if outcome is not None and outcome[0] == "problems":
            return None, outcome[1]
        what = outcome[1] if outcome is not None else None
        return None, [self._stopped(what, limits, timed_out)]

    def _stopped(self, what: str | None, limits: Limits, timed_out: bool) -> Problem:
        name = self.job.name
        if timed_out:
            message = f"writing {name} took longer than {limits.wall_seconds:g} s and was stopped"
            return Problem(name, message=message, hint=_TIME_HINT)
        if what == "cpu" or self.process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            message = f"writing {name} used more than {limits.cpu_seconds} s of CPU time"
            return Problem(name, message=message, hint=_TIME_HINT)
        if what == "memory":
            message = f"writing {name} needed more than {limits.memory_mb} MB of memory"
            return Problem(name, message=message, hint=_MEMORY_HINT)
        if self.process.exitcode in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            message = (
                f"writing {name} crashed, most likely for want of memory "
                f"(it may use {limits.memory_mb} MB)"
            )
            return Problem(name, message=message, hint=_MEMORY_HINT)
        message = f"writing {name} failed: {what or f'exit status {self.process.exitcode}'}"
        return Problem(name, message=message, hint="please report this to studybook's authors")


_TIME_HINT = (
    "make the study or its layouts do less (fewer pages, simpler loops), "
    "or allow more with --time-limit SECONDS"
)
_MEMORY_HINT = (
    "make the study or its layouts smaller (fewer pages, smaller images), "
    "or allow more with --memory-limit MB"
)


def _child(job: Task[R], results: Connection, limits: Limits, umask: int) -> None:
    """Run one job in this fresh process under its limits and jail, and send back what came
    of it. Temporary files (WeasyPrint's copies of fonts) go in a folder of the job's own.
    Files are made with the build's umask (the fork server may be older than the build).
    Ctrl-C is the parent's to handle: it stops every job."""
    import tempfile

    from .jail import confine

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.umask(umask)
    _die_with_build(results)
    _limit(limits)
    with tempfile.TemporaryDirectory(prefix="studybook-") as scratch:
        tempfile.tempdir = scratch
        confine(job.reads, (*job.writes, Path(scratch)))
        try:
            outcome: tuple[str, object] = ("ok", job.run())
        except ProblemsFound as found:
            outcome = ("problems", found.problems)
        except _OutOfTime:
            outcome = ("failed", "cpu")
        except MemoryError:
            outcome = ("failed", "memory")
        except Exception as err:  # a bug, or a refusal of the jail: one line, no traceback
            outcome = ("failed", f"{type(err).__name__}: {err}")
        try:
            results.send(outcome)
        except MemoryError:
            results.send(("failed", "memory"))


def _die_with_build(results: Connection) -> None:
    """End this process as soon as the build that started it is gone, even if it was killed
    outright: its end of the results pipe then closes, which poll() reports on this end."""
    import select

    def watch() -> None:
        poller = select.poll()
        poller.register(results.fileno(), select.POLLERR)
        poller.poll()
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _limit(limits: Limits) -> None:
    """CPU time (SIGXCPU, then SIGKILL a little later) and address space for this process."""
    import resource

    def out_of_time(signum: int, frame: FrameType | None) -> None:
        raise _OutOfTime

    signal.signal(signal.SIGXCPU, out_of_time)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    memory = _address_space() + limits.memory_mb * MEGABYTE
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _address_space() -> int:
    """This process's current virtual memory size, in bytes."""
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
