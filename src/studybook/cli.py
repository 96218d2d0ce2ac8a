"""The `studybook` command: thin click commands that call the pipeline stages."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .errors import ProblemsFound

PATH_ARGUMENT = click.argument(
    "path", required=False, default="content", type=click.Path(path_type=Path)
)


class InputProblems(click.ClickException):
    """Every problem in the user's input, one line each, exit status 1, no traceback."""

    def __init__(self, found: ProblemsFound) -> None:
        super().__init__(f"{len(found.problems)} problem(s) found")
        self.problems = found.problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"studybook: {self.message}", err=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studybook")
def main() -> None:
    """Turn Bible-study content into printable leader guides and participant handouts."""


def _settings_options(command):
    """The customisation options shared by commands; each overrides studybook.yaml."""
    options = [
        click.option("--church", help="Church name, printed on the cover and in the footer."),
        click.option("--group", help="Group name."),
        click.option("--leader", help="Leader's name, printed on the cover."),
        click.option("--logo", help="PNG, JPEG or SVG file inside the project, for the cover."),
        click.option("--place", help="Where the group meets."),
        click.option("--start", help="Date of the first meeting, YYYY-MM-DD."),
        click.option("--every", type=click.Choice(["week", "2weeks", "month"]), help="How often."),
        click.option("--skip", multiple=True, help="A meeting date to skip (repeatable)."),
        click.option("--time", help="Meeting time, 24-hour HH:MM."),
        click.option("--duration", type=int, help="Meeting length in minutes (default 90)."),
        click.option("--timezone", help="Where the group meets, e.g. America/Chicago (IANA)."),
        click.option("--locale", help="Locale for dates, e.g. en_US (default), en_GB, es, de."),
        click.option(
            "--paper", type=click.Choice(["half-letter", "letter", "a5", "a4"]), help="Page size."
        ),
        click.option("--large-print/--standard-print", default=None, help="Large-print edition."),
        click.option("--translation", type=click.Choice(["web", "kjv"]), help="Bible text."),
        click.option("--booklet/--no-booklet", default=None, help="Also write booklets to fold."),
        click.option("--creep", type=float, help="Booklet creep compensation in mm (0–5)."),
        click.option("--handouts/--no-handouts", default=None, help="Also write session handouts."),
        click.option("--bleed", type=float, help="Bleed in mm around each page, for print shops."),
        click.option("--marks", type=click.Choice(["crop", "none"]), help="Printer's marks."),
        click.option("--pdf-a/--no-pdf-a", default=None, help="Write archival PDF/A files."),
        click.option(
            "--pdf-ua/--no-pdf-ua", default=None, help="Tagged PDF for screen readers (default on)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


@main.command()
@PATH_ARGUMENT
@click.option(
    "--edition",
    type=click.Choice(["leader", "participant", "all"]),
    default="all",
    show_default=True,
    help="Which edition to build.",
)
@click.option(
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the PDFs and calendars go under (default: the project's output/).",
)
@click.option("--force", is_flag=True, help="Rebuild even if nothing has changed.")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@_settings_options
def build(
    path: Path,
    edition: str,
    out_dir: Path | None,
    force: bool,
    jobs: int | None,
    quiet: bool,
    **settings: object,
) -> None:
    """Build the PDFs and calendars of studies (a file, or every .yaml file in a folder;
    default: content/)."""
    from .request import BuildRequest
    from .workers import Workers

    editions = ["leader", "participant"] if edition == "all" else [edition]
    request = BuildRequest(path, editions, out_dir, settings, force, jobs)
    key = request.cache_key()
    unchanged = request.unchanged(key)
    if unchanged is not None:
        if not quiet:
            files = _plural(len(unchanged), "file")
            click.echo(f"up to date: {files} unchanged (use --force to rebuild)")
        return
    with Workers(jobs) as workers, _problems_reported():
        from .pipeline import plan_build, write

        plan = plan_build(request)
        finished = write(request, key, plan, workers)
        written = _follow(finished, plan.steps, quiet)
    if not quiet:
        for target, instructions in written:
            click.echo(f"wrote {_shown(target)}")
            if instructions:
                click.echo(textwrap.indent(instructions, "    "))


def _follow(finished: Iterator, total: int, quiet: bool) -> list[tuple[Path, str | None]]:
    """Wait for every file, showing progress: a bar on a terminal, else a line per file."""
    written = []
    if quiet:
        for _, paths in finished:
            written += paths
    elif sys.stdout.isatty():
        with click.progressbar(length=total, label="Writing files", show_pos=True) as bar:
            for _, paths in finished:
                written += paths
                bar.update(1)
    else:
        for done, (job, paths) in enumerate(finished, 1):
            written += paths
            click.echo(f"[{done}/{total}] made {job.target.name}")
    return written


@contextmanager
def _problems_reported() -> Iterator[None]:
    """Turn the project's own errors into one line per problem and exit status 1."""
    try:
        yield
    except ProblemsFound as found:
        raise InputProblems(found) from None


@main.command()
@PATH_ARGUMENT
@_settings_options
def check(path: Path, **settings: object) -> None:
    """Validate studies and settings (a study file or folder of them; default: content/)."""
    from .pipeline import load_project

    with _problems_reported():
        project = load_project(path, settings)
    for loaded in project.studies:
        sessions = loaded.study.sessions
        questions = sum(len(s.questions) for s in sessions)
        click.echo(
            f"{_shown(loaded.path.absolute())}: ok — {_plural(len(sessions), 'session')}, "
            f"{_plural(questions, 'question')}, {_plural(len(loaded.citations), 'reference')}"
        )
