"""JSON Schemas (draft 2020-12) of the YAML study format and of `studybook.yaml`, made from
the models that check them, so that editors (VS Code's YAML extension) complete and check
fields as studybook would; each field is described by its docstring in the model."""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import json
import typing
from typing import Any

from pydantic import BaseModel

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS = ("study", "config")


def schema(which: str) -> dict[str, Any]:
    """The JSON Schema of a study file ("study") or of studybook.yaml ("config")."""
    if which == "study":
        from ..study import Study as root

        title = "studybook study"
        about = "A small-group Bible study: its title and its sessions, each blocks in order."
    else:
        from ..settings import ConfigFile as root

        title = "studybook.yaml"
        about = "What a church customises: names, meeting dates, paper, print production."
    found = root.model_json_schema()
    for model in models_in(root):
        where = found if model is root else found["$defs"].get(model.__name__, {})
        for name, text in _field_docs(model).items():
            if name in where.get("properties", {}):
                where["properties"][name]["description"] = text
    return {"$schema": DIALECT, **found, "title": title, "description": about}


def schema_text(which: str) -> str:
    """A schema as the JSON text of a `.schema.json` file."""
    return json.dumps(schema(which), indent=2, ensure_ascii=False) + "\n"


def models_in(annotation: Any, found: list[type[BaseModel]] | None = None) -> list[type[BaseModel]]:
    """The models an annotation holds, at any depth (the root model first)."""
    found = [] if found is None else found
    model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    if model and annotation not in found:
        found.append(annotation)
        for info in annotation.model_fields.values():
            models_in(info.annotation, found)
    for argument in typing.get_args(annotation):
        models_in(argument, found)
    return found


def _field_docs(model: type[BaseModel]) -> dict[str, str]:
    """Each field's docstring (the string under it), its own class's winning over a base's.
    Read from the source when a schema is made, so importing the models costs nothing."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if issubclass(klass, BaseModel) and klass is not BaseModel:
            docs |= _docs_in(inspect.getsourcefile(klass)).get(klass.__name__, {})
    return docs


@functools.cache
def _docs_in(path: str) -> dict[str, dict[str, str]]:
    """The field docstrings of every class in a source file."""
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            body = node.body
            found[node.name] = {
                field.target.id: " ".join(doc.value.value.split())
                for field, doc in itertools.pairwise(body)
                if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                and isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)
            }  # fmt: skip
    return found
