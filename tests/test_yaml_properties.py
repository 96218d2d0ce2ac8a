"""Properties of reading studies: any bytes at all give a study or the project's own
positioned problems — never a crash, never a Python object built from a tag."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studybook.errors import ProblemsFound
from studybook.study.loader import LoadedStudy, load_study
from studybook.study.readers.document import Document
from studybook.study.readers.yaml import read_yaml

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRAGMENTS = [
    "title: ", "subtitle: ", "sessions:", "blocks:", "- part: ", "- question: ", "bullets:",
    "key_verse:", "verse: ", "ref: ", "text: ", "translation: ", "lines: ", "minutes: ",
    "journal:", "days: ", "leader_note: ", "answer: ", "language: ", "passage: ", "readings: ",
    "- ", "  ", "    ", "\n", "\t", ": ", ", ",
    "&a ", "*a", "*b", "<<: *a", "? ", "!!str ", "!!binary ", "!!timestamp ", "!!int ",
    "!!float ", "!!bool ", "!!null ", "!!map ", "!!seq ", "!!set ", "!!python/object:os.system ",
    "!include ", "[", "]", "{", "}", "'", '"', "|", ">-", "#", "---", "...", "%YAML 1.1",
    "2027-02-30", "2027-01-13", "19:00", "1e999", "9" * 40, "~", "null", "yes", "\\ud800",
    "\\x00", "Exodus 32:1–6", "(Jude 3–40)", "Hezekiah 3:4", "Psalm 151", "**", "[[x]]",
    "<b>x</b>", "{{ 7 * 7 }}", "\ufeff", "\x85", "\u2028", "é", "\x07",
]  # fmt: skip
FIELDS = ["title", "subtitle", "sessions", "blocks", "part", "bullets", "question", "x"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.dates(),
    st.text(max_size=30),
    st.sampled_from(["Exodus 32:1–6", "Jude 30", "Psalm 23", "Gen 1:1-3:4", "[[a]]"]),
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "study.yaml"


def read(path: Path, data: bytes) -> Document | None:
    path.write_bytes(data)
    try:
        return read_yaml(path, "study.yaml")
    except ProblemsFound as found:
        assert found.problems and all(p.file == "study.yaml" for p in found.problems)
        return None


def load(path: Path, data: bytes) -> LoadedStudy | None:
    path.write_bytes(data)
    try:
        return load_study(path, "study.yaml")
    except ProblemsFound as found:
        assert found.problems
        for problem in found.problems:
            assert problem.message and str(problem).startswith("study.yaml")
        return None


def plain(value: object) -> bool:
    """Whether a value is plain data: what the safe tags alone can build."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return value is None or type(value).__module__ in ("builtins", "datetime")


@PROPERTY
@given(st.binary(max_size=300))
def test_any_bytes_read_as_plain_data_or_problems(scratch: Path, data: bytes) -> None:
    document = read(scratch, data)
    assert document is None or plain(document.data)


@PROPERTY
@given(st.text(max_size=300))
def test_any_text_read_as_plain_data_or_problems(scratch: Path, text: str) -> None:
    document = read(scratch, text.encode("utf-8", "surrogatepass"))
    assert document is None or plain(document.data)


@PROPERTY
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_yaml_like_text_loads_or_gives_problems(scratch: Path, text: str) -> None:
    load(scratch, text.encode("utf-8", "surrogatepass"))


@PROPERTY
@given(documents)
def test_any_yaml_document_loads_or_gives_problems(scratch: Path, value: object) -> None:
    load(scratch, yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass"))


@PROPERTY
@given(
    st.fixed_dictionaries(
        {"title": st.text(min_size=1, max_size=20)},
        optional={"subtitle": st.text(max_size=20), "language": st.text(max_size=6)},
    ),
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "title": st.text(max_size=20),
                "sections": st.lists(
                    st.fixed_dictionaries(
                        {"heading": st.text(max_size=30)},
                        optional={"bullets": st.lists(st.text(max_size=40), max_size=3)},
                    ),
                    max_size=2,
                ),
                "questions": st.lists(
                    st.fixed_dictionaries(
                        {"text": st.text(max_size=30)},
                        optional={"lines": st.integers(-5, 50), "answer": st.text(max_size=20)},
                    ),
                    max_size=2,
                ),
            },
        ),
        max_size=3,
    ),
)
def test_study_shaped_documents_load_or_give_problems(
    scratch: Path, head: dict[str, str], sessions: list[dict]
) -> None:
    text = yaml.safe_dump({**head, "sessions": sessions}, allow_unicode=True)
    loaded = load(scratch, text.encode("utf-8", "surrogatepass"))
    if loaded is not None:
        assert len(loaded.study.sessions) == len(sessions)


words = st.lists(st.from_regex(r"[A-Za-z][a-z]{0,7}", fullmatch=True), min_size=1, max_size=4)


@PROPERTY
@given(st.sampled_from(["", "|", "|-", ">", ">-"]), st.lists(words, min_size=2, max_size=5))
def test_every_word_of_a_text_over_several_lines_is_placed_exactly(
    scratch: Path, style: str, lines: list[list[str]]
) -> None:
    """A reference anywhere in a plain, folded or literal text over several lines is
    reported at its own line and column, as on a single line."""
    indent = "    "
    body = [indent + " ".join(line) for line in lines]
    head = f"title: {style}\n" if style else f"title: {lines[0][0]}\n"
    source = head + "\n".join(body if style else [indent + " ".join(lines[0][1:]), *body[1:]])
    document = read(scratch, source.encode())
    assert document is not None
    value = document.data["title"]
    span = document.span(("title",))
    offset = 0
    for number, text in enumerate(source.split("\n"), start=1):
        start = text.index(": ") + 2 if number == 1 and not style else len(indent)
        for word in text[start:].split() if not (number == 1 and style) else []:
            offset = value.index(word, offset)
            assert span.at(offset) == (number, text.index(word, start) + 1), (word, source)
            start = text.index(word, start) + len(word)
            offset += len(word)
