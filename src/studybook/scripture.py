"""Collect a study's scripture references and resolve them into appendix passages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Problem
from .model import leader_only_fields
from .references import (
    BadReference,
    Reference,
    VerseRange,
    find_references,
    merge_ranges,
    parse_reference,
)
from .verses import Translation, Verse, passage
from .yamlread import Document


@dataclass(frozen=True)
class Citation:
    """A reference, the session it appears in, and whether only leaders see it."""

    reference: Reference
    session: int | None
    leader_only: bool


@dataclass(frozen=True)
class Passage:
    """One merged range of verses with their text, ready for the appendix."""

    range: VerseRange
    verses: list[Verse]

    @property
    def label(self) -> str:
        return self.range.label()


def collect(document: Document) -> tuple[list[Citation], list[Problem]]:
    """Every reference in explicit `ref` fields and in prose, plus every bad one, positioned."""
    citations: list[Citation] = []
    problems: list[Problem] = []
    hidden = leader_only_fields()
    for path, text in document.strings():
        session = path[1] if path[:1] == ("sessions",) and len(path) > 1 else None
        leader_only = any(part in hidden for part in path)
        if path[-1] == "ref":
            try:
                found, bad = [parse_reference(text)], []
            except BadReference as err:
                found, bad = [], [err]
        else:
            found, bad = find_references(text)
        citations += [Citation(ref, session, leader_only) for ref in found]
        problems += [document.problem(path, err.message, offset=err.start) for err in bad]
    return citations, problems


def appendix(
    citations: Iterable[Citation], translation: Translation, *, leader: bool
) -> list[Passage]:
    """Merged passages in canonical order, with text; leader-only references only for leaders."""
    ranges = merge_ranges(
        r for c in citations if leader or not c.leader_only for r in c.reference.ranges
    )
    return [Passage(r, passage(r, translation)) for r in ranges]
