"""Validate plain YAML data against a pydantic model, as positioned problems for volunteers."""

from __future__ import annotations

import copy
import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .blocks import BLOCK_KINDS
from .readers.document import DataPath, Document

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
        loc = data_loc(document.data, error["loc"])
        if not any(loc[: len(path)] == path for path in document.refused):
            problems.append(_describe(document, error, loc, model))
    try:
        return model.model_validate(_without(document.data, errors)), problems
    except ValidationError:
        return None, problems


def data_loc(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """Where an error is in the data. Pydantic puts the tag of a tagged union (a block's
    kind) into the location, before the block's own fields; such a tag is left out."""
    path: list[str | int] = []
    for i, part in enumerate(loc):
        tag = part in BLOCK_KINDS and isinstance(data, dict) and i + 1 < len(loc)
        if tag and not _holds(data.get(part), loc[i + 1]):
            continue  # a tag: what follows is a field of the block itself
        if not isinstance(part, int | str):
            continue
        path.append(part)
        data = _step(data, part)
    return tuple(path)


def _holds(data: Any, part: Any) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _step(data: Any, part: str | int) -> Any:
    return data[part] if _holds(data, part) else None


def _without(data: Any, errors: list[Any]) -> Any:
    """A copy of data without the fields that hold each error (the innermost named one)."""
    data = copy.deepcopy(data)
    for error in errors:
        loc = data_loc(data, error["loc"])
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


def _describe(document: Document, error: Any, loc: DataPath, root: type[BaseModel]) -> Problem:
    """Turn one pydantic error into a problem positioned in the document."""
    message, hint = describe(error, root)
    if error["type"] == "missing":
        return document.problem(loc[:-1], message, hint, key=True)
    return document.problem(loc, message, hint, key=error["type"] == "extra_forbidden")


def describe(error: Any, root: type[BaseModel]) -> tuple[str, str]:
    """What one pydantic error means and what to do about it, written for a volunteer."""
    loc: DataPath = tuple(p for p in error["loc"] if isinstance(p, int | str))
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "this value")
    kind = error["type"]
    if kind == "missing":
        return f"missing required field '{name}'", f"add a line `{name}: …` here"
    if kind == "extra_forbidden":
        allowed = _fields_at(root, tuple(error["loc"][:-1]))
        if name in MOVED_FIELDS and name not in allowed:
            return f"'{name}' is no longer a field here", MOVED_FIELDS[name]
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
        return f"unknown field '{name}'", hint
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        nested = kind == "union_tag_invalid"
        return _block_problem(error["input"], nested=nested, loc=loc)
    if kind == "list_type" and name in _ONE_OR_MORE:
        got = _kind_of(error["input"])
        return f"'{name}' should be text or a list of texts, not {got}", "write `- ` before each"
    if kind == "string_pattern_mismatch" and name in PATTERN_MESSAGES:
        return PATTERN_MESSAGES[name]
    message, hint = TYPE_MESSAGES.get(kind, ("'{name}': {msg}", "fix this value"))
    details = {**error.get("ctx", {}), "name": name, "msg": error["msg"]}
    return message.format(got=_kind_of(error["input"]), **details), hint


def _block_problem(value: Any, *, nested: bool, loc: DataPath) -> tuple[str, str]:
    """Why some data is not a block, and the form a block takes."""
    kinds = ", ".join(BLOCK_KINDS)
    if nested and ("opening" in loc or "closing" in loc):
        return "a part cannot stand in the opening or closing", "write its blocks there instead"
    if nested:
        hint = "parts nest one level deep: start the next part after this activity ends"
        return "an activity inside a part cannot hold another part", hint
    if isinstance(value, str):
        if value.rstrip().endswith("?"):
            return "this question is plain text", f"write it as a block: `- question: {value}`"
        return "this block is plain text", "write it as `- paragraph: …` (or another kind)"
    if not isinstance(value, dict):
        return f"a block should be a group of fields, not {_kind_of(value)}", f"kinds: {kinds}"
    present = [key for key in value if key in BLOCK_KINDS]
    if len(present) > 1:
        both = " and ".join(f"'{key}'" for key in present)
        return f"this block is two kinds at once ({both})", "make it two blocks, one of each"
    close = [c for key in value for c in difflib.get_close_matches(str(key), BLOCK_KINDS, n=1)]
    hint = f"did you mean '{close[0]}'?" if close else f"start it with one of: {kinds}"
    return "this block does not say what kind it is", hint


# The messages of the fields' checks, by what is wrong (the manual's Problems page lists them).
# Fields of an older format, and where what they held goes now.
MOVED_FIELDS = {
    "sections": "write each section as a block `- part: Heading` with its own `blocks:`",
    "questions": "write each question as a block, `- question: …`, where it belongs",
    "living_it_out": "write it as a block `- part: Living It Out This Week` with `bullets:`",
    "leader": "write notes for the leader as a block, `- leader_note: …`",
    "ref": "a verse's reference is written `verse: Exodus 32:32`",
    "paragraphs": "write each paragraph as a block, `- paragraph: …`",
    "quotes": "write each quotation as a block, `- quote: …` with its `ref:`",
    "heading": "a part's heading is written `- part: Heading`",
}
_ONE_OR_MORE = frozenset({"answer", "leader_note", "readings", "question"})
# A text field not written as its pattern asks.
PATTERN_MESSAGES = {
    "language": ("'language' is not a language code", "use a code like en, es or de"),
    "time": ("'time' is not a time of day", "write it as hours:minutes, e.g. 19:00"),
}
# Each kind of pydantic error: the message ({name} the field, {got} what was written) and hint.
TYPE_MESSAGES = {
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
    "minutes_exceeded": (
        "the {what} in this part take {asked} minutes, more than its {minutes}",
        "give the part more minutes, or what it holds fewer",
    ),
    "both_editions": (
        "a block cannot be for the leader only and the participant only",
        "keep one of `leader_only` and `participant_only`",
    ),
    "leader_note_participant": (
        "a leader note is for the leader only",
        "write it as a paragraph for the participants instead",
    ),
    "table_ragged": (
        "row {row} of this table has {cells} cells, but its header has {columns}",
        "give every row as many cells as the header (a cell may be empty)",
    ),
    "date_range": (
        "'{name}' must fall between {first} and {last}",
        "check the year",
    ),
    "less_than_equal": ("'{name}' must be at most {le}", "use a smaller number"),
    "literal_error": ("'{name}' must be one of {expected}", "pick one of those values"),
    "bool_type": ("'{name}' should be yes or no, not {got}", "write true or false"),
    "bool_parsing": ("'{name}' should be yes or no", "write true or false"),
    "int_parsing": ("'{name}' should be a whole number", "write a number like 6"),
    "int_from_float": ("'{name}' should be a whole number", "write a number like 6"),
    "float_parsing": ("'{name}' should be a number", "write a number like 2.5"),
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


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names the model allows at a location, as pydantic gives it: where a list
    holds a tagged union (blocks), the tag that follows the index names the member."""
    choices = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        by_kind = [m for m in choices if getattr(m, "kind", None) == part]
        if len(choices) > 1 and by_kind:
            choices = by_kind
            continue
        if part not in choices[0].model_fields:
            break
        inner = _models_in(choices[0].model_fields[part].annotation)
        if not inner:
            break
        choices = inner
    return list(choices[0].model_fields)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes inside an annotation like `list[Session]` or `Verse | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found += [m for m in _models_in(arg) if m not in found]
    return found
