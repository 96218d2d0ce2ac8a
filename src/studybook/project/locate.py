"""Where things are: the project a path belongs to, and where its PDFs go."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import Problem, ProblemsFound, one_line

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
    """The folder all PDFs go under: the one asked for, or the project's output/, which may
    not lead out of the project (a project someone sent may hold a link there)."""
    if out_dir is not None:
        return out_dir.absolute()
    project = project_root(target)
    base = project / "output"
    real = base.resolve()
    if not real.is_relative_to(project.resolve()):
        message = f"this is a link to {real}, outside the project"
        hint = "remove the link (or, to write there, name that folder with --output)"
        raise ProblemsFound([Problem(shown(base), message=message, hint=hint)])
    return base.absolute()


def shown(path: Path) -> str:
    """A path as the user would type it, fit to print (control characters escaped, see
    `one_line`): relative to the current folder when inside it, or when both are in one
    project (`../output/…` from its `layouts/`); else absolute."""
    absolute = path.absolute()
    here = Path.cwd()
    if absolute.is_relative_to(here):
        return one_line(str(absolute.relative_to(here)))
    project = nearest_project(here)
    if project is not None and absolute.is_relative_to(project):
        return one_line(os.path.relpath(absolute, here))
    return one_line(str(absolute))
