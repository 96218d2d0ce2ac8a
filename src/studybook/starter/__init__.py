"""`studybook new`: a ready project — a starter study showing every kind of block, a
commented `studybook.yaml`, an empty `layouts/` with a note on overriding, a `.gitignore`
leaving out `output/`, and the JSON Schemas editors complete fields from (in `.studybook/`,
made by `schema`).

Takes a folder; gives the files written in it, never overwriting one."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import Problem, ProblemsFound
from .schema import schema_text

__all__ = ["STUDY", "create", "project_files", "schema_text"]

STUDY = "content/psalm-23.md"
_SHIPPED = {  # where each file goes in the project: its name in starter/files/
    STUDY: "psalm-23.md",
    "studybook.yaml": "studybook.yaml",
    "layouts/README.md": "layouts-README.md",
    ".gitignore": "gitignore",  # output/ is made again by every build
}


def project_files() -> dict[str, str]:
    """Each file of a new project (its path in the project) and its text."""
    shipped = resources.files(__package__) / "files"
    files = {path: (shipped / name).read_text(encoding="utf-8") for path, name in _SHIPPED.items()}
    for which in ("study", "config"):
        files[f".studybook/{which}.schema.json"] = schema_text(which)
    return files


def create(folder: Path) -> list[Path]:
    """Write a new project into `folder` (made if need be) and return its files. If any
    of them exists already, nothing is written: the problem names each one."""
    files = {folder / path: text for path, text in project_files().items()}
    taken = [path for path in files if os.path.lexists(path)]
    taken += [
        parent
        for parent in {p for path in files for p in path.parents}
        if os.path.lexists(parent) and not parent.is_dir()
    ]
    if taken:
        hint = "studybook new never overwrites a file: choose a new folder, or move it away"
        raise ProblemsFound(
            Problem(str(path), message="already exists", hint=hint) for path in taken
        )
    made: list[Path] = []
    try:
        for path, text in files.items():
            for parent in reversed(path.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            with path.open("x", encoding="utf-8") as stream:  # never through an existing file
                made.append(path)
                stream.write(text)
    except OSError as err:
        for path in reversed(made):
            path.unlink() if path.is_file() else path.rmdir()
        where = err.filename or str(folder)
        hint = "check that you may write there, and that the disk has room"
        raise ProblemsFound(
            [Problem(str(where), message=err.strerror or str(err), hint=hint)]
        ) from None
    return list(files)
