"""A roster: one church's settings per row of a spreadsheet, under the names `studybook.yaml`
uses, with the file's settings as defaults and the command's options over both.

Every row is checked on its own: a wrong cell is a problem at its row and column
(`churches.csv:17: start: …`) that rules out that church only, while a problem in the
defaults or in the roster's header stops the whole run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, ProblemsFound
from .bibles import Bibles
from .config import (
    CONFIG_NAME,
    BuildOptions,
    SetFields,
    _checked_layer,
    _file_layers,
    _Layer,
    _options_layer,
    _resolve,
)
from .schedule import Origin
from .table import Table, read_table

LISTS = ("skip", "dates")  # cells holding several dates, split at commas, semicolons or spaces
COLUMNS = [name for name in SetFields.model_fields]
NOTE = "#"  # a column whose heading starts with it is the roster keeper's own


@dataclass(frozen=True)
class Church:
    """One row of a roster: where it is, its settings as given (what its build's cache
    keys on), and its build options or the problems that rule it out."""

    file: str
    line: int
    settings: dict[str, Any]
    options: BuildOptions | None
    problems: tuple[Problem, ...] = ()

    @property
    def name(self) -> str:
        """The church and group, as the footer prints them, or the row."""
        names = [self.settings.get(k) for k in ("church", "group")]
        return " · ".join(str(n) for n in names if n) or f"row {self.line}"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def load_roster(project: Path, options: dict[str, Any], roster: Path) -> list[Church]:
    """Every church of a roster, checked row by row. Raises the problems that stop the
    whole run (in the defaults, the options or the header) with every row's problems."""
    problems: list[Problem] = []
    cli = _options_layer(options, problems)
    top, entries = _file_layers(project / CONFIG_NAME, problems)
    if entries:
        message = "studybook.yaml lists a batch, and --roster gives the churches too"
        hint = "remove `batch:` from studybook.yaml, or build without --roster"
        problems.append(top.origins["batch"].problem(message, hint))
    defaults = cli.over(top)
    bibles = Bibles(project)  # each Bible is read once, for every row that names it
    _resolve(defaults, bibles, batch=True, problems=problems)
    try:
        table = read_table(roster)
    except ProblemsFound as found:
        raise ProblemsFound([*problems, *found.problems]) from None
    columns = _columns(table, problems)
    churches = [_church(table, row, columns, defaults, bibles, problems) for row in table.rows]
    churches = _one_folder_each(churches)
    if problems:
        raise ProblemsFound([*problems, *(p for church in churches for p in church.problems)])
    return churches


def _columns(table: Table, problems: list[Problem]) -> dict[int, tuple[str, str]]:
    """The setting each column holds, by position, with its heading as written; problems
    at line 1 for headings that name no setting, or one another column names too."""
    columns: dict[int, tuple[str, str]] = {}
    for i, heading in enumerate(table.header):
        if heading.startswith(NOTE):
            continue
        if not heading:
            if any(i < len(row.cells) and row.cells[i] for row in table.rows):
                message = f"column {_letters(i)} holds values but has no name on line 1"
                hint = "name it (church, group, start, …), or start its name with # for notes"
                problems.append(Problem(table.file, 1, message=message, hint=hint))
            continue
        name = re.sub(r"[\s-]+", "_", heading.casefold())
        where = Origin(table.file, 1, name=heading)
        if name not in COLUMNS or name == "batch":
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use the names of studybook.yaml"
            hint += f" (or start the column's name with {NOTE} to keep it as a note)"
            problems.append(where.problem("not a setting studybook knows", hint))
        elif any(name == taken for taken, _ in columns.values()):
            message = f"another column is '{name}' too"
            problems.append(where.problem(message, "keep one column per setting"))
        else:
            columns[i] = (name, heading)
    return columns


def _church(
    table: Table,
    row: Any,
    columns: dict[int, tuple[str, str]],
    defaults: _Layer,
    bibles: Bibles,
    stopping: list[Problem],
) -> Church:
    """A row's church: its cells over the defaults, with the problems that are its own."""
    found: list[Problem] = []
    given: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    for i, text in enumerate(row.cells):
        if not text:
            continue
        if i not in columns:
            if i >= len(table.header):
                message = f"column {_letters(i)} holds a value but has no name on line 1"
                found.append(Problem(table.file, row.line, message=message, hint=_EXTRA_HINT))
            continue
        name, heading = columns[i]
        given[name] = [d for d in re.split(r"[\s,;]+", text) if d] if name in LISTS else text
        origins[name] = Origin(table.file, row.line, name=heading)
    layer = _checked_layer(given, origins, found).over(defaults)
    if not layer.values.get("church"):
        origin = Origin(table.file, row.line, name="church")
        found.append(origin.problem("this row names no church", "write the church's name"))
    options = _resolve(layer, bibles, batch=True, problems=found)
    own = tuple(sorted(set(found) - set(stopping)))
    return Church(table.file, row.line, layer.values, None if own else options, own)


_EXTRA_HINT = "remove the value, or add a name for its column on line 1"


def _one_folder_each(churches: list[Church]) -> list[Church]:
    """The churches, with a problem at each row whose output folder another row's is too."""
    rows: dict[str, list[int]] = {}
    for church in churches:
        if church.options is not None:
            rows.setdefault(str(church.options.folder), []).append(church.line)
    checked = []
    for church in churches:
        folder = church.options.folder if church.options else None
        lines = rows.get(str(folder), [])
        if len(lines) > 1:
            others = " and ".join(str(n) for n in lines if n != church.line)
            message = f"the church on line {others} would write to output/{folder} too"
            hint = "give each church a different name or group"
            problem = Origin(church.file, church.line, name="church").problem(message, hint)
            church = Church(church.file, church.line, church.settings, None, (problem,))
        checked.append(church)
    return checked


def _letters(index: int) -> str:
    """A column's letters as spreadsheets show them: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
