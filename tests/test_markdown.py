"""Markdown studies: the same model and the same PDFs as their YAML spelling, every kind of
block and field written the Markdown way, and problems at their line and column in the
`.md` file."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.errors import ProblemsFound
from studybook.study.blocks import LeaderNote, Part, Question, Steps, Verse
from studybook.study.loader import load_study
from studybook.study.model import participant_copy

from .conftest import ROOT, SAMPLE, SAMPLE_YAML, build
from .pdftext import page_texts


def test_markdown_and_yaml_spellings_give_the_same_model_and_references() -> None:
    markdown, yaml = load_study(SAMPLE, "md"), load_study(SAMPLE_YAML, "yaml")
    assert markdown.study == yaml.study
    assert markdown.study.model_dump() == yaml.study.model_dump()
    facts = [
        [(c.reference.label(), c.session, c.leader_only) for c in loaded.citations]
        for loaded in (markdown, yaml)
    ]
    assert facts[0] == facts[1]
    assert len(facts[0]) == 18
    assert markdown.warnings == yaml.warnings == ()


@pytest.fixture(scope="module")
def twin_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """The sample built from each spelling, in projects of its own."""
    found = {}
    for spelling in (SAMPLE, SAMPLE_YAML):
        project = tmp_path_factory.mktemp(spelling.suffix[1:])
        (project / "content").mkdir()
        shutil.copy(spelling, project / "content" / spelling.name)
        code, output = build(project)
        assert code == 0, output
        folder = project / "output" / spelling.stem
        found[spelling.suffix] = {e: folder / f"{spelling.stem}-{e}.pdf" for e in EDITIONS}
    return found


EDITIONS = ("leader", "participant")


@pytest.mark.parametrize("edition", EDITIONS)
def test_both_spellings_print_the_same_text(twin_pdfs, edition: str) -> None:
    markdown, yaml = (page_texts(twin_pdfs[s][edition]) for s in (".md", ".yaml"))
    assert len(markdown) > 6
    assert markdown == yaml


EVERY_BLOCK = """\
---
title: Every Block
---

# Reconciled {passage="Matthew 5:21-26"}

::: readings
- Matthew 5:21-26
- Ephesians 4:25-32
:::

::: {.key-verse translation=ESV}
> First be reconciled to your brother,
> and then come and offer your gift.
>
> — Matthew 5:24
:::

:::: opening
::: prayer
Lord, show us where we need to make peace.
:::
::::

A paragraph over
two lines, with *emphasis*, **strong** and a [[fill-in]].

## Look Down {minutes=10}

::: instruction
Read Matthew 5:21-26 aloud.
:::

:::: {.question lines=5 minutes=5}
What does Jesus add to the command?

::: answer
- Anger breaks it in the heart.
- Reconciliation comes first (vv. 23-24).
:::

::: leader
Let the group find these first.
:::
::::

## Background {.leader}

> The prayer of a righteous man has great power.
> — James 5:16

1. Pray for one person daily.
2. **Stand on Scripture**
   Remind God of His promises.
   - 1 John 1:9

---

- A bullet after the part.

::: leader
First note.

Second note.
:::

:::: closing
::: verse
> — Romans 12:18
:::
::::

::: {.journal days=3}
Whom did you pray for today?
:::

# {passage="Psalm 23"}

::: question
Untitled session, default lines?
:::
"""


def test_every_kind_of_block_and_field_reads_into_the_model(write_study) -> None:
    study = load_study(write_study(EVERY_BLOCK, "every.md"), "every.md").study
    first, second = study.sessions
    assert (first.title, first.passage) == ("Reconciled", "Matthew 5:21-26")
    assert first.readings == ["Matthew 5:21-26", "Ephesians 4:25-32"]
    assert first.key_verse == Verse(
        verse="Matthew 5:24",
        text="First be reconciled to your brother, and then come and offer your gift.",
        translation="ESV",
    )
    assert [b.kind for b in first.opening] == ["prayer"]
    paragraph, look_down, background, bullets, note = first.blocks
    assert paragraph.paragraph == (
        "A paragraph over two lines, with *emphasis*, **strong** and a [[fill-in]]."
    )
    assert (look_down.part, look_down.minutes, look_down.leader_only) == ("Look Down", 10, False)
    instruction, question = look_down.blocks
    assert instruction.instruction == "Read Matthew 5:21-26 aloud."
    assert question == Question(
        question="What does Jesus add to the command?",
        lines=5,
        minutes=5,
        answer=["Anger breaks it in the heart.", "Reconciliation comes first (vv. 23-24)."],
        leader_note=["Let the group find these first."],
    )
    assert isinstance(background, Part) and background.leader_only
    quote, steps = background.blocks
    assert (quote.quote, quote.ref) == (
        "The prayer of a righteous man has great power.",
        "James 5:16",
    )
    assert isinstance(steps, Steps)
    assert steps.steps[0] == "Pray for one person daily."
    titled = steps.steps[1]
    assert (titled.title, titled.text, titled.bullets) == (
        "Stand on Scripture",
        "Remind God of His promises.",
        ["1 John 1:9"],
    )
    assert bullets.bullets == ["A bullet after the part."]
    assert note == LeaderNote(leader_note=["First note.", "Second note."])
    assert first.closing == [Verse(verse="Romans 12:18")]
    assert (first.journal.days, first.journal.prompt) == (3, "Whom did you pray for today?")
    assert (second.title, second.passage) == (None, "Psalm 23")
    assert second.blocks == [Question(question="Untitled session, default lines?")]


def test_leader_only_markdown_is_stripped_from_the_participant_copy(write_study) -> None:
    study = load_study(write_study(EVERY_BLOCK, "every.md"), "every.md").study
    copy = participant_copy(study).sessions[0]
    assert [b.kind for b in copy.blocks] == ["paragraph", "part", "bullets"]
    assert copy.blocks[1].blocks[1].answer == copy.blocks[1].blocks[1].leader_note == []
    assert "[[_______]]" in copy.blocks[0].paragraph


def test_a_study_without_session_headings_is_one_session(write_study) -> None:
    text = "---\ntitle: One\n---\n\nJust a paragraph.\n\n## A part\n\n- a bullet\n"
    study = load_study(write_study(text, "one.md"), "one.md").study
    (session,) = study.sessions
    assert session.title is None
    assert [b.kind for b in session.blocks] == ["paragraph", "part"]


GOOD = """\
---
title: A study
---

# One

Read (Exodus 32:1–6) and
pray through Exodus 32:11-14 together.

## Look {minutes=10}

:::: {.question lines=4 minutes=5}
Why?

::: answer
Because.
:::
::::
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as raised:
        load_study(path, "s.md")
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("{minutes=10}", "{minuts=10}"),
            "s.md:10:10: unknown attribute 'minuts' — did you mean 'minutes'?",
        ),
        (
            GOOD.replace("{minutes=10}", "{minutes=ten}"),
            "s.md:10:18: 'minutes' should be a whole number, not text",
        ),
        (
            GOOD.replace("{minutes=10}", "{minutes=0}"),
            "s.md:10:18: 'minutes' must be at least 1",
        ),
        (
            GOOD.replace("Exodus 32:11-14", "Exodus 45:11-14"),
            "s.md:8:14: Exodus has 40 chapters, not 45",
        ),
        (
            GOOD.replace("(Exodus 32:1–6)", "(Exodus 32:1–66)"),
            "s.md:7:7: Exodus 32 has 35 verses, not 66",
        ),
        (
            GOOD.replace("# One\n", "Stray words.\n\n# One\n"),
            "s.md:5:1: this is outside any session — start a session with a heading",
        ),
        (
            GOOD.replace(":::: {.question", "#### Inner part\n\n:::: {.question"),
            "s.md:12:1: parts nest one level deep",
        ),
        (
            GOOD.replace("lines=4", "lines=100"),
            "s.md:12:23: 'lines' must be at most 40",
        ),
        (
            GOOD.replace("lines=4", "lines=four"),
            "s.md:12:23: 'lines' should be a whole number, not text",
        ),
        (
            GOOD.replace("{.question", "{.qestion"),
            "s.md:12:6: unknown kind of div `qestion` — did you mean `question`?",
        ),
        (
            GOOD.replace("{minutes=10}", "{minutes=10 .leadr}"),
            "s.md:10:21: unknown class '.leadr' — did you mean '.leader'?",
        ),
        (
            GOOD.replace("{minutes=10}", "{minutes = 10}"),
            "s.md:10:17: cannot read the attributes {minutes = 10}",
        ),
        (
            GOOD.replace("# One\n", '# One {pasage="Exodus 32"}\n'),
            "s.md:5:8: unknown attribute 'pasage' — did you mean 'passage'?",
        ),
        (
            GOOD.replace("minutes=5", "minutes=15"),
            "s.md:10:4: the questions in this part take 15 minutes, more than its 10",
        ),
        (
            GOOD.replace("title: A study\n", "title: A study\ntitle: Again\n"),
            "s.md:3:1: duplicate field 'title' (first given on line 2)",
        ),
        (
            GOOD.replace("title: A study", "titel: A study"),
            "s.md:2:1: unknown field 'titel' — did you mean 'title'?",
        ),
        (GOOD.replace("---\ntitle: A study\n---\n", ""), "s.md:1:1: the study has no front matter"),
        (
            GOOD.replace("---\n\n# One", "\n# One"),
            "s.md:1:1: the front matter is never closed",
        ),
        (
            GOOD.replace("::::", ":::"),
            "s.md:18:1: this `:::` closes no div — when divs are nested, give the outer one",
        ),
        (GOOD.replace("::::", ":::"), "s.md:15:1: this `answer` div is never closed"),
        (
            GOOD.replace("::::\n", ":::\n"),
            "s.md:12:1: this `question` div is never closed — end it with a line `::::`",
        ),
        (
            GOOD.replace("Read (Exodus", "Read\n---\n\n(Exodus"),
            "s.md:7:1: the line under this text underlines it into a heading",
        ),
        (
            GOOD.replace("## Look {minutes=10}\n", "## Look {minutes=10}\n\n## Empty\n"),
            "s.md:10:1: this part is empty",
        ),
        (
            GOOD.replace("Read (Exodus", "    Read (Exodus"),
            "s.md:7:5: this text is indented 4 spaces or more, so Markdown reads it as code",
        ),
        (
            GOOD.replace("Read (Exodus", "<div>Read (Exodus"),
            "s.md:7:1: HTML has no place in a study",
        ),
        (
            GOOD + "\n1. Plain step\n   - with a bullet\n",
            "s.md:20:1: a step with bullets needs a title",
        ),
        (
            GOOD + "\n- a bullet\n  - nested\n",
            "s.md:21:3: a bullet holds one paragraph",
        ),
        (
            GOOD + "\n::: answer\nStray.\n:::\n",
            "s.md:20:1: a `answer` div belongs in a question's div",
        ),
        (
            GOOD + "\n::: verse\n> Text without a reference.\n:::\n",
            "s.md:20:1: this verse has no reference",
        ),
        (
            GOOD + "\n::: prayer\nOne.\n\nTwo.\n:::\n",
            "s.md:20:1: a `prayer` div holds one paragraph",
        ),
        (
            GOOD + "\n::: journal\nOne.\n:::\n\n::: journal\nTwo.\n:::\n",
            "s.md:24:1: this session already has its journal (line 20)",
        ),
        (GOOD + "\n::: prayer\nNever closed.\n", "s.md:20:1: this `prayer` div is never closed"),
        (
            GOOD.replace("Because.", "Because (Exodus 99:1)."),
            "s.md:16:10: Exodus has 40 chapters, not 99",
        ),
    ],
)
def test_problems_point_into_the_markdown_file(write_study, text: str, expected: str) -> None:
    problems = problems_of(write_study(text, "s.md"))
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_reported_in_one_run(write_study) -> None:
    text = GOOD.replace("{minutes=10}", "{minuts=10}").replace("lines=4", "lines=x")
    text = text.replace("Exodus 32:11-14", "Exodus 45:1")
    problems = problems_of(write_study(text, "s.md"))
    assert [p.split(": ")[0] for p in problems] == ["s.md:8:14", "s.md:10:10", "s.md:12:23"]


def test_warnings_and_the_reference_list_point_into_the_markdown_file(write_study) -> None:
    text = GOOD.replace("Because.", "Because of v. 4, and v. 9.")
    path = write_study(text, "s.md")
    result = CliRunner().invoke(main, ["check", "--references", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"{path}:7:7: Exodus 32:1–6 → Exodus 32:1–6 (6 verses)" in lines
    assert f"{path}:8:14: Exodus 32:11-14 → Exodus 32:11–14 (4 verses)" in lines
    assert (
        f"{path}:16:12: v. 4 → Exodus 32:4 (1 verse, none new, leader only; book and chapter "
        'from "Exodus 32:11-14" before it, in another question)'
    ) in lines


def test_a_folder_reads_markdown_and_yaml_studies_and_refuses_two_with_one_name(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SAMPLE, content / "sample.md")
    shutil.copy(SAMPLE_YAML, content / "twin.yaml")
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok — 1 session") == 2
    shutil.copy(SAMPLE_YAML, content / "sample.yaml")
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 1
    assert (
        f"{content}/sample.yaml: this study and {content}/sample.md would write the same PDFs "
        "and calendar (sample-….pdf, sample.ics)" in result.output
    )


def test_html_comments_are_left_out_and_html_text_prints_literally(write_study) -> None:
    text = GOOD.replace("# One\n", "# One\n\n<!-- a note to myself -->\n\nSay <b>hi</b>.\n")
    study = load_study(write_study(text, "s.md"), "s.md").study
    assert study.sessions[0].blocks[0].paragraph == "Say <b>hi</b>."


def test_a_markdown_study_holding_a_nul_byte_is_refused(write_study) -> None:
    path = write_study(b"---\ntitle: x\n---\n\0", "s.md")
    assert problems_of(path) == [
        "s.md:1:1: this is a binary file, not Markdown text — save the study as plain UTF-8 text"
    ]


def test_markdown_parsing_is_only_imported_for_markdown_studies(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from studybook.study.loader import load_study
        load_study(Path({str(SAMPLE_YAML)!r}), "yaml")
        assert "markdown_it" not in sys.modules
        load_study(Path({str(SAMPLE)!r}), "md")
        assert "markdown_it" in sys.modules
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)


def test_the_manuals_example_is_one_study_in_both_spellings(tmp_path: Path) -> None:
    readme = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    markdown = re.search(r"```markdown\n(.*?)```", readme, re.DOTALL)[1]
    yaml = re.search(r"```yaml\n(title: Anger and Reconciliation .*?)```", readme, re.DOTALL)[1]
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(markdown, encoding="utf-8")
    (tmp_path / "content" / "b.yaml").write_text(yaml, encoding="utf-8")
    studies = [load_study(tmp_path / "content" / name, name).study for name in ("a.md", "b.yaml")]
    assert studies[0] == studies[1]
    assert len(studies[0].sessions[0].questions) == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("# One\n", "# One {.leader}\n", "s.md:5:8: unknown class '.leader'"),
        ("::: answer", "::: {.answer .leader}", "s.md:15:14: unknown class '.leader'"),
        ("", "\n::: {.journal .leader}\nSecret.\n:::\n", "s.md:20:15: unknown class '.leader'"),
        ("", "\n::: {.readings .leader}\n- Acts 1\n:::\n", "s.md:20:16: unknown class"),
    ],
)
def test_leader_only_marks_where_none_can_go_are_refused(
    write_study, old: str, new: str, expected: str
) -> None:
    """Parts and blocks may be the leader's (and leader and answer divs are): a `.leader`
    class anywhere else is a problem, never ignored (which would print it for participants)."""
    text = GOOD.replace(old, new) if old else GOOD + new
    problems = problems_of(write_study(text, "s.md"))
    assert any(p.startswith(expected) for p in problems), problems
