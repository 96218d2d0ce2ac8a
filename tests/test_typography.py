"""Typography a typesetter would sign, read from the PDFs: display type never hyphenated,
references and attributions kept together, contents leaders aligned, the appendix's
measure, large print to the guidelines, and no page left half empty mid-flow."""

from __future__ import annotations

import itertools
import re
import statistics
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from .conftest import ROOT, build, project_of
from .pdftext import Line, assert_text_inside_pages, page_sizes, page_texts, text_lines

STUDIES = Path(__file__).parent / "data" / "studies"
SAMPLE = "exodus-32-intercession.md"
SETTINGS = "church: St. Mary's Parish\ngroup: Wednesday Night\nstart: 2027-01-13\ntime: '19:00'\n"
HYPHENS = ("\u2010", "\x02", "\u00ad")  # a hyphenated line's end, as pdfium reads it
# Display type: headings, labels, numbers and questions are set in Source Sans Pro or in the
# serif's semibold; the cover and the contents are display type throughout.
DISPLAY_FONTS = ("Source-Sans-Pro", "Source-Serif-Pro-Semi-Bold", "Source-Serif-Pro-Semibold")
LARGE_DISPLAY_FONTS = ("Source-Sans-Pro-Semi-Bold", "Source-Sans-Pro-Bold")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Both editions of the sample at half-letter, letter and in large print, and of the
    real studies: every PDF, by the name of its build."""
    sample = project_of(
        tmp_path_factory.mktemp("sample"), ROOT / "content" / SAMPLE, settings=SETTINGS
    )
    real = project_of(
        tmp_path_factory.mktemp("real"), *sorted(STUDIES.glob("*.yaml")), settings=SETTINGS
    )
    found = {}
    for name, project, args in [
        ("half-letter", sample, []),
        ("letter", sample, ["--paper", "letter"]),
        ("a4", sample, ["--paper", "a4"]),
        ("large", sample, ["--large-print"]),
        ("real", real, []),
        ("real-large", real, ["--large-print"]),
    ]:
        out = project / f"out-{name}"
        code, output = build(project, "--output", str(out), *args)
        assert code == 0, output
        found[name] = sorted(out.rglob("*.pdf"))
    return found


@pytest.fixture(scope="module")
def lines(books: dict[str, list[Path]]) -> dict[Path, list[Line]]:
    return {pdf: text_lines(pdf) for pdfs in books.values() for pdf in pdfs}


def _display(line: Line, pages: int, *, large: bool) -> bool:
    """Whether a line ends in display type, or is on a cover or the contents: Source Sans
    Pro (in large print, whose body is set in it, its bold weights) or the serif's semibold."""
    end = len(line.text.rstrip()) - 1
    fonts = LARGE_DISPLAY_FONTS if large else DISPLAY_FONTS
    return line.page <= 2 or line.page == pages or line.fonts[end].startswith(fonts)


def test_display_type_is_never_hyphenated(books, lines) -> None:
    for name, pdfs in books.items():
        for pdf in pdfs:
            found = lines[pdf]
            pages = max(line.page for line in found)
            display = [line for line in found if _display(line, pages, large="large" in name)]
            assert len(display) > 20, pdf
            for line in display:
                assert not line.text.rstrip().endswith(HYPHENS), (pdf.name, line)


def test_hyphens_fall_only_in_body_words(lines) -> None:
    """A hyphenated word is a body word of six letters or more, never a capitalised name
    nor the last word of its paragraph, and never three hyphenated lines in a row."""
    hyphenated = 0
    for pdf, found in lines.items():
        run = 0
        for line, after in itertools.pairwise(found):
            if not line.text.rstrip().endswith(HYPHENS):
                run = 0
                continue
            hyphenated += 1
            run += 1
            assert run <= 2, (pdf.name, line.page, line.text)
            head = re.findall(r"[\w’']+", line.text)[-1]
            assert len(head) >= 3 and head[0].islower(), (pdf.name, line.text)  # not a name
            if after.page == line.page and after.size == line.size:  # not a page's foot
                tail, rest = re.match(r"([\w’']*)(.*)", after.text.lstrip()).groups()
                assert len(tail) >= 3, (pdf.name, line.text, after.text)
                assert re.search(r"\w", rest), (pdf.name, head + tail)  # not the last word
    assert hyphenated >= 2  # body text does hyphenate


def test_no_word_breaks_without_a_hyphen(lines) -> None:
    """A word is never cut bare at a line's end ("Abra|ham"): a line ending in what is no
    word inside any line, whose next line goes on to make one, is such a cut."""
    word = r"[^\W\d_][\w’']*"
    for pdf, found in lines.items():
        inner = {w for line in found for w in re.findall(word, line.text)[1:-1]}
        for line, after in itertools.pairwise(found):
            head = re.search(word + "$", line.text)
            tail = re.match(r"[\w’']+", after.text)
            if head and tail and head[0] not in inner:
                assert head[0] + tail[0] not in inner, (pdf.name, line.page, line.text)


def test_no_line_ends_in_a_dash_or_inside_a_reference(lines) -> None:
    for pdf, found in lines.items():
        for line, after in itertools.pairwise(found):
            if line.page != after.page:
                continue
            end = line.text.rstrip()
            reference = re.match(r"\(|(\d )?[A-Z][a-z]+\.?\s\d|\d+[:.]\d", after.text)
            assert not (end.endswith(("—", "–")) and reference), (pdf.name, end, after.text)
            verse_number = after.fonts[0].endswith("Bold") and after.text[:1].isdigit()
            if re.search(r"[A-Za-z]$", end) and not verse_number:
                # "Exodus" at the end of a line and "32:32" starting the next
                assert not re.match(r"\d+[:.]\d", after.text), (pdf.name, end, after.text)
            assert not re.match(r"\((?:BSB|WEB|KJV|ESV)\)", after.text), (pdf.name, after.text)


def test_contents_leaders_line_up_and_numbers_align(lines) -> None:
    for pdf, found in lines.items():
        rows = [line for line in found if line.page == 2 and re.search(r"\. \. \.", line.text)]
        assert len(rows) >= 2, pdf.name
        rights = {round(row.rights[-1], 1) for row in rows}
        assert max(rights) - min(rights) < 0.2, (pdf.name, rights)  # numbers set flush right
        dots = [row.lefts[i] for row in rows for i, c in enumerate(row.text) if c == "." and
                row.text[i - 1: i + 2] in (" . ", " .", ". ")]  # fmt: skip
        pitch = min(
            b - a for a, b in zip(sorted(dots), sorted(dots)[1:], strict=False) if b - a > 1
        )
        phases = {round((x - dots[0]) / pitch % 1, 2) % 1 for x in dots}
        assert phases <= {0.0, 0.99, 0.01}, (pdf.name, phases)  # one grid from row to row
        leaders: set[str] = set()
        for row in rows:
            first = next(i for i, c in enumerate(row.text) if row.text[i:].startswith(". ."))
            title_end = max((i for i in range(first) if not row.text[i].isspace()), default=None)
            numbers = [i for i, c in enumerate(row.text) if c.isdigit() and i > first]
            leaders |= {row.fonts[i] for i in range(first, len(row.text))}
            if title_end is not None:  # a space between the title and its leaders
                assert row.lefts[first] - row.rights[title_end] > 0.3 * row.size, (pdf.name, row)
            assert numbers and numbers[-1] == len(row.text.rstrip()) - 1
        assert len(leaders) == 1, (pdf.name, leaders)  # leaders and numbers in one font


def test_contents_and_openers_carry_no_running_head(books, lines) -> None:
    """The contents and each page where a section begins have no running head (a line
    above the text area); the pages after them do."""
    for pdf in books["half-letter"] + books["letter"] + books["real"]:
        height = page_sizes(pdf)[0][1]
        found = lines[pdf]
        heads = {line.page for line in found if line.bottom > height * 0.9}
        openers = {line.page for line in found if line.bottom < height * 0.9 and re.match(
            r"Contents|Scripture Passages|Session \d+ (plan|·)", line.text)}  # fmt: skip
        assert openers and not openers & heads, (pdf.name, openers & heads)
        assert heads or "exodus" not in pdf.name  # the sample's other pages have heads


def _appendix_lines(pdf: Path, found: list[Line]) -> list[Line]:
    pages = page_texts(pdf)
    first = next(n for n, t in enumerate(pages, 1) if t.lstrip().startswith("Scripture Passages"))
    body = statistics.mode(round(line.size, 1) for line in found if line.page >= first)
    return [line for line in found if first <= line.page < len(pages) and
            round(line.size, 1) == body and line.fonts[0] == "Source-Serif-Pro"]  # fmt: skip


@pytest.mark.parametrize(("name", "columns"), [("half-letter", 1), ("letter", 2), ("a4", 2)])
def test_the_appendix_is_set_for_reading(books, lines, name: str, columns: int) -> None:
    """60–75 characters a line in one column, or two columns on letter and A4 (a Bible's
    measure, 35–55), ragged right; a verse number never ends a line."""
    for pdf in books[name]:
        found = _appendix_lines(pdf, lines[pdf])
        lengths = sorted(len(line.text.strip()) for line in found)
        longest = lengths[int(len(lengths) * 0.95)]
        lows, highs = (55, 80) if columns == 1 else (35, 60)
        assert lows <= longest <= highs, (pdf.name, longest)
        lefts = {round(line.lefts[0] / 10) for line in found if line.page == found[0].page}
        assert len({left for left in lefts if lefts}) >= columns
        rights = [line.rights[-1] for line in found]
        assert statistics.pstdev(rights) > 3  # ragged right, not justified
        for line in lines[pdf]:
            text = line.text.rstrip()
            if text and text[-1].isdigit():
                assert line.sizes[len(text) - 1] > 0.8 * line.size, (pdf.name, text)


def test_large_print_follows_the_guidelines(books, lines) -> None:
    """ACB (2025): 18 pt for all text, headings 20 and 22 pt, no italics, sans serif; RNIB
    1.5 line spacing; no hyphenation."""
    for pdf in books["large"]:
        found = lines[pdf]
        sizes = [size for line in found for size, c in zip(line.sizes, line.text, strict=True)
                 if not c.isspace()]  # fmt: skip
        assert min(sizes) >= 17.95, pdf.name
        fonts = {font for line in found for font in line.fonts}
        assert not [f for f in fonts if "Italic" in f], fonts
        assert all(f.startswith("Source-Sans-Pro") for f in fonts if "Serif" not in f)
        assert {f for f in fonts if f.startswith("Source-Serif")} == set(), fonts
        assert not any(line.text.rstrip().endswith(HYPHENS) for line in found)
        heading = max(
            (line for line in found if line.text.startswith("Setting the Scene")),
            key=lambda line: line.size,
        )  # the heading, not the contents or plan
        title = next(line for line in found if line.text.startswith("How does Exodus") and
                     line.page > 2)  # fmt: skip
        assert round(heading.size) == 20 and round(title.size) == 22
        body = [line for line in found if line.text.startswith(("Israel has just", "(Exodus 32:1"))]
        if len(body) == 2:
            assert body[0].bottom - body[1].bottom == pytest.approx(27, abs=0.6)
        assert_text_inside_pages(pdf)


def _blank_fractions(pdf: Path) -> list[tuple[int, float]]:
    """How much of the text area is left empty at the foot of each page whose content goes
    on over the next page: not a cover, contents, plan, journal or blank page, nor the last
    page of a session or of the appendix (followed by a page that starts something new)."""
    reader = pypdf.PdfReader(pdf)
    starts = {len(reader.pages) - 1}
    for name, destination in reader.named_destinations.items():
        if re.fullmatch(r"session-\d+(-journal)?|appendix", name):
            starts.add(reader.get_destination_page_number(destination))
    texts = page_texts(pdf)
    document = pdfium.PdfDocument(pdf)
    found = []
    for index, page in enumerate(document):
        text = texts[index].strip()
        furniture = not text or text.startswith(("Contents", "Day ")) or " plan" in text[:20]
        last = index + 1 >= len(texts)
        if last or index == 0 or index + 1 in starts or furniture or not texts[index + 1].strip():
            continue
        height = page.get_size()[1]
        top, bottom = height * 0.9, height * 0.08  # under the running head, over the folio
        lows = [o.get_bounds()[1] for o in page.get_objects(max_depth=10)
                if bottom < o.get_bounds()[1] and o.get_bounds()[3] < top]  # fmt: skip
        found.append((index + 1, (min(lows) - bottom) / (top - bottom)))
    document.close()
    return found


BLANK_BOUND = 0.3
LARGE_BLANK_BOUND = 0.55


def test_no_page_is_left_largely_blank_mid_flow(books) -> None:
    """No page whose content goes on over the next page is more than 30 % empty, or 55 % in
    large print.

    What may end a page early is a block kept whole: a heading with what follows it, a
    question with its first writing line or the first lines of the leader's box, a prayer,
    or a paragraph's last two lines. In standard print the largest of these is about a
    quarter of the text area, so 30 % leaves room for one such jump and no more. Large print
    on half-letter paper holds about 19 lines a page, and a part's heading, its instruction
    and a question with the first lines of its box take up to half of them.
    """
    for name, pdfs in books.items():
        bound = LARGE_BLANK_BOUND if name.endswith("large") else BLANK_BOUND
        for pdf in pdfs:
            fractions = _blank_fractions(pdf)
            worst = max((f for _, f in fractions), default=0)
            assert worst <= bound, (name, pdf.name, fractions)
