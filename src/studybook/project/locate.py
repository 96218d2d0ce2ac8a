"""Where things are: the project a path belongs to, and where its PDFs go."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import Problem, ProblemsFound

PACKAGE_LAYOUTS = Path(str(resources.files("studybook.layouts")))


def nearest_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a `content/` folder, if any."""
    return next((f for f in (start, *start.parents) if (f / "content").is_dir()), None)


def studies_path(path: Path | None) -> Path:
    """What a command works on: the study file or folder given, or else the `content/`
    folder of the project the current folder is in, found upward as git finds its
    repository (relative to here, so messages name files as the user would)."""
    if path is not None:
        if not os.path.lexists(path):
            raise ProblemsFound([not_found(path)])
        return path
    here = Path.cwd()
    project = nearest_project(here)
    if project is None:
        message = "no studybook project here: no content/ folder in this folder or above it"
        hint = "make one with `studybook new my-study`, or run studybook in your project"
        raise ProblemsFound([Problem(str(here), message=message, hint=hint)])
    return Path(os.path.relpath(project / "content", here))


def not_found(path: Path) -> Problem:
    """A study file or folder that is not there."""
    hint = "run studybook in your project folder, or give the path of a study file"
    return Problem(str(path), message="not found", hint=hint)


def project_root(target: Path) -> Path:
    """The project a study belongs to: the nearest folder above it holding `content/`."""
    return nearest_project(target.resolve()) or Path.cwd()


def output_base(target: Path, out_dir: Path | None) -> Path:
    """The folder all PDFs go under: the one asked for, or the project's output/."""
    return (out_dir or project_root(target) / "output").absolute()


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it, or
    when both are in one project (`../output/…` from its `layouts/`); else absolute."""
    absolute = path.absolute()
    here = Path.cwd()
    if absolute.is_relative_to(here):
        return str(absolute.relative_to(here))
    project = nearest_project(here)
    if project is not None and absolute.is_relative_to(project):
        return os.path.relpath(absolute, here)
    return str(absolute)
