"""The corpus of real reference strings (tests/data/references/*.yaml, see its README): each
entry read through the real reader in its context, and compared with the verses a careful
editor would print."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from studybook.scripture import Finding, Reader, Reference, VerseRange, canon
from studybook.scripture.canon import Book

CORPUS = Path(__file__).parent / "data" / "references"
LANGUAGES = ("en", "es", "pt", "fr", "de")

# The corpus writes books as OSIS does.
OSIS = {
    "Gen": Book.GENESIS, "Exod": Book.EXODUS, "Lev": Book.LEVITICUS, "Num": Book.NUMBERS,
    "Deut": Book.DEUTERONOMY, "Josh": Book.JOSHUA, "Judg": Book.JUDGES, "Ruth": Book.RUTH,
    "1Sam": Book.SAMUEL_1, "2Sam": Book.SAMUEL_2, "1Kgs": Book.KINGS_1, "2Kgs": Book.KINGS_2,
    "1Chr": Book.CHRONICLES_1, "2Chr": Book.CHRONICLES_2, "Ezra": Book.EZRA,
    "Neh": Book.NEHEMIAH, "Esth": Book.ESTHER, "Job": Book.JOB, "Ps": Book.PSALMS,
    "Prov": Book.PROVERBS, "Eccl": Book.ECCLESIASTES, "Song": Book.SONG_OF_SONGS,
    "Isa": Book.ISAIAH, "Jer": Book.JEREMIAH, "Lam": Book.LAMENTATIONS, "Ezek": Book.EZEKIEL,
    "Dan": Book.DANIEL, "Hos": Book.HOSEA, "Joel": Book.JOEL, "Amos": Book.AMOS,
    "Obad": Book.OBADIAH, "Jonah": Book.JONAH, "Mic": Book.MICAH, "Nah": Book.NAHUM,
    "Hab": Book.HABAKKUK, "Zeph": Book.ZEPHANIAH, "Hag": Book.HAGGAI, "Zech": Book.ZECHARIAH,
    "Mal": Book.MALACHI, "Matt": Book.MATTHEW, "Mark": Book.MARK, "Luke": Book.LUKE,
    "John": Book.JOHN, "Acts": Book.ACTS, "Rom": Book.ROMANS, "1Cor": Book.CORINTHIANS_1,
    "2Cor": Book.CORINTHIANS_2, "Gal": Book.GALATIANS, "Eph": Book.EPHESIANS,
    "Phil": Book.PHILIPPIANS, "Col": Book.COLOSSIANS, "1Thess": Book.THESSALONIANS_1,
    "2Thess": Book.THESSALONIANS_2, "1Tim": Book.TIMOTHY_1, "2Tim": Book.TIMOTHY_2,
    "Titus": Book.TITUS, "Phlm": Book.PHILEMON, "Heb": Book.HEBREWS, "Jas": Book.JAMES,
    "1Pet": Book.PETER_1, "2Pet": Book.PETER_2, "1John": Book.JOHN_1, "2John": Book.JOHN_2,
    "3John": Book.JOHN_3, "Jude": Book.JUDE, "Rev": Book.REVELATION, "Tob": Book.TOBIT,
    "Jdt": Book.JUDITH, "Wis": Book.WISDOM, "Sir": Book.SIRACH, "Bar": Book.BARUCH,
    "1Macc": Book.MACCABEES_1, "2Macc": Book.MACCABEES_2,
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One string of the corpus, where it was read, its context and the verses it names."""

    language: str
    number: int  # its place in the language's file, from 0
    text: str
    source: str
    expect: tuple[VerseRange, ...]  # what a careful editor would print
    printed: tuple[VerseRange, ...]  # what studybook prints: `expect` unless `why` says
    warn: str | None  # why a careful editor wants a warning here; None: no warning
    passage: Reference | None  # the session's passage (the book being studied)
    before: Reference | None  # the nearest earlier reference, in an earlier question

    @property
    def id(self) -> str:
        return f"{self.language}-{self.number}"


@dataclass(frozen=True)
class Outcome:
    """What the reader made of an entry: "exact" (the editor's verses, no warning),
    "warned" (the verses the entry says studybook prints, and the warning it expects),
    "unread" (a form the entry says studybook does not read, and why: printed without
    it, silently) or "wrong" (anything else)."""

    entry: Entry
    verdict: str
    found: tuple[VerseRange, ...]
    findings: tuple[Finding, ...]

    def explain(self) -> str:
        got = ", ".join(_osis(r) for r in self.found) or "nothing"
        wanted = ", ".join(_osis(r) for r in self.entry.printed) or "nothing"
        said = "; ".join(
            f"{'warning' if f.warning else 'error'}: {f.message}" for f in self.findings
        )
        return (
            f"{self.entry.id} {self.entry.text!r}\n  read {got}, expected {wanted}"
            + (f"\n  {said}" if said else "")
            + (f"\n  (a warning is expected: {self.entry.warn})" if self.entry.warn else "")
        )


def entries(language: str) -> list[Entry]:
    """Every entry of a language's file."""
    raw = yaml.safe_load((CORPUS / f"{language}.yaml").read_text(encoding="utf-8"))
    found = []
    for number, e in enumerate(raw):
        passage = e.get("passage") or e.get("book_context")
        found.append(
            Entry(
                language,
                number,
                e["text"],
                e["source"],
                tuple(_range(r) for r in e["expect"]),
                tuple(_range(r) for r in e.get("printed", e["expect"])),
                e.get("warn"),
                _reference(passage, language) if passage else None,
                _reference(e["before"], language) if e.get("before") else None,
            )
        )
    return found


def read(entry: Entry) -> Outcome:
    """An entry read as prose in its session: the passage first, then the reference before it
    in an earlier question."""
    reader = Reader(entry.language, entry.passage)
    if entry.before:
        reader.context = entry.before
    scan = reader.prose(entry.text)
    found = tuple(r for reference in scan.references for r in reference.ranges)
    if found != entry.printed or bool(scan.findings) != bool(entry.warn):
        verdict = "wrong"
    elif scan.findings:
        verdict = "warned"
    else:
        verdict = "exact" if entry.printed == entry.expect else "unread"
    return Outcome(entry, verdict, found, scan.findings)


def _range(osis: str) -> VerseRange:
    """ "Rom.8.1-Rom.8.4", "Rom.8", "Ps.23-Ps.24" as a verse range."""
    first, _, last = osis.partition("-")
    book, sc, sv = _point(first)
    _, ec, ev = _point(last or first)
    end = ev if ev is not None else canon.verses(book, ec)
    return VerseRange(book, sc, sv or 1, ec, end)


def _point(osis: str) -> tuple[Book, int, int | None]:
    book, chapter, *verse = osis.split(".")
    return OSIS[book], int(chapter), int(verse[0]) if verse else None


def _reference(osis: str, language: str) -> Reference:
    """A passage or earlier reference: a book alone is the whole book."""
    ranges = []
    for part in str(osis).split(","):
        part = part.strip()
        if "." not in part:
            book = OSIS[part]
            last = canon.chapters(book)
            ranges.append(VerseRange(book, 1, 1, last, canon.verses(book, last)))
        else:
            ranges.append(_range(part))
    return Reference(osis, 0, len(osis), tuple(ranges), language)


def _osis(r: VerseRange) -> str:
    book = next(code for code, b in OSIS.items() if b is r.book)
    return f"{book}.{r.start_chapter}.{r.start_verse}-{r.end_chapter}.{r.end_verse}"
