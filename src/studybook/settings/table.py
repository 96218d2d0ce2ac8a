"""Read a roster's table: a CSV file, or the first sheet of an .xlsx or .ods spreadsheet.

Every cell becomes text as the file shows it (a date as YYYY-MM-DD, a time as HH:MM, a
whole number without ".0"), with the line an editor or spreadsheet shows for its row (the
header is line 1), so that every roster is checked the same way whatever it was saved as.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..project import Unreadable, read_inside, shown

MAX_BYTES = 20_000_000
MAX_UNPACKED = 200_000_000  # what a spreadsheet's zip may unpack to
MAX_ROWS = 100_000
MAX_CELL = 5_000
SPREADSHEETS = (".xlsx", ".xlsm", ".ods")
DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Row:
    """One row: its line as an editor shows it, and its cells (empty cells included)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A roster's header and rows (blank rows left out)."""

    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def read_table(path: Path) -> Table:
    """The table in a CSV or spreadsheet file, or the problem that stops it being read."""
    name = shown(path)
    try:
        data = read_inside(path, path.parent, MAX_BYTES)
    except Unreadable as err:
        raise ProblemsFound([Problem(name, message=err.message, hint=err.hint)]) from None
    if path.suffix.lower() in SPREADSHEETS:
        lines = _spreadsheet_rows(data, name)
    elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
        lines = _csv_rows(data, name)
    else:
        message = f"a roster is a .csv, .xlsx or .ods file, not '{path.suffix or path.name}'"
        raise ProblemsFound([Problem(name, message=message, hint="save the roster as CSV")])
    rows = []
    for line, cells in lines:
        if len(rows) > MAX_ROWS:
            message = f"the roster has more than {MAX_ROWS:,} rows"
            raise ProblemsFound([Problem(name, line, message=message, hint="split it in two")])
        if long := next((c for c in cells if len(c) > MAX_CELL), None):
            message = f"a cell holds {len(long):,} characters, more than the {MAX_CELL:,} allowed"
            raise ProblemsFound([Problem(name, line, message=message, hint="shorten it")])
        if any(cells):
            rows.append(Row(line, tuple(c.strip() for c in cells)))
    if not rows:
        message = "the roster is empty"
        hint = "put the column names on line 1 (church, group, start, …) and a church per line"
        raise ProblemsFound([Problem(name, message=message, hint=hint)])
    return Table(name, rows[0].cells, tuple(rows[1:]))


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """Each record of a CSV file with the line it starts on; the delimiter (comma,
    semicolon or tab, as spreadsheets write them) is the one the header uses most."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        message = "this file is not UTF-8 text"
        hint = "save it as \u201cCSV UTF-8\u201d (comma-delimited) from your spreadsheet"
        raise ProblemsFound([Problem(name, line, message=message, hint=hint)]) from None
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        hint = "check the quotes on this line: a quoted cell must end with a quote"
        raise ProblemsFound([Problem(name, start, message=f"{err}", hint=hint)]) from None
    return rows


def _spreadsheet_rows(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """The first sheet's rows, numbered as the spreadsheet shows them."""
    from python_calamine import CalamineError, CalamineWorkbook

    hint = "open it in your spreadsheet and save it again, or save it as CSV"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise ProblemsFound(
            [Problem(name, message="this is not a spreadsheet", hint=hint)]
        ) from None
    if unpacked > MAX_UNPACKED:
        message = f"the spreadsheet unpacks to {unpacked:,} bytes, more than {MAX_UNPACKED:,}"
        raise ProblemsFound([Problem(name, message=message, hint="save it as CSV")])
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError) as err:
        message = f"the spreadsheet cannot be read ({err})"
        raise ProblemsFound([Problem(name, message=message, hint=hint)]) from None
    return [(line, [_text(cell) for cell in cells]) for line, cells in enumerate(rows, 1)]


def _text(cell: object) -> str:
    """A cell as text: dates ISO, times HH:MM, whole numbers without a decimal point."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, time):
        return cell.strftime("%H:%M")
    return str(cell)
