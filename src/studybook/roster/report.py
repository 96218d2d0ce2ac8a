"""A roster run's account of every church: built, skipped (unchanged), failed with its
problems, or not built (a run stopped early); the summary line, and the report file, JSON
or CSV, for the office's own tools."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..project import write_atomically
from ..settings import Church

STATUSES = ("built", "skipped", "failed", "not built")
WORDS = {"skipped": "skipped (unchanged)", "failed": "failed", "not built": "not built"}


@dataclass
class Outcome:
    """What became of one church."""

    church: Church
    status: str = "not built"
    files: list[str] = field(default_factory=list)  # relative to the output folder
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float | None = None
    printings: list = field(default_factory=list, repr=False)  # (study, its options)

    @property
    def folder(self) -> str:
        options = self.church.options
        return (options.folder or "") if options is not None else ""

    def record(self) -> dict[str, object]:
        """The church's line of the report."""
        settings = self.church.settings
        return {
            "line": self.church.line,
            "church": settings.get("church", ""),
            "group": settings.get("group", ""),
            "folder": self.folder,
            "status": self.status,
            "files": self.files,
            "problems": [str(p) for p in self.problems],
            "warnings": [str(p) for p in self.warnings],
            "seconds": None if self.seconds is None else round(self.seconds, 2),
        }


def summary(outcomes: list[Outcome]) -> str:
    """`300 churches: 280 built, 8 skipped (unchanged), 12 failed`."""
    counts = Counter(o.status for o in outcomes)
    parts = [f"{counts[s]:,} {WORDS.get(s, s)}" for s in STATUSES if counts[s]]
    return f"{churches(len(outcomes))}: {', '.join(parts)}"


def churches(count: int) -> str:
    return f"{count:,} {'church' if count == 1 else 'churches'}"


def write_report(path: Path, roster: str, outcomes: list[Outcome]) -> None:
    """The report: CSV for a `.csv` path (a row per church), else JSON."""
    records = [o.record() for o in outcomes]
    if path.suffix.lower() == ".csv":
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=list(records[0]) if records else ["line"])
        writer.writeheader()
        for record in records:
            lists = ("files", "problems", "warnings")
            writer.writerow({k: "\n".join(v) if k in lists else v for k, v in record.items()})
        data = text.getvalue().encode("utf-8")
    else:
        counts = Counter(o.status for o in outcomes)
        report = {
            "roster": roster,
            "summary": {status: counts[status] for status in STATUSES},
            "churches": records,
        }
        data = (json.dumps(report, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    write_atomically(path, data)
