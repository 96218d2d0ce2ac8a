"""Paginate print HTML into PDF with WeasyPrint, reading only allowed files, writing atomically."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .atomic import write_atomically
from .errors import Problem, ProblemsFound

REPRODUCIBLE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
MAX_SUSPECT_BYTES = 1_000_000
NETWORK_SCHEMES = ("http", "https", "ftp", "ws", "wss")


def write_pdf(
    html: str, target: Path, roots: Iterable[Path], source: str, variant: str | None = None
) -> None:
    """Render HTML to `target`; it is replaced only once the new PDF is complete.

    Relative URLs resolve against the first root (the project folder); only files inside
    the roots can be read. `variant` asks WeasyPrint for a PDF variant such as "pdf/a-2b".
    """
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    allowed = tuple(root.resolve() for root in roots)
    fetcher = _jailed_fetcher(allowed)
    base = allowed[0].as_uri() + "/"
    with _reproducible():
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(pdf_variant=variant)
        attached = _attachments(document)
        data = None if attached else document.write_pdf(pdf_variant=variant)
    if fetcher.refused or attached:
        suspects = list(_suspects(allowed[0], fetcher.served))
        raise ProblemsFound(
            [_refusal(url, allowed[0], suspects, source) for url in dict.fromkeys(fetcher.refused)]
            + [_attachment(url, allowed[0], suspects, source) for url in dict.fromkeys(attached)]
        )
    write_atomically(target, data)


def _attachments(document) -> list[str]:
    """What a layout asked to embed in the PDF as attachments ('' for an unknown address).

    Attachments could carry any project file, leader-only content included, so none are made.
    """
    links = [link[1] for page in document.pages for link in page.links if link[0] == "attachment"]
    return links + [""] * len(document.metadata.attachments)


@contextmanager
def _reproducible() -> Iterator[None]:
    """Fix the timestamp fontTools writes into font subsets, so equal inputs give equal PDFs.

    A SOURCE_DATE_EPOCH the user set is respected.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = REPRODUCIBLE_EPOCH
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _local_path(url: str) -> Path | None:
    """The absolute, resolved file a file:// URL on this machine names, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(path).resolve() if path.startswith("/") else None


def _jailed_fetcher(roots: tuple[Path, ...]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class JailedFetcher(URLFetcher):
        """Serves data: URLs and files inside the allowed folders; refuses everything else.

        Files are read here, from the very path that was checked, never by urllib.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"})
            self.refused: list[str] = []
            self.served: list[Path] = []

        def fetch(self, url: str, headers: dict | None = None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path = _local_path(url)
            if path is None or not path.is_file() or not _inside(path, roots):
                self.refused.append(url)
                raise ValueError(f"studybook refused to fetch {url}")
            if path.is_relative_to(roots[0]):
                self.served.append(path)
            kind = mimetypes.guess_type(path.name)[0] or "text/plain"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return JailedFetcher()


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def _refusal(url: str, project: Path, suspects: list[Path], source: str) -> Problem:
    """A refused URL as a problem naming what asked for it."""
    reason, hint = _why_refused(url, project)
    return _blame(url, f"asks for {_short(url)}, {reason}", hint, project, suspects, source)


def _attachment(url: str, project: Path, suspects: list[Path], source: str) -> Problem:
    """An attachment as a problem naming what asked for it."""
    hint = 'remove rel="attachment": studybook never embeds files in a PDF'
    what = f"attaches {_short(url) or 'a file'} to the PDF"
    return _blame(url or "attachment", what, hint, project, suspects, source)


def _blame(
    text: str, what: str, hint: str, project: Path, suspects: list[Path], source: str
) -> Problem:
    """A problem at the first place in the suspects (project layouts, stylesheets, images,
    settings, content) whose text could have made `text`; else at `source`."""
    for path in suspects:
        found = _find(text, path, project)
        if found is not None:
            line, column, asker = found
            where = path.relative_to(project).as_posix()
            return Problem(where, line, column, f"{asker} {what}", hint)
    return Problem(source, message=f"a layout or stylesheet {what}", hint=hint)


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "…"


def _why_refused(url: str, project: Path) -> tuple[str, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in NETWORK_SCHEMES or (scheme == "file" and parts.netloc not in ("", "localhost")):
        return "but studybook never uses the network", "copy the file into the project folder"
    if scheme != "file":
        return f"but studybook does not fetch {scheme}: addresses", "use a file in the project"
    path = _local_path(url)
    if path is not None and path.is_relative_to(project):
        return "which does not exist", "check the file name and folder"
    return "which is outside the project", "copy the file into the project folder"


def _suspects(project: Path, served: Iterable[Path]) -> Iterator[Path]:
    """Project files that may hold a URL: layouts, files the PDF read, settings, content."""
    candidates = [
        *sorted((project / "layouts").rglob("*")),
        *served,
        project / "studybook.yaml",
        *sorted((project / "content").glob("*.y*ml")),
    ]
    seen: set[Path] = set()
    for path in candidates:
        real = path.resolve()
        if real in seen or not real.is_file() or not real.is_relative_to(project):
            continue
        seen.add(real)
        if real.stat().st_size <= MAX_SUSPECT_BYTES:
            yield path


def _find(url: str, path: Path, project: Path) -> tuple[int, int, str] | None:
    """Line, column and kind of the reference in a file that most likely made `url`
    (found ignoring case: a heuristic, to point at the spot)."""
    lines = path.read_text(encoding="utf-8", errors="replace").lower().splitlines()
    for needle in sorted(_needles(url, path.parent, project), key=len, reverse=True):
        for number, line in enumerate(lines, 1):
            column = line.find(needle.lower())
            if column >= 0:
                return number, column + 1, _asker(path, project, line[:column])
    return None


def _needles(url: str, folder: Path, project: Path) -> set[str]:
    """The ways a file could have written `url`: as is, or as a path (relative or not)."""
    needles = {url, unquote(url), url.rstrip("/")}
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        for path in (parts.path, unquote(parts.path)):
            relative = {os.path.relpath(path, folder), os.path.relpath(path, project)}
            needles |= {path, f"//{parts.netloc}{path}", *relative}
    return {needle for needle in needles if len(needle) > 2}


def _asker(path: Path, project: Path, before: str) -> str:
    """What in a file asked for a URL, judged from the file and the text before the URL."""
    if path.suffix in (".yaml", ".yml"):
        return "this setting" if path.parent == project else "this content field"
    if "@import" in before:
        return "this CSS @import"
    if before.rstrip(" '\"").endswith("url("):
        return "this CSS url()"
    if path.suffix == ".svg":
        return "this SVG image"
    return "this stylesheet" if path.suffix == ".css" else "this layout"
