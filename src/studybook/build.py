"""Build a study: render each document to HTML, then to PDF, then impose booklets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import BuildOptions
from .fonts import font_folders
from .loader import LoadedStudy
from .pdf import write_pdf
from .press import impose
from .render import PACKAGE_LAYOUTS, environment, render_html


@dataclass(frozen=True)
class Document:
    """One PDF to write: an edition, or one session's participant handout."""

    edition: str
    session: int | None = None

    def path(self, out_dir: Path, slug: str) -> Path:
        """output/<study>/<study>-<edition>.pdf, or …-session-<n>.pdf for a handout."""
        part = self.edition if self.session is None else f"session-{self.session + 1}"
        return out_dir / slug / f"{slug}-{part}.pdf"


def documents(loaded: LoadedStudy, editions: list[str], options: BuildOptions) -> list[Document]:
    """Every document a build writes for a study."""
    docs = [Document(edition) for edition in editions]
    if options.production.handouts:
        docs += [Document("participant", i) for i in range(len(loaded.study.sessions))]
    return docs


def build_study(
    loaded: LoadedStudy,
    editions: list[str],
    options: BuildOptions,
    out_dir: Path,
    project: Path,
) -> list[tuple[Path, str | None]]:
    """Write every document's PDF (and booklet); nothing is written unless all of them render.

    Returns each path written with its printing instructions, if it has any.
    """
    env = environment(project / "layouts")
    docs = documents(loaded, editions, options)
    pages = {
        doc: render_html(loaded, doc.edition, options, env, session=doc.session) for doc in docs
    }
    roots = (project, PACKAGE_LAYOUTS, *font_folders())
    variant = "pdf/a-2b" if options.production.pdf_a else None
    written: list[tuple[Path, str | None]] = []
    for doc, html in pages.items():
        target = doc.path(out_dir, loaded.slug)
        write_pdf(html, target, roots, source=f"layouts/{doc.edition}.html", variant=variant)
        written.append((target, None))
        if options.production.booklet and doc.session is None:
            booklet = target.with_name(f"{target.stem}-booklet.pdf")
            imposition = impose(target, booklet, creep_mm=options.production.creep_mm)
            written.append((booklet, imposition.instructions()))
    return written
