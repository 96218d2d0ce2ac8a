"""The reader measured on 538 real reference strings copied from published studies, sermon
notes and lectionaries in every shipped language (tests/data/references/, see its README):
each entry read in its context — the session's passage, then the reference before it in an
earlier question — and compared with the verses a careful editor would print."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from .corpus import CORPUS, LANGUAGES, OSIS, entries, read

VERDICTS = ("exact", "warned", "unread", "wrong")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_real_string_reads_as_a_careful_editor_would(language: str, capsys) -> None:
    outcomes = [read(entry) for entry in entries(language)]
    totals = Counter(outcome.verdict for outcome in outcomes)
    with capsys.disabled():  # the suite's measure of the reader, shown with -s or not
        counts = ", ".join(f"{totals[v]} {v}" for v in VERDICTS)
        print(f"\nreference corpus, {language}: {len(outcomes)} strings: {counts}")
    wrong = [outcome.explain() for outcome in outcomes if outcome.verdict == "wrong"]
    assert not wrong, "\n".join(wrong)


def test_the_corpus_is_large_and_in_every_language() -> None:
    sizes = {language: len(entries(language)) for language in LANGUAGES}
    assert sum(sizes.values()) >= 500
    assert min(sizes.values()) >= 60
    readable = sum(
        read(entry).verdict in ("exact", "warned")
        for language in LANGUAGES
        for entry in entries(language)
    )
    assert readable >= 500  # the forms studybook leaves unread stay few, and each says why


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_says_where_it_was_read_and_why_studybook_differs(language: str) -> None:
    raw = yaml.safe_load((CORPUS / f"{language}.yaml").read_text(encoding="utf-8"))
    for entry in raw:
        assert entry["source"].startswith("http"), entry["text"]
        assert set(entry) <= {
            *("text", "source", "book_context", "before", "expect", "note", "warn"),
            *("printed", "why", "passage"),
        }
        if "printed" in entry:
            assert entry.get("why"), entry["text"]
        for osis in [*entry["expect"], *entry.get("printed", [])]:
            assert osis.split(".")[0] in OSIS, osis
