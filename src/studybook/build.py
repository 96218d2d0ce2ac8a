"""Build studies: render every document to HTML, then write the PDFs on all cores."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from .config import BuildOptions
from .fonts import font_folders, use_only_bundled_fonts
from .loader import LoadedStudy
from .pdf import write_pdf
from .render import PACKAGE_LAYOUTS, render_html

Written = list[tuple[Path, str | None]]


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

    def run(self) -> Written:
        """Write the PDF (and impose its booklet); each path with its printing instructions."""
        use_only_bundled_fonts()
        write_pdf(self.html, self.target, self.roots, self.source, self.variant)
        written: Written = [(self.target, None)]
        if self.booklet:
            from .press import impose  # pypdf is only needed for booklets

            booklet = self.target.with_name(f"{self.target.stem}-booklet.pdf")
            imposition = impose(self.target, booklet, creep_mm=self.creep_mm)
            written.append((booklet, imposition.instructions()))
        return written


def plan(
    loaded: LoadedStudy,
    editions: list[str],
    options: BuildOptions,
    out_dir: Path,
    project: Path,
    env: SandboxedEnvironment,
) -> list[Job]:
    """The jobs for one study and one set of options: each edition, then any handouts."""
    production = options.production
    parts: list[tuple[str, int | None]] = [(edition, None) for edition in editions]
    if production.handouts:
        parts += [("participant", i) for i in range(len(loaded.study.sessions))]
    roots = (project, PACKAGE_LAYOUTS, *font_folders())
    jobs = []
    for edition, session in parts:
        name = edition if session is None else f"session-{session + 1}"
        jobs.append(
            Job(
                html=render_html(loaded, edition, options, env, session=session),
                target=out_dir / loaded.slug / f"{loaded.slug}-{name}.pdf",
                source=f"layouts/{edition}.html",
                roots=roots,
                variant="pdf/a-2b" if production.pdf_a else None,
                booklet=production.booklet and session is None,
                creep_mm=production.creep_mm,
            )
        )
    return jobs
