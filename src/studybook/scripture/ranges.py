"""Verse ranges and references: what a reference names, counted, merged and labelled in a
language's names and style ("Exodus 32:1–6", "Psalms 23, 91", "Johannes 3,16–18")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from . import canon
from .canon import Book
from .names import DEFAULT_LANGUAGE, Names, Style, names_for

EN_DASH = "\N{EN DASH}"


@dataclass(frozen=True, order=True, slots=True)
class VerseRange:
    """An inclusive run of verses within one book, possibly crossing chapters.

    A part letter ("8a") is kept for the label only: the appendix prints whole verses.
    """

    # Book is a plain Enum and cannot be compared: ranges sort by the book's place in a Bible.
    _key: tuple[int, int, int, int, int] = field(init=False, repr=False)
    book: Book
    start_chapter: int
    start_verse: int
    end_chapter: int
    end_verse: int
    start_part: str = field(default="", compare=False)
    end_part: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        key = (canon.order(self.book), self.start_chapter, self.start_verse)
        object.__setattr__(self, "_key", (*key, self.end_chapter, self.end_verse))

    def verse_ids(self) -> list[int]:
        """The verse numbers (canon.verse_id) of every verse in the range, in order."""
        ids = []
        for chapter in range(self.start_chapter, self.end_chapter + 1):
            first = self.start_verse if chapter == self.start_chapter else 1
            whole = canon.verses(self.book, chapter)
            last = self.end_verse if chapter == self.end_chapter else whole
            ids += [canon.verse_id(self.book, chapter, v) for v in range(first, last + 1)]
        return ids

    def positions(self) -> range:
        """Where the range's verses stand among all the Bible's verses, counted from 0."""
        first = _position(self.book, self.start_chapter, self.start_verse)
        return range(first, _position(self.book, self.end_chapter, self.end_verse) + 1)

    def label(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Normalised form with an en dash, in a language's names and style, e.g. "Exodus
        32:1–6", "Psalm 23", "Jude 3"; "Salmo 23"; "Johannes 3,16–18"."""
        names = names_for(language)
        return f"{_book_label(names, self.book, [self])} {_numbers(names.style, self)}"


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference as written in a source string, with the verse ranges it names."""

    text: str
    start: int
    end: int
    ranges: tuple[VerseRange, ...]
    language: str = DEFAULT_LANGUAGE  # whose book names and style label it
    # For a reference without a book ("4:12", "v. 6"): what it counted from, and why.
    basis: str = ""

    def label(self) -> str:
        """Normalised form of the whole reference, e.g. "Romans 9:3, 5", "Psalms 23, 91"."""
        names = names_for(self.language)
        first = self.ranges[0]
        label = f"{_book_label(names, first.book, self.ranges)} {_numbers(names.style, first)}"
        for previous, current in pairwise(self.ranges):
            label += _continuation(names.style, previous, current)
        return label


def verse_count(ranges: Iterable[VerseRange]) -> int:
    """How many verses ranges hold, each counted once."""
    return sum(len(r.positions()) for r in merge_ranges(ranges))


def merge_ranges(ranges: Iterable[VerseRange]) -> list[VerseRange]:
    """Merge overlapping and adjacent ranges; return them in canonical order."""
    merged: list[VerseRange] = []
    for current in sorted(ranges):
        if merged and _touches(merged[-1], current):
            merged[-1] = _join(merged[-1], current)
        else:
            merged.append(current)
    return merged


# --- interpreting numbers -------------------------------------------------------------------


def _book_label(names: Names, book: Book, ranges) -> str:
    """ "Psalm" for one psalm, "Psalms" for several; other books by their name."""
    chapters = {c for r in ranges for c in range(r.start_chapter, r.end_chapter + 1)}
    return names.label(book, plural=len(chapters) > 1)


def _is_whole_chapters(r: VerseRange) -> bool:
    return (
        not single_chapter(r.book)
        and r.start_verse == 1
        and r.end_verse == canon.verses(r.book, r.end_chapter)
        and not r.start_part
        and not r.end_part
    )


def _numbers(style: Style, r: VerseRange) -> str:
    """The chapter/verse part of a label."""
    first, last = f"{r.start_verse}{r.start_part}", f"{r.end_verse}{r.end_part}"
    cv = style.chapter_verse
    if single_chapter(r.book):
        return _span(first, last)
    if _is_whole_chapters(r):
        return _span(str(r.start_chapter), str(r.end_chapter))
    if r.start_chapter == r.end_chapter:
        return f"{r.start_chapter}{cv}{_span(first, last)}"
    return f"{r.start_chapter}{cv}{first}{EN_DASH}{r.end_chapter}{cv}{last}"


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first}{EN_DASH}{last}"


def _continuation(style: Style, previous: VerseRange, current: VerseRange) -> str:
    """How a further range of the same book continues a label: ", 5" or "; 10:1"."""
    numbers = _numbers(style, current)
    if _is_whole_chapters(previous) and _is_whole_chapters(current):
        return f"{style.chapters}{numbers}"
    if (
        current.start_chapter == previous.end_chapter
        and not _is_whole_chapters(previous)
        and not _is_whole_chapters(current)
    ):
        return f"{style.verse_list}{numbers.split(style.chapter_verse, 1)[-1]}"
    return f"{style.chapter_list}{numbers}"


@cache
def _chapter_starts(book: Book) -> list[int]:
    """The position of each chapter's first verse among all the Bible's verses."""
    books = canon.in_order()
    place = canon.order(book)
    starts = [_book_end(books[place - 1]) if place else 0]
    for chapter in range(1, canon.chapters(book)):
        starts.append(starts[-1] + canon.verses(book, chapter))
    return starts


def _book_end(book: Book) -> int:
    """The position just after a book's last verse."""
    last = canon.chapters(book)
    return _chapter_starts(book)[-1] + canon.verses(book, last)


def verses_in_bible() -> int:
    """How many verses studybook can print, in every book it can cite."""
    return _book_end(canon.in_order()[-1])


def _position(book: Book, chapter: int, verse: int) -> int:
    return _chapter_starts(book)[chapter - 1] + verse - 1


def single_chapter(book: Book) -> bool:
    """Obadiah, Philemon, 2 John, 3 John and Jude: numbers after the name are verses."""
    return canon.chapters(book) == 1


def _next_verse(r: VerseRange) -> tuple[int, int]:
    """(chapter, verse) just after the range; may point past the book's end."""
    if r.end_verse < canon.verses(r.book, r.end_chapter):
        return r.end_chapter, r.end_verse + 1
    return r.end_chapter + 1, 1


def _touches(a: VerseRange, b: VerseRange) -> bool:
    """Whether b (not before a) overlaps a or starts right after it."""
    return a.book == b.book and (b.start_chapter, b.start_verse) <= _next_verse(a)


def _join(a: VerseRange, b: VerseRange) -> VerseRange:
    end = max((a.end_chapter, a.end_verse), (b.end_chapter, b.end_verse))
    return VerseRange(a.book, a.start_chapter, a.start_verse, *end)
