"""A study's scripture references: every reference field and every prose string read in
document order, each reference found where it is, with the session's context."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problem
from ..scripture import DEFAULT_LANGUAGE, Citation, Reader, Reference
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
        scan = reader.field(text) if is_reference_field(path) else reader.prose(text)
        if reader is shared:
            leaders.context = shared.context
        for reference in scan.references:
            line, column = document.span(path).at(reference.start)
            citations.append(Citation(reference, session, leader_only, line, column))
        for finding in scan.findings:
            problem = document.problem(path, finding.message, offset=finding.start)
            problems.append(replace(problem, warning=finding.warning))
    return citations, problems


def _main_passage(document: Document, session: int | None, language: str) -> Reference | None:
    """A session's main passage, which references without a book first count from."""
    sessions = document.data.get("sessions")
    if session is None or not isinstance(sessions, list) or not isinstance(sessions[session], dict):
        return None
    passage = sessions[session].get("passage")
    if not isinstance(passage, str):
        return None
    found = Reader(language).field(passage).references
    return found[0] if found else None
