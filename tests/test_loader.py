"""The sample study loads completely, and bad input gives positioned problems."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.errors import ProblemsFound
from studybook.study.blocks import LeaderNote
from studybook.study.loader import load_study
from studybook.study.model import participant_copy

from .conftest import LAYOUT_LABELS, SAMPLE, seed_sentences, squash


def model_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in model_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in model_strings(v)]
    return []


def test_sample_holds_every_sentence_of_the_seed() -> None:
    loaded = load_study(SAMPLE, "sample")
    study = loaded.study
    texts = model_strings(study.model_dump())
    key = study.sessions[0].key_verse
    texts.append(f"“{key.text}” — {key.verse}")
    corpus = squash("\n".join(texts))
    missing = [s for s in seed_sentences() if s not in LAYOUT_LABELS and squash(s) not in corpus]
    assert missing == []


def test_sample_references_cover_prose_and_fields() -> None:
    loaded = load_study(SAMPLE, "sample")
    labels = {c.reference.label() for c in loaded.citations}
    for expected in (
        "Exodus 32:1–6",
        "Genesis 18:22–33",
        "1 John 1:9",
        "Exodus 32:32",
        "Ezra 8:23",
    ):
        assert expected in labels


def test_participant_copy_has_no_leader_text() -> None:
    study = load_study(SAMPLE, "sample").study
    session = study.sessions[0]
    notes = [t for b in session.blocks if isinstance(b, LeaderNote) for t in b.leader_note]
    leader_texts = [*session.questions[0].answer, *notes]
    assert len(leader_texts) == 3
    participant = squash(" ".join(model_strings(participant_copy(study).model_dump())))
    for text in leader_texts:
        assert text and squash(text) not in participant


def run_check(path: Path):
    return CliRunner().invoke(main, ["check", str(path)])


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as raised:
        load_study(path, "s.yaml")
    return [str(p) for p in raised.value.problems]


GOOD = """\
title: A study
sessions:
  - title: One
    blocks:
      - part: Start
        blocks: [bullets: ["Read (Exodus 32:1–6)."]]
      - question: Why?
        lines: 3
"""


def test_check_passes_the_sample() -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "ok — 1 session, 1 question" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("title: A study", "titel: A study"),
            "s.yaml:1:1: unknown field 'titel' — did you mean 'title'?",
        ),
        (
            GOOD.replace("lines: 3", "lines: six"),
            "s.yaml:8:16: 'lines' should be a whole number, not text",
        ),
        (
            GOOD.replace("      - part: Start\n", "      - part: Start\n        minutes: 0\n"),
            "s.yaml:6:18: 'minutes' must be at least 1",
        ),
        (
            GOOD.replace("  - title: One\n", "  - title: One\n    title: Two\n"),
            "s.yaml:4:5: duplicate field 'title' (first given on line 3)",
        ),
        (GOOD.replace("Exodus 32:1–6", "Exodus 45:1"), "s.yaml:6:35: Exodus has 40 chapters"),
        (
            GOOD.replace("      - question: Why?\n        lines: 3\n", "      - Why?\n"),
            "s.yaml:7:9: this question is plain text — write it as a block: `- question: Why?`",
        ),
        (
            GOOD.replace("[bullets: ", '[question: "Now?", minutes: 9}, {bullets: ')
            .replace("blocks: [", "minutes: 5\n        blocks: [{")
            .replace("]]\n", "]}]\n"),
            "s.yaml:5:15: the questions in this part take 9 minutes, more than its 5",
        ),
        ("title: [unclosed\n", "s.yaml:2:1: YAML syntax error"),
        ("", "s.yaml:1:1: the file is empty"),
        (b"title: caf\xe9\n", "s.yaml:1:11: the file is not UTF-8"),
        (
            "title: !!python/object:os.system ls\n",
            "the tag tag:yaml.org,2002:python/object:os.system",
        ),
    ],
)
def test_each_problem_is_positioned(write_study, text: str, expected: str) -> None:
    path = write_study(text)
    found = problems_of(path)
    assert any(p.startswith(expected) or expected in p for p in found), found


def test_missing_file_is_reported(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "nope.yaml: not found" in result.output


def test_every_problem_in_one_run_without_traceback(write_study) -> None:
    text = textwrap.dedent(
        """\
        title: A study
        colour: blue
        sessions:
          - title: One
            blocks:
              - bullets: ["Read Hezekiah 3:4 and Jude 3–40."]
              - question: Why?
                lines: -2
        """
    )
    path = write_study(text)
    result = run_check(path)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith(f"{path}:2:1: unknown field 'colour'") for line in lines), lines
    assert any(":6:25:" in line and "Hezekiah" in line for line in lines), lines
    assert any(":6:42:" in line and "Jude has 25 verses" in line for line in lines), lines
    assert any(":8:16: 'lines' must be at least 0" in line for line in lines), lines
    assert "Traceback" not in result.output
    assert lines[-1] == "studybook: 4 problem(s) found"


def test_problems_from_several_files_are_all_reported(write_study) -> None:
    write_study("title: One\n", "a.yaml")
    path = write_study("sessions: []\n", "b.yaml")
    result = run_check(path.parent)
    assert result.exit_code == 1
    assert "a.yaml:1:1: missing required field 'sessions'" in result.output
    assert "b.yaml:1:1: missing required field 'title'" in result.output
    assert "b.yaml:1:11: 'sessions' needs at least one item" in result.output
