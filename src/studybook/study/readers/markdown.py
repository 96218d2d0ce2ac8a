"""Read a Markdown study into the same plain data, positions included, as a YAML study.

YAML front matter holds the study's fields; the body reads as a document. A `#` heading
starts a session and a `##` heading a part (a line `---` ends it); paragraphs, bullet lists,
numbered lists and `>` quotations are themselves. What plain Markdown cannot say is written
as Pandoc and Quarto users write it: fenced divs (`::: question` … `:::`) and attributes
(`{minutes=10}`). Parsing is markdown-it-py's (CommonMark) with its plugins; positions come
from its tokens' line maps and the source lines, so every value has its line and column.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import ProblemsFound
from .document import DataPath, Document, Span, read_text
from .markdown_source import (
    BLOCK_DIVS,
    QUESTION_DIVS,
    SESSION_DIVS,
    Attributes,
    Piece,
    Source,
)
from .yaml import MAX_NODES, parse_yaml

DASHES = ("—", "--")  # the last line of a quotation, starting with one, names its source


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark, plus front matter and fenced divs (of any name). HTML is recognised
    only to be refused (comments are left out), as the YAML reader prints it literally."""
    return (
        MarkdownIt("commonmark")
        .use(front_matter_plugin)
        .use(container_plugin, "div", validate=lambda params, markup: bool(params.strip()))
    )


def read_markdown(path: Path, display: str) -> Document:
    """Read one Markdown study. A file that cannot be read is raised as a problem; every
    other problem is kept in `problems` beside what could be read, so checking goes on."""
    text = read_text(path, display, "Markdown")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(display, lines)
    # mdit-py-plugins 0.7's container rule reads past the end of a text whose last line is
    # an empty line in a quotation ("> "): a final newline, which moves nothing, avoids it.
    parser = _parser()
    tokens = parser.parse(text if text.endswith("\n") else text + "\n")
    tokens = [t for t in tokens if not (t.type == "html_block" and _comment(t))]
    reader.bound_nesting(tokens, parser.options["maxNesting"])
    data = reader.study(SyntaxTreeNode(tokens))
    return Document(display, data, reader.values, reader.keys, reader.problems, reader.refused)


@dataclass
class _Session:
    """A session being read: its data, where it is, and the part open in it."""

    data: dict[str, Any]
    path: DataPath
    part: dict[str, Any] | None = None
    part_path: DataPath = ()
    seen: dict[str, int] = field(default_factory=dict)  # the session's divs: their line


class _Reader(Source):
    """Turns markdown-it's syntax tree into study data, recording a span for every value."""

    # The study and its sessions

    def study(self, root: SyntaxTreeNode) -> dict[str, Any]:
        nodes = list(root.children)
        self.values[()] = Span(1, 1)
        if nodes and nodes[0].type == "front_matter":
            data = self.front_matter(nodes.pop(0))
        elif self.lines[0].rstrip() == "---":
            hint = "end it with a line `---` after the study's fields"
            self.refuse(("title",), (1, 1), "the front matter is never closed", hint)
            self.refused.add(("sessions",))
            return {}
        else:
            data = {}
            hint = "begin the file with a line `---`, then `title: …`, then another `---`"
            self.refuse(("title",), (1, 1), "the study has no front matter", hint)
        data["sessions"] = self.sessions(nodes)
        return data

    def front_matter(self, node: SyntaxTreeNode) -> dict[str, Any]:
        """The study's fields, read as YAML where they stand in the file."""
        if not node.content.strip():
            return {}
        try:  # padded with the line above it, so that positions are the file's own
            found = parse_yaml("\n" * (node.map[0] + 1) + node.content, self.file)
        except ProblemsFound as err:
            self.problems += err.problems
            self.refused.add(("title",))
            return {}
        self.values.update(found.values)
        self.keys.update(found.keys)
        self.problems += found.problems
        self.refused |= found.refused
        if "sessions" in found.data:
            span = found.keys[("sessions",)]
            hint = "write each session in the body, under a heading `# Title`"
            self.problem((span.line, span.column), "sessions are not front matter", hint)
            del found.data["sessions"]
        return found.data

    def sessions(self, nodes: list[SyntaxTreeNode]) -> list[Any]:
        """Sessions start at `#` headings; without any, the whole body is one session."""
        headed = any(n.type == "heading" and n.markup == "#" for n in nodes)
        sessions: list[Any] = []
        session: _Session | None = None
        outside = False
        for node in nodes:
            if len(self.values) > MAX_NODES:
                hint = "split it into several studies"
                self.problem(self.start(node), "the study holds too many blocks", hint)
                break
            level = len(node.markup) if node.type == "heading" and self.atx(node) else 0
            if node.type == "heading" and not level:
                continue
            if level == 1 or (session is None and not headed):
                if session is not None:
                    self.close_part(session)
                session = _Session({}, ("sessions", len(sessions)))
                sessions.append(session.data)
                self.mark(session.path, node)
                self.values.setdefault(("sessions",), self.values[session.path])
                if level == 1:
                    self.session_heading(session, node)
                    continue
            if session is None:
                if not outside:  # said once, at the first thing before the first session
                    hint = "start a session with a heading `# Title` above it"
                    self.problem(self.start(node), "this is outside any session", hint)
                outside = True
            elif level == 2:
                self.close_part(session)
                self.part(session, node)
            elif level:
                message = "parts do not nest: a heading under a `##` part cannot be a part"
                hint = "make it a part of its own, `## Heading`, or write it in **strong** text"
                self.problem(self.start(node), message, hint)
            elif node.type == "hr":
                self.close_part(session)
            elif node.type == "container_div" and self.div(node)[0] in SESSION_DIVS:
                self.session_div(session, node)
            else:
                inside = session.part_path or session.path
                blocks = (
                    session.part["blocks"]
                    if session.part
                    else session.data.setdefault("blocks", [])
                )
                blocks.append(self.block(node, (*inside, "blocks", len(blocks))))
        if session is not None:
            self.close_part(session)
        if not sessions:
            hint = "write the study's sessions after the front matter, each under `# Title`"
            self.refuse(("sessions",), (len(self.lines), 1), "the study has no sessions", hint)
        return sessions

    def atx(self, node: SyntaxTreeNode) -> bool:
        """Whether a heading is written with `#` marks. An underlined one is a problem: a
        `---` line right under a paragraph would turn it into a part by accident."""
        if node.markup.startswith("#"):
            return True
        message = "the line under this text underlines it into a heading"
        hint = "leave a blank line above a `---` line, or write a heading as `## Heading`"
        self.problem(self.start(node), message, hint)
        return False

    def session_heading(self, session: _Session, node: SyntaxTreeNode) -> None:
        pieces, attributes = self.heading(node)
        if pieces:
            session.data["title"] = self.put((*session.path, "title"), pieces)
        self.attributes(session.data, session.path, attributes, ["passage"], [])

    def part(self, session: _Session, node: SyntaxTreeNode) -> None:
        blocks = session.data.setdefault("blocks", [])
        path = (*session.path, "blocks", len(blocks))
        self.mark(path, node)
        self.keys[(*path, "part")] = self.values[path]
        pieces, attributes = self.heading(node)
        part: dict[str, Any] = {"part": self.put((*path, "part"), pieces) if pieces else None}
        if not pieces:
            hint = "write the part's heading after the ##"
            self.refuse((*path, "part"), self.start(node), "this part has no heading", hint)
        self.attributes(part, path, attributes, ["minutes"], ["leader"])
        if "leader" in attributes.classes:
            part["leader_only"] = True
            self.keys[(*path, "leader_only")] = Span(*attributes.names[".leader"])
        part["blocks"] = []
        blocks.append(part)
        session.part, session.part_path = part, path

    def close_part(self, session: _Session) -> None:
        """End the open part, if any: a part holds at least one block."""
        if session.part is not None and not session.part["blocks"]:
            span = self.values[session.part_path]
            hint = "write its blocks under its heading, or remove the heading"
            self.refuse(session.part_path, (span.line, span.column), "this part is empty", hint)
        session.part, session.part_path = None, ()

    def session_div(self, session: _Session, node: SyntaxTreeNode) -> None:
        """A div holding one of the session's own fields (key verse, readings, …)."""
        kind, attributes = self.div(node)
        assert kind is not None
        name = kind.replace("-", "_")
        path = (*session.path, name)
        if kind in session.seen:
            message = f"this session already has its {kind} (line {session.seen[kind]})"
            self.problem(self.start(node), message, "keep only one of them")
            return
        session.seen[kind] = self.start(node)[0]
        self.mark(path, node)
        self.keys[path] = self.values[path]
        if kind == "key-verse":
            value = self.verse(node, path, attributes)
        elif kind == "journal":
            value = self.journal(node, path, attributes)
        else:
            self.attributes({}, path, attributes, [], [])
            if kind == "readings":
                value = self.texts(node.children, path, "reading")
            else:
                value = [self.block(child, (*path, i)) for i, child in enumerate(node.children)]
        session.data[name] = value

    # Blocks

    def block(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        """One block of a session, part, opening or closing (None, and refused, if it has
        a problem)."""
        self.mark(path, node)
        if node.type == "paragraph":
            return self.paragraph(node, path)
        if node.type == "bullet_list":
            return {"bullets": self.items(node, (*path, "bullets"))}
        if node.type == "ordered_list":
            items = enumerate(node.children)
            return {"steps": [self.step(item, (*path, "steps", i)) for i, item in items]}
        if node.type == "blockquote":
            return self.quote(node, path)
        if node.type == "container_div":
            return self.div_block(node, path)
        message, hint = _OUT_OF_PLACE.get(node.type, _OUT_OF_PLACE[""])
        self.refuse(path, self.start(node), message, hint)
        return None

    def paragraph(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        pieces = self.pieces(node)
        text = pieces[0][0]
        if len(pieces) == 1 and len(text) >= 3 and not text.strip(":"):
            hint = "when divs are nested, give the outer one more colons (`::::`) than those in it"
            self.refuse(path, self.start(node), "this `:::` closes no div", hint)
            return None
        return {"paragraph": self.put((*path, "paragraph"), pieces)}

    def div_block(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        kind, attributes = self.div(node)
        if kind is None:
            self.refused.add(path)
            return None
        if kind == "question":
            return self.question(node, path, attributes)
        if kind == "verse":
            return self.verse(node, path, attributes)
        if kind not in BLOCK_DIVS:
            place = "the session" if kind in SESSION_DIVS else "a question's div"
            hint = f"move it into {place}, outside any other div"
            self.refuse(path, self.start(node), f"a `{kind}` div belongs in {place}", hint)
            return None
        self.attributes({}, path, attributes, [], [])
        if kind == "leader":
            return {"leader_note": self.texts(node.children, (*path, "leader_note"), "note")}
        return {kind: self.one_paragraph(node, (*path, kind))}

    def question(self, node: SyntaxTreeNode, path: DataPath, attributes: Attributes) -> Any:
        """A question div: the question, then an `::: answer` and a `::: leader` div."""
        children = list(node.children)
        if not children or children[0].type != "paragraph":
            hint = "write the question as the first paragraph in its div"
            self.refuse(path, self.start(node), "this question has no text", hint)
            return None
        data = {"question": self.put((*path, "question"), self.pieces(children.pop(0)))}
        self.attributes(data, path, attributes, ["lines", "minutes"], [])
        for child in children:
            kind, inner = self.div(child) if child.type == "container_div" else (None, None)
            name = QUESTION_DIVS.get(kind or "")
            if inner is None or name is None or name in data:
                message = f"this question already has its {kind}" if name else (
                    "a question holds its text, then an answer and a leader div"
                )  # fmt: skip
                hint = "write one `::: answer` and one `::: leader` div in the question"
                self.problem(self.start(child), message, hint)
                continue
            self.keys[(*path, name)] = Span(*self.start(child))
            self.attributes({}, (*path, name), inner, [], [])
            data[name] = self.texts(child.children, (*path, name), kind or "")
        return data

    def verse(self, node: SyntaxTreeNode, path: DataPath, attributes: Attributes) -> Any:
        """A verse: a quotation whose last line, `— Reference`, names it; without text,
        the build's translation gives it."""
        children = list(node.children)
        quoted = self.quotation(children[0]) if len(children) == 1 else None
        if quoted is None or quoted[1] is None:
            hint = "write the verse as `> text` with a last line `> — Exodus 32:32`"
            self.refuse(path, self.start(node), "this verse has no reference", hint)
            return None
        text, reference = quoted
        data = {"verse": self.put((*path, "verse"), [reference])}
        if text:
            data["text"] = self.put((*path, "text"), text)
        self.attributes(data, path, attributes, ["translation"], [])
        return data

    def quote(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        quoted = self.quotation(node)
        if quoted is None or not quoted[0]:
            hint = "write it as `> text`, with a last line `> — Reference` for its source"
            self.refuse(path, self.start(node), "a quotation is one paragraph", hint)
            return None
        text, source = quoted
        data = {"quote": self.put((*path, "quote"), text)}
        if source is not None:
            data["ref"] = self.put((*path, "ref"), [source])
        return data

    def quotation(self, node: SyntaxTreeNode) -> tuple[list[Piece], Piece | None] | None:
        """A `>` quotation's (or a paragraph's) text lines and its `— source` line, if it
        has one; None unless it holds one paragraph and that line."""
        paragraphs = list(node.children) if node.type == "blockquote" else [node]
        if not paragraphs or any(p.type != "paragraph" for p in paragraphs):
            return None
        texts = [self.pieces(p) for p in paragraphs]
        text, line, column = texts[-1][-1]
        dash = next((d for d in DASHES if text.startswith(d)), None)
        source = None
        if dash is not None:
            rest = text[len(dash) :]
            source = (rest.strip(), line, column + len(text) - len(rest.lstrip()))
            texts[-1].pop()
            texts = [t for t in texts if t]
        if len(texts) > 1 or (source is not None and not source[0]):
            return None
        return (texts[0] if texts else []), source

    def step(self, item: SyntaxTreeNode, path: DataPath) -> Any:
        """A numbered step: a text, or a first line all in **strong** text (its title),
        the lines after it (its text) and a bullet list (its bullets)."""
        self.mark(path, item)
        children = list(item.children)
        first = children.pop(0) if children and children[0].type == "paragraph" else None
        bullets = children.pop(0) if children and children[0].type == "bullet_list" else None
        if first is None or children:
            hint = "write a step as one paragraph, and bullets under a step's **title**"
            self.refuse(path, self.start(item), "this step holds more than a step can", hint)
            return None
        pieces = self.pieces(first)
        marks = _strong_line(first, pieces[0][0])
        if not marks:
            if bullets is None:
                return self.put(path, pieces)
            hint = "begin the step with its title, a first line all in **strong** text"
            self.refuse(path, self.start(item), "a step with bullets needs a title", hint)
            return None
        title, line, column = pieces.pop(0)
        piece = (title[marks:-marks], line, column + marks)
        step: dict[str, Any] = {"title": self.put((*path, "title"), [piece])}
        if pieces:
            step["text"] = self.put((*path, "text"), pieces)
        if bullets is not None:
            step["bullets"] = self.items(bullets, (*path, "bullets"))
        return step

    def journal(self, node: SyntaxTreeNode, path: DataPath, attributes: Attributes) -> Any:
        """Journal pages: `days` as an attribute, and the prompt as the div's paragraph."""
        data: dict[str, Any] = {}
        self.attributes(data, path, attributes, ["days"], [])
        if node.children:
            data["prompt"] = self.one_paragraph(node, (*path, "prompt"))
        return data

    # Texts

    def one_paragraph(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        """The text of a div that holds one paragraph."""
        children = list(node.children)
        if len(children) == 1 and children[0].type == "paragraph":
            return self.put(path, self.pieces(children[0]))
        hint = "write it as one paragraph between the `:::` lines"
        self.refuse(
            path, self.start(node), f"a `{self.div(node)[0]}` div holds one paragraph", hint
        )
        return None

    def texts(self, nodes: Iterable[SyntaxTreeNode], path: DataPath, what: str) -> list[Any]:
        """Texts written as paragraphs or bullet lists: each paragraph or bullet is one."""
        texts: list[Any] = []
        for node in nodes:
            if node.type == "paragraph":
                texts.append(self.put((*path, len(texts)), self.pieces(node)))
            elif node.type == "bullet_list":
                texts += self.items(node, path, len(texts))
            else:
                hint = f"write each {what} as a paragraph or a bullet"
                self.problem(
                    self.start(node),
                    f"an {what} is text" if what[0] in "aeiou" else f"a {what} is text",
                    hint,
                )
        return texts

    def items(self, node: SyntaxTreeNode, path: DataPath, first: int = 0) -> list[Any]:
        """The texts of a bullet list, one paragraph each (bullets do not nest)."""
        texts: list[Any] = []
        for i, item in enumerate(node.children, first):
            children = list(item.children)
            if len(children) == 1 and children[0].type == "paragraph":
                texts.append(self.put((*path, i), self.pieces(children[0])))
                continue
            message = "a bullet holds one paragraph" if children else "this bullet is empty"
            hint = "bullets do not nest: write each as one paragraph, or remove an empty one"
            where = self.start(children[1] if len(children) > 1 else item)
            self.refuse((*path, i), where, message, hint)
            texts.append(None)
        return texts


def _strong_line(paragraph: SyntaxTreeNode, line: str) -> int:
    """How many marks (`**` or `__`) wrap a paragraph's first line when that line is all
    strong text (0 if it is not)."""
    first: list[SyntaxTreeNode] = []
    for child in paragraph.children[0].children:
        if child.type in ("softbreak", "hardbreak"):
            break
        if child.type != "text" or child.content:  # markdown-it leaves empty texts around
            first.append(child)
    if len(first) != 1 or first[0].type != "strong":
        return 0
    marks = first[0].markup
    return len(marks) if line.startswith(marks) and line.endswith(marks) else 0


def _comment(token: Token) -> bool:
    """Whether an HTML block is one comment, `<!-- … -->`, which a study leaves out."""
    html = token.content.strip()
    return html.startswith("<!--") and html.endswith("-->") and html.count("-->") == 1


_OUT_OF_PLACE = {
    "html_block": (
        "HTML has no place in a study",
        "write the text itself; HTML comments <!-- … --> are left out",
    ),
    "code_block": (
        "this text is indented 4 spaces or more, so Markdown reads it as code",
        "remove the indentation",
    ),
    "fence": ("a code block has no place in a study", "write its text as a paragraph"),
    "heading": ("a heading cannot be inside a div", "end the div with `:::` above the heading"),
    "hr": ("a `---` line cannot be inside a div", "remove it"),
    "": ("this has no place in a study", "write it as a paragraph, a list or a quotation"),
}
