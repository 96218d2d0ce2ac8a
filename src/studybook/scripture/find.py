"""Find Bible references in study text, as a careful editor would: book names and the
words around references come from the language's table (names.py), and each reference
found is resolved (resolve.py) against the reference before it where it has no book."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import canon
from .canon import Book
from .names import DASHES, DEFAULT_LANGUAGE, Names, language_name, names_for
from .ranges import EN_DASH, Reference
from .resolve import Finding, Invalid, Item, chapter_for, resolve

_EXAMPLE = f'"Exodus 32:1{EN_DASH}6"'
_MAX_DIGITS = 6  # no chapter or verse has more; longer numbers are simply out of range
_SPACES = re.compile(r"[ \t\u00a0]{0,3}")
_WORD_BEFORE = re.compile(r"([\w'’.-]+)\W*$")
_SENTENCE_END = re.compile(r"[.!?;:]\s")


@dataclass(frozen=True)
class Scan:
    """The references found in one string, and what was wrong or doubtful there."""

    references: tuple[Reference, ...] = ()
    findings: tuple[Finding, ...] = ()


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
                    f'only, like {_EXAMPLE} or "Luke 15:11{EN_DASH}24; 1 John 2:28"'
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
            ranges, notes = resolve(self.names, book, items, text, start)
        except Invalid as error:
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
                f'write one, like "{meant} 5:1{EN_DASH}12"'
            )
            findings.append(Finding(message, word, match.start("read"), match.end(), True))
        return match.end()

    # --- numbers ----------------------------------------------------------------------

    def _items(self, text: str, position: int, *, loose: bool) -> tuple[list[Item], int]:
        """The chapter-and-verse items starting at a position, and where they end."""
        items: list[Item] = []
        sep = ""
        pattern = self.names.item(loose=loose)
        while match := pattern.match(text, position):
            a, b, c, d = (_number(n) for n in match.group("a", "b", "c", "d"))
            follow = self.names.following(match["follow"]) if match["follow"] else ""
            first = match["p1"] or ""
            parts = (first, (match["p2"] or "") if match["c"] else first)
            items.append(Item(sep, match.start(), match.end(), a, b, c, d, *parts, follow))
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
            chapter = chapter_for(context, items[0].a)
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
            ranges, notes = resolve(self.names, book, items, text, start, chapter)
        except Invalid as error:
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
    return re.sub(r"^\D+", "", written).replace("-", EN_DASH)


def _start(x: Finding | Reference) -> int:
    return x.start


def _clip(text: str, length: int = 40) -> str:
    """Text short enough to quote in a message."""
    return text if len(text) <= length else text[: length - 1] + "…"
