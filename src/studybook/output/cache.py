"""Skip a build whose inputs have not changed since the last one wrote its PDFs."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

from .. import __version__
from ..project import (
    PACKAGE_LAYOUTS,
    file_digest,
    fingerprint,
    project_files,
    read_own,
    write_atomically,
)
from ..resources import font_faces
from ..scripture import library_files

MANIFEST = ".studybook-cache.json"
MAX_MANIFEST = 10_000_000  # bytes: a record of many batches' files
PACKAGES = (
    "weasyprint", "pydyf", "pypdf", "jinja2", "babel", "pythonbible",
    "font-source-serif-pro", "font-source-sans-pro", "icalendar", "tzdata", "markdown-it-py",
    "mdit-py-plugins", "pysword",
)  # fmt: skip
TRANSLATION_PACKAGES = "pythonbible_"  # every translation's package: its text is an input


def inputs_key(project: Path, out_dir: Path, request: dict[str, object]) -> str:
    """A digest of everything a build reads: project files (but its output), built-in
    layouts, fonts, the versions of studybook and the libraries it renders with, and the
    command's options."""
    return settings_key(sources_digest(project, skip=(out_dir,)), request)


def sources_digest(project: Path, skip: tuple[Path, ...]) -> str:
    """A digest of what every build of a project reads: its files (but those in `skip`:
    the output, a roster), the built-in layouts, the fonts, the SWORD modules installed
    outside the project, and the versions of studybook and the libraries it renders with."""
    digest = hashlib.sha256()
    digest.update(json.dumps(library_versions(), sort_keys=True).encode())
    for root in (project, PACKAGE_LAYOUTS):
        for path in project_files(root, skip=skip):
            digest.update(f"{path.relative_to(root)}\0".encode())
            digest.update(file_digest(path))
    for path in [face.path for face in font_faces()] + list(library_files()):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def settings_key(sources: str, request: dict[str, object]) -> str:
    """The key of one build: what it reads (`sources_digest`) and what it was asked."""
    asked = json.dumps(request, sort_keys=True, default=str)
    return hashlib.sha256(f"{sources}\0{asked}".encode()).hexdigest()


def library_versions() -> dict[str, str]:
    """The versions of studybook and of the libraries it renders with: builds made with
    others may differ."""
    return _versions() | {"studybook": __version__}


def fresh_outputs(out_dir: Path, key: str) -> list[Path] | None:
    """The files the last build wrote, if it had this key and each is still the very file
    it wrote (see `fingerprint`): a record planted in the output folder is never trusted."""
    try:
        manifest = json.loads(read_own(out_dir / MANIFEST, MAX_MANIFEST) or b"")
        files = manifest["files"] if manifest["key"] == key else None
        listed = [(out_dir / name, recorded) for name, recorded in files.items()]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    inside = out_dir.resolve()
    for path, recorded in listed:
        if not path.parent.resolve().is_relative_to(inside):
            return None
        if recorded is None or fingerprint(path) != recorded:
            return None
    return [path for path, _ in listed]


def remember(out_dir: Path, key: str, written: list[Path]) -> None:
    """Record the key and the files a successful build wrote."""
    files = {str(path.relative_to(out_dir)): fingerprint(path) for path in written}
    manifest = json.dumps({"key": key, "files": files}, indent=1)
    write_atomically(out_dir / MANIFEST, manifest.encode())


def forget(out_dir: Path) -> None:
    """Drop the record, so the next build runs in full (used before writing anything)."""
    (out_dir / MANIFEST).unlink(missing_ok=True)


def _versions() -> dict[str, str]:
    """Installed versions of the rendering libraries, read from their dist-info folder names.

    A folder listing per path entry: far quicker than importlib.metadata, which matters
    because an unchanged build should take a blink.
    """
    wanted = {_normal(name) for name in PACKAGES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                package, _, version = name.removesuffix(".dist-info").partition("-")
                if _normal(package) in wanted or package.startswith(TRANSLATION_PACKAGES):
                    found.setdefault(_normal(package), version)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
