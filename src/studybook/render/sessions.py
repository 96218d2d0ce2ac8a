"""A session as the layouts see it: blocks with their question numbers, verse texts and
anchors, the leader's plan, and the journal days."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from typing import Any

from ..settings import journal_date, session_date
from ..study import Block, Part, Question, Session, Verse, plain_text

VerseText = Callable[[str], str | None]  # a reference's text in the build's translation


def session_view(
    number: int,
    session: Session,
    meeting: date | None,
    at: time | None,
    locale: str,
    verse_text: VerseText,
    gettext: Callable[[str], str],
) -> dict[str, Any]:
    """Everything the layouts draw for one session (`gettext` translates its heading)."""
    title = plain_text(session.title) if session.title else ""
    heading = gettext("Session %(number)s") % {"number": number}
    heading += f": {title}" if title else ""
    anchor = f"session-{number}"
    views = _Views(anchor, itertools.count(1), verse_text)
    opening = [views.block(b) for b in session.opening]
    blocks = [views.block(b) for b in session.blocks]
    closing = [views.block(b) for b in session.closing]
    plan = _plan(opening, blocks, closing)
    return {
        "number": number,
        "date": session_date(meeting, at, locale) if meeting else None,
        "anchor": anchor,
        "heading": heading,
        "running_head": title or heading,
        "session": {
            "title": session.title,
            "passage": session.passage,
            "readings": session.readings,
            "key_verse": views.verse(session.key_verse) if session.key_verse else None,
            "opening": opening,
            "blocks": blocks,
            "closing": closing,
            "journal": session.journal,
        },
        "parts": [b for b in blocks if b["kind"] == "part"],
        "plan": plan if any(row["minutes"] for row in plan) else [],
        "journal_days": _journal_days(session, meeting, locale),
    }


class _Views:
    """Turns blocks into layout data, numbering questions through the session."""

    def __init__(self, anchor: str, numbers: Iterator[int], verse_text: VerseText) -> None:
        self.anchor = anchor
        self.numbers = numbers
        self.verse_text = verse_text
        self.parts = itertools.count(1)

    def block(self, block: Block) -> dict[str, Any]:
        view = {"kind": block.kind, **block.model_dump()}
        if isinstance(block, Question):
            view["number"] = next(self.numbers)
        elif isinstance(block, Verse):
            view = self.verse(block)
        elif isinstance(block, Part):
            view["anchor"] = f"{self.anchor}-part-{next(self.parts)}"
            view["blocks"] = [self.block(b) for b in block.blocks]
        return view

    def verse(self, verse: Verse) -> dict[str, Any]:
        """A verse block; without text of its own, its text comes from the build's translation
        (and says so: `from_translation`)."""
        view = {"kind": verse.kind, **verse.model_dump(), "from_translation": False}
        if verse.text is None:
            view.update(text=self.verse_text(verse.verse), from_translation=True)
        return view


def _plan(opening: list[dict], blocks: list[dict], closing: list[dict]) -> list[dict[str, Any]]:
    """The leader's plan: the opening, each part and each question outside a part, and the
    closing, each with its minutes and the running total."""
    rows: list[dict[str, Any]] = []
    if opening:
        rows.append({"kind": "opening", "heading": None, "number": None,
                     "minutes": _question_minutes(opening)})  # fmt: skip
    for block in blocks:
        if block["kind"] == "part":
            minutes = block["minutes"] or _question_minutes(block["blocks"])
            rows.append({"kind": "part", "heading": block["part"], "number": None,
                         "minutes": minutes})  # fmt: skip
        elif block["kind"] == "question":
            rows.append({"kind": "question", "heading": block["question"],
                         "number": block["number"], "minutes": block["minutes"]})  # fmt: skip
    if closing:
        rows.append({"kind": "closing", "heading": None, "number": None,
                     "minutes": _question_minutes(closing)})  # fmt: skip
    total = 0
    for row in rows:
        total += row["minutes"] or 0
        row["total"] = total
    return rows


def _question_minutes(blocks: list[dict]) -> int | None:
    return sum(b["minutes"] or 0 for b in blocks if b["kind"] == "question") or None


def _journal_days(session: Session, meeting: date | None, locale: str) -> list[dict[str, Any]]:
    if session.journal is None:
        return []
    return [
        {
            "number": n,
            "date": journal_date(meeting + timedelta(days=n), locale) if meeting else None,
        }
        for n in range(1, session.journal.days + 1)
    ]
