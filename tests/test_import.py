"""`studybook import`: a study a church already has, as Word, a web page, a PDF or text,
turned into a Markdown study that checks and builds, with nothing lost silently."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.render.punctuation import smart_punctuation
from studybook.study import LeaderNote, Part, Question, load_study

from . import import_edits
from .conftest import ROOT, seed_sentences
from .documents import as_html, as_text, write_docx, write_pdf
from .pdftext import key, page_texts

SEED = Path(__file__).parent / "data" / "seed.txt"
STUDIES = sorted((Path(__file__).parent / "data" / "studies").glob("*.yaml"))
SAMPLE = ROOT / "content" / "exodus-32-intercession.md"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output


def shape(study) -> list:
    """A study's sessions and blocks, kinds and texts, without what a document does not
    say (writing lines, a question's minutes, a verse's translation, whether a leader note
    right after a question is the question's own or stands after it)."""

    def blocks(items) -> tuple:
        shaped: list = []
        for b in items:
            if isinstance(b, LeaderNote) and shaped and shaped[-1][0] == "question":
                _kind, text, answer, notes = shaped.pop()
                b = ("question", text, answer, (*notes, *b.leader_note))
            shaped.append(b if isinstance(b, tuple) else block(b))
        return tuple(shaped)

    def block(b) -> tuple:
        if isinstance(b, Part):
            return ("part", b.part, b.minutes, b.leader_only, blocks(b.blocks))
        if isinstance(b, Question):
            return ("question", b.question, tuple(b.answer), tuple(b.leader_note))
        fields = b.model_dump(exclude={"lines", "minutes", "translation"}, exclude_none=True)
        return (b.kind, tuple(sorted((k, str(v)) for k, v in fields.items())))

    return [
        (
            s.title,
            s.passage,
            tuple(s.readings),
            block(s.key_verse) if s.key_verse else None,
            blocks(s.opening),
            blocks(s.blocks),
            blocks(s.closing),
        )
        for s in study.sessions
    ] + [study.title, study.subtitle]


def test_the_seed_imports_into_the_sample_study(project: Path) -> None:
    code, output = run("import", str(SEED))
    assert code == 0, output
    assert "line 77: Top of Page (page furniture)" in output
    assert "line 78: Top of Page (page furniture)" in output
    written = project / "content" / "seed.md"
    imported = load_study(written, "seed.md").study
    sample = load_study(SAMPLE, "sample").study
    assert (imported.title, imported.subtitle) == (sample.title, sample.subtitle)
    (session,) = imported.sessions
    (expected,) = sample.sessions
    assert session.key_verse.text.strip("“”") == expected.key_verse.text
    assert session.key_verse.verse == expected.key_verse.verse
    parts = [b for b in session.blocks if isinstance(b, Part)]
    assert [p.part for p in parts] == [b.part for b in expected.blocks if isinstance(b, Part)]
    for got, wanted in zip(parts, [b for b in expected.blocks if isinstance(b, Part)], strict=True):
        contents = [b for b in wanted.blocks if b.kind != "leader_note"]
        assert [b.model_dump() for b in got.blocks] == [b.model_dump() for b in contents]
    closing = session.blocks[-1]
    assert isinstance(closing, Question) and closing.question == expected.blocks[-1].question


def test_the_imported_seed_builds_with_every_sentence_in_order(project: Path) -> None:
    assert run("import", str(SEED))[0] == 0
    code, output = run("build", "content/seed.md", "--edition", "participant", "--jobs", "1")
    assert code == 0, output
    text = key(" ".join(page_texts(project / "output" / "seed" / "seed-participant.pdf")))
    position = 0
    for line in seed_sentences():
        if line == "The Key Verse":  # the key verse's heading is the layout's own
            continue
        found = text.find(key(smart_punctuation(line.split(" — ")[0].strip("“”"), "en")), position)
        assert found >= 0, f"{line!r} missing or out of order"
        position = found


@pytest.mark.parametrize("study", STUDIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("form", ["docx", "html", "txt", "pdf"])
def test_a_church_study_round_trips_through_word_html_text_and_pdf(
    project: Path, study: Path, form: str
) -> None:
    original = load_study(study, study.name).study
    source = project / f"{study.stem}.{form}"
    if form in ("docx", "pdf"):
        (write_docx if form == "docx" else write_pdf)(original, source)
    else:
        source.write_text(as_html(original) if form == "html" else as_text(original), "utf-8")
    code, output = run("import", str(source))
    assert code == 0, output
    imported = load_study(project / "content" / f"{study.stem}.md", "imported").study
    assert shape(imported) == shape(original)


def test_pasted_text_from_standard_input(project: Path) -> None:
    pasted = "Week 1: Called\n\n1. Who called you first?\n2. What did you answer?\n"
    code, output = run("import", "-", stdin=pasted)
    assert code == 0, output
    study = load_study(project / "content" / "week-1-called.md", "pasted").study
    assert [q.question for q in study.sessions[0].questions] == [
        ["Who called you first?"],
        ["What did you answer?"],
    ]


def test_it_never_writes_over_a_study(project: Path) -> None:
    (project / "content" / "seed.md").write_text("mine", encoding="utf-8")
    code, output = run("import", str(SEED))
    assert code == 1 and "content/seed.md: already exists — give another --output" in output
    assert (project / "content" / "seed.md").read_text(encoding="utf-8") == "mine"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


HOSTILE = {
    "not-a-zip.docx": (b"PK but not really", "it is not a zip file"),
    "zip-bomb.docx": (
        _zip({"word/document.xml": b"<w:document>" + b" " * 300_000_000 + b"</w:document>"}),
        "unpacks to far more than its size",
    ),
    "xxe.docx": (
        _zip(
            {
                "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><w:document>&x;</w:document>'
            }
        ),
        "declares a DTD or entities",
    ),
    "no-document.docx": (_zip({"hello.txt": b"hi"}), "is not a Word document"),
    "junk.pdf": (b"%PDF-1.7\n\x00\x01\x02 garbage", "not a PDF file, or it is damaged"),
    "binary.txt": (bytes(range(256)) * 10, "not a text file"),
    "huge.txt": (b"a" * 2_000_001, "larger than 2 MB"),
    "study.odt": (b"whatever", "cannot import this kind of file"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents_are_clear_errors_and_write_nothing(project: Path, name: str) -> None:
    data, message = HOSTILE[name]
    (project / name).write_bytes(data)
    code, output = run("import", name)
    assert code == 1 and message in output, output
    assert "Traceback" not in output
    assert list((project / "content").iterdir()) == []


# Edits a careful editor still makes after importing each study of tests/data/imports/
# (`python -m tests.import_edits` prints them): a bound, so the importer only gets better.
EDITS = {"08-kids-lesson.html": 1, "14-nested-subquestions.txt": 1}


@pytest.mark.parametrize("source", import_edits.sources(), ids=lambda p: p.name)
def test_real_world_shapes_import_close_to_what_an_editor_writes(
    project: Path, source: Path
) -> None:
    code, output = run("import", str(source), "--output", "content/study.md")
    assert code == 0 and "problem" not in output, output
    load_study(project / "content" / "study.md", "study.md")  # checks, or raises its problems
    imported = (project / "content" / "study.md").read_text(encoding="utf-8")
    wanted = import_edits.expected(source).read_text(encoding="utf-8")
    assert import_edits.edits(imported, wanted) <= EDITS.get(source.name, 0)


def test_a_web_pages_furniture_is_listed_as_left_out(project: Path) -> None:
    code, output = run("import", str(import_edits.FIXTURES / "15-web-page-cruft.html"))
    assert code == 0, output
    for line in ("Skip to content", "Recent Posts", "We use cookies", "Posted by Pastor Dan",
                 "Top of Page", "Copyright 2024 Grace Church"):  # fmt: skip
        assert re.search(rf"line \d+: {line}", output), line
    assert "var x" not in output  # a script is not text anyone reads


INDUCTIVE = """Seeing Jesus in John 1

Week 1: The Word (John 1:1-18)

Discussion Questions

1. (O) What does verse 1 say about the Word?
   a. Who was with God in the beginning?
   b. What came into being through him?
2. (I) Why does John call Jesus the light?
3. (A) Where do you need light this week?

Helpful Tip: Give the group time before anyone answers.

Pray: Thank God for his light.
"""


def test_sub_questions_marks_and_labels_come_through_to_print(project: Path) -> None:
    (project / "john.txt").write_text(INDUCTIVE, encoding="utf-8")
    assert run("import", "john.txt")[0] == 0
    study = load_study(project / "content" / "john.md", "john.md").study
    assert study.marks == {"O": "Observation", "I": "Interpretation", "A": "Application"}
    part = study.sessions[0].blocks[0]
    first, second, third = part.blocks[:3]
    assert (first.mark, second.mark, third.mark) == ("O", "I", "A")
    subs = [s if isinstance(s, str) else s.question[0] for s in first.subquestions]
    assert subs == ["Who was with God in the beginning?", "What came into being through him?"]
    code, output = run("build", "content/john.md", "--edition", "leader", "--jobs", "1")
    assert code == 0, output
    page = key(" ".join(page_texts(project / "output" / "john" / "john-leader.pdf")))
    for printed in [
        "(O) Observation · (I) Interpretation · (A) Application",
        "What does verse 1 say about the Word? Who was with God in the beginning? "
        "What came into being through him?",
        "Helpful Tip: Give the group time before anyone answers.",
        "Pray: Thank God for his light.",
        "Q1 a. b. Q2 Q3",
    ]:
        assert key(printed) in page, printed
