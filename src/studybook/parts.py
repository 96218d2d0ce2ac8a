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
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .markup import css_string

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
    """The parsed print HTML cut into parts."""

    root: ET.Element
    parts: list[list[ET.Element]]
    doctype: str

    def owners(self) -> dict[str, int]:
        """Each id in the book, with the part holding it (the first, if repeated)."""
        found: dict[str, int] = {}
        for index, part in enumerate(self.parts):
            for element in part:
                for node in element.iter():
                    name = node.get("id") if isinstance(node.tag, str) else None
                    if name is not None:
                        found.setdefault(name, index)
        return found

    def links(self, index: int, owners: dict[str, int]) -> list[str]:
        """The anchors part `index` links to that another part holds, in order."""
        found: dict[str, None] = {}
        for element in self.parts[index]:
            for node in element.iter("a"):
                href = node.get("href") or ""
                if href.startswith("#") and owners.get(href[1:], index) != index:
                    found[href[1:]] = None
        return list(found)

    def html(self, index: int, resume: Resume | None, stubs: dict[str, int]) -> str:
        """The HTML of part `index`: resumed after the page `resume` describes (None for the
        first part), followed by a page for each anchor in `stubs`, numbered as given."""
        head = self.root.find("head")
        body = self.root.find("body")
        assert head is not None and body is not None
        rules = []
        elements = []
        if resume is not None:
            rules.append(f"html {{ break-before: {resume.side} !important }}")
            rules.append(f"@page :first {{ counter-reset: page {resume.page} }}")
            sets = ", ".join(f"{name} {css_string(text)}" for name, text in resume.strings.items())
            style = f"string-set: {sets}" if sets else ""
            elements.append(ET.Element("div", {RESUME: "", "style": style}))
        elements += self.parts[index]
        for number, (anchor, page) in enumerate(stubs.items()):
            rules.append(f"@page studybook-stub-{number} {{ counter-reset: page {page} }}")
            style = f"page: studybook-stub-{number}; break-before: page"
            elements.append(ET.Element("div", {"id": anchor, "style": style}))
        style = ET.Element("style")
        style.text = "\n".join(rules)
        root = ET.Element(self.root.tag, self.root.attrib)
        root.append(ET.Element("head", head.attrib))
        root[0].extend([*head, style])
        root.append(ET.Element("body", body.attrib))
        root[1].extend(elements)
        return self.doctype + ET.tostring(root, encoding="unicode", method="html")


def split(html: str) -> Book | None:
    """The book's parts, or None when it is one part or must be laid out whole."""
    import tinyhtml5  # WeasyPrint's own HTML parser

    root = tinyhtml5.parse(html, namespace_html_elements=False)
    body = root.find("body")
    if body is None or not _splittable(root) or (body.text or "").strip():
        return None
    parts: list[list[ET.Element]] = []
    names: list[str] = []
    for element in body:
        if not isinstance(element.tag, str):  # a comment: left out, so no text may follow it
            if (element.tail or "").strip():
                return None
            continue
        name = element.get("data-part")
        if not parts or (name is not None and name != names[-1]):
            parts.append([])
            names.append(name or "")
        parts[-1].append(element)
    if not 2 <= len(parts) <= MAX_PARTS:
        return None
    doctype = "<!DOCTYPE html>" if html.lstrip()[:15].lower() == "<!doctype html>" else ""
    return Book(root, parts, doctype)


def _splittable(root: ET.Element) -> bool:
    """Whether every stylesheet is in the HTML and asks for nothing a part cannot know, and
    ElementTree can write every element back as HTML (not inline SVG or MathML)."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag.startswith("{") or (
            node.tag == "link" and "stylesheet" in (node.get("rel") or "")
        ):
            return False
        css = [node.get("style") or "", node.text or "" if node.tag == "style" else ""]
        if any(_WHOLE_BOOK_ONLY.search(text) for text in css):
            return False
    return True


def string_name(name: str) -> bool:
    """Whether a named string can be written back into a `string-set` as it is."""
    return _IDENT.fullmatch(name) is not None
