"""User-facing problems: a position in a file, what is wrong, and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, printed like a compiler diagnostic.

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
        cell names its column in the message), or the file alone."""
        if not self.line:
            return self.file
        column = f":{self.column}" if self.column else ""
        return f"{self.file}:{self.line}{column}"

    def __str__(self) -> str:
        text = f"{self.where}: {'warning: ' if self.warning else ''}{self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ProblemsFound(Exception):
    """Raised with every problem found, so the user can fix them all in one go (with any
    warnings found on the way, which are worth fixing too)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        """Pickle with the problems, so worker processes can report them."""
        return ProblemsFound, (self.problems,)
