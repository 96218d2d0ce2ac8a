"""Read a Markdown study into the same plain data, positions included, as a YAML study.

YAML front matter holds the study's fields; the body reads as a document. A `#` heading
starts a session, a `##` heading a part (a line `---` ends it) and a `###` heading an
activity inside a part; paragraphs, bullet lists, numbered lists, `>` quotations, pipe
tables and footnotes are themselves. What plain Markdown cannot say is written
as Pandoc and Quarto users write it: fenced divs (`::: question` … `:::`) and attributes
(`{minutes=10}`). Parsing is markdown-it-py's (CommonMark) with its plugins; positions come
from its tokens' line maps and the source lines, so every value has its line and column.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import ProblemsFound
from .document import DataPath, Document, Span, read_text
from .markdown_blocks import Blocks
from .markdown_source import SESSION_DIVS
from .yaml import MAX_NODES, parse_yaml


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark, plus front matter, fenced divs (of any name), pipe tables and footnotes
    (read where they are written). HTML is recognised only to be refused (comments are
    left out), as the YAML reader prints it literally."""
    return (
        MarkdownIt("commonmark")
        .enable("table")
        .use(front_matter_plugin)
        .use(container_plugin, "div", validate=lambda params, markup: bool(params.strip()))
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
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
    env: dict[str, Any] = {}
    tokens = parser.parse(text if text.endswith("\n") else text + "\n", env)
    tokens = [t for t in tokens if not (t.type == "html_block" and _comment(t))]
    reader.bound_nesting(tokens, parser.options["maxNesting"])
    data = reader.study(SyntaxTreeNode(tokens))
    reader.link_definitions(env.get("references", {}))
    return Document(display, data, reader.values, reader.keys, reader.problems, reader.refused)


@dataclass
class _Session:
    """A session being read: its data, where it is, and the part open in it."""

    data: dict[str, Any]
    path: DataPath
    part: dict[str, Any] | None = None
    part_path: DataPath = ()
    activity: dict[str, Any] | None = None
    activity_path: DataPath = ()
    seen: dict[str, int] = field(default_factory=dict)  # the session's divs: their line


class _Reader(Blocks):
    """Turns markdown-it's syntax tree into study data, recording a span for every value."""

    data: dict[str, Any]

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
        self.data = data
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
        marks = found.data.get("marks")
        self.marks = frozenset(marks) if isinstance(marks, dict) else frozenset()
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
            if node.type == "footnote_reference":
                self.footnote(node)
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
            elif level == 3 and session.part is not None:
                self.close_activity(session)
                self.activity(session, node)
            elif level:
                message = "parts nest one level deep: `##` parts may hold `###` activities"
                hint = "make it a `##` part or a `###` activity, or write it in **strong** text"
                self.problem(self.start(node), message, hint)
            elif node.type == "hr":
                self.close_part(session)
            elif node.type == "container_div" and self.div(node)[0] in SESSION_DIVS:
                self.session_div(session, node)
            else:
                if session.activity is not None:
                    blocks, inside = session.activity["blocks"], session.activity_path
                elif session.part is not None:
                    blocks, inside = session.part["blocks"], session.part_path
                else:
                    blocks, inside = session.data.setdefault("blocks", []), session.path
                self.add_blocks([node], blocks, (*inside, "blocks"))
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
        names = ["passage", "number", "date"]
        self.attributes(session.data, session.path, attributes, names, ["unnumbered"])
        self.numbering(session.data, session.path, attributes)

    def part(self, session: _Session, node: SyntaxTreeNode) -> None:
        blocks = session.data.setdefault("blocks", [])
        path = (*session.path, "blocks", len(blocks))
        blocks.append(self.heading_block(node, path))
        session.part, session.part_path = blocks[-1], path

    def activity(self, session: _Session, node: SyntaxTreeNode) -> None:
        assert session.part is not None
        blocks = session.part["blocks"]
        path = (*session.part_path, "blocks", len(blocks))
        blocks.append(self.heading_block(node, path))
        session.activity, session.activity_path = blocks[-1], path

    def heading_block(self, node: SyntaxTreeNode, path: DataPath) -> dict[str, Any]:
        """A part or an activity: its heading, minutes, editions, and (soon) its blocks."""
        self.mark(path, node)
        self.keys[(*path, "part")] = self.values[path]
        pieces, attributes = self.heading(node)
        part: dict[str, Any] = {"part": self.put((*path, "part"), pieces) if pieces else None}
        if not pieces:
            hint = f"write the heading after the {node.markup}"
            self.refuse((*path, "part"), self.start(node), "this part has no heading", hint)
        self.attributes(part, path, attributes, ["minutes"], ["leader", "participant"])
        self.editions(part, path, attributes)
        part["blocks"] = []
        return part

    def close_part(self, session: _Session) -> None:
        """End the open part (and activity), if any: a part holds at least one block."""
        self.close_activity(session)
        if session.part is not None:
            self.not_empty(session.part, session.part_path)
        session.part, session.part_path = None, ()

    def close_activity(self, session: _Session) -> None:
        if session.activity is not None:
            self.not_empty(session.activity, session.activity_path)
        session.activity, session.activity_path = None, ()

    def not_empty(self, part: dict[str, Any], path: DataPath) -> None:
        if not part["blocks"]:
            span = self.values[path]
            hint = "write its blocks under its heading, or remove the heading"
            self.refuse(path, (span.line, span.column), "this part is empty", hint)

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
            value = self.verse(node, path, attributes, ["translation", "label"], [])
        elif kind == "journal":
            value = self.journal(node, path, attributes)
        else:
            if "label" in attributes.values:
                labels = session.data.setdefault("labels", {})
                attributes.values[name] = attributes.values.pop("label")
                attributes.names[name] = attributes.names.pop("label")
                attributes.at[name] = attributes.at.pop("label")
                self.keys.setdefault((*session.path, "labels"), self.values[path])
                self.attributes(labels, (*session.path, "labels"), attributes, [name], [])
            else:
                self.attributes({}, path, attributes, [], [])
            if kind == "readings":
                value = self.texts(node.children, path, "reading")
            else:
                value = []
                self.add_blocks(node.children, value, path)
        session.data[name] = value

    # What belongs to the whole study

    def footnote(self, node: SyntaxTreeNode) -> None:
        """A footnote, `[^label]: text`, written anywhere: one of the study's footnotes."""
        label = node.meta["label"]
        line, column = self.start(node)
        self.values.setdefault(("footnotes",), Span(line, column))
        footnotes = self.data.setdefault("footnotes", {})
        path = ("footnotes", label)
        if not isinstance(footnotes, dict):
            return  # the front matter's `footnotes:` is wrong, and says so
        if label in footnotes:
            first = self.keys[path].line
            message = f"the footnote [^{label}] is written twice (first on line {first})"
            self.problem((line, column), message, "keep only one of them")
            return
        self.keys[path] = Span(line, column)
        children = list(node.children)
        if len(children) != 1 or children[0].type != "paragraph":
            hint = "write a footnote as one paragraph"
            self.refuse(path, (line, column), "a footnote holds one paragraph", hint)
            footnotes[label] = None
            return
        footnotes[label] = self.put(path, self.pieces(children[0]))

    def link_definitions(self, references: dict[str, Any]) -> None:
        """Link definitions (`[label]: address`) are not supported: a problem at each."""
        for reference in references.values():
            line = reference["map"][0]
            message = "a link definition `[label]: address` is not supported"
            hint = "write the address in the link itself: [text](https://…)"
            self.problem((line + 1, 1), message, hint)


def _comment(token: Token) -> bool:
    """Whether an HTML block is one comment, `<!-- … -->`, which a study leaves out."""
    html = token.content.strip()
    return html.startswith("<!--") and html.endswith("-->") and html.count("-->") == 1
