"""What a build shows while it writes, so that a long one is never silent.

On a terminal, one line rewritten in place: how many files are done, and each PDF being laid
out with the part it is on ("part 3/9"); it is cleared when the build ends. Elsewhere (a log,
a pipe), a line per file made, and with `verbose` a line per part too. Quiet: nothing.
"""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, TextIO

import click

from ..errors import one_line

if TYPE_CHECKING:  # the pipeline is imported when a build writes, not with the CLI
    from ..jobs import Workers
    from ..pipeline import BuildRequest, Plan, Written


class Progress:
    """The progress of writing `total` files, told of each part and each file as it comes."""

    def __init__(self, total: int, stream: TextIO, *, quiet: bool, verbose: bool) -> None:
        self.total = total
        self.stream = stream
        self.quiet = quiet
        self.verbose = verbose
        self.live = not quiet and not verbose and stream.isatty()
        self.done = 0
        self.parts: dict[str, str] = {}  # each file being laid out, and its part
        self._show()

    def part(self, name: str, part: int, parts: int) -> None:
        """File `name` is laying out part `part` of `parts`."""
        if self.verbose:
            self._say(f"{name}: part {part} of {parts}")
        self.parts[name] = f"{name} part {part}/{parts}"
        self._show()

    def made(self, name: str) -> None:
        """File `name` is written (staged, until the whole build succeeds)."""
        self.done += 1
        self.parts.pop(name, None)
        if not self.live:
            self._say(f"[{self.done}/{self.total}] made {name}")
        self._show()

    def close(self) -> None:
        """Clear the line shown on a terminal."""
        if self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _say(self, line: str) -> None:
        if not self.quiet:
            click.echo(line, file=self.stream)

    def _show(self) -> None:
        if not self.live:
            return
        width = shutil.get_terminal_size().columns - 1
        line = " · ".join([f"[{self.done}/{self.total}]", *self.parts.values()])
        if len(line) > width:
            line = line[: width - 1] + "…"
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()


def write_showing_progress(
    request: BuildRequest, key: str, plan: Plan, workers: Workers, *, quiet: bool, verbose: bool
) -> list[Written]:
    """Write every file of a build (see pipeline.write), showing each PDF's parts as they
    are laid out and each file as it is made."""
    from ..pipeline import write

    progress = Progress(plan.steps, sys.stdout, quiet=quiet, verbose=verbose)
    results = []
    try:
        news = lambda job, part: progress.part(one_line(job.target.name), *part)  # noqa: E731
        for job, written in write(request, key, plan, workers, news):
            results.append(written)
            progress.made(one_line(job.target.name))
    finally:
        progress.close()
    return results
