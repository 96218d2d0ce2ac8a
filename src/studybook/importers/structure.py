"""A study's structure from its lines: cruft left out, the title and subtitle, sessions,
parts with their minutes, the parts that name something (a key verse, readings, leader
material, an answer key, a discussion), and each part's blocks (blocks.py)."""

from __future__ import annotations

import re

from .blocks import Context, asks, read_blocks, references
from .draft import Block, Draft, Part, Report, Session
from .lines import Line
from .words import Words, normal

_SPECIAL = ("key_verse", "readings", "leader", "answer")  # parts that are not printed as parts
_DATE = re.compile(
    r"(?:\w+,?\s+)?(?:\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|\w+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"(?:\s+\d{4})?|\d{1,2}\.?\s+(?:de\s+)?\w+\.?(?:\s+(?:de\s+)?\d{4})?)"
)


def recognise(lines: list[Line], words: Words, report: Report) -> Draft:
    """The draft of a study from its lines; every line is used or reported left out."""
    lines = _without_cruft(lines, words, report)
    if not lines:
        return Draft("Untitled study", words.language)
    headings = [i for i, line in enumerate(lines) if _is_heading(lines, i, words)]
    title, subtitle, start = _title(lines, headings, words)
    draft = Draft(title, words.language, subtitle)
    headings = [i for i in headings if i >= start]
    marks = _sessions(lines, headings, words, start)
    leader_guide = any(words.kind(lines[i].text) == ("leader", "") for i in headings) or bool(
        re.search(r"\b(?:leader|líder|lider|animateur|leiter)", normal(title + " " + subtitle))
    )
    intro = lines[start : marks[0]] if marks else []
    if intro:
        report.guess(intro[0].where, "text before the first session: put at its start")
    bounds = list(zip(marks, [*marks[1:], len(lines)], strict=True)) or [(start, len(lines))]
    for first, end in bounds:
        titled = bool(marks)
        session = _session(lines, first, end, headings, words, report, leader_guide, titled, intro)
        draft.sessions.append(session)
        intro = []
    return draft


def _without_cruft(lines: list[Line], words: Words, report: Report) -> list[Line]:
    kept = []
    for line in lines:
        if words.is_cruft(line.text) or re.fullmatch(r"[-_*=~·•. ]{3,}", line.text):
            report.left_out.append((line.where, line.text, "page furniture"))
        else:
            kept.append(line)
    return kept


def _is_heading(lines: list[Line], i: int, words: Words) -> bool:
    """Whether a line heads what follows: marked as a heading, or (in plain text) a short
    line standing alone above more text, bold all through, or naming a kind of part."""
    line = lines[i]
    if line.heading:
        return True
    if line.marker or line.quote or len(line.text) > 100 or len(line.text.split()) > 14:
        return False
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is None or asks(line.text) or re.search(r"[.,;!]$", line.text):
        return False
    kind = words.kind(line.text)
    if kind and kind[0] == "read":
        return False
    named = kind is not None or words.is_session(line.text) or words.timing(line.text)[1]
    alone = (line.gap or i == 0) and (following.gap or following.marker or following.heading)
    return bool(named or line.strong or alone)


def _title(lines: list[Line], headings: list[int], words: Words) -> tuple[str, str, int]:
    """The study's title (its first line or heading), its subtitle (a line right under
    it), and where the rest starts."""
    first = lines[0]
    if words.is_session(first.text) and not first.heading:
        return first.text, "", 0
    start, subtitle = 1, ""
    if len(lines) > 2:
        second = lines[1]
        under = (not second.gap and not first.heading) or (
            second.heading
            and first.heading
            and second.heading > first.heading
            and 2 in headings
            and not _names_part(second.text, words)
        )
        if (
            under
            and not second.marker
            and len(second.text) <= 200
            and not _names_part(second.text, words)
        ):
            subtitle, start = second.text, 2
    return first.text, subtitle, start


def _names_part(text: str, words: Words) -> bool:
    return words.kind(text) is not None or words.is_session(text)


def _sessions(lines: list[Line], headings: list[int], words: Words, start: int) -> list[int]:
    """The headings that start sessions: those naming one ("Week 2"), else the higher of
    two levels of headings when each holds headings of the lower; none for one session."""
    marks = [i for i in headings if words.is_session(lines[i].text)]
    levels = sorted({lines[i].heading for i in headings if lines[i].heading})
    if not marks and len(levels) >= 2:
        top = [i for i in headings if lines[i].heading == levels[0]]
        ends = [*top[1:], len(lines)]
        holds = all(
            any(a < j < b and lines[j].heading > levels[0] for j in headings)
            for a, b in zip(top, ends, strict=True)
        )
        if len(top) >= 2 and holds:
            marks = top
    return marks


def _session(
    lines: list[Line], first: int, end: int, headings: list[int], words: Words, report: Report,
    leader_guide: bool, titled: bool, intro: list[Line],
) -> Session:  # fmt: skip
    """One session: its heading (when sessions have them), then its parts, each from a
    heading to the next; `intro` is text from before the first session's heading."""
    title, passage = _passage(words.session_title(lines[first].text), words) if titled else ("", "")
    session = Session(title, lines[first].where, passage)
    report.recognised["session"] += 1
    body_start = first + 1 if titled else first
    parts = [i for i in headings if body_start <= i < end]
    context = Context(words, report, session, leader_guide=leader_guide)
    before = [*intro, *lines[body_start : parts[0] if parts else end]]
    session.blocks += read_blocks(before, context)
    for j, head in enumerate(parts):
        stop = parts[j + 1] if j + 1 < len(parts) else end
        _part(lines[head], lines[head + 1 : stop], session, context)
    _closing_question(session, report)
    _count(session, report)
    return session


def _passage(title: str, words: Words) -> tuple[str, str]:
    """A heading's title and the passage it names at its end: "Partners (Philippians
    1:1-11)", "The Transfiguration — Luke 9:28-36"."""
    found = re.match(r"(?P<title>.+?)\s*(?:\((?P<a>[^()]+)\)|[—–-]\s+(?P<b>[^—–]+))\s*$", title)
    if found:
        passage = (found["a"] or found["b"]).strip()
        if references(passage, words):
            return found["title"].rstrip(" :—–-"), passage
    return title, ""


def _part(heading: Line, body: list[Line], session: Session, context: Context) -> None:
    """A part under its heading, or what a named heading says the lines are."""
    words, report = context.words, context.report
    title, minutes, ranged = words.timing(heading.text)
    kind = words.kind(title)
    name = kind[0] if kind else ""
    if name == "key_verse" and body and session.key_verse is None:
        blocks = read_blocks(body, Context(words, report, session))
        quote = next((b for b in blocks if b.kind in ("quote", "paragraph")), None)
        if quote is not None and len(blocks) == 1:
            session.key_verse = Block("quote", quote.where, text=quote.text, ref=quote.ref)
            return
    if name == "readings" and body and all(not line.marker or line.text for line in body):
        session.readings += [line.text for line in body]
        return
    if name == "answer" and _attach_answers(body, session, report):
        return
    part = Part(
        title or heading.text, heading.where, minutes, leader_only=name in ("leader", "answer")
    )
    if ranged:
        part.guess = report.guess(heading.where, f"a range of minutes: {minutes} (its upper end)")
    questions = name == "questions"
    part.blocks = read_blocks(
        body, Context(words, report, session, questions, context.leader_guide)
    )
    if name == "prayer" and all(b.kind == "paragraph" for b in part.blocks):
        for block in part.blocks:
            block.kind = "prayer"
    if not body and not part.blocks:
        session.blocks.append(Block("paragraph", heading.where, text=heading.text))
        return
    session.blocks.append(part)


def _as_prayers(blocks: list[Block], title: str, words: Words) -> list[Block]:
    """An opening or closing headed as a prayer ("Closing Prayer"): its paragraphs are
    the prayer."""
    if any(re.search(rf"\b{re.escape(w)}\b", normal(title)) for w in words.phrases("prayer")):
        for block in blocks:
            if block.kind == "paragraph":
                block.kind = "prayer"
    return blocks


def _attach_answers(body: list[Line], session: Session, report: Report) -> bool:
    """An answer key numbered like the session's questions: each answer goes to its
    question (the leader's guide only); False when the numbers do not match."""
    questions = [b for p in _all_blocks(session) for b in [p] if b.kind == "question"]
    numbered = [
        line for line in body if line.marker and line.number is not None and line.depth == 0
    ]
    if not numbered or len(numbered) > len(questions):
        return False
    by_number = {q.number: q for q in questions if q.number is not None}
    targets = [by_number.get(line.number) for line in numbered]
    if None in targets:
        targets = questions[: len(numbered)]
        report.guess(numbered[0].where, "an answer key matched to the questions in order")
    current = None
    for line in body:
        if line in numbered:
            current = targets[numbered.index(line)]
            current.answer.append(line.text)
        elif current is not None:
            current.answer.append(line.text)
        else:
            report.left_out.append((line.where, line.text, "before the answer key's first answer"))
    return True


def _all_blocks(session: Session) -> list[Block]:
    found: list[Block] = []
    for item in session.blocks:
        found += item.blocks if isinstance(item, Part) else [item]
    return found


def _closing_question(session: Session, report: Report) -> None:
    """A question after the last part's list, the session's last block: the session's
    closing question, not the part's."""
    if not session.blocks or not isinstance(session.blocks[-1], Part):
        return
    part = session.blocks[-1]
    if (
        len(part.blocks) >= 2
        and part.blocks[-1].kind == "question"
        and all(b.kind != "question" for b in part.blocks[:-1])
    ):
        question = part.blocks.pop()
        question.guess = report.guess(question.where, "a question after the part: the session's")
        session.blocks.append(question)


def _count(session: Session, report: Report) -> None:
    counted = report.recognised
    for item in session.blocks:
        if isinstance(item, Part):
            counted["part"] += 1
    names = {"steps": "step list", "bullets": "bullet list", "quote": "quotation"}
    for block in _all_blocks(session):
        counted[names.get(block.kind, block.kind)] += 1
        counted["sub-question"] += len(block.subs)
        counted["answer"] += bool(block.answer)
        counted["leader note"] += bool(block.leader)
    counted["key verse"] += session.key_verse is not None
    counted["reading"] += len(session.readings)
