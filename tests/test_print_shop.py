"""Files for print shops and for screen readers, checked rather than assumed: PDF/X-4 with
its output intent, trim and bleed boxes and black in black ink; PDF/UA by a maintained
checker (pdfua, MIT, on pikepdf) and the PDF syntax by qpdf, on the sample and real
studies; and the covers of every design at every paper size."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from .conftest import ROOT, build, project_of, squash
from .pdftext import assert_text_inside_pages, page_sizes, page_texts

pdfua = pytest.importorskip("pdfua", reason="pdfua (the PDF/UA checker) is a test dependency")

MM = 72 / 25.4
STUDIES = Path(__file__).parent / "data" / "studies"
SETTINGS = "church: Grace Chapel\ngroup: Wednesday Night\nplace: Room 4\nstart: 2027-01-13\n"


def _project(folder: Path, *studies: Path, settings: str = SETTINGS) -> Path:
    return project_of(folder, *studies, settings=settings)


@pytest.fixture(scope="module")
def pdf_x(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's participant edition as PDF/X-4 with 3 mm bleed and crop marks."""
    project = _project(tmp_path_factory.mktemp("pdfx"), ROOT / "content/exodus-32-intercession.md")
    (project / "images").mkdir()
    from PIL import Image

    Image.new("RGB", (60, 30), (200, 30, 30)).save(project / "images/logo.png")
    args = ["--edition", "participant", "--pdf-x", "--bleed", "3", "--marks", "crop"]
    code, output = build(project, *args, "--logo", "images/logo.png", "--cover", "band")
    assert code == 0, output
    return project / "output/exodus-32-intercession/exodus-32-intercession-participant.pdf"


def test_pdf_x_declares_pdf_x_4_with_a_cmyk_output_intent(pdf_x: Path) -> None:
    with pikepdf.open(pdf_x) as pdf:
        assert pdf.pdf_version == "1.6"
        with pdf.open_metadata() as meta:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert meta["pdf:Trapped"] == "False"
            assert meta["pdfuaid:part"] == "1"  # still tagged for screen readers
        assert pdf.docinfo.Trapped == pikepdf.Name("/False")
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[12:16] == b"prtr" and profile[16:20] == b"CMYK"  # an output profile
        assert intent.DestOutputProfile.N == 4
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.check_pdf_syntax() == []


def test_pdf_x_has_trim_and_bleed_boxes_from_the_bleed(pdf_x: Path) -> None:
    bleed = 3 * MM
    with pikepdf.open(pdf_x) as pdf:
        for page in pdf.pages:
            assert [float(v) for v in page.TrimBox] == [0, 0, 396, 612]
            assert [float(v) for v in page.BleedBox] == pytest.approx(
                [-bleed, -bleed, 396 + bleed, 612 + bleed], abs=0.01
            )
            media = [float(v) for v in page.MediaBox]
            assert media[0] <= -bleed + 0.01 and media[2] >= 396 + bleed - 0.01


def test_pdf_x_prints_black_in_black_ink_and_manages_rgb(pdf_x: Path) -> None:
    """Text and rules are drawn in CMYK black alone (no four-colour black); the logo, an
    RGB image, is declared sRGB, and any RGB drawing maps to sRGB through DefaultRGB."""
    rgb = re.compile(rb"\brg\b|\bRG\b")
    with pikepdf.open(pdf_x) as pdf:
        pages = [page.Contents.read_bytes() for page in pdf.pages]
        assert not [page for page in pages if rgb.search(page)]
        forms = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Form
        ]
        drawn = b"".join(pages + [form.read_bytes() for form in forms])
        assert b"/DeviceCMYK cs" in drawn and b"0 0 0 1 scn" in drawn
        for page in pdf.pages:
            assert page.Resources.ColorSpace.DefaultRGB[0] == pikepdf.Name.ICCBased
        for form in forms:  # WeasyPrint draws crop marks in RGB: mapped to sRGB too
            if rgb.search(form.read_bytes()) and "/Resources" in form:
                assert "/DefaultRGB" in form.Resources.get("/ColorSpace", {})
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image
        ]
        assert images and all(image.ColorSpace[0] == pikepdf.Name.ICCBased for image in images)


def test_pdf_x_is_the_same_for_the_same_study(tmp_path: Path, pdf_x: Path) -> None:
    project = pdf_x.parents[2]
    first = pdf_x.read_bytes()
    args = ["--edition", "participant", "--pdf-x", "--bleed", "3", "--marks", "crop"]
    code, output = build(project, *args, "--logo", "images/logo.png", "--cover", "band", "--force")
    assert code == 0, output
    assert pdf_x.read_bytes() == first


def test_pdf_x_and_pdf_a_together_is_a_problem(tmp_path: Path) -> None:
    project = _project(tmp_path, STUDIES / "flow-guide.yaml")
    code, output = build(project, "--pdf-x", "--pdf-a")
    assert code == 1
    assert "--pdf-x: both PDF/X and PDF/A are asked for" in output


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Both editions of the sample and of a real study, tagged (the default), and as PDF/A."""
    sample = ROOT / "content/exodus-32-intercession.md"
    project = _project(tmp_path_factory.mktemp("ua"), sample, STUDIES / "flow-guide.yaml")
    code, output = build(project)
    assert code == 0, output
    code, output = build(project, "--pdf-a", "--output", str(project / "archive"))
    assert code == 0, output
    return sorted(project.rglob("*.pdf"))


def test_every_edition_passes_the_pdf_ua_checker(editions: list[Path]) -> None:
    """Tagged editions pass every check pdfua makes; PDF/A-2a files (tagged, but declaring
    PDF/A, whose XMP may hold no other identification without an extension schema) pass
    all but the PDF/UA identification."""
    for pdf in editions:
        archived = "archive" in pdf.parts
        findings = {(f.rule_id, f.message) for f in pdfua.validate(pdf).findings}
        assert {rule for rule, _ in findings} <= ({"UA-28-004"} if archived else set()), pdf
        with pikepdf.open(pdf) as opened:
            assert opened.check_pdf_syntax() == [], pdf.name
            assert opened.open_metadata().pdfa_status == ("2A" if archived else "")
            assert "/StructTreeRoot" in opened.Root


@pytest.mark.parametrize("paper", ["half-letter", "a5", "letter", "a4"])
@pytest.mark.parametrize("large", [False, True])
def test_every_cover_design_works_at_every_size(tmp_path: Path, paper: str, large: bool) -> None:
    """Each design puts the title in the upper part of the cover and the church's details
    at its foot, inside the page, without hyphens."""
    project = _project(tmp_path, STUDIES / "flow-guide.yaml")
    print_size = ["--large-print"] if large else []
    for design in ("classic", "band", "frame"):
        out = tmp_path / design
        args = ["--edition", "participant", "--paper", paper, "--cover", design, *print_size]
        code, output = build(project, *args, "--output", str(out))
        assert code == 0, output
        pdf = next(out.rglob("*.pdf"))
        assert_text_inside_pages(pdf)
        cover = pdfium.PdfDocument(pdf)[0]
        height = page_sizes(pdf)[0][1]
        textpage = cover.get_textpage()
        text = textpage.get_text_range()
        assert "\u2010" not in text and "Anger and Reconciliation" in squash(text)
        title = textpage.search("Anger").get_next()
        church = textpage.search("Grace Chapel").get_next()
        assert title and church
        title_top = textpage.get_charbox(title[0])[3]
        church_top = textpage.get_charbox(church[0])[3]
        assert title_top > height * 0.6, (design, paper)
        assert church_top < height * 0.5 < title_top - height * 0.15, (design, paper)
        assert "Contents" in page_texts(pdf)[1]
