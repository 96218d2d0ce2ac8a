"""Where things are: the project a path belongs to, and where its PDFs go."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import Problem, ProblemsFound, one_line

PACKAGE_LAYOUTS = Path(str(resources.files("studybook.layouts")))


def nearest_project(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a `content/` folder, if any."""
    return next((f for f in (start, *start.parents) if (f / "content").is_dir()), None)


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
    """A path as the user would type it, relative to the current folder when inside it,
    fit to print (control characters escaped, see `one_line`)."""
    absolute = path.absolute()
    here = Path.cwd()
    return one_line(str(absolute.relative_to(here) if absolute.is_relative_to(here) else absolute))
