"""Validate plain YAML data against a pydantic model, as positioned problems for volunteers."""

from __future__ import annotations

import copy
import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yamlread import DataPath, Document

M = TypeVar("M", bound=BaseModel)


def validate(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The document as a model instance, and every problem found in reading and checking it.

    With problems, the instance holds what is valid, so later checks can still run: fields
    with problems are left out (None if the model cannot do without them). A value the
    reader already refused is not reported again.
    """
    problems = list(document.problems)
    try:
        return model.model_validate(document.data), problems
    except ValidationError as err:
        errors = err.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        if not any(loc[: len(path)] == path for path in document.refused):
            problems.append(_describe(document, error, model))
    try:
        return model.model_validate(_without(document.data, errors)), problems
    except ValidationError:
        return None, problems


def _without(data: Any, errors: list[Any]) -> Any:
    """A copy of data without the fields that hold each error (the innermost named one)."""
    data = copy.deepcopy(data)
    for error in errors:
        loc = error["loc"]
        named = max((i for i, part in enumerate(loc) if isinstance(part, str)), default=None)
        if named is None:
            continue
        parent = data
        try:
            for part in loc[:named]:
                parent = parent[part]
            del parent[loc[named]]
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _describe(document: Document, error: Any, root: type[BaseModel]) -> Problem:
    """Turn one pydantic error into a problem positioned in the document."""
    loc: DataPath = tuple(p for p in error["loc"] if isinstance(p, int | str))
    message, hint = describe(error, root)
    if error["type"] == "missing":
        return document.problem(loc[:-1], message, hint)
    return document.problem(loc, message, hint, key=error["type"] == "extra_forbidden")


def describe(error: Any, root: type[BaseModel]) -> tuple[str, str]:
    """What one pydantic error means and what to do about it, written for a volunteer."""
    loc: DataPath = tuple(p for p in error["loc"] if isinstance(p, int | str))
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "this value")
    kind = error["type"]
    if kind == "missing":
        return f"missing required field '{name}'", f"add a line `{name}: …` here"
    if kind == "extra_forbidden":
        allowed = _fields_at(root, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
        return f"unknown field '{name}'", hint
    if kind == "string_pattern_mismatch" and name in _PATTERN_MESSAGES:
        return _PATTERN_MESSAGES[name]
    message, hint = _TYPE_MESSAGES.get(kind, ("'{name}': {msg}", "fix this value"))
    details = {**error.get("ctx", {}), "name": name, "msg": error["msg"]}
    return message.format(got=_kind_of(error["input"]), **details), hint


_PATTERN_MESSAGES = {
    "language": ("'language' is not a language code", "use a code like en, es or de"),
    "time": ("'time' is not a time of day", "write it as hours:minutes, e.g. 19:00"),
}
_TYPE_MESSAGES = {
    "string_type": ("'{name}' should be text, not {got}", "put the value in quotes"),
    "int_type": ("'{name}' should be a whole number, not {got}", "write a number like 6"),
    "list_type": (
        "'{name}' should be a list, not {got}",
        "write each item on a line of its own starting with '- '",
    ),
    "model_type": (
        "'{name}' should be a group of fields, not {got}",
        "write `field: value` lines indented under it",
    ),
    "string_too_short": ("'{name}' is empty", "write some text or remove the field"),
    "too_short": ("'{name}' needs at least one item", "add an item starting with '- '"),
    "string_too_long": (
        "'{name}' is longer than the {max_length:,} characters allowed",
        "shorten it, or split it into several items",
    ),
    "too_long": (
        "'{name}' has more than the {max_length} items allowed",
        "split the study into several studies",
    ),
    "greater_than_equal": ("'{name}' must be at least {ge}", "use a larger number"),
    "finite_number": ("'{name}' must be a number", "write a number like 3"),
    "less_than_equal": ("'{name}' must be at most {le}", "use a smaller number"),
    "literal_error": ("'{name}' must be one of {expected}", "pick one of those values"),
    "bool_type": ("'{name}' should be yes or no, not {got}", "write true or false"),
    "date_type": ("'{name}' should be a date, not {got}", "write it as YYYY-MM-DD"),
    "date_parsing": ("'{name}' is not a real date", "write it as YYYY-MM-DD, e.g. 2027-01-13"),
    "date_from_datetime_parsing": (
        "'{name}' is not a real date",
        "write it as YYYY-MM-DD, e.g. 2027-01-13",
    ),
}


def _kind_of(value: object) -> str:
    match value:
        case bool():
            return "yes/no"
        case int() | float():
            return "a number"
        case str():
            return "text"
        case list():
            return "a list"
        case dict():
            return "a group of fields"
        case None:
            return "nothing"
    return type(value).__name__


def _fields_at(model: type[BaseModel], loc: DataPath) -> list[str]:
    """The field names the model allows at a location in the data."""
    for part in loc:
        if isinstance(part, int):
            continue
        inner = _model_in(model.model_fields[part].annotation)
        if inner is None:
            break
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation like `list[Session]` or `KeyVerse | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
