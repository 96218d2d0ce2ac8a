"""A study made of the corpus's real strings: the appendix of its PDF holds exactly the
verses `studybook check --references` lists for it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from studybook.cli import main
from studybook.scripture import Reader, merge_ranges, verse_count
from studybook.scripture.canon import Book, is_deuterocanonical

from .conftest import build
from .corpus import entries, read
from .pdftext import page_texts

MAX_VERSES = 400  # enough strings for every form, few enough pages to build quickly


def corpus_study() -> dict:
    """The English corpus's strings that studybook reads without an error, each a paragraph
    of the session of its book (whose passage is the book's first chapter)."""
    sessions: dict[str, list[str]] = {}
    ranges = []
    for entry in entries("en"):
        outcome = read(entry)
        found = outcome.found
        if not found or any(not f.warning for f in outcome.findings):
            continue
        if any(is_deuterocanonical(r.book) for r in found) or entry.before:
            continue
        if verse_count([*ranges, *found]) > MAX_VERSES:
            continue
        ranges += found
        book = entry.passage.ranges[0].book if entry.passage else None
        sessions.setdefault(book.name if book else "", []).append(entry.text)
    names = Reader().names
    return {
        "title": "Reading the corpus",
        "sessions": [
            {
                "title": f"Session {n}",
                **({"passage": f"{names.name(Book[key])} 1"} if key else {}),
                "blocks": [{"paragraph": text} for text in texts],
            }
            for n, (key, texts) in enumerate(sessions.items(), 1)
        ],
    }


def test_the_appendix_holds_exactly_the_verses_check_lists(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    study = content / "corpus.yaml"
    study.write_text(yaml.safe_dump(corpus_study(), allow_unicode=True), encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "--references", str(content)])
    assert checked.exit_code == 0, checked.output
    listed = re.findall(r"^.*?:\d+:\d+: .* → (.*) \(\d+ verses?\b", checked.output, re.MULTILINE)
    assert len(listed) > 50
    ranges = [r for label in listed for r in Reader().field(label).references[0].ranges]
    expected = [r.label() for r in merge_ranges(ranges)]
    summary = re.search(r"leader appendix: (\d+) passages?, (\d+) verses", checked.output)
    assert summary and int(summary[1]) == len(expected)
    assert int(summary[2]) == verse_count(ranges)

    code, output = build(tmp_path, "--edition", "leader")
    assert code == 0, output
    pages = page_texts(tmp_path / "output" / "corpus" / "corpus-leader.pdf")
    text = "\n".join(pages)
    appendix = text[text.rindex("Every passage this study refers to") :]
    headings = []
    for line in appendix.splitlines():
        scan = Reader().field(line.strip())
        if scan.references and not scan.findings and scan.references[0].label() == line.strip():
            headings.append(line.strip())
    assert len(headings) > 40 and headings == expected
