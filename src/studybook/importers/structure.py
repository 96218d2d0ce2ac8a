"""A study's structure from its lines: cruft left out, the title and subtitle, sessions,
parts with their minutes, the parts that name something (a key verse, readings, leader
material, an answer key, a discussion), and each part's blocks (blocks.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..scripture import Reader
from .blocks import Context, asks, read_blocks, references, references_in, with_translation
from .draft import Block, Draft, Part, Report, Session
from .lines import Line
from .words import Words, normal

_SPECIAL = ("key_verse", "readings", "leader", "answer")  # parts that are not printed as parts
_DATE = re.compile(
    r"(?:\w+,?\s+)?(?:\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|\w+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"(?:\s+\d{4})?|\d{1,2}\.?\s+(?:de\s+)?\w+\.?(?:\s+(?:de\s+)?\d{4})?)"
)


def recognise(lines: list[Line], words: Words, report: Report, *, structured: bool) -> Draft:
    """The draft of a study from its lines; every line is used or reported left out. In a
    `structured` source (a web page, Word) headings are those it marks, and bold lines."""
    lines = _without_cruft(lines, words, report)
    if not lines:
        return Draft("Untitled study", words.language)
    headings = [i for i, line in enumerate(lines) if _is_heading(lines, i, words, structured)]
    title, subtitle, start, passage = _title(lines, headings, words)
    draft = Draft(title, words.language, subtitle)
    if start >= len(lines):  # a title and nothing else, e.g. a PDF's text run into one line
        start = 0
        report.guess(lines[0].where, "only one line: it is the title and the session's text")
    headings = [i for i in headings if i >= start]
    marks = _sessions(lines, headings, words, start)
    leader_guide = any(words.kind(lines[i].text) == ("leader", "") for i in headings) or bool(
        re.search(r"\b(?:leader|líder|lider|animateur|leiter)", normal(title + " " + subtitle))
    )
    intro = lines[start : marks[0]] if marks else []
    if intro:
        report.guess(intro[0].where, "text before the first session: put at its start")
    ends = [*marks[1:], len(lines)]
    bounds = list(zip(marks, ends, strict=True)) if marks else [(start, len(lines))]
    for first, end in bounds:
        text = lines[first].text
        titled = (
            bool(marks)
            and first in headings
            and (words.is_session(text) or words.kind(text) is None)
        )
        session = _session(lines, first, end, headings, words, report, leader_guide, titled, intro)
        draft.sessions.append(session)
        intro = []
    first = draft.sessions[0] if draft.sessions else None
    if first is not None and not first.title and not first.passage:
        first.passage = passage or _passage(title, words)[1]
    if first is not None and not first.title and len(draft.sessions) > 1:
        first.title = _passage(title, words)[0]  # the first of several: the study's title
    for session in draft.sessions:
        _book_for_bookless(session, draft, words, report)
        verses = [b for b in (session.key_verse, *_all_blocks(session)) if b and b.ref]
        for block in verses:
            if block is session.key_verse or block.kind == "verse":
                with_translation(block)
    return draft


def _without_cruft(lines: list[Line], words: Words, report: Report) -> list[Line]:
    kept = []
    for line in lines:
        if words.is_cruft(line.text) or re.fullmatch(r"[-_*=~·•. ]{3,}", line.text):
            report.left_out.append((line.where, line.text, "page furniture"))
        else:
            kept.append(line)
    return kept


def _is_heading(lines: list[Line], i: int, words: Words, structured: bool) -> bool:
    """Whether a line heads what follows: marked as a heading, or a short line bold all
    through, or (in plain text) a short line standing alone above more text or naming a
    kind of part."""
    line = lines[i]
    if line.heading:
        return True
    if line.marker or line.quote or len(line.text) > 100 or len(line.text.split()) > 14:
        return False
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is None or asks(line.text) or re.search(r"[.,;!]\**$", line.text):
        return False
    if re.fullmatch(r"\[.*\]|\(.*\)", line.text):
        return False  # "[Nicodemus sees …]": an aside, an answer
    if line.text.endswith(":") and ("," in line.text or len(line.text.split()) > 6):
        return False  # "Paul names three things we should put on:", a lead-in
    if structured or line.text.startswith("*"):
        return line.strong
    if references(line.text, words):
        return False  # "Philippians 1:21" alone: a verse, not a heading
    if (labelled := words.kind(line.text, labelled=True)) and labelled[1]:
        return False  # "This Week's Readings: Philippians 1:1-11"
    kind = words.kind(line.text)
    if kind and kind[0] in ("read", "passage") and references_in(line.text, words):
        return False
    if kind and kind[0] in ("answer", "leader", "prayer") and line.text.endswith(":"):
        return False  # "Sample answers:", a label of the list under it
    named = kind is not None or words.is_session(line.text) or words.timing(line.text)[1]
    alone = (line.gap or i == 0) and (following.gap or following.marker or following.heading)
    return bool(named or line.strong or alone)


def _title(lines: list[Line], headings: list[int], words: Words) -> tuple[str, str, int, str]:
    """The study's title (its first line or heading), its subtitle (a line right under
    it, or one between the title and what follows), where the rest starts, and a passage
    the title lines name ("Philippians 3:7-14" over "Pressing On")."""
    first = lines[0]
    if words.is_session(first.text) and not first.heading:
        return first.text, "", 0, ""
    if len(lines) < 3:
        return first.text, "", 1, ""
    second, third = lines[1], lines[2]
    headed = not second.marker and not second.quote and len(second.text) <= 200
    if references(first.text, words) and headed and not re.search(r"[.!?:]$", second.text):
        return second.text, "", 2, first.text
    next_is_heading = 2 in headings or references(third.text, words)
    under = (
        (not second.gap and not first.heading)
        or (next_is_heading and second.heading > first.heading)
        or (next_is_heading and not second.heading and not re.search(r"[.!]$", second.text))
        or (words.leader_only(second.text) and len(second.text.split()) <= 5)  # "Leader Guide"
    )
    if under and headed and (not _names_part(second.text, words) or words.leader_only(second.text)):
        return first.text, second.text, 2, ""
    return first.text, "", 1, ""


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
    return marks or _repeated(lines, headings, words, start)


def _repeated(lines: list[Line], headings: list[int], words: Words, start: int) -> list[int]:
    """Sessions of a sheet that repeats its parts ("Discussion Questions" under each
    week's sermon title): each starts at the heading over a repeated one (the first at
    `start`, its title being the study's)."""
    seen: dict[str, list[int]] = {}
    for i in headings:
        if i >= start:
            seen.setdefault(normal(words.timing(lines[i].text)[0]), []).append(i)
    repeated = max(seen.values(), key=len, default=[])
    if len(repeated) < 2:
        return []
    marks = []
    for i in repeated:
        above = max((h for h in headings if h < i), default=-1)
        marks.append(above if above >= start and above == i - 1 else i)
    marks[0] = start
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


# A chapter and verse without a book, or verses alone: "(3:2)", "v. 5", "(Vers 12)", "(4-6)".
_BOOKLESS = re.compile(
    r"(?<![\w:.,])\d{1,3}:\d{1,3}|\b(?:vv?|vs|ver|vers|verse|verses|vers[ií]culos?|versets?)\.?"
    r"\s*\d|\(\d{1,3}(?:\s*[-–]\s*\d{1,3})?\)",
    re.IGNORECASE,
)


def _book_for_bookless(session: Session, draft: Draft, words: Words, report: Report) -> None:
    """A session whose text cites chapters and verses without a book ("(3:2)") and has no
    passage: the passage its title (or the study's) names, so that they have a book."""
    if session.passage:
        return
    texts = [
        text
        for block in _all_blocks(session)
        for text in (block.text, *block.items, *block.subs, *block.answer, *block.leader)
    ]
    if not any(_BOOKLESS.search(text) for text in texts):
        return
    for title in (session.title, draft.title, draft.subtitle):
        found = Reader(words.language).prose(title).references if title else ()
        if found:
            session.passage = found[0].text
            where = session.where
            session.guess = report.guess(where, f"the passage {session.passage}, from the title")
            return


def _passage(title: str, words: Words) -> tuple[str, str]:
    """A heading's title and the passage it names: "Partners (Philippians 1:1-11)", "La
    Luz del Mundo (Juan 8:12-20) - Ana Rivera", "The Transfiguration — Luke 9:28-36"."""
    for found in re.finditer(r"\s*\((?P<refs>[^()]+)\)", title):
        if references(found["refs"], words):
            rest = (title[: found.start()] + title[found.end() :]).strip(" :—–-")
            return rest, found["refs"].strip()
    found = re.match(r"(?P<title>.+?)\s+[—–-]\s+(?P<refs>[^—–]+)$", title)
    if found and references(found["refs"], words):
        return found["title"].rstrip(" :—–-"), found["refs"].strip()
    return title, ""


def _part(heading: Line, body: list[Line], session: Session, context: Context) -> None:
    """A part under its heading, or what a named heading says the lines are: the key
    verse, the readings, an answer key, the opening or closing."""
    words, report = context.words, context.report
    title, minutes, ranged = words.timing(heading.text)
    kind = words.kind(title)
    name = kind[0] if kind else ""
    if name == "key_verse" and body and session.key_verse is None:
        blocks = read_blocks(body, Context(words, report, session))
        quote = next((b for b in blocks if b.kind in ("quote", "paragraph")), None)
        if quote is not None and len(blocks) == 1:
            label = heading.text.rstrip(" :")  # the author's heading, "The Key Verse"
            session.key_verse = Block(
                "quote", quote.where, text=quote.text, ref=quote.ref, label=label
            )
            return
    if name == "readings" and body and all(references(line.text, words) for line in body):
        session.readings += [line.text for line in body]
        return
    if name == "answer" and _attach_answers(body, session, report):
        return
    leader_only = name in ("leader", "answer") or words.leader_only(title)
    part = Part(title or heading.text, heading.where, minutes, leader_only)
    if ranged:
        part.guess = report.guess(heading.where, f"a range of minutes: {minutes} (its upper end)")
    verses = name == "key_verse" or any(
        re.search(rf"\b{re.escape(w)}\b", normal(title)) for w in words.phrases("verse_word")
    )
    asking = name in ("questions", "opening")  # an icebreaker asks too
    inner = Context(words, report, session, asking, context.leader_guide, verses)
    part.blocks = read_blocks(body, inner)
    if not part.blocks:  # a heading over nothing ("Oremos" at a sermon's end): a line
        session.blocks += read_blocks([replace(heading, heading=0)], inner)
        return
    if name == "prayer" or (name in ("opening", "closing") and _names_prayer(title, words)):
        for block in part.blocks:
            block.kind = "prayer" if block.kind == "paragraph" else block.kind
    only = all(b.kind in ("prayer", "verse") for b in part.blocks)
    if name in ("opening", "closing") and minutes is None and not leader_only and only:
        if name == "opening" and not session.blocks:
            session.opening += part.blocks
            return
        if name == "closing":
            session.closing += part.blocks
            return
    session.blocks.append(part)


def _names_prayer(title: str, words: Words) -> bool:
    """Whether a heading names a prayer ("Closing Prayer")."""
    return any(re.search(rf"\b{re.escape(w)}\b", normal(title)) for w in words.phrases("prayer"))


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
    """A question paragraph after the last part's lists, the session's last block: the
    session's closing question, not the part's."""
    if not session.blocks or not isinstance(session.blocks[-1], Part):
        return
    part = session.blocks[-1]
    *before, last = part.blocks or [None]
    if (
        last is not None and last.kind == "question" and last.number is None and before
        and all(b.kind in ("bullets", "steps") for b in before)
    ):  # fmt: skip
        part.blocks.pop()
        last.guess = report.guess(last.where, "a question after the part: the session's")
        session.blocks.append(last)


def _count(session: Session, report: Report) -> None:
    counted = report.recognised
    passage = f" ({session.passage})" if session.passage else ""
    report.outline.append(f"  session: {session.title or '(no title)'}{passage}")
    report.outline += [
        f"    part: {item.title}" + (f" ({item.minutes} min)" if item.minutes else "")
        for item in session.blocks
        if isinstance(item, Part)
    ]
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
