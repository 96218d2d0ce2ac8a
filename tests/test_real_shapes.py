"""Studies shaped like real published ones print as their authors wrote them: six shapes
(tests/data/shapes, each in Markdown and YAML) built in both editions, their text in the
author's order with the author's numbers and labels, each edition's own material only in
that edition, a one-page children's sheet, and no text across a page margin."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from studybook.render.context import PageBox
from studybook.settings import PAPERS
from studybook.study import plain_text

from .conftest import build
from .pdftags import read_tagged
from .pdftext import key, page_texts

SHAPES = Path(__file__).parent / "data" / "shapes"
NAMES = sorted(p.stem for p in SHAPES.glob("*.md"))
EDITIONS = ("leader", "participant")
SETTINGS = "church: Hope Church\ngroup: Tuesday Group\n"
PAPER = {"kids-lesson": "letter"}  # a take-home page for children, on a letter sheet
# Fields whose values print elsewhere than where they stand, or not as written.
NOT_IN_ORDER = {
    "translation", "leader_only", "participant_only", "lines", "minutes", "number", "mark",
    "start", "date", "labels", "label", "editions", "marks", "footnotes", "language",
    "session_numbers", "question_numbers", "title", "subtitle", "passage",
}  # fmt: skip


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, Path]]]:
    """Every shape built from each spelling, in a project of its own: the PDFs by
    spelling and edition."""
    found: dict[str, dict[str, dict[str, Path]]] = {}
    for name in NAMES:
        found[name] = {}
        for suffix in ("md", "yaml"):
            project = tmp_path_factory.mktemp(f"{name}-{suffix}")
            (project / "content").mkdir()
            shutil.copy(SHAPES / f"{name}.{suffix}", project / "content")
            shutil.copytree(SHAPES / "images", project / "content" / "images")
            paper = PAPER.get(name, "half-letter")
            (project / "studybook.yaml").write_text(f"{SETTINGS}paper: {paper}\n")
            code, output = build(project)
            assert code == 0, output
            # (the Spanish guide prints the English WEB here, which studybook says: the tests
            # see no Bible in Spanish)
            warned = [line for line in output.splitlines() if ": warning:" in line]
            assert all("its Bible verses would print in English" in line for line in warned)
            folder = project / "output" / name
            found[name][suffix] = {e: folder / f"{name}-{e}.pdf" for e in EDITIONS}
    return found


def pdfs(shapes, name: str) -> dict[str, Path]:
    return shapes[name]["md"]


def data(name: str) -> dict:
    return yaml.safe_load((SHAPES / f"{name}.yaml").read_text(encoding="utf-8"))


def text_of(pdf: Path) -> str:
    return key("".join(page_texts(pdf)))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_both_spellings_print_the_same_pages(shapes, name: str, edition: str) -> None:
    markdown, written = (page_texts(shapes[name][s][edition]) for s in ("md", "yaml"))
    assert markdown == written


def texts(value: object, edition: str, hidden: bool = False) -> list[str]:
    """The texts of study data an edition prints where they stand, in the author's order."""
    if isinstance(value, str):
        if hidden or re.search(r"\]\(|\[\^|<https?:|\[\[", value):  # links, notes, blanks
            return []
        return [plain_text(value)]
    if isinstance(value, list):
        return [t for item in value for t in texts(item, edition, hidden)]
    if isinstance(value, dict):
        other = "participant_only" if edition == "leader" else "leader_only"
        hidden = hidden or value.get(other) is True
        if "verse" in value:  # a verse prints its text, then its reference
            value = {"text": value.get("text", ""), "verse": value["verse"]}
        return [
            t
            for field, item in value.items()
            if field not in NOT_IN_ORDER and not isinstance(item, bool | int)
            for t in texts(item, edition, hidden or (
                edition == "participant" and field in ("answer", "leader_note")
            ))
        ]  # fmt: skip
    return []


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_text_prints_in_the_authors_order_in_its_edition(
    shapes, name: str, edition: str
) -> None:
    printed = text_of(pdfs(shapes, name)[edition])
    position = 0
    for text in texts(data(name)["sessions"], edition):
        found = printed.find(key(text), position)
        assert found >= 0, (edition, text)
        position = found


def edition_only(value: object, flag: str, inside: bool = False) -> list[str]:
    """The texts only one edition may print (`flag` names the field marking them)."""
    if isinstance(value, str):
        if not inside or re.search(r"\]\(|\[\^|<https?:", value):  # links and notes
            return []
        return [plain_text(re.sub(r"\[\[.*?\]\]", "", value))]
    if isinstance(value, list):
        return [t for item in value for t in edition_only(item, flag, inside)]
    if isinstance(value, dict):
        inside = inside or value.get(flag) is True
        notes = flag == "leader_only"
        return [
            t
            for field, item in value.items()
            if field not in ("labels", "label", "number", "mark")
            for t in edition_only(
                item, flag, inside or (notes and field in ("answer", "leader_note"))
            )
        ]
    return []


def before_appendix(pdf: Path) -> str:
    """The edition's text before its appendix (which may cite verses edition-only text
    cites too), as a key."""
    pages = page_texts(pdf)
    end = next((n for n, p in enumerate(pages) if "Every passage this study refers to" in p), None)
    return key("".join(pages[:end]))


@pytest.mark.parametrize("name", NAMES)
def test_each_editions_own_material_prints_in_that_edition_only(shapes, name: str) -> None:
    study = data(name)
    printed = {e: before_appendix(pdf) for e, pdf in pdfs(shapes, name).items()}
    for flag, mine, other in (("leader_only", "leader", "participant"),
                              ("participant_only", "participant", "leader")):  # fmt: skip
        for text in edition_only(study["sessions"], flag):
            assert key(text) in printed[mine], (mine, text)
            if len(text.split()) > 2:  # a reference alone may stand in the readings too
                assert key(text) not in printed[other], (other, text)


def list_items(pdf: Path) -> list[tuple[str, str]]:
    """Every list item a screen reader meets, in order: its label (its number, or "" for
    none) and its text."""
    items = []
    for element in read_tagged(pdf).root.walk():
        if element.tag == "LI":
            children = element.children
            label = children[0].text.strip() if children and children[0].tag == "Lbl" else ""
            body = " ".join(child.text for child in children[1 if label else 0 :])
            items.append((label, " ".join(body.split())))
    return items


def in_order(items: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    """Each expected (label, start of text) is an item, in this order."""
    position = 0
    for label, start in expected:
        found = [n for n, (mark, text) in enumerate(items) if n >= position and mark == label
                 and text.startswith(start)]  # fmt: skip
        assert found, (label, start, items[position:])
        position = found[0]


def test_sub_questions_keep_their_marks_letters_and_one_number_per_question(shapes) -> None:
    pdf = pdfs(shapes, "inductive")["participant"]
    in_order(list_items(pdf), [
        ("Q1", "Read John 4:4-9."), ("a.", "(O) Where does Jesus sit down"),
        ("b.", "(I) Why is the woman"), ("c.", "(A) Whom would you find"),
        ("Q2", "Read John 4:10-15."), ("a.", "(O) What two kinds"),
        ("b.", "(I) What does Jesus mean"), ("Q3", "(A) Jesus knew everything"),
        ("Q1", "(O) What does the woman leave behind"), ("Q2", "(A) Whom could you tell"),
    ])  # fmt: skip
    printed = [" ".join(p.split()) for p in page_texts(pdf)]
    legend = "(O) Observation · (I) Interpretation · (A) Application"
    assert sum(p.count(legend) for p in printed) == 1  # printed once
    # The line break the author wrote: the question's second line starts a line of its own.
    lines = [line.strip() for page in page_texts(pdf) for line in page.splitlines()]
    assert "Notice the time of day, and who speaks first." in lines
    # A second session without a title is called by its number.
    assert any(p.startswith("Session 2 John 4:27-42") for p in printed)


def test_the_authors_numbers_and_labels_print_as_written(shapes) -> None:
    pdf = pdfs(shapes, "guia-del-lider")["leader"]
    spanish = [" ".join(p.split()) for p in page_texts(pdf)]
    session = next(p for p in spanish if p.startswith("Sesión 2 Un viaje inesperado"))
    order = ["Lecturas de la semana", "Versículo para memorizar", "Líder: Esta guía",
             "¿Cuándo fue", "Lea Hechos 8:26-29.", "Respuestas guía Que vaya",
             "¿Qué estaba leyendo", "Aplicación ¿A quién", "Búsqueda Busque",
             "Líder: Deje que"]  # fmt: skip
    positions = [session.find(text) for text in order]
    assert -1 not in positions and positions == sorted(positions), positions
    in_order(list_items(pdf), [
        ("•", "¿Cuándo fue"), ("P1", "Lea Hechos 8:26-29."), ("P2", "¿Qué estaba leyendo"),
        ("", "Aplicación ¿A quién"), ("", "Búsqueda Busque"),
    ])  # fmt: skip
    contents = next(p for p in spanish if p.startswith("Contenido"))
    assert "Sesión 2: Un viaje inesperado" in contents  # the author's number, in Spanish
    assert "Sesión 1" not in " ".join(spanish)
    assert "Guía del líder Enviados: Semana 2 — Guía del líder" in spanish[0]
    participant = " ".join(page_texts(pdfs(shapes, "guia-del-lider")["participant"])[0].split())
    assert "Enviados: Semana 2" in participant and "— Guía del líder" not in participant
    flow = " ".join(" ".join(page_texts(pdfs(shapes, "flow-guide")["leader"])).split())
    for label in ("Icebreaker", "Sample answers may include…", "Possible answers:", "Leader Note:"):
        assert label in flow, label
    assert "Suggested answer" not in flow and "Sample answers Jesus" not in flow


def test_passages_captions_and_quotations_print_as_written(shapes) -> None:
    flow = " ".join(" ".join(page_texts(pdfs(shapes, "flow-guide")["participant"])).split())
    assert "Luke 9:28-36 The Transfiguration" in flow
    assert "“But those who wait for the LORD will renew their strength.” (Isaiah 40:31)" in flow
    assert "““" not in flow and "””" not in flow
    sheet = " ".join(" ".join(page_texts(pdfs(shapes, "sermon-sheet")["leader"])).split())
    assert "(Philippians 4:4-9)" in sheet
    assert (
        "“Have this mind among yourselves, which is yours in Christ Jesus.” — Philippians 2:5"
        in sheet
    )


def test_dates_print_as_the_author_wrote_them_newest_first(shapes) -> None:
    pages = page_texts(pdfs(shapes, "sermon-sheet")["participant"])
    printed = " ".join(" ".join(pages).split())
    dates = ["Sunday, March 21, 2027", "Sunday, March 14, 2027", "Sunday, March 7, 2027"]
    positions = [printed.find(d) for d in dates]
    assert -1 not in positions and positions == sorted(positions)
    assert "Session" not in printed  # the sheet's weeks carry no session numbers
    in_order(list_items(pdfs(shapes, "sermon-sheet")["participant"]), [
        ("•", "What stood out"), ("Q1", "Paul writes “rejoice”"), ("Q2", "Which of the"),
        ("•", "What stood out"), ("Q1", "What does Paul leave behind"), ("Q1", "Which phrase"),
    ])  # fmt: skip
    kids = " ".join(page_texts(pdfs(shapes, "kids-lesson")["participant"]))
    assert "February 2/3" in kids  # a date line, as written


def test_a_sheet_has_no_cover_contents_or_appendix_and_the_childrens_fits_one_page(
    shapes,
) -> None:
    kids = page_texts(pdfs(shapes, "kids-lesson")["participant"])
    assert len(kids) == 1  # six lines and a box to draw in: one page, not a booklet
    page = " ".join(kids[0].split())
    assert page.startswith("Two Small Coins My take-home page Name")
    for word in (
        "Participant Handout",
        "Contents",
        "Scripture Passages",
        "Social",
        "What You Need",
    ):
        assert word not in page, word
    assert "Draw the widow" in page and "Let’s Pray" in page and "Memory Verse:" in page
    sheet = page_texts(pdfs(shapes, "sermon-sheet")["participant"])
    assert sheet[0].lstrip().startswith("Sermon Discussion Questions")
    assert not any("Contents" in p or "Scripture Passages" in p for p in sheet)
    assert len(sheet) == 4  # each week on a page of its own; the first week runs over two


def test_the_childrens_sheet_has_large_plain_type_and_a_box_to_draw_in(shapes) -> None:
    pdf = pdfium.PdfDocument(pdfs(shapes, "kids-lesson")["participant"])
    page = pdf[0]
    textpage = page.get_textpage()
    start = textpage.get_text_range().index("Draw the widow")
    _, bottom, _, top = textpage.get_charbox(start + 1)  # the "r": no ascender
    assert top - bottom > 7  # 14 pt type on letter paper (12 pt type's x-height is 6 pt)
    boxes = [
        obj.get_bounds()
        for obj in page.get_objects(max_depth=8)
        if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH
    ]
    tall = [b for b in boxes if b[3] - b[1] > 140 and b[2] - b[0] > 300]
    assert tall, "the question needs a box to draw in"


def test_activities_nest_in_their_part_and_the_plan_sums_them(shapes) -> None:
    pages = page_texts(pdfs(shapes, "kids-lesson")["leader"])
    plan = next(" ".join(p.split()) for p in pages if p.lstrip().startswith("Session plan"))
    assert "February 2/3" in plan
    for row in ("Social 20 20", "Early Arriver: Coin Sort 10 10", "Penny Relay 10 20",
                "Bible Story 15 35", "About 35 minutes in all."):  # fmt: skip
        assert row in plan, row
    leader = " ".join(" ".join(pages).split())
    order = ["Social", "Early Arriver: Coin Sort", "What You Need: A jar", "What You Do:",
             "Pour the coins", "Penny Relay", "What You Need: Two", "Bible Story"]  # fmt: skip
    positions = [leader.find(text, leader.find("Bottom Line")) for text in order]
    assert -1 not in positions and positions == sorted(positions), positions
    # A question for one edition only has no number, so both editions number the rest alike.
    kids = pdfs(shapes, "kids-lesson")
    in_order(list_items(kids["leader"]), [("", "What did the widow put")])
    in_order(list_items(kids["participant"]), [("", "Draw the widow")])


def test_commonmark_prose_prints_links_notes_tables_pictures_and_list_numbers(shapes) -> None:
    pdf = pdfs(shapes, "background-notes")["leader"]
    pages = [" ".join(p.split()) for p in page_texts(pdf)]
    notes = next(n for n, p in enumerate(pages) if "Paul wrote Romans from Corinth" in p)
    page = pages[notes]
    assert key("an overview of Romans (https://example.org/romans/overview)") in key(page)
    assert "Three circles for the three chapters: *not* a map" in page  # escapes
    assert "1. Most date the letter to about AD 57; see Acts 20:2-3." in page  # on its page
    assert "Verse Paul quotes What it shows Romans 9:7 Genesis 21:12 the promise" in page
    document = pdfium.PdfDocument(pdf)
    images = [o for o in document[notes].get_objects(max_depth=8)
              if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]  # fmt: skip
    assert len(images) == 1, "the picture is drawn"
    in_order(list_items(pdf), [("3.", "Why does Paul grieve"), ("4.", "How can Paul say")])
    for raw in ("](", "[^", "\\*", "|---"):
        assert not any(raw in p for p in pages), raw


def assert_inside_margins(pdf: Path, paper: str = "half-letter") -> None:
    """Every drawn character lies inside the page's text block from side to side (the
    inner margin on the binding side; a glyph's ink may overhang by 1.5 pt, as an italic
    f does), and inside the page from top to bottom."""
    box = PageBox.for_paper(PAPERS[paper], large=False)
    document = pdfium.PdfDocument(pdf)
    for number, page in enumerate(document, 1):
        width, height = page.get_size()
        left, right = (box.inner, box.outer) if number % 2 else (box.outer, box.inner)
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            x0, y0, x1, y1 = textpage.get_charbox(index)
            if x1 > x0:
                where = (pdf.name, number, textpage.get_text_range(index, 1))
                assert x0 >= left - 1.5 and x1 <= width - right + 1.5, where
                assert y0 >= 0 and y1 <= height, where


@pytest.mark.parametrize("name", NAMES)
def test_no_text_crosses_a_margin(shapes, name: str) -> None:
    for pdf in pdfs(shapes, name).values():
        assert_inside_margins(pdf, PAPER.get(name, "half-letter"))


LONG = "Antidisestablishmentarianismsupercalifragilisticexpialidociouslylong"
URL = "https://example.org/" + "a-very-long-path-segment/" * 6
REFERENCES = "Genesis 1:1-3, 5, 7, 9; 2:1-4, 7, 9, 15; 3:1-7, 15, 21; 12:1-3; 15:6; 22:1-18"
LONG_STUDY = f"""\
title: {LONG} {LONG}
sessions:
  - title: {LONG}
    passage: "{REFERENCES}"
    readings: ["{REFERENCES}", "{REFERENCES}", Exodus 3:1-15, Psalm 23, Isaiah 53:1-12]
    key_verse: {{verse: John 3:16, text: "{LONG} {LONG}"}}
    opening: [{{prayer: "{LONG} {URL}"}}]
    blocks:
      - part: "{LONG} heading"
        minutes: 10
        blocks:
          - paragraph: "{LONG} [{LONG}]({URL}) {REFERENCES}"
          - quote: "{LONG} {LONG}"
            ref: John 1:1
          - bullets: ["{LONG}", "{REFERENCES}"]
          - steps: ["{LONG}", {{title: "{LONG}", text: "{LONG}", bullets: ["{LONG}"]}}]
          - table: [["{LONG}", "{REFERENCES}"], ["{URL}", "{LONG}"]]
          - instruction: "{LONG}"
          - question: "{LONG} {REFERENCES}?"
            number: Aplicación
            minutes: 5
            answer: ["{LONG}", "{URL}"]
            subquestions: ["{LONG}", {{question: "{LONG}", number: iii, lines: 2}}]
          - leader_note: "{LONG}"
          - part: "{LONG} activity"
            blocks: [{{paragraph: "{LONG}"}}]
    journal: {{days: 1, prompt: "{LONG}"}}
"""


@pytest.mark.parametrize("shape", ["booklet", "sheet"])
def test_long_words_references_addresses_and_lists_stay_inside_the_margins(
    tmp_path: Path, shape: str
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "long.yaml").write_text(LONG_STUDY, encoding="utf-8")
    code, output = build(tmp_path, "--shape", shape)
    assert code == 0, output
    for edition in EDITIONS:
        pdf = tmp_path / "output" / "long" / f"long-{edition}.pdf"
        assert_inside_margins(pdf)
        assert key(REFERENCES) in text_of(pdf)
