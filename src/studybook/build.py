"""Build studies: render every document to HTML, then write the PDFs on all cores; write
the group's calendar beside them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from .atomic import write_atomically
from .config import BuildOptions
from .fonts import font_folders, use_only_bundled_fonts
from .loader import LoadedStudy
from .locate import PACKAGE_LAYOUTS
from .pdf import write_pdf
from .render import render_html

Written = list[tuple[Path, str | None]]


def staged(path: Path, build: str) -> Path:
    """Where one build writes a PDF first; all are moved into place once all have succeeded.

    `build` tells simultaneous builds of the same project apart.
    """
    return path.with_name(f".{path.name}.{build}.staged")


def booklet_path(target: Path) -> Path:
    """The imposed booklet beside an edition's PDF."""
    return target.with_name(f"{target.stem}-booklet.pdf")


@dataclass(frozen=True)
class Job:
    """One PDF to write from rendered HTML, and its booklet if one is wanted."""

    html: str
    target: Path
    source: str
    roots: tuple[Path, ...]
    variant: str | None = None
    booklet: bool = False
    creep_mm: float = 0.0
    build: str = "0"

    def run(self) -> Written:
        """Write the PDF (and impose its booklet) to their staged paths; return each final
        path with its printing instructions."""
        use_only_bundled_fonts()
        write_pdf(self.html, staged(self.target, self.build), self.roots, self.source, self.variant)
        written: Written = [(self.target, None)]
        if self.booklet:
            from .press import impose  # pypdf is only needed for booklets

            booklet = booklet_path(self.target)
            source, target = staged(self.target, self.build), staged(booklet, self.build)
            imposition = impose(source, target, creep_mm=self.creep_mm)
            written.append((booklet, imposition.instructions()))
        return written


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
    def target(self) -> Path:
        """output/<study>/<study>-<edition>.pdf, or …-session-<n>.pdf for a handout."""
        slug = self.loaded.slug
        name = self.edition if self.session is None else f"session-{self.session + 1}"
        return self.out_dir / slug / f"{slug}-{name}.pdf"

    def job(self, project: Path, env: SandboxedEnvironment, build: str) -> Job:
        """Render the document's HTML: the job that turns it into a PDF."""
        production = self.options.production
        return Job(
            html=render_html(self.loaded, self.edition, self.options, env, session=self.session),
            target=self.target,
            source=f"layouts/{self.edition}.html",
            roots=(project, PACKAGE_LAYOUTS, *font_folders()),
            variant=production.variant,
            booklet=len(self.outputs) > 1,
            creep_mm=production.creep_mm,
            build=build,
        )


def documents(
    loaded: LoadedStudy, editions: list[str], options: BuildOptions, out_dir: Path
) -> list[Document]:
    """The documents for one study and one set of options: each edition, then any handouts."""
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

    def write(self, build: str) -> Written:
        """Write the calendar to its staged path; return its final path."""
        from .ical import meetings_calendar  # icalendar is only needed for calendars

        data = meetings_calendar(self.loaded, self.options, list(self.dates), self.target)
        write_atomically(staged(self.target, build), data)
        return [(self.target, None)]


def calendars(loaded: LoadedStudy, options: BuildOptions, out_dir: Path) -> list[CalendarFile]:
    """The study's calendar when its meeting dates are known, else none."""
    dates = options.schedule.meeting_dates(len(loaded.study.sessions))
    return [CalendarFile(loaded, options, out_dir, tuple(dates))] if dates else []
