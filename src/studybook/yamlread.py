"""Safe YAML reading that remembers where every key and value came from."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import Problem, ProblemsFound
from .files import Unreadable, read_inside
from .locate import nearest_project

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 40

DataPath = tuple[str | int, ...]
ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass(frozen=True)
class Span:
    """Where a YAML node starts (1-based) and whether its text sits on that one line."""

    line: int
    column: int
    single_line: bool = False
    quoted: bool = False

    def at(self, offset: int) -> tuple[int, int]:
        """Line and column of a character inside a scalar, as exact as its style allows."""
        if self.single_line:
            return self.line, self.column + int(self.quoted) + offset
        return self.line, self.column


@dataclass
class Document:
    """Plain data read from YAML, with a span for every value and mapping key, and the
    problems met while reading it (the values they concern are left out)."""

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
        """Every text value in the document, with its path."""
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


def read_yaml(path: Path, display: str) -> Document:
    """Read one YAML file safely. Problems that leave no data to check (unreadable, not
    YAML, empty, not a mapping) are raised; the others (a duplicate field, a tag, too much
    data) are kept in `problems` beside what could be read, so checking can go on."""
    text = _read_text(path, display)
    try:
        node = yaml.compose(text, Loader=_BoundedLoader)
    except yaml.YAMLError as err:
        raise ProblemsFound([_syntax_problem(err, text, display)]) from None
    if node is None:
        hint = "write the study's title and sessions in it (see the README)"
        raise ProblemsFound([Problem(display, 1, 1, "the file is empty", hint)])
    builder = _Builder(display)
    data = builder.build(node, ())
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        message = f"the file holds {kind}, not fields"
        problem = Problem(display, 1, 1, message, "write `name: value` lines")
        raise ProblemsFound([*builder.problems, problem])
    return Document(display, data, builder.values, builder.keys, builder.problems, builder.refused)


class _TooDeep(yaml.MarkedYAMLError):
    """Nesting deeper than MAX_DEPTH, found while composing (before it costs much)."""


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_DEPTH as soon as it is reached."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                mark = self.peek_event().start_mark
                raise _TooDeep(problem="the YAML is nested too deeply", problem_mark=mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _syntax_problem(err: yaml.YAMLError, text: str, display: str) -> Problem:
    """A problem for a YAML error: a syntax error, or a character YAML does not allow."""
    if isinstance(err, yaml.reader.ReaderError):
        line, column = _line_column(text[: err.position])
        message = f"the file holds a control character (U+{err.character:04X})"
        return Problem(display, line, column, message, "delete it, or save the file as plain text")
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if isinstance(err, _TooDeep):
        hint = f"nest lists and groups of fields at most {MAX_DEPTH} deep"
        return Problem(display, line, column, "the YAML is nested too deeply", hint)
    detail = getattr(err, "problem", None) or getattr(err, "context", None) or str(err)
    hint = "check the indentation, colons and quotes on this line and the one before"
    return Problem(display, line, column, f"YAML syntax error: {detail}", hint)


def _read_text(path: Path, display: str) -> str:
    """The text of a regular UTF-8 file inside its project (see `read_inside`)."""
    start = Path(os.path.abspath(path))
    project = nearest_project(start.parent) or start.parent
    try:
        raw = read_inside(path, project, MAX_BYTES)
    except Unreadable as err:
        line = 1 if err.message.startswith("the file is") else 0
        raise ProblemsFound([Problem(display, line, line, err.message, err.hint)]) from None
    if b"\0" in raw:
        hint = "save the study as plain UTF-8 text"
        raise ProblemsFound([Problem(display, 1, 1, "this is a binary file, not YAML text", hint)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, column = _line_column(raw[: err.start].decode("latin-1"))
        message = f"the file is not UTF-8 (byte 0x{raw[err.start]:02x})"
        hint = "save it as UTF-8 in your editor"
        raise ProblemsFound([Problem(display, line, column, message, hint)]) from None


def _line_column(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


class _Builder:
    """Turn a composed YAML node graph into plain data, bounded in size and depth."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[DataPath, Span] = {}
        self.keys: dict[DataPath, Span] = {}
        self.problems: list[Problem] = []
        self.refused: set[DataPath] = set()  # values left out because of a problem
        self.count = 0
        self.constructor = SafeConstructor()

    def _problem(self, node: yaml.Node, message: str, hint: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message, hint))

    def build(self, node: yaml.Node, path: DataPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES or len(path) > MAX_DEPTH:
            if self.count == MAX_NODES + 1 or len(path) == MAX_DEPTH + 1:
                hint = "remove repeated anchors/aliases (&name, *name) or deep nesting"
                self._problem(node, "the YAML expands to too much data", hint)
            self.refused.add(path)
            return None
        if node.tag not in ALLOWED_TAGS:
            self._problem(node, f"the tag {node.tag} is not allowed", "remove the !tag")
            self.refused.add(path)
            return None
        start, end = node.start_mark, node.end_mark
        quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        single = start.line == end.line
        self.values[path] = Span(start.line + 1, start.column + 1, single, quoted)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        known = len(self.problems)
        value = self._scalar(node)
        if len(self.problems) > known:
            self.refused.add(path)
        return value

    def _mapping(self, node: yaml.MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, "merge keys (<<) are not supported", "write the fields out")
                continue
            known = len(self.problems)
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if len(self.problems) > known:
                continue
            if not isinstance(key, str):
                self._problem(key_node, "a field name must be text", "write it as `name: value`")
                continue
            if key in result:
                first = self.keys[(*path, key)]
                message = f"duplicate field '{key}' (first given on line {first.line})"
                self._problem(key_node, message, "keep only one of them")
                continue
            mark = key_node.start_mark
            self.keys[(*path, key)] = Span(mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception:  # PyYAML fails in many ways on explicit tags (!!bool x, !!timestamp x)
            message, hint = _SCALAR_PROBLEMS.get(node.tag, _SCALAR_PROBLEMS[None])
            value = CONTROL.sub("?", str(node.value)[:40])
            self._problem(node, message.format(value=value), hint)
            return None
        bad = _bad_character(value) if isinstance(value, str) else None
        if bad is not None:
            self._problem(node, f"this text holds {bad}", "remove that escape from the text")
            return None
        return value


_SCALAR_PROBLEMS = {
    "tag:yaml.org,2002:timestamp": ("'{value}' is not a real date", "check the month and day"),
    "tag:yaml.org,2002:int": ("'{value}' is not a usable number", "write one like 6, or quote it"),
    None: ("'{value}' cannot be read", "put it in quotes"),
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _bad_character(text: str) -> str | None:
    """What makes text unprintable, if anything: a lone surrogate or a control character
    (both only reachable through escapes, and able to upset terminals and PDF writers)."""
    control = CONTROL.search(text)
    if control is not None:
        return f"a control character (U+{ord(control[0]):04X})"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"an invalid character (U+{ord(text[err.start]):04X})"
    return None
