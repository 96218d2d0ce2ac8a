"""Remove what builds leave in an output folder: the laid-out parts and the record of the
last build (kept to make the next build quick), and, only when asked, the files the last
build wrote. Nothing else in the folder is touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .cache import MANIFEST

PARTS = ".studybook-parts"  # output/[<batch folder>/].studybook-parts/<study>-<edition>/


def clean_output(base: Path, written: bool = False) -> list[Path]:
    """Remove the kept parts and the build record under `base` (and, with `written`, the
    files the last build wrote, and the folders that leaves empty); return what went.
    Run under the folder's lock, which also clears leftovers of interrupted builds."""
    removed: list[Path] = []
    if written:
        removed += _remove_written(base)
    for parts in sorted([base / PARTS, *base.glob(f"*/{PARTS}")]):
        if parts.is_dir() and not parts.is_symlink():
            shutil.rmtree(parts)
            removed.append(parts)
    if (base / MANIFEST).is_file():
        (base / MANIFEST).unlink()
        removed.append(base / MANIFEST)
    return removed


def _remove_written(base: Path) -> list[Path]:
    """The files the last build wrote, as its record lists them (only those inside `base`),
    then each folder they leave empty."""
    try:
        files = json.loads((base / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    inside = base.resolve()
    removed = []
    for name in files if isinstance(files, dict) else ():
        path = base / name
        if path.is_file() and path.resolve().is_relative_to(inside):
            path.unlink()
            removed.append(path)
    for folder in sorted({p.parent for p in removed}, key=lambda p: len(p.parts), reverse=True):
        while folder != base and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed
