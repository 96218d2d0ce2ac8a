"""Paginate print HTML into PDF with WeasyPrint, reading only allowed files, writing atomically.

With a folder for parts, a book the layout cuts into parts (see `parts`) is laid out one part
at a time, each part kept in that folder (see `partcache`), and the parts are joined (see
`join`): an edit lays out again only the parts it changed, and memory holds one part at a
time. Otherwise, and for books whose layout a part cannot follow, the whole book is laid
out at once; both give the same pages.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, ProblemsFound
from ..project import write_atomically
from .blame import attachment_problem, refusal_problem, suspects, warning_problem
from .fetcher import jailed_fetcher
from .partcache import Laid, PartCache
from .parts import RESUME, Book, Resume, split, string_name
from .system import about_the_machine

REPRODUCIBLE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
ROUNDS = 3  # lay-outs of the book until every part prints the pages the others found
SCALE = 0.75  # PDF points per CSS pixel


def write_pdf(
    html: str,
    target: Path,
    roots: Iterable[Path],
    source: str,
    variant: str | None = None,
    parts: Path | None = None,
    *,
    reuse: bool = True,
    progress: Callable[[int, int], None] | None = None,
    tagged: bool = False,
) -> list[Problem]:
    """Render HTML to `target`; it is replaced only once the new PDF is complete. Returns
    what WeasyPrint warned about (CSS it ignored, say) as warnings at the project file and
    line that caused them.

    Relative URLs resolve against the first root (the project folder); only files inside
    the roots can be read. What WeasyPrint says about this computer (a library it lacks)
    is no layout's doing, and is left out. `variant` asks WeasyPrint for a PDF variant
    such as "pdf/ua-1"; `tagged` asks for tags where the variant does not decide (PDF/X);
    tagged files get their page furniture marked as artifacts. `parts` is the folder that
    keeps this PDF's laid-out parts between builds; without `reuse`, every part is laid out
    again. `progress` is told of each part as it comes: its number and how many.
    """
    allowed = tuple(root.resolve() for root in roots)
    renderer = _Renderer(allowed, variant, tagged)
    with _reproducible():
        data = None
        if parts is not None:
            data = _book(html, renderer, PartCache(parts, reuse), progress or _quietly)
        fetcher = renderer.fetcher
        if data is None and not (fetcher.refused or renderer.attached):
            data = renderer.whole(html)
    project = allowed[0]
    warned = [m for m in renderer.warned if not about_the_machine(m)]  # no layout's doing
    asked = fetcher.refused or renderer.attached or warned
    places = list(suspects(project, [*fetcher.served, *renderer.served])) if asked else []
    if fetcher.refused or renderer.attached:
        raise ProblemsFound(
            [
                refusal_problem(url, why, project, places, source)
                for url, why in fetcher.refused.items()
            ]
            + [attachment_problem(url, project, places, source) for url in set(renderer.attached)]
        )
    write_atomically(target, data)
    return [warning_problem(message, project, places, source) for message in warned]


class _WholeBook(Exception):
    """A part did not come out as it would inside the book: lay the book out whole."""


@dataclass
class _Part:
    """A laid-out part: its cached PDF (None if it was only laid out) and what laying it
    out found."""

    pdf: Path | None
    laid: Laid


def _quietly(done: int, total: int) -> None:
    """No one is told of the parts."""


def _book(
    html: str, renderer: _Renderer, cache: PartCache, progress: Callable[[int, int], None]
) -> bytes | None:
    """The book laid out part by part, reusing the parts kept from earlier builds, then
    joined; None if it is one part or must be laid out whole.

    A part's contents prints the pages of anchors in later parts, which are known only once
    those are laid out: each round lays out the parts with the pages the last round found
    (the last build's, at first), until none changed. A part printing pages not known yet
    is only laid out (for where the next part starts), not written.
    """
    from .join import join

    book = split(html)
    if book is None:
        return None
    links = [book.links(index) for index in range(len(book.parts))]
    guess = cache.anchors()
    for _ in range(ROUNDS):
        laid: list[_Part] = []
        anchors: dict[str, int] = {}
        resume = None
        try:
            for index, wanted in enumerate(links):
                progress(index + 1, len(links))
                stubs = {anchor: guess.get(anchor, 0) for anchor in wanted}
                known = all(anchor in guess for anchor in wanted)
                part = renderer.part(book, index, resume, stubs, cache, write=known)
                if part is None:
                    return None  # it asked for what it may not have: reported as problems
                laid.append(part)
                for anchor, page in part.laid.anchors.items():
                    anchors.setdefault(anchor, page)
                resume = part.laid.resume
        except _WholeBook:
            break
        written = [(part.pdf, part.laid) for part in laid if part.pdf is not None]
        same = all(guess.get(a, 0) == anchors.get(a, 0) for wanted in links for a in wanted)
        if same and len(written) == len(laid):
            for part in laid:
                renderer.warned += [w for w in part.laid.warned if w not in renderer.warned]
                renderer.served += [Path(path) for path in part.laid.served]
            del book  # the book's HTML goes before the join needs memory
            _release_memory()
            data = join(written)
            cache.finish(anchors, {pdf.stem for pdf, _ in written})
            return data
        guess = {**{anchor: 0 for wanted in links for anchor in wanted}, **anchors}
    cache.finish({}, set())  # the book is laid out whole: keep no parts
    return None


class _Renderer:
    """WeasyPrint with the jailed fetcher, collecting warnings, refusals and attachments."""

    def __init__(self, allowed: tuple[Path, ...], variant: str | None, tagged: bool) -> None:
        self.fetcher = jailed_fetcher(allowed)
        self.base = allowed[0].as_uri() + "/"
        self.variant = variant
        self.tagged = tagged
        self.warned: list[str] = []
        self.served: list[Path] = []
        self.attached: list[str] = []

    def whole(self, html: str) -> bytes | None:
        """The PDF of the whole book (None when it asks for attachments)."""
        from .tagging import finish

        with _warnings() as warned:
            document = self._render(html)
            self.attached += _attachments(document)
            data = None if self.attached else document.write_pdf(**self._options(finish))
        self.warned += [message for message in warned if message not in self.warned]
        return data

    def part(
        self,
        book: Book,
        index: int,
        resume: Resume | None,
        stubs: dict[str, int],
        cache: PartCache,
        *,
        write: bool,
    ) -> _Part | None:
        """Part `index` of the book, from the cache or laid out now (and written and kept,
        if `write`); None if it asked for what it may not have."""
        from .tagging import finish

        html = book.html(index, resume, stubs)
        key = cache.key(html, f"{self.variant} tagged={self.tagged}")
        laid = cache.get(key)
        if laid is not None:
            return _Part(cache.pdf(key), laid)
        refused, served = len(self.fetcher.refused), len(self.fetcher.served)
        read = len(self.fetcher.read)
        with _warnings() as warned:
            document = self._render(html)
            attached = _attachments(document)
            if attached or len(self.fetcher.refused) > refused:
                self.attached += attached
                return None
            first = 1 if resume is not None else 0  # the page standing for the one before
            own = document.pages[first : len(document.pages) - len(stubs)]
            laid = Laid(
                pages=len(own),
                anchors=_anchors(own, (resume.page if resume else 0) + 1),
                resume=_resume(document, resume, len(stubs)),
                bookmarks=_bookmarks(own),
                warned=warned,
                served=[str(path) for path in self.fetcher.served[served:]],
                read=[str(path) for path in self.fetcher.read[read:]],
            )
            del own
            data = (
                document.copy(document.pages[first:]).write_pdf(**self._options(finish))
                if write
                else None
            )
        del document
        _release_memory()  # the part's boxes go before the next part is laid out
        if data is None:
            return _Part(None, laid)
        cache.put(key, data, laid)
        return _Part(cache.pdf(key), laid)

    def _render(self, html: str) -> Any:
        from weasyprint import HTML  # imported here: WeasyPrint is slow to import

        document = HTML(string=html, base_url=self.base, url_fetcher=self.fetcher)
        return document.render(pdf_variant=self.variant)

    def _options(self, finish: Any) -> dict[str, Any]:
        return {"pdf_variant": self.variant, "pdf_tags": self.tagged, "finisher": finish}


def _release_memory() -> None:
    """Free what the last part left and give it back to the system (glibc keeps freed
    memory otherwise, and the process would grow to the sum of its parts)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back
        ctypes.CDLL(None).malloc_trim(0)


def _anchors(pages: list[Any], first: int) -> dict[str, int]:
    """Each anchor on these pages with the number of the first page holding it."""
    found: dict[str, int] = {}
    for number, page in enumerate(pages, first):
        for name in page.anchors:
            found.setdefault(name, number)
    return found


def _resume(document: Any, resume: Resume | None, stubs: int) -> Resume:
    """Where the part after this document resumes: its last page, and the last value of
    each named string. Checks that the part started on a page of its own.

    WeasyPrint keeps named strings and page sides only on its page boxes (`_page_box`).
    """
    pages = document.pages[: len(document.pages) - stubs]
    if resume is not None and any(
        box.element is not None
        and box.element.tag not in ("html", "body")
        and box.element.get(RESUME) is None
        for box in pages[0]._page_box.descendants()
    ):
        raise _WholeBook  # the part began on the page before it: not cut at a page break
    strings: dict[str, str] = dict(resume.strings) if resume is not None else {}
    for page in pages:
        for box in page._page_box.descendants():
            for name, text in getattr(box, "string_set", None) or ():
                if not string_name(name):
                    raise _WholeBook
                strings[name] = text
    last = pages[-1]._page_box.page_type.side
    number = resume.page + len(pages) - 1 if resume is not None else len(pages)
    return Resume(last, number, strings)


def _bookmarks(pages: list[Any]) -> list[tuple[int, str, int, float, float, str]]:
    """The bookmarks of these pages, at PDF coordinates (from the bottom left)."""
    return [
        (level, label, number, x * SCALE, (page.height - y) * SCALE, state)
        for number, page in enumerate(pages)
        for level, label, (x, y), state in page.bookmarks
    ]


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


def _attachments(document: Any) -> list[str]:
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
