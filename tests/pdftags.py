"""Read a tagged PDF as a screen reader does: its structure tree, with each element's text.

The tree comes from pypdf; the text of each marked-content sequence from PDFium's page
objects, which also tell which text is marked as an artifact.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from pypdf.generic import DictionaryObject


@dataclass
class Element:
    """A structure element: its type (H1, P, L, …), page, alternative text and content."""

    tag: str
    page: int | None = None
    alt: str | None = None
    parts: list[Element | str] = field(default_factory=list)

    @property
    def children(self) -> list[Element]:
        return [part for part in self.parts if isinstance(part, Element)]

    @property
    def text(self) -> str:
        """All its text, in reading order."""
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    def walk(self) -> Iterator[Element]:
        """This element and every element under it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PageText:
    """The text on one page: by marked-content id, and what is marked as an artifact."""

    tagged: dict[int, str]
    artifacts: list[str]
    untagged: list[str]


@dataclass
class Tagged:
    """What a tagged PDF offers assistive technology."""

    catalog: DictionaryObject
    root: Element
    pages: list[PageText]
    reached: set[tuple[int, int]]  # (page, marked-content id) the tree reaches

    @property
    def reading_text(self) -> str:
        return self.root.text

    def tags(self) -> list[str]:
        return [element.tag for element in self.root.walk()]


def read_tagged(path: Path) -> Tagged:
    """The structure tree of a PDF (raises KeyError if it has none) and its pages' text."""
    reader = pypdf.PdfReader(path)
    catalog = reader.trailer["/Root"]
    pages = _page_texts(path)
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    reached: set[tuple[int, int]] = set()

    def element(node: DictionaryObject, page: int | None) -> Element:
        page = numbers.get(node.raw_get("/Pg").idnum, page) if "/Pg" in node else page
        made = Element(str(node["/S"])[1:], page, str(node["/Alt"]) if "/Alt" in node else None)
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if isinstance(kid, int):
                reached.add((page, kid))
                made.parts.append(pages[page].tagged.get(kid, ""))
            elif kid.get("/Type") == "/MCR":
                where = numbers[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page
                reached.add((where, kid["/MCID"]))
                made.parts.append(pages[where].tagged.get(kid["/MCID"], ""))
            elif kid.get("/Type") != "/OBJR":
                made.parts.append(element(kid, page))
        return made

    tree = catalog["/StructTreeRoot"]
    top = tree["/K"]
    root = Element("StructTreeRoot")
    for node in top if isinstance(top, list) else [top]:
        root.parts.append(element(node.get_object(), None))
    return Tagged(catalog, root, pages, reached)


def _page_texts(path: Path) -> list[PageText]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [_page_text(page) for page in pdf]
    finally:
        pdf.close()


def _page_text(page: pdfium.PdfPage) -> PageText:
    """A page's text by owner, with the spaces and line breaks PDFium infers from the layout
    (as a reading app does) kept with the text they follow."""
    found = PageText({}, [], [])
    keep = page.get_textpage()  # closed when collected
    textpage = keep.raw
    last = None
    for index in range(pdfium.raw.FPDFText_CountChars(textpage)):
        char = chr(pdfium.raw.FPDFText_GetUnicode(textpage, index))
        obj = (
            None
            if pdfium.raw.FPDFText_IsGenerated(textpage, index)
            else (pdfium.raw.FPDFText_GetTextObject(textpage, index))
        )
        if obj is not None and (last is None or ctypes.addressof(obj.contents) != last[0]):
            mcid = pdfium.raw.FPDFPageObj_GetMarkedContentID(obj)
            kind = "tagged" if mcid >= 0 else "artifact" if _is_artifact(obj) else "untagged"
            last = (ctypes.addressof(obj.contents), kind, mcid)
            if kind != "tagged":
                (found.artifacts if kind == "artifact" else found.untagged).append("")
        if last is None:
            continue
        _, kind, mcid = last
        if kind == "tagged":
            found.tagged[mcid] = found.tagged.get(mcid, "") + char
        else:
            texts = found.artifacts if kind == "artifact" else found.untagged
            texts[-1] += char
    keep.close()
    return found


def _is_artifact(obj: object) -> bool:
    return "Artifact" in _mark_names(obj)


def _mark_names(obj: object) -> list[str]:
    names = []
    for index in range(pdfium.raw.FPDFPageObj_CountMarks(obj)):
        mark = pdfium.raw.FPDFPageObj_GetMark(obj, index)
        size = ctypes.c_ulong()
        pdfium.raw.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(size))
        buffer = (ctypes.c_ushort * (size.value // 2))()
        pdfium.raw.FPDFPageObjMark_GetName(mark, buffer, size.value, ctypes.byref(size))
        names.append(bytes(buffer)[: size.value - 2].decode("utf-16-le"))
    return names
