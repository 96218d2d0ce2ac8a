"""What the appendix needs of a translation, whatever its source (pythonbible's packages,
a church's USFM file): its names, its notice and its verses; and the passages and excerpts
made from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from . import canon
from .canon import Book
from .ranges import VerseRange

# A verse a "\\v 1-2" joins into the one it starts with: printed with that one.
JOINED = ""


class Bible(Protocol):
    """What the appendix needs of a translation: its names, its notice and its verses."""

    name: str
    abbreviation: str
    notice: str
    language: str | None  # of its text; None: the study's own

    def text(self, book: Book, chapter: int, verse: int) -> str | None:
        """A verse's printable text; None when the translation lacks it."""
        ...

    def has_book(self, book: Book) -> bool:
        """Whether the translation has the book at all (some have one testament)."""
        ...

    def last_verse(self, book: Book, chapter: int) -> int | None:
        """The number of a chapter's last verse in this translation, whose numbering may
        differ from canon.py's; None when it lacks the chapter."""
        ...


class Chapters:
    """A translation's books, and the last verse of each of its chapters."""

    ends: dict[int, int]  # the last verse, by book × 1,000 + chapter
    books: frozenset[int]

    def has_book(self, book: Book) -> bool:
        return book.value in self.books

    def last_verse(self, book: Book, chapter: int) -> int | None:
        return self.ends.get(book.value * 1000 + chapter)


class Numbered(Chapters):
    """A translation's books and chapters, as the numbers of its verses give them."""

    def numbered(self) -> dict[int, str]:
        """Every verse by its number (canon.verse_id)."""
        raise NotImplementedError

    @cached_property
    def ends(self) -> dict[int, int]:
        found: dict[int, int] = {}
        for verse_id in self.numbered():
            chapter = verse_id // 1000
            found[chapter] = max(found.get(chapter, 0), verse_id % 1000)
        return found

    @cached_property
    def books(self) -> frozenset[int]:
        return frozenset(chapter // 1000 for chapter in self.ends)


@dataclass(frozen=True)
class Excerpt(Chapters):
    """The verses of a translation that a study cites, and what the appendix needs to know
    of their books and chapters: what a render job is given instead of a whole Bible, which
    it would otherwise load again (or be sent whole) in every process."""

    name: str
    abbreviation: str
    notice: str
    language: str | None
    texts: dict[int, str | None] = field(repr=False)  # by canon.verse_id, as text() gives
    ends: dict[int, int] = field(repr=False)  # only the cited chapters'
    books: frozenset[int] = field(repr=False)  # only the cited books that it has

    def text(self, book: Book, chapter: int, verse: int) -> str | None:
        return self.texts.get(canon.verse_id(book, chapter, verse))


def excerpt(bible: Bible, ranges: Iterable[VerseRange]) -> Excerpt:
    """What a translation holds of some ranges of verses, as an Excerpt."""
    texts: dict[int, str | None] = {}
    ends: dict[int, int] = {}
    books: set[int] = set()
    for r in ranges:
        for verse_id in r.verse_ids():
            chapter, verse = divmod(verse_id % 1_000_000, 1000)
            texts[verse_id] = bible.text(r.book, chapter, verse)
            if last := bible.last_verse(r.book, chapter):
                ends[verse_id // 1000] = last
        if bible.has_book(r.book):
            books.add(r.book.value)
    names = bible.name, bible.abbreviation, bible.notice, bible.language
    return Excerpt(*names, texts, ends, frozenset(books))


@dataclass(frozen=True)
class Verse:
    """One verse of a passage; text is None when the translation lacks the verse."""

    chapter: int
    verse: int
    text: str | None


def passage(r: VerseRange, translation: Bible) -> list[Verse]:
    """The cleaned verses of a range in a translation, including any it lacks (text None);
    a verse joined into the one before it is printed with that one. A range that runs to
    the end of a chapter ends where the translation's chapter ends ("Daniel 3" is 30 verses
    in the WEB and 100 in a Catholic Bible)."""
    verses = [
        Verse(*where, translation.text(r.book, *where))
        for where in (divmod(verse_id % 1_000_000, 1000) for verse_id in r.verse_ids())
        if not _past_chapter_end(r, translation, *where)
    ]
    return [v for v in verses if v.text != JOINED]


def _past_chapter_end(r: VerseRange, translation: Bible, chapter: int, verse: int) -> bool:
    """Whether a verse of a range that takes in the translation's last verse of a chapter
    and runs on to the chapter's end in canon.py's numbering lies past the translation's,
    where the translation's chapter is a whole one in some numbering (not a file holding
    part of it)."""
    last = translation.last_verse(r.book, chapter)
    if not last or verse <= last or (r.start_chapter, r.start_verse) > (chapter, last):
        return False
    if last < canon.fewest(r.book, chapter):
        return False
    return r.end_chapter > chapter or r.end_verse == canon.verses(r.book, chapter)


# --- finding each verse in a package --------------------------------------------------------
