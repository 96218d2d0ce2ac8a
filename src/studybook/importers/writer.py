"""The draft written as a Markdown study in studybook's own format: front matter, `#`
sessions, `##` parts with their minutes, fenced divs for questions, leader notes, prayers,
key verses and readings, and an HTML comment wherever the importer guessed."""

from __future__ import annotations

import re

import yaml

from .draft import Block, Draft, Part, Report, Session

# What would start another kind of block if a paragraph began with it.
_STARTS_BLOCK = re.compile(r"^(?:#{1,6}\s|[-+*>]\s|\d{1,9}[.)]\s|:{3,}|-{3,}|={3,}|\s{4,})")


def markdown(draft: Draft, report: Report, source: str) -> str:
    """The Markdown study of a draft."""
    fields: dict[str, object] = {
        "title": draft.title.rstrip(" :"), "subtitle": draft.subtitle, "language": draft.language
    }  # fmt: skip
    if marks := _marks(draft):
        fields["marks"] = marks
    front = yaml.safe_dump(
        {k: v for k, v in fields.items() if v}, allow_unicode=True, sort_keys=False, width=1000
    )
    out = [f"---\n{front}---", f"<!-- Imported from {_comment(source)} by studybook import. -->"]
    for session in draft.sessions:
        out += _session(session, report, len(draft.sessions) > 1)
    return "\n\n".join(out) + "\n"


def _session(session: Session, report: Report, many: bool) -> list[str]:
    out = []
    heading = session.title or ("Session" if many else "")
    out += _noted(session.guess, session.where, report)
    if heading or session.passage:
        passage = f' {{passage="{session.passage}"}}' if session.passage else ""
        out.append(f"# {_heading(heading)}{passage}".replace("#  {", "# {").rstrip())
    if session.key_verse is not None:
        out.append(_div(_verse_div("key-verse", session.key_verse), _quote(session.key_verse)))
    if session.readings:
        out.append(_div("readings", "\n".join(f"- {_text(r)}" for r in session.readings)))
    if session.opening:
        out.append(_around("opening", session.opening, report))
    after_part = False
    for item in session.blocks:
        if isinstance(item, Part):
            out += _part(item, report)
            after_part = True
            continue
        if after_part:
            out.append("---")
            after_part = False
        out += _block(item, report)
    if session.closing:
        out.append(_around("closing", session.closing, report))
    return out


def _around(name: str, blocks: list[Block], report: Report) -> str:
    """An opening or closing div around its blocks, with more colons than any inside."""
    inner = "\n\n".join(text for block in blocks for text in _block(block, report))
    colons = max([3, *(len(m) for m in re.findall(r"^(:{3,})", inner, re.MULTILINE))]) + 1
    return _div(name, inner, colons)


def _part(part: Part, report: Report) -> list[str]:
    attributes = []
    if part.minutes:
        attributes.append(f"minutes={part.minutes}")
    if part.leader_only:
        attributes.append(".leader")
    suffix = f" {{{' '.join(attributes)}}}" if attributes else ""
    out = [*_noted(part.guess, part.where, report), f"## {_heading(part.title)}{suffix}"]
    for block in part.blocks:
        out += _block(block, report)
    return out


def _block(block: Block, report: Report) -> list[str]:
    note = _noted(block.guess, block.where, report)
    kind = block.kind
    if kind == "paragraph":
        return [*note, _text(block.text)]
    if kind == "bullets":
        return [*note, "\n".join(f"- {_text(item)}" for item in block.items)]
    if kind == "steps":
        return [*note, "\n".join(_step(n, step) for n, step in enumerate(block.steps, 1))]
    if kind == "quote":
        return [*note, _quote(block)]
    if kind == "verse":
        body = _quote(block) if block.text else f"> — {_text(block.ref)}"
        return [*note, _div(_verse_div("verse", block), body)]
    if kind == "instruction":
        return [*note, _div("instruction", _text(block.text))]
    if kind == "prayer":
        return [*note, _div(_labelled("prayer", block.label), _text(block.text))]
    if kind == "leader":
        body = "\n\n".join(_text(t) for t in block.items)
        return [*note, _div(_labelled("leader", block.label), body)]
    return [*note, *_question(block)]


def _question(block: Block) -> list[str]:
    """A question with its sub-questions (a list after its text, lettered by studybook),
    its answer and its leader note, under the author's labels."""
    inner = [_text(block.text)]
    if block.subs:
        inner.append("\n".join(f"- {_text(sub)}" for sub in block.subs))
    if block.answer:
        answers = "\n".join(f"- {_text(a)}" for a in block.answer)
        inner.append(_div(_labelled("answer", block.answer_label), answers))
    if block.leader:
        notes = "\n\n".join(_text(t) for t in block.leader)
        inner.append(_div(_labelled("leader", block.leader_label), notes))
    colons = 4 if block.answer or block.leader else 3
    return [_div("question", "\n\n".join(inner), colons)]


# The inductive method's marks, in the languages studybook ships (questions tagged "(O)").
_MARKS = {
    "en": ("Observation", "Interpretation", "Application"),
    "es": ("Observación", "Interpretación", "Aplicación"),
    "pt": ("Observação", "Interpretação", "Aplicação"),
    "fr": ("Observation", "Interprétation", "Application"),
    "de": ("Beobachtung", "Deutung", "Anwendung"),
}


def _marks(draft: Draft) -> dict[str, str]:
    """The marks (O), (I), (A) when questions carry them: declared, so that they print as
    marks with their legend, not as text."""
    texts = [
        text
        for session in draft.sessions
        for item in session.blocks
        for block in (item.blocks if isinstance(item, Part) else [item])
        if block.kind == "question"
        for text in (block.text, *block.subs)
    ]
    found = {m[1] for text in texts if (m := re.match(r"\(([OIA])\)\s", text))}
    words = _MARKS.get(draft.language.split("-")[0], _MARKS["en"])
    return {mark: word for mark, word in zip("OIA", words, strict=True) if mark in found}


def _labelled(name: str, label: str) -> str:
    """A div's name with the author's label, when the source gave one."""
    if not label:
        return name
    return f'{{.{name} label="{label.replace(chr(34), chr(39))}"}}'


def _step(number: int, step) -> str:
    lines = [f"{number}. " + (f"**{_text(step.title)}**" if step.title else _text(step.text))]
    if step.title and step.text:
        lines.append(f"   {_text(step.text)}")
    lines += [f"   - {_text(bullet)}" for bullet in step.bullets]
    return "\n".join(lines)


def _quote(block: Block) -> str:
    lines = [f"> {_text(block.text)}"]
    if block.ref:
        lines += [">", f"> — {_text(block.ref)}"]
    return "\n".join(lines)


def _verse_div(name: str, block: Block) -> str:
    """A verse's div name with its translation and label, when the source gave them."""
    attributes = [f".{name}"]
    if block.translation:
        attributes.append(f'translation="{block.translation}"')
    if block.label:
        attributes.append(f'label="{block.label.rstrip(" :").replace(chr(34), chr(39))}"')
    return f"{{{' '.join(attributes)}}}" if len(attributes) > 1 else name


def _div(name: str, body: str, colons: int = 3) -> str:
    fence = ":" * colons
    return f"{fence} {name}\n{body}\n{fence}"


def _noted(guess: str, where: int, report: Report) -> list[str]:
    if not guess or guess == "source":
        return []
    return [f"<!-- import guessed ({report.unit} {where}): {_comment(guess)} -->"]


def _heading(text: str) -> str:
    """A heading's text without the colon that ended it as a line, its braces kept from
    reading as attributes."""
    return _text(text.rstrip(" :")).replace("{", "\\{")


def _text(text: str) -> str:
    """Text as it reads, kept from starting another kind of block."""
    text = " ".join(text.split())
    return "\\" + text if _STARTS_BLOCK.match(text) else text


def _comment(text: str) -> str:
    return text.replace("--", "—")
