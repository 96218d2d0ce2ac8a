"""Properties of reading Markdown studies: any text at all gives a study or positioned
problems inside the file — never a crash — and every text value has a position in it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studybook.errors import ProblemsFound
from studybook.study.loader import load_study
from studybook.study.readers.markdown import read_markdown

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRONT = "---\ntitle: T\n---\n"
FRAGMENTS = [
    "# ", "## ", "### ", "#", "\n", "\n\n", "  ", "    ", "\t", "---\n", "***\n", "===\n",
    "> ", "- ", "* ", "1. ", "2) ", ":::", "::::", "::: ", " question", " answer", " leader",
    " prayer", " verse", " key-verse", " readings", " opening", " closing", " journal",
    " instruction", " bogus", "{", "}", "{.leader}", "{minutes=5}", "{lines=x}", "{.question ",
    'passage="Exodus 32:1"', "days=3", "=", '"', "**", "*", "__", "_", "[[x]]", "— ", "-- ",
    "Exodus 32:1–6", "v. 4", "Hezekiah 3:4", "text", "Why?", "<!-- c -->", "<div>", "```",
    "`", "\\", "[a](b)", "\ufeff", "\u2028", "\x85", "é", "\x07", "\r\n", "title: x\n",
]  # fmt: skip


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "content").mkdir()
        yield Path(folder) / "content" / "study.md"


def load(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    lines = text.count("\n") + text.count("\r") + 2
    try:
        load_study(path, "study.md")
    except ProblemsFound as found:
        assert found.problems
        for problem in found.problems:
            assert problem.message and str(problem).startswith("study.md")
            assert 0 <= problem.line <= lines and problem.column >= 0, problem


@PROPERTY
@given(st.text(max_size=300))
def test_any_text_loads_or_gives_positioned_problems(scratch: Path, text: str) -> None:
    load(scratch, text)


@PROPERTY
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_markdown_like_text_loads_or_gives_positioned_problems(scratch: Path, body: str) -> None:
    load(scratch, FRONT + body)


@PROPERTY
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_every_text_value_is_placed_on_its_own_line_of_the_file(scratch: Path, body: str) -> None:
    text = FRONT + body
    scratch.write_text(text, encoding="utf-8", errors="surrogatepass")
    document = read_markdown(scratch, "study.md")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for path, value in document.strings():
        for offset in {0, len(value) // 2, len(value) - 1} if value else ():
            if value[offset] in " \n":
                continue  # spaces joining lines, and a hard break's newline, are not in the file
            line, column = document.span(path).at(offset)
            assert lines[line - 1][column - 1] == value[offset], (path, value, offset)


def test_a_last_empty_quoted_line_is_read(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "s.md"
    path.write_text(FRONT + "> ::: x\n> ", encoding="utf-8")  # once an IndexError in the parser
    with pytest.raises(ProblemsFound) as raised:
        load_study(path, "s.md")
    assert [str(p) for p in raised.value.problems] == [
        "s.md:4:1: a quotation is one paragraph — write it as `> text`, with a last line "
        "`> — Reference` for its source"
    ]


def test_deep_nesting_and_a_megabyte_of_markup_are_read_in_bounds(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "deep.md"
    body = "> " * 5_000 + "- " * 5_000 + ":::: x\n" * 2_000 + "**[[" * 50_000
    path.write_text(FRONT + body[:999_000], encoding="utf-8")
    with pytest.raises(ProblemsFound):
        load_study(path, "deep.md")
    path.write_text(FRONT + "para\n\n" * 160_000, encoding="utf-8")
    with pytest.raises(ProblemsFound) as raised:
        load_study(path, "many.md")
    assert any("too many blocks" in p.message for p in raised.value.problems)
