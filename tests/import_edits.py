"""How many manual edits each study in tests/data/imports/ needs after `studybook import`:
the lines of the imported Markdown that differ from what a careful editor wrote
(`NN-name.expected.md`), blank lines and the importer's comments aside.

    python -m tests.import_edits
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from studybook.importers import import_study
from studybook.importers.sources import kind_of

FIXTURES = Path(__file__).parent / "data" / "imports"


def sources() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if ".expected." not in p.name)


def expected(source: Path) -> Path:
    return source.with_name(source.name.rsplit(".", 1)[0] + ".expected.md")


def lines(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.strip() and not line.startswith("<!--")]


def edits(imported: str, wanted: str) -> int:
    """Lines to add, delete or change to turn the imported study into the wanted one."""
    found = difflib.SequenceMatcher(None, lines(imported), lines(wanted), autojunk=False)
    return sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in found.get_opcodes() if op != "equal")


def imported(source: Path) -> str:
    return import_study(source.read_bytes(), kind_of(source.name) or "text", source.name).markdown


def main() -> None:
    total_edits = total_lines = 0
    for source in sources():
        wanted = expected(source).read_text(encoding="utf-8")
        count = edits(imported(source), wanted)
        size = len(lines(wanted))
        total_edits, total_lines = total_edits + count, total_lines + size
        print(f"{source.name:32} {count:3} edits in {size:3} lines")
    share = 100 * total_edits / max(total_lines, 1)
    print(f"{'all ' + str(len(sources())) + ' studies':32} {total_edits:3} edits in "
          f"{total_lines:3} lines ({share:.1f} %)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
