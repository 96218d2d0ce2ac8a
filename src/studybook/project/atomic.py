"""Write a file so that readers only ever see the old or the complete new content."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from ..errors import Problem
from .locate import shown

TEMPORARY = ".studybook-tmp"
_HINTS = {
    errno.ENOSPC: "free some disk space and build again",
    errno.EDQUOT: "free some disk space (you are over your quota) and build again",
    errno.EFBIG: "the file is over this system's file-size limit (ulimit -f); raise it",
    errno.EACCES: "choose a folder you can write to, e.g. with --output",
    errno.EPERM: "choose a folder you can write to, e.g. with --output",
    errno.EROFS: "the disk is read-only; choose another folder with --output",
    errno.ENOTDIR: "a file stands where a folder is needed; move it or choose another --output",
    errno.EEXIST: "a file stands where a folder is needed; move it or choose another --output",
    errno.EISDIR: "a folder stands where the file goes; move it or choose another --output",
    errno.ENAMETOOLONG: "use a shorter folder or file name",
}


def write_atomically(target: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside `target`, then rename it into place.

    The file is created like any other program's output: its mode follows the umask.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMPORARY}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def unwritable(path: Path, err: OSError) -> Problem:
    """A problem for a file or folder that could not be written, with what to do."""
    where = shown(Path(err.filename)) if err.filename else shown(path)
    reason = err.strerror or str(err) or type(err).__name__
    hint = _HINTS.get(err.errno or 0, "check the output folder, or choose another with --output")
    return Problem(where, message=f"cannot write here ({reason})", hint=hint)
