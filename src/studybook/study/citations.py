"""A study's scripture references: every reference field and every prose string read in
document order, each reference found where it is, with the session's context."""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import Problem
from ..scripture import DEFAULT_LANGUAGE, Citation, Reader, Reference, Scan
from .model import is_reference_field, leader_only_at
from .readers.document import Document


def collect(document: Document) -> tuple[list[Citation], list[Problem]]:
    """Every reference in `ref` fields and prose, in document order, plus every error and
    warning about them, positioned. References without a book ("vv. 4-8") count from the
    reference before them in the same session, or from its main passage; a session's list
    of readings does not change what they count from."""
    citations: list[Citation] = []
    problems: list[Problem] = []
    language = document.data.get("language")
    language = language if isinstance(language, str) else DEFAULT_LANGUAGE
    # Per session, what relative references count from: one reader for text everyone sees
    # and one for the leader's, so "v. 24" in a handout never counts from a reference that
    # only the leader's answers hold.
    readers: dict[int | None, tuple[Reader, Reader]] = {}
    for path, text in document.strings():
        session = path[1] if path[:1] == ("sessions",) and len(path) > 1 else None
        if session not in readers:
            main = _main_passage(document, session, language)
            readers[session] = Reader(language, main), Reader(language, main)
        shared, leaders = readers[session]
        leader_only = leader_only_at(document.data, path)
        reader = leaders if leader_only else shared
        if path[-2:-1] == ("readings",):  # other passages to read: not what "v. 5" counts from
            reader = Reader(language, reader.context)
        scan, offset = _read(reader, path, text, language)
        if reader is shared:
            leaders.context = shared.context
        for reference in scan.references:
            line, column = document.span(path).at(offset + reference.start)
            citations.append(Citation(reference, session, leader_only, line, column))
        for finding in scan.findings:
            problem = document.problem(path, finding.message, offset=offset + finding.start)
            problems.append(replace(problem, warning=finding.warning))
    return citations, problems


def _read(reader: Reader, path: tuple, text: str, language: str) -> tuple[Scan, int]:
    """The references of one text, and where the part read starts in it. A reference field
    holds references only, except a passage (which may have a caption after its
    references, and brackets around them) and a quotation's source (which may be a
    person: text with nothing like a reference in it)."""
    if not is_reference_field(path):
        return reader.prose(text), 0
    if path[-1] == "passage":
        before, references, _ = passage_parts(text, language)
        return reader.field(references), len(before)
    if path[-1] == "ref" and reader.prose(text) == Scan():
        return Scan(), 0
    return reader.field(text), 0


def passage_parts(text: str, language: str) -> tuple[str, str, str]:
    """A passage as written, in three: what comes before its references (an opening
    bracket), the references, and what follows them (a closing bracket, a caption):
    "Luke 9:28-36 The Transfiguration" → ("", "Luke 9:28-36", " The Transfiguration")."""
    opening = re.match(r"\s*\(?\s*", text)
    start = opening.end() if opening else 0
    found = Reader(language).prose(text[start:]).references
    if not found or found[0].start != 0:
        return "", text, ""
    separators = Reader(language).names.separator_words
    end = found[0].end
    for reference in found[1:]:
        gap = text[start + end : start + reference.start].strip().lower()
        if gap and gap not in separators:
            break
        end = reference.end
    return text[:start], text[start : start + end], text[start + end :]


def _main_passage(document: Document, session: int | None, language: str) -> Reference | None:
    """A session's main passage, which references without a book first count from."""
    sessions = document.data.get("sessions")
    if session is None or not isinstance(sessions, list) or not isinstance(sessions[session], dict):
        return None
    passage = sessions[session].get("passage")
    if not isinstance(passage, str):
        return None
    found = Reader(language).field(passage_parts(passage, language)[1]).references
    return found[0] if found else None
