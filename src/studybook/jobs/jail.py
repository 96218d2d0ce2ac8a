"""Confine a render job's process: no network, no new programs, files only where allowed.

The sandboxed layouts and the jailed fetcher already keep a project from reaching anything
else; this is the floor beneath them. Python's audit hooks see every file a Python library
opens, every socket and every program started, and refuse what a render job never needs.
A hook cannot be removed, so this is done only in a job's own short-lived process.
"""

from __future__ import annotations

import mimetypes
import os
import sys
from collections.abc import Iterable
from pathlib import Path

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PROCESS_EVENTS = frozenset(
    {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
     "os.forkpty", "pty.spawn", "os.startfile", "webbrowser.open"}
)  # fmt: skip
# Changes that act on a name, never on where a link there leads.
_NAME_EVENTS = frozenset({"os.remove", "os.rename", "os.rmdir"})
_CHANGE_EVENTS = frozenset(
    {"os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.symlink", "os.link", "os.truncate",
     "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile"}
)  # fmt: skip


class Refused(PermissionError):
    """Something a render job tried that its jail does not allow."""


def confine(reads: Iterable[Path], writes: Iterable[Path]) -> None:
    """From now on this process may read only under `reads` (and Python's own folders),
    write only under `writes`, and neither use the network nor start programs."""
    mimetypes.init()  # reads the system's type lists, which are outside the jail
    readable = _folders([*reads, *writes, *_python_folders()])
    writable = _folders(writes)

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int) or path is None:
                return
            writing = (
                any(c in mode for c in "wax+")
                if isinstance(mode, str)
                else bool(flags & _WRITE_FLAGS)
            )
            _check(path, writable if writing else readable, "write" if writing else "read")
        elif event in _CHANGE_EVENTS:
            for path in args[:2]:
                if isinstance(path, str | bytes | os.PathLike):
                    _check(path, writable, "change", follow=event not in _NAME_EVENTS)
        elif event.startswith("socket.") or event in _PROCESS_EVENTS:
            raise Refused(f"studybook's sandbox refused {event}: a render job has no need of it")

    sys.addaudithook(hook)


def _check(
    path: str | bytes | os.PathLike, allowed: tuple[str, ...], action: str, follow: bool = True
) -> None:
    """Refuse unless `path` lies in an allowed folder: where it leads, or, for what acts on
    a name itself (removing or renaming a link), where its folder leads."""
    path = os.path.abspath(os.fsdecode(path))
    folder, name = os.path.split(path)
    real = os.path.realpath(path) if follow else os.path.join(os.path.realpath(folder), name)
    if not any(real == folder or real.startswith(folder + os.sep) for folder in allowed):
        raise Refused(f"studybook's sandbox refused to {action} {real}")


def _folders(paths: Iterable[Path | str]) -> tuple[str, ...]:
    return tuple(os.path.realpath(path) for path in paths)


def _python_folders() -> list[str]:
    """Where Python, its libraries and studybook live: modules and their data (studybook's
    book names, say) are loaded lazily while rendering."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    folders.add(str(Path(__file__).parents[1]))  # studybook itself
    return [*folders, *(entry for entry in sys.path if entry and os.path.isdir(entry))]
