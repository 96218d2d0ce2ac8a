"""How commands report the user's problems: one line each, a count at the end, exit status
1 and no traceback (`problems_reported`); warnings printed, or with --strict stopping the
command (`warn`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import Problem, ProblemsFound


class InputProblems(click.ClickException):
    """Every problem in the user's input, one line each, exit status 1, no traceback."""

    def __init__(self, found: ProblemsFound, *, strict: bool = False) -> None:
        errors = sum(not p.warning for p in found.problems)
        warnings = len(found.problems) - errors
        counts = [f"{errors} problem(s)"] if errors else []
        counts += [plural(warnings, "warning")] if warnings else []
        message = f"{' and '.join(counts)} found"
        super().__init__(message + (", and --strict makes warnings errors" if strict else ""))
        self.problems = found.problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"studybook: {self.message}", err=True)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def warn(warnings: list[Problem], strict: bool) -> None:
    """Print warnings; with --strict they are problems that stop the command."""
    if strict and warnings:
        raise InputProblems(ProblemsFound(warnings), strict=True)
    for warning in warnings:
        click.echo(str(warning), err=True)


@contextmanager
def problems_reported() -> Iterator[None]:
    """Turn the project's own errors into one line per problem and exit status 1."""
    try:
        yield
    except ProblemsFound as found:
        only_warnings = all(p.warning for p in found.problems)  # stopping only with --strict
        raise InputProblems(found, strict=only_warnings) from None
