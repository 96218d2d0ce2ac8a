"""Read what a reader would see in a PDF: text per page, page sizes, embedded fonts."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def page_texts(path: Path) -> list[str]:
    """The text of every page, in order."""
    pdf = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def key(text: str) -> str:
    """Text reduced to what survives line breaks and hyphenation: no spaces, no hyphens."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u200b\x02\ufffe]", "", text)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(path)
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses, and whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def bookmarks(path: Path) -> list[tuple[str, int]]:
    """Every bookmark's title and the 1-based page it points at, in outline order."""
    reader = pypdf.PdfReader(path)

    def walk(items) -> list[tuple[str, int]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))
        return found

    return walk(reader.outline)


def reading_text(path: Path, furniture: tuple[str, ...]) -> str:
    """All pages' text joined, without running heads and page numbers (the given furniture)."""
    lines = []
    for text in page_texts(path):
        for line in text.splitlines():
            if not (line.strip().isdigit() or line.strip() in furniture):
                lines.append(line)
    return "\n".join(lines)


def assert_text_inside_pages(path: Path, margin: float = 18) -> None:
    """Every drawn character lies at least `margin` points inside its page's edges."""
    pdf = pdfium.PdfDocument(path)
    for number, page in enumerate(pdf, 1):
        width, height = page.get_size()
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(index)
            if right > left:  # spaces and other empty boxes have no extent
                assert left >= margin and right <= width - margin, (path.name, number, index)
                assert bottom >= margin and top <= height - margin, (path.name, number, index)


def link_targets(path: Path) -> list[tuple[int, int]]:
    """Every link annotation as (1-based page it is on, 1-based page it leads to)."""
    reader = pypdf.PdfReader(path)
    named = {name: reader.get_destination_page_number(d) + 1 for name, d in
             reader.named_destinations.items()}  # fmt: skip
    found = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            destination = annotation.get_object().get("/Dest")
            found.append((number, named.get(str(destination), 0)))
    return found


def named_destinations(path: Path) -> dict[str, int]:
    """Every named destination and the 1-based page it is on."""
    reader = pypdf.PdfReader(path)
    return {
        name: reader.get_destination_page_number(destination) + 1
        for name, destination in reader.named_destinations.items()
    }


def page_labels(path: Path) -> list[str]:
    """What a viewer calls each page (its label, or its number when there are none)."""
    reader = pypdf.PdfReader(path)
    return [reader.page_labels[n] for n in range(len(reader.pages))]


@dataclass(frozen=True)
class Line:
    """One line of text as drawn: its characters, the font of each, and where it lies."""

    page: int  # 1-based
    text: str
    fonts: tuple[str, ...]  # each character's font name, without the subset prefix
    sizes: tuple[float, ...]  # each character's size in points
    lefts: tuple[float, ...]  # each character's left edge (of its advance, not its ink)
    rights: tuple[float, ...]  # each character's right edge
    bottom: float

    @property
    def size(self) -> float:
        return max(self.sizes, default=0.0)


def text_lines(path: Path) -> list[Line]:
    """Every line of text in the PDF, in order, with its characters' fonts, sizes and edges.

    A line is cut where the text moves down or back to the left, not only where pdfium
    puts a line break: pdfium joins a word hyphenated at the end of a line to its second
    half, marking the hyphen as "\x02". WeasyPrint draws at 0.75 pt per CSS pixel, and
    pdfium gives sizes in text space (CSS pixels), so sizes are scaled by 0.75 to points.
    """
    pdf = pdfium.PdfDocument(path)
    found: list[Line] = []
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    try:
        for number, page in enumerate(pdf, 1):
            textpage = page.get_textpage()
            chars: list[tuple[str, str, float, float, float, float, float]] = []
            for index in range(textpage.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
                if char in "\r\n":
                    continue
                pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, 256, ctypes.byref(flags))
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * 0.75
                left, bottom, right, top = textpage.get_charbox(index, loose=True)
                if right <= left:  # a space pdfium adds: where the character before it ends
                    if not chars:
                        continue
                    left, right, bottom, top = chars[-1][4], chars[-1][4], *chars[-1][5:]
                elif chars:
                    before = chars[-1]
                    if top < before[5] or bottom > before[6] or left < before[3] - size:
                        found.append(_line(number, chars))  # below, above, or back left
                        chars = []
                font = name.value.decode("latin-1").split("+")[-1]
                chars.append((char, font, size, left, right, bottom, top))
            if chars:
                found.append(_line(number, chars))
    finally:
        pdf.close()
    return found


def _line(page: int, chars: list[tuple[str, str, float, float, float, float, float]]) -> Line:
    text, fonts, sizes, lefts, rights, bottoms, _ = zip(*chars, strict=True)
    return Line(page, "".join(text), fonts, sizes, lefts, rights, min(bottoms))
