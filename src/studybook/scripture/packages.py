"""Verse text from the public-domain English Bibles that pythonbible publishes, one package
each, cleaned of the packages' editorial artifacts and of headings and letters that leaked
into the verse before them.

Several packages place their verses at character positions that drift away from the text
(a stray backslash or formatting code the index did not count shifts every later verse), so
each verse is found again by the number the text gives it, starting from the package's own
position: a verse whose number is not there is missing, never its neighbour's text.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass, field
from functools import cache

import pythonbible

from ..resources import N_
from . import canon
from .bible import Numbered
from .canon import Book
from .clean import clean

# A verse number inside a verse ("them. 10 And", "precepts,11 Keep"); numbers in the text
# itself are never followed by a capital ("144 thousands", "10,000 talents").
_RUN_TOGETHER = re.compile(r"(?<!\d)(?<!\d,)\d{1,3}(?![\d,])(?:\.? ?[A-Z“‘(]|\. |\.\d)")
# A verse the package cut off and ran into another ("behold > ----- Transfer interrupted!").
_DAMAGED = re.compile(r"Transfer interrupted|-{5,}")


@dataclass(frozen=True)
class Translation(Numbered):
    """A public-domain translation published as a pythonbible package."""

    key: str
    name: str
    abbreviation: str
    notice: str
    version: pythonbible.Version
    module: str = ""  # the package's module, when pythonbible names it wrongly
    marks: str = ""  # characters the package uses as editorial marks, not punctuation
    footnotes: bool = False  # the package keeps footnote numbers in the text ("of 6 Aloha")
    corrections: tuple[tuple[str, str], ...] = ()  # the package's own typing mistakes
    # Books past Revelation the package holds whole and in order, by its number for them.
    deuterocanon: tuple[tuple[int, Book], ...] = ()
    included: bool = field(default=False, compare=False)  # installed with studybook itself
    language: str = "en"  # every pythonbible translation is English

    @property
    def package(self) -> str:
        """The distribution to install, e.g. "pythonbible-dr"."""
        return self.module_name.replace("_", "-")

    @property
    def module_name(self) -> str:
        """The package's module, e.g. "pythonbible_dr"."""
        return self.module or pythonbible.bible.BIBLE_PACKAGE_NAMES[self.version]

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module_name) is not None

    def text(self, book: Book, chapter: int, verse: int) -> str | None:
        """A verse's cleaned text; None when the package lacks it, or when the verse still
        holds another verse's number, a sign that the package ran two verses together."""
        raw = self.numbered().get(canon.verse_id(book, chapter, verse))
        text = clean(raw, self.marks, footnotes=self.footnotes) if raw is not None else None
        damaged = text is None or _RUN_TOGETHER.search(text) or _DAMAGED.search(raw or "")
        return None if damaged else text

    def numbered(self) -> dict[int, str]:
        return _verses(self)


V = pythonbible.Version
TRANSLATIONS: dict[str, Translation] = {
    t.key: t
    for t in (
        Translation(
            "web",
            "World English Bible",
            "WEB",
            N_("The World English Bible is in the public domain."),
            V.WORLD_ENGLISH,
            included=True,
        ),
        Translation(
            "kjv",
            "King James Version",
            "KJV",
            N_(
                "The King James Version is in the public domain (outside the United "
                "Kingdom, where Crown patent applies)."
            ),
            V.KING_JAMES,
            included=True,
        ),
        Translation(
            "akjv",
            "American King James Version",
            "AKJV",
            N_("The American King James Version (1999) is in the public domain."),
            V.AMERICAN_KING_JAMES,
        ),
        Translation(
            "asv",
            "American Standard Version",
            "ASV",
            N_("The American Standard Version (1901) is in the public domain."),
            V.AMERICAN_STANDARD,
        ),
        Translation(
            "bbe",
            "Bible in Basic English",
            "BBE",
            N_("The Bible in Basic English (1965) is in the public domain in the United States."),
            V.BIBLE_IN_BASIC_ENGLISH,
        ),
        Translation(
            "dar",
            "Darby Translation",
            "DARBY",
            N_("The Darby Translation (1890) is in the public domain."),
            V.DARBY,
        ),
        Translation(
            "dr",
            "Douay-Rheims Bible",
            "DRA",
            N_("The Douay-Rheims Bible (Challoner revision) is in the public domain."),
            V.DOUAY_RHEIMS,
            corrections=(("for/ the", "for the"), ("led / captive", "led captive")),
            # Its Wisdom and 1 Maccabees are numbered as the Vulgate; its "Baruch" runs
            # chapters together and ends in Sirach's prologue, and it has no other such book.
            deuterocanon=((67, Book.WISDOM), (72, Book.MACCABEES_1)),
        ),
        Translation(
            "etheridge",
            "Etheridge Peshitta New Testament",
            "ETHERIDGE",
            N_("J. W. Etheridge's translation of the Peshitta (1849) is in the public domain."),
            V.ETHERIDGE,
            footnotes=True,
        ),
        Translation(
            "gb",
            "Geneva Bible",
            "GNV",
            N_("The Geneva Bible (1599) is in the public domain."),
            V.GENEVA,
        ),
        Translation(
            "leeser",
            "Leeser Old Testament",
            "LEESER",
            N_("Isaac Leeser's Old Testament (1853) is in the public domain."),
            V.LEESER,
        ),
        Translation(
            "lont",
            "Living Oracles New Testament",
            "LONT",
            N_("The Living Oracles New Testament (1826) is in the public domain."),
            V.LIVING_ORACLES_NT,
        ),
        Translation(
            "mont",
            "Montgomery New Testament",
            "MONT",
            N_("The Montgomery New Testament (1924) is in the public domain in the United States."),
            V.MONTGOMERY_NT,
        ),
        Translation(
            "nheb",
            "New Heart English Bible",
            "NHEB",
            N_("The New Heart English Bible is dedicated to the public domain."),
            V.NEW_HEART,
        ),
        Translation(
            "rwebster",
            "Revised Webster Bible",
            "RWEBSTER",
            N_("The Revised 1833 Webster Bible is in the public domain."),
            V.REVISED_WEBSTER,
        ),
        Translation(
            "tyn",
            "Tyndale Bible",
            "TYN",
            N_("William Tyndale's translation (1526–1530) is in the public domain."),
            V.TYNDALE,
            module="pythonbible_tyn",
        ),
        Translation(
            "ukjv",
            "Updated King James Version",
            "UKJV",
            N_("The Updated King James Version is dedicated to the public domain."),
            V.KING_JAMES_UPDATED,
        ),
        Translation(
            "wbs",
            "Webster Bible",
            "WBS",
            N_("Noah Webster's Bible (1833) is in the public domain."),
            V.WEBSTER,
        ),
        Translation(
            "wesley",
            "Wesley's New Testament",
            "WESLEY",
            N_("John Wesley's New Testament (1755) is in the public domain."),
            V.WESLEY_NT,
            corrections=(("who|oever", "whosoever"),),
        ),
        Translation(
            "wmth",
            "Weymouth New Testament",
            "WNT",
            N_("The Weymouth New Testament (1903) is in the public domain."),
            V.WEYMOUTH_NT,
        ),
        Translation(
            "wyc",
            "Wycliffe Bible",
            "WYC",
            N_("The Wycliffe Bible (c. 1395) is in the public domain."),
            V.WYCLIFFE,
            marks="`",
        ),
        Translation(
            "ylt",
            "Young's Literal Translation",
            "YLT",
            N_("Young's Literal Translation (1898) is in the public domain."),
            V.YOUNGS,
        ),
    )
}


# How far past its recorded position a verse's number may be found; every drift seen in the
# packages grows by less than this from one verse to the next.
_WINDOW = 300
# Some packages file a verse under another number and say where it belongs: "39.\43:1\…".
_BELONGS = re.compile(r"\s*\\(\d{1,3}):(\d{1,3})\\")


@cache
def _marker(verse: int) -> re.Pattern[str]:
    """A verse's number as the plain-text packages write it before the verse: "16. ", or in
    a few verses of a few packages without its period ("them. 10 And", "Israel1. The")."""
    return re.compile(rf"(?<![\d:]){_number(verse).pattern}")


@cache
def _number(verse: int) -> re.Pattern[str]:
    """A verse's number where the package says it is, glued or not ("Psalm 11. Blessed")."""
    return re.compile(rf"{verse}(?:\.(?!\d)|(?= ?[A-Z]))")


@cache
def _verses(translation: Translation) -> dict[int, str]:
    """Every verse of a package by its number (canon.verse_id), raw, each found by the
    number the text gives it."""
    module = importlib.import_module(f"{translation.module_name}.plain_text_bible")
    content: str = module.bible.scripture_content
    starts: dict[int, int] = module.bible.verse_start_indices
    found: list[tuple[int, re.Match[str]]] = []
    drift = done = 0
    for verse_id in sorted(starts):
        expected = starts[verse_id] + drift
        at = max(done, expected - 5)
        # Where the package says, even glued to a heading ("Psalm 11. Blessed"); else near.
        places = (p for p in (expected, starts[verse_id], expected + 1) if p >= done)
        number = next(
            filter(None, (_number(verse_id % 1000).match(content, p) for p in places)), None
        )
        number = number or _marker(verse_id % 1000).search(content, at, at + _WINDOW)
        if number:
            drift, done = number.start() - starts[verse_id], number.end()
            found.append((verse_id, number))
    verses: dict[int, str] = {}
    for (verse_id, number), (_, following) in zip(found, [*found[1:], (0, None)], strict=True):
        text = content[number.end() : following.start() if following else len(content)]
        if belongs := _BELONGS.match(text):
            book = verse_id // 1_000_000 * 1_000_000
            verse_id = book + int(belongs[1]) * 1000 + int(belongs[2])
            text = text[belongs.end() :]
        verses[verse_id] = verses.get(verse_id, "") + text  # a verse split in two joins up
    for verse_id in sorted(verses):  # a number found too late: its verse is inside this one
        following = verse_id + 1
        if following not in verses and following in starts:
            number = _marker(following % 1000).search(verses[verse_id])
            if number:
                text = verses[verse_id]
                verses[verse_id], verses[following] = text[: number.start()], text[number.end() :]
    for wrong, right in translation.corrections:
        for verse_id, text in verses.items():
            verses[verse_id] = text.replace(wrong, right)
    # Past Revelation the packages number books their own way: only those a translation
    # names are kept, under studybook's numbers.
    books = {n: n for n in range(1, canon.PROTESTANT_BOOKS + 1)}
    books |= {n: book.value for n, book in translation.deuterocanon}
    return {
        books[n // 1_000_000] * 1_000_000 + n % 1_000_000: text
        for n, text in verses.items()
        if n // 1_000_000 in books
    }


# --- cleaning ---------------------------------------------------------------------------------
