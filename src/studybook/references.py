"""Find, parse and validate Bible references such as "Exodus 32:1-6" or "Romans 9:3, 5".

pythonbible supplies the book-name patterns and the chapter/verse counts; tokenising and
validation happen here so that every number a writer typed is checked, never guessed at.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import pythonbible
from pythonbible import Book

_EN_DASH = "\N{EN DASH}"
_LAST_CANONICAL_BOOK = Book.REVELATION.value

# Common abbreviations (SBL and others) that pythonbible's own patterns do not accept.
_EXTRA_NAMES: dict[Book, str] = {
    Book.GENESIS: "Gn|Ge",
    Book.EXODUS: "Ex",
    Book.LEVITICUS: "Lv",
    Book.NUMBERS: "Nm|Nu",
    Book.DEUTERONOMY: "Dt",
    Book.JUDGES: "Jg",
    Book.RUTH: "Ru",
    Book.JOB: "Jb",
    Book.PROVERBS: "Pr",
    Book.SONG_OF_SONGS: "Sg",
    Book.DANIEL: "Dn",
    Book.JOEL: "Jl",
    Book.OBADIAH: "Ob",
    Book.HABAKKUK: "Hb",
    Book.ZEPHANIAH: "Zp",
    Book.HAGGAI: "Hg",
    Book.ZECHARIAH: "Zc",
    Book.MALACHI: "Ml",
    Book.MATTHEW: "Mt",
    Book.MARK: "Mk",
    Book.LUKE: "Lk",
    Book.ROMANS: "Rm",
    Book.JAMES: "Jm",
    Book.REVELATION: "Rv|Revelations",
}

# pythonbible's lookbehinds guard against matches inside words ("Zeph" for Ephesians, "1 John"
# for John); whole-token anchoring does that job here, and the lookbehinds would otherwise
# reject "Hi John 3:16" under IGNORECASE.
_LOOKBEHIND = re.compile(r"\(\?<!(?:[^()]|\([^()]*\))*\)")

# In prose, a capitalised word with a chapter:verse is an attempted reference even if the
# book is unknown, except for these words, which usually precede a date or time.
_NOT_BOOKS = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
    }
)
# Book names that are also ordinary words: in prose they need a verse, not just a chapter.
_NEEDS_VERSE_IN_PROSE = frozenset({"act", "song"})

_MAX_DIGITS = 4000  # int() refuses longer strings; anything this long is out of range anyway


def _book_alternation(named: bool) -> str:
    """One regex alternative per book, optionally as named groups b1…b72."""
    alternatives = []
    for book in Book:
        pattern = f"(?:{_LOOKBEHIND.sub('', book.regular_expression)})"
        if book in _EXTRA_NAMES:
            pattern += f"|(?:{_EXTRA_NAMES[book]})"
        alternatives.append(f"(?P<b{book.value}>{pattern})" if named else f"(?:{pattern})")
    return "(?<![\\w])(?:" + "|".join(alternatives) + ")"


_NUM = r"[0-9]+(?![0-9])"
_DASH = r"\s*[-\u2010-\u2015\u2212]\s*"
_CV = rf"{_NUM}(?:[:.]{_NUM})?"
_ITEM = rf"{_CV}(?:{_DASH}{_CV})?"
# A comma or semicolon continues the reference unless what follows starts another one.
_TAIL = rf"(?:\s*[,;]\s*(?!{_book_alternation(named=False)}\.?\s*[0-9]){_ITEM})*"
_KNOWN = rf"{_book_alternation(named=True)}\.?\s*(?P<nums>{_ITEM}{_TAIL})"
_UNKNOWN = (
    r"(?<![\w])(?P<name>(?-i:(?:[1-3] ?)?[A-Z][a-z]+))\.?\s*"
    rf"(?P<unknown_nums>{_NUM}:(?P<first_verse>{_NUM})(?:{_DASH}{_CV})?{_TAIL})"
)
# Most word starts have no digit soon after them; the lookahead skips those cheaply.
_SCAN = re.compile(rf"(?<![\w])(?=[^0-9]{{0,80}}[0-9])(?:{_KNOWN}|{_UNKNOWN})", re.IGNORECASE)
_BOOK_ONLY = re.compile(rf"{_book_alternation(named=True)}\.?", re.IGNORECASE)
_LOOSE_NAME = re.compile(r"((?:[1-3] ?)?[^\W\d_]+(?: [^\W\d_]+)*)\.? ?[0-9]")
_PART = re.compile(
    rf"\s*(?P<sep>[,;]?)\s*(?P<a>[0-9]+)(?:[:.](?P<b>[0-9]+))?"
    rf"(?:{_DASH}(?P<c>[0-9]+)(?:[:.](?P<d>[0-9]+))?)?"
)


@dataclass(frozen=True, order=True)
class VerseRange:
    """An inclusive run of verses within one book, possibly crossing chapters."""

    # Book is a plain Enum and cannot be compared, so ordering uses this key first.
    _key: tuple[int, int, int, int, int] = field(init=False, repr=False)
    book: Book
    start_chapter: int
    start_verse: int
    end_chapter: int
    end_verse: int

    def __post_init__(self) -> None:
        key = (self.book.value, self.start_chapter, self.start_verse)
        object.__setattr__(self, "_key", (*key, self.end_chapter, self.end_verse))

    def verse_ids(self) -> list[int]:
        """pythonbible verse ids of every verse in the range, in order."""
        ids = []
        for chapter in range(self.start_chapter, self.end_chapter + 1):
            first = self.start_verse if chapter == self.start_chapter else 1
            last = self.end_verse if chapter == self.end_chapter else _verses(self.book, chapter)
            ids += [pythonbible.get_verse_id(self.book, chapter, v) for v in range(first, last + 1)]
        return ids

    def label(self) -> str:
        """Normalised form with an en dash, e.g. "Exodus 32:1-6", "Psalms 23", "Jude 3"."""
        return f"{self.book.title} {_numbers(self)}"


@dataclass(frozen=True)
class Reference:
    """A reference as written in a source string, with the verse ranges it names."""

    text: str
    start: int
    end: int
    ranges: tuple[VerseRange, ...]

    def label(self) -> str:
        """Normalised form of the whole reference, e.g. "Romans 9:3, 5"."""
        label = self.ranges[0].label()
        for previous, current in pairwise(self.ranges):
            label += _continuation(previous, current)
        return label


class BadReference(ValueError):
    """A reference that cannot be used, with a message saying what to fix."""

    def __init__(self, message: str, text: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.start = start
        self.end = end


class _Invalid(Exception):
    """Raised while interpreting numbers; becomes a BadReference once its location is known."""


def parse_reference(text: str) -> Reference:
    """Parse a field value that must hold exactly one reference."""
    stripped = text.strip()
    start = len(text) - len(text.lstrip())
    end = start + len(stripped)
    match = _SCAN.match(text, start)
    if match is None or (match["nums"] is None and match.end() != end):
        raise BadReference(_unparseable_message(stripped), stripped, start, end)
    reference = _build(match)
    if match.end() != end:
        rest = text[match.end() : end].strip()
        message = (
            f'unexpected "{rest}" after "{match[0]}" — a reference field holds one '
            f'reference, like "Exodus 32:1{_EN_DASH}6"'
        )
        raise BadReference(message, stripped, start, end)
    return reference


def find_references(prose: str) -> tuple[list[Reference], list[BadReference]]:
    """Every reference in prose, plus every reference-like text that is invalid."""
    references: list[Reference] = []
    errors: list[BadReference] = []
    position = 0
    while match := _SCAN.search(prose, position):
        if _false_alarm(match):
            position = match.start() + 1
            continue
        try:
            references.append(_build(match))
        except BadReference as error:
            errors.append(error)
        position = match.end()
    return references, errors


def merge_ranges(ranges: Iterable[VerseRange]) -> list[VerseRange]:
    """Merge overlapping and adjacent ranges; return them in canonical order."""
    merged: list[VerseRange] = []
    for current in sorted(ranges):
        if merged and _touches(merged[-1], current):
            merged[-1] = _join(merged[-1], current)
        else:
            merged.append(current)
    return merged


def _build(match: re.Match[str]) -> Reference:
    """Turn a scan match into a Reference, or raise a BadReference located at the match."""
    try:
        if match["name"] is not None:
            raise _Invalid(_unknown_book_message(match["name"]))
        book = _book(match)
        if book.value > _LAST_CANONICAL_BOOK:
            raise _Invalid(
                f"{book.title} is in the Apocrypha, which studybook cannot print — "
                "choose a passage from Genesis to Revelation"
            )
        ranges = tuple(_ranges(book, match["nums"]))
    except _Invalid as error:
        raise BadReference(str(error), match[0], match.start(), match.end()) from None
    return Reference(match[0], match.start(), match.end(), ranges)


def _false_alarm(match: re.Match[str]) -> bool:
    """Whether a prose match is ordinary text rather than an attempted reference."""
    if match["name"] is not None:
        # "Sunday 10:30", "Welcome 19:00": dates and times, not references.
        return match["name"].lower() in _NOT_BOOKS or match["first_verse"].startswith("0")
    name = match[f"b{_book(match).value}"]
    first_letter = next(c for c in name if c.isalpha())
    whole_chapters = not re.search("[:.]", match["nums"])
    return first_letter.islower() or (whole_chapters and name.lower() in _NEEDS_VERSE_IN_PROSE)


def _book(match: re.Match[str]) -> Book:
    """The book whose named group took part in a match."""
    return next(book for book in Book if match[f"b{book.value}"] is not None)


def _ranges(book: Book, numbers: str) -> Iterator[VerseRange]:
    """Interpret the chapter/verse part of a reference, validating every number."""
    single = _single_chapter(book)
    chapter, verse_mode = 1, single
    for part in _PART.finditer(numbers):
        a, b, c, d = (None if n is None else int(n[:_MAX_DIGITS]) for n in part.group(*"abcd"))
        if b is not None:  # chapter:verse, then optional -verse or -chapter:verse
            start, end = (a, b), ((c, d) if d is not None else (a, b if c is None else c))
        elif single or (part["sep"] == "," and verse_mode):  # verse(s) in the current chapter
            start = (chapter, a)
            end = (c, d) if d is not None else (chapter, a if c is None else c)
        else:  # whole chapter(s), or chapter-chapter:verse
            start, end = (a, 1), ((c, d) if d is not None else (a if c is None else c, None))
        yield _checked(book, start, end)
        chapter, verse_mode = end[0], end[1] is not None


def _checked(book: Book, start: tuple[int, int], end: tuple[int, int | None]) -> VerseRange:
    """A VerseRange after checking every number; an end verse of None means the whole chapter."""
    _check_chapter(book, start[0])
    _check_chapter(book, end[0])
    last = (end[0], _verses(book, end[0]) if end[1] is None else end[1])
    _check_verse(book, *start)
    _check_verse(book, *last)
    verses = VerseRange(book, *start, *last)
    if start > last:
        lower = "chapter" if start[0] > last[0] else "verse"
        raise _Invalid(f"range runs backwards ({verses.label()}) — write the lower {lower} first")
    return verses


def _check_chapter(book: Book, chapter: int) -> None:
    count = pythonbible.get_number_of_chapters(book)
    if chapter == 0:
        raise _Invalid(f"{book.title} has no chapter 0 — chapters start at 1")
    if chapter > count:
        chapters = "only 1 chapter" if count == 1 else f"{count} chapters"
        raise _Invalid(f"{book.title} has {chapters}, not {chapter} — check the chapter number")


def _check_verse(book: Book, chapter: int, verse: int) -> None:
    count = _verses(book, chapter)
    where = book.title if _single_chapter(book) else f"{book.title} {chapter}"
    if verse == 0:
        raise _Invalid(f"{where} has no verse 0 — verses start at 1")
    if verse > count:
        raise _Invalid(f"{where} has {count} verses, not {verse} — check the verse number")


def _verses(book: Book, chapter: int) -> int:
    return pythonbible.get_number_of_verses(book, chapter)


def _single_chapter(book: Book) -> bool:
    """Obadiah, Philemon, 2 John, 3 John and Jude: numbers after the name are verses."""
    return pythonbible.get_number_of_chapters(book) == 1


def _unknown_book_message(name: str) -> str:
    if not name[0].isdigit() and _BOOK_ONLY.fullmatch(f"1 {name}"):
        return f'"{name}" needs a number in front — write "1 {name}" or "2 {name}"'
    return (
        f'"{name}" is not a book of the Bible — check the spelling or use a standard '
        'abbreviation like "Gen" or "1 Cor"'
    )


def _unparseable_message(text: str) -> str:
    """Explain why a field value is not a reference at all."""
    if not text:
        return f'the reference is empty — write one like "Exodus 32:1{_EN_DASH}6"'
    if book_only := _BOOK_ONLY.fullmatch(text):
        title = _book(book_only).title
        return f'"{text}" needs a chapter — e.g. "{title} 1" or "{title} 1:1{_EN_DASH}5"'
    if name := _LOOSE_NAME.match(text):
        return _unknown_book_message(name[1])
    return f'"{text}" is not a Bible reference — write one like "Exodus 32:1{_EN_DASH}6"'


def _is_whole_chapters(r: VerseRange) -> bool:
    return (
        not _single_chapter(r.book)
        and r.start_verse == 1
        and r.end_verse == _verses(r.book, r.end_chapter)
    )


def _numbers(r: VerseRange) -> str:
    """The chapter/verse part of a label."""
    if _single_chapter(r.book):
        return _span(r.start_verse, r.end_verse)
    if _is_whole_chapters(r):
        return _span(r.start_chapter, r.end_chapter)
    if r.start_chapter == r.end_chapter:
        return f"{r.start_chapter}:{_span(r.start_verse, r.end_verse)}"
    return f"{r.start_chapter}:{r.start_verse}{_EN_DASH}{r.end_chapter}:{r.end_verse}"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}{_EN_DASH}{last}"


def _continuation(previous: VerseRange, current: VerseRange) -> str:
    """How a further range of the same book continues a label: ", 5" or "; 10:1"."""
    if _is_whole_chapters(previous) and _is_whole_chapters(current):
        return f", {_numbers(current)}"
    if (
        current.start_chapter == previous.end_chapter
        and not _is_whole_chapters(previous)
        and not _is_whole_chapters(current)
    ):
        numbers = _numbers(current)
        return f", {numbers.split(':', 1)[-1]}"
    return f"; {_numbers(current)}"


def _next_verse(r: VerseRange) -> tuple[int, int]:
    """(chapter, verse) just after the range; may point past the book's end."""
    if r.end_verse < _verses(r.book, r.end_chapter):
        return r.end_chapter, r.end_verse + 1
    return r.end_chapter + 1, 1


def _touches(a: VerseRange, b: VerseRange) -> bool:
    """Whether b (not before a) overlaps a or starts right after it."""
    return a.book == b.book and (b.start_chapter, b.start_verse) <= _next_verse(a)


def _join(a: VerseRange, b: VerseRange) -> VerseRange:
    end = max((a.end_chapter, a.end_verse), (b.end_chapter, b.end_verse))
    return VerseRange(a.book, a.start_chapter, a.start_verse, *end)
