"""The reader's tools: the numbers after a book or a word ("3:16-18; 4:2"), what is and is
not scripture around them (a time, a count, a hymn's verse), and the messages that say what
is wrong; find.py's Reader reads each kind of reference with them."""

from __future__ import annotations

import re

from .bookless import Unclear
from .canon import Book
from .names import DASHES, DEFAULT_LANGUAGE, Names, language_name, names_for
from .ranges import EN_DASH, Reference
from .resolve import Finding, Item

EXAMPLE = f'"Exodus 32:1{EN_DASH}6"'
_MAX_DIGITS = 6  # no chapter or verse has more; longer numbers are simply out of range
SPACES = re.compile(r"[ \t\u00a0]{0,3}")
WORD_BEFORE = re.compile(r"([\w'’.-]+)\W*$")
_SENTENCE_END = re.compile(r"[.!?;:]\s")


class Scanner:
    """What a reader knows of one session as it reads: the language's names, the session's
    passage, the nearest reference before (`context`), and where the last one ended."""

    def __init__(
        self,
        language: str = DEFAULT_LANGUAGE,
        passage: Reference | None = None,
        context: Reference | None = None,
    ):
        self.names: Names = names_for(language)
        self.passage = passage
        self.context = context or passage
        self._at_start = self.context  # the nearest reference when this string began
        self._last_end = 0  # where the last reference of this string ended

    # --- numbers ----------------------------------------------------------------------

    def _items(
        self, text: str, position: int, *, loose: bool, comma: bool = False, verses: bool = False
    ) -> tuple[list[Item], int]:
        """The chapter-and-verse items starting at a position, and where they end. The
        separator the first item puts between chapter and verse is the only one after it
        ("Salmo 34.1-2,15-16": verses 1–2 and 15–16)."""
        items: list[Item] = []
        sep, cv = "", None
        while match := self.names.item(loose=loose, comma=comma, cv=cv, verses=verses).match(
            text, position
        ):
            a, b, c, d = (number(n) for n in match.group("a", "b", "c", "d"))
            follow = "end" if match["end"] else ""
            if match["follow"]:
                follow = self.names.following(match["follow"].strip())
            first = match["p1"] or ""
            parts = (first, (match["p2"] or "") if match["c"] else first)
            used = self.names.chapter_verse_used(match) or ""
            items.append(Item(sep, match.start(), match.end(), a, b, c, d, *parts, follow, used))
            cv = cv or used.strip() or None
            joint = self.names.separator.match(text, match.end()) or self.names.spaced_list.match(
                text, match.end()
            )
            if joint is None or self._book_starts(text, joint.end()):
                break
            sep = "list" if joint["sep"] in self.names.numbers["list"] else "verse"  # tight: verse
            position = joint.end()
        if items and self.names.unfinished.match(text, items[-1].end):
            return [], items[-1].end  # "9:30am", "3:16.5": not numbers a reference uses
        return items, items[-1].end if items else position

    def _after_read(self, text: str, position: int) -> bool:
        """Whether a word like "Read" comes just before ("Read Hezekiah 3:4")."""
        word = WORD_BEFORE.search(text[max(0, position - 30) : position])
        return bool(word) and self.names.is_word("read", word[1])

    def _book_starts(self, text: str, position: int) -> bool:
        """Whether a new reference with a book name starts here ("…; 1 John 2:28")."""
        match = self.names.anchor.match(text, position)
        return bool(match and match["name"] and self.names.book(match["ordinal"], match["name"]))

    def _bare_after(self, text: str, position: int) -> bool:
        """Whether a chapter and verse starts here ("(2:15-17")."""
        match = self.names.anchor.match(text, SPACES.match(text, position).end())
        return bool(match and match["bare"])

    def _past_chapter_word(self, text: str, position: int) -> int:
        """Past a chapter word after a book name ("Mark chapter 8", "Römer Kapitel 8")."""
        match = self.names.anchor.match(text, position)
        if match and match["chapter"]:
            return SPACES.match(text, match.end()).end()
        return position

    def _add(self, reference, references, findings, notes, *, sets_context: bool) -> None:
        references.append(reference)
        findings += notes
        self._last_end = reference.end
        if sets_context:
            self.context = reference

    def _uncounted(self, written, start, end, basis, error) -> Finding:
        """Why a reference without a book does not fit what it counts from."""
        context = basis.reference
        book = context.ranges[-1].book
        if isinstance(error, Unclear):
            message = (
                f'"{written}" follows "{context.text}", which spans several chapters — '
                f"write the chapter, like "
                f'"{self.names.label(book)} {context.ranges[-1].end_chapter}'
                f'{self.names.style.chapter_verse}{numbers_only(written)}"'
            )
        else:
            problem = str(error).split(" — ")[0]
            message = (
                f'"{written}" counts from "{context.text}" before it, but {problem} — write '
                "the book and chapter"
            )
        return Finding(message, written, start, end, warning=True)

    def _unreadable(self, text, start, end) -> Finding:
        """A book and numbers with one separator too many: "Hechos 16:16:30"."""
        numbers = re.compile(r"[\d:.,]*\d").match(text, end)
        written = text[start : numbers.end()]
        message = (
            f'"{written}" has more numbers than a chapter and a verse — write a range with a '
            f'dash, like "{text[start:end]}{EN_DASH}…"'
        )
        return Finding(message, written, start, numbers.end(), True)

    # --- what is and is not scripture ---------------------------------------------------

    def _is_time(self, text: str, items: list[Item], end: int, *, clock: bool = False) -> bool:
        """Whether numbers are a time of day: "7:30 pm", or with `clock` any lone "10:30"."""
        after = re.match(r"\s*([\w.']+)", text[end : end + 12])
        if after and self.names.is_word("time_after", after[1]):
            return True
        if not clock or len(items) != 1:
            return False
        item = items[0]
        minutes = re.split(r"\D", text[item.start : item.end])[-1]
        return item.c is None and len(minutes) == 2 and item.a <= 23 and int(minutes) < 60

    def _is_count(self, text: str, items: list[Item], end: int) -> bool:
        """Whether a lone number counts something: "Sal 2 veces" (go out twice), not Psalm 2."""
        after = re.match(r"\s*([\w.']+)", text[end : end + 16])
        lone = len(items) == 1 and items[0].b is None and items[0].c is None
        return lone and bool(after) and self.names.is_word("counted", after[1])

    def _clock(self, text: str, items: list[Item]) -> bool:
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
        word = WORD_BEFORE.search(before)
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
            message = f'"{written}" needs a chapter — e.g. "{title} 1" or "{title} 1:1{EN_DASH}5"'
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
            return f"the reference is empty — write one like {EXAMPLE}"
        name = re.match(r"((?:[1-3] ?)?[^\W\d_]+(?: [^\W\d_]+)*)\.? ?[0-9]", text)
        if name:
            word = name[1]
            if not word[0].isdigit() and self.names.needs_ordinal(word):
                return f'"{word}" needs a number in front — write "1 {word}" or "2 {word}"'
            return self._not_a_book(word, self.names.suggestion(word))
        return f'"{text}" is not a Bible reference — write one like {EXAMPLE}'


def number(digits: str | None) -> int | None:
    if digits is None:
        return None
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def skip_name_end(text: str, position: int) -> int:
    """Past the period and spaces after a book name ("Heb. 11")."""
    if text.startswith(".", position):
        position += 1
    return SPACES.match(text, position).end()


def numbers_only(written: str) -> str:
    return re.sub(r"^\D+", "", written).replace("-", EN_DASH)


def clip(text: str, length: int = 40) -> str:
    """Text short enough to quote in a message."""
    return text if len(text) <= length else text[: length - 1] + "…"
