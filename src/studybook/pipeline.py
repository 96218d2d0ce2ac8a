"""The whole run behind `studybook check` and `studybook build`: load, validate, plan, write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .build import Job, Written, plan, run_all
from .config import BuildOptions, load_settings
from .errors import Problem, ProblemsFound
from .loader import LoadedStudy, load_all, project_root
from .render import environment


@dataclass(frozen=True)
class Project:
    """A validated project: its folder, its studies, and the option sets to build them with."""

    folder: Path
    studies: list[LoadedStudy]
    builds: list[BuildOptions]


@dataclass(frozen=True)
class BuildRequest:
    """What the user asked `studybook build` for."""

    path: Path
    editions: list[str]
    out_dir: Path | None = None
    settings: dict[str, object] = field(default_factory=dict)
    force: bool = False
    workers: int | None = None


def load_project(path: Path, settings: dict[str, object]) -> Project:
    """Load the studies and the settings, raising the problems of both together."""
    folder = project_root(path)
    problems: list[Problem] = []
    studies: list[LoadedStudy] = []
    builds: list[BuildOptions] = []
    try:
        studies = load_all(path)
    except ProblemsFound as found:
        problems += found.problems
    try:
        builds = load_settings(folder, settings)
    except ProblemsFound as found:
        problems += found.problems
    for options in builds:
        for loaded in studies:
            try:
                options.schedule.meeting_dates(len(loaded.study.sessions))
            except ProblemsFound as found:
                problems += found.problems
    if problems:
        raise ProblemsFound(problems)
    return Project(folder, studies, builds)


def output_base(request: BuildRequest) -> Path:
    """The folder all PDFs go under: --output, or the project's output/."""
    return (request.out_dir or project_root(request.path) / "output").absolute()


def cached(request: BuildRequest) -> tuple[str, list[Path] | None]:
    """The request's cache key, and the PDFs of an identical earlier build if still valid."""
    base = output_base(request)
    asked = {
        "path": str(request.path.absolute()),
        "editions": request.editions,
        "out": str(base),
        "settings": request.settings,
    }
    key = cache.inputs_key(project_root(request.path), base, asked)
    return key, None if request.force else cache.fresh_outputs(base, key)


def plan_build(request: BuildRequest) -> list[Job]:
    """Validate everything and render every document's HTML; no file is written yet."""
    project = load_project(request.path, request.settings)
    base = output_base(request)
    env = environment(project.folder / "layouts")
    jobs = []
    for options in project.builds:
        folder = base / options.folder if options.folder else base
        for loaded in project.studies:
            jobs += plan(loaded, request.editions, options, folder, project.folder, env)
    return jobs


def write(request: BuildRequest, key: str, jobs: list[Job]) -> Iterator[tuple[Job, Written]]:
    """Write the PDFs, yielding each job as it finishes; remember them for the cache."""
    base = output_base(request)
    cache.forget(base)
    paths: list[Path] = []
    for job, written in run_all(jobs, request.workers):
        paths += [path for path, _ in written]
        yield job, written
    cache.remember(base, key, paths)
