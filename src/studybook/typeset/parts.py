"""A book in parts: the print HTML cut where the layout marks its parts, and the HTML that
lays out one part exactly as it would be laid out inside the whole book.

A layout marks parts with `data-part` on the body's top-level elements: consecutive elements
with the same value make one part, and an unmarked element belongs to the part before it (the
built-in layouts mark the front matter, each session and the appendix). Each part must start
on a new page, as sessions and the appendix do.

A part after the first is resumed where the book stood before it: a first page standing for
the previous part's last page (its side, its page number and the last value of every named
string, so running heads, page numbers and blank pages come out as in the whole book), then
the part's own pages, then one page for each anchor it links to in another part, numbered as
that anchor's page (so the contents' `target-counter` prints the right numbers). The first
and those last pages are laid out but dropped when the parts are joined.

Layouts using what a part cannot know (`counter(pages)`, running elements, `target-text`,
`:nth()` pages, counters other than list items, outside stylesheets, inline SVG) are built
whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from ..study import css_string

RESUME = "data-studybook-resume"
MAX_PARTS = 200  # more is a layout cutting too finely: each part costs a lay-out of its own
# CSS a part laid out alone could get wrong: the book's page count, running elements, text
# of targets, page selectors counting pages, counters other than the list items' own, and
# stylesheets this module does not see.
_WHOLE_BOOK_ONLY = re.compile(
    r"counters?\(\s*pages\b|running\(|element\(|target-text\(|:nth\(|@import\b"
    r"|counter-(?:reset|increment|set)\s*:(?!\s*(?:none|list-item(?:\s+-?\d+)?)\s*(?:[;}]|$))",
    re.IGNORECASE,
)
_IDENT = re.compile(r"-?[A-Za-z_][\w-]*")


@dataclass(frozen=True)
class Resume:
    """Where the book stands when a part starts: the side and number of the page before it,
    and the last value of every named string."""

    side: str
    page: int
    strings: dict[str, str] = field(default_factory=dict)


@dataclass
class Book:
    """The print HTML cut into parts: each part's top-level elements, as written."""

    source: str
    parts: list[list[tuple[int, int]]]  # each element's span in `source`, and what follows it
    tags: dict[str, str]  # the <html>, <head> and <body> start tags, as written
    head: str  # the head's content
    doctype: str
    ids: dict[str, int]  # each id, with the part holding it (the first, if repeated)
    hrefs: list[dict[str, None]]  # the "#…" links of each part, in order

    def links(self, index: int) -> list[str]:
        """The anchors part `index` links to that another part holds, in order."""
        return [name for name in self.hrefs[index] if self.ids.get(name, index) != index]

    def html(self, index: int, resume: Resume | None, stubs: dict[str, int]) -> str:
        """The HTML of part `index`: resumed after the page `resume` describes (None for the
        first part), followed by a page for each anchor in `stubs`, numbered as given."""
        rules = []
        elements = []
        if resume is not None:
            rules.append(f"html {{ break-before: {resume.side} !important }}")
            rules.append(f"@page :first {{ counter-reset: page {resume.page} }}")
            sets = ", ".join(f"{name} {css_string(text)}" for name, text in resume.strings.items())
            style = escape(f"string-set: {sets}" if sets else "")
            elements.append(f'<div {RESUME}="" style="{style}"></div>')
        elements += [self.source[start:end] for start, end in self.parts[index]]
        for number, (anchor, page) in enumerate(stubs.items()):
            rules.append(f"@page studybook-stub-{number} {{ counter-reset: page {page} }}")
            style = f"page: studybook-stub-{number}; break-before: page"
            elements.append(f'<div id="{escape(anchor)}" style="{style}"></div>')
        rules_css = "\n".join(rules)
        return (
            f"{self.doctype}{self.tags['html']}{self.tags['head']}{self.head}"
            f"<style>{rules_css}</style></head>{self.tags['body']}{''.join(elements)}"
            "</body></html>"
        )


def split(html: str) -> Book | None:
    """The book's parts, or None when it is one part or must be laid out whole."""
    cutter = _Cutter(html)
    try:
        cutter.feed(html)
        cutter.close()
    except _Whole:
        return None
    return cutter.book()


class _Whole(Exception):
    """The book must be laid out whole."""


# Elements without an end tag.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
    ]
)
_FRAME = ("html", "head", "body")


class _Cutter(HTMLParser):
    """Reads the print HTML once, with the standard library's quick parser, noting where each
    top-level element of the body starts in the text and which part it belongs to. What a
    part laid out alone might read differently from the whole book makes the book whole
    (raises _Whole): an end tag that does not close the element opened last (HTML's implied
    ends and repairs), text outside the parts, inline SVG or MathML, a linked stylesheet,
    or CSS a part cannot follow."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
        self.lines = [0, *(m.end() for m in re.finditer("\n", source))]
        self.stack: list[str] = []
        self.level = -1  # the depth of the body's top-level elements, once <body> is open
        self.doctype = ""
        self.tags = {"html": "<html>", "head": "<head>", "body": ""}
        self.head = [0, 0]  # where the head's content starts and ends
        self.end = -1  # where the body's content ends
        self.starts: list[tuple[int, int]] = []  # each top-level element's start and part
        self.names: list[str] = []  # each part's name
        self.ids: dict[str, int] = {}
        self.hrefs: list[dict[str, None]] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_decl(self, decl: str) -> None:
        if decl.lower() == "doctype html":
            self.doctype = "<!DOCTYPE html>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, dict(attrs))
        if tag not in _VOID:
            self.stack.append(tag)
        if tag == "body":
            self.level = len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            raise _Whole  # "<div/>" opens a div in HTML: left to the HTML parser
        self._open(tag, dict(attrs))

    def _open(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in ("svg", "math") or (tag == "link" and "stylesheet" in (attrs.get("rel") or "")):
            raise _Whole
        if _WHOLE_BOOK_ONLY.search(attrs.get("style") or ""):
            raise _Whole
        at = self._at()
        if tag in _FRAME:
            if len(self.stack) != (tag != "html") or (tag == "body" and self.level >= 0):
                raise _Whole
            self.tags[tag] = self.get_starttag_text() or ""
            if tag == "head":
                self.head = [at + len(self.tags[tag])] * 2
            return
        if self.level < 0 or len(self.stack) < self.level:
            return
        if len(self.stack) == self.level:  # a top-level element: this part's, or the next
            name = attrs.get("data-part")
            if not self.names or (name is not None and name != self.names[-1]):
                self.names.append(name or "")
                self.hrefs.append({})
            self.starts.append((at, len(self.names) - 1))
        if name := attrs.get("id"):
            self.ids.setdefault(name, len(self.names) - 1)
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.hrefs[-1][href[1:]] = None

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise _Whole
        self.stack.pop()
        if tag == "head":
            self.head[1] = self._at()
        elif tag == "body":
            self.end = self._at()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style" and _WHOLE_BOOK_ONLY.search(data):
            raise _Whole
        if len(self.stack) == self.level and data.strip():
            raise _Whole  # text outside the parts

    def handle_pi(self, data: str) -> None:
        raise _Whole

    def unknown_decl(self, data: str) -> None:
        raise _Whole

    def book(self) -> Book | None:
        """The parts, each element spanning up to the next one (or the body's end); None
        without a whole body, or with one part or too many."""
        if self.end < 0 or self.stack or not 2 <= len(self.names) <= MAX_PARTS:
            return None
        parts: list[list[tuple[int, int]]] = [[] for _ in self.names]
        ends = [at for at, _ in self.starts[1:]] + [self.end]
        for (at, part), end in zip(self.starts, ends, strict=True):
            parts[part].append((at, end))
        head = self.source[self.head[0] : self.head[1]]
        return Book(self.source, parts, self.tags, head, self.doctype, self.ids, self.hrefs)


def string_name(name: str) -> bool:
    """Whether a named string can be written back into a `string-set` as it is."""
    return _IDENT.fullmatch(name) is not None
