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
from collections.abc import Callable, Iterable, Iterator
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
TICK = 0.2  # seconds between looks at whether the jobs are to stop
FROM_OUTSIDE = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)  # a job's end nobody here sent


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


class Stopped(ProblemsFound):
    """The jobs were stopped before they finished: the build was told to stop
    (`Workers.stop`), or its processes were ended from outside (a service manager stopping
    everything, say). Not a failure of any job."""


class _OutOfTime(BaseException):
    """Raised in a job when its CPU time runs out (SIGXCPU); like KeyboardInterrupt, not an
    Exception, so that no library's `except Exception` can swallow it."""


def report(news: object) -> None:
    """Tell the build how the job in this process is getting on (see `Workers.map`); outside
    a job's process, nothing."""
    if _to_build is not None:
        _to_build.send(("news", news))


_to_build: Connection | None = None  # the results pipe, in a job's own process


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
        self._stopping = threading.Event()
        import multiprocessing

        self.context = multiprocessing.get_context("forkserver")

    def stop(self) -> None:
        """Stop the jobs running now (their `map` raises Stopped), and any started later."""
        self._stopping.set()

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

    def map(
        self, jobs: Iterable[Task[R]], news: Callable[[Task[R], object], None] | None = None
    ) -> Iterator[tuple[Task[R], R]]:
        """Each job with its result, as they finish. Every job runs even if another fails;
        then the problems of all failures are raised together. What a job `report`s on the
        way is given to `news` with the job, as it comes."""
        from multiprocessing.connection import wait

        waiting = iter(jobs)
        running: dict[object, _Running] = {}
        problems: list[Problem] = []
        try:
            while True:
                while len(running) < self.count and (job := next(waiting, None)) is not None:
                    started = self._start(job)
                    running[started.process.sentinel] = started
                if not running:
                    break
                deadline = min(r.deadline for r in running.values())
                pipes = [r.results for r in running.values() if r.open]
                left = min(TICK, max(0.0, deadline - time.monotonic()))
                ready = wait([*running, *pipes], timeout=left)
                if self._stopping.is_set():
                    message = "stopped before its files were written"
                    raise Stopped([Problem("studybook", message=message, hint=_AGAIN)])
                for item in running.values():
                    if item.results in ready:
                        item.read(news)
                now = time.monotonic()
                for key in list(running):
                    item = running[key]
                    if key in ready or now >= item.deadline:
                        del running[key]
                        timed_out = key not in ready
                        result, failures = item.finish(self.limits, news, timed_out=timed_out)
                        problems += failures
                        if not failures:
                            yield item.job, result
        finally:
            for item in running.values():
                item.process.kill()
                item.process.join()
        if problems:
            raise ProblemsFound(problems)

    def _start(self, job: Task[R]) -> _Running:
        if self._stopping.is_set():
            message = "stopped before its files were written"
            raise Stopped([Problem("studybook", message=message, hint=_AGAIN)])
        receive, send = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_child, args=(job, send, self.limits, self.umask), name=job.name, daemon=True
        )
        try:
            process.start()
        except (EOFError, ConnectionError, FileNotFoundError):  # the fork server was ended
            receive.close()
            message = "the process that starts the render jobs was ended from outside"
            raise Stopped([Problem("studybook", message=message, hint=_AGAIN)]) from None
        finally:
            send.close()
        return _Running(job, process, receive, time.monotonic() + self.limits.wall_seconds)


@dataclass
class _Running:
    job: Task
    process: BaseProcess
    results: Connection
    deadline: float
    outcome: tuple[str, object] | None = None
    open: bool = True  # whether the job may still send something

    def read(self, news: Callable[[Task, object], None] | None) -> None:
        """Take what the job has sent so far: news on the way, then its outcome."""
        while self.open and self.results.poll():
            try:
                message = self.results.recv()
            except (EOFError, OSError):
                self.open = False
                return
            if message[0] != "news":
                self.outcome = message
            elif news is not None:
                news(self.job, message[1])

    def finish(
        self, limits: Limits, news: Callable[[Task, object], None] | None, *, timed_out: bool
    ) -> tuple[object, list[Problem]]:
        """The job's result, or the problems that say why there is none."""
        if timed_out:
            self.process.kill()
        else:
            self.read(news)
        outcome = self.outcome
        self.process.join()
        self.results.close()
        if not timed_out and outcome is None and -(self.process.exitcode or 0) in FROM_OUTSIDE:
            name = signal.Signals(-self.process.exitcode).name
            message = f"writing {self.job.name} was stopped from outside ({name})"
            raise Stopped([Problem(self.job.name, message=message, hint=_AGAIN)])
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


_AGAIN = "run the command again"
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

    global _to_build

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.umask(umask)
    _to_build = results
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
