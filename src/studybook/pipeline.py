"""The whole run behind `studybook check` and `studybook build`: what the user asked for,
load and validate the project, plan the documents and calendars, write them in workers,
and put them in place together. The only module besides the CLI that knows every stage."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .errors import Problem, ProblemsFound
from .jobs import Workers
from .output import commit, discard, fresh_outputs, inputs_key, staged
from .project import PACKAGE_LAYOUTS, output_base, project_root, shown, unwritable, write_atomically
from .resources import date_locale, font_folders, translations, unprintable
from .scripture import excerpt, unprinted
from .settings import BuildOptions, date_words, load_settings
from .study import LoadedStudy, load_all

PARTS = ".studybook-parts"


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
        from .render import environment, layout_problems  # Jinja only for layouts

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

    Runs in a worker process: the layouts are run and WeasyPrint is used only there.
    """

    document: Document
    project: Path

    @property
    def target(self) -> Path:
        return self.document.target

    @property
    def name(self) -> str:
        return shown(self.target)

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
                parts=doc.parts, tagged=production.pdf_ua,
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
    dates: tuple[date, ...]

    @property
    def target(self) -> Path:
        return self.out_dir / self.loaded.slug / f"{self.loaded.slug}.ics"

    def write(self) -> Written:
        """Write the calendar to its staged path; return its final path."""
        from .output import meetings_calendar  # icalendar is only needed for calendars

        data = meetings_calendar(self.loaded, self.options, list(self.dates), self.target)
        try:
            write_atomically(staged(self.target), data)
        except OSError as err:
            raise ProblemsFound([unwritable(self.target, err)]) from None
        return Written([(self.target, None)])


def calendars(loaded: LoadedStudy, options: BuildOptions, out_dir: Path) -> list[CalendarFile]:
    """The study's calendar when its meeting dates are known, else none."""
    dates = options.schedule.meeting_dates(len(loaded.study.sessions))
    return [CalendarFile(loaded, options, out_dir, tuple(dates))] if dates else []


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
