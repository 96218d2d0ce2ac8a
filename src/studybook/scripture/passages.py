"""The appendix: a study's citations merged into passages with their text, their size
audited, and what a translation cannot print of them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import Problem
from ..resources import unprintable
from . import canon
from .bible import Bible, Verse, passage
from .canon import Book
from .find import Reader
from .names import DEFAULT_LANGUAGE, names_for
from .ranges import Reference, VerseRange, merge_ranges, verse_count, verses_in_bible
from .usfm import FileTranslation

# 1–3 and Psalm 119, 406 verses, fill 18 pages of the built-in layout).
VERSES_PER_PAGE = 22
# Past this size an appendix is more likely a mistake (whole books cited) than a plan.
MAX_APPENDIX_PAGES = 30
# Past this, no study may go: it bounds the time and memory a build takes (about 140 pages).
MAX_APPENDIX_VERSES = 3_000


@dataclass(frozen=True)
class Citation:
    """A reference, where it is, the session it appears in, and whether only leaders see it."""

    reference: Reference
    session: int | None
    leader_only: bool
    line: int
    column: int


@dataclass(frozen=True)
class Passage:
    """One merged range of verses with their text, ready for the appendix."""

    range: VerseRange
    verses: list[Verse]
    language: str = DEFAULT_LANGUAGE  # the study's: its book names label the passage

    @property
    def label(self) -> str:
        return self.range.label(self.language)


@dataclass(frozen=True)
class Audited:
    """A citation with the verses it names and how many of them no earlier one named."""

    citation: Citation
    verses: int
    new: int


def appendix(citations: Iterable[Citation], translation: Bible, *, leader: bool) -> list[Passage]:
    """Merged passages in canonical order, with text, labelled in the study's language;
    leader-only references only for leaders."""
    citations = list(citations)
    language = citations[0].reference.language if citations else DEFAULT_LANGUAGE
    return [
        Passage(r, passage(r, translation), language)
        for r in appendix_ranges(citations, leader=leader)
    ]


def appendix_ranges(citations: Iterable[Citation], *, leader: bool) -> list[VerseRange]:
    """The merged ranges an edition's appendix prints."""
    return merge_ranges(
        r for c in citations if leader or not c.leader_only for r in c.reference.ranges
    )


def audit(citations: Iterable[Citation]) -> list[Audited]:
    """Each citation in document order with its verse count and the verses it adds."""
    seen = bytearray(verses_in_bible())  # 1 for each verse an earlier citation named
    rows = []
    for citation in citations:
        new = 0
        for r in merge_ranges(citation.reference.ranges):
            where = slice(r.positions().start, r.positions().stop)
            new += seen[where].count(0)
            seen[where] = b"\x01" * len(r.positions())
        rows.append(Audited(citation, verse_count(citation.reference.ranges), new))
    return rows


def pages(verses: int) -> int:
    """About how many appendix pages a number of verses fills."""
    return math.ceil(verses / VERSES_PER_PAGE)


def size_problem(file: str, citations: list[Citation]) -> Problem | None:
    """A warning when the appendix would run to more pages than a study plausibly means,
    and a problem past what any study may print (MAX_APPENDIX_VERSES), placed at the
    reference that adds the most verses."""
    verses = verse_count(appendix_ranges(citations, leader=True))
    if pages(verses) <= MAX_APPENDIX_PAGES:
        return None
    largest = max(audit(citations), key=lambda row: row.new)
    size = f"the appendix would hold {verses:,} verses, about {pages(verses):,} pages"
    adds = f"{largest.citation.reference.label()} alone adds {largest.new:,}"
    hint = "cite the passages the study reads rather than whole chapters or books"
    too_many = verses > MAX_APPENDIX_VERSES
    if too_many:
        size += f", more than the {MAX_APPENDIX_VERSES:,} a study may print"
    where = (file, largest.citation.line, largest.citation.column)
    return Problem(*where, f"{size}; {adds}", hint, warning=not too_many)


def verse_text(reference: str, translation: Bible, language: str) -> str | None:
    """The text of a reference in a translation, its verses joined (None if it has none)."""
    ranges = [r for found in Reader(language).field(reference).references for r in found.ranges]
    texts = [v.text for r in ranges for v in passage(r, translation) if v.text]
    return " ".join(texts) or None


def unprinted(file: str, citations: Iterable[Citation], translation: Bible) -> list[Problem]:
    """What a translation cannot print, at each reference: an error when it lacks the book
    (a New Testament has no Exodus, a Protestant Bible no Tobit), numbers a verse past the
    end of its chapter, or, for the church's own file, lacks any verse; a warning when a
    published text lacks a verse within a chapter (the appendix says which); and an error
    when the bundled fonts cannot print its text (a Bible in Hebrew letters)."""
    problems = []
    own = isinstance(translation, FileTranslation)
    name = f"{translation.name} ({translation.abbreviation})"
    for citation in citations:
        reference = citation.reference
        verses = [(r.book, v) for r in reference.ranges for v in passage(r, translation)]
        where = (file, citation.line, citation.column)
        texts = (v.text for _, v in verses if v.text)
        if found := next(filter(None, map(unprintable, texts)), None):
            message = f"{reference.label()} in the {name}: {found[0]}"
            hint = "print the study from a translation in Latin, Greek or Cyrillic letters"
            problems.append(Problem(*where, message, hint))
        missing = [(book, v) for book, v in verses if v.text is None]
        if not missing:
            continue
        book, verse = missing[0]
        first = _verse_label(book, verse, reference.language)
        if len(verses) > 1:  # "Psalm 23: Psalm 23:4", but never "John 3:16: John 3:16"
            first = f"{reference.label()}: {first}"
        last = translation.last_verse(book, verse.chapter)
        if len(missing) == len(verses) and (own or not translation.has_book(book)):
            message = f"{reference.label()} is not in the {name}"
            problems.append(Problem(*where, message, _lacking_hint(translation, book)))
        elif own:
            message = f"{first} is not in {translation.file}"
            hint = "add the verse to the file, or cite only the verses it has"
            problems.append(Problem(*where, message, hint))
        elif not last or verse.verse > last:  # numbered otherwise (Malachi 4 is 3:19-24)
            names = names_for(reference.language)
            chapter = f"{names.label(book)} {verse.chapter}"
            ends = (
                f"{chapter} ends at verse {last}"
                if last
                else f"{names.name(book)} has no chapter {verse.chapter}"
            )
            message = f"{first} is not in the {name}: its {ends}"
            hint = f"cite the verses as the {translation.abbreviation} numbers them"
            problems.append(Problem(*where, message, hint))
        else:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            message = f"{first}{more} is not in the {name}"
            hint = "the appendix notes it; another translation may have it"
            problems.append(Problem(*where, message, hint, warning=True))
    return problems


def _lacking_hint(translation: Bible, book: Book) -> str:
    """What to do about a reference to a book a translation does not have."""
    if isinstance(translation, FileTranslation):
        return f"add it to {translation.file}, or cite another passage"
    if canon.is_deuterocanonical(book):
        return (
            "this book is in Catholic and Orthodox Bibles: print the study from one, such as "
            "a SWORD module or your church's own Bible as USFM (see the manual), or cite "
            "another passage"
        )
    return "choose a translation that has it (see the manual), or another passage"


def _verse_label(book, verse: Verse, language: str) -> str:
    return VerseRange(book, verse.chapter, verse.verse, verse.chapter, verse.verse).label(language)
