"""The documents a build writes, the job that renders and writes each one in a worker, and
the group's calendar written beside them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .atomic import unwritable, write_atomically
from .commit import staged
from .config import BuildOptions
from .errors import Problem, ProblemsFound
from .fonts import font_folders
from .labels import translations
from .loader import LoadedStudy
from .locate import PACKAGE_LAYOUTS, shown
from .verses import excerpt

PARTS = ".studybook-parts"


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
        from .pdf import write_pdf
        from .render import render_html
        from .render.sandbox import environment

        doc = self.document
        html = render_html(
            doc.loaded, doc.edition, doc.options, environment(self.project / "layouts"),
            session=doc.session,
        )  # fmt: skip
        production = doc.options.production
        source = f"layouts/{doc.edition}.html"
        try:
            warnings = write_pdf(
                html, staged(doc.target), self.reads, source, production.variant,
                parts=doc.parts,
            )  # fmt: skip
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
        from .ical import meetings_calendar  # icalendar is only needed for calendars

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
