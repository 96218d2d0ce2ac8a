"""Both editions of the sample study, built once, checked as a reader would read them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import pythonbible
from click.testing import CliRunner

from studybook.cli import main
from studybook.render.punctuation import smart_punctuation
from studybook.scripture import TRANSLATIONS, Reader
from studybook.scripture.clean import clean
from studybook.study.blocks import LeaderNote, Part, Steps
from studybook.study.loader import load_study

from .conftest import ROOT, SAMPLE, seed_sentences
from .pdftext import (
    assert_text_inside_pages,
    bookmarks,
    fonts,
    key,
    page_sizes,
    page_texts,
    reading_text,
)

SLUG = SAMPLE.stem
TITLE = "How does Exodus 32:32 inspire intercession?"
FURNITURE = (TITLE, "Session 1", "Scripture Passages", "Contents")


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the sample study, built once for the whole session."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "content", folder / "content")
    result = CliRunner().invoke(main, ["build", str(folder / "content")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="session")
def leader(project: Path) -> Path:
    return project / "output" / SLUG / f"{SLUG}-leader.pdf"


@pytest.fixture(scope="session")
def participant(project: Path) -> Path:
    return project / "output" / SLUG / f"{SLUG}-participant.pdf"


@pytest.fixture(scope="session")
def editions(leader: Path, participant: Path) -> dict[str, Path]:
    return {"leader": leader, "participant": participant}


def test_build_reports_what_it_wrote(project: Path, leader: Path, participant: Path) -> None:
    assert leader.stat().st_size > 10_000
    assert participant.stat().st_size > 10_000


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_every_seed_sentence_is_printed(editions: dict[str, Path], edition: str) -> None:
    text = key(reading_text(editions[edition], FURNITURE))
    missing = [s for s in seed_sentences() if key(smart_punctuation(s, "en")) not in text]
    assert missing == []


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_pages_are_half_letter(editions: dict[str, Path], edition: str) -> None:
    sizes = set(page_sizes(editions[edition]))
    assert sizes == {(396.0, 612.0)}


def session_start_pages(path: Path) -> list[int]:
    """1-based numbers of the pages where sessions begin, from their bookmarks (the sample's
    one session has no title and no number: its heading is the study's title)."""
    return [page for title, page in bookmarks(path) if title == TITLE]


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_sessions_start_on_right_hand_pages(editions: dict[str, Path], edition: str) -> None:
    starts = session_start_pages(editions[edition])
    assert starts, "no session start found"
    assert all(n % 2 == 1 for n in starts), starts


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_contents_page_numbers_match_where_headings_land(
    editions: dict[str, Path], edition: str
) -> None:
    pages = page_texts(editions[edition])
    contents = next(i for i, t in enumerate(pages, 1) if t.strip().startswith("Contents"))
    entries = re.findall(r"^(.+?)[ .]*?(\d+)\s*$", pages[contents - 1], re.MULTILINE)
    assert len(entries) >= 8, pages[contents - 1]
    session_start = session_start_pages(editions[edition])[0]
    assert entries[0] == (TITLE, str(session_start))
    for title, number in entries[1:]:
        heading = key({"Journal": "Day 1"}.get(title.rstrip(" ."), title.rstrip(" .")))
        landed = [n for n, t in enumerate(pages, 1) if n >= session_start and heading in key(t)]
        assert landed and landed[0] == int(number), (title, number, landed)


def test_participant_has_questions_lines_and_journal(participant: Path) -> None:
    pages = page_texts(participant)
    study = load_study(SAMPLE, "sample").study
    journal = study.sessions[0].journal
    day_pages = [n for n, t in enumerate(pages) if re.search(r"^Day \d", t.strip())]
    assert len(day_pages) == journal.days
    assert day_pages == list(range(day_pages[0], day_pages[0] + journal.days))
    pdf = pdfium.PdfDocument(participant)
    for n in day_pages:
        assert key(journal.prompt) in key(pages[n])
        assert count_paths(pdf[n]) >= 15, "a journal page needs ruled lines to write on"
    question = study.sessions[0].questions[0]
    printed = key(smart_punctuation(question.question[0], "en"))
    question_page = next(n for n, t in enumerate(pages) if printed in key(t))
    assert count_paths(pdf[question_page]) >= question.writing_lines


def count_paths(page: pdfium.PdfPage) -> int:
    objects = page.get_objects(max_depth=8)
    return sum(1 for obj in objects if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)


def leader_only_texts() -> list[str]:
    session = load_study(SAMPLE, "sample").study.sessions[0]
    texts = ["Leader note", "Suggested answer"]
    blocks = [b for block in session.blocks for b in getattr(block, "blocks", [block])]
    texts += [t for b in blocks if isinstance(b, LeaderNote) for t in b.leader_note]
    texts += [t for q in session.questions for t in (*q.leader_note, *q.answer)]
    assert len(texts) == 2 + 3 + 2
    return texts


def test_participant_contains_no_leader_text(participant: Path, leader: Path) -> None:
    participant_text = key("".join(page_texts(participant))).casefold()
    leader_text = key("".join(page_texts(leader))).casefold()
    metadata = " ".join(str(v) for v in (pypdf.PdfReader(participant).metadata or {}).values())
    raw = participant.read_bytes()
    for text in leader_only_texts():
        assert key(text).casefold() in leader_text, text
        assert key(text).casefold() not in participant_text, text
        assert text not in metadata
        assert text.encode() not in raw


def test_leader_guide_has_plan_and_minutes(leader: Path) -> None:
    pages = page_texts(leader)
    plan = next(i for i, t in enumerate(pages) if "Session plan" in t)
    assert (plan + 1) % 2 == 0, "the plan faces the session's first page"
    assert session_start_pages(leader)[0] == plan + 2
    assert re.search(r"Setting the Scene\s+10\s+10", pages[plan])
    assert re.search(r"What Moses Models for Us Today\s+10\s+20", pages[plan])
    assert "About 65 minutes in all." in pages[plan]


def appendix_passages(path: Path) -> list[tuple[str, str]]:
    """(label, text) of each appendix passage, read from the PDF."""
    text = reading_text(path, FURNITURE)
    text = text[text.index("Every passage this study refers to") :]
    labels = re.findall(
        r"^((?:[1-3] )?[A-Z][a-z]+(?: [a-z]+ [A-Z][a-z]+)? \d+:\d+(?:–\d+)?)\s*$",
        text,
        re.MULTILINE,
    )
    bodies = re.split("|".join(re.escape(label) for label in labels), text)[1:]
    return list(zip(labels, bodies, strict=True))


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_appendix_is_canonical_with_translation_text(
    editions: dict[str, Path], edition: str
) -> None:
    passages = appendix_passages(editions[edition])
    labels = [label for label, _ in passages]
    ranges = [Reader().field(label).references[0].ranges[0] for label in labels]
    assert ranges == sorted(ranges), labels
    if edition == "leader":  # the leader box adds Exodus 32:1–14 and 32:30–35
        assert labels[:3] == ["Genesis 18:22–33", "Exodus 32:1–14", "Exodus 32:30–35"]
    else:
        assert labels[:4] == ["Genesis 18:22–33", "Exodus 32:1–6", "Exodus 32:13", "Exodus 32:32"]
    web = TRANSLATIONS["web"].version
    for label, body in passages:
        ids = Reader().field(label).references[0].ranges[0].verse_ids()
        for verse_id in (ids[0], ids[-1]):
            expected = clean(pythonbible.get_verse_text(verse_id, version=web))
            assert key(expected) in key(body), (label, verse_id)
    assert "World English Bible" in "".join(page_texts(editions[edition]))


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_fonts_are_all_embedded_ofl_faces(editions: dict[str, Path], edition: str) -> None:
    found = fonts(editions[edition])
    assert found and all(found.values()), found
    assert all(re.search(r"\+Source-(Serif|Sans)-Pro", name) for name in found), found


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_metadata_and_bookmarks(editions: dict[str, Path], edition: str) -> None:
    reader = pypdf.PdfReader(editions[edition])
    assert reader.metadata.title == TITLE
    assert "Leader Guide" in reader.metadata.subject if edition == "leader" else True
    assert reader.trailer["/Root"].get("/Lang") == "en"
    titles = [title for title, _ in bookmarks(editions[edition])]
    assert TITLE in titles and "Living It Out This Week" in titles
    assert not [title for title in titles if "Session 1" in title]  # one session: no number
    assert "Setting the Scene" in titles  # a part's minutes are not part of its bookmark
    assert not [title for title in titles if re.match(r"\d+ ?min", title)]
    assert "Scripture Passages" in titles
    assert ("Journal" in titles) == (edition == "participant")


def test_failed_build_leaves_previous_pdf_untouched(project: Path, leader: Path) -> None:
    before = leader.read_bytes()
    layouts = project / "layouts"
    layouts.mkdir(exist_ok=True)
    (layouts / "session.html").write_text("{% if %}broken", encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["build", str(project / "content")])
    finally:
        shutil.rmtree(layouts)
    assert result.exit_code == 1
    assert "session.html:1:" in result.output
    assert leader.read_bytes() == before
    assert not list(leader.parent.glob(".*studybook-tmp"))


def headings(study) -> list[str]:
    session = study.sessions[0]
    parts = [b for b in session.blocks if isinstance(b, Part)]
    steps = [step for p in parts for b in p.blocks if isinstance(b, Steps) for step in b.steps]
    return [*(p.part for p in parts), *(step.title for step in steps)]


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_no_heading_is_stranded_at_the_foot_of_a_page(
    editions: dict[str, Path], edition: str
) -> None:
    names = {key(h) for h in headings(load_study(SAMPLE, "sample").study)}
    for number, text in enumerate(page_texts(editions[edition]), 1):
        lines = [ln for ln in text.splitlines() if ln.strip() and ln.strip() not in FURNITURE]
        lines = [ln for ln in lines if not ln.strip().isdigit() and "min" not in ln.split()]
        if lines:
            assert key(lines[-1]) not in names, (number, lines[-1])


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_nothing_overflows_the_page(editions: dict[str, Path], edition: str) -> None:
    assert_text_inside_pages(editions[edition])
