"""Watch a project's files and ask for a preview build when any of them is saved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import DefaultFilter, watch

# A burst of saves (an editor's temporary file, then the rename) is one change once the
# files have been quiet this long (milliseconds).
QUIET = 50


def watch_project(
    folders: Iterable[Path],
    ignore: Iterable[Path],
    changed: Callable[[], None],
    stop: threading.Event,
) -> None:
    """Call `changed` after every burst of changes under `folders` (studies, layouts,
    config, images), leaving out `ignore` (the PDFs builds write), editors' swap and
    backup files and version-control folders, until `stop` is set."""
    keep = DefaultFilter(ignore_paths=[str(path) for path in ignore])
    for _ in watch(*folders, watch_filter=keep, step=QUIET, stop_event=stop, raise_interrupt=False):
        changed()
