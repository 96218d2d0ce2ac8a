"""Read a church's own Bible text from USFM, the format Bible translations are kept and
exchanged in (Paratext, the Digital Bible Library, ebible.org).

A small, strict reader of what the appendix prints: the verses of each book and chapter,
with headings, footnotes, cross references, introductions and alternative verse numbers
left out, and the text of words of Jesus, added words, names of God and the like kept.
Anything it does not understand is an error naming the line, never text silently lost or
printed: a file it accepts prints exactly its verses. It reads in one pass without
recursion, so its time and memory grow with the file's size, which the caller limits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..project import Unreadable, read_inside
from . import canon
from .bible import JOINED, Numbered
from .canon import Book

_CODE_OF = {book: code for code, book in canon.USFM.items()}
# Other books a USFM Bible may hold (Daniel and Psalms in Greek, the Odes, front and back
# matter): read and checked like any other, but kept nowhere, as no study can cite them.
OTHER_CODES = set(
    re.findall(
        r"\S+",
        """PS2 ODA PSS EZA 5EZ 6EZ DAG PS3 2BA LBA JUB ENO 1MQ 2MQ 3MQ REP 4BA LAO FRT BAK OTH
        INT CNC GLO TDX NDX XXA XXB XXC XXD XXE XXF XXG""",
    )
)

# Paragraph markers whose text is part of the verses (poetry, lists, plain paragraphs).
_VERSE_PARAGRAPHS = re.compile(
    r"(?:p|m|po|pr|cls|pmo|pm|pmc|pmr|pi\d?|mi|nb|pc|ph\d?|b|q\d?|qr|qc|qa|qm\d?|qd"
    r"|lh|li\d?|lf|lim\d?|litl|tr|th\d?|thr\d?|tc\d?|tcr\d?|tcc\d?|pb)"
)
# Paragraph markers whose line is not verse text: titles, headings, introductions, notes.
_SKIPPED_PARAGRAPHS = re.compile(
    r"(?:id|usfm|ide|h\d?|toc\d|toca\d|rem|sts|restore|mt\d?|mte\d?|ms\d?|mr|s\d?|sr|r|d|cp"
    r"|sp|sd\d?|cl|cd|periph|lit|k\d|i(?:mt|mte|s|p|pi|m|mi|pq|pr|q|b|li|ot|o|ex|ex|e)\d?"
    r"|iot|io\d?|ili\d?|iq\d?|ipr|imq|ib)"
)
# Character markers whose text is verse text ("\wj …\wj*", "\nd Lord\nd*").
_KEPT_CHARACTERS = re.compile(
    r"(?:wj|add|nd|tl|qs|qac|qt|sig|ndx|bk|pn|png|k|w|wg|wh|wa|sc|it|bd|bdit|em|no|sup|ord"
    r"|sls|dc|pro|addpn|lik|liv\d?|litl|rb|fv|jmp)"
)
# Character markers whose text is not verse text, with their own closing marker.
_SKIPPED_CHARACTERS = re.compile(r"(?:f|fe|ef|x|ex|fig|va|vp|ca|cat|rq|ior|iqt)")
# Footnote and cross-reference parts: only ever inside a skipped note.
_NOTE_PARTS = re.compile(r"(?:fr|fq|fqa|fk|ft|fl|fw|fp|fv|fdc|fm|xo|xk|xq|xt|xta|xop|xot|xnt|xdc)")

_SPACES = re.compile(r"[ \t\r\n]+")  # not "~", USFM's no-break space
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # a tab or line end is a space
MAX_VERSE = 2_000  # characters of one verse's text: the longest in any Bible has about 600
_TOKEN = re.compile(r"\\(\+?)([a-z][a-z0-9]*|[a-z]*)(\*?)|([^\\]+)")
_NUMBER = re.compile(r"\s*(\d{1,3})(?:-(\d{1,3}))?[a-z]?(?=\s|$)")
_CODE = re.compile(r"\s*([A-Z0-9]{3})(?=\s|$)")


class USFMError(Exception):
    """A file studybook cannot read as USFM, with the line it stopped at."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass
class _Reader:
    """Where the reader is: the book, chapter and verse the next words belong to."""

    verses: dict[tuple[Book, int, int], list[str]]
    joined: set[tuple[Book, int, int]]
    book: Book | None = None
    other: bool = False  # inside a book studybook cannot cite: read, but kept nowhere
    chapter: int = 0
    verse: int = 0
    skipping: str = ""  # the note or other marker whose text is left out, until it closes
    heading: bool = False  # a title or heading line: left out up to the end of the line
    open: Counter[str] = field(default_factory=Counter)  # character markers open, by name
    resume: int = 0  # where text resumes after a chapter or verse number
    starts: dict[tuple[Book, int, int], tuple[int, int]] = field(default_factory=dict)
    # each verse's line, and how many verses it holds ("\\v 1-3" holds three)


def read_usfm(text: str) -> tuple[dict[tuple[Book, int, int], str], set[tuple[Book, int, int]]]:
    """Every verse of a USFM text by (book, chapter, verse), and the verses that a "\\v 1-2"
    joins into the one it starts with (present in the file, printed with that verse)."""
    text = text.removeprefix("\ufeff")
    if control := _CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        message = f"a control character (U+{ord(control[0]):04X}) in the text"
        raise USFMError(line, message, "remove it: it has no place in printed text")
    reader = _Reader({}, set())
    line = 1
    for token in _TOKEN.finditer(text):
        _, name, end, words = token.groups()
        if words is None:
            _marker(reader, name, bool(end), text, token.end(), line)
        elif not reader.skipping:
            _words(reader, text[max(token.start(), reader.resume) : token.end()])
        line += token.group().count("\n")
    if reader.skipping:
        raise USFMError(line, f"\\{reader.skipping} is never closed", _close(reader.skipping))
    if not reader.verses:
        raise USFMError(line, "no verses in this file", "check that it is a USFM file")
    verses = {
        where: _SPACES.sub(" ", "".join(parts)).strip() for where, parts in reader.verses.items()
    }
    for where, (line, count) in reader.starts.items():
        if len(words := verses[where]) > MAX_VERSE * count:
            message = (
                f"verse {where[1]}:{where[2]} is {len(words):,} characters long, more than "
                f"the {MAX_VERSE * count:,} a verse may hold"
            )
            raise USFMError(line, message, 'check for a missing "\\v" marker after it')
    return verses, reader.joined


def _words(reader: _Reader, words: str) -> None:
    """Text between markers: a verse's words, unless it finishes a heading's line."""
    if reader.heading:
        if "\n" not in words:
            return
        reader.heading = False
        words = words.split("\n", 1)[1]
    if reader.verse and not reader.other:
        words = words.split("|", 1)[0]  # "\\w grace|lemma="grace"\\w*": the word only
        words = words.replace("~", "\u00a0").replace("//", "")
        reader.verses[(reader.book, reader.chapter, reader.verse)].append(words)


def _marker(reader: _Reader, name: str, end: bool, text: str, at: int, line: int) -> None:
    """Act on one marker: a book, chapter or verse starts, or a note or heading is left out."""
    if reader.skipping:
        if name == reader.skipping and end:
            reader.skipping = ""
        elif name in ("c", "v", "id", "p", "q", "q1", "m"):
            raise USFMError(
                line, f"\\{reader.skipping} is not closed before \\{name}", _close(reader.skipping)
            )
        return
    reader.heading = False
    if name == "id":
        _book(reader, text, at, line)
    elif name == "c":
        if reader.book is None and not reader.other:
            raise USFMError(line, "a chapter before any book", 'start each book with "\\id"')
        reader.chapter, _ = _number(reader, text, at, line, "\\c")
        reader.verse = 0
    elif name == "v":
        _verse(reader, text, at, line)
    elif end:
        if not reader.open[name]:
            raise USFMError(line, f"\\{name}* closes nothing that is open", "remove it")
        reader.open[name] -= 1
    elif _SKIPPED_CHARACTERS.fullmatch(name):
        reader.skipping = name
    elif _VERSE_PARAGRAPHS.fullmatch(name):
        _words(reader, " ")
    elif _SKIPPED_PARAGRAPHS.fullmatch(name) or name.startswith("z"):
        reader.heading = True  # "\\z…" markers are a project's own: never verse text
    elif _NOTE_PARTS.fullmatch(name):
        raise USFMError(line, f"\\{name} outside a footnote", "put it inside \\f … \\f*")
    elif _KEPT_CHARACTERS.fullmatch(name):
        reader.open[name] += 1
    else:
        raise USFMError(line, f"unknown marker \\{name}", "check the marker against USFM 3")


def _book(reader: _Reader, text: str, at: int, line: int) -> None:
    code = _CODE.match(text, at)
    if code is None:
        raise USFMError(line, "\\id has no book code", 'write the book code, e.g. "\\id JHN"')
    if code[1] not in canon.USFM and code[1] not in OTHER_CODES:
        raise USFMError(line, f"unknown book code {code[1]}", "use a USFM book code like JHN")
    if canon.USFM.get(code[1]) in {book for book, _, _ in reader.verses}:
        raise USFMError(line, f"the book {code[1]} appears twice", "keep one copy of it")
    reader.other = code[1] in OTHER_CODES
    reader.book = canon.USFM.get(code[1])
    reader.chapter = reader.verse = 0
    reader.heading = True  # the rest of the line describes the file


def _verse(reader: _Reader, text: str, at: int, line: int) -> None:
    first, last = _number(reader, text, at, line, "\\v")
    if reader.chapter == 0:
        raise USFMError(line, f"verse {first} before any chapter", 'add "\\c 1" before it')
    reader.verse = first
    if not reader.other:
        reader.starts[(reader.book, reader.chapter, first)] = line, last - first + 1
    for verse in range(first, last + 1) if not reader.other else ():
        where = (reader.book, reader.chapter, verse)
        if where in reader.verses:
            message = f"verse {reader.chapter}:{verse} appears twice"
            raise USFMError(line, message, "remove one of them")
        reader.verses[where] = []
        if verse > first:
            reader.joined.add(where)


def _number(reader: _Reader, text: str, at: int, line: int, marker: str) -> tuple[int, int]:
    """The number after "\\c" or "\\v" ("16", or "1-2" for joined verses); text goes on
    after it."""
    number = _NUMBER.match(text, at)
    if number is None or int(number[1]) == 0:
        raise USFMError(line, f"{marker} without a number", f'write it like "{marker} 1"')
    first = int(number[1])
    last = int(number[2]) if number[2] else first
    if last < first:
        raise USFMError(line, f"{marker} {first}-{last} runs backwards", "write the lower first")
    reader.resume = number.end()
    return first, last


def _close(marker: str) -> str:
    return f"close it with \\{marker}*"


# A whole Bible in USFM is 4 to 8 MB; a file or folder past these limits is refused unread.
MAX_FILE = 16 * 1024 * 1024
MAX_FILES = 200
USFM_SUFFIXES = (".usfm", ".sfm")


def read_project_bible(path: Path, project: Path) -> dict[int, str]:
    """The verses of a USFM file, or of every USFM file in a folder (one book each, as
    Paratext and ebible.org give them), by verse number (canon.verse_id); JOINED ("") for a verse
    joined into the one before it. Files are read only inside the project, within limits.

    Raises Unreadable for a file that cannot be used, and BadFile for one that is not USFM.
    """
    files = _usfm_files(path, project)
    verses: dict[int, str] = {}
    total = 0
    for file in files:
        try:
            data = read_inside(file, project, MAX_FILE)
        except Unreadable as err:  # in a folder, say which of its files
            named = f"{file.name}: {err.message}" if file != path else err.message
            raise Unreadable(named, err.hint) from None
        total += len(data)
        if total > MAX_FILE * 2:
            raise Unreadable(
                f"the USFM files hold more than {MAX_FILE * 2:,} bytes",
                "keep one Bible in the folder",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise BadFile(
                file, USFMError(line, "this is not UTF-8 text", "save the file as UTF-8")
            ) from None
        try:
            found, joined = read_usfm(text)
        except USFMError as err:
            raise BadFile(file, err) from None
        for (book, chapter, verse), words in found.items():
            verse_id = canon.verse_id(book, chapter, verse)
            if verse_id in verses:
                message = f"{_CODE_OF[book]} {chapter}:{verse} is in two files"
                raise BadFile(file, USFMError(1, message, "keep one copy of each book"))
            verses[verse_id] = JOINED if (book, chapter, verse) in joined else words
    return verses


class BadFile(Exception):
    """A USFM error in one file of a project's Bible."""

    def __init__(self, file: Path, error: USFMError) -> None:
        super().__init__(error.message)
        self.file = file
        self.error = error


def _usfm_files(path: Path, project: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    files = sorted(
        p for p in path.iterdir() if p.suffix.lower() in USFM_SUFFIXES and not p.is_dir()
    )
    if not files:
        raise Unreadable("no .usfm or .sfm files in this folder", "put the Bible's USFM files here")
    if len(files) > MAX_FILES:
        raise Unreadable(f"more than {MAX_FILES} USFM files", "keep one Bible in the folder")
    return files


@dataclass(frozen=True)
class FileTranslation(Numbered):
    """A church's own translation, read from USFM in the project, with the name,
    abbreviation and copyright notice its licence asks to be printed."""

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
