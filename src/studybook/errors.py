"""User-facing problems: a position in a file, what is wrong, and what to do."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# What could break a line or forge what a terminal shows: control characters (C0, DEL, C1),
# Unicode's line and paragraph separators, and its direction overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """Text fit to print on one line of a terminal or the preview: every control character
    escaped (a newline shows as `\\n`, an escape as `\\x1b`)."""
    return _UNSAFE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    char = found[0]
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, printed like a compiler diagnostic, always on
    one line (file names and values are the user's: see `one_line`).

    An error stops the run; a warning (something doubtful, e.g. an ambiguous reference) is
    printed and the run goes on, unless the user asks for --strict.
    """

    file: str
    line: int = 0
    column: int = 0
    message: str = ""
    hint: str = ""
    warning: bool = False

    @property
    def where(self) -> str:
        """`file:line:column`, `file:line` when the column is unknown (a spreadsheet's
        cell names its column in the message), or the file alone; fit to print (see
        `one_line`)."""
        if not self.line:
            return one_line(self.file)
        column = f":{self.column}" if self.column else ""
        return one_line(f"{self.file}:{self.line}{column}")

    def __str__(self) -> str:
        text = f"{self.where}: {'warning: ' if self.warning else ''}{one_line(self.message)}"
        return f"{text} — {one_line(self.hint)}" if self.hint else text


class ProblemsFound(Exception):
    """Raised with every problem found, so the user can fix them all in one go (with any
    warnings found on the way, which are worth fixing too)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        """Pickle with the problems, so worker processes can report them."""
        return ProblemsFound, (self.problems,)
