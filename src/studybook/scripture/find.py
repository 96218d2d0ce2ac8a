"""Find Bible references in study text, as a careful editor would: book names and the
words around references come from the language's table (names.py), and each reference
found is resolved (resolve.py) against the reference before it where it has no book."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import canon
from .bookless import Unclear, bases, count, no_book, not_a_passage, two_readings, verses_too
from .canon import Book
from .names import DEFAULT_LANGUAGE, SPACE
from .ranges import EN_DASH, Reference, VerseRange
from .resolve import Finding, Invalid, Item, resolve
from .scanner import EXAMPLE, SPACES, Scanner, clip, numbers_only, skip_name_end

_DUAL = re.compile(r"(?:\(\d+\)|/\d+)(?![\d:])")  # "Sl 118(119)", "Salmo 130/131"
_OPENS = re.compile(r"(?:^|[.!?]\s)\s*[\"“‘(¿¡]?$")  # where a sentence starts


@dataclass(frozen=True)
class Scan:
    """The references found in one string, and what was wrong or doubtful there."""

    references: tuple[Reference, ...] = ()
    findings: tuple[Finding, ...] = ()


class Reader(Scanner):
    """Reads the references of one session's text in document order, one string (a
    question, a paragraph, a field) at a time.

    References without a book ("4:12", "vv. 4-8", "ch. 9", "(See 11:17-19)") count from
    the nearest reference before them, `context`, which starts as the session's `passage`
    and is updated by every reference read; where the nearest reference names another
    book than the passage, both readings are weighed (see bookless.py).
    """

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
                after = f' after "{clip(previous.text)}"' if previous else ""
                message = (
                    f'unexpected "{clip(rest)}"{after} — a reference field holds references '
                    f'only, like {EXAMPLE} or "Luke 15:11{EN_DASH}24; 1 John 2:28"'
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
        position = last = self._last_end = 0
        self._at_start = self.context
        while match := self.names.anchor.search(text, position):
            if match["name"] is not None:
                end = self._named(text, match, field, references, findings)
            elif match["verse"] is not None:
                end = self._verse_word(text, match, field, references, findings)
            elif match["chapter"] is not None:
                end = self._chapter_word(text, match, field, references, findings)
            elif match["bare"] is not None:
                # In a field, "hezekiah 3:4" is not a book and then a chapter.
                alone = not field or self._only_separators(text[last : match.start()])
                end = self._bare(text, match, field, alone, references, findings)
            elif match["bracket"] is not None:
                end = self._bracket(text, match, field, references, findings)
            elif match["unknown"] is not None:
                end = self._unknown(text, match, field, findings)
            else:
                end = self._read_without_chapter(match, findings)
            position = last = end if end is not None else match.start() + 1
        return Scan(tuple(references), tuple(findings))

    # --- the kinds of reference-like text ---------------------------------------------

    def _named(self, text, match, field, references, findings) -> int | None:
        """A book name, e.g. "Heb. 11:1-3; 6; 8-19", "Mark chapter 8 verse 29",
        "Genesis (2:15-17, 3:1-7)"; None to look again without its ordinal."""
        name, ordinal = match["name"], match["ordinal"]
        book = self.names.book(ordinal, name)
        if book is None and ordinal:
            return None
        if not field and not self.names.written_as_in_prose(name):
            return match.end()
        weak = not field and (self.names.is_word("ordinary_words", name) or book is None)
        after = self._past_chapter_word(text, skip_name_end(text, match.end()))
        if not field and text.startswith("(", after) and self._bare_after(text, after + 1):
            after += 1  # "Genesis (2:15-17, 3:1-7)"
        strong = isinstance(book, Book) and not weak
        items, end = self._items(text, after, loose=strong, comma=True)
        start = match.start()
        if not items:
            if field:
                findings.append(self._incomplete(text[start:after].strip(), book, start))
            elif self.names.unfinished.match(text, end) and isinstance(book, Book):
                findings.append(self._unreadable(text, start, end))
            elif strong:
                self._book_in_list(text, match, book, findings)
                self._mention(match, book)
            return match.end()
        if not field and (
            (items[0].b is None and weak)
            or self._is_time(text, items, end, clock=weak and self._clock(text, items))
            or self._is_count(text, items, end)
        ):
            return end
        if book is None:  # "Corinthians 13:4"
            written = text[start:end]
            message = f'"{name}" needs a number in front — write "1 {name}" or "2 {name}"'
            findings.append(Finding(message, written, start, end))
            return end
        if dual := _DUAL.match(text, items[0].end):
            written = text[start : dual.end()]
            message = (
                f'"{written}" gives two numbers for one chapter, as Bibles number some psalms '
                "differently — write the one the study's translation uses"
            )
            findings.append(Finding(message, written, start, dual.end(), True))
            return dual.end()
        items, end, notes = self._chapter_and_verse(text, items, end, book, strong)
        written = text[start:end]
        try:
            ranges, more = self._resolve_named(text, start, book, items, after, strong)
        except Invalid as error:
            if not weak:
                findings.append(Finding(str(error), written, start, end))
            return end
        if weak and not field and self._also_a_word(text, match, items, end, references, findings):
            return end
        reference = Reference(written, start, end, ranges, self.names.code)
        self._add(reference, references, findings, notes + more, sets_context=True)
        return end

    def _also_a_word(self, text, match, items, end, references, findings) -> bool:
        """A book's short form that is also a word starting a sentence ("So 1:6 says…"):
        where the numbers also count from the passage before, they are read so, with a
        warning naming the book as the other reading. True when read that way."""
        start = items[0].start
        if text.startswith(".", match.end()) or not _OPENS.search(text[: match.start()]):
            return False  # "Am. 5:10", "…; Mar 7:10": the book
        before = len(references), len(findings)
        self._relative(text, start, end, items, references, findings, verses=False, quiet=True)
        if len(references) == before[0]:
            return False
        title = self.names.name(self.names.book(match["ordinal"], match["name"]))
        message = (
            f'"{match[0]}" starts the sentence, so "{text[start:end]}" is read as '
            f'{references[-1].label()} — write "{title} {text[start:end]}" if the book is '
            "meant"
        )
        findings.append(Finding(message, text[match.start() : end], match.start(), end, True))
        return True

    def _resolve_named(self, text, start, book, items, after, strong):
        """Resolve a book's numbers; "Jn 8, 51" (a comma and a space between chapter and
        verse, as Catholic Bibles write) is also weighed as a list of chapters."""
        spaced = [i for i in items if i.cv.startswith(",") and i.cv != ","]
        if not spaced:
            return resolve(self.names, book, items, text, start)
        chapters, _ = self._items(text, after, loose=strong)
        try:
            ranges, notes = resolve(self.names, book, items, text, start)
        except Invalid:
            return resolve(self.names, book, chapters, text, start)
        item = spaced[0]
        # "Gén 1, 2": two chapters in a row, or a chapter and verse as Catholic Bibles write.
        listed = len(items) == 1 and item.c is None and item.b == item.a + 1
        listed = listed and "," in self.names.numbers["verse_list"]
        try:
            other, _ = resolve(self.names, book, chapters[: len(items) + 1], text, start)
        except Invalid:
            listed = False
        if listed and other[: len(ranges)] != ranges:
            one, two = (
                ranges[items.index(item)].label(self.names.code),
                other[0].label(self.names.code),
            )
            and_word = self.names.numbers["and"][0]
            message = (
                f'"{text[item.start : item.end]}" could mean {one} or the chapters {two} '
                f"{and_word} {item.b}; the appendix has {one} — write "
                f'"{item.a}{self.names.style.chapter_verse}{item.b}" for the verse or '
                f'"{item.a} {and_word} {item.b}" for the chapters'
            )
            notes.append(Finding(message, text[item.start : item.end], item.start, item.end, True))
        return ranges, notes

    def _chapter_and_verse(self, text, items, end, book, strong):
        """A chapter followed by its verses in words ("Genesis 15, verse 7", "Genèse 13 v 5à
        14") or after a space where the colon goes ("Romans 8 1-4", warned)."""
        first = items[0]
        if len(items) != 1 or first.b is not None or first.c is not None or first.follow:
            return items, end, []
        word = self.names.verse_after.match(text, end)
        spaced = None if word else re.compile(f"{SPACE}+(?=\\d)").match(text, end)
        if not (word or (strong and spaced)):
            return items, end, []
        verses, last = self._items(text, (word or spaced).end(), loose=False, verses=True)
        if not verses or verses[0].b is not None or (spaced and self._is_count(text, verses, last)):
            return items, end, []
        v = verses[0]
        joined = Item(
            "", first.start, v.end, first.a, v.a, v.c, v.d, v.first_part, v.last_part, v.follow, ":"
        )
        items = [joined, *verses[1:]]
        if word:
            return items, last, []
        written = text[first.start : last]
        cv, numbers = self.names.style.chapter_verse, numbers_only(text[v.start : last])
        label = f"{self.names.label(book)} {first.a}{cv}{numbers}"
        message = (
            f'"{written}" has a space where the colon goes, so it is read as {label} — '
            f'write "{label}", or "{self.names.label(book)} {first.a}" for the whole chapter'
        )
        return items, last, [Finding(message, written, first.start, last, True)]

    def _mention(self, match, book) -> None:
        """A book named without numbers ("Hebrews Bible Study — Chapter 10") is what
        references without a book count from when nothing before it says."""
        if self.context is None:
            last = canon.chapters(book)
            whole = VerseRange(book, 1, 1, last, canon.verses(book, last))
            self.context = Reference(
                match[0], match.start(), match.end(), (whole,), self.names.code
            )

    def _book_in_list(self, text, match, book, findings) -> None:
        """A whole book named in a list of references ("(vv. 2-3; Ruth)"): warned, as the
        appendix prints no whole books from prose."""
        gap = text[self._last_end : match.start()]
        if not self._last_end or not gap.strip() or "." in gap or not self._only_separators(gap):
            return
        if not re.match(r"\.?\s*(?:[);,\]]|$)", text[match.end() :]):
            return
        title = self.names.name(book)
        last = canon.chapters(book)
        whole = title if last == 1 else f"{title} 1{EN_DASH}{last}"
        message = (
            f'"{match[0]}" in this list names a whole book, which the appendix leaves out — '
            f'write the chapters to print, like "{whole}"'
        )
        findings.append(Finding(message, match[0], match.start(), match.end(), True))

    def _verse_word(self, text, match, field, references, findings) -> int:
        """Verses of the chapter cited before: "vv. 4-8", "v22", "Notice vv. 22, 28"."""
        word = match["verse"]
        items, end = self._items(
            text, SPACES.match(text, match.end()).end(), loose=True, verses=True
        )
        start = match.start()
        if not items:
            if self.names.is_word("verses_abbreviated", word.rstrip(".")):
                message = f'"{word}" has no verse numbers after it — write them, like "vv. 4–8"'
                findings.append(Finding(message, word, start, match.end(), warning=True))
            return match.end()
        if not field and (self._not_scripture(text, start, end) or self._is_time(text, items, end)):
            return end
        self._relative(text, start, end, items, references, findings, verses=items[0].b is None)
        return end

    def _chapter_word(self, text, match, field, references, findings) -> int:
        """Chapters named by a word: "chapter 13", "ch. 6:12-20", "chapters 9–11", "capítulo
        1 de Filipenses", "Kap. 4,2.3"; of the book after "of", else of the book cited
        before. Without a book before or after, they are not scripture ("chapter 3 of the
        workbook")."""
        start = match.start()
        items, end = self._items(text, SPACES.match(text, match.end()).end(), loose=False)
        if not items or field:
            return end
        if of := self.names.of_book.match(text, end):
            book_match = self.names.anchor.match(text, of.end())
            book = (
                book_match
                and book_match["name"]
                and self.names.book(book_match["ordinal"], book_match["name"])
            )
            if not isinstance(book, Book):
                return end
            written = text[start : book_match.end()]
            try:
                ranges, notes = resolve(self.names, book, items, text, start)
            except Invalid as error:
                findings.append(Finding(str(error), written, start, book_match.end()))
                return book_match.end()
            reference = Reference(written, start, book_match.end(), ranges, self.names.code)
            self._add(reference, references, findings, notes, sets_context=True)
            return book_match.end()
        if self._not_scripture(text, start, end):
            return end
        items, end, notes = self._chapter_and_verse(text, items, end, None, strong=False)
        self._relative(text, start, end, items, references, findings, verses=False, quiet=True)
        return end

    def _bare(self, text, match, field, alone, references, findings) -> int:
        """A chapter and verse without a book, e.g. "In 1:6, Paul says", "(See 11:17-19)",
        "– 12:1 –"; in a field only where it stands `alone`. Written with a colon, it is
        read anywhere in prose; with a period or comma ("1.34", "3,16") only after a
        bracket, a dash or a word such as "see", as those are also decimal numbers."""
        start = match.start()
        items, end = self._items(text, start, loose=False)
        if not items or not alone:
            return end
        cued = field or self._cued(text, start)
        if re.search(r"(?<!\d)0\d", text[start:end]):
            return end  # "6:05", "(10:00a)": no verse is written so
        # Written as the language writes chapter and verse ("1:6"; German "1,6"), it is read
        # anywhere; otherwise ("1.34") only where something says it is a reference.
        written_so = items[0].cv in (":", self.names.style.chapter_verse)
        if not cued and (not written_so or not_a_passage(self.names, text, start, end, items)):
            return end
        if not field and self._is_time(text, items, end):
            return end
        # "(1,10)" in French is chapter 1, verse 10 — or verses 1 and 10 of the chapter before.
        verses = self._items(text, start, loose=False, verses=True)[0]
        numbers = [n for i in verses for n in (i.a, i.c) if n is not None]
        listed = items[0].cv == "," in self.names.numbers["verse_list"] and not field
        if not (listed and numbers == sorted(set(numbers)) and not any(i.c for i in verses)):
            verses = None
        self._relative(
            text,
            start,
            end,
            items,
            references,
            findings,
            verses=False,
            quiet=not cued,
            as_verses=verses,
        )
        return end

    def _bracket(self, text, match, field, references, findings) -> int | None:
        """Verse numbers alone in brackets, as inductive studies write them: "(19)", "(6-13)",
        "[6-7]", "(2, 3, 7)": read as verses of the chapter cited before, with a warning, as
        a number in brackets may be something else. A lone number opening a string is a
        list's number ("(1) Pray"), and a chapter and verse is read as one ("(11:17-19)")."""
        position = match.end()
        if field or self._book_starts(text, position) or self._bare_after(text, position):
            return None
        items, end = self._items(text, position, loose=False, verses=True)
        close = re.compile(f"{SPACE}*[)\\]]").match(text, end)
        if not items or not close or items[0].b is not None:
            return end
        lone = len(items) == 1 and items[0].c is None and not items[0].follow
        opens = re.search(r"(?:^|[.!?:]\s)\s*$", text[: match.start()])
        if lone and opens and re.match(r"\s+\w", text[close.end() :]):
            return end  # "(1) Pray", "… sauver. (1) La croyance": a list's number
        start = match.end()
        self._relative(
            text, start, end, items, references, findings, verses=True, quiet=True, bracket=True
        )
        return end

    def _unknown(self, text, match, field, findings) -> int | None:
        """A capitalised word before a chapter and verse that is not a book: an error only
        where it could be one (misspelt, cut off, another language's), else an ordinary
        word before a reference without a book ("In 1:6, Paul says")."""
        name = match["unknown"]
        if self.names.is_word("see", name) or self.names.is_word("not_books", name):
            return None
        suggestion = self.names.suggestion(name)
        foreign = self.names.foreign(name)
        if not (field or suggestion or foreign or self._after_read(text, match.start())):
            return None
        items, end = self._items(text, skip_name_end(text, match.end()), loose=False)
        if not items:
            return end
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
        if self.names.is_word("saint", word):
            return match.start("read")  # "Lee San Juan 15:1": the saint's name is the book's
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

    def _relative(
        self,
        text,
        start,
        end,
        items,
        references,
        findings,
        *,
        verses,
        quiet=False,
        bracket=False,
        as_verses=None,
    ) -> None:
        """Resolve a reference without a book against what it counts from (bookless.py).
        Where nothing says which book, or its numbers do not fit, it is warned about, or
        left as prose when `quiet` (numbers not plainly written as a reference)."""
        written = text[start:end]
        choices = bases(self.context, self.passage, self._at_start, verses)
        if not choices:
            if not quiet:
                findings.append(Finding(no_book(written, verses), written, start, end, True))
            return
        readings, errors = [], []
        for basis in choices:
            try:
                readings.append(count(self.names, basis, items, text, start, verses))
            except Invalid as error:
                errors.append((basis, error))
        if not readings:
            if not quiet or (bracket and isinstance(errors[0][1], Unclear)):
                findings.append(self._uncounted(written, start, end, *errors[0]))
            return
        reading = readings[0]
        notes = list(reading.notes)
        if len(readings) > 1 and readings[1].ranges != reading.ranges:
            message = two_readings(self.names, written, reading, readings[1])
            notes.append(Finding(message, written, start, end, True))
        if as_verses:
            try:
                other = count(self.names, reading.basis, as_verses, text, start, True)
            except Invalid:
                other = None
            if other and other.ranges != reading.ranges:
                message = verses_too(self.names, written, reading, other)
                notes.append(Finding(message, written, start, end, True))
        if bracket:
            label = Reference("", 0, 0, reading.ranges, self.names.code).label()
            message = (
                f'"{written}" in brackets is read as {label} — write "v. {numbers_only(written)}" '
                "to make it plain"
            )
            notes.append(Finding(message, written, start, end, True))
        basis = reading.basis.why(reading.verses)
        reference = Reference(written, start, end, reading.ranges, self.names.code, basis)
        # "v. 22" narrows nothing: later verses still count from the same passage.
        self._add(reference, references, findings, notes, sets_context=not verses)


def reference_spans(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """Where prose holds a reference or text written like one, so print can keep it whole."""
    scan = Reader(language).prose(text)
    spans: list[tuple[int, int]] = []
    for start, end in sorted((x.start, x.end) for x in (*scan.references, *scan.findings)):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _start(x: Finding | Reference) -> int:
    return x.start
