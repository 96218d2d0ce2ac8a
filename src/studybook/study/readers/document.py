"""What every reader produces: plain data with the position of every value, and the file
reading they share (project files only, bounded, UTF-8)."""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import Problem, ProblemsFound
from ...project import Unreadable, nearest_project, read_inside

MAX_BYTES = 1_000_000
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Span:
    """Where a value starts (1-based) and whether its characters can be placed exactly.

    A text that sits on one line (`single_line`) places a character at `offset` columns
    after its start (after the opening quote, if `quoted`). A text gathered from several
    lines (a Markdown paragraph, a YAML text over several lines) lists where each later line
    starts in `breaks`: its offset in the text, and its line and column in the file.
    """

    line: int
    column: int
    single_line: bool = False
    quoted: bool = False
    breaks: tuple[tuple[int, int, int], ...] = ()

    def at(self, offset: int) -> tuple[int, int]:
        """Line and column of a character inside a text, as exact as its style allows."""
        if self.breaks and offset >= self.breaks[0][0]:
            start, line, column = self.breaks[bisect.bisect(self.breaks, (offset, 1 << 62)) - 1]
            return line, column + offset - start
        if self.single_line or self.breaks:  # on the first line of a text over several
            return self.line, self.column + int(self.quoted) + offset
        return self.line, self.column


@dataclass
class Document:
    """Plain data read from a study or settings file, with a span for every value and
    mapping key, and the problems met while reading it (the values they concern are left
    out, or None, and listed in `refused`)."""

    file: str
    data: Any
    values: dict[DataPath, Span] = field(default_factory=dict)
    keys: dict[DataPath, Span] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: set[DataPath] = field(default_factory=set)

    def span(self, path: DataPath, *, key: bool = False) -> Span:
        """The span of a path's value (or of its key, if it has one and `key` is set),
        falling back to its nearest known ancestor's value."""
        if key and path in self.keys:
            return self.keys[path]
        while path and path not in self.values:
            path = path[:-1]
        return self.values.get(path, Span(1, 1))

    def strings(self) -> Iterator[tuple[DataPath, str]]:
        """Every text value in the document, with its path, in the order of the data."""
        todo: list[tuple[DataPath, Any]] = [((), self.data)]
        while todo:
            path, value = todo.pop()
            if isinstance(value, str):
                yield path, value
            elif isinstance(value, dict):
                todo += [((*path, k), v) for k, v in reversed(value.items())]
            elif isinstance(value, list):
                todo += [((*path, i), v) for i, v in reversed(list(enumerate(value)))]

    def problem(
        self, path: DataPath, message: str, hint: str = "", *, key: bool = False, offset: int = 0
    ) -> Problem:
        """A problem positioned at a path (and a character offset inside its text)."""
        line, column = self.span(path, key=key).at(offset)
        return Problem(self.file, line, column, message, hint)


def read_text(path: Path, display: str, kind: str) -> str:
    """The text of a regular UTF-8 file inside its project (see `read_inside`); `kind`
    names the text it should hold ("YAML", "Markdown") for the problem a binary file gets."""
    start = Path(os.path.abspath(path))
    project = nearest_project(start.parent) or start.parent
    try:
        raw = read_inside(path, project, MAX_BYTES)
    except Unreadable as err:
        line = 1 if err.message.startswith("the file is") else 0
        raise ProblemsFound([Problem(display, line, line, err.message, err.hint)]) from None
    if b"\0" in raw:
        hint = "save the study as plain UTF-8 text"
        message = f"this is a binary file, not {kind} text"
        raise ProblemsFound([Problem(display, 1, 1, message, hint)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, column = line_column(raw[: err.start].decode("latin-1"))
        message = f"the file is not UTF-8 (byte 0x{raw[err.start]:02x})"
        hint = "save it as UTF-8 in your editor"
        raise ProblemsFound([Problem(display, line, column, message, hint)]) from None


def line_column(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def bad_character(text: str) -> tuple[str, int] | None:
    """What makes text unprintable, if anything, and where: a control character or a lone
    surrogate (able to upset terminals and PDF writers)."""
    control = CONTROL.search(text)
    if control is not None:
        return f"a control character (U+{ord(control[0]):04X})", control.start()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"an invalid character (U+{ord(text[err.start]):04X})", err.start
    return None


def printable(text: str) -> str:
    """The start of some text, fit to quote in a message: control characters become '?'."""
    return CONTROL.sub("?", text[:40])
