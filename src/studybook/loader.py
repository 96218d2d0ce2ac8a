"""Load a study file: safe YAML → typed model, with every problem positioned in the file."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import scripture
from .errors import Problem, ProblemsFound
from .model import Study
from .yamlread import DataPath, Document, read_yaml

STUDY_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedStudy:
    """A valid study, the file it came from, and every scripture reference in it."""

    path: Path
    study: Study
    citations: tuple[scripture.Citation, ...]

    @property
    def slug(self) -> str:
        return self.path.stem


def project_root(target: Path) -> Path:
    """The project a study belongs to: the nearest folder above it holding `content/`."""
    start = target.resolve()
    for folder in (start, *start.parents):
        if (folder / "content").is_dir():
            return folder
    return Path.cwd()


def find_studies(target: Path) -> list[Path]:
    """The study files a path names: the file itself, or every YAML file in a folder."""
    if target.is_dir():
        return sorted(p for p in target.iterdir() if p.suffix in STUDY_SUFFIXES and p.is_file())
    return [target]


def load_study(path: Path, display: str) -> LoadedStudy:
    """Validate a study file; raise ProblemsFound with every problem in it."""
    document = read_yaml(path, display)
    problems: list[Problem] = []
    study = None
    try:
        study = Study.model_validate(document.data)
    except ValidationError as err:
        problems += [_describe(document, e) for e in err.errors(include_url=False)]
    citations, bad_references = scripture.collect(document)
    problems += bad_references
    if problems or study is None:
        raise ProblemsFound(problems)
    return LoadedStudy(path, study, tuple(citations))


def _describe(document: Document, error: Any) -> Problem:
    """Turn one pydantic error into a positioned problem written for a volunteer."""
    loc: DataPath = tuple(p for p in error["loc"] if isinstance(p, int | str))
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "this value")
    kind = error["type"]
    if kind == "missing":
        return document.problem(
            loc[:-1], f"missing required field '{name}'", f"add a line `{name}: …` here"
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
        return document.problem(loc, f"unknown field '{name}'", hint, key=True)
    message, hint = _TYPE_MESSAGES.get(kind, ("'{name}': {msg}", "fix this value"))
    details = {**error.get("ctx", {}), "name": name, "msg": error["msg"]}
    return document.problem(loc, message.format(got=_kind_of(error["input"]), **details), hint)


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
    "greater_than_equal": ("'{name}' must be at least {ge}", "use a larger number"),
    "less_than_equal": ("'{name}' must be at most {le}", "use a smaller number"),
    "string_pattern_mismatch": ("'{name}' is not a language code", "use a code like en, es or de"),
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


def _fields_at(loc: DataPath) -> list[str]:
    """The field names the model allows at a location in the data."""
    model: type[BaseModel] = Study
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


def load_all(target: Path) -> list[LoadedStudy]:
    """Load every study a path names; raise ProblemsFound with the problems of all of them."""
    if not target.exists():
        hint = "run studybook in your project folder, or give the path of a study file"
        raise ProblemsFound([Problem(str(target), message="not found", hint=hint)])
    paths = find_studies(target)
    if not paths:
        hint = "add a study file ending in .yaml (see the README)"
        raise ProblemsFound([Problem(str(target), message="no study files here", hint=hint)])
    studies: list[LoadedStudy] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            studies.append(load_study(path, str(path)))
        except ProblemsFound as found:
            problems += found.problems
    if problems:
        raise ProblemsFound(problems)
    return studies
