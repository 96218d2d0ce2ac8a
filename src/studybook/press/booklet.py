"""Impose a booklet for saddle-stitch printing: two pages side by side on each side of a sheet."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject

from ..project import write_atomically
from ..settings import MM

MAX_CREEP_MM = 5.0
METADATA_KEYS = ("/Title", "/Author", "/Subject")
# Two A5 pages (148 mm wide) make 296 mm, not A4's 297 mm: such a sheet is printed on A4.
SIZE_TOLERANCE = 1.5 * MM
SHEETS = {  # landscape, in points
    "US letter": (792.0, 612.0),
    "A4": (297 * MM, 210 * MM),
    "tabloid (11 × 17 in)": (1224.0, 792.0),
    "A3": (420 * MM, 297 * MM),
}

Side = tuple[int | None, int | None]


@dataclass(frozen=True)
class Imposition:
    """What `impose` produced, and how to print it."""

    pages: int
    padded: int
    sheets: int
    sheet_name: str
    sheet_size: tuple[float, float]

    def instructions(self, translate: gettext.NullTranslations) -> str:
        """Printing steps a volunteer can follow at a home or church printer, in the
        study's language."""
        _, ngettext = translate.gettext, translate.ngettext
        steps = [
            ngettext(
                "1. Load %(num)s sheet of %(paper)s paper.",
                "1. Load %(num)s sheets of %(paper)s paper.",
                self.sheets,
            )
            % {"num": self.sheets, "paper": self.sheet_name},
            _("2. Print landscape at actual size (100 %, not “fit to page”)."),
            _("3. Print on both sides, flip on the short edge."),
            _(
                "4. Keep the sheets in the order they come out, fold the stack in half, "
                "and staple on the fold."
            ),
        ]
        if self.padded:
            steps.append(
                ngettext(
                    "%(num)s blank page was added at the back to make the page count a "
                    "multiple of four; it is meant to be empty.",
                    "%(num)s blank pages were added at the back to make the page count a "
                    "multiple of four; they are meant to be empty.",
                    self.padded,
                )
                % {"num": self.padded}
            )
        return "\n".join(steps)


def impose(
    source: Path, target: Path, *, creep_mm: float = 0.0, keep_last: bool = True
) -> Imposition:
    """Write `target`: the pages of `source` imposed two-up for a folded, stapled booklet.

    Sheets are twice as wide as the first page (or the standard paper that nearly is); each page
    is centred on its half, at actual size or, if larger, shrunk to fit.

    `creep_mm` compensates creep: once folded, inner sheets push out past the outer ones at the
    fore-edge, so trimming the booklet flush would leave their text ever closer to the edge.
    Their content moves toward the spine instead: the innermost sheet's by the full amount,
    the outermost's not at all, the ones between in proportion.
    """
    if not 0 <= creep_mm <= MAX_CREEP_MM:
        raise ValueError(f"creep must be between 0 and {MAX_CREEP_MM:g} mm, not {creep_mm:g}")
    reader = PdfReader(source)
    order = booklet_order(len(reader.pages), keep_last)
    width, height = _size(reader.pages[0])
    name, size = _paper(2 * width, height)
    writer = _sheets(reader, order, size, creep_mm)
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomically(target, buffer.getvalue())
    pages = len(reader.pages)
    return Imposition(pages, 2 * len(order) - pages, len(order) // 2, name, size)


def _sheets(
    reader: PdfReader, order: list[Side], size: tuple[float, float], creep_mm: float
) -> PdfWriter:
    """A PDF with one page of `size` per sheet side, each holding two source pages."""
    writer = PdfWriter()
    sheets = len(order) // 2
    half = (size[0] / 2, size[1])
    for side, (left, right) in enumerate(order):
        shift = creep_mm * MM * _depth(side // 2, sheets)
        sheet = writer.add_blank_page(*size)
        for index, x in ((left, shift), (right, half[0] - shift)):
            if index is not None:
                _place(sheet, reader.pages[index], x, half)
        sheet.compress_content_streams()
    _copy_metadata(reader, writer)
    return writer


def booklet_order(pages: int, keep_last: bool = True) -> list[Side]:
    """(left, right) source page indices for each sheet side, in printing order.

    Sides alternate front, back, front, back…; sheet 1 is the outermost. None is a blank page.
    """
    sequence = _padded(pages, keep_last)
    last = len(sequence) - 1
    order: list[Side] = []
    for sheet in range(len(sequence) // 4):
        outer, inner = 2 * sheet, last - 2 * sheet
        # Front: the outside of the fold, e.g. (8, 1) — page 1, the cover, right of the spine.
        order.append((sequence[inner], sequence[outer]))
        # Back: flipping on the short edge turns the landscape sheet about a vertical axis (top
        # stays top; a long-edge flip would print every back upside down), so the back's left
        # half lies behind the front's right half. Page 2 must sit behind page 1 and page 7
        # behind page 8, hence (2, 7), not (7, 2).
        order.append((sequence[outer + 1], sequence[inner - 1]))
    return order


def _padded(pages: int, keep_last: bool) -> list[int | None]:
    """Page indices padded with blanks to a multiple of four, before the back cover if kept."""
    if pages < 1:
        raise ValueError("a booklet needs at least one page")
    blanks = [None] * (-pages % 4)
    if keep_last and pages > 1:
        return [*range(pages - 1), *blanks, pages - 1]
    return [*range(pages), *blanks]


def _depth(sheet: int, sheets: int) -> float:
    """How far in a sheet is nested: 0 for the outermost, 1 for the innermost."""
    return sheet / (sheets - 1) if sheets > 1 else 0.0


def _size(page: PageObject) -> tuple[float, float]:
    """A page's finished (trimmed) size."""
    return float(page.trimbox.width), float(page.trimbox.height)


def _place(sheet: PageObject, page: PageObject, x: float, slot: tuple[float, float]) -> None:
    """Merge `page` into the slot of that size at `x`: actual size, or shrunk to fit, centred."""
    page.pop("/Annots", None)  # links would point at pages this PDF does not have
    page.cropbox = page.trimbox  # pypdf clips merged content to the crop box
    width, height = _size(page)
    scale = min(1.0, slot[0] / width, slot[1] / height)
    box = page.trimbox
    transformation = (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .scale(scale, scale)
        .translate(x + (slot[0] - width * scale) / 2, (slot[1] - height * scale) / 2)
    )
    sheet.merge_transformed_page(page, transformation)


def _copy_metadata(reader: PdfReader, writer: PdfWriter) -> None:
    """Title, author, subject and language. The structure tree of a tagged PDF cannot
    follow its pages onto shared sheets, so the booklet is for printing only."""
    info = reader.metadata or {}
    writer.add_metadata({key: info[key] for key in METADATA_KEYS if key in info})
    if "/Lang" in reader.root_object:
        writer.root_object[NameObject("/Lang")] = TextStringObject(reader.root_object["/Lang"])
    if "/Title" in info:
        writer.create_viewer_preferences().display_doctitle = True


def _paper(width: float, height: float) -> tuple[str, tuple[float, float]]:
    """The name and size of the standard paper this sheet is, or of the sheet itself."""
    for name, (known_width, known_height) in SHEETS.items():
        if (
            abs(width - known_width) <= SIZE_TOLERANCE
            and abs(height - known_height) <= SIZE_TOLERANCE
        ):
            return name, (known_width, known_height)
    return f"{width:.0f} × {height:.0f} pt", (width, height)
