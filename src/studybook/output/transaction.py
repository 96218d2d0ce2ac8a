"""Put a build's PDFs in place all together, or not at all, one build at a time.

Jobs write every file to a staged name beside its final place. Once all have succeeded, a
journal listing the moves is written, the files are moved into place, the cache remembers
them and the journal goes. A build that dies part way through leaves a journal: the next
build completes its moves before doing anything else, and removes any staged or temporary
files dead builds left behind. A lock in the output folder makes builds of one output
folder take turns.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ProblemsFound
from ..project import TEMPORARY, unwritable, write_atomically
from . import cache

LOCK = ".studybook.lock"
JOURNAL = ".studybook-commit.json"
STAGED = ".studybook-staged"
_DEPTH = 4  # output/<batch folder>/.studybook-parts/<document>/<file>


def staged(path: Path) -> Path:
    """Where a build writes a file first; it is moved into place once all have succeeded."""
    return path.with_name(f".{path.name}{STAGED}")


@contextmanager
def locked(base: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the output folder's lock, calling `waiting` first if another build holds it;
    then finish or clear whatever an interrupted build left."""
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(base / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as err:
        raise ProblemsFound([unwritable(base, err)]) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            _recover(base)
        except OSError as err:
            raise ProblemsFound([unwritable(base, err)]) from None
        yield
    finally:
        os.close(fd)


def commit(base: Path, key: str, outputs: list[Path]) -> None:
    """Move every staged output into place and remember the build (under the lock)."""
    journal = {"key": key, "files": [str(p.relative_to(base)) for p in outputs]}
    try:
        cache.forget(base)
        write_atomically(base / JOURNAL, json.dumps(journal).encode())
    except OSError as err:
        discard(outputs)
        raise ProblemsFound([unwritable(base / JOURNAL, err)]) from None
    try:
        _finish(base, journal)
    except OSError as err:  # the next build completes what the journal lists
        raise ProblemsFound([unwritable(base, err)]) from None


def discard(outputs: list[Path]) -> None:
    """Remove the staged files of a build that failed."""
    for path in outputs:
        with contextlib.suppress(OSError):  # e.g. its folder could not be made
            staged(path).unlink(missing_ok=True)


def _finish(base: Path, journal: dict) -> None:
    """Move the journal's staged files into place, in order. Files are only ever moved in
    that order, so if the ones still staged are exactly the last ones, every earlier one was
    moved and the set is complete: only then is it remembered as up to date."""
    inside = base.resolve()
    finals = [
        base / name
        for name in journal["files"]
        if isinstance(name, str) and (base / name).resolve().is_relative_to(inside)
    ]
    waiting = [staged(path).exists() for path in finals]
    for path, still_staged in zip(finals, waiting, strict=True):
        if still_staged:
            os.replace(staged(path), path)
    if waiting == sorted(waiting) and len(finals) == len(journal["files"]):
        cache.remember(base, str(journal.get("key")), finals)
    (base / JOURNAL).unlink()


def _recover(base: Path) -> None:
    """Complete a build that was interrupted while moving its files (in the output folder,
    or in a roster's church folder, which commits on its own), then clear leftovers."""
    for journal_path in (base / JOURNAL, *sorted(base.glob(f"*/{JOURNAL}"))):
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = None
        if isinstance(journal, dict) and isinstance(journal.get("files"), list):
            _finish(journal_path.parent, journal)
        journal_path.unlink(missing_ok=True)
    for depth in range(_DEPTH):
        for pattern in (f".*{STAGED}", f".*{TEMPORARY}"):
            for leftover in base.glob("*/" * depth + pattern):
                leftover.unlink(missing_ok=True)
