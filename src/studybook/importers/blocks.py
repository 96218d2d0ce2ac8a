"""The blocks of one part (or of a session outside its parts) from its lines: lists as
bullets, steps or questions with their sub-questions; labelled lines ("Leader note:",
"Answer:", "Pray:", "Read …") as what they name; quotations with their source; the rest
as paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..scripture import Reader
from .draft import Block, Report, Session, Step
from .lines import Line
from .words import Words

_END = re.compile(r"[.!?…:;»”\"')\]]$")
_ATTRIBUTION = re.compile(r"^(?P<text>.+?)\s*(?:—|–|―|--)\s*(?P<ref>[^—–―]{2,60})$")
_OPENING = "“\"«„‘'"
_ASKS = re.compile(r"\?[\s\"”»’')\]]*(?:\([^()]{0,40}\)[\s.]*)?$")


@dataclass
class Context:
    """What the blocks of a part are read with."""

    words: Words
    report: Report
    session: Session
    questions: bool = False  # a discussion part: its items and paragraphs are questions
    leader_guide: bool = False  # the study is a leader's guide (answers are expected)
    verses: bool = False  # a part that names verses: its quotations and references are them


def read_blocks(lines: list[Line], context: Context) -> list[Block]:
    """The blocks the lines hold, in order."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.marker:
            end = _list_end(lines, i)
            blocks += _list(lines[i:end], context, blocks)
            i = end
        else:
            i = _line(lines, i, context, blocks)
    return blocks


def _list_end(lines: list[Line], start: int) -> int:
    end = start
    while end < len(lines) and lines[end].marker:
        end += 1
    return end


def _line(lines: list[Line], i: int, context: Context, blocks: list[Block]) -> int:
    """Read the block a line that is not a list item starts; where the next one starts."""
    line, words = lines[i], context.words
    labelled = words.kind(line.text, labelled=True)
    question = _last_question(blocks)
    if labelled:
        kind, rest = labelled
        label = label_of(line.text, rest)
        if (
            kind in ("answer", "leader")
            and question is not None
            and (rest or _next_items(lines, i))
        ):
            field = question.answer if kind == "answer" else question.leader
            if kind == "answer" and len(label) > 2:  # "A:" is no label to print
                question.answer_label = question.answer_label or label
            elif kind == "leader":
                question.leader_label = question.leader_label or label
            field += [rest] if rest else []
            if not rest:
                items, end = _items_after(lines, i)
                field += items
                return end
            return i + 1
        if kind == "leader" and rest:
            blocks.append(Block("leader", line.where, items=[rest], label=label))
            return i + 1
        if kind == "prayer" and rest:
            blocks.append(Block("prayer", line.where, text=rest, label=label))
            return i + 1
        if kind == "key_verse" and rest and context.session.key_verse is None:
            following = lines[i + 1] if i + 1 < len(lines) else None
            if (_bookless(rest) or references(rest, words)) and (
                following is not None and following.text[:1] in _OPENING
            ):
                text = _unquoted(following.text)  # "Key Verse: 3:14", then the verse
                verse = Block("quote", line.where, text=text, ref=rest, label=label)
                context.session.key_verse = verse
                return i + 2
            context.session.key_verse = _quotation(rest, line.where)
            context.session.key_verse.label = label
            return i + 1
        if kind == "leader" and not rest and i + 1 < len(lines) and not lines[i + 1].marker:
            text, end = _paragraph(lines, i + 1)  # "Helpful Tip:" over the tip
            blocks.append(Block("leader", line.where, items=[text], label=label))
            return end
        if kind == "readings" and rest:
            context.session.readings += [r.strip() for r in re.split(r";", rest) if r.strip()]
            return i + 1
        if kind == "questions" and asks(rest):  # "Pergunta: Como Paulo …?": its label is its kind
            blocks.append(Block("question", line.where, text=rest))
            subs, end = _subs_after(lines, i + 1)
            blocks[-1].subs += subs
            return end
        if kind == "passage" and rest and not context.session.passage and references(rest, words):
            context.session.passage = rest
            return i + 1
    if context.verses and references(line.text, words) and not line.marker:
        blocks.append(Block("verse", line.where, ref=line.text))
        return i + 1
    if line.text.startswith(("→", "->", "=>")) or _italic(line.text):
        text = line.text.lstrip("→-=> ") if not _italic(line.text) else line.text[1:-1]
        blocks.append(Block("instruction", line.where, text=text))
        return i + 1
    if _reads(line, context):
        blocks.append(Block("instruction", line.where, text=line.text))
        return i + 1
    if not blocks and not context.session.passage and references(line.text, words):
        context.session.passage = line.text  # "John 3: 1 - 17" under the session's title
        return i + 1
    if question is not None and re.fullmatch(r"\[[^\[\]]+\]", line.text):
        question.answer.append(line.text[1:-1].strip())  # "[Nicodemus sees …]" under it
        question.guess = question.guess or context.report.guess(
            question.where, "text in brackets under a question: taken as its answer"
        )
        return i + 1
    kind = words.kind(line.text)
    if kind and kind[0] == "prayer" and len(line.text.split()) <= 3 and not labelled:
        blocks.append(Block("instruction", line.where, text=line.text))  # "Oremos", "Let's pray"
        return i + 1
    text, end = _paragraph(lines, i)
    if quote := _as_quotation(text, line, lines[end] if end < len(lines) else None):
        if context.verses and quote.ref and references(quote.ref, words):
            quote.kind = "verse"
        blocks.append(quote)
        return end + (1 if quote.guess == "source" else 0)
    if asks(text):
        guess = "" if context.questions else "a paragraph ending in a question mark"
        blocks.append(Block("question", line.where, text=text, guess=guess))
        subs, end = _subs_after(lines, end)
        blocks[-1].subs += subs
        return end
    blocks.append(Block("paragraph", line.where, text=text))
    return end


def asks(text: str) -> bool:
    """Whether a text ends asking: "…?", "…? (3:2)", "…?”"."""
    return bool(_ASKS.search(text))


def _paragraph(lines: list[Line], i: int) -> tuple[str, int]:
    """A paragraph's text: its line, and the lines that continue it (no blank line before
    them, the line before them not finished), as wrapped text is."""
    text = lines[i].text
    end = i + 1
    while (
        end < len(lines)
        and not lines[end].gap
        and not lines[end].marker
        and not lines[end].heading
        and not _END.search(text)
        and lines[end].quote == lines[i].quote
    ):
        text = f"{text} {lines[end].text}"
        end += 1
    return text, end


def label_of(text: str, rest: str) -> str:
    """A labelled line's label as written, without its bold: "Leader Note:", "Pray:"."""
    head = text[: len(text) - len(rest)] if rest and text.endswith(rest) else text
    return head.replace("**", "").strip()


def references(text: str, words: Words) -> bool:
    """Whether a text is references and nothing else ("Philippians 1:6", "Lk 9:28-36")."""
    found = Reader(words.language).field(text.strip().rstrip("."))
    return bool(found.references) and not any(not f.warning for f in found.findings)


def _bookless(text: str) -> bool:
    """Whether a text is a chapter and verse without a book ("3:14")."""
    return bool(re.fullmatch(r"\d{1,3}[:,.]\d{1,3}(?:\s*[-–]\s*\d{1,3})?", text.strip()))


def _italic(text: str) -> bool:
    """Whether a whole line is in italics: how guides often set what the group does."""
    return (
        len(text) > 2
        and text[0] == "*"
        and text[-1] == "*"
        and text[1] != "*"
        and ("*" not in text[1:-1])
    )


def references_in(text: str, words: Words) -> bool:
    """Whether prose cites scripture ("Read John 3:1-16 aloud")."""
    return bool(Reader(words.language).prose(text).references)


def _reads(line: Line, context: Context) -> bool:
    """Whether a line tells the group to read a passage: "Read John 3:1-16", "Lean Lucas
    1:15-16", "Lest miteinander den Bibeltext: Eph.3, 14-21!"."""
    kind = context.words.kind(line.text)
    return (
        bool(kind)
        and kind[0] == "read"
        and len(line.text) < 160
        and (references_in(line.text, context.words))
    )


def _quotation(text: str, where: int) -> Block:
    """A verse or quotation with its source: "“…” 1 Timothy 4:8, NIV", "“…” — John 3:16",
    "Psalm 23:1 — “…”"; its own quotation marks are left to the layout, which sets
    quotations in its own."""
    first = re.match(r"(?P<ref>[^“\"«„]{2,60}?)\s*(?:—|–|―|--|:)\s*(?P<text>[“\"«„].+)$", text)
    if first and first["ref"].strip()[:1] not in _OPENING:
        return Block("quote", where, text=_unquoted(first["text"]), ref=first["ref"].strip())
    found = _ATTRIBUTION.match(text)
    if found and found["text"][:1] in _OPENING:
        return Block("quote", where, text=_unquoted(found["text"]), ref=found["ref"].strip())
    closing = max(text.rfind("”"), text.rfind('"'), text.rfind("»"))
    if text[:1] in _OPENING and 0 < closing < len(text) - 1:
        return Block(
            "quote", where, text=_unquoted(text[: closing + 1]), ref=text[closing + 1 :].strip()
        )
    return Block("quote", where, text=_unquoted(text))


def with_translation(block: Block) -> Block:
    """A verse whose source names its translation ("Luke 19:10, NIV", "John 3:16 (ESV)"):
    the translation apart from the reference."""
    found = re.fullmatch(r"(?P<ref>.+?)[,\s]*\(?(?P<version>[A-Z][A-Z0-9]{1,7})\)?", block.ref)
    if found and found["ref"][-1:].isdigit():
        block.ref, block.translation = found["ref"].strip(), found["version"]
    return block


def _unquoted(text: str) -> str:
    """A quotation without the pair of marks around all of it (“…”, "…", «…», „…“)."""
    text = text.strip()
    pairs = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’", "'": "'"}
    inner = text[1:-1]
    if len(text) > 2 and pairs.get(text[0]) == text[-1] and text[0] not in inner:
        return inner.strip()
    return text


def _as_quotation(text: str, line: Line, following: Line | None) -> Block | None:
    """A quotation: set off as one, or a paragraph in quotation marks ended by its source
    ("… — Exodus 32:32"), or followed by a line that is only its source."""
    found = _ATTRIBUTION.match(text)
    if line.quote or (found and text[:1] in _OPENING):
        return _quotation(text, line.where)
    if (
        text[:1] in _OPENING
        and following is not None
        and not following.marker
        and re.fullmatch(r"(?:—|–|―|--)\s*\S.{0,60}", following.text)
    ):
        block = Block("quote", line.where, text=_unquoted(text), ref=following.text.lstrip("—–―- "))
        block.guess = "source"
        return block
    return None


def _list(items: list[Line], context: Context, blocks: list[Block]) -> list[Block]:
    """A run of list items as questions, steps or bullets."""
    top = min(item.depth for item in items)
    main = [item for item in items if item.depth == top and (item.ordered or not _is_dash(item))]
    asking = sum(1 for item in main if "?" in item.text)  # "Why? Explain." asks too
    ordered = [item for item in main if item.ordered and not item.lettered]
    if context.questions or (main and asking * 2 >= len(main)):
        return _questions(items, top, context)
    if ordered and len(ordered) * 2 >= len(main):
        return [_steps(items, top, context)]
    bullets = Block("bullets", items[0].where, items=[item.text for item in items])
    if any(item.depth > top for item in items):
        bullets.guess = context.report.guess(items[0].where, "nested bullets set as one list")
    return [bullets]


def _questions(items: list[Line], top: int, context: Context) -> list[Block]:
    """Each top-level item a question; items under it (deeper, lettered or dashed where
    the questions are numbered) its sub-questions — or, in a leader's guide, its answer
    when they ask nothing. Questions lettered A., B., C. are questions, not sub-questions."""
    numbered = any(item.ordered and not item.lettered and item.depth == top for item in items)
    blocks: list[Block] = []
    for item in items:
        under = item.depth > top or (numbered and (item.lettered or _is_dash(item)))
        if under and blocks:
            question = blocks[-1]
            if "?" not in item.text and context.leader_guide:
                question.answer.append(item.text)
                if not question.guess:
                    question.guess = context.report.guess(
                        item.where, "items under a question that ask nothing: taken as its answer"
                    )
            else:
                question.subs.append(item.text)
            continue
        blocks.append(Block("question", item.where, text=item.text, number=item.number))
    return blocks


def _steps(items: list[Line], top: int, context: Context) -> Block:
    """Numbered steps, each with the bullets under it; a short first line with more under
    it (or bold all through) is the step's title."""
    block = Block("steps", items[0].where)
    for item in items:
        if item.depth == top and item.ordered and not item.lettered:
            block.steps.append(Step(text=item.text))
        elif block.steps:
            block.steps[-1].bullets.append(item.text)
        else:
            block.steps.append(Step(text=item.text))
    for step in block.steps:
        titled = step.bullets and (len(step.text) <= 80 and not _END.search(step.text))
        if titled or (step.bullets and _is_strong(step.text)):
            step.title, step.text = step.text.strip("*"), ""
    return block


def _is_strong(text: str) -> bool:
    return text.startswith("**") and text.endswith("**")


def _is_dash(item: Line) -> bool:
    return item.marker in ("–", "—", "-", "o", "◦")


def _last_question(blocks: list[Block]) -> Block | None:
    return blocks[-1] if blocks and blocks[-1].kind == "question" else None


def _next_items(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and bool(lines[i + 1].marker)


def _items_after(lines: list[Line], i: int) -> tuple[list[str], int]:
    """The list items under a label ("Sample answers:"), up to a numbered item."""
    end = i + 1
    items = []
    while (
        end < len(lines)
        and lines[end].marker
        and not (lines[end].ordered and not lines[end].lettered and lines[end].depth == 0)
    ):
        items.append(lines[end].text)
        end += 1
    return items, end


def _subs_after(lines: list[Line], start: int) -> tuple[list[str], int]:
    """Lettered or dashed items right after a question paragraph: its sub-questions."""
    subs, end = [], start
    while end < len(lines) and lines[end].marker and (lines[end].lettered or _is_dash(lines[end])):
        subs.append(lines[end].text)
        end += 1
    return subs, end
