"""The whole run behind `studybook check` and `studybook build`: load, validate, plan, write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import cache
from .build import Job, Written, plan
from .config import BuildOptions, load_settings
from .errors import Problem, ProblemsFound
from .loader import LoadedStudy, load_all
from .locate import project_root
from .render import environment, layout_problems
from .request import BuildRequest
from .workers import Workers


@dataclass(frozen=True)
class Project:
    """A validated project: its folder, its studies, and the option sets to build them with."""

    folder: Path
    studies: list[LoadedStudy]
    builds: list[BuildOptions]


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
    problems += layout_problems(environment(folder / "layouts"))
    for options in builds:
        for loaded in studies:
            try:
                options.schedule.meeting_dates(len(loaded.study.sessions))
            except ProblemsFound as found:
                problems += found.problems
    if problems:
        raise ProblemsFound(problems)
    return Project(folder, studies, builds)


def plan_build(request: BuildRequest) -> list[Job]:
    """Validate everything and render every document's HTML; no file is written yet."""
    project = load_project(request.path, request.settings)
    base = request.base
    env = environment(project.folder / "layouts")
    jobs = []
    for options in project.builds:
        folder = base / options.folder if options.folder else base
        for loaded in project.studies:
            jobs += plan(loaded, request.editions, options, folder, project.folder, env)
    return jobs


def write(
    request: BuildRequest, key: str, jobs: list[Job], workers: Workers
) -> Iterator[tuple[Job, Written]]:
    """Write the PDFs, yielding each job as it finishes; remember them for the cache."""
    cache.forget(request.base)
    paths: list[Path] = []
    for job, written in workers.map(Job.run, jobs):
        paths += [path for path, _ in written]
        yield job, written
    cache.remember(request.base, key, paths)
