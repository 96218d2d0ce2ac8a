"""Run each job in a process of its own, under CPU, memory and wall-clock limits.

Render jobs fork from a server that has imported WeasyPrint once (multiprocessing's
forkserver with preload), started in the background while the project is checked; the
check itself forks from the command, which has imported what it needs. Every job gets a
fresh process: its limits are its own, its memory is returned when it ends, and killing it
harms no other job. A job process dies with the build that started it. The command itself
reads no file of the project's but to know whether it changed: whatever a stranger's
project can make expensive happens in a job.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..errors import Problem, ProblemsFound

if TYPE_CHECKING:  # multiprocessing is imported when workers start, not with the CLI
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess
    from types import FrameType

R = TypeVar("R")
PRELOAD = ["studybook.typeset.warmup"]  # what the fork server imports once (typeset/warmup.py)
MEGABYTE = 1024 * 1024
TICK = 0.2  # seconds between looks at whether the jobs are to stop
FROM_OUTSIDE = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)  # a job's end nobody here sent


class Task(Protocol[R]):
    """A job a worker can run: it names itself in problems (`name`, the file they are
    about, and `activity`, what it does: "writing output/…pdf")."""

    def run(self) -> R: ...

    @property
    def name(self) -> str: ...

    @property
    def activity(self) -> str: ...

    @property
    def reads(self) -> tuple[Path, ...]: ...

    @property
    def writes(self) -> tuple[Path, ...]: ...


@dataclass(frozen=True)
class Limits:
    """What one job may use before it is stopped."""

    cpu_seconds: int = 120
    memory_mb: int = 2048
    clock_seconds: float | None = None

    @property
    def wall_seconds(self) -> float:
        """Time on the clock: as given, or the CPU time twice over (for a busy machine) and
        a margin."""
        return self.clock_seconds or 2 * self.cpu_seconds + 30

    def fitted(self) -> tuple[Limits, list[str]]:
        """These limits, lowered where this process may use less (the shell's `ulimit -v`
        and `ulimit -t`, which every job inherits), and a note for each one lowered."""
        import resource

        limits, notes = self, []
        memory = resource.getrlimit(resource.RLIMIT_AS)[1]
        if memory != resource.RLIM_INFINITY and memory < self.memory_mb * MEGABYTE:
            limits = replace(limits, memory_mb=memory // MEGABYTE)
            notes.append(
                f"using at most {limits.memory_mb:,} MB of memory per process, not "
                f"{self.memory_mb:,} MB: the shell allows no more (ulimit -v)"
            )
        cpu = resource.getrlimit(resource.RLIMIT_CPU)[1]
        if cpu != resource.RLIM_INFINITY and cpu < self.cpu_seconds:
            limits = replace(limits, cpu_seconds=max(1, cpu))
            notes.append(
                f"using at most {limits.cpu_seconds:,} s of CPU time per process, not "
                f"{self.cpu_seconds:,} s: the shell allows no more (ulimit -t)"
            )
        return limits, notes


class Stopped(ProblemsFound):
    """The jobs were stopped before they finished: the build was told to stop
    (`Workers.stop`), or its processes were ended from outside (a service manager stopping
    everything, say). Not a failure of any job."""


class OutOfTime(BaseException):
    """Raised in a job when its CPU time runs out (SIGXCPU); like KeyboardInterrupt, not an
    Exception, so that no library's `except Exception` can swallow it. What a job runs may
    catch it to say where the time went (it has five more seconds before it is killed)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"more than {seconds} s of CPU time")
        self.seconds = seconds


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


def _alone() -> bool:
    """Whether this process runs no other thread, so that a job may be forked from it."""
    return threading.active_count() == 1


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
        self._processes: set[BaseProcess] = set()  # of every map, which may run in threads
        import multiprocessing

        self.context = multiprocessing.get_context("forkserver")

    def stop(self) -> None:
        """Stop the jobs running now, of every map (from any thread): they are ended at
        once, their maps raise Stopped, and no more start."""
        self._stopping.set()
        for process in list(self._processes):
            process.kill()

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
        return self._map(jobs, self.context, news)

    def run(self, job: Task[R]) -> R:
        """One job's result (or its problems, raised), in a process forked from this one if
        it runs no other thread (it has everything imported already), else from the server."""
        import multiprocessing

        context = multiprocessing.get_context("fork") if _alone() else self.context
        [(_, result)] = self._map([job], context)
        return result

    def _map(
        self,
        jobs: Iterable[Task[R]],
        context: BaseContext,
        news: Callable[[Task[R], object], None] | None = None,
    ) -> Iterator[tuple[Task[R], R]]:
        """`map`, in processes of `context`. What a job sends is read as it comes (its news,
        and its result however large), so no job waits on a full pipe."""
        from multiprocessing.connection import wait

        waiting = iter(jobs)
        running: dict[object, _Running] = {}
        problems: list[Problem] = []
        try:
            while True:
                while len(running) < self.count and (job := next(waiting, None)) is not None:
                    started = self._start(job, context)
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
                        self._processes.discard(item.process)
                        timed_out = key not in ready
                        result, failures = item.finish(self.limits, news, timed_out=timed_out)
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

    def _start(self, job: Task[R], context: BaseContext) -> _Running:
        if self._stopping.is_set():
            message = "stopped before its files were written"
            raise Stopped([Problem("studybook", message=message, hint=_AGAIN)])
        receive, send = context.Pipe(duplex=False)
        forked = context.get_start_method() == "fork"  # the job has this end too: it closes it
        process = context.Process(
            target=_child,
            args=(job, send, receive if forked else None, self.limits, self.umask, os.getcwd()),
            name=job.name,
            daemon=True,
        )
        try:
            process.start()
            self._processes.add(process)
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
        name, doing = self.job.name, self.job.activity
        if timed_out:
            message = f"{doing} took longer than {limits.wall_seconds:g} s and was stopped"
            return Problem(name, message=message, hint=_TIME_HINT)
        if what == "cpu" or self.process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            message = f"{doing} used more than {limits.cpu_seconds} s of CPU time"
            return Problem(name, message=message, hint=_TIME_HINT)
        if what == "memory":
            message = f"{doing} needed more than {limits.memory_mb} MB of memory"
            return Problem(name, message=message, hint=_MEMORY_HINT)
        if self.process.exitcode in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            message = (
                f"{doing} crashed, most likely for want of memory "
                f"(it may use {limits.memory_mb} MB)"
            )
            return Problem(name, message=message, hint=_MEMORY_HINT)
        message = f"{doing} failed: {what or f'exit status {self.process.exitcode}'}"
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


def _child(
    job: Task[R],
    results: Connection,
    inherited: Connection | None,
    limits: Limits,
    umask: int,
    folder: str,
) -> None:
    """Run one job in this fresh process under its limits and jail, and send back what came
    of it. Temporary files (WeasyPrint's copies of fonts) go in a folder of the job's own.
    Files are made with the build's umask, and paths are relative to the build's current
    folder (the fork server may be older than the build, and started elsewhere).
    Ctrl-C is the parent's to handle: it stops every job. A job forked straight from the
    build closes the build's end of its pipe (`inherited`), so that it knows when the build
    is gone."""
    import tempfile

    from .jail import confine

    global _to_build

    if inherited is not None:
        inherited.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.umask(umask)
    os.chdir(folder)
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
        except OutOfTime:
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
        raise OutOfTime(limits.cpu_seconds)

    signal.signal(signal.SIGXCPU, out_of_time)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, _within(resource.RLIMIT_CPU, cpu, cpu + 5))
    memory = _address_space() + limits.memory_mb * MEGABYTE
    resource.setrlimit(resource.RLIMIT_AS, _within(resource.RLIMIT_AS, memory, memory))


def _within(which: int, soft: int, hard: int) -> tuple[int, int]:
    """Soft and hard limits no higher than the hard limit this process has (a process
    may lower its hard limits, never raise them)."""
    import resource

    ceiling = resource.getrlimit(which)[1]
    if ceiling != resource.RLIM_INFINITY:
        hard = min(hard, ceiling)
    return min(soft, hard), hard


def _address_space() -> int:
    """This process's current virtual memory size, in bytes."""
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
