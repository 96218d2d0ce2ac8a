"""Find Bible references in study text and resolve them to verses, as a careful editor would.

Book names and the words around references come from per-language tables (booknames.py),
the books and their chapter and verse counts from canon.py. Every number a writer typed is
checked, never guessed at: a reference that cannot be resolved is an error, and one that
could mean two things, or that relies on the text before it, is a warning at its position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from . import canon
from .booknames import (
    DASHES,
    DEFAULT_LANGUAGE,
    Names,
    Style,
    language_name,
    names_for,
)
from .canon import Book

_EN_DASH = "\N{EN DASH}"
_EXAMPLE = f'"Exodus 32:1{_EN_DASH}6"'
_MAX_DIGITS = 6  # no chapter or verse has more; longer numbers are simply out of range
_SPACES = re.compile(r"[ \t\u00a0]{0,3}")
_WORD_BEFORE = re.compile(r"([\w'’.-]+)\W*$")
_SENTENCE_END = re.compile(r"[.!?;:]\s")


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

    def label(self) -> str:
        """Normalised form of the whole reference, e.g. "Romans 9:3, 5", "Psalms 23, 91"."""
        names = names_for(self.language)
        first = self.ranges[0]
        label = f"{_book_label(names, first.book, self.ranges)} {_numbers(names.style, first)}"
        for previous, current in pairwise(self.ranges):
            label += _continuation(names.style, previous, current)
        return label


@dataclass(frozen=True, slots=True)
class Finding:
    """Reference-like text that is wrong (an error) or doubtful (a warning), with what to do."""

    message: str
    text: str
    start: int
    end: int
    warning: bool = False


@dataclass(frozen=True)
class Scan:
    """The references found in one string, and what was wrong or doubtful there."""

    references: tuple[Reference, ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class _Item:
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
    follow: str


@dataclass
class _Reading:
    """The ranges a list of items names under one reading of bare numbers after a ";"."""

    ranges: list[VerseRange]
    ambiguous: list[int]  # items whose reading depended on it
    notes: list[tuple[int, str]]  # (item, warning)


class _Invalid(Exception):
    """Raised while interpreting numbers; becomes a Finding once its location is known."""


class Reader:
    """Reads the references of one session's text in document order.

    Relative references ("vv. 4-8", "v. 22", "(See 11:17-19)") resolve against the
    nearest reference before them, which starts as `context` (e.g. the session's main
    passage) and is updated by every reference read.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE, context: Reference | None = None):
        self.names: Names = names_for(language)
        self.context = context

    def prose(self, text: str) -> Scan:
        """Every reference in prose, and every reference-like text that is wrong or doubtful."""
        return self._scan(text, field=False)

    def field(self, text: str) -> Scan:
        """The references of a field that holds only references, e.g. "Exodus 32:1–6" or
        "Luke 15:11-24; 1 John 2:28-3:10"; anything else in it is an error."""
        scan = self._scan(text, field=True)
        found = sorted([*scan.references, *scan.findings], key=_start)
        stripped = text.strip()
        start = len(text) - len(text.lstrip())
        if not found:
            message = self._unparseable(stripped)
            return Scan((), (Finding(message, stripped, start, start + len(stripped)),))
        extra = []
        position, previous = start, None
        for x in [*found, None]:
            end = x.start if x else start + len(stripped)
            gap = text[position:end]
            if gap.strip() and not self._only_separators(gap):
                rest = gap.strip()
                after = f' after "{_clip(previous.text)}"' if previous else ""
                message = (
                    f'unexpected "{_clip(rest)}"{after} — a reference field holds references '
                    f'only, like {_EXAMPLE} or "Luke 15:11{_EN_DASH}24; 1 John 2:28"'
                )
                at = position + gap.index(rest)
                extra.append(Finding(message, rest, at, at + len(rest)))
            if x and x.end > position:
                position, previous = x.end, x
        return Scan(scan.references, tuple(sorted([*scan.findings, *extra], key=_start)))

    def _only_separators(self, gap: str) -> bool:
        """Whether text between references only separates them: ", ", "; ", " and "."""
        words = self.names.separator_words
        return all(token.lower() in words for token in re.findall(r"\w+|[^\w\s]", gap))

    def _scan(self, text: str, *, field: bool) -> Scan:
        references: list[Reference] = []
        findings: list[Finding] = []
        position = last = 0
        while match := self.names.anchor.search(text, position):
            if match["name"] is not None:
                end = self._named(text, match, field, references, findings)
            elif match["verse"] is not None:
                end = self._verse_word(text, match, field, references, findings)
            elif match["bare"] is not None:
                # In a field, "hezekiah 3:4" is not a book and then a chapter.
                alone = not field or self._only_separators(text[last : match.start()])
                end = self._bare(text, match, field, alone, references, findings)
            elif match["unknown"] is not None:
                end = self._unknown(text, match, field, findings)
            else:
                end = self._read_without_chapter(match, findings)
            position = last = end if end is not None else match.start() + 1
        return Scan(tuple(references), tuple(findings))

    # --- the kinds of reference-like text ---------------------------------------------

    def _named(self, text, match, field, references, findings) -> int | None:
        """A book name, e.g. "Heb. 11:1-3; 6; 8-19"; None to look again without its ordinal."""
        name, ordinal = match["name"], match["ordinal"]
        book = self.names.book(ordinal, name)
        if book is None and ordinal:
            return None
        if not field and not self.names.written_as_in_prose(name):
            return match.end()
        weak = not field and (self.names.is_word("ordinary_words", name) or book is None)
        after = _skip_name_end(text, match.end())
        items, end = self._items(text, after, loose=isinstance(book, Book) and not weak)
        start = match.start()
        written = text[start:end]
        if not items:
            if field:
                findings.append(self._incomplete(text[start:after].strip(), book, start))
            return match.end()
        # In prose a deuterocanonical book counts only with a verse ("Wisdom 3" is a phrase).
        apocryphal = book is not None and canon.is_deuterocanonical(book)
        if (not field and items[0].b is None and (weak or apocryphal)) or (
            not field
            and (
                self._is_time(text, items, end, clock=weak and self._clock(text, items))
                or self._is_count(text, items, end)
            )
        ):
            return end
        if book is None:  # "Corinthians 13:4"
            message = f'"{name}" needs a number in front — write "1 {name}" or "2 {name}"'
            findings.append(Finding(message, written, start, end))
            return end
        try:
            ranges, notes = self._resolve(book, items, text, start)
        except _Invalid as error:
            if not weak:
                findings.append(Finding(str(error), written, start, end))
            return end
        reference = Reference(written, start, end, ranges, self.names.code)
        self._add(reference, references, findings, notes, sets_context=True)
        return end

    def _verse_word(self, text, match, field, references, findings) -> int:
        """Verses of the chapter cited before: "vv. 4-8", "v. 22", "Notice vv. 22, 28"."""
        word = match["verse"]
        items, end = self._items(text, _SPACES.match(text, match.end()).end(), loose=False)
        start = match.start()
        if not items:
            if self.names.is_word("verses_abbreviated", word.rstrip(".")):
                message = f'"{word}" has no verse numbers after it — write them, like "vv. 4–8"'
                findings.append(Finding(message, word, start, match.end(), warning=True))
            return match.end()
        if not field and (self._not_scripture(text, start, end) or self._is_time(text, items, end)):
            return end
        self._relative(text, start, end, items, references, findings, verses=True)
        return end

    def _bare(self, text, match, field, alone, references, findings) -> int:
        """A chapter and verse without a book, e.g. "(See 11:17-19)", "– 12:1 –"; in a
        field only where it stands `alone`."""
        start = match.start()
        items, end = self._items(text, start, loose=False)
        if not items or not alone or (not field and not self._cued(text, start)):
            return end
        if not field and self._is_time(text, items, end):
            return end
        self._relative(text, start, end, items, references, findings, verses=False)
        return end

    def _unknown(self, text, match, field, findings) -> int | None:
        """A capitalised word that is not a book, before a chapter and verse."""
        name = match["unknown"]
        if self.names.is_word("see", name) or self.names.is_word("not_books", name):
            return None
        items, end = self._items(text, _skip_name_end(text, match.end()), loose=False)
        if not items:
            return end
        suggestion = self.names.suggestion(name)
        foreign = self.names.foreign(name)
        # "Doors 7:30", "Lucas 7:30 pm": a time, unless it is plainly a book ("John 3:16").
        if not field and self._is_time(text, items, end, clock=not (suggestion or foreign)):
            return end
        message = self._not_a_book(name, suggestion)
        findings.append(Finding(message, text[match.start() : end], match.start(), end))
        return end

    def _read_without_chapter(self, match, findings) -> int:
        """A book meant after "Read" but no chapter to print: "Read Gen", "Read Matth". Only
        short forms and cut-off names count: "Read Genesis" reads a whole book, and "Read
        Hebrew" is not a reference."""
        word = match["read"]
        book = self.names.book(None, word)
        meant = None
        if isinstance(book, Book) and self.names.is_abbreviation(word):
            meant = self.names.name(book)
        elif book is None:
            meant = self.names.truncated(word)
        if meant:
            message = (
                f'"{word}" looks like a reference to {meant} but has no chapter — '
                f'write one, like "{meant} 5:1{_EN_DASH}12"'
            )
            findings.append(Finding(message, word, match.start("read"), match.end(), True))
        return match.end()

    # --- numbers ----------------------------------------------------------------------

    def _items(self, text: str, position: int, *, loose: bool) -> tuple[list[_Item], int]:
        """The chapter-and-verse items starting at a position, and where they end."""
        items: list[_Item] = []
        sep = ""
        pattern = self.names.item(loose=loose)
        while match := pattern.match(text, position):
            a, b, c, d = (_number(n) for n in match.group("a", "b", "c", "d"))
            follow = self.names.following(match["follow"]) if match["follow"] else ""
            first = match["p1"] or ""
            parts = (first, (match["p2"] or "") if match["c"] else first)
            items.append(_Item(sep, match.start(), match.end(), a, b, c, d, *parts, follow))
            joint = self.names.separator.match(text, match.end())
            if joint is None or self._book_starts(text, joint.end()):
                break
            sep = "list" if joint["sep"] in self.names.numbers["list"] else "verse"  # tight: verse
            position = joint.end()
        if items and self.names.unfinished.match(text, items[-1].end):
            return [], items[-1].end  # "9:30am", "3:16.5": not numbers a reference uses
        return items, items[-1].end if items else position

    def _book_starts(self, text: str, position: int) -> bool:
        """Whether a new reference with a book name starts here ("…; 1 John 2:28")."""
        match = self.names.anchor.match(text, position)
        return bool(match and match["name"] and self.names.book(match["ordinal"], match["name"]))

    def _resolve(
        self,
        book: Book,
        items: list[_Item],
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
        errors: dict[bool, _Invalid] = {}
        for verses in (True, False) if chapter is None else (True,):
            try:
                readings[verses] = _interpret(self.names, book, items, verses, chapter)
            except _Invalid as error:
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
            ambiguity = self._ambiguity(text, items[i], before, reading.ranges[i], other.ranges[i])
            notes.append((items[i], ambiguity))
        findings = [
            Finding(message, text[item.start : item.end], item.start, item.end, warning=True)
            for item, message in notes
        ]
        return tuple(reading.ranges), findings

    def _ambiguity(
        self, text: str, item: _Item, before: str, verse: VerseRange, whole: VerseRange
    ) -> str:
        """Both readings of an ambiguous number, and how to write each unambiguously."""
        numbers = text[item.start : item.end]
        kind = ("verses", "chapters") if item.c is not None else ("verse", "chapter")
        style, code = self.names.style, self.names.code
        return (
            f'"{numbers}" after a semicolon could mean {verse.label(code)} or '
            f"{whole.label(code)}; the appendix has {verse.label(code)} — write "
            f'"{before}{style.verse_list}{numbers}" for the {kind[0]} or '
            f'"{before}{style.chapter_list}{self.names.name(verse.book)} {numbers}" for the '
            f"{kind[1]}"
        )

    def _relative(self, text, start, end, items, references, findings, *, verses) -> None:
        """Resolve a reference without a book against the reference before it."""
        written = text[start:end]
        context = self.context
        if context is None:
            what, like = ("book and chapter", "Luke 15:") if verses else ("book", "Luke ")
            message = (
                f'"{written}" has no {what}, and no reference before it in this session says '
                f'which — write them in, e.g. "{like}{_numbers_only(written)}"'
            )
            findings.append(Finding(message, written, start, end, warning=True))
            return
        book = context.ranges[-1].book
        chapter = None
        if verses and items[0].b is None:
            chapter = _chapter_for(context, items[0].a)
            if chapter is None:
                message = (
                    f'"{written}" follows "{context.text}", which spans several chapters — '
                    f"write the chapter, like "
                    f'"{self.names.label(book)} {context.ranges[-1].end_chapter}'
                    f'{self.names.style.chapter_verse}{_numbers_only(written)}"'
                )
                findings.append(Finding(message, written, start, end, warning=True))
                return
        try:
            ranges, notes = self._resolve(book, items, text, start, chapter)
        except _Invalid as error:
            problem = str(error).split(" — ")[0]
            message = (
                f'"{written}" counts from "{context.text}" before it, but {problem} — write '
                "the book and chapter"
            )
            findings.append(Finding(message, written, start, end, warning=True))
            return
        reference = Reference(written, start, end, ranges, self.names.code)
        # "v. 22" narrows nothing: later verses still count from the same passage.
        self._add(reference, references, findings, notes, sets_context=not verses)

    def _add(self, reference, references, findings, notes, *, sets_context: bool) -> None:
        references.append(reference)
        findings += notes
        if sets_context:
            self.context = reference

    # --- what is and is not scripture ---------------------------------------------------

    def _is_time(self, text: str, items: list[_Item], end: int, *, clock: bool = False) -> bool:
        """Whether numbers are a time of day: "7:30 pm", or with `clock` any lone "10:30"."""
        after = re.match(r"\s*([\w.']+)", text[end : end + 12])
        if after and self.names.is_word("time_after", after[1]):
            return True
        if not clock or len(items) != 1:
            return False
        item = items[0]
        minutes = re.split(r"\D", text[item.start : item.end])[-1]
        return item.c is None and len(minutes) == 2 and item.a <= 23 and int(minutes) < 60

    def _is_count(self, text: str, items: list[_Item], end: int) -> bool:
        """Whether a lone number counts something: "Sal 2 veces" (go out twice), not Psalm 2."""
        after = re.match(r"\s*([\w.']+)", text[end : end + 16])
        lone = len(items) == 1 and items[0].b is None and items[0].c is None
        return lone and bool(after) and self.names.is_word("counted", after[1])

    def _clock(self, text: str, items: list[_Item]) -> bool:
        """Whether numbers are written the way this language writes a time of day."""
        return self.names.uses_clock(text[items[0].start : items[-1].end])

    def _cued(self, text: str, start: int) -> bool:
        """Whether a bare chapter and verse is introduced as a reference: after "(", a
        dash, or a word like "see" or "cf."."""
        before = text[max(0, start - 30) : start].rstrip()
        if before.endswith(("(", "[")):
            return True
        if before and before[-1] in DASHES and (len(before) == 1 or before[-2].isspace()):
            return True
        word = _WORD_BEFORE.search(before)
        return bool(word) and self.names.is_word("see", word[1].lstrip("(["))

    def _not_scripture(self, text: str, start: int, end: int) -> bool:
        """Whether verse numbers belong to a hymn or poem: "verses 1 and 2 of the hymn",
        "sing verse 3"."""
        after = " ".join(text[end : end + 20].split()[:2]).lower()
        if any(after.startswith(w) for w in self.names.words["not_scripture_after"]):
            return True
        sentence = _SENTENCE_END.split(text[max(0, start - 80) : start])[-1]
        return any(
            self.names.is_word("not_scripture_before", re.sub(r"['’]s$", "", word))
            for word in re.findall(r"[\w'’]+", sentence)
        )

    # --- messages -----------------------------------------------------------------------

    def _incomplete(self, written: str, book: Book | None, start: int) -> Finding:
        """A field holding a book name and no chapter."""
        if book is None:
            message = f'"{written}" needs a number in front — write "1 {written}" or "2 {written}"'
        else:
            title = self.names.name(book)
            message = f'"{written}" needs a chapter — e.g. "{title} 1" or "{title} 1:1{_EN_DASH}5"'
        return Finding(message, written, start, start + len(written))

    def _not_a_book(self, name: str, suggestion: str | None) -> str:
        """Why a name is not a book of the study's language, and what was probably meant."""
        if foreign := self.names.foreign(name):
            language, local = foreign
            here = language_name(self.names.code)
            write = f'write "{local}"' if local else f"cite it as {here} Bibles number it"
            return (
                f'"{name}" is the {language} name of a book, and this study is in {here} — {write}'
            )

        return f'"{name}" is not a book of the Bible — ' + (
            f'did you mean "{suggestion}"?'
            if suggestion
            else 'check the spelling or use a standard abbreviation like "Gen" or "1 Cor"'
        )

    def _unparseable(self, text: str) -> str:
        """Why a field value is not a reference at all."""
        if not text:
            return f"the reference is empty — write one like {_EXAMPLE}"
        name = re.match(r"((?:[1-3] ?)?[^\W\d_]+(?: [^\W\d_]+)*)\.? ?[0-9]", text)
        if name:
            word = name[1]
            if not word[0].isdigit() and self.names.needs_ordinal(word):
                return f'"{word}" needs a number in front — write "1 {word}" or "2 {word}"'
            return self._not_a_book(word, self.names.suggestion(word))
        return f'"{text}" is not a Bible reference — write one like {_EXAMPLE}'


def reference_spans(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """Where prose holds a reference or text written like one, so print can keep it whole."""
    scan = Reader(language).prose(text)
    spans: list[tuple[int, int]] = []
    for start, end in sorted((x.start, x.end) for x in (*scan.references, *scan.findings)):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


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


def _interpret(
    names: Names, book: Book, items: list[_Item], semicolon_verses: bool, chapter: int | None
) -> _Reading:
    """The ranges the items name, reading a bare number after ";" as a verse or a chapter.

    `chapter` is given for verses without a chapter ("vv. 4-8"), which count from it.
    """
    single = _single_chapter(book)
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
            if as_verse:
                start = (current, item.a)
                end = (item.c, item.d) if item.d is not None else (current, _or(item.c, item.a))
            else:
                if item.first_part or (item.last_part and item.d is None):
                    raise _Invalid(
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


def _following(names, book, start, end, item, i, reading) -> tuple[int, int | None]:
    """Where "16f" (and the next verse) ends; "16ff" does not say, so it stays at 16."""
    chapter, verse = end
    if item.follow == "f":
        if verse is None:
            return (min(chapter + 1, canon.chapters(book)), None)
        return (chapter, min(verse + 1, canon.verses(book, chapter)))
    what = f"{chapter}{names.style.chapter_verse}{verse}" if verse is not None else f"{chapter}"
    message = (
        f'"{names.numbers["follow_more"][0]}" does not say where the passage ends, so only '
        f"{what} is printed — write the last verse instead"
    )
    reading.notes.append((i, message))
    return end


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
        raise _Invalid(f"range runs backwards ({backwards}) — write the lower {lower} first")
    return verses


def _check_chapter(names: Names, book: Book, chapter: int) -> None:
    count = canon.chapters(book)
    name = names.name(book)
    if chapter == 0:
        raise _Invalid(f"{name} has no chapter 0 — chapters start at 1")
    if chapter > count:
        chapters = "only 1 chapter" if count == 1 else f"{count} chapters"
        raise _Invalid(f"{name} has {chapters}, not {chapter} — check the chapter number")


def _check_verse(names: Names, book: Book, chapter: int, verse: int) -> None:
    count = canon.verses(book, chapter)
    if 0 < verse <= count:
        return
    name = names.name(book)
    where = name if _single_chapter(book) else f"{name} {chapter}"
    if verse == 0:
        raise _Invalid(f"{where} has no verse 0 — verses start at 1")
    raise _Invalid(f"{where} has {count} verses, not {verse} — check the verse number")


def _chapter_for(context: Reference, verse: int) -> int | None:
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


# --- labels --------------------------------------------------------------------------------


def _book_label(names: Names, book: Book, ranges) -> str:
    """ "Psalm" for one psalm, "Psalms" for several; other books by their name."""
    chapters = {c for r in ranges for c in range(r.start_chapter, r.end_chapter + 1)}
    return names.label(book, plural=len(chapters) > 1)


def _is_whole_chapters(r: VerseRange) -> bool:
    return (
        not _single_chapter(r.book)
        and r.start_verse == 1
        and r.end_verse == canon.verses(r.book, r.end_chapter)
        and not r.start_part
        and not r.end_part
    )


def _numbers(style: Style, r: VerseRange) -> str:
    """The chapter/verse part of a label."""
    first, last = f"{r.start_verse}{r.start_part}", f"{r.end_verse}{r.end_part}"
    cv = style.chapter_verse
    if _single_chapter(r.book):
        return _span(first, last)
    if _is_whole_chapters(r):
        return _span(str(r.start_chapter), str(r.end_chapter))
    if r.start_chapter == r.end_chapter:
        return f"{r.start_chapter}{cv}{_span(first, last)}"
    return f"{r.start_chapter}{cv}{first}{_EN_DASH}{r.end_chapter}{cv}{last}"


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first}{_EN_DASH}{last}"


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


# --- small helpers ---------------------------------------------------------------------------


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


def _single_chapter(book: Book) -> bool:
    """Obadiah, Philemon, 2 John, 3 John and Jude: numbers after the name are verses."""
    return canon.chapters(book) == 1


def _or(number: int | None, default: int) -> int:
    return default if number is None else number


def _number(digits: str | None) -> int | None:
    if digits is None:
        return None
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def _skip_name_end(text: str, position: int) -> int:
    """Past the period and spaces after a book name ("Heb. 11")."""
    if text.startswith(".", position):
        position += 1
    return _SPACES.match(text, position).end()


def _numbers_only(written: str) -> str:
    return re.sub(r"^\D+", "", written).replace("-", _EN_DASH)


def _start(x: Finding | Reference) -> int:
    return x.start


def _clip(text: str, length: int = 40) -> str:
    """Text short enough to quote in a message."""
    return text if len(text) <= length else text[: length - 1] + "…"


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
