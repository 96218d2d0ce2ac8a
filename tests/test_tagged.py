"""Tagged PDF: what a screen reader gets from both editions, handouts and booklets."""

from __future__ import annotations

import re
import shutil
from itertools import pairwise
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from studybook.render.punctuation import smart_punctuation
from studybook.study import plain_text
from studybook.study.blocks import Bullets, Part, Steps
from studybook.study.loader import load_study

from .conftest import ROOT, SAMPLE, SESSION, THREE_SESSIONS, build
from .pdftags import Element, Tagged, read_tagged
from .pdftext import key

SLUG = SAMPLE.stem
TITLE = "How does Exodus 32:32 inspire intercession?"
SETTINGS = """\
church: Grace Chapel
group: Wednesday Night
logo: logo.png
start: 2027-01-13
time: "19:00"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample study and a three-session study, with handouts and booklets."""
    folder = tmp_path_factory.mktemp("tagged")
    shutil.copytree(ROOT / "content", folder / "content")
    sessions = "".join(SESSION.format(n=n) for n in (1, 2, 3))
    (folder / "content" / "prayer.yaml").write_text(THREE_SESSIONS.format(sessions=sessions))
    (folder / "studybook.yaml").write_text(SETTINGS)
    Image.new("RGB", (120, 60), "navy").save(folder / "logo.png")
    code, output = build(folder, "--handouts", "--booklet")
    assert code == 0, output
    return folder


def edition(project: Path, name: str, slug: str = SLUG) -> Path:
    return project / "output" / slug / f"{slug}-{name}.pdf"


@pytest.fixture(scope="module", params=["leader", "participant"])
def tagged(request: pytest.FixtureRequest, project: Path) -> Tagged:
    return read_tagged(edition(project, request.param))


def headings(tagged: Tagged) -> list[tuple[int, str]]:
    return [
        (int(e.tag[1]), squash(e.text))
        for e in tagged.root.walk()
        if re.fullmatch(r"H[1-6]", e.tag)
    ]


def squash(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def test_document_language_title_and_pdf_ua_identification(tagged: Tagged) -> None:
    catalog = tagged.catalog
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # in the window bar
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and TITLE in xmp


def test_headings_are_in_order_without_skipped_levels(tagged: Tagged) -> None:
    found = headings(tagged)
    levels = [level for level, _ in found]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), found
    top = [text for level, text in found if level == 1]
    assert top == [TITLE, "Contents", TITLE, "Scripture Passages"]  # cover, …, appendix
    session = load_study(SAMPLE, "sample").study.sessions[0]
    parts = [b.part for b in session.blocks if isinstance(b, Part)]
    seconds = [re.sub(r"^\d+ min ", "", text) for level, text in found if level == 2]
    assert [t for t in seconds if t in parts] == parts  # each once, in order
    appendix = seconds[seconds.index(parts[-1]) + 1 :]
    assert appendix[-3:] == ["James 5:16", "1 John 1:9", "1 John 5:16"]
    assert "Romans 9:3" in appendix and "Exodus 32:13" not in seconds[: -len(appendix)]


def test_no_heading_or_paragraph_inside_its_own_kind(tagged: Tagged) -> None:
    """A float in a heading must not make WeasyPrint's anonymous box a second heading."""
    nested = [
        (element.tag, squash(element.text))
        for element in tagged.root.walk()
        for child in element.children
        if child.tag == element.tag and re.fullmatch(r"H\d|P", element.tag)
    ]
    assert nested == []


def test_bullets_steps_and_questions_are_lists(tagged: Tagged) -> None:
    session = load_study(SAMPLE, "sample").study.sessions[0]
    items = [
        [(child.tag, key(child.text)) for child in element.children][:2]
        for element in tagged.root.walk()
        if element.tag == "LI"
    ]
    blocks = [b for part in session.blocks for b in getattr(part, "blocks", [part])]
    for bullet in next(b for b in blocks if isinstance(b, Bullets)).bullets:
        assert [("Lbl", "•"), ("LBody", key(plain_text(bullet)))] in items
    steps = next(b for b in blocks if isinstance(b, Steps)).steps
    for number, step in enumerate(steps, 1):
        assert [("Lbl", f"{number}."), ("H3", key(step.title))] in items
    for number, question in enumerate(session.questions, 1):  # the leader's has minutes first
        assert any(
            item[0] == ("Lbl", f"Q{number}")
            and item[1][1].endswith(key(smart_punctuation(plain_text(question.question[0]), "en")))
            for item in items
            if len(item) == 2
        )


def test_running_heads_and_page_numbers_are_artifacts(tagged: Tagged) -> None:
    numbered = 0
    for number, page in enumerate(tagged.pages, 1):
        assert page.untagged == [], number
        artifacts = [squash(text) for text in page.artifacts]
        if str(number) in artifacts:
            numbered += 1
            assert "Grace Chapel · Wednesday Night" in artifacts  # the footer
    assert numbered > 4
    # Every tagged piece of text is reached from the structure tree: nothing in limbo.
    on_pages = {(n, mcid) for n, page in enumerate(tagged.pages) for mcid in page.tagged}
    assert on_pages <= tagged.reached


def test_empty_boxes_are_not_in_the_structure(tagged: Tagged) -> None:
    def empty(element: Element) -> bool:
        return not element.parts and element.tag in {"Div", "Span", "P", "NonStruct"}

    assert [e.tag for e in tagged.root.walk() if empty(e)] == []


def test_journal_pages_read_as_their_heading_and_prompt(project: Path) -> None:
    tagged = read_tagged(edition(project, "participant"))
    journal = load_study(SAMPLE, "sample").study.sessions[0].journal
    days = [e for e in tagged.root.walk() if e.tag == "H2" and e.text.startswith("Day ")]
    assert len(days) == journal.days
    for day in days:
        page = tagged.pages[day.page]
        spoken = squash(" ".join(page.tagged.values()))
        assert spoken == squash(f"{day.text} {journal.prompt}")
    pdf = pdfium.PdfDocument(edition(project, "participant"))
    paths = [o for o in pdf[days[0].page].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH]
    assert len(paths) >= 15  # the ruled lines are drawn, as artifacts only


def test_blank_pages_carry_nothing(tagged: Tagged) -> None:
    blank = [n for n, page in enumerate(tagged.pages) if not page.tagged]
    assert blank, "the sample has blank pages before right-hand session starts"
    for n in blank:
        assert tagged.pages[n].artifacts == [] and tagged.pages[n].untagged == []


def test_reading_order_gives_sessions_before_the_appendix(project: Path) -> None:
    text = key(read_tagged(edition(project, "participant", "prayer")).reading_text)
    order = [
        "Three Evenings of Prayer",
        "Contents",
        "Evening 1",
        "Read Exodus 32:1 together",
        "What stands out to you in evening 1?",
        "Day 1",
        "Evening 2",
        "Evening 3",
        "What stands out to you in evening 3?",
        "Scripture Passages",
        "Exodus 32:1–3",
        "Scripture in the appendix is from the World English Bible",
    ]
    place = text.index(key("Contents")) + 1  # the contents lists every heading once
    for part in order[2:]:
        place = text.index(key(part), place)  # fails if a part is missing or out of order
    assert text.index(key(order[0])) < text.index(key(order[1]))


def test_logo_has_alternative_text(tagged: Tagged) -> None:
    figures = [e for e in tagged.root.walk() if e.tag == "Figure"]
    assert [f.alt for f in figures] == ["Grace Chapel logo"]


def test_handouts_are_tagged(project: Path) -> None:
    tagged = read_tagged(project / "output" / "prayer" / "prayer-session-2.pdf")
    assert tagged.catalog["/Lang"] == "en"
    assert [text for level, text in headings(tagged) if level == 1][-2:] == [
        "Evening 2",
        "Scripture Passages",
    ]


def test_booklets_keep_title_and_language_but_no_structure(project: Path) -> None:
    reader = pypdf.PdfReader(edition(project, "participant-booklet"))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == TITLE
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "/StructTreeRoot" not in catalog  # the reading-order file is the edition itself


def test_untagged_on_request(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    code, output = build(tmp_path, "--edition", "participant", "--no-pdf-ua")
    assert code == 0, output
    catalog = pypdf.PdfReader(edition(tmp_path, "participant")).trailer["/Root"]
    assert "/StructTreeRoot" not in catalog and "/Metadata" not in catalog
