"""Resolve the numbers of a reference into verse ranges, checking every one against the
canon: a number that does not exist is an error, never guessed at, and a number that
could be read two ways is printed one way with a warning naming both."""

from __future__ import annotations

from dataclasses import dataclass

from . import canon
from .canon import Book
from .names import Names
from .ranges import Reference, VerseRange, single_chapter


@dataclass(frozen=True, slots=True)
class Finding:
    """Reference-like text that is wrong (an error) or doubtful (a warning), with what to do."""

    message: str
    text: str
    start: int
    end: int
    warning: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a reference's numbers, shaped "a:b-c:d" ("3:16", "3:16-18", "18-19:5",
    "4"), with any part letters ("8a") and "f"/"ff"; and what joined it on: "" for the
    first item, "verse" for a comma or "and", "list" for a semicolon."""

    sep: str
    start: int
    end: int
    a: int
    b: int | None
    c: int | None
    d: int | None
    first_part: str
    last_part: str
    follow: str  # "f" (and the next verse), "ff" (and more), "end" (to the chapter's end)
    cv: str = ""  # what separated chapter and verse as written (":", ", ")


@dataclass
class _Reading:
    """The ranges a list of items names under one reading of bare numbers after a ";"."""

    ranges: list[VerseRange]
    ambiguous: list[int]  # items whose reading depended on it
    notes: list[tuple[int, str]]  # (item, warning)


class Invalid(Exception):
    """Raised while interpreting numbers; becomes a Finding once its location is known."""


def resolve(
    names: Names,
    book: Book,
    items: list[Item],
    text: str,
    start: int,
    chapter: int | None = None,
) -> tuple[tuple[VerseRange, ...], list[Finding]]:
    """The ranges the items name, and warnings about them.

    A bare number after ";" following a verse is a verse to some writers and a chapter
    to others. When only one reading exists it is taken; when both do, the verse is
    printed and a warning at the number names both readings. After a verse word
    ("vv. 1-3; 6", given `chapter`) every number is a verse.
    """
    readings: dict[bool, _Reading] = {}
    errors: dict[bool, Invalid] = {}
    for verses in (True, False) if chapter is None else (True,):
        try:
            readings[verses] = _interpret(names, book, items, verses, chapter)
        except Invalid as error:
            errors[verses] = error
    if not readings:
        raise errors[True]
    reading = readings.get(True) or readings[False]
    notes = [(items[i], message) for i, message in reading.notes]
    other = readings.get(False)
    differ = [i for i in reading.ambiguous if other and reading.ranges[i] != other.ranges[i]]
    if other and differ:  # the first says it all: later ones are read the same way
        i = differ[0]
        before = text[start : items[i - 1].end]
        if len(before) > 40:
            before = "…" + text[items[i - 1].start : items[i - 1].end]
        ambiguity = _ambiguity(names, text, items[i], before, reading.ranges[i], other.ranges[i])
        notes.append((items[i], ambiguity))
    findings = [
        Finding(
            _quoted(text, item, message), text[item.start : item.end], item.start, item.end, True
        )
        for item, message in notes
    ]
    return tuple(reading.ranges), findings


def _quoted(text: str, item: Item, message: str) -> str:
    """A note about an item, with the item quoted in front where the note does not."""
    if message.startswith("does not say"):
        return f'"{text[item.start : item.end]}" {message}'
    return message


def _ambiguity(
    names: Names, text: str, item: Item, before: str, verse: VerseRange, whole: VerseRange
) -> str:
    """Both readings of an ambiguous number, and how to write each unambiguously."""
    numbers = text[item.start : item.end]
    kind = ("verses", "chapters") if item.c is not None else ("verse", "chapter")
    style, code = names.style, names.code
    return (
        f'"{numbers}" after a semicolon could mean {verse.label(code)} or '
        f"{whole.label(code)}; the appendix has {verse.label(code)} — write "
        f'"{before}{style.verse_list}{numbers}" for the {kind[0]} or '
        f'"{before}{style.chapter_list}{names.name(verse.book)} {numbers}" for the '
        f"{kind[1]}"
    )


def _interpret(
    names: Names, book: Book, items: list[Item], semicolon_verses: bool, chapter: int | None
) -> _Reading:
    """The ranges the items name, reading a bare number after ";" as a verse or a chapter.

    `chapter` is given for verses without a chapter ("vv. 4-8"), which count from it.
    """
    single = single_chapter(book)
    verse_mode = chapter is not None or single
    current = chapter or 1
    reading = _Reading([], [], [])
    for i, item in enumerate(items):
        if item.b is not None:  # chapter:verse, then optional -verse or -chapter:verse
            start = (item.a, item.b)
            end = (item.c, item.d) if item.d is not None else (item.a, _or(item.c, item.b))
        else:
            as_verse = single or (verse_mode and item.sep != "list")
            if verse_mode and not single and item.sep == "list":
                reading.ambiguous.append(i)
                as_verse = semicolon_verses
            if (
                not as_verse
                and i
                and item.sep == "list"
                and not reading.ambiguous
                and _no_chapter(book, item)
            ):
                # "Hechos 13;16-41": no chapter 41, so a colon was meant.
                as_verse = True
                message = (
                    f"{names.name(book)} has no chapter {_or(item.c, item.a)}, so these are "
                    f"read as verses of chapter {current} — write "
                    f'"{current}{names.style.chapter_verse}{_span(item)}"'
                )
                reading.notes.append((i, message))
                if reading.ranges and reading.ranges[-1].start_verse == 1 == item.sep.count("list"):
                    reading.ranges.pop()  # the chapter was only these verses' chapter
            if as_verse:
                start = (current, item.a)
                end = (item.c, item.d) if item.d is not None else (current, _or(item.c, item.a))
            else:
                if item.first_part or (item.last_part and item.d is None):
                    raise Invalid(
                        f'"{item.a}{item.first_part or item.last_part}" marks part of a verse, '
                        f"but {item.a} is a chapter here — write chapter and verse, like "
                        f'"19:8a"'
                    )
                start = (item.a, 1)
                end = (item.c, item.d) if item.d is not None else (_or(item.c, item.a), None)
        if item.follow:
            end = _following(names, book, start, end, item, i, reading)
        verses = _checked(names, book, start, end, item.first_part, item.last_part)
        reading.ranges.append(verses)
        current, verse_mode = verses.end_chapter, end[1] is not None
    return reading


def _no_chapter(book: Book, item: Item) -> bool:
    """Whether a number read as a chapter is past the book's last chapter."""
    return item.b is None and _or(item.c, item.a) > canon.chapters(book) and item.d is None


def _span(item: Item) -> str:
    return f"{item.a}" if item.c is None else f"{item.a}\N{EN DASH}{item.c}"


def _following(names, book, start, end, item, i, reading) -> tuple[int, int | None]:
    """Where "16f" (and the next verse), "12-end" (to the chapter's end) and "16ff" (and
    more: to the chapter's end, with a warning) end."""
    chapter, verse = end
    if item.follow == "f":
        if verse is None:
            return (min(chapter + 1, canon.chapters(book)), None)
        return (chapter, min(verse + 1, canon.verses(book, chapter)))
    if item.follow == "end" or verse is None:
        if verse is None:
            message = (
                f"does not say where the passage ends, so only chapter {chapter} is printed — "
                "write the last chapter instead"
            )
            reading.notes.append((i, message))
        return (chapter, None)
    last = canon.verses(book, chapter)
    whole = VerseRange(book, *start, chapter, last)
    message = (
        f"does not say where the passage ends, so the appendix runs to the end of the "
        f"chapter ({whole.label(names.code)}) — write the last verse instead"
    )
    reading.notes.append((i, message))
    return (chapter, None)


def _checked(
    names: Names,
    book: Book,
    start: tuple[int, int],
    end: tuple[int, int | None],
    first: str,
    last: str,
) -> VerseRange:
    """A VerseRange after checking every number; an end verse of None means the whole chapter."""
    _check_chapter(names, book, start[0])
    _check_chapter(names, book, end[0])
    last_verse = (end[0], canon.verses(book, end[0]) if end[1] is None else end[1])
    _check_verse(names, book, *start)
    _check_verse(names, book, *last_verse)
    verses = VerseRange(book, *start, *last_verse, first, last)
    if start > last_verse:
        lower = "chapter" if start[0] > last_verse[0] else "verse"
        backwards = verses.label(names.code)
        raise Invalid(f"range runs backwards ({backwards}) — write the lower {lower} first")
    return verses


def _check_chapter(names: Names, book: Book, chapter: int) -> None:
    count = canon.chapters(book)
    name = names.name(book)
    if chapter == 0:
        raise Invalid(f"{name} has no chapter 0 — chapters start at 1")
    if chapter > count:
        chapters = "only 1 chapter" if count == 1 else f"{count} chapters"
        raise Invalid(f"{name} has {chapters}, not {chapter} — check the chapter number")


def _check_verse(names: Names, book: Book, chapter: int, verse: int) -> None:
    count = canon.verses(book, chapter)
    if 0 < verse <= count:
        return
    name = names.name(book)
    where = name if single_chapter(book) else f"{name} {chapter}"
    if verse == 0:
        raise Invalid(f"{where} has no verse 0 — verses start at 1")
    raise Invalid(f"{where} has {count} verses, not {verse} — check the verse number")


def chapter_for(context: Reference, verse: int) -> int | None:
    """The chapter a bare verse number counts from: the context's only chapter, or the one
    of its chapters whose cited verses include it; None when that is not clear."""
    book = context.ranges[-1].book
    ranges = [r for r in context.ranges if r.book == book]
    chapters = sorted({c for r in ranges for c in range(r.start_chapter, r.end_chapter + 1)})
    if len(chapters) == 1:
        return chapters[0]
    inside = [
        chapter
        for chapter in chapters
        for r in ranges
        if (r.start_chapter, r.start_verse) <= (chapter, verse) <= (r.end_chapter, r.end_verse)
    ]
    return inside[0] if len(inside) == 1 else None


def _or(number: int | None, default: int) -> int:
    return default if number is None else number
