"""A session as the layouts see it: blocks with their numbers, labels, verse texts and
anchors, the leader's plan, the marks' legend and the journal days."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

from ..settings import journal_date, session_date
from ..study import (
    Activity,
    Block,
    Counter,
    Part,
    Question,
    Session,
    Study,
    SubQuestion,
    Verse,
    passage_parts,
    plain_text,
    session_numbers,
)

VerseText = Callable[[str], str | None]  # a reference's text in the build's translation
OPENING_MARKS = "“\"«„‘'‚‹「"
CLOSING_MARKS = "”\"»“’'‹›」"
LABELS = ("answer", "leader_note", "key_verse", "readings", "opening", "closing", "prayer",
          "journal")  # fmt: skip


def session_views(
    study: Study,
    dates: list[date | str | None],
    at: time | None,
    locale: str,
    verse_text: VerseText,
    gettext: Callable[[str], str],
) -> list[dict[str, Any]]:
    """Everything the layouts draw for each session (`gettext` translates its heading)."""
    numbers = session_numbers(study)
    questions = Counter(study.question_numbers != "none")
    views = []
    sessions = zip(study.sessions, numbers, dates, strict=True)
    for index, (session, number, day) in enumerate(sessions, 1):
        if study.question_numbers == "session":
            questions = Counter()
        labels = _labels(study.labels, session.labels)
        blocks = _Views(f"session-{index}", questions, verse_text, labels, study.marks)
        views.append(_session(study, session, index, number, day, at, locale, blocks, gettext))
    return views


def _session(
    study: Study,
    session: Session,
    index: int,
    number: str | None,
    day: date | str | None,
    at: time | None,
    locale: str,
    views: _Views,
    gettext: Callable[[str], str],
) -> dict[str, Any]:
    title = plain_text(session.title) if session.title else ""
    numbered = gettext("Session %(number)s") % {"number": number} if number else ""
    heading = f"{numbered}: {title}" if numbered and title else numbered or title
    opening = [views.block(b) for b in session.opening]
    blocks = [views.block(b) for b in session.blocks]
    closing = [views.block(b) for b in session.closing]
    plan = _plan(opening, blocks, closing)
    meeting = day if isinstance(day, date) else None
    printed_date = session_date(day, at, locale) if meeting else day
    over_title = [numbered if title else "", printed_date or ""]  # untitled: the number is it
    return {
        "number": number,
        "index": index,
        "date": printed_date,
        "overline": " · ".join(part for part in over_title if part),
        "anchor": views.anchor,
        "heading": heading or plain_text(study.title),
        "title": session.title or numbered or study.title,
        "running_head": title or heading or plain_text(study.title),
        "labels": views.labels,
        "passage": _passage(session.passage, study.language),
        "marks": views.used_marks,
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


def _labels(*levels: Any) -> dict[str, str | None]:
    """The author's label of each box, the most specific level's winning (None: the
    layout's own, in the study's language)."""
    found: dict[str, str | None] = dict.fromkeys(LABELS)
    for level in levels:
        if level is not None:
            found.update({k: v for k, v in level.model_dump().items() if v is not None})
    return found


def _passage(passage: str | None, language: str) -> dict[str, str] | None:
    """A passage in three: before its references, the references, after (a caption)."""
    if passage is None:
        return None
    before, references, after = passage_parts(passage, language)
    caption = any(c.isalnum() for c in after)
    return {"before": before, "reference": references, "after": after, "caption": caption}


def quoted(text: str | None) -> bool:
    """Whether a quotation's text already stands in quotation marks of its own."""
    text = (text or "").strip()
    return len(text) > 1 and text[0] in OPENING_MARKS and text[-1] in CLOSING_MARKS


class _Views:
    """Turns blocks into layout data, numbering questions as the study says."""

    def __init__(
        self,
        anchor: str,
        questions: Counter,
        verse_text: VerseText,
        labels: dict[str, str | None],
        marks: dict[str, str],
    ) -> None:
        self.anchor = anchor
        self.questions = questions
        self.verse_text = verse_text
        self.labels = labels
        self.marks = marks
        self.used_marks: list[dict[str, str]] = []
        self.parts = itertools.count(1)

    def block(self, block: Block, inside: str | None = None, alone: bool = False) -> dict[str, Any]:
        """A block's view; `inside` is the anchor of the part holding it, and `alone`
        whether that part is for one edition only."""
        alone = alone or block.leader_only or block.participant_only
        view = {"kind": block.kind, **block.model_dump()}
        if isinstance(block, Question):
            view = self.question(block, alone)
        elif isinstance(block, Verse):
            view = self.verse(block)
        elif block.kind == "quote":
            view["quoted"] = quoted(view["quote"])
        elif block.kind in ("prayer", "leader_note"):
            view["label"] = view["label"] or self.labels[block.kind]
        elif isinstance(block, Part | Activity):
            view["anchor"] = f"{inside or self.anchor}-part-{next(self.parts)}"
            view["activity"] = inside is not None
            view["blocks"] = [self.block(b, view["anchor"], alone) for b in block.blocks]
        return view

    def question(self, question: Question, alone: bool) -> dict[str, Any]:
        """A question's view. One for one edition only has no number unless the author
        gives it one, so that both editions number the others alike."""
        own = question.number if question.number is not None or not alone else False
        number, value = self.questions.next(own)
        letters = Counter()
        subquestions = [self.subquestion(s, letters) for s in question.subquestions]
        self.note_mark(question.mark)
        labels = question.labels.model_dump() if question.labels else {}
        return {
            **question.model_dump(),
            **_numbered(number, value, str(value)),
            "kind": question.kind,
            "subquestions": subquestions,
            "lines": question.writing_lines,
            "labels": {k: labels.get(k) or self.labels[k] for k in ("answer", "leader_note")},
        }

    def subquestion(self, sub: SubQuestion | str, letters: Counter) -> dict[str, Any]:
        if isinstance(sub, str):
            sub = SubQuestion(question=[sub])
        number, value = letters.next(sub.number)
        self.note_mark(sub.mark)
        letter = _letter(value) if value else ""
        return {**sub.model_dump(), **_numbered(number, value, letter), "lines": sub.lines or 0}

    def note_mark(self, mark: str | None) -> None:
        """Remember the marks a session uses, in the order of the study's legend."""
        if mark is not None and mark not in [m["mark"] for m in self.used_marks]:
            self.used_marks.append({"mark": mark, "meaning": self.marks.get(mark, "")})
            order = list(self.marks)
            self.used_marks.sort(key=lambda m: order.index(m["mark"]) if m["mark"] in order else 99)

    def verse(self, verse: Verse) -> dict[str, Any]:
        """A verse block; without text of its own, its text comes from the build's translation
        (and says so: `from_translation`)."""
        view = {"kind": verse.kind, **verse.model_dump(), "from_translation": False}
        if verse.text is None:
            view.update(text=self.verse_text(verse.verse), from_translation=True)
        view["quoted"] = quoted(view["text"])
        return view


def _numbered(number: str | None, value: int | None, counted: str) -> dict[str, Any]:
    """An item's number as printed: `marker`, the list's own marker ("3.", "b.", or the
    author's short one, "•"), or `run_in`, a longer label of the author's ("Aplicación")
    at the start of its text; `number` is what it prints, for the plan; `counted` when it
    is studybook's own count, not the author's."""
    if number is not None and value is not None and number == str(value):
        return {"number": number, "marker": f"{counted}.", "run_in": None, "counted": True}
    short = number is not None and len(number) <= 3
    return {"number": number, "marker": number if short else None,
            "run_in": None if short else number, "counted": False}  # fmt: skip


def _letter(value: int) -> str:
    """a, b, … z, aa, ab, …: a sub-question's letter."""
    letters = ""
    while value:
        value, rest = divmod(value - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def _plan(opening: list[dict], blocks: list[dict], closing: list[dict]) -> list[dict[str, Any]]:
    """The leader's plan: the opening, each part (and each activity in it) and each
    question outside a part, and the closing, each with its minutes and the running
    total."""
    rows: list[dict[str, Any]] = []
    if opening:
        rows.append(_row("opening", None, None, _question_minutes(opening)))
    for block in blocks:
        if block["kind"] == "part":
            activities = [b for b in block["blocks"] if b["kind"] == "part"]
            inner = [_row("activity", a["part"], None, _part_minutes(a)) for a in activities]
            rows.append(_row("part", block["part"], None, _part_minutes(block), inner))
        elif block["kind"] == "question":
            text = block["question"][0]
            rows.append(_row("question", text, block["number"], block["minutes"]))
    if closing:
        rows.append(_row("closing", None, None, _question_minutes(closing)))
    total = 0
    flat = []
    for row in rows:
        start = total
        total += row["minutes"] or 0
        row["total"] = total
        flat.append(row)
        for activity in row.pop("activities"):  # they run inside their part's time
            start += activity["minutes"] or 0
            activity["total"] = start
            flat.append(activity)
    return flat


def _row(kind: str, heading, number, minutes, activities=()) -> dict[str, Any]:
    return {"kind": kind, "heading": heading, "number": number, "minutes": minutes,
            "activities": list(activities)}  # fmt: skip


def _part_minutes(part: dict) -> int | None:
    """A part's minutes: its own, else what its activities and questions take."""
    inner = sum(_part_minutes(b) or 0 for b in part["blocks"] if b["kind"] == "part")
    return part["minutes"] or (inner + (_question_minutes(part["blocks"]) or 0)) or None


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
