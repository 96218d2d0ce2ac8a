"""The whole run behind `studybook check` and `studybook build`: load, validate, plan, write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .build import CalendarFile, Document, Job, Written, calendars, documents
from .commit import commit, discard
from .config import BuildOptions, load_settings
from .errors import Problem, ProblemsFound
from .fonts import unprintable
from .labels import date_locale
from .loader import LoadedStudy, load_all
from .locate import project_root, shown
from .request import BuildRequest
from .schedule import date_words
from .scripture import unprinted
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
    if (folder / "layouts").is_dir():
        from .render.sandbox import environment, layout_problems  # Jinja only for layouts

        problems += layout_problems(environment(folder / "layouts"))
    for options in builds:
        for loaded in studies:
            try:
                dated = options.schedule.meeting_dates(len(loaded.study.sessions))
            except ProblemsFound as found:
                problems += found.problems
                continue
            if dated and options.locale is None:
                problems += _undatable(loaded)
    studies = [_printable(loaded, builds, problems) for loaded in studies]
    if problems:
        raise ProblemsFound([*problems, *(w for loaded in studies for w in loaded.warnings)])
    return Project(folder, studies, builds)


def _printable(loaded: LoadedStudy, builds: list[BuildOptions], problems: list) -> LoadedStudy:
    """The study, with a problem or warning at each reference a set's translation cannot
    print (references are read with the study; the translation comes with the settings)."""
    found = {
        problem
        for options in builds
        for problem in unprinted(str(loaded.path), loaded.citations, options.translation)
    }
    problems += [p for p in found if not p.warning]
    warnings = sorted({*loaded.warnings, *(p for p in found if p.warning)})
    return replace(loaded, warnings=tuple(warnings))


def _undatable(loaded: LoadedStudy) -> list[Problem]:
    """A study whose language prints dates in letters the fonts lack (e.g. Japanese)."""
    language = loaded.study.language
    found = unprintable(date_words(date_locale(language)))
    if not found:
        return []
    message = f"dates in the study's language '{language}' cannot be printed: {found[0]}"
    hint = "set `locale:` in studybook.yaml to a locale written in Latin, Greek or Cyrillic"
    return [Problem(shown(loaded.path), message=message, hint=hint)]


@dataclass(frozen=True)
class Plan:
    """Every document and calendar a build writes, in the project they come from."""

    documents: list[Document]
    calendars: list[CalendarFile]
    project: Path
    warnings: list[Problem] = field(default_factory=list)

    def jobs(self) -> Iterator[Job]:
        return (Job(doc, self.project) for doc in self.documents)

    @property
    def steps(self) -> int:
        """How many things the build writes: PDF jobs and calendars."""
        return len(self.documents) + len(self.calendars)

    @property
    def outputs(self) -> list[Path]:
        """Every file the build may write."""
        return [path for doc in self.documents for path in doc.outputs] + [
            calendar.target for calendar in self.calendars
        ]


def plan_build(request: BuildRequest) -> Plan:
    """Validate everything and list the documents to write; nothing is rendered yet."""
    project = load_project(request.path, request.settings)
    docs: list[Document] = []
    meetings: list[CalendarFile] = []
    for options in project.builds:
        folder = request.base / options.folder if options.folder else request.base
        for loaded in project.studies:
            docs += documents(loaded, request.editions, options, folder)
            meetings += calendars(loaded, options, folder)
    warnings = [w for loaded in project.studies for w in loaded.warnings]
    return Plan(docs, meetings, project.folder, warnings)


def write(
    request: BuildRequest, key: str, plan: Plan, workers: Workers
) -> Iterator[tuple[Job | CalendarFile, Written]]:
    """Render and write the PDFs in workers, then the calendars, yielding each as it
    finishes. Every file is staged first and moved into place only when all of them
    succeeded, so a failed build leaves every earlier file as it was; with `strict`, a
    warning fails it too. Runs under the output folder's lock."""
    paths: list[Path] = []
    warnings: list[Problem] = []
    try:
        for job, written in workers.map(plan.jobs()):
            paths += [path for path, _ in written.files]
            warnings += written.warnings
            yield job, written
        for calendar in plan.calendars:
            written = calendar.write()
            paths += [path for path, _ in written.files]
            yield calendar, written
        if request.strict and warnings:
            raise ProblemsFound(warnings)
    except BaseException:
        discard(plan.outputs)
        raise
    commit(request.base, key, paths)
