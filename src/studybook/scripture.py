"""Collect a study's scripture references and resolve them into appendix passages."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .booknames import DEFAULT_LANGUAGE
from .errors import Problem
from .model import leader_only_fields
from .references import (
    Reader,
    Reference,
    VerseRange,
    merge_ranges,
    verse_count,
    verses_in_bible,
)
from .verses import Translation, Verse, passage
from .yamlread import Document

# A half-letter appendix page holds about this many verses (measured: Genesis 1–5, Romans
# 1–3 and Psalm 119, 406 verses, fill 18 pages of the built-in layout).
VERSES_PER_PAGE = 22
# Past this size an appendix is more likely a mistake (whole books cited) than a plan.
MAX_APPENDIX_PAGES = 30


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


def collect(document: Document) -> tuple[list[Citation], list[Problem]]:
    """Every reference in `ref` fields and prose, in document order, plus every error and
    warning about them, positioned. References without a book ("vv. 4-8") count from the
    reference before them in the same session."""
    citations: list[Citation] = []
    problems: list[Problem] = []
    hidden = leader_only_fields()
    language = document.data.get("language")
    readers: dict[int | None, Reader] = {}
    for path, text in document.strings():
        session = path[1] if path[:1] == ("sessions",) and len(path) > 1 else None
        if session not in readers:
            readers[session] = Reader(language if isinstance(language, str) else DEFAULT_LANGUAGE)
        reader = readers[session]
        scan = reader.field(text) if path[-1] == "ref" else reader.prose(text)
        leader_only = any(part in hidden for part in path)
        for reference in scan.references:
            line, column = document.span(path).at(reference.start)
            citations.append(Citation(reference, session, leader_only, line, column))
        for finding in scan.findings:
            problem = document.problem(path, finding.message, offset=finding.start)
            problems.append(replace(problem, warning=finding.warning))
    return citations, problems


def appendix(
    citations: Iterable[Citation], translation: Translation, *, leader: bool
) -> list[Passage]:
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


def size_warning(file: str, citations: list[Citation]) -> Problem | None:
    """A warning when the appendix would run to more pages than a study plausibly means,
    placed at the reference that adds the most verses."""
    verses = verse_count(appendix_ranges(citations, leader=True))
    if pages(verses) <= MAX_APPENDIX_PAGES:
        return None
    largest = max(audit(citations), key=lambda row: row.new)
    return Problem(
        file,
        largest.citation.line,
        largest.citation.column,
        f"the appendix would hold {verses:,} verses, about {pages(verses)} pages; "
        f"{largest.citation.reference.label()} alone adds {largest.new:,}",
        "cite the passages the study reads rather than whole chapters or books",
        warning=True,
    )
