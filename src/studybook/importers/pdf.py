"""A PDF's text as lines, read with pypdfium2 in reading order: wrapped lines joined into
their paragraphs, headings told by their larger type, paragraph breaks by the space above
them, list items by their markers, and the running heads, footers and page numbers that
repeat from page to page left out (and listed)."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from .lines import Line, text_lines

MAX_PAGES = 300
EDGE = 3  # lines at the top and bottom of a page where running heads stand


@dataclass
class _Row:
    """One printed line: its text, where it stands, and the size of its type."""

    text: str
    page: int
    top: float
    bottom: float
    left: float
    size: float
    italic: bool = False  # all of it
    bold: bool = False


def pdf_lines(data: bytes) -> tuple[list[Line], list[tuple[int, str, str]]]:
    """The lines of a PDF, and the running heads and page numbers left out of them."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(data)
    if len(document) > MAX_PAGES:
        raise ValueError(f"the PDF has more than {MAX_PAGES} pages")
    pages = []
    for number in range(len(document)):
        textpage = document[number].get_textpage()
        pages.append(_rows(textpage, number + 1, pdfium_c))
    body = _body_size([row for page in pages for row in page])
    plain = [
        [row.text for row in page if row.size <= body * 1.1 and not row.bold] for page in pages
    ]
    repeated = _running(plain)
    rows, dropped = [], []
    for page in pages:
        for i, row in enumerate(page):
            edge = i < EDGE or i >= len(page) - EDGE
            if edge and _shape(row.text) in repeated and row.size <= body * 1.1 and not row.bold:
                dropped.append((row.page, row.text, "repeated at the top or bottom of the pages"))
            else:
                rows.append(row)
    return _lines(rows), dropped


def _rows(textpage, page: int, pdfium_c) -> list[_Row]:
    """A page's printed lines, from its characters' boxes and type sizes."""
    text = textpage.get_text_range()
    rows: list[_Row] = []
    current: list[tuple[str, tuple[float, float, float, float], float]] = []
    for index, char in enumerate(text[: textpage.count_chars()]):
        if char in "\r\n":
            if current:
                rows.append(_row(current, page))
                current = []
            continue
        box = textpage.get_charbox(index)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
        current.append((char, box, size, _style(textpage, index, pdfium_c)))
    if current:
        rows.append(_row(current, page))
    return _in_order([row for row in rows if row.text])


def _in_order(rows: list[_Row]) -> list[_Row]:
    """Rows top to bottom, and rows on one line (a list's marker drawn apart from its
    text) joined left to right."""
    merged: list[_Row] = []
    for row in sorted(rows, key=lambda r: (-round(r.top), r.left)):
        last = merged[-1] if merged else None
        if last is not None and abs(last.top - row.top) < 0.5 * max(row.size, 1):
            first, second = (last, row) if last.left <= row.left else (row, last)
            merged[-1] = replace(
                first, text=f"{first.text} {second.text}", size=max(first.size, second.size)
            )
        else:
            merged.append(row)
    return merged


def _style(textpage, index: int, pdfium_c) -> str:
    """A character's font name ("…-Serif-Italic", "…-Bold")."""
    import ctypes

    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, None, 0, ctypes.byref(flags))
    name = ctypes.create_string_buffer(max(length, 1))
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, length, ctypes.byref(flags))
    return name.value.decode("latin-1").lower()


def _row(chars: list, page: int) -> _Row:
    text = "".join(c for c, *_ in chars).strip()
    inked = [(box, size, style) for c, box, size, style in chars if not c.isspace()]
    boxes = [box for box, _, _ in inked] or [chars[0][1]]
    sizes = [size for _, size, _ in inked if size > 0] or [0.0]
    styles = [style for _, _, style in inked] or [""]
    return _Row(
        text, page, max(b[3] for b in boxes), min(b[1] for b in boxes),
        min(b[0] for b in boxes), statistics.median(sizes),
        italic=all(re.search("italic|oblique", s) for s in styles),
        bold=all(re.search("bold|black|heavy|semibold", s) for s in styles),
    )  # fmt: skip


def _lines(rows: list[_Row]) -> list[Line]:
    """Rows as lines: a row in larger type than the text is a heading, a row with more space
    above it than lines have starts a paragraph, and a wrapped row joins the one above."""
    if not rows:
        return []
    body = _body_size(rows)
    larger = sorted({round(r.size, 1) for r in rows if r.size > body * 1.12}, reverse=True)
    margin = Counter(round(row.left) for row in rows).most_common(1)[0][0]
    lines: list[Line] = []
    previous: _Row | None = None
    for row in rows:
        size = round(row.size, 1)
        heading = larger.index(size) + 1 if size in larger else 0
        leading = (previous.bottom - row.top) if previous and previous.page == row.page else 99
        gap = previous is None or leading > 0.6 * max(row.size, 1) or previous.page != row.page
        (parsed,) = text_lines(f"*{row.text}*" if row.italic else row.text) or [Line(row.text, 0)]
        indent = round((row.left - margin) / max(body, 1))
        line = replace(parsed, where=row.page, heading=heading, gap=gap, strong=row.bold,
                       depth=max(indent // 2, 0) if parsed.marker else 0)  # fmt: skip
        joins = (
            lines and not gap and not line.marker and lines[-1].heading == heading
            and previous is not None and round(previous.size, 1) == size
        )  # fmt: skip
        if joins:
            joined = _joined(lines[-1].text.rstrip("*"), line.text.lstrip("*"))
            lines[-1] = replace(lines[-1], text=joined)
        else:
            lines.append(line)
        previous = row
    return lines


def _body_size(rows: list[_Row]) -> float:
    """The size of most of the text's type."""
    counted = Counter(round(row.size, 1) for row in rows for _ in row.text)
    return counted.most_common(1)[0][0] if counted else 0.0


def _joined(first: str, second: str) -> str:
    """Two rows of one paragraph: a word broken at the line end with a hyphen is mended."""
    if re.search(r"\w-$", first) and second[:1].islower():
        return first[:-1] + second
    return f"{first} {second}"


def _running(pages: list[list[str]]) -> set[str]:
    """The shapes of lines (digits as #) found at the top or bottom of most pages (in the
    text's own type: a heading that often starts a page is not a running head)."""
    if len(pages) < 3:
        return set()
    counted: Counter[str] = Counter()
    for page in pages:
        counted.update({_shape(line) for line in [*page[:EDGE], *page[-EDGE:]] if line})
    return {shape for shape, count in counted.items() if count * 2 > len(pages)}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())
