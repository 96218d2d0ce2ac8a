"""Safe YAML reading that remembers where every key and value came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ...errors import Problem, ProblemsFound
from .document import (
    DataPath,
    Document,
    Span,
    bad_character,
    line_column,
    printable,
    read_text,
)

MAX_NODES = 100_000
MAX_DEPTH = 40

ALLOWED_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def read_yaml(path: Path, display: str) -> Document:
    """Read one YAML file safely. Problems that leave no data to check (unreadable, not
    YAML, empty, not a mapping) are raised; the others (a duplicate field, a tag, too much
    data) are kept in `problems` beside what could be read, so checking can go on."""
    return parse_yaml(read_text(path, display, "YAML"), display)


def parse_yaml(text: str, display: str) -> Document:
    """Read YAML text safely, as `read_yaml` does (positions count from the text's start)."""
    try:
        node = yaml.compose(text, Loader=_BoundedLoader)
    except yaml.YAMLError as err:
        raise ProblemsFound([_syntax_problem(err, text, display)]) from None
    if node is None:
        hint = "write the study's title and sessions in it (see the manual, Write a study)"
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
        line, column = line_column(text[: err.position])
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
        elif isinstance(value, str) and not single and not quoted:
            breaks = _line_starts(node, value)
            self.values[path] = Span(start.line + 1, start.column + 1, breaks=breaks)
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
            value = printable(str(node.value))
            self._problem(node, message.format(value=value), hint)
            return None
        bad = bad_character(value) if isinstance(value, str) else None
        if bad is not None:
            self._problem(node, f"this text holds {bad[0]}", "remove that escape from the text")
            return None
        return value


_SCALAR_PROBLEMS = {
    "tag:yaml.org,2002:timestamp": ("'{value}' is not a real date", "check the month and day"),
    "tag:yaml.org,2002:int": ("'{value}' is not a usable number", "write one like 6, or quote it"),
    None: ("'{value}' cannot be read", "put it in quotes"),
}


def _line_starts(node: yaml.ScalarNode, value: str) -> tuple[tuple[int, int, int], ...]:
    """Where each later line of a plain or block scalar written over several lines starts,
    as (offset in the value, line, column): each line's words are in the value, in order,
    only their indentation and line breaks changed."""
    source = node.start_mark.buffer
    if not isinstance(source, str):
        return ()
    lines = source[node.start_mark.pointer : node.end_mark.pointer].split("\n")
    breaks: list[tuple[int, int, int]] = []
    offset = 0 if node.style in ("|", ">") else len(lines[0].strip(" "))  # after a plain first line
    for number, line in enumerate(lines[1:], start=node.start_mark.line + 2):
        words = line.strip(" ")
        found = value.find(words, offset) if words else -1
        if found < 0:
            continue
        breaks.append((found, number, len(line) - len(line.lstrip(" ")) + 1))
        offset = found + len(words)
    return tuple(breaks)
