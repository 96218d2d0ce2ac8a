"""The book names and reference words of a language, read from its table in books/.

Each table is plain data (see books/en.toml); this module turns it into lookups and into the
regular expression that finds reference-like text. The expression is built on first use,
so commands that never read a reference never pay for it.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale

from .canon import Book

TABLES = Path(__file__).parent / "books"
DEFAULT_LANGUAGE = "en"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
SPACE = r"[ \t\u00a0]"


@dataclass(frozen=True)
class BookName:
    """How a book is printed: its name, and the label of a reference to one chapter or more."""

    name: str
    label: str
    plural: str


def _normal(name: str) -> str:
    """A name as the lookups key it: lower case, single spaces, no final period."""
    return " ".join(name.lower().rstrip(".").split())


def _folded(name: str) -> str:
    """A name without its accents too: "Éxodo", "exodo" and "EXODO." are one name."""
    return _unaccented(_normal(name))


def _unaccented(text: str) -> str:
    letters = unicodedata.normalize("NFD", text)
    return "".join(c for c in letters if not unicodedata.combining(c))


@dataclass(frozen=True)
class Style:
    """How a language prints the numbers of a reference: "John 3:16, 18; 4:2" in English,
    "Johannes 3,16.18; 4,2" in German."""

    chapter_verse: str = ":"
    verse_list: str = ", "  # more verses of the same chapter
    chapter_list: str = "; "  # a verse of another chapter
    chapters: str = ", "  # more whole chapters ("Psalms 23, 91")


class Names:
    """One language's book names and the words that surround references."""

    def __init__(self, code: str, table: dict[str, Any]) -> None:
        self.code = code
        self.style = Style(**table.get("print", {}))
        self.numbers: dict[str, list[str]] = table["numbers"]
        self.words: dict[str, list[str]] = table["words"]
        self._word_sets = {kind: {_folded(w) for w in words} for kind, words in self.words.items()}
        self._ordinal_forms: dict[str, list[str]] = table["ordinals"]
        self.ordinals = {
            _folded(form): int(number)
            for number, forms in table["ordinals"].items()
            for form in forms
        }
        self.books: dict[Book, BookName] = {}
        self.full_names: set[tuple[int, str]] = set()
        self._lookup: dict[tuple[int, str], Book] = {}
        # The same without accents; None where that makes two books one ("Jó", "Jo").
        self._folded: dict[tuple[int, str], Book | None] = {}
        self._forms: dict[str, set[str]] = {}  # folded name → the spellings in the table
        self._spellings: set[str] = set()  # every spelling, lower case, with and without accents
        for key, entry in table["books"].items():
            name = entry["name"]
            book = Book[key]
            self.books[book] = BookName(name, entry.get("label", name), entry.get("plural", name))
            self._add(book, entry)

    def _add(self, book: Book, entry: dict[str, Any]) -> None:
        """A book's names; a numbered book's (1 Samuel) go after an ordinal, except its
        `unnumbered` ones (German "Genesis" beside "1. Mose")."""
        ordinal = entry.get("ordinal", 0)
        base = entry["name"].split(" ", 1)[1] if ordinal else entry["name"]
        full = [base, entry.get("label", base), entry.get("plural", base)]
        named = [(ordinal, name) for name in [*full, *entry["names"]]]
        for number, name in [*named, *((0, name) for name in entry.get("unnumbered", []))]:
            key, folded = (number, _normal(name)), (number, _folded(name))
            if self._lookup.setdefault(key, book) != book:
                raise ValueError(f"book name {name!r} names two books")
            if self._folded.setdefault(folded, book) != book:
                self._folded[folded] = None
            self._forms.setdefault(folded[1], set()).add(name)
            self._spellings.update({key[1], folded[1]})
        self.full_names.update((ordinal, _folded(name)) for name in full)

    def book(self, ordinal: str | None, name: str) -> Book | None:
        """The book a written name (and ordinal, e.g. "1", "First") stands for, if any."""
        number = self.ordinals.get(_folded(ordinal), -1) if ordinal else 0
        exact = self._lookup.get((number, _normal(name)))
        return exact or self._folded.get((number, _folded(name)))

    def needs_ordinal(self, name: str) -> bool:
        """Whether a name belongs only to numbered books ("Corinthians", "Kings")."""
        return any((n, _folded(name)) in self._folded for n in set(self.ordinals.values()))

    def is_abbreviation(self, name: str) -> bool:
        """Whether a name is a short form ("Gen"), as opposed to a book's name ("Genesis")."""
        numbers = {0, *self.ordinals.values()}
        return not any((n, _folded(name)) in self.full_names for n in numbers)

    def written_as_in_prose(self, name: str) -> bool:
        """Whether prose spells a name the way book names are spelled: capitalised ("Gen",
        "JOHN"), but never "john", nor two capitals ("PM", "PS") unless the table has them."""
        letters = name.replace(" ", "")
        return name[0].isupper() and (
            not letters.isupper() or len(letters) > 2 or name in self._forms.get(_folded(name), ())
        )

    def uses_clock(self, numbers: str) -> bool:
        """Whether a chapter and verse are written the way this language writes a time of
        day rather than a reference (German "Mi 19:30" is Wednesday, "Mi 7,15" Micah)."""
        return any(sep in numbers for sep in self.numbers.get("clock", []))

    def label(self, book: Book, *, plural: bool = False) -> str:
        names = self.books[book]
        return names.plural if plural else names.label

    def name(self, book: Book) -> str:
        return self.books[book].name

    @lru_cache(maxsize=4096)  # noqa: B019 - one Names per language, kept for the whole run
    def suggestion(self, word: str) -> str | None:
        """The book a misspelt or cut-off name most likely means ("Phillipians", "Matth")."""
        names = {_folded(n.name): n.name for n in self.books.values()}
        close = difflib.get_close_matches(_folded(word), names, n=1, cutoff=0.75)
        return self.truncated(word) or (names[close[0]] if close else None)

    def truncated(self, word: str) -> str | None:
        """The one book whose name a word cuts off two or more letters early ("Matth")."""
        key = _folded(word)
        found = {
            n.name
            for n in self.books.values()
            if len(key) >= 3 and _folded(n.name).startswith(key) and len(n.name) - len(key) >= 2
        }
        return found.pop() if len(found) == 1 else None

    def foreign(self, word: str) -> tuple[str, str | None] | None:
        """Where another language's table names a book this one does not ("John" in a
        Spanish study): that language's name in English, and this language's name for the
        book (None if it has none, or numbers it otherwise).
        Short forms count only when longer than three letters and no ordinary word."""
        for code in sorted(languages(), key=lambda c: c != DEFAULT_LANGUAGE):  # English first
            other = _names(code)
            found = [other.book(n, word) for n in (None, "1")] if code != self.code else []
            book = next((b for b in found if isinstance(b, Book)), None)
            plain = len(word) > 3 or not other.is_abbreviation(word)
            if book and plain and not other.is_word("ordinary_words", word):
                name = self.name(book) if book in self.books else ""
                if found[0] is not None:
                    return language_name(code), name or None
                # "Timoteo" for "Timothy": the number is written; none where this language
                # numbers the book otherwise (1 Esdras is the Luther Bible's "3. Esra").
                number, _, base = name.partition(" ")
                return language_name(code), base if number.rstrip(".") == "1" else None
        return None

    def is_word(self, kind: str, word: str) -> bool:
        """Whether a word is one of the table's words of a kind (e.g. "see", "not_books")."""
        return _folded(word) in self._word_sets[kind]

    @cached_property
    def anchor(self) -> re.Pattern[str]:
        """Where reference-like text may start: a book name, a verse word ("vv.", "v12"), a
        chapter word ("ch. 6"), a bare chapter and verse, numbers in brackets ("(6-13)"), a
        capitalised unknown word before a chapter and verse, or a reading word before a
        capitalised word without numbers ("Read Matth")."""
        cv = _alternatives(self.numbers["chapter_verse"])
        forms = {f for written in self._ordinal_forms.values() for f in written}
        ordinals = sorted(forms, key=len, reverse=True)
        spelled = "|".join(re.escape(o) for o in ordinals if not o[0].isdigit())
        digits = "|".join(re.escape(o) for o in ordinals if o[0].isdigit())
        verse_words = _alternatives(self.words["verse"], word=True)
        chapter_words = _alternatives(self.words["chapter"], word=True)
        read = _alternatives(self.words["read"], word=True)
        saints = _alternatives(self.words["saint"], word=True)
        names = _trie_pattern(self._spellings)
        return re.compile(
            rf"(?<![\w])(?:"
            rf"(?P<chapter>{chapter_words})(?={SPACE}*\d)"
            rf"|(?:{saints}{SPACE}+(?=[^\W\d_]))?"
            rf"(?:(?P<ordinal>(?:{spelled})(?={SPACE})|{digits}){SPACE}*)?"
            rf"(?P<name>{names})(?![^\W\d_])"
            rf"|(?P<verse>{verse_words})"
            rf"|(?P<bare>\d+(?:{cv})\d)"
            rf"|(?P<bracket>[(\[]){SPACE}*(?=\d)"
            rf"|(?-i:(?P<unknown>{_CAPITAL}{_SMALL}+))(?=\.?{SPACE}?\d+(?:{cv})\d)"
            rf"|(?:{read}){SPACE}+(?-i:(?P<read>{_CAPITAL}{_SMALL}+))(?![\w'’])(?!\.?{SPACE}*\d)"
            rf")",
            re.IGNORECASE,
        )

    @cached_property
    def separator_words(self) -> set[str]:
        """What may stand between the references of a field: ",", ";", "and"."""
        words = self.numbers["verse_list"] + self.numbers["list"] + self.numbers["and"]
        return {w.lower() for w in words}

    @cached_property
    def separator(self) -> re.Pattern[str]:
        """What joins the parts of one reference: "3:16, 18", "3:16; 4:2", "vv. 4 and 8",
        "23, 46, and 91", "10+ 11"."""
        separators = self.numbers["verse_list"] + self.numbers["list"]
        tight = [s for s in separators if s == "."]  # "Mt 5,3.5", never "… 5. 17 people"
        lists = _alternatives([s for s in separators if s not in tight])
        words = [w for w in self.numbers["and"] if w[0].isalpha()]
        signs = _alternatives([w for w in self.numbers["and"] if not w[0].isalpha()] + ["+"])
        return re.compile(
            rf"{SPACE}*(?P<sep>{lists}){SPACE}*(?=\d)"
            + (rf"|(?P<tight>{_alternatives(tight)})(?=\d)" if tight else "")
            + rf"|(?:{SPACE}*,)?{SPACE}+(?P<and>{_alternatives(words, word=True)}){SPACE}+(?=\d)"
            + rf"|(?:{SPACE}*,)?{SPACE}*(?P<sign>{signs}){SPACE}*(?=\d)",
            re.IGNORECASE,
        )

    @cached_property
    def spaced_list(self) -> re.Pattern[str]:
        """A period and a space between verses where a lectionary writes them ("Jos 24,1-2a.
        15-17. 18b"): only before a range or a part of a verse, never "… 5. 17 people"."""
        if "." not in self.numbers["verse_list"]:
            return re.compile("(?!)")
        parts = _alternatives(self.numbers["parts"])
        return re.compile(
            rf"\.{SPACE}(?P<sep>)(?=\d+(?:[{DASHES}]\d|(?:{parts})(?![^\W\d_])))", re.IGNORECASE
        )

    def following(self, written: str) -> str:
        """ "f" for a sign that adds the next verse (English "16f", Spanish "16s"), "ff" for
        one that adds an unsaid number of them ("16ff", "16ss", "and following", "8+")."""
        key = _folded(written.rstrip("."))
        return "f" if key in map(_folded, self.numbers["follow_one"]) else "ff"

    def item(
        self, *, loose: bool, comma: bool = False, cv: str | None = None, verses: bool = False
    ) -> re.Pattern[str]:
        """One chapter-and-verse item. `loose` also allows spaces around a colon ("17: 1-8",
        "2 : 5"), and `comma` a space after a comma between chapter and verse ("Jn 8, 51");
        `cv`, the separator the reference already used, is then the only one ("34.1-2,15"
        lists verse 15); after a verse word (`verses`) only a colon separates a chapter
        ("verset 1 : 27")."""
        separators = [cv] if cv else self.numbers["chapter_verse"]
        if verses:  # "Vers 27 und 2,5" in German; "vv. 4-5,8" in Spanish lists verses
            own = self.style.chapter_verse if self.style.chapter_verse != ":" else None
            separators = [s for s in separators if s in (":", own)]
        return _compiled(self._item_pattern(loose, comma, tuple(separators)))

    @cached_property
    def verse_after(self) -> re.Pattern[str]:
        """A verse word after a chapter: "Genesis 15, verse 7", "Mark chapter 8 verse 29"."""
        words = _alternatives(self.words["verse"], word=True)
        return re.compile(rf"{SPACE}*,?{SPACE}*(?:{words}){SPACE}*(?=\d)", re.IGNORECASE)

    @cached_property
    def of_book(self) -> re.Pattern[str]:
        """What joins chapters to the book they are of: "chapter 47 of Genesis"."""
        words = _alternatives(self.words["of"], word=True)
        return re.compile(rf"{SPACE}+(?:{words}){SPACE}+", re.IGNORECASE)

    def chapter_verse_used(self, match: re.Match[str]) -> str | None:
        """The separator an item used between chapter and verse, if any."""
        return match["cv"]

    def _item_pattern(self, loose: bool, comma: bool, separators: tuple[str, ...]) -> str:
        options = []
        for sep in separators:
            before = f"{SPACE}?" if loose and sep == ":" else ""
            after = f"{SPACE}*" if (loose and sep == ":") or (comma and sep == ",") else ""
            options.append(f"{before}{re.escape(sep)}{after}(?=\\d)")
        cv = "|".join(options) or "(?!)"
        number = r"\d+(?!\d)"
        part = f"(?:{_alternatives(self.numbers['parts'])}){{1,2}}(?![^\\W\\d_])"
        follow = _alternatives(self.numbers["follow_one"] + self.numbers["follow_more"])
        tight = "|".join(f"{re.escape(s)}(?=\\d)" for s in separators) or "(?!)"
        through = _alternatives(self.numbers["through"], word=True)
        end = _alternatives(self.numbers["end"], word=True)
        verse_words = _alternatives(self.words["verse"])  # "Romans 8vv12-end"
        dash = f"(?:{SPACE}*[{DASHES}~]{SPACE}*|{SPACE}*(?-i:{through}){SPACE}*)"
        # The end of a range takes the separator its start took ("3:1-5, 9-11" is two ranges).
        return (
            rf"(?P<a>{number})(?:(?P<cv>{cv})(?P<b>{number}))?(?P<p1>{part})?"
            rf"(?:{dash}(?:(?P<c>{number})(?:(?(cv)(?P=cv)|(?:{tight}))(?P<d>{number}))?(?P<p2>{part})?"
            rf"|(?P<end>{end}))"
            rf"|(?P<follow>{SPACE}?(?:{follow})\.?)(?!{SPACE}*\d))?"
            rf"(?:(?!\w)|(?<=\d)(?=[^\W\d_]{{3}}|(?:{verse_words})\d))"
        )

    @cached_property
    def unfinished(self) -> re.Pattern[str]:
        """A chapter-and-verse separator and digit where numbers were read to an end: what
        came before was not a reference ("9:30am")."""
        return re.compile(f"(?:{_alternatives(self.numbers['chapter_verse'])})\\d")


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _alternatives(words: list[str], *, word: bool = False) -> str:
    """A regex alternation of literal words, longest first; `word` keeps them whole."""
    escaped = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return f"(?:{escaped})(?![^\\W\\d_])" if word else escaped


def _trie_pattern(words: Any) -> str:
    """A regex matching any of the words, built as a trie so that matching never tries the
    words one by one; the longest match is preferred. Spaces match any run of spaces."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [
            (f"{SPACE}+" if char == " " else re.escape(char)) + pattern(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


# A capitalised word of a Latin-script language ("Matth", "Sábado", "Öffne").
_CAPITAL = "[A-ZÀ-ÖØ-Þ]"
_SMALL = "[a-zß-öø-ÿ]"


@cache
def names_for(language: str) -> Names:
    """The names of a study's language (e.g. "en", "en-GB"), or English if there is no table."""
    code = language.split("-", 1)[0].lower()
    known = code.isalpha() and (TABLES / f"{code}.toml").is_file()
    return _names(code if known else DEFAULT_LANGUAGE)


def language_name(code: str) -> str:
    """A language's name in English, e.g. "Spanish" for "es"."""
    return Locale.parse(code).get_display_name("en")


def languages() -> list[str]:
    """The languages that have a table of book names."""
    return sorted(path.stem for path in TABLES.glob("*.toml"))


@cache
def _names(code: str) -> Names:
    return Names(code, tomllib.loads((TABLES / f"{code}.toml").read_text(encoding="utf-8")))
