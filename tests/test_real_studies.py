"""Studies as churches publish them fit the content model and print in their own order:
a weekly sermon-questions sheet, a timed flow guide, and leader notes dense with references."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from studybook.study import plain_text

from .conftest import build
from .pdftags import read_tagged
from .pdftext import key, page_texts

STUDIES = Path(__file__).parent / "data" / "studies"
SETTINGS = {
    "sermon-questions": "church: Grace Chapel\ndates: [2027-01-13, 2027-01-20, 2027-01-27, "
    "2027-02-03]\ntime: '19:00'\n",
    "flow-guide": "church: Grace Chapel\n",
    "leader-notes": "church: Grace Chapel\n",
}
LEADER_FIELDS = ("answer", "leader_note")


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, dict[str, Path]]]:
    """Each real study built in both editions: its data, and each edition's PDF."""
    found = {}
    for name, settings in SETTINGS.items():
        project = tmp_path_factory.mktemp(name)
        (project / "content").mkdir()
        shutil.copy(STUDIES / f"{name}.yaml", project / "content")
        (project / "studybook.yaml").write_text(settings)
        code, output = build(project)
        assert code == 0, output
        assert "warning" not in output, output
        data = yaml.safe_load((STUDIES / f"{name}.yaml").read_text())
        editions = ("leader", "participant")
        found[name] = data, {e: project / "output" / name / f"{name}-{e}.pdf" for e in editions}
    return found


@pytest.fixture(params=sorted(SETTINGS))
def built(request: pytest.FixtureRequest, studies) -> tuple[str, dict, dict[str, Path]]:
    return request.param, *studies[request.param]


def texts(value: object, leader_only: bool = False) -> list[tuple[str, bool]]:
    """Every text of study data in the author's order, each with whether it is the leader's."""
    if isinstance(value, str):
        return [(plain_text(value), leader_only)]
    if isinstance(value, list):
        return [t for item in value for t in texts(item, leader_only)]
    if isinstance(value, dict):
        hidden = leader_only or value.get("leader_only") is True
        if "verse" in value:  # a verse prints its text, then its reference
            value = {"text": value.get("text", ""), "verse": value["verse"]}
        return [
            t
            for field, item in value.items()
            if field not in ("translation", "leader_only") and not isinstance(item, bool | int)
            for t in texts(item, hidden or field in LEADER_FIELDS)
        ]
    return []


def reading(pdf: Path, data: dict) -> str:
    """The edition's text from the first session on, without page furniture, as one key."""
    pages = page_texts(pdf)
    title = key(data["sessions"][0].get("title") or data["title"])
    first = next(n for n, text in enumerate(pages) if n > 1 and title in key(text))
    return key("".join(pages[first:]))


def test_every_block_prints_in_the_authors_order(built) -> None:
    _, data, pdfs = built
    for edition, pdf in pdfs.items():
        printed = reading(pdf, data)
        position = 0
        for text, leader_only in texts(data["sessions"]):
            if leader_only and edition == "participant":
                continue
            found = printed.find(key(text), position)
            assert found >= 0, (edition, text)
            position = found


def test_no_leader_text_reaches_the_participant(built) -> None:
    name, data, pdfs = built
    hidden = [text for text, leader_only in texts(data["sessions"]) if leader_only]
    assert hidden or name == "sermon-questions"
    participant = key("".join(page_texts(pdfs["participant"])))
    raw = pdfs["participant"].read_bytes()
    metadata = str(pypdf.PdfReader(pdfs["participant"]).metadata)
    for text in hidden:
        assert key(text) not in participant, text
        assert text.encode() not in raw and text not in metadata, text
    leader = key("".join(page_texts(pdfs["leader"])))
    assert all(key(text) in leader for text in hidden)


def test_questions_are_numbered_through_each_session(built) -> None:
    _, data, pdfs = built
    items = [
        (key(element.children[0].text), key(element.children[1].text))
        for element in read_tagged(pdfs["participant"]).root.walk()
        if element.tag == "LI" and len(element.children) > 1
    ]
    for session in data["sessions"]:
        blocks = [b for block in session.get("blocks", []) for b in block.get("blocks", [block])]
        asked = [b["question"] for b in [*session.get("opening", []), *blocks] if "question" in b]
        for number, question in enumerate(asked, 1):
            assert (f"Q{number}", key(plain_text(question))) in items, question


@pytest.mark.parametrize("name", ["sermon-questions", "leader-notes"])
def test_a_study_without_timings_has_no_plan_page(studies, name: str) -> None:
    pages = page_texts(studies[name][1]["leader"])
    assert not [p for p in pages if re.search(r"Session (\d+ )?plan|minutes in all", p)]


def test_the_flow_guide_plan_shows_each_part_with_minutes_and_running_total(studies) -> None:
    plans = [p for p in page_texts(studies["flow-guide"][1]["leader"]) if "Session plan" in p]
    (plan,) = plans
    rows = [line.split() for line in plan.splitlines()]
    assert ["Opening", "–", "0"] in rows
    assert ["Lean", "In", "5", "5"] in rows
    assert ["Look", "Down", "10", "15"] in rows
    assert ["Look", "Out", "10", "25"] in rows
    assert ["Closing", "–", "25"] in rows
    assert "About 25 minutes in all." in plan


def test_the_sermon_sheet_has_dated_sessions_readings_and_closing_verses(studies) -> None:
    data, pdfs = studies["sermon-questions"]
    printed = reading(pdfs["participant"], data)
    for date in ("January13,2027", "January20,2027", "January27,2027", "February3,2027"):
        assert key(date) in printed
    assert key("This week’s readings") in printed
    # A closing verse with no text of its own prints the build's translation, and says so.
    living = "“For to me to live is Christ, and to die is gain.” — Philippians 1:21 (WEB)"
    assert key(living) in printed
    # With text but no translation named, the text is printed as given, with no label.
    assert key("until the day of Christ Jesus.” — Philippians 1:6") in printed
    assert key("Philippians 1:6 (") not in printed
    # The closing verse comes after the session's questions.
    last_question = key("How could our group pray this prayer for someone this week?")
    assert printed.index(last_question) < printed.index(key("He who began a good work"))


def test_answers_and_notes_stay_on_their_questions_page(studies) -> None:
    data, pdfs = studies["flow-guide"]
    pages = [key(text) for text in page_texts(pdfs["leader"])]
    blocks = [b for part in data["sessions"][0]["blocks"] for b in part["blocks"]]
    for question in (b for b in blocks if "question" in b):
        page = next(p for p in pages if key(question["question"]) in p)
        for text in [*question.get("answer", []), *question.get("leader_note", [])]:
            assert key(text) in page, (question["question"], text)
