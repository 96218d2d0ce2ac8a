"""References without a book ("4:12", "v. 6", "ch. 9"): which earlier reference they count
from, the two readings a careful editor would weigh, and numbers that only look like them
(a clock time, a score, a label's number)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import Names
from .ranges import EN_DASH, Reference, VerseRange
from .resolve import Finding, Invalid, Item, chapter_for, resolve

_WORD = re.compile(r"[\w'’.-]+")
_WORD_BEFORE = re.compile(r"([\w'’.-]+)\W*$")


@dataclass(frozen=True)
class Basis:
    """What a reference without a book counts from, and why."""

    reference: Reference
    passage: bool  # the session's passage, rather than the nearest reference before it
    here: bool  # the nearest reference is in the same string (question, paragraph)

    def why(self, verses: bool) -> str:
        """What a reference took from its basis, and where that is: "book from the
        session's passage, Romans 8" ("book and chapter" for a verse number)."""
        took = "book and chapter" if verses else "book"
        if self.passage:
            return f"{took} from the session's passage, {self.reference.label()}"
        where = "before it" if self.here else "before it, in another question"
        return f'{took} from "{_clip(self.reference.text)}" {where}'


@dataclass(frozen=True)
class Reading:
    """What a reference's numbers name when counted from one basis."""

    basis: Basis
    ranges: tuple[VerseRange, ...]
    notes: list[Finding]
    verses: bool  # counted as verse numbers ("v. 6"), the chapter from the basis too


class Unclear(Invalid):
    """A verse number whose chapter the basis does not say."""


def bases(
    nearest: Reference | None, passage: Reference | None, at_start: Reference | None, verses: bool
) -> list[Basis]:
    """What a reference without a book may count from, the likelier first.

    A chapter and verse ("4:12") takes the book of the nearest reference, or, where that
    one names another book than the session's passage, both are weighed: the nearest first
    when it is in the same string, the passage first when it sits in another question. A
    verse number ("v. 6") counts from the nearest reference in the same string; from one
    in another question that names another book, the passage is weighed first.
    """
    if nearest is None:
        return []
    here = nearest is not at_start
    if passage is None or nearest is passage:
        return [Basis(nearest, nearest is passage, here)]
    nearest_basis, passage_basis = Basis(nearest, False, here), Basis(passage, True, False)
    if nearest.ranges[-1].book == passage.ranges[-1].book:
        return [nearest_basis]
    if verses:
        return [nearest_basis] if here else [passage_basis, nearest_basis]
    return [nearest_basis, passage_basis] if here else [passage_basis, nearest_basis]


def count(
    names: Names, basis: Basis, items: list[Item], text: str, start: int, verses: bool
) -> Reading:
    """The ranges numbers name counted from a basis; Invalid when they cannot."""
    context = basis.reference
    book = context.ranges[-1].book
    chapter = None
    if verses and items[0].b is None:
        chapter = chapter_for(context, items[0].a)
        if chapter is None:
            raise Unclear(f"{context.label()} spans several chapters")
    ranges, notes = resolve(names, book, items, text, start, chapter)
    return Reading(basis, ranges, notes, chapter is not None)


def two_readings(names: Names, written: str, first: Reading, second: Reading) -> str:
    """The warning for a reference that counts two ways, naming both and what to write."""
    one, other = _label(names, first.ranges), _label(names, second.ranges)
    return (
        f'"{written}" could mean {one} ({first.basis.why(first.verses)}) or {other} '
        f"({second.basis.why(second.verses)}); the appendix has {one} — write the book to "
        "say which, "
        f'like "{one}"'
    )


def verses_too(names: Names, written: str, first: Reading, verses: Reading) -> str:
    """The warning for "(1,10)" in a language that writes both chapter and verse ("1,10")
    and lists of verses ("1, 10") with a comma."""
    one, other = _label(names, first.ranges), _label(names, verses.ranges)
    numbers = written.replace(",", ", ").replace(".", ", ")
    return (
        f'"{written}" could mean {one} or {other} (verses of the chapter before it); the '
        f"appendix has {one} — write "
        f'"{written.replace(",", names.style.chapter_verse, 1)}" for the chapter and verse or '
        f'"v. {" ".join(numbers.split())}" for the verses'
    )


def _label(names: Names, ranges: tuple[VerseRange, ...]) -> str:
    return Reference("", 0, 0, ranges, names.code).label()


def not_a_passage(names: Names, text: str, start: int, end: int, items: list[Item]) -> bool:
    """Whether a chapter and verse in prose, without a book and without a word such as "see"
    before it, is some other number: a clock time ("at 7:30", "10:00"), a score or a ratio
    ("won 3:1", "16:9 screen"), or a label's number ("Lesson 3:15")."""
    numbers = text[items[0].start : items[-1].end]
    if re.search(r"(?<!\d)0\d", numbers):  # "6:05", "10:00": no verse is written so
        return True
    word = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    before = word[1].rstrip(".") if word else ""
    after_match = re.compile(r"\s*([\w'’.-]+|[%€$£])").match(text, end)
    after = after_match[1].rstrip(".") if after_match else ""
    near = _WORD.findall(text[max(0, start - 30) : start])[-3:]
    if before and names.is_word("not_books", before):
        return True
    if any(names.is_word("scores", w.rstrip(".")) for w in [*near, after] if w):
        return True
    if after and (names.is_word("counted", after) or after in "%€$£"):
        return True  # "2,5 Kilo"
    if not _clock(items):
        return False
    joined = re.search(r"\d[:.]\d\d\W{0,3}\w*\W{0,3}$", text[max(0, start - 20) : start])
    return bool(joined) or (bool(before) and names.is_word("time_before", before))


def _clock(items: list[Item]) -> bool:
    """Whether numbers are shaped like times of day a meeting starts at: "7:30", "10:15",
    "7:30-9:00", "10:15 and 11:45" (minutes in fives)."""

    def time(hours: int | None, minutes: int | None) -> bool:
        return hours is not None and minutes is not None and hours <= 24 and minutes % 5 == 0

    return all(time(i.a, i.b) and (i.c is None or time(i.c, i.d)) for i in items)


def no_book(written: str, verses: bool) -> str:
    """The warning for a reference without a book where nothing says which."""
    what, like = ("book and chapter", "Luke 15:") if verses else ("book", "Luke ")
    numbers = re.sub(r"^\D+", "", written).replace("-", EN_DASH)
    return (
        f'"{written}" has no {what}, and no reference before it in this session says '
        f'which — write them in, e.g. "{like}{numbers}"'
    )


def _clip(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
