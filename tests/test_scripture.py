"""A study's references as the loader and `studybook check` see them: document order,
sessions, warnings, --strict, and the audit of every reference."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.errors import ProblemsFound
from studybook.study.loader import load_study

from .conftest import SAMPLE

STUDY = textwrap.dedent(
    """\
    title: Lost and found
    sessions:
      - title: The sons
        key_verse:
          verse: Luke 15:11-24; 1 John 2:28-3:10
          text: He was lost, and is found.
          translation: WEB
        blocks:
          - leader_note: Read Heb. 11:1-3; 6 first.
          - part: The story
            blocks:
              - paragraph: "Read Luke 15: 11-32. Notice vv. 20, 22 and Exodus 19:2-8a."
              - quote: This my son was dead.
                ref: v. 24
      - title: The brother
        blocks:
          - paragraph: Reread vv. 25-32 slowly.
    """
)


@pytest.fixture
def study(write_study) -> Path:
    return write_study(STUDY)


def test_references_resolve_in_document_order_within_their_session(study: Path) -> None:
    loaded = load_study(study, "s.yaml")
    found = [
        (c.line, c.column, c.reference.text, c.reference.label(), c.session, c.leader_only)
        for c in loaded.citations
    ]
    assert found == [
        (5, 14, "Luke 15:11-24", "Luke 15:11–24", 0, False),
        (5, 29, "1 John 2:28-3:10", "1 John 2:28–3:10", 0, False),
        (9, 27, "Heb. 11:1-3; 6", "Hebrews 11:1–3, 6", 0, True),
        (12, 30, "Luke 15: 11-32", "Luke 15:11–32", 0, False),
        (12, 53, "vv. 20, 22", "Luke 15:20, 22", 0, False),
        (12, 68, "Exodus 19:2-8a", "Exodus 19:2–8a", 0, False),
        (14, 18, "v. 24", "Exodus 19:24", 0, False),
    ]


def test_warnings_are_positioned_and_carried_on_the_study(study: Path) -> None:
    warnings = [str(w) for w in load_study(study, "s.yaml").warnings]
    assert [w.split(": warning: ")[0] for w in warnings] == ["s.yaml:9:40", "s.yaml:17:27"]
    assert '"6" after a semicolon could mean Hebrews 11:6 or Hebrews 6' in warnings[0]
    assert warnings[1].startswith(
        's.yaml:17:27: warning: "vv. 25-32" has no book and chapter, and no reference before '
        "it in this session says which"
    )


def test_errors_stop_the_load_and_bring_the_warnings_along(write_study) -> None:
    path = write_study(STUDY.replace("Exodus 19:2-8a", "Exodus 45:1"))
    with pytest.raises(ProblemsFound) as raised:
        load_study(path, "s.yaml")
    problems = raised.value.problems
    assert [(p.line, p.warning) for p in problems] == [(9, True), (12, False), (17, True)]
    assert str(problems[1]) == (
        "s.yaml:12:68: Exodus has 40 chapters, not 45 — check the chapter number"
    )


def test_the_sample_study_has_no_warning() -> None:
    assert load_study(SAMPLE, "sample").warnings == ()


def test_an_appendix_of_whole_books_is_a_warning_with_its_size(write_study) -> None:
    path = write_study(
        "title: Everything\nsessions:\n  - blocks:\n      - part: All\n"
        "        blocks: [paragraph: Read Luke 15 and then Gen. 1-50 with Exodus 1:1-5.]\n"
    )
    (warning,) = load_study(path, "s.yaml").warnings
    assert str(warning) == (
        "s.yaml:5:51: warning: the appendix would hold 1,571 verses, about 72 pages; "
        "Genesis 1–50 alone adds 1,534 — cite the passages the study reads rather than "
        "whole chapters or books"
    )


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_check_references_lists_every_reference_then_the_warnings(study: Path) -> None:
    result = check("--references", str(study))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{study}:5:14: Luke 15:11-24 → Luke 15:11–24 (14 verses)",
        f"{study}:5:29: 1 John 2:28-3:10 → 1 John 2:28–3:10 (12 verses)",
        f"{study}:9:27: Heb. 11:1-3; 6 → Hebrews 11:1–3, 6 (4 verses, leader only)",
        f"{study}:12:30: Luke 15: 11-32 → Luke 15:11–32 (22 verses, 8 new)",
        f"{study}:12:53: vv. 20, 22 → Luke 15:20, 22 (2 verses, none new; book and chapter "
        'from "Luke 15: 11-32" before it)',
        f"{study}:12:68: Exodus 19:2-8a → Exodus 19:2–8a (7 verses)",
        f'{study}:14:18: v. 24 → Exodus 19:24 (1 verse; book and chapter from "Exodus 19:2-8a" '
        "before it, in another question)",
        f"{study}: leader appendix: 6 passages, 46 verses, about 3 pages",
        f"{study}: participant appendix: 4 passages, 42 verses, about 2 pages",
        f"{study}: ok — 2 sessions, 0 questions, 7 references",
        f"{study}: Bible: World English Bible (WEB): The World English Bible is in the public "
        "domain.",
        *(str(w).replace("s.yaml", str(study)) for w in load_study(study, "s.yaml").warnings),
        "ok — 1 study, 2 sessions, 2 warnings",
    ]


def test_check_prints_warnings_and_strict_makes_them_fail(study: Path) -> None:
    lax = check(str(study))
    assert lax.exit_code == 0
    assert lax.output.count(": warning: ") == 2
    strict = check("--strict", str(study))
    assert strict.exit_code == 1
    assert "ok —" not in strict.output
    assert strict.output.count(": warning: ") == 2
    assert strict.output.splitlines()[-1] == (
        "studybook: 2 warnings found, and --strict makes warnings errors"
    )
    assert "Traceback" not in strict.output


def test_errors_and_warnings_are_counted_apart(write_study) -> None:
    path = write_study(STUDY.replace("Exodus 19:2-8a", "Exodus 45:1"))
    result = check(str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "studybook: 1 problem(s) and 2 warnings found"
