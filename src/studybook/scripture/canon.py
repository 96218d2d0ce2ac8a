"""The books studybook can cite, from Genesis to Revelation and the deuterocanonical books:
their identity, their order in a Bible, their USFM codes and OSIS names, and their chapters
and verses.

The table is canon.toml; references are read and checked against it, and the translation a
study is printed from then says whether it has each verse (scripture.unprinted).
"""

from __future__ import annotations

import tomllib
from enum import Enum
from pathlib import Path

_TABLE = tomllib.loads(Path(__file__).with_name("canon.toml").read_text(encoding="utf-8"))

Book = Enum("Book", [(key, entry["id"]) for key, entry in _TABLE.items()], module=__name__)
Book.__doc__ = "A book of the Bible; its value is the number its verses are kept under."

# The 66 books of Protestant Bibles: pythonbible's numbers, and its translations' books.
PROTESTANT_BOOKS = 66
USFM: dict[str, Book] = {entry["usfm"]: Book[key] for key, entry in _TABLE.items()}
OSIS: dict[str, Book] = {entry["osis"]: Book[key] for key, entry in _TABLE.items()}
_VERSES: dict[Book, tuple[int, ...]] = {
    Book[key]: tuple(entry["verses"]) for key, entry in _TABLE.items()
}
_FEWEST: dict[Book, tuple[int, ...]] = {
    Book[key]: tuple(entry.get("fewest", entry["verses"])) for key, entry in _TABLE.items()
}
_ORDER: dict[Book, int] = {Book[key]: n for n, key in enumerate(_TABLE)}


def chapters(book: Book) -> int:
    """How many chapters a book has."""
    return len(_VERSES[book])


def verses(book: Book, chapter: int) -> int:
    """The most verses a chapter has in any common numbering (0 for one it lacks)."""
    counts = _VERSES[book]
    return counts[chapter - 1] if 0 < chapter <= len(counts) else 0


def fewest(book: Book, chapter: int) -> int:
    """The fewest verses a chapter has in any common numbering (0 for one it lacks)."""
    counts = _FEWEST[book]
    return counts[chapter - 1] if 0 < chapter <= len(counts) else 0


def order(book: Book) -> int:
    """Where a book stands in a Bible that has every book, counted from 0."""
    return _ORDER[book]


def in_order() -> list[Book]:
    """Every book, in the order a Bible prints them."""
    return list(_ORDER)


def is_deuterocanonical(book: Book) -> bool:
    """Whether a book is one of those Catholic and Orthodox Bibles have and Protestant
    Bibles leave out or print as the Apocrypha (Tobit, Sirach, 1 Maccabees …)."""
    return book.value > PROTESTANT_BOOKS


def verse_id(book: Book, chapter: int, verse: int) -> int:
    """A verse's number, book × 1,000,000 + chapter × 1,000 + verse (as pythonbible's)."""
    return book.value * 1_000_000 + chapter * 1000 + verse
