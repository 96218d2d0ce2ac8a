"""Saddle-stitch imposition: page order, sheet geometry, blanks, creep, on real PDFs."""

from __future__ import annotations

import gettext
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import weasyprint

from studybook.press.booklet import Imposition, booklet_order, impose

MM = 72 / 25.4
HALF_LETTER = "396pt 612pt"


def make_source(folder: Path, pages: int, size: str = HALF_LETTER, css: str = "") -> Path:
    """A PDF of `pages` pages reading "Page 1", "Page 2", … rendered by WeasyPrint."""
    sections = "".join(f"<section>Page {k}</section>" for k in range(1, pages + 1))
    html = f"""<html><head><title>Golden Calf</title>
        <meta name="author" content="Ann Leader"><meta name="description" content="Exodus 32">
        <style>@page {{ size: {size}; margin: 36pt }} section {{ break-before: page }} {css}</style>
        </head><body>{sections}</body></html>"""
    path = folder / f"source-{pages}.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    assert len(pypdf.PdfReader(path).pages) == pages
    return path


def halves(path: Path) -> list[tuple[str, str]]:
    """The text on the left and on the right half of every page."""
    pdf = pdfium.PdfDocument(path)
    try:
        found = []
        for page in pdf:
            width, height = page.get_size()
            text = page.get_textpage()
            found.append(
                tuple(
                    text.get_text_bounded(
                        left=left, bottom=0, right=left + width / 2, top=height
                    ).strip()
                    for left in (0, width / 2)
                )
            )
        return found
    finally:
        pdf.close()


def text_rects(path: Path) -> list[list[tuple[float, float, float, float]]]:
    """The boxes (left, bottom, right, top) of the text runs on every page, in points."""
    pdf = pdfium.PdfDocument(path)
    try:
        found = []
        for page in pdf:
            text = page.get_textpage()
            found.append([text.get_rect(i) for i in range(text.count_rects())])
        return found
    finally:
        pdf.close()


def text_lefts(path: Path) -> list[tuple[float, float]]:
    """Where the text starts on the left and on the right half of every page."""
    middle = pypdf.PdfReader(path).pages[0].mediabox.width / 2
    return [
        (min(r[0] for r in rects if r[0] < middle), min(r[0] for r in rects if r[0] >= middle))
        for rects in text_rects(path)
    ]


def drawn_spans(path: Path, index: int) -> list[tuple[float, float]]:
    """The horizontal extent of everything drawn on one page."""
    pdf = pdfium.PdfDocument(path)
    try:
        return [obj.get_bounds()[0::2] for obj in pdf[index].get_objects()]
    finally:
        pdf.close()


def read_folded(sides: list[tuple[str, str]]) -> list[str]:
    """What a reader meets, cover to cover, in the printed, stacked, folded, stapled sheets.

    A physical model, independent of `booklet_order`: flipping a landscape sheet on its short
    edge turns it about a vertical axis, so the back's left half lies behind the front's right
    half. Folded, each sheet makes two leaves: its right half (first half of the booklet,
    outermost sheet first) and its left half (second half, innermost sheet first). A leaf is
    read recto (the side facing the reader on turning to it) then verso.
    """
    sheets = list(zip(sides[0::2], sides[1::2], strict=True))
    behind = {"left": 1, "right": 0}  # short-edge flip: index of the back half behind a front half
    leaves = [(front[1], back[behind["right"]]) for front, back in sheets]
    leaves += [(back[behind["left"]], front[0]) for front, back in reversed(sheets)]
    return [page for leaf in leaves for page in leaf]


def one_based(order: list[tuple[int | None, int | None]]) -> list[tuple[int | None, ...]]:
    return [tuple(None if i is None else i + 1 for i in side) for side in order]


# --- booklet_order -----------------------------------------------------------------------------


def test_four_pages_make_one_sheet() -> None:
    assert one_based(booklet_order(4)) == [(4, 1), (2, 3)]


def test_eight_pages_make_two_nested_sheets() -> None:
    assert one_based(booklet_order(8)) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_twelve_pages() -> None:
    assert one_based(booklet_order(12)) == [
        (12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7),
    ]  # fmt: skip


def test_blanks_go_before_the_back_cover() -> None:
    assert one_based(booklet_order(5)) == [(5, 1), (2, None), (None, 3), (4, None)]
    assert one_based(booklet_order(10)) == [
        (10, 1), (2, None), (None, 3), (4, 9), (8, 5), (6, 7),
    ]  # fmt: skip


def test_blanks_go_at_the_end_unless_the_last_page_is_kept() -> None:
    assert one_based(booklet_order(5, keep_last=False)) == [
        (None, 1), (2, None), (None, 3), (4, 5),
    ]  # fmt: skip
    assert one_based(booklet_order(10, keep_last=False)) == [
        (None, 1), (2, None), (10, 3), (4, 9), (8, 5), (6, 7),
    ]  # fmt: skip


def test_a_single_page_is_the_front_cover() -> None:
    assert booklet_order(1) == [(None, 0), (None, None)]


def test_no_pages_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        booklet_order(0)


@pytest.mark.parametrize("keep_last", [True, False])
@pytest.mark.parametrize("pages", range(1, 22))
def test_folded_sheets_read_in_order(pages: int, keep_last: bool) -> None:
    sides = [
        tuple("" if i is None else f"Page {i + 1}" for i in side)
        for side in booklet_order(pages, keep_last)
    ]
    blanks = [""] * (-pages % 4)
    kept = keep_last and pages > 1
    body = [f"Page {k}" for k in range(1, pages + (0 if kept else 1))]
    expected = body + blanks + ([f"Page {pages}"] if kept else [])
    assert read_folded(sides) == expected


# --- impose ------------------------------------------------------------------------------------


def test_eight_pages_on_two_letter_sheets(tmp_path: Path) -> None:
    target = tmp_path / "booklet.pdf"
    result = impose(make_source(tmp_path, 8), target)
    assert result == Imposition(8, 0, 2, "US letter", (792.0, 612.0))
    assert [tuple(float(x) for x in p.mediabox) for p in pypdf.PdfReader(target).pages] == [
        (0, 0, 792, 612)
    ] * 4
    assert halves(target) == [
        ("Page 8", "Page 1"), ("Page 2", "Page 7"), ("Page 6", "Page 3"), ("Page 4", "Page 5"),
    ]  # fmt: skip
    assert read_folded(halves(target)) == [f"Page {k}" for k in range(1, 9)]


@pytest.mark.parametrize(
    ("keep_last", "blank_halves"),
    [(True, [(1, 1), (2, 0), (3, 1)]), (False, [(0, 0), (1, 1), (2, 0)])],
)
def test_padding_pages_are_truly_blank(
    tmp_path: Path, keep_last: bool, blank_halves: list[tuple[int, int]]
) -> None:
    target = tmp_path / "booklet.pdf"
    result = impose(make_source(tmp_path, 5), target, keep_last=keep_last)
    assert (result.pages, result.padded, result.sheets) == (5, 3, 2)
    sides = halves(target)
    assert [(i, h) for i, side in enumerate(sides) for h in (0, 1) if not side[h]] == blank_halves
    for side, half in blank_halves:
        low, high = half * 396, (half + 1) * 396
        assert not [span for span in drawn_spans(target, side) if span[0] < high and span[1] > low]
    body = ["Page 1", "Page 2", "Page 3", "Page 4"]
    tail = ["", "", "", "Page 5"] if keep_last else ["Page 5", "", "", ""]
    assert read_folded(sides) == body + tail


@pytest.mark.parametrize(
    ("page", "name", "sheet"),
    [
        ("148mm 210mm", "A4", (841.89, 595.28)),
        ("8.5in 11in", "tabloid (11 × 17 in)", (1224, 792)),
        ("210mm 297mm", "A3", (1190.55, 841.89)),
        ("300pt 500pt", "600 × 500 pt", (600, 500)),
    ],
)
def test_sheet_is_the_page_doubled_landscape(
    tmp_path: Path, page: str, name: str, sheet: tuple[float, float]
) -> None:
    target = tmp_path / "booklet.pdf"
    result = impose(make_source(tmp_path, 4, size=page), target)
    assert result.sheet_name == name
    assert result.sheet_size == pytest.approx(sheet, abs=0.01)
    sizes = [
        (float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(target).pages
    ]
    assert sizes == [pytest.approx(sheet, abs=0.01)] * 2
    assert halves(target) == [("Page 4", "Page 1"), ("Page 2", "Page 3")]


def test_a_larger_page_is_shrunk_to_fit_its_half(tmp_path: Path) -> None:
    css = "@page big { size: 612pt 792pt } section:nth-child(2) { page: big }"
    source, target = make_source(tmp_path, 4, css=css), tmp_path / "booklet.pdf"
    impose(source, target)
    assert [p.mediabox[2:] for p in pypdf.PdfReader(target).pages] == [[792, 612]] * 2
    assert halves(target)[1] == ("Page 2", "Page 3")
    assert all(right <= 396 for left, right in drawn_spans(target, 1) if left < 396)
    scale = 396 / 612  # the 612 × 792 pt page, shrunk to the 396 pt wide half
    rise = (612 - 792 * scale) / 2  # and centred vertically
    [[original]] = text_rects(source)[1:2]
    [placed, beside] = text_rects(target)[1]
    assert placed == pytest.approx([v * scale + (0, rise)[i % 2] for i, v in enumerate(original)])
    assert beside[0] == pytest.approx(396 + original[0])  # page 3 beside it: actual size


def test_creep_moves_inner_sheets_toward_the_spine(tmp_path: Path) -> None:
    source = make_source(tmp_path, 16)
    impose(source, tmp_path / "flat.pdf")
    impose(source, tmp_path / "creep.pdf", creep_mm=2)
    assert halves(tmp_path / "creep.pdf") == halves(tmp_path / "flat.pdf")
    flat, creep = text_lefts(tmp_path / "flat.pdf"), text_lefts(tmp_path / "creep.pdf")
    for side in range(8):
        shift = 2 * MM * (side // 2) / 3
        assert creep[side][0] - flat[side][0] == pytest.approx(shift, abs=0.01)
        assert creep[side][1] - flat[side][1] == pytest.approx(-shift, abs=0.01)
    assert creep[6][0] - flat[6][0] == pytest.approx(5.67, abs=0.01)  # innermost: 2 mm


@pytest.mark.parametrize("creep_mm", [-0.5, 5.1])
def test_creep_must_be_small_and_positive(tmp_path: Path, creep_mm: float) -> None:
    with pytest.raises(ValueError, match="creep"):
        impose(tmp_path / "missing.pdf", tmp_path / "booklet.pdf", creep_mm=creep_mm)


def test_text_and_metadata_survive(tmp_path: Path) -> None:
    target = tmp_path / "booklet.pdf"
    impose(make_source(tmp_path, 4), target)
    metadata = pypdf.PdfReader(target).metadata
    assert (metadata.title, metadata.author, metadata.subject) == (
        "Golden Calf", "Ann Leader", "Exodus 32",
    )  # fmt: skip
    assert "Page 1" in pypdf.PdfReader(target).pages[0].extract_text()


def test_target_is_replaced_without_leftovers(tmp_path: Path) -> None:
    source = make_source(tmp_path, 4)
    target = tmp_path / "out" / "booklet.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    impose(source, target)
    assert [p.name for p in target.parent.iterdir()] == ["booklet.pdf"]
    assert len(pypdf.PdfReader(target).pages) == 2


def test_instructions_tell_a_volunteer_what_to_do() -> None:
    text = Imposition(10, 2, 3, "US letter", (792, 612)).instructions(gettext.NullTranslations())
    assert "3 sheets of US letter paper" in text
    assert "landscape" in text
    assert "both sides, flip on the short edge" in text
    assert "fold" in text and "staple" in text
    assert "2 blank pages were added" in text


def test_instructions_skip_padding_when_there_is_none() -> None:
    text = Imposition(4, 0, 1, "A4", (841.89, 595.28)).instructions(gettext.NullTranslations())
    assert "1 sheet of A4 paper" in text
    assert "blank" not in text
