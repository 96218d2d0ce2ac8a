"""The whole run behind `studybook check` and `studybook build`: what the user asked for,
load and validate the project, plan the documents and calendars, write them in workers,
and put them in place together. The only module besides the CLI that knows every stage."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from .errors import Problem, ProblemsFound
from .jobs import Workers, report
from .output import PARTS, check_inside, commit, discard, fresh_outputs, inputs_key, staged
from .project import PACKAGE_LAYOUTS, output_base, project_root, shown, unwritable, write_atomically
from .resources import date_locale, font_folders, translations, unprintable
from .scripture import excerpt, searching, standard_libraries, unprinted
from .settings import (
    Bibles,
    BuildOptions,
    Origin,
    check_image,
    date_words,
    language_note,
    load_settings,
    zone_folders,
)
from .study import LoadedStudy, Picture, load_all


@dataclass(frozen=True)
class BuildRequest:
    """The command's arguments, as the pipeline and the cache see them."""

    path: Path
    editions: list[str]
    out_dir: Path | None = None
    settings: dict[str, object] = field(default_factory=dict)
    force: bool = False
    strict: bool = False

    @property
    def base(self) -> Path:
        """The folder all PDFs go under."""
        return output_base(self.path, self.out_dir)

    def cache_key(self) -> str:
        """A digest of every input of this build."""
        asked = {
            "path": str(self.path.absolute()),
            "editions": self.editions,
            "out": str(self.base),
            "settings": self.settings,
            "strict": self.strict,  # a strict build must not pass because a lax one did
        }
        return inputs_key(project_root(self.path), self.base, asked)

    def unchanged(self, key: str) -> list[Path] | None:
        """The PDFs of an identical earlier build, if they are still there (never with force)."""
        return None if self.force else fresh_outputs(self.base, key)


@dataclass(frozen=True)
class Project:
    """A validated project: its folder, its studies, the option sets to build them with,
    and each study with each set's options and the Bible it prints (`printings`)."""

    folder: Path
    studies: list[LoadedStudy]
    builds: list[BuildOptions]
    printings: list[tuple[LoadedStudy, BuildOptions]]


@dataclass(frozen=True)
class Validation:
    """The job that loads and validates a project (`load_project`): everything a stranger's
    project holds (studies, settings, Bible files, images, layouts) is read, parsed and
    compiled only there, under the limits every job has."""

    path: Path
    settings: dict[str, object]
    sword: tuple[Path, ...]  # SWORD's standard places, as this process found them

    @property
    def name(self) -> str:
        return shown(self.path)

    @property
    def activity(self) -> str:
        return f"checking {self.name}"

    @property
    def reads(self) -> tuple[Path, ...]:
        """The project, the folder of the studies named (which may lie outside any
        project), the built-in layouts, the fonts, the time zone database and the SWORD
        Bible libraries installed on this computer."""
        studies = self.path if self.path.is_dir() else self.path.parent
        return (
            project_root(self.path), studies, PACKAGE_LAYOUTS, *font_folders(),
            *zone_folders(), *self.sword,
        )  # fmt: skip

    @property
    def writes(self) -> tuple[Path, ...]:
        return ()

    def run(self) -> Project:
        with searching(self.sword):
            return load_project(self.path, self.settings)


def check_project(path: Path, settings: dict[str, object], workers: Workers) -> Project:
    """The validated project, loaded in a job (see `Validation`)."""
    sword = tuple(p for p in standard_libraries() if p.is_dir())
    return workers.run(Validation(path, settings, sword))


def load_project(path: Path, settings: dict[str, object]) -> Project:
    """Load the studies and the settings, raising the problems of both together."""
    folder, studies, problems = load_studies(path)
    builds: list[BuildOptions] = []
    try:
        builds = load_settings(folder, settings)
    except ProblemsFound as found:
        problems += found.problems
    bibles = Bibles(folder)
    printed: list[tuple[LoadedStudy, list[BuildOptions]]] = []
    for loaded in studies:
        found: list[Problem] = []
        sets = [with_bible(options, loaded, bibles, found) for options in builds]
        for options in sets:
            found += fits(loaded, options)
        problems += {p for p in found if not p.warning}
        warnings = sorted({*loaded.warnings, *(p for p in found if p.warning)})
        printed.append((replace(loaded, warnings=tuple(warnings)), sets))
    studies = [loaded for loaded, _ in printed]
    if problems:
        raise ProblemsFound([*problems, *(w for loaded in studies for w in loaded.warnings)])
    printings = [(loaded, sets[n]) for n in range(len(builds)) for loaded, sets in printed]
    return Project(folder, studies, builds, printings)


def load_studies(path: Path) -> tuple[Path, list[LoadedStudy], list[Problem]]:
    """The project folder, its studies and the problems in them and in its layouts."""
    folder = project_root(path)
    problems: list[Problem] = []
    studies: list[LoadedStudy] = []
    try:
        studies = load_all(path, partial(_picture_problems, folder))
    except ProblemsFound as found:
        problems += found.problems
    if (folder / "layouts").is_dir():
        from .render import environment, layout_problems  # Jinja only for layouts

        problems += layout_problems(environment(folder / "layouts"))
    return folder, studies, problems


def fits(loaded: LoadedStudy, options: BuildOptions) -> list[Problem]:
    """What stops a study printing with one set's options, and what is doubtful about it
    (warnings): meeting dates that do not fit its sessions, dates its language cannot
    print, a meeting time the clocks skip, references the set's translation cannot print
    (references are read with the study; the translation comes with the settings)."""
    found = unprinted(str(loaded.path), loaded.citations, options.translation)
    try:
        own = [s.date for s in loaded.study.sessions]
        dated = [d for d in options.schedule.session_dates(own) if isinstance(d, date)]
    except ProblemsFound as problems:
        return found + problems.problems
    if dated and options.locale is None:
        found += _undatable(loaded)
    return found + options.schedule.clock_gaps(dated)


def with_bible(
    options: BuildOptions, loaded: LoadedStudy, bibles: Bibles, found: list[Problem]
) -> BuildOptions:
    """A set's options for one study, with the Bible the study prints: the set's, or for
    a study in another language than the default's, an installed Bible in its language
    (with a warning at its `language` when the two still differ)."""
    named = options.translation if options.chosen == "named" else None
    bible, by_language = bibles.for_study(named, loaded, found)
    return replace(options, translation=bible, chosen="language" if by_language else options.chosen)


def _picture_problems(folder: Path, study: Path, picture: Picture) -> list[Problem]:
    """An image a study's prose shows, checked as the logo is: a file inside the project."""
    name = os.path.relpath(study.parent.absolute() / picture.src, folder.absolute())
    return check_image(name, folder, Origin(str(study), picture.line, picture.column))[1]


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
class Written:
    """What a job wrote: each final path with its printing instructions, and any warnings."""

    files: list[tuple[Path, str | None]]
    warnings: list[Problem] = field(default_factory=list)


def booklet_path(target: Path) -> Path:
    """The imposed booklet beside an edition's PDF."""
    return target.with_name(f"{target.stem}-booklet.pdf")


@dataclass(frozen=True)
class Document:
    """One PDF a build will write: an edition of a study, or one session's handout."""

    loaded: LoadedStudy
    options: BuildOptions
    out_dir: Path
    edition: str
    session: int | None = None

    @property
    def outputs(self) -> list[Path]:
        """Every file this document may write: its PDF, and its booklet if one is wanted."""
        wanted = self.options.production.booklet and self.session is None
        return [self.target, booklet_path(self.target)] if wanted else [self.target]

    @property
    def parts(self) -> Path:
        """The hidden folder that keeps the laid-out parts of the PDF between builds:
        output/.studybook-parts/<study>-<edition>/."""
        return self.out_dir / PARTS / self.target.stem

    @property
    def target(self) -> Path:
        """output/<study>/<study>-<edition>.pdf, or …-session-<n>.pdf for a handout."""
        slug = self.loaded.slug
        name = self.edition if self.session is None else f"session-{self.session + 1}"
        return self.out_dir / slug / f"{slug}-{name}.pdf"


@dataclass(frozen=True)
class Job:
    """Render one document's HTML and write its PDF (and booklet) to their staged paths.

    Runs in a worker process: the layouts are run and WeasyPrint is used only there. It
    reports each part of the PDF as it comes: (part, parts). With `force`, no part laid out
    by an earlier build is reused.
    """

    document: Document
    project: Path
    force: bool = False

    @property
    def target(self) -> Path:
        return self.document.target

    @property
    def name(self) -> str:
        return shown(self.target)

    @property
    def activity(self) -> str:
        return f"writing {self.name}"

    @property
    def reads(self) -> tuple[Path, ...]:
        """What the job may read: the project, the built-in layouts and the fonts."""
        return (self.project, PACKAGE_LAYOUTS, *font_folders())

    @property
    def writes(self) -> tuple[Path, ...]:
        """Where the job may write: the folder its PDFs go under."""
        return (self.document.out_dir,)

    def run(self) -> Written:
        """Write the files; return each final path with its printing instructions, and what
        WeasyPrint warned about."""
        from .render import environment, layout_name, render_html
        from .typeset import write_pdf

        doc = self.document
        html = render_html(
            doc.loaded, doc.edition, doc.options, environment(self.project / "layouts"),
            session=doc.session,
        )  # fmt: skip
        production = doc.options.production
        source = f"layouts/{layout_name(doc.edition, doc.session)}"
        try:
            warnings = write_pdf(
                html, staged(doc.target), self.reads, source, production.variant,
                parts=doc.parts, reuse=not self.force, tagged=production.pdf_ua,
                progress=lambda part, parts: report((part, parts)),
            )  # fmt: skip
            if production.pdf_x:
                from .press import make_pdf_x

                make_pdf_x(staged(doc.target), tagged=production.pdf_ua)
            files: list[tuple[Path, str | None]] = [(doc.target, None)]
            if len(doc.outputs) > 1:
                from .press import impose

                booklet = booklet_path(doc.target)
                imposition = impose(
                    staged(doc.target), staged(booklet), creep_mm=production.creep_mm
                )
                files.append(
                    (booklet, imposition.instructions(translations(doc.loaded.study.language)))
                )
        except OSError as err:
            raise ProblemsFound([unwritable(doc.target, err)]) from None
        return Written(files, warnings)


def documents(
    loaded: LoadedStudy, editions: list[str], options: BuildOptions, out_dir: Path
) -> list[Document]:
    """The documents for one study and one set of options: each edition, then any handouts.
    They carry only the verses the study cites, not the whole translation."""
    cited = (r for citation in loaded.citations for r in citation.reference.ranges)
    options = replace(options, translation=excerpt(options.translation, cited))
    docs = [Document(loaded, options, out_dir, edition) for edition in editions]
    if options.production.handouts:
        sessions = range(len(loaded.study.sessions))
        docs += [Document(loaded, options, out_dir, "participant", i) for i in sessions]
    return docs


@dataclass(frozen=True)
class CalendarFile:
    """output/<study>/<study>.ics: one event per meeting, for the group's phones."""

    loaded: LoadedStudy
    options: BuildOptions
    out_dir: Path
    dates: tuple[date | str | None, ...]  # each session's, as `Schedule.session_dates` gives

    @property
    def target(self) -> Path:
        return self.out_dir / self.loaded.slug / f"{self.loaded.slug}.ics"

    @property
    def name(self) -> str:
        return shown(self.target)

    @property
    def activity(self) -> str:
        return f"writing {self.name}"

    @property
    def reads(self) -> tuple[Path, ...]:
        """The calendar an earlier build wrote, and the time zone database."""
        return (self.out_dir, *zone_folders())

    @property
    def writes(self) -> tuple[Path, ...]:
        return (self.out_dir,)

    def run(self) -> Written:
        """Write the calendar to its staged path; return its final path. Runs in a worker
        process, like the PDFs: it reads what an earlier build left in the output folder."""
        from .output import meetings_calendar  # icalendar is only needed for calendars

        data = meetings_calendar(self.loaded, self.options, list(self.dates), self.target)
        try:
            write_atomically(staged(self.target), data)
        except OSError as err:
            raise ProblemsFound([unwritable(self.target, err)]) from None
        return Written([(self.target, None)])


def calendars(loaded: LoadedStudy, options: BuildOptions, out_dir: Path) -> list[CalendarFile]:
    """The study's calendar when some meeting dates are known, else none."""
    dates = options.schedule.session_dates([s.date for s in loaded.study.sessions])
    dated = any(isinstance(day, date) for day in dates)
    return [CalendarFile(loaded, options, out_dir, tuple(dates))] if dated else []


@dataclass(frozen=True)
class Plan:
    """Every document and calendar a build writes, in the project they come from."""

    documents: list[Document]
    calendars: list[CalendarFile]
    project: Path
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # a Bible chosen for a study's language

    def jobs(self, force: bool = False) -> Iterator[Job | CalendarFile]:
        """The jobs that write the build's files: each PDF (laying every part out again
        with `force`), then each calendar."""
        yield from (Job(doc, self.project, force) for doc in self.documents)
        yield from self.calendars

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

    @property
    def folders(self) -> set[Path]:
        """Every folder the build writes in: the outputs', and the parts' kept beside them."""
        parts = {folder for doc in self.documents for folder in (doc.parts, doc.parts.parent)}
        return {path.parent for path in self.outputs} | parts


def plan_build(request: BuildRequest, workers: Workers) -> Plan:
    """Validate everything (in a job) and list the documents to write; nothing is rendered
    yet."""
    project = check_project(request.path, request.settings, workers)
    docs: list[Document] = []
    meetings: list[CalendarFile] = []
    for loaded, options in project.printings:
        folder = request.base / options.folder if options.folder else request.base
        docs += documents(loaded, request.editions, options, folder)
        meetings += calendars(loaded, options, folder)
    warnings = [w for loaded in project.studies for w in loaded.warnings]
    return Plan(docs, meetings, project.folder, warnings, bible_notes(project))


def bible_notes(project: Project) -> list[str]:
    """A line for each study whose Bible was chosen for its language."""
    return sorted(
        {
            f"{shown(loaded.path)}: {language_note(options.translation, loaded.study.language)}"
            for loaded, options in project.printings
            if options.chosen == "language"
        }
    )


def write(
    request: BuildRequest,
    key: str,
    plan: Plan,
    workers: Workers,
    news: Callable[[Job, tuple[int, int]], None] | None = None,
) -> Iterator[tuple[Job | CalendarFile, Written]]:
    """Write the PDFs and calendars in workers, yielding each as it finishes; `news` hears
    of each part of a PDF as it is laid out. Every file is staged first and moved into place
    only when all of them succeeded, so a failed build leaves every earlier file as it was;
    with `strict`, a warning fails it too. Nothing is written in a folder that leads out of
    the output folder. Runs under its lock."""
    check_inside(request.base, plan.folders)
    paths: list[Path] = []
    warnings: list[Problem] = []
    try:
        for job, written in workers.map(plan.jobs(request.force), news):
            paths += [path for path, _ in written.files]
            warnings += written.warnings
            yield job, written
        if request.strict and warnings:
            raise ProblemsFound(warnings)
    except BaseException:
        discard(plan.outputs)
        raise
    commit(request.base, key, paths)
