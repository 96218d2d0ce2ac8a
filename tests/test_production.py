"""Print production on real output: booklet order, handouts, bleed and marks, PDF/A."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from studybook.press.booklet import booklet_order

from .conftest import build, three_session_project
from .pdftext import key, page_sizes, page_texts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-session study with booklets and handouts, built once for this module."""
    project = three_session_project(tmp_path_factory.mktemp("production"))
    code, output = build(project, "--booklet", "--handouts", "--church", "Grace Chapel")
    assert code == 0, output
    return project / "output" / "prayer"


def halves(page: pdfium.PdfPage) -> tuple[str, str]:
    """The text on the left and right half of an imposed sheet side."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    left = textpage.get_text_bounded(left=0, bottom=0, right=width / 2, top=height)
    right = textpage.get_text_bounded(left=width / 2, bottom=0, right=width, top=height)
    return left, right


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_booklet_sheets_hold_the_right_pages(built: Path, edition: str) -> None:
    source = page_texts(built / f"prayer-{edition}.pdf")
    booklet = built / f"prayer-{edition}-booklet.pdf"
    order = booklet_order(len(source))
    assert len(page_sizes(booklet)) == len(order) == 2 * -(-len(source) // 4)
    assert set(page_sizes(booklet)) == {(792.0, 612.0)}
    pdf = pdfium.PdfDocument(booklet)
    for side, (left, right) in enumerate(order):
        got = halves(pdf[side])
        for index, text in zip((left, right), got, strict=True):
            expected = "" if index is None else source[index]
            assert key(text) == key(expected), (side, index)


def test_padding_blanks_sit_just_before_the_back_cover(built: Path) -> None:
    pages = len(page_sizes(built / "prayer-participant.pdf"))
    order = booklet_order(pages)
    slots = sorted(i for side in order for i in side if i is not None)
    blanks = 4 * -(-pages // 4) - pages
    assert slots == list(range(pages))
    flat = [i for side in order for i in side]
    assert flat.count(None) == blanks
    back_cover_text = page_texts(built / "prayer-participant.pdf")[-1]
    assert "Scripture in the appendix is from the World English Bible" in back_cover_text


def test_booklet_prints_how_to_print_it(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    code, output = build(project, "--booklet", "--edition", "leader")
    assert code == 0, output
    assert "prayer-leader-booklet.pdf" in output
    assert "US letter" in output and "flip on the short edge" in output
    assert "sheets" in output


@pytest.mark.parametrize("session", [1, 2, 3])
def test_handouts_hold_one_session_its_journal_and_its_passages(built: Path, session: int) -> None:
    pages = page_texts(built / f"prayer-session-{session}.pdf")
    text = key("".join(pages))
    others = {1, 2, 3} - {session}
    assert key(f"Evening {session}") in text
    assert key(f"Read Exodus 32:{session} together") in text
    assert all(key(f"Read Exodus 32:{n} together") not in text for n in others)
    assert key(f"Exodus 32:{session}") in text  # its appendix passage
    assert all(key(f"Exodus 32:{n}\n") not in text for n in others)
    # Lean: a line naming the study over the session itself, its two journal days and its
    # passages; no cover, contents or back cover.
    assert pages[0].startswith("Three Evenings of Prayer · Grace Chapel")
    assert key(f"Session {session}Evening {session}") in key(pages[0])
    assert [p.splitlines()[0] for p in pages[1:3]] == ["Day 1", "Day 2"]
    assert pages[3].startswith("Scripture Passages") and len(pages) == 4
    assert "Contents" not in text and "Participant Handout" not in text
    assert key("Scripture in the appendix is from") not in text


def test_handout_appendix_holds_only_its_own_passage(built: Path) -> None:
    pages = page_texts(built / "prayer-session-2.pdf")
    appendix = "".join(pages[next(i for i, t in enumerate(pages) if "Every passage" in t) :])
    assert "Exodus 32:2" in appendix
    assert "Exodus 32:1" not in appendix.replace("Exodus 32:2", "")
    assert "Exodus 32:3" not in appendix


def test_bleed_and_crop_marks_keep_the_trim_size(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    code, output = build(project, "--edition", "leader", "--bleed", "3", "--marks", "crop")
    assert code == 0, output
    bleed = 3 * 72 / 25.4
    for page in pypdf.PdfReader(project / "output/prayer/prayer-leader.pdf").pages:
        assert [float(v) for v in page.trimbox] == [0, 0, 396, 612]
        assert [float(v) for v in page.bleedbox] == pytest.approx(
            [-bleed, -bleed, 396 + bleed, 612 + bleed], abs=0.01
        )


@pytest.mark.parametrize(("tagging", "level"), [("--pdf-ua", "A"), ("--no-pdf-ua", "B")])
def test_pdf_a_is_declared(tmp_path: Path, tagging: str, level: str) -> None:
    """Tagged archival files claim PDF/A-2a, PDF/A's accessible level; untagged ones 2b."""
    project = three_session_project(tmp_path)
    code, output = build(project, "--edition", "participant", "--pdf-a", tagging)
    assert code == 0, output
    reader = pypdf.PdfReader(project / "output/prayer/prayer-participant.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and f'pdfaid:conformance="{level}"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert ("/StructTreeRoot" in reader.trailer["/Root"]) == (level == "A")


def test_creep_out_of_range_is_an_input_problem(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    code, output = build(project, "--booklet", "--creep", "9")
    assert code == 1
    assert "--creep: 'creep' must be at most 5" in output
