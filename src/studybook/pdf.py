"""Paginate print HTML into PDF with WeasyPrint, reading only allowed files, writing atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import Problem, ProblemsFound

REPRODUCIBLE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


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
        data = HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(pdf_variant=variant)
    if fetcher.refused:
        raise ProblemsFound(
            Problem(source, message=f"the layout asked for {url}", hint=fetcher.hint)
            for url in fetcher.refused
        )
    write_atomically(target, data)


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


def write_atomically(target: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _jailed_fetcher(roots: tuple[Path, ...]):
    from weasyprint.urls import URLFetcher

    class JailedFetcher(URLFetcher):
        """Serves data: URLs and files inside the allowed folders; refuses everything else."""

        hint = "only files inside the project (and studybook's own fonts) can be used"

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict | None = None):
            if url.startswith("data:") or self._allowed(url):
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"studybook refused to fetch {url}")

        @staticmethod
        def _allowed(url: str) -> bool:
            parsed = urlparse(url)
            if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
                return False
            path = Path(unquote(parsed.path)).resolve()
            return path.is_file() and any(path.is_relative_to(root) for root in roots)

    return JailedFetcher()
