"""Safe YAML reading that remembers where every key and value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .errors import Problem, ProblemsFound

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
    """Plain data read from YAML, with a span for every value and mapping key."""

    file: str
    data: Any
    values: dict[DataPath, Span] = field(default_factory=dict)
    keys: dict[DataPath, Span] = field(default_factory=dict)

    def span(self, path: DataPath, *, key: bool = False) -> Span:
        """The span of a path, falling back to its nearest known ancestor."""
        table = self.keys if key else self.values
        while path and path not in table:
            path = path[:-1]
            table = self.values
        return table.get(path, Span(1, 1))

    def problem(
        self, path: DataPath, message: str, hint: str = "", *, key: bool = False, offset: int = 0
    ) -> Problem:
        """A problem positioned at a path (and a character offset inside its text)."""
        line, column = self.span(path, key=key).at(offset)
        return Problem(self.file, line, column, message, hint)


def read_yaml(path: Path, display: str) -> Document:
    """Read one YAML file safely; raise ProblemsFound naming every problem in it."""
    text = _read_text(path, display)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {err.problem or err.context}"
        hint = "check the indentation, colons and quotes on this line and the one before"
        raise ProblemsFound([Problem(display, line, column, message, hint)]) from None
    if node is None:
        hint = "write the study's title and sessions in it (see the README)"
        raise ProblemsFound([Problem(display, 1, 1, "the file is empty", hint)])
    builder = _Builder(display)
    data = builder.build(node, ())
    if builder.problems:
        raise ProblemsFound(builder.problems)
    return Document(display, data, builder.values, builder.keys)


def _read_text(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problem = Problem(display, message="file not found", hint="check the path")
        raise ProblemsFound([problem]) from None
    except OSError as err:
        message = f"cannot read the file ({err.strerror})"
        problem = Problem(display, message=message, hint="check its permissions")
        raise ProblemsFound([problem]) from None
    if len(raw) > MAX_BYTES:
        message = f"the file is {len(raw):,} bytes, more than the {MAX_BYTES:,} allowed"
        raise ProblemsFound([Problem(display, 1, 1, message, "split the study into smaller files")])
    if b"\0" in raw:
        hint = "save the study as plain UTF-8 text"
        raise ProblemsFound([Problem(display, 1, 1, "this is a binary file, not YAML text", hint)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"the file is not UTF-8 (byte 0x{raw[err.start]:02x})"
        hint = "save it as UTF-8 in your editor"
        raise ProblemsFound([Problem(display, line, column, message, hint)]) from None


class _Builder:
    """Turn a composed YAML node graph into plain data, bounded in size and depth."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[DataPath, Span] = {}
        self.keys: dict[DataPath, Span] = {}
        self.problems: list[Problem] = []
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
            return None
        if node.tag not in ALLOWED_TAGS:
            self._problem(node, f"the tag {node.tag} is not allowed", "remove the !tag")
            return None
        start, end = node.start_mark, node.end_mark
        quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        single = start.line == end.line
        self.values[path] = Span(start.line + 1, start.column + 1, single, quoted)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, "merge keys (<<) are not supported", "write the fields out")
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
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
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError):
            self._problem(node, f"'{node.value}' is not a real date", "check the month and day")
        return None
