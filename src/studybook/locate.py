"""Where things are: the project a path belongs to, and where its PDFs go."""

from __future__ import annotations

from pathlib import Path


def project_root(target: Path) -> Path:
    """The project a study belongs to: the nearest folder above it holding `content/`."""
    start = target.resolve()
    for folder in (start, *start.parents):
        if (folder / "content").is_dir():
            return folder
    return Path.cwd()


def output_base(target: Path, out_dir: Path | None) -> Path:
    """The folder all PDFs go under: the one asked for, or the project's output/."""
    return (out_dir or project_root(target) / "output").absolute()
