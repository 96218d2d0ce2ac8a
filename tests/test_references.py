"""Tests for studybook.references: parsing, prose scanning, validation and merging."""

import pytest
import pythonbible
from hypothesis import given
from hypothesis import strategies as st
from pythonbible import Book

from studybook.references import (
    BadReference,
    Reference,
    VerseRange,
    find_references,
    merge_ranges,
    parse_reference,
)

B = Book


def spans(reference: Reference) -> list[tuple[Book, int, int, int, int]]:
    return [
        (r.book, r.start_chapter, r.start_verse, r.end_chapter, r.end_verse)
        for r in reference.ranges
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exodus 32:32", [(B.EXODUS, 32, 32, 32, 32)]),
        ("Genesis 18:22-33", [(B.GENESIS, 18, 22, 18, 33)]),
        ("Exodus 32:1–6", [(B.EXODUS, 32, 1, 32, 6)]),
        ("Exodus 32:1—6", [(B.EXODUS, 32, 1, 32, 6)]),
        ("Exodus 32:1 – 6", [(B.EXODUS, 32, 1, 32, 6)]),
        ("John 3:16–4:2", [(B.JOHN, 3, 16, 4, 2)]),
        ("Romans 9:3, 5", [(B.ROMANS, 9, 3, 9, 3), (B.ROMANS, 9, 5, 9, 5)]),
        (
            "Romans 9:3, 5; 10:1",
            [(B.ROMANS, 9, 3, 9, 3), (B.ROMANS, 9, 5, 9, 5), (B.ROMANS, 10, 1, 10, 1)],
        ),
        (
            "Romans 9:3, 5, 7-9",
            [(B.ROMANS, 9, 3, 9, 3), (B.ROMANS, 9, 5, 9, 5), (B.ROMANS, 9, 7, 9, 9)],
        ),
        ("Psalm 23", [(B.PSALMS, 23, 1, 23, 6)]),
        ("Genesis 18–19", [(B.GENESIS, 18, 1, 19, 38)]),
        ("Genesis 18–19:5", [(B.GENESIS, 18, 1, 19, 5)]),
        ("Psalms 23, 91", [(B.PSALMS, 23, 1, 23, 6), (B.PSALMS, 91, 1, 91, 16)]),
        ("Genesis 18; 19:1", [(B.GENESIS, 18, 1, 18, 33), (B.GENESIS, 19, 1, 19, 1)]),
        ("Gen 18:22", [(B.GENESIS, 18, 22, 18, 22)]),
        ("Ex. 32:32", [(B.EXODUS, 32, 32, 32, 32)]),
        ("1 Jn 1:9", [(B.JOHN_1, 1, 9, 1, 9)]),
        ("1Jn 1:9", [(B.JOHN_1, 1, 9, 1, 9)]),
        ("Jn 3:16", [(B.JOHN, 3, 16, 3, 16)]),
        ("1 John 5:16", [(B.JOHN_1, 5, 16, 5, 16)]),
        ("Rom 9:3", [(B.ROMANS, 9, 3, 9, 3)]),
        ("Ps 23", [(B.PSALMS, 23, 1, 23, 6)]),
        ("I John 1:9", [(B.JOHN_1, 1, 9, 1, 9)]),
        ("First John 1:9", [(B.JOHN_1, 1, 9, 1, 9)]),
        ("Song of Solomon 2:4", [(B.SONG_OF_SONGS, 2, 4, 2, 4)]),
        ("Mt 5:3", [(B.MATTHEW, 5, 3, 5, 3)]),
        ("Revelations 3:20", [(B.REVELATION, 3, 20, 3, 20)]),
        ("John 3.16", [(B.JOHN, 3, 16, 3, 16)]),
        ("gen 1:1", [(B.GENESIS, 1, 1, 1, 1)]),
        ("Jude 3", [(B.JUDE, 1, 3, 1, 3)]),
        ("Jude 1:3", [(B.JUDE, 1, 3, 1, 3)]),
        ("Philemon 4–6", [(B.PHILEMON, 1, 4, 1, 6)]),
        ("Obadiah 1–4", [(B.OBADIAH, 1, 1, 1, 4)]),
        ("2 John 12", [(B.JOHN_2, 1, 12, 1, 12)]),
        ("III John 2, 4", [(B.JOHN_3, 1, 2, 1, 2), (B.JOHN_3, 1, 4, 1, 4)]),
    ],
)
def test_parse_reference_forms(text: str, expected: list[tuple[Book, int, int, int, int]]):
    reference = parse_reference(text)
    assert spans(reference) == expected
    assert (reference.text, reference.start, reference.end) == (text, 0, len(text))


def test_parse_reference_reports_offsets_of_the_reference_inside_padding():
    reference = parse_reference("  Exodus 32:1–6 \n")
    assert (reference.text, reference.start, reference.end) == ("Exodus 32:1–6", 2, 15)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Exodus 32:1-6", "Exodus 32:1–6"),
        ("Genesis 18:22 - 33", "Genesis 18:22–33"),
        ("John 3:16-4:2", "John 3:16–4:2"),
        ("Jude 1:3", "Jude 3"),
        ("Obadiah 1-4", "Obadiah 1–4"),
        ("Psalm 23", "Psalms 23"),
        ("Psalm 23:1-6", "Psalms 23"),
        ("Genesis 18-19", "Genesis 18–19"),
        ("Song of Solomon 2:4", "Song of Songs 2:4"),
        ("1 Jn 1:9", "1 John 1:9"),
        ("Romans 9:3, 5", "Romans 9:3, 5"),
        ("Rom 9:3,5;10:1", "Romans 9:3, 5; 10:1"),
        ("Romans 9:3, 5-10:2", "Romans 9:3, 5–10:2"),
        ("Psalm 23, 91", "Psalms 23, 91"),
        ("Genesis 18; 19:1", "Genesis 18; 19:1"),
        ("Philemon 4, 6-7", "Philemon 4, 6–7"),
    ],
)
def test_labels_are_normalised(text: str, label: str):
    assert parse_reference(text).label() == label


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Exodus 45:1", "Exodus has 40 chapters, not 45 — check the chapter number"),
        ("Exodus 32:99", "Exodus 32 has 35 verses, not 99 — check the verse number"),
        ("Exodus 32:30-99", "Exodus 32 has 35 verses, not 99 — check the verse number"),
        ("Jude 3–40", "Jude has 25 verses, not 40 — check the verse number"),
        ("John 3:16-22:1", "John has 21 chapters, not 22 — check the chapter number"),
        ("Romans 9:3, 99", "Romans 9 has 33 verses, not 99 — check the verse number"),
        ("Romans 14:24", "Romans 14 has 23 verses, not 24 — check the verse number"),
        ("Jude 2:3", "Jude has only 1 chapter, not 2 — check the chapter number"),
        ("Exodus 32:0", "Exodus 32 has no verse 0 — verses start at 1"),
        ("Exodus 32:5-0", "Exodus 32 has no verse 0 — verses start at 1"),
        ("Exodus 0:1", "Exodus has no chapter 0 — chapters start at 1"),
        ("Exodus 32:6–1", "range runs backwards (Exodus 32:6–1) — write the lower verse first"),
        ("Genesis 19-18", "range runs backwards (Genesis 19–18) — write the lower chapter first"),
        (
            "Hezekiah 3:4",
            '"Hezekiah" is not a book of the Bible — check the spelling or use a standard '
            'abbreviation like "Gen" or "1 Cor"',
        ),
        (
            "Corinthians 13:4",
            '"Corinthians" needs a number in front — write "1 Corinthians" or "2 Corinthians"',
        ),
        (
            "Sirach 3:4",
            "Ecclesiasticus is in the Apocrypha, which studybook cannot print — choose a "
            "passage from Genesis to Revelation",
        ),
        ("Genesis", '"Genesis" needs a chapter — e.g. "Genesis 1" or "Genesis 1:1–5"'),
        ("", 'the reference is empty — write one like "Exodus 32:1–6"'),
        ("(see above)", '"(see above)" is not a Bible reference — write one like "Exodus 32:1–6"'),
        (
            "Exodus 32:1 (NIV)",
            'unexpected "(NIV)" after "Exodus 32:1" — a reference field holds one reference, '
            'like "Exodus 32:1–6"',
        ),
    ],
)
def test_parse_reference_errors(text: str, message: str):
    with pytest.raises(BadReference) as caught:
        parse_reference(text)
    error = caught.value
    assert error.message == message == str(error)
    assert (error.text, error.start, error.end) == (text, 0, len(text))


def test_field_error_offsets_exclude_padding():
    with pytest.raises(BadReference) as caught:
        parse_reference("  Hezekiah 3:4 ")
    assert (caught.value.text, caught.value.start, caught.value.end) == ("Hezekiah 3:4", 2, 14)


def test_field_reports_a_bad_number_before_trailing_text():
    with pytest.raises(BadReference) as caught:
        parse_reference("Exodus 32:99 and more")
    assert caught.value.message == "Exodus 32 has 35 verses, not 99 — check the verse number"
    assert (caught.value.text, caught.value.start, caught.value.end) == ("Exodus 32:99", 0, 12)
    assert isinstance(caught.value, ValueError)


def test_numbers_too_long_for_int_are_reported_not_crashed_on():
    with pytest.raises(BadReference, match="Exodus 32 has 35 verses"):
        parse_reference("Exodus 32:" + "9" * 5000)


def labels(prose: str) -> list[str]:
    references, errors = find_references(prose)
    assert errors == []
    for reference in references:
        assert prose[reference.start : reference.end] == reference.text
    return [reference.label() for reference in references]


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        (
            "Israel has just broken covenant by worshiping the golden calf (Exodus 32:1–6).",
            ["Exodus 32:1–6"],
        ),
        ("Like Abraham for Sodom (Genesis 18:22-33), keep returning", ["Genesis 18:22–33"]),
        ("“He is faithful and just to forgive us our sins” (1 John 1:9).", ["1 John 1:9"]),
        ("Set aside a daily time slot to pray Exodus 32:32-style—asking God", ["Exodus 32:32"]),
        ("We meet at 19:00 in Room 12, Session 2.", []),
        ("Read Chapter 3, verse 3 (see above).", []),
        ("Welcome 19:00, Sunday 10:30, March 3:30 pm", []),
        ("Sing Song 3, then Act 2 of the play.", []),
        ("a lowercase john 3:16 or numbers 1-10 is ordinary text", []),
        ("See Romans 9:3, and then", ["Romans 9:3"]),
        ("Read Psalm 23, 1 John 4:7 and Mark 2.", ["Psalms 23", "1 John 4:7", "Mark 2"]),
        ("Compare Romans 9:3; 1 Cor 2:1.", ["Romans 9:3", "1 Corinthians 2:1"]),
        ("Hi John 3:16 fans", ["John 3:16"]),
        ("Jude 3, Philemon 4–6 and Obadiah 1.", ["Jude 3", "Philemon 4–6", "Obadiah 1"]),
    ],
)
def test_find_references_in_prose(prose: str, expected: list[str]):
    assert labels(prose) == expected


def test_verse_list_in_parentheses_is_one_reference():
    prose = "Moses offers himself (Romans 9:3, 5)."
    (reference,), errors = find_references(prose)
    assert errors == []
    assert reference.text == "Romans 9:3, 5"
    assert (reference.start, reference.end) == (22, 35)
    assert spans(reference) == [(B.ROMANS, 9, 3, 9, 3), (B.ROMANS, 9, 5, 9, 5)]


def test_find_references_reports_every_invalid_reference_with_offsets():
    prose = "Pray Exodus 32:99 and Hezekiah 3:4, then Jude 3–40 and Exodus 32:32."
    references, errors = find_references(prose)
    assert [r.label() for r in references] == ["Exodus 32:32"]
    assert [(e.text, prose[e.start : e.end]) for e in errors] == [
        ("Exodus 32:99", "Exodus 32:99"),
        ("Hezekiah 3:4", "Hezekiah 3:4"),
        ("Jude 3–40", "Jude 3–40"),
    ]
    assert errors[0].message == "Exodus 32 has 35 verses, not 99 — check the verse number"
    assert errors[1].message.startswith('"Hezekiah" is not a book of the Bible')
    assert errors[2].message == "Jude has 25 verses, not 40 — check the verse number"
    assert [e.start for e in errors] == [5, 22, 41]


def test_unknown_book_in_prose_needs_chapter_and_verse():
    references, errors = find_references("Foo 3:4 is wrong but Foo 3 is just text")
    assert references == []
    assert [(e.text, e.start, e.end) for e in errors] == [("Foo 3:4", 0, 7)]


def verse_range(book: Book, sc: int, sv: int, ec: int, ev: int) -> VerseRange:
    return VerseRange(book, sc, sv, ec, ev)


def test_verse_ids_cross_chapters_in_order():
    r = verse_range(B.JOHN, 3, 35, 4, 2)
    assert r.verse_ids() == [43003035, 43003036, 43004001, 43004002]


def test_verse_ranges_sort_in_canonical_order():
    jude = verse_range(B.JUDE, 1, 3, 1, 3)
    first_john = verse_range(B.JOHN_1, 1, 9, 1, 9)
    genesis = verse_range(B.GENESIS, 50, 1, 50, 1)
    assert sorted([jude, first_john, genesis]) == [genesis, first_john, jude]


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        pytest.param(
            [(B.EXODUS, 32, 1, 32, 6), (B.EXODUS, 32, 4, 32, 10)],
            [(B.EXODUS, 32, 1, 32, 10)],
            id="overlap",
        ),
        pytest.param(
            [(B.PSALMS, 23, 1, 23, 6), (B.PSALMS, 23, 4, 23, 4)],
            [(B.PSALMS, 23, 1, 23, 6)],
            id="contained",
        ),
        pytest.param(
            [(B.EXODUS, 32, 7, 32, 7), (B.EXODUS, 32, 1, 32, 6)],
            [(B.EXODUS, 32, 1, 32, 7)],
            id="adjacent-within-chapter",
        ),
        pytest.param(
            [(B.GENESIS, 19, 1, 19, 1), (B.GENESIS, 18, 33, 18, 33)],
            [(B.GENESIS, 18, 33, 19, 1)],
            id="adjacent-across-chapters",
        ),
        pytest.param(
            [(B.EXODUS, 32, 1, 32, 6), (B.EXODUS, 32, 8, 32, 8)],
            [(B.EXODUS, 32, 1, 32, 6), (B.EXODUS, 32, 8, 32, 8)],
            id="gap-stays-separate",
        ),
        pytest.param(
            [(B.GENESIS, 18, 32, 18, 32), (B.GENESIS, 19, 1, 19, 1)],
            [(B.GENESIS, 18, 32, 18, 32), (B.GENESIS, 19, 1, 19, 1)],
            id="gap-across-chapters-stays-separate",
        ),
        pytest.param(
            [(B.EXODUS, 1, 1, 1, 1), (B.GENESIS, 50, 26, 50, 26)],
            [(B.GENESIS, 50, 26, 50, 26), (B.EXODUS, 1, 1, 1, 1)],
            id="different-books-never-merge",
        ),
        pytest.param(
            [
                (B.ROMANS, 9, 3, 9, 3),
                (B.JUDE, 1, 3, 1, 3),
                (B.EXODUS, 32, 1, 32, 6),
                (B.JOHN_1, 1, 9, 1, 9),
                (B.GENESIS, 18, 22, 18, 33),
            ],
            [
                (B.GENESIS, 18, 22, 18, 33),
                (B.EXODUS, 32, 1, 32, 6),
                (B.ROMANS, 9, 3, 9, 3),
                (B.JOHN_1, 1, 9, 1, 9),
                (B.JUDE, 1, 3, 1, 3),
            ],
            id="canonical-order",
        ),
    ],
)
def test_merge_ranges(ranges, expected):
    merged = merge_ranges(verse_range(*r) for r in ranges)
    assert merged == [verse_range(*r) for r in expected]


# --- properties -------------------------------------------------------------------------------

_CANON = [book for book in Book if book.value <= Book.REVELATION.value]
_REFERENCE_ALPHABET = "GenExodusJhnRmPsalI1236 0123456789:;,.-–—()abc\n"
texts = st.one_of(
    st.text(),
    st.text(alphabet=_REFERENCE_ALPHABET),
    st.lists(
        st.one_of(
            st.sampled_from([b.title for b in Book] + ["Hezekiah", "Jn", "I", "Session", "at"]),
            st.from_regex(r"[0-9]{1,3}([:.][0-9]{1,3})?([-–—][0-9]{1,3}(:[0-9]{1,3})?)?"),
            st.sampled_from([" ", ", ", "; ", "(", ").", "-style", "\n"]),
        )
    ).map("".join),
)


@given(texts)
def test_find_references_never_raises(prose: str):
    references, errors = find_references(prose)
    for found in [*references, *errors]:
        assert prose[found.start : found.end] == found.text


@given(texts)
def test_parse_reference_returns_or_raises_bad_reference(text: str):
    try:
        reference = parse_reference(text)
    except BadReference as error:
        assert text[error.start : error.end] == error.text
    else:
        assert reference.ranges


@st.composite
def verse_ranges(draw: st.DrawFn) -> VerseRange:
    book = draw(st.sampled_from(_CANON))
    start_chapter = draw(st.integers(1, pythonbible.get_number_of_chapters(book)))
    end_chapter = draw(st.integers(start_chapter, pythonbible.get_number_of_chapters(book)))
    start_verse = draw(st.integers(1, pythonbible.get_number_of_verses(book, start_chapter)))
    low = start_verse if end_chapter == start_chapter else 1
    end_verse = draw(st.integers(low, pythonbible.get_number_of_verses(book, end_chapter)))
    return VerseRange(book, start_chapter, start_verse, end_chapter, end_verse)


@given(verse_ranges())
def test_label_parses_back_to_the_same_range(r: VerseRange):
    assert parse_reference(r.label()).ranges == (r,)
    assert labels(f"(see {r.label()}).") == [r.label()]
