"""Read a project's own files: regular files inside the project, bounded, never blocking.

Everything a stranger's project names (studies, settings, layouts, stylesheets, images) is
read through here, so a link or hard link to a file elsewhere, a pipe, a device or a huge
file is refused with a reason instead of being read, waited on forever, or loaded whole.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW | os.O_CLOEXEC


class Unreadable(Exception):
    """A project file that cannot be used, with what is wrong and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_inside(path: Path, project: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes inside `project`."""
    real = path.resolve()
    if not real.is_relative_to(project.resolve()):
        raise Unreadable(
            "links to a file outside the project", "copy the file into the project instead"
        )
    return _read_regular(real, limit)


def read_own(path: Path, limit: int) -> bytes | None:
    """The bytes of one of studybook's own files (a journal, a cache's record), or None
    unless it is a regular file of at most `limit` bytes reached without a link: what a
    project someone sent may have put in its place is never followed, waited on or trusted."""
    try:
        return _read_regular(path, limit)
    except Unreadable:
        return None


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file with one name, opened without following a link or
    waiting on a pipe."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise Unreadable("file not found", "check the name and folder") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise Unreadable("this is a link", "replace it with the file itself") from None
        message = f"cannot read the file ({err.strerror})"
        raise Unreadable(message, "check its permissions") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        raise _irregular(info)
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        size = max(info.st_size, len(data))
        raise Unreadable(
            f"the file is {size:,} bytes, more than the {limit:,} allowed",
            "make it smaller, or split it",
        )
    return data


def _irregular(info: os.stat_result) -> Unreadable:
    """Why a file that is not a regular file with one name cannot be used."""
    if stat.S_ISDIR(info.st_mode):
        return Unreadable("this is a folder, not a file", "name a regular file")
    if not stat.S_ISREG(info.st_mode):
        return Unreadable("this is a pipe, socket or device, not a file", "name a regular file")
    return Unreadable(
        "this file is a hard link (it has another name, perhaps outside the project)",
        "replace it with a copy of the file",
    )


def fingerprint(path: Path) -> str | None:
    """What shows that one of studybook's own files is the very file a build wrote and
    recorded: its content's digest, and its inode and change time, which no copy, no
    unpacked archive and no project someone sent can reproduce. None unless it is a regular
    file reached without a link."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return f"{digest}:{info.st_dev}:{info.st_ino}:{info.st_ctime_ns}"


def file_digest(path: Path) -> bytes:
    """A file's content digest; for big files (over 1 MB) its size and time stamp instead;
    anything but a regular file (a pipe, say) is "unreadable", and never waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError:
        return b"unreadable"
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b"unreadable"
        if info.st_size > 1_000_000:
            return f"{info.st_size}:{info.st_mtime_ns}".encode()
        return hashlib.sha256(stream.read(1_000_001)).digest()


def project_files(root: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Regular files under root, in a stable order; links, hidden files and `skip` (files or
    folders: the output, a roster) left out.

    Links are left out because the build refuses anything reached through one that leads
    out of the project, and reading their targets here would read outside it.
    """
    left_out = {path.resolve() for path in skip}
    files_left_out = {path for path in left_out if path.is_file()}
    found = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d != "__pycache__" and (here / d).resolve() not in left_out
        )  # fmt: skip
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            if not files_left_out or path.resolve() not in files_left_out:
                found.append(path)
    return found
