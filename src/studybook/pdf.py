"""Paginate print HTML into PDF with WeasyPrint, reading only allowed files, writing atomically."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import write_atomically
from .blame import attachment_problem, refusal_problem, suspects, warning_problem
from .errors import Problem, ProblemsFound
from .fetcher import jailed_fetcher

REPRODUCIBLE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def write_pdf(
    html: str, target: Path, roots: Iterable[Path], source: str, variant: str | None = None
) -> list[Problem]:
    """Render HTML to `target`; it is replaced only once the new PDF is complete. Returns
    what WeasyPrint warned about (CSS it ignored, say) as warnings at the project file and
    line that caused them.

    Relative URLs resolve against the first root (the project folder); only files inside
    the roots can be read. `variant` asks WeasyPrint for a PDF variant such as "pdf/ua-1";
    tagged variants get their page furniture marked as artifacts.
    """
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    from .tagging import finish

    allowed = tuple(root.resolve() for root in roots)
    fetcher = jailed_fetcher(allowed)
    base = allowed[0].as_uri() + "/"
    with _reproducible(), _warnings() as warned:
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(pdf_variant=variant)
        attached = _attachments(document)
        data = None if attached else document.write_pdf(pdf_variant=variant, finisher=finish)
    project = allowed[0]
    asked = fetcher.refused or attached or warned
    places = list(suspects(project, fetcher.served)) if asked else []
    if fetcher.refused or attached:
        raise ProblemsFound(
            [
                refusal_problem(url, why, project, places, source)
                for url, why in fetcher.refused.items()
            ]
            + [attachment_problem(url, project, places, source) for url in set(attached)]
        )
    write_atomically(target, data)
    return [warning_problem(message, project, places, source) for message in warned]


@contextmanager
def _warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint warns about while rendering, once each."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message not in found:
                found.append(message)

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


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
