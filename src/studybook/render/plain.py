"""Plain data for layouts: what a template may see instead of Python objects.

Layouts may come from strangers, so their context holds only text, numbers, booleans, None,
tuples and frozen `Record`s of those: nothing with methods that reach the system.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import date, time
from enum import Enum
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel


class Record:
    """Frozen fields read by name (`view.number`) or key (`view["number"]`), nothing else.

    Not a Mapping on purpose: a field called `items` or `values` must mean the field.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, object]) -> None:
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> object:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> object:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("layout data is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._fields == other._fields

    def __hash__(self) -> int:
        return hash(tuple(self._fields))

    def __repr__(self) -> str:
        return f"Record({self._fields!r})"

    def __reduce__(self) -> tuple[type, tuple[dict[str, object]]]:
        return Record, (self._fields,)


Plain = str | int | float | bool | None | tuple | Record


def plain(value: Any) -> Plain:
    """Any model, dataclass, mapping or sequence as plain data, recursively.

    Dates and times become ISO text and paths become POSIX text; anything else that is not
    plain is refused, so a new kind of object can never slip into a layout unnoticed.
    """
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, BaseModel):
        return Record({name: plain(getattr(value, name)) for name in type(value).model_fields})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.repr}
        return Record({name: plain(v) for name, v in fields.items()})
    if isinstance(value, Record):
        return value
    if isinstance(value, Mapping):
        return Record({str(k): plain(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(plain(item) for item in value)
    raise TypeError(f"{type(value).__name__} is not plain data for a layout")
