"""Render jobs run in processes of their own: jailed, limited, and reported in one line each.

These tasks stand in for a layout or a library that escaped every check before the jail:
each runs in a real worker process, forked from the real fork server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from studybook.errors import ProblemsFound
from studybook.jobs.workers import Limits, Workers


@dataclass(frozen=True)
class Task:
    """A job that does one thing, inside `folder` (which it may read and write)."""

    action: str
    folder: Path

    @property
    def name(self) -> str:
        return f"task {self.action}"

    @property
    def activity(self) -> str:
        return f"writing {self.name}"

    @property
    def reads(self) -> tuple[Path, ...]:
        return (self.folder,)

    @property
    def writes(self) -> tuple[Path, ...]:
        return (self.folder / "out",)

    def run(self) -> str:
        return getattr(self, self.action)()

    def fine(self) -> str:
        (self.folder / "out").mkdir(exist_ok=True)
        (self.folder / "out" / "result.txt").write_text("written")
        return (self.folder / "in.txt").read_text()

    def read_outside(self) -> str:
        return Path("/etc/hostname").read_text()

    def write_outside(self) -> str:
        (self.folder / "escaped.txt").write_text("escaped")
        return "wrote"

    def network(self) -> str:
        socket.create_connection(("127.0.0.1", 9))
        return "connected"

    def run_program(self) -> str:
        return subprocess.run(["id"], capture_output=True, text=True).stdout

    def spin(self) -> str:
        while True:
            pass

    def hoard(self) -> str:
        hoard = []
        while True:
            hoard.append(bytearray(10_000_000))

    def sleep(self) -> str:
        import time

        time.sleep(60)
        return "slept"

    def crash(self) -> str:
        os.abort()

    def replace_link(self) -> str:
        """Replace, then remove, a link in the job's folder that leads out of it: both act
        on the link, never on what it leads to."""
        out = self.folder / "out"
        (out / "new").write_text("new")
        os.replace(out / "new", out / "link")
        (out / "gone").unlink()
        return (out / "link").read_text()

    def big(self) -> str:
        return "x" * 20_000_000  # far more than a pipe holds before its reader reads


def outcome(tmp_path: Path, action: str, limits: Limits | None = None) -> str:
    """What running one task gives: its result, or its one-line problem."""
    (tmp_path / "in.txt").write_text("read")
    workers = Workers(1, limits or Limits(cpu_seconds=5, memory_mb=512)).start()
    try:
        return "\n".join(str(result) for _, result in workers.map([Task(action, tmp_path)]))
    except ProblemsFound as found:
        return "\n".join(str(p) for p in found.problems)


def test_a_job_reads_and_writes_where_it_may(tmp_path: Path) -> None:
    assert outcome(tmp_path, "fine") == "read"
    assert (tmp_path / "out" / "result.txt").read_text() == "written"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("read_outside", "studybook's sandbox refused to read /etc/hostname"),
        ("write_outside", "studybook's sandbox refused to write"),
        ("network", "studybook's sandbox refused socket."),
        ("run_program", "studybook's sandbox refused subprocess.Popen"),
    ],
)
def test_the_jail_refuses_what_a_job_never_needs(tmp_path: Path, action: str, message: str) -> None:
    result = outcome(tmp_path, action)
    assert result.startswith(f"task {action}: writing task {action} failed: Refused: ")
    assert message in result
    assert not (tmp_path / "escaped.txt").exists()


def test_cpu_time_is_limited(tmp_path: Path) -> None:
    result = outcome(tmp_path, "spin", Limits(cpu_seconds=1, memory_mb=512))
    assert result == (
        "task spin: writing task spin used more than 1 s of CPU time — make the study or "
        "its layouts do less (fewer pages, simpler loops), or allow more with --time-limit "
        "SECONDS"
    )


def test_memory_is_limited(tmp_path: Path) -> None:
    result = outcome(tmp_path, "hoard", Limits(cpu_seconds=30, memory_mb=300))
    assert result.startswith("task hoard: writing task hoard needed more than 300 MB of memory")
    assert "--memory-limit MB" in result


def test_time_on_the_clock_is_limited(tmp_path: Path) -> None:
    result = outcome(tmp_path, "sleep", Limits(cpu_seconds=5, clock_seconds=1))
    assert result.startswith("task sleep: writing task sleep took longer than 1 s and was stopped")


def test_a_crash_is_one_line(tmp_path: Path) -> None:
    result = outcome(tmp_path, "crash")
    assert result.startswith("task crash: writing task crash crashed, most likely for want of")


def test_every_failure_is_reported_and_the_rest_still_run(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("read")
    tasks = [Task(action, tmp_path) for action in ("read_outside", "fine", "network")]
    workers = Workers(2, Limits(cpu_seconds=5)).start()
    done = []
    with pytest.raises(ProblemsFound) as raised:
        for _, result in workers.map(tasks):
            done.append(result)
    assert done == ["read"]
    assert [p.file for p in raised.value.problems] == ["task network", "task read_outside"]


def test_a_link_in_the_job_s_folder_can_be_replaced_but_not_followed(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "kept.txt").write_text("kept")
    for name in ("link", "gone"):
        (tmp_path / "out" / name).symlink_to(tmp_path / "kept.txt")
    assert outcome(tmp_path, "replace_link") == "new"
    assert (tmp_path / "kept.txt").read_text() == "kept"
    assert not (tmp_path / "out" / "gone").exists()


def test_a_large_result_comes_back(tmp_path: Path) -> None:
    assert outcome(tmp_path, "big") == "x" * 20_000_000


@pytest.mark.parametrize("action", ["fine", "big", "spin", "read_outside"])
def test_one_job_forked_from_here_runs_like_the_rest(tmp_path: Path, action: str) -> None:
    """`run`: the job that checks a project forks from the command itself, under the same
    limits and jail."""
    (tmp_path / "in.txt").write_text("read")
    workers = Workers(1, Limits(cpu_seconds=1, memory_mb=512))
    try:
        result = workers.run(Task(action, tmp_path))
    except ProblemsFound as found:
        result = "\n".join(str(p) for p in found.problems)
    expected = {
        "fine": "read",
        "big": "x" * 20_000_000,
        "spin": "task spin: writing task spin used more than 1 s of CPU time",
        "read_outside": "task read_outside: writing task read_outside failed: Refused: ",
    }[action]
    assert result.startswith(expected)


def test_limits_are_lowered_to_the_shell_s(tmp_path: Path) -> None:
    script = (
        "import resource; from studybook.jobs import Limits; "
        "resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20)); "
        "resource.setrlimit(resource.RLIMIT_CPU, (50, 50)); "
        "print(Limits(120, 2048).fitted())"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert found.stdout.strip() == (
        "(Limits(cpu_seconds=50, memory_mb=600, clock_seconds=None), ['using at most 600 MB of "
        "memory per process, not 2,048 MB: the shell allows no more (ulimit -v)', 'using at "
        "most 50 s of CPU time per process, not 120 s: the shell allows no more (ulimit -t)'])"
    )
