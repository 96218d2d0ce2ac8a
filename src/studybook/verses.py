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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Protocol

import pythonbible

from studybook import canon
from studybook.canon import Book
from studybook.labels import N_
from studybook.references import VerseRange
from studybook.usfm import JOINED


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


class _Chapters:
    """A translation's books, and the last verse of each of its chapters."""

    ends: dict[int, int]  # the last verse, by book × 1,000 + chapter
    books: frozenset[int]

    def has_book(self, book: Book) -> bool:
        return book.value in self.books

    def last_verse(self, book: Book, chapter: int) -> int | None:
        return self.ends.get(book.value * 1000 + chapter)


class _Numbered(_Chapters):
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
class Translation(_Numbered):
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


@dataclass(frozen=True)
class FileTranslation(_Numbered):
    """A church's own translation, read from USFM in the project (see usfm.py), with the
    name, abbreviation and copyright notice its licence asks to be printed."""

    name: str
    abbreviation: str
    notice: str
    file: str  # as studybook.yaml names it
    # By canon.verse_id; JOINED for "1-2". Two are the same translation by their names.
    verses: dict[int, str] = field(repr=False, compare=False)
    language: None = None  # a church's Bible is taken to be in its study's language

    def text(self, book: Book, chapter: int, verse: int) -> str | None:
        return self.verses.get(canon.verse_id(book, chapter, verse))

    def numbered(self) -> dict[int, str]:
        return self.verses


@dataclass(frozen=True)
class Excerpt(_Chapters):
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

# The WEB package fills verses it omits (e.g. Acts 8:37) with notes like these.
_PLACEHOLDER = re.compile(r"(?:dummy|empty) verses .* by amos|missing fehlt/missing")
# The WEB package puts each psalm's heading at the end of the verse before it, and the
# Psalter's divisions with them: Psalm 24:10 ends "Selah. Psalm 25 By David." and Job 42:17
# "full of days. BOOK I Psalm 1". No verse of any translation holds a digit.
_NEXT_PSALM = re.compile(r"(?: BOOK [IVX]+)? Psalm [0-9]+\b.*| ?BOOK [IVX]+$")
# Psalm 119 is an acrostic: the WEB package ends every eighth verse with the Hebrew letter
# that names the next stanza ("Don't utterly forsake me. BEIT").
# Other packages put the letter before the stanza's first verse ("ALEPH. Blessed are").
_LETTERS = (
    r"(?:ALEPH|ALEF|BEIT|BETH|BET|GIMEL|DALED|DALETH|DALET|HEY|HE|WAW|VAV|ZAYIN|CHET|HETH|HET"
    r"|TETH|TET|YUD|YODH|YOD|KAPH|KAF|LAMEDH|LAMED|MEM|NUN|SAMEKH|SAMECH|AYIN|PEY|PE|TZADI"
    r"|TSADDI|TSADHE|QOPH|QOF|KUF|RESH|SIN (?:AND|and) SHIN|SHIN|SIN|TAV|TAW)"
)
_STANZA_LETTER = re.compile(rf"(?<=[.,;:!?'`\"]) ?{_LETTERS}$|^{_LETTERS}\.? (?=[A-Z])")
# Word-processor codes some packages kept: "\fs15 ", "\ul1 THE UNVEILING\ul0", a Geneva
# Bible verse's other number "{\cf2 (13:2)}", and braces around titles ("{A Psalm of David.}").
_OTHER_NUMBER = re.compile(r"\{\\cf\d+ ?\(\d+:\d+\)\}|\(\d+:\d+\) ?|\{\{.*")  # and notes
# A verse number inside a verse ("them. 10 And", "precepts,11 Keep"); numbers in the text
# itself are never followed by a capital ("144 thousands", "10,000 talents").
# A verse the package cut off and ran into another ("behold > ----- Transfer interrupted!").
_DAMAGED = re.compile(r"Transfer interrupted|-{5,}")
_RUN_TOGETHER = re.compile(r"(?<!\d)(?<!\d,)\d{1,3}(?![\d,])(?:\.? ?[A-Z“‘(]|\. |\.\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # "\x91AYIN."
_FOOTNOTE = re.compile(r" ?\d+(?=[\s?,.;:])|(?<=,)\d+")
_CODES = re.compile(r"\\[a-z]+\d* ?|\\|[{}*]|(?<!\S)\+(?!\S)")  # and "*I*", "***"
_ONE_FOR_L = re.compile(r"(?<=[a-z])1(?=[a-z])|\b1(?=[a-z]{2})")  # a scan's "1ook"
_ZERO_FOR_O = re.compile(r"(?<![\d,])0(?= [a-z])")  # and its "0 my son"
# These patterns run after whitespace is collapsed, so a space is always a single " ".
_NO_SPACE = re.compile(r"(?<=[a-z][.:;,!?])(?=[A-Za-z])")  # "David.The Lord", "shepherd:I"
_DASH = re.compile(
    r" ?-- ?| - |- -"  # "sin-- and", "garments -- the", "Egypt - Jacob", "him- -in"
    r"|(?<=[:;,?!”’\"])- ?"  # "the believers:- In my name"
    r"|(?<=[?!”’\")]) -(?=[a-z])"  # "forgive sins” -he said"
    r"|(?<=[a-z”’\"]) ?-$|^- ?"  # "… he said to the paralytic-", "- it was Mary"
    r"|(?<=[a-z])- (?=['`\"])"  # "they replied- 'Rabbi' means"
)
_BROKEN_HYPHEN = re.compile(r"\b(?:- | -)\b")  # "peace- offerings", "first -fruits"
_STRAY_HYPHEN = re.compile(r"(?<=[,;:] )-\b")  # "of Israel; -for a meal-offering"
_OPENERS = "([{\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
_CLOSERS = ",.;:?!)]}\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
_SPACE_INSIDE = re.compile(f"(?<=[{re.escape(_OPENERS)}]) | (?=[{re.escape(_CLOSERS)}])")


def clean(raw: str, marks: str = "", *, footnotes: bool = False) -> str | None:
    """One verse's raw text ready for print; None for a placeholder or empty verse. `marks`
    are characters the translation uses as editorial marks, dropped, and `footnotes` says
    that numbers in the text are footnote marks."""
    text = _CONTROL.sub("", _CODES.sub("", _OTHER_NUMBER.sub("", raw)))
    text = " ".join(text.translate({ord(m): None for m in marks}).split())
    if footnotes:
        text = _FOOTNOTE.sub("", text)
    if not text or _PLACEHOLDER.fullmatch(text):
        return None
    text = _ZERO_FOR_O.sub("O", _ONE_FOR_L.sub("l", text))
    text = _STANZA_LETTER.sub("", _NEXT_PSALM.sub("", text))
    text = " ".join(text.replace("[", "").replace("]", "").split())  # translators' words
    text = _NO_SPACE.sub(" ", text)
    text = _DASH.sub("\N{EM DASH}", text)
    text = _BROKEN_HYPHEN.sub("-", text)
    text = _STRAY_HYPHEN.sub("", text)
    text = _curl(text, '"', "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}")
    single = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
    for mark in "`'":
        text = _curl(text, mark, *single)
    return _SPACE_INSIDE.sub("", text).strip() or None


def _curl(text: str, mark: str, opening: str, closing: str) -> str:
    """Replace a straight quote mark with curly ones, judged by the neighbouring characters.

    A mark opens at the start, after a space or an opening bracket or quote, or between
    punctuation and a letter; otherwise it closes, which also covers apostrophes. An opening
    quote squeezed against a comma or colon ('saying,"It') gets its missing space.
    """

    def curly(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end() : match.end() + 1]
        if before.isspace() or before in _OPENERS:
            return opening
        if before.isalnum() or not after.isalnum():
            return closing
        return f" {opening}" if before in ",;:" else opening

    return re.sub(re.escape(mark), curly, text)
