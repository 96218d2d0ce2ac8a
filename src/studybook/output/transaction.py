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
import errno
import fcntl
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..project import TEMPORARY, read_own, shown, unwritable, write_atomically
from . import cache

LOCK = ".studybook.lock"
JOURNAL = ".studybook-commit.json"
STAGED = ".studybook-staged"
_DEPTH = 4  # output/<batch folder>/.studybook-parts/<document>/<file>
MAX_JOURNAL = 10_000_000  # bytes
# The lock is opened only as a regular file, never through a link, never waiting on a pipe.
_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def staged(path: Path) -> Path:
    """Where a build writes a file first; it is moved into place once all have succeeded."""
    return path.with_name(f".{path.name}{STAGED}")


@contextmanager
def locked(base: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the output folder's lock, calling `waiting` first if another build holds it;
    then finish or clear whatever an interrupted build left."""
    lock = base / LOCK
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, _LOCK_FLAGS, 0o666)
    except OSError as err:
        if err.errno != errno.ELOOP:
            raise ProblemsFound([unwritable(base, err)]) from None
        fd = None
    if fd is None or not stat.S_ISREG(os.fstat(fd).st_mode):
        if fd is not None:
            os.close(fd)
        message = "this is a link, a pipe or a device, not studybook's lock file"
        raise ProblemsFound([Problem(shown(lock), message=message, hint="delete it")])
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


def check_inside(base: Path, folders: Iterable[Path]) -> None:
    """Refuse to write in a folder under `base` that leads out of it through a link (a
    project someone sent may hold one): nothing is written, moved or deleted there."""
    inside = base.resolve()
    for folder in sorted(set(folders)):
        if not folder.resolve().is_relative_to(inside):
            message = f"this folder leads out of the output folder, to {folder.resolve()}"
            hint = "remove the link, or choose another folder with --output"
            raise ProblemsFound([Problem(shown(folder), message=message, hint=hint)])


def _finish(base: Path, journal: dict) -> None:
    """Move the journal's staged files into place, in order (only regular files, and only
    within the output folder). Files are only ever moved in that order, so if the ones
    still staged are exactly the last ones, every earlier one was moved and the set is
    complete: only then is it remembered as up to date."""
    inside = base.resolve()
    finals = [
        base / name
        for name in journal["files"]
        if isinstance(name, str) and (base / name).parent.resolve().is_relative_to(inside)
    ]
    waiting = [_regular(staged(path)) for path in finals]
    for path, still_staged in zip(finals, waiting, strict=True):
        if still_staged:
            os.replace(staged(path), path)
    if waiting == sorted(waiting) and len(finals) == len(journal["files"]):
        cache.remember(base, str(journal.get("key")), finals)
    (base / JOURNAL).unlink()


def _recover(base: Path) -> None:
    """Complete a build that was interrupted while moving its files (in the output folder,
    or in a roster's church folder, which commits on its own), then clear leftovers (in
    the output folder's own folders: a link to a folder elsewhere is never followed)."""
    folders = [
        base,
        *sorted(Path(e.path) for e in os.scandir(base) if e.is_dir(follow_symlinks=False)),
    ]
    for folder in folders:
        try:
            journal = json.loads(read_own(folder / JOURNAL, MAX_JOURNAL) or b"")
        except ValueError:
            journal = None
        if isinstance(journal, dict) and isinstance(journal.get("files"), list):
            _finish(folder, journal)
        (folder / JOURNAL).unlink(missing_ok=True)
    for folder, dirs, names in os.walk(base):
        if len(Path(folder).relative_to(base).parts) + 1 >= _DEPTH:
            dirs.clear()
        for name in names:
            if name.startswith(".") and name.endswith((STAGED, TEMPORARY)):
                (Path(folder) / name).unlink(missing_ok=True)


def _regular(path: Path) -> bool:
    """Whether a path is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
