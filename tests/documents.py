"""A study written out as a church keeps it — a Word document, a web page, plain text —
the way leaders' guides are commonly laid out: the title and subtitle, a heading per
session ("Session 1: Title (passage)"), a heading per part with its minutes, numbered
questions followed by "Sample answers:" and "Leader note:", italic instructions, "Prayer:"
lines, quotations with their source after a dash. For the import tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from studybook.study import Study
from studybook.study.blocks import (
    Bullets,
    Instruction,
    LeaderNote,
    Paragraph,
    Part,
    Prayer,
    Question,
    Quote,
    Steps,
    Verse,
)


@dataclass(frozen=True)
class Piece:
    """One paragraph of the document: its style and text (`**`/`*` runs inside)."""

    style: str  # title, subtitle, h1, h2, p, em, number, bullet, bullet2
    text: str


def pieces(study: Study) -> Iterator[Piece]:
    yield Piece("title", study.title)
    if study.subtitle:
        yield Piece("subtitle", study.subtitle)
    for number, session in enumerate(study.sessions, 1):
        passage = f" ({session.passage})" if session.passage else ""
        yield Piece("h1", f"Session {number}: {session.title}{passage}")
        if session.readings:
            yield Piece("p", "This Week's Readings: " + "; ".join(session.readings))
        if session.key_verse:
            yield Piece("h2", "Key Verse")
            yield from _blocks([session.key_verse])
        if session.opening:
            yield Piece("h2", _heading("Opening", session.opening))
            yield from _blocks(session.opening)
        for block in session.blocks:
            if isinstance(block, Part):
                minutes = f" ({block.minutes} min)" if block.minutes else ""
                yield Piece("h2", f"{block.part}{minutes}")
                yield from _blocks(block.blocks)
            else:
                yield from _blocks([block])
        if session.closing:
            yield Piece("h2", _heading("Closing", session.closing))
            yield from _blocks(session.closing)


def _heading(name: str, blocks: list) -> str:
    if all(isinstance(b, Prayer) for b in blocks):
        return f"{name} Prayer"
    if all(isinstance(b, Verse) for b in blocks):
        return f"{name} Verse"
    return name


def _blocks(blocks: list) -> Iterator[Piece]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield Piece("p", block.paragraph)
        elif isinstance(block, Instruction):
            yield Piece("em", block.instruction)
        elif isinstance(block, Bullets):
            yield from (Piece("bullet", b) for b in block.bullets)
        elif isinstance(block, Steps):
            for step in block.steps:
                if isinstance(step, str):
                    yield Piece("number", step)
                    continue
                yield Piece("number", f"**{step.title}**")
                if step.text:
                    yield Piece("bullet2", step.text)
                yield from (Piece("bullet2", b) for b in step.bullets)
        elif isinstance(block, Question):
            yield Piece("number", " ".join(block.question))  # one paragraph in these studies
            if block.answer:
                yield Piece("p", "Sample answers:")
                yield from (Piece("bullet", a) for a in block.answer)
            yield from (Piece("p", f"Leader note: {n}") for n in block.leader_note)
        elif isinstance(block, LeaderNote):
            yield from (Piece("p", f"Leader note: {n}") for n in block.leader_note)
        elif isinstance(block, Prayer):
            yield Piece("p", block.prayer)
        elif isinstance(block, Quote):
            yield Piece("p", f"“{block.quote}” — {block.ref}" if block.ref else block.quote)
        elif isinstance(block, Verse):
            yield Piece("p", f"“{block.text}” — {block.verse}" if block.text else block.verse)


def as_text(study: Study) -> str:
    """As pasted from an e-mail: a blank line between paragraphs, bullets as •."""
    lines = []
    marks = {"bullet": "• ", "bullet2": "    • ", "em": "", "p": "", "h1": "", "h2": ""}
    number = 0
    for piece in pieces(study):
        if piece.style == "number":
            number += 1
            lines.append(f"{number}. {piece.text}")
        else:
            if piece.style in ("h1", "h2"):
                number = 0 if piece.style == "h1" else number
            text = f"*{piece.text}*" if piece.style == "em" else piece.text
            lines.append(marks.get(piece.style, "") + text)
        lines.append("")
    return "\n".join(lines)


def as_html(study: Study, *, chrome: bool = True) -> str:
    """As a web page: navigation and a footer around the study in <main> (with `chrome`)."""
    nav = '<nav><a href="/">Home</a> <a href="/groups">Groups</a></nav>' if chrome else ""
    out = [f"<!doctype html><html><head><title>Study</title></head><body>{nav}<main>"]
    open_list = ""
    for piece in pieces(study):
        kind = {"number": "ol", "bullet": "ul", "bullet2": "ul"}.get(piece.style, "")
        if kind != open_list:
            out.append(f"</{open_list}>" if open_list else "")
            out.append(f"<{kind}>" if kind else "")
            open_list = kind
        text = _inline_html(piece.text)
        tag = {"title": "h1", "subtitle": "p", "h1": "h2", "h2": "h3", "em": "p"}.get(
            piece.style, "li" if kind else "p"
        )
        text = f"<em>{text}</em>" if piece.style == "em" else text
        out.append(f"<{tag}>{text}</{tag}>")
    out.append(f"</{open_list}>" if open_list else "")
    footer = '<footer><p>© 2024 Grace Church</p><a href="#">Top of Page</a></footer>'
    out.append("</main>" + (footer if chrome else ""))
    return "\n".join(out) + "</body></html>"


def _inline_html(text: str) -> str:
    parts = escape(text, quote=False).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))


def write_docx(study: Study, path: Path) -> None:
    """As a Word document: Title and Subtitle styles, Heading 1 and 2, List Number and
    List Bullet paragraphs, italic instructions, bold step titles."""
    import docx

    document = docx.Document()
    styles = {
        "title": "Title", "subtitle": "Subtitle", "h1": "Heading 1", "h2": "Heading 2",
        "number": "List Number", "bullet": "List Bullet", "bullet2": "List Bullet 2",
    }  # fmt: skip
    for piece in pieces(study):
        paragraph = document.add_paragraph(style=styles.get(piece.style))
        for i, run in enumerate(piece.text.split("**")):
            if run:
                added = paragraph.add_run(run)
                added.bold = bool(i % 2) or None
                added.italic = piece.style == "em" or None
    document.save(str(path))


def write_pdf(study: Study, path: Path) -> None:
    """As a PDF a church printed from its web page: a running head and page numbers on
    every page, and each part on a page of its own."""
    from weasyprint import HTML

    page = as_html(study, chrome=False).replace(
        "</head>",
        "<style>@page { size: A5; margin: 2cm; @top-center { content: 'Grace Church · Groups' }"
        " @bottom-center { content: 'Page ' counter(page) } } h3 { break-before: page }</style>"
        "</head>",
    )
    HTML(string=page).write_pdf(path)
