"""The forms real studies need, read from both spellings: questions with paragraphs, line
breaks and sub-questions with marks, the author's numbers and labels, dates as written,
passages with captions, quotations in their own marks, nested activities, edition-only
blocks and edition titles, and CommonMark prose; and every mistake in them a positioned
problem."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from studybook.cli import main
from studybook.errors import ProblemsFound
from studybook.render.context import Shape, edition_study
from studybook.settings import BuildOptions, Schedule
from studybook.study import Counter, inline, passage_parts, plain_text, session_numbers
from studybook.study.loader import load_study
from studybook.study.model import edition_copy

SHAPES = Path(__file__).parent / "data" / "shapes"
NAMES = sorted(p.stem for p in SHAPES.glob("*.md"))


@pytest.mark.parametrize("name", NAMES)
def test_both_spellings_read_as_one_study(name: str) -> None:
    markdown = load_study(SHAPES / f"{name}.md", "md")
    written = load_study(SHAPES / f"{name}.yaml", "yaml")
    assert markdown.study == written.study
    assert markdown.warnings == written.warnings == ()
    assert sorted(c.reference.label() for c in markdown.citations) == sorted(
        c.reference.label() for c in written.citations
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_schema_accepts_every_shape(name: str) -> None:
    result = CliRunner().invoke(main, ["schema", "study"])
    schema = json.loads(result.output)
    data = json.loads(
        json.dumps(yaml.safe_load((SHAPES / f"{name}.yaml").read_text()), default=str)
    )
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def study(name: str):
    return load_study(SHAPES / f"{name}.md", "md").study


def test_a_question_holds_paragraphs_a_line_break_and_marked_sub_questions() -> None:
    first, second, third = study("inductive").sessions[0].questions
    assert first.question == ["Read John 4:4-9.\nNotice the time of day, and who speaks first."]
    assert [(s.mark, s.lines) for s in first.subquestions] == [("O", 2), ("I", 3), ("A", 3)]
    assert first.subquestions[1].answer == ["Jews would not share a cup with Samaritans (v. 9)."]
    assert first.writing_lines == 0
    assert [s.mark for s in second.subquestions] == ["O", "I"]
    assert third.mark == "A" and len(third.question) == 2 and third.writing_lines == 4


def test_the_authors_numbers_set_the_count_and_labels_stay_labels() -> None:
    counter = Counter()
    found = [counter.next(own) for own in ("•", None, "5", None, "Aplicación", False, None)]
    assert [number for number, _ in found] == ["•", "1", "5", "6", "Aplicación", None, "7"]
    assert Counter(counting=False).next(None) == (None, None)
    spanish = study("guia-del-lider")
    assert session_numbers(spanish) == ["2"]
    assert session_numbers(study("sermon-sheet")) == [None, None, None]
    assert session_numbers(study("inductive")) == ["1", "2"]
    assert session_numbers(study("flow-guide")) == [None]  # one session: no number


def test_labels_are_the_authors_at_every_level() -> None:
    spanish = study("guia-del-lider")
    assert spanish.labels.answer == "Respuestas guía"
    flow = study("flow-guide")
    assert flow.sessions[0].questions[2].labels.answer == "Possible answers:"
    kids = study("kids-lesson")
    assert kids.sessions[0].key_verse.label == "Memory Verse:"


def test_sessions_keep_their_own_dates_in_any_order_and_date_lines() -> None:
    sheet = study("sermon-sheet")
    assert [s.date for s in sheet.sessions] == [
        date(2027, 3, 21), date(2027, 3, 14), date(2027, 3, 7)
    ]  # fmt: skip
    assert study("kids-lesson").sessions[0].date == "February 2/3"
    # The schedule fills in the sessions without a date of their own (the n-th meeting).
    schedule = Schedule(start=date(2027, 1, 6))
    assert schedule.session_dates([None, "Week two", date(2026, 12, 1), None]) == [
        date(2027, 1, 6), "Week two", date(2026, 12, 1), date(2027, 1, 27)
    ]  # fmt: skip
    assert Schedule().session_dates([None, None]) == [None, None]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Luke 9:28-36 The Transfiguration", ("", "Luke 9:28-36", " The Transfiguration")),
        ("(Philippians 4:4-9)", ("(", "Philippians 4:4-9", ")")),
        ("(Mark 12:41-44) The Widow", ("(", "Mark 12:41-44", ") The Widow")),
        ("Romans 9:3, 5; 10:1", ("", "Romans 9:3, 5; 10:1", "")),
        ("Luke 9:28-36 — Glory", ("", "Luke 9:28-36", " — Glory")),
    ],
)
def test_a_passage_is_its_references_and_a_caption(text: str, parts: tuple) -> None:
    assert passage_parts(text, "en") == parts


def test_a_passage_caption_still_resolves_and_a_wrong_reference_is_still_a_problem(
    write_study,
) -> None:
    text = "title: T\nsessions:\n  - passage: {passage}\n    blocks: [{{paragraph: See v. 3.}}]\n"
    loaded = load_study(write_study(text.format(passage="Luke 9:28-36 The Transfiguration")), "s")
    assert [c.reference.label() for c in loaded.citations] == ["Luke 9:28–36", "Luke 9:3"]
    with pytest.raises(ProblemsFound) as raised:
        load_study(write_study(text.format(passage="Luke 99:1 The Hundredth")), "s")
    assert any("Luke has 24 chapters" in str(p) for p in raised.value.problems)


def test_a_quotation_keeps_its_own_marks_and_takes_any_dash() -> None:
    flow = study("flow-guide")
    quote = flow.sessions[0].blocks[2].blocks[0]
    assert quote.quote == "“But those who wait for the LORD will renew their strength.”"
    assert quote.ref == "Isaiah 40:31"
    for dash in ("—", "–", "―", "--"):
        path = SHAPES.parent / f"dash{ord(dash[0])}.md"
        try:
            path.write_text(f"---\ntitle: T\n---\n\n> Be still.\n> {dash} Psalm 46:10\n")
            assert load_study(path, "d").study.sessions[0].blocks[0].ref == "Psalm 46:10"
        finally:
            path.unlink()


def test_a_part_holds_activities_and_the_editions_keep_their_own(write_study) -> None:
    kids = study("kids-lesson")
    social = kids.sessions[0].blocks[1]
    assert social.leader_only and [a.part for a in social.blocks[1:]] == [
        "Early Arriver: Coin Sort", "Penny Relay"
    ]  # fmt: skip
    leader, participant = (
        edition_copy(kids, e).sessions[0].blocks for e in ("leader", "participant")
    )
    assert [b.kind for b in participant] == ["paragraph", "part", "prayer"]
    assert [getattr(b, "part", None) for b in leader] == [None, "Social", "Bible Story", None]
    assert participant[1].part == "Take It Home"


def test_each_edition_has_its_own_title_and_shape() -> None:
    from studybook.study.loader import LoadedStudy

    loaded = load_study(SHAPES / "kids-lesson.md", "kids")
    assert edition_study(loaded, "leader").title.endswith("Small Group Leader Plan")
    assert edition_study(loaded, "participant").subtitle == "My take-home page"
    assert Shape.of(loaded.study, "participant", BuildOptions()) == Shape("sheet", False, True)
    assert Shape.of(loaded.study, "leader", BuildOptions()) == Shape()
    assert Shape.of(loaded.study, "participant", BuildOptions(shape="booklet")).appendix
    assert isinstance(loaded, LoadedStudy)


def test_prose_is_commonmark() -> None:
    html = inline(r"Escaped \*stars\*, a [link](https://example.org) and a note[^n].", {"n": "N."})
    assert "*stars*" in html and "<em>" not in html
    assert '<a href="https://example.org">link</a> <span class="url">(https://example.org)' in html
    assert '<span class="footnote">N.</span>' in html
    assert inline("first\nsecond").count("<br>") == 1
    assert plain_text("**Bold** and [a link](https://example.org)") == "Bold and a link"
    assert "&lt;b&gt;" in inline("<b>HTML prints as written</b>")


MD = """\
---
title: T
marks: {{O: Observation}}
---

# Session

{body}
"""


def problems(write_study, body: str, suffix: str = "md") -> list[str]:
    with pytest.raises(ProblemsFound) as raised:
        load_study(write_study(MD.format(body=body), f"s.{suffix}"), "s.md")
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "See [this](javascript:alert(1)).",
            "s.md:8:12: the link's address 'javascript:alert(1)' cannot be printed",
        ),
        ("![map](/etc/passwd)", "s.md:8:8: the image '/etc/passwd' is not a file in the project"),
        ("A note[^x].", "s.md:8:7: there is no footnote [^x]"),
        (
            "[ref]: https://example.org\n\nSee [it][ref].",
            "s.md:8:1: a link definition `[label]: address` is not supported",
        ),
        (
            "::: {.question mark=Z}\nWhy?\n:::",
            "s.md:8:21: the mark (Z) is not one of the study's marks",
        ),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n\n#### Deep", "s.md:12:1: parts nest one level deep"),
        (
            "::: {.question number=1 .unnumbered .leader .participant}\nWhy?\n:::",
            "s.md:9:1: a block cannot be for the leader only and the participant only",
        ),
        (
            "## Part\n\n### Activity {minutes=5}\n\n::: {.question minutes=9}\nWhy?\n:::",
            "s.md:10:5: the questions in this part take 9 minutes, more than its 5",
        ),
    ],
)
def test_mistakes_in_the_new_forms_are_positioned_problems(
    write_study, body: str, expected: str
) -> None:
    found = problems(write_study, body)
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date: 2027-02-30", "s.yaml:3:11: '2027-02-30' is not a real date"),
        ("date: 1066-10-14", "s.yaml:3:11: 'date' must fall between 1900 and 2199"),
        ("number: true", "s.yaml:3:13: "),
        (
            "blocks: [{table: [[a, b], [c]]}]",
            "s.yaml:3:22: row 2 of this table has 1 cells, but its header has 2",
        ),
        (
            "blocks: [{leader_note: x, participant_only: true}]",
            "s.yaml:3:28: a leader note is for the leader only",
        ),
        ("labels: {anser: x}", "s.yaml:3:14: unknown field 'anser' — did you mean 'answer'?"),
    ],
)
def test_mistakes_in_yaml_are_positioned_problems(write_study, text: str, expected: str) -> None:
    path = write_study(f"title: T\nsessions:\n  - {text}\n", "s.yaml")
    with pytest.raises(ProblemsFound) as raised:
        load_study(path, "s.yaml")
    found = [str(p) for p in raised.value.problems]
    assert any(p.startswith(expected) for p in found), found


def test_an_unused_footnote_is_a_warning_and_a_participant_never_gets_a_leaders_footnote(
    write_study,
) -> None:
    text = MD.format(
        body="Shared.\n\n::: leader\nOnly for you[^l].\n:::\n\n[^l]: Leader's.\n[^u]: Unused."
    )
    loaded = load_study(write_study(text, "s.md"), "s")
    (warning,) = [str(w) for w in loaded.warnings]
    assert warning.startswith("s:15:1: warning: the footnote [^u] is never called — call it")
    assert set(loaded.study.footnotes) == {"l", "u"}
    assert edition_copy(loaded.study, "participant").footnotes == {}
    assert edition_copy(loaded.study, "leader").footnotes == {"l": "Leader's."}
