"""A Markdown study's source lines, and reading from them what CommonMark cannot say:
where every value is (its line and column), the problems found, and the Pandoc syntax
studies use, fenced divs (`::: question` … `:::`) and attributes (`{minutes=10}`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes

from ...errors import Problem
from .document import DataPath, Span, bad_character, printable

Piece = tuple[str, int, int]  # one line of a text, and where it starts: line, column (1-based)
Where = tuple[int, int]

BLOCK_DIVS = ("question", "leader", "prayer", "instruction", "verse", "participant")
SESSION_DIVS = ("key-verse", "readings", "opening", "closing", "journal")
QUESTION_DIVS = {"answer": "answer", "leader": "leader_note"}  # divs inside a question
DIVS = sorted({*BLOCK_DIVS, *SESSION_DIVS, *QUESTION_DIVS})
WHOLE_NUMBERS = ("minutes", "lines", "days")


@dataclass
class Attributes:
    """Attributes written `{key=value .class}`, with where each name and value is."""

    values: dict[str, str] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    names: dict[str, Where] = field(default_factory=dict)  # classes as ".name"
    at: dict[str, Where] = field(default_factory=dict)  # where each value starts


class Source:
    """A Markdown file's lines, with a span recorded for every value read from them and
    every problem found."""

    def __init__(self, file: str, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.values: dict[DataPath, Span] = {}
        self.keys: dict[DataPath, Span] = {}
        self.problems: list[Problem] = []
        self.refused: set[DataPath] = set()
        self.divs: dict[int, tuple[str | None, Attributes]] = {}

    def problem(self, where: Where, message: str, hint: str) -> None:
        self.problems.append(Problem(self.file, *where, message, hint))

    def refuse(self, path: DataPath, where: Where, message: str, hint: str) -> None:
        """A problem with the value at `path`, which is left out (None) of the data."""
        self.problem(where, message, hint)
        self.refused.add(path)

    def start(self, node: SyntaxTreeNode) -> Where:
        """Where a block starts: its first line, at its first character."""
        line = node.map[0] if node.map else 0
        source = self.lines[line] if line < len(self.lines) else ""
        return line + 1, len(source) - len(source.lstrip()) + 1

    def bound_nesting(self, tokens: list[Token], most: int) -> None:
        """Refuse text whose emphasis nests deeper than markdown-it nests blocks
        (`maxNesting`), before the syntax tree is built by recursion: a run of thousands of
        `*` would exhaust Python's stack. Such text is kept as written (marks and all)."""
        for token in tokens:
            depth = deepest = 0
            for child in token.children or ():
                depth += child.nesting
                deepest = max(deepest, depth)
            if deepest > most:
                line = (token.map or (0, 0))[0]
                source = self.lines[line] if line < len(self.lines) else ""
                message = f"emphasis nested {deepest:,} deep (more than {most})"
                hint = "remove the extra * and _ marks"
                self.problem((line + 1, len(source) - len(source.lstrip()) + 1), message, hint)
                token.children = [Token("text", "", 0, content=token.content)]

    def mark(self, path: DataPath, node: SyntaxTreeNode) -> None:
        """Record where a block (a group of fields) is."""
        self.values[path] = Span(*self.start(node))

    # Text, headings, divs and attributes

    def pieces(self, node: SyntaxTreeNode) -> list[Piece]:
        """A paragraph's or heading's text, line by line, with where each line starts: a
        line's text is the end of its source line (after indentation and `>` marks), or
        for a heading what follows its `#` marks (before any closing `#` marks). A line
        ending in a hard break (a backslash, or two spaces) ends in a newline instead."""
        inline = node.children[0]
        pieces = []
        number, last = inline.map
        contents = inline.content.split("\n")
        for i, content in enumerate(contents):
            text = content.strip()
            hard = i < len(contents) - 1 and (content.endswith("  ") or text.endswith("\\"))
            # markdown-it strips the text's ends of all white space, lines of it included
            while number < last - 1 and not self.lines[number].rstrip().endswith(text):
                number += 1
            source = self.lines[number].rstrip()
            if node.type == "heading":
                column = source.find(text, source.find(node.markup) + len(node.markup))
            elif source.endswith(text):
                column = len(source) - len(text)
            else:  # a table's cell
                column = source.find(text)
            if hard:
                text = text.removesuffix("\\").rstrip() + "\n"
            pieces.append((text, number + 1, max(column, 0) + 1))
            number = min(number + 1, last - 1)
        return pieces

    def put(self, path: DataPath, pieces: list[Piece]) -> str | None:
        """Join a text's lines with spaces, as YAML folds them (or with the newline of a
        hard break), and record where each is; a text holding a control character is
        refused (None)."""
        breaks, offset = [], 0
        for i, (text, line, column) in enumerate(pieces):
            if i:
                breaks.append((offset, line, column))
            offset += len(text) + (not text.endswith("\n"))
        _, line, column = pieces[0]
        span = self.values[path] = Span(line, column, single_line=True, breaks=tuple(breaks))
        # the last line never ends in a hard break: its space is the one cut off
        text = "".join(t if t.endswith("\n") else t + " " for t, _, _ in pieces)[:-1]
        if (bad := bad_character(text)) is None:
            return text
        hint = "delete it, or save the file as plain text"
        self.refuse(path, span.at(bad[1]), f"this text holds {bad[0]}", hint)
        return None

    def heading(self, node: SyntaxTreeNode) -> tuple[list[Piece], Attributes]:
        """A heading's text, and the attributes `{…}` that may end it."""
        return self.trailing_attributes(self.pieces(node))

    def trailing_attributes(self, pieces: list[Piece]) -> tuple[list[Piece], Attributes]:
        """A text without the attributes `{…}` that may end its last line, and those."""
        pieces = list(pieces)
        text, line, column = pieces[-1]
        brace = text.rfind("{") if text.endswith("}") else -1
        attributes = Attributes()
        if brace >= 0:
            attributes = self.parse((text[brace:], line, column + brace))
            pieces[-1] = (text[:brace].rstrip(), line, column)
        return [p for p in pieces if p[0]], attributes

    def div(self, node: SyntaxTreeNode) -> tuple[str | None, Attributes]:
        """A div's kind and attributes, from `::: kind`, `::: kind {…}` or `::: {.kind …}`
        (kind None if unknown); a problem is said once per div."""
        line = node.map[0]
        if line not in self.divs:
            self.divs[line] = self.read_div(node)
        return self.divs[line]

    def read_div(self, node: SyntaxTreeNode) -> tuple[str | None, Attributes]:
        line, start = self.start(node)
        source = self.lines[line - 1]
        at = start - 1 + len(node.markup)
        info = source[at:].strip()
        column = at + len(source[at:]) - len(source[at:].lstrip()) + 1
        if info.startswith("{"):
            attributes = self.parse((info, line, column))
            kind = attributes.classes.pop(0) if attributes.classes else ""
        else:
            kind, _, rest = info.partition(" ")
            where = (rest.strip(), line, column + len(info) - len(rest.lstrip()))
            attributes = self.parse(where) if rest.strip() else Attributes()
        if not self.closed(node):
            hint = f"end it with a line `{node.markup}`; a div inside another takes fewer colons"
            self.problem((line, start), f"this `{printable(kind)}` div is never closed", hint)
        if kind not in DIVS:
            close = difflib.get_close_matches(kind, DIVS, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "kinds of div: " + ", ".join(DIVS)
            self.problem((line, column), f"unknown kind of div `{printable(kind)}`", hint)
            return None, attributes
        return kind, attributes

    def closed(self, node: SyntaxTreeNode) -> bool:
        """Whether a div ends at a fence of its own: a line of at least as many colons,
        which is not the end of the div around it (that fence closes the outer div)."""
        end = node.map[1]
        fence = self.lines[end].strip() if end < len(self.lines) else ""
        outer = node.parent
        shared = outer is not None and outer.type == "container_div" and outer.map[1] == end
        return len(fence) >= len(node.markup) and not fence.strip(":") and not shared

    def parse(self, piece: Piece) -> Attributes:
        """Attributes `{key=value .class}` (Pandoc's syntax, read by mdit-py-plugins) with
        where each name and value is in the file; unreadable ones are a problem."""
        text, line, column = piece
        try:
            end, found = parse_attributes(text)
        except ParseError as err:
            end, found = min(err.pos, len(text) - 1), None
        if found is None or end != len(text) - 1:
            at = (line, column + (end if found is None else end + 1))
            hint = "write them like {minutes=10 lines=5}, with any text holding spaces in quotes"
            self.problem(at, f"cannot read the attributes {printable(text)}", hint)
            return Attributes()
        attributes = Attributes(classes=found.pop("class", "").split())
        for name in attributes.classes:
            attributes.names["." + name] = (line, column + max(text.find("." + name), 0))
        position = 0
        for name, value in found.items():
            position = max(text.find(name, position), 0)
            attributes.names[name] = (line, column + position)
            position += len(name) + 1
            attributes.at[name] = (line, column + position + int(text[position:][:1] == '"'))
            attributes.values[name] = value
        return attributes

    def attributes(
        self,
        data: dict[str, Any],
        path: DataPath,
        attributes: Attributes,
        names: list[str],
        classes: list[str],
    ) -> None:
        """Put attributes into a block's fields: names not in `names` (and classes not in
        `classes`) are problems. Whole-number fields get numbers, as in YAML."""
        for name, value in attributes.values.items():
            if name not in names:
                hint = _instead(name, names)
                self.problem(attributes.names[name], f"unknown attribute '{name}'", hint)
                continue
            self.keys[(*path, name)] = Span(*attributes.names[name])
            piece = (value, *attributes.at[name])
            data[name] = self.put((*path, name), [piece])
            if name in WHOLE_NUMBERS and value.isdecimal():
                data[name] = int(value)
        for name in attributes.classes:
            if name not in classes:
                hint = _instead(f".{name}", [f".{c}" for c in classes])
                self.problem(attributes.names["." + name], f"unknown class '.{name}'", hint)


def _instead(name: str, allowed: list[str]) -> str:
    """What to write instead of an unknown attribute or class."""
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed here: " + ", ".join(allowed) if allowed else "remove it: none is allowed here"
