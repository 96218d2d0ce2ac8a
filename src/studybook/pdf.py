"""Paginate print HTML into PDF with WeasyPrint, reading only allowed files, writing atomically."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import write_atomically
from .blame import attachment_problem, refusal_problem, suspects
from .errors import ProblemsFound
from .fetcher import jailed_fetcher

REPRODUCIBLE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def write_pdf(
    html: str, target: Path, roots: Iterable[Path], source: str, variant: str | None = None
) -> None:
    """Render HTML to `target`; it is replaced only once the new PDF is complete.

    Relative URLs resolve against the first root (the project folder); only files inside
    the roots can be read. `variant` asks WeasyPrint for a PDF variant such as "pdf/ua-1";
    tagged variants get their page furniture marked as artifacts.
    """
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    from .tagging import finish

    allowed = tuple(root.resolve() for root in roots)
    fetcher = jailed_fetcher(allowed)
    base = allowed[0].as_uri() + "/"
    with _reproducible():
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(pdf_variant=variant)
        attached = _attachments(document)
        data = None if attached else document.write_pdf(pdf_variant=variant, finisher=finish)
    if fetcher.refused or attached:
        project = allowed[0]
        places = list(suspects(project, fetcher.served))
        raise ProblemsFound(
            [
                refusal_problem(url, why, project, places, source)
                for url, why in fetcher.refused.items()
            ]
            + [attachment_problem(url, project, places, source) for url in set(attached)]
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
