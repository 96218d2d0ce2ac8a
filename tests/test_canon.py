"""The canon: every book once, pythonbible's numbers for the 66, a Catholic Bible's order,
and numbers that take in each common numbering without losing the KJV's."""

from __future__ import annotations

import pythonbible

from studybook.scripture import canon
from studybook.scripture.canon import Book


def test_the_66_books_keep_pythonbibles_numbers_and_counts_at_least() -> None:
    protestant = [b for b in Book if not canon.is_deuterocanonical(b)]
    assert len(protestant) == canon.PROTESTANT_BOOKS == 66
    for book in protestant:
        theirs = pythonbible.Book[book.name]
        assert book.value == theirs.value
        chapters = pythonbible.get_number_of_chapters(theirs)
        assert canon.chapters(book) >= chapters
        for chapter in range(1, chapters + 1):
            assert canon.verses(book, chapter) >= pythonbible.get_number_of_verses(theirs, chapter)
        assert canon.verses(book, canon.chapters(book) + 1) == 0


def test_a_catholic_bibles_order_keeps_the_66_in_their_order() -> None:
    order = canon.in_order()
    assert sorted(order, key=canon.order) == order and len(set(order)) == len(Book)
    assert [b for b in order if b.value <= 66] == sorted(
        (b for b in Book if b.value <= 66), key=lambda b: b.value
    )
    place = {b: canon.order(b) for b in Book}
    assert place[Book.NEHEMIAH] < place[Book.TOBIT] < place[Book.JUDITH] < place[Book.ESTHER]
    assert place[Book.ESTHER] < place[Book.MACCABEES_1] < place[Book.MACCABEES_2] < place[Book.JOB]
    assert place[Book.SONG_OF_SONGS] < place[Book.WISDOM] < place[Book.SIRACH] < place[Book.ISAIAH]
    assert place[Book.LAMENTATIONS] < place[Book.BARUCH] < place[Book.EZEKIEL]


def test_usfm_codes_name_every_book_once() -> None:
    assert set(canon.USFM.values()) == set(Book) and len(canon.USFM) == len(Book)
    assert canon.USFM["SIR"] is Book.SIRACH and canon.USFM["1MA"] is Book.MACCABEES_1


def test_other_numberings_are_taken_in() -> None:
    assert canon.chapters(Book.DANIEL) == 14 and canon.verses(Book.DANIEL, 3) == 100
    assert canon.verses(Book.MALACHI, 3) == 24 and canon.chapters(Book.MALACHI) == 4
    assert canon.chapters(Book.MACCABEES_2) == 15  # pythonbible's copies 1 Maccabees' 16
    assert canon.verse_id(Book.TOBIT, 4, 15) == 67_004_015


def test_the_fewest_verses_of_a_chapter_are_within_its_numberings() -> None:
    for book in Book:
        for chapter in range(1, canon.chapters(book) + 1):
            assert 0 < canon.fewest(book, chapter) <= canon.verses(book, chapter)
    assert (canon.fewest(Book.DANIEL, 3), canon.verses(Book.DANIEL, 3)) == (30, 100)
    assert canon.fewest(Book.PSALMS, 3) == 8 and canon.verses(Book.PSALMS, 3) == 9
    assert canon.fewest(Book.JOHN, 3) == canon.verses(Book.JOHN, 3) == 36
