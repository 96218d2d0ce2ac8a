"""The `studybook` command: thin click commands that call the pipeline stages."""

from __future__ import annotations

import shlex
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import Problem, ProblemsFound
from .jobs import Limits, Workers, available_cores
from .project import shown

if TYPE_CHECKING:
    from .pipeline import Written

PATH_ARGUMENT = click.argument(
    "path", required=False, default="content", type=click.Path(path_type=Path)
)


class InputProblems(click.ClickException):
    """Every problem in the user's input, one line each, exit status 1, no traceback."""

    def __init__(self, found: ProblemsFound, *, strict: bool = False) -> None:
        errors = sum(not p.warning for p in found.problems)
        warnings = len(found.problems) - errors
        counts = [f"{errors} problem(s)"] if errors else []
        counts += [_plural(warnings, "warning")] if warnings else []
        message = f"{' and '.join(counts)} found"
        super().__init__(message + (", and --strict makes warnings errors" if strict else ""))
        self.problems = found.problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(f"studybook: {self.message}", err=True)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. an ambiguous reference) as errors."
)


def _warn(warnings: list[Problem], strict: bool) -> None:
    """Print warnings; with --strict they are problems that stop the command."""
    if strict and warnings:
        raise InputProblems(ProblemsFound(warnings), strict=True)
    for warning in warnings:
        click.echo(str(warning), err=True)


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
        click.option(
            "--smart-punctuation/--no-smart-punctuation",
            default=None,
            help="Curly quotes, dashes and ellipses in the study's words (default on).",
        ),
        click.option(
            "--translation", help="Bible text: web (default), kjv, dr, asv… (see the README)."
        ),
        click.option(
            "--cover", type=click.Choice(["classic", "band", "frame"]), help="Cover design."
        ),
        click.option("--booklet/--no-booklet", default=None, help="Also write booklets to fold."),
        click.option("--creep", type=float, help="Booklet creep compensation in mm (0–5)."),
        click.option("--handouts/--no-handouts", default=None, help="Also write session handouts."),
        click.option("--bleed", type=float, help="Bleed in mm around each page, for print shops."),
        click.option("--marks", type=click.Choice(["crop", "none"]), help="Printer's marks."),
        click.option("--pdf-a/--no-pdf-a", default=None, help="Write archival PDF/A files."),
        click.option(
            "--pdf-ua/--no-pdf-ua", default=None, help="Tagged PDF for screen readers (default on)."
        ),
        click.option(
            "--pdf-x/--no-pdf-x", default=None, help="Write PDF/X-4 files for a print shop."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


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
@click.option(
    "--time-limit",
    type=click.IntRange(min=1, max=86_400),
    default=Limits.cpu_seconds,
    show_default=True,
    help="CPU seconds one PDF may take before it is stopped.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=256, max=1_048_576),
    default=Limits.memory_mb,
    show_default=True,
    help="Megabytes of memory one PDF may use before it is stopped.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@STRICT_OPTION
@_settings_options
def build(
    path: Path,
    edition: str,
    out_dir: Path | None,
    force: bool,
    jobs: int | None,
    time_limit: int,
    memory_limit: int,
    quiet: bool,
    strict: bool,
    **settings: object,
) -> None:
    """Build the PDFs and calendars of studies (a file, or every .md and .yaml file in a
    folder; default: content/)."""
    from .output import locked
    from .pipeline import BuildRequest

    cores = available_cores()
    if jobs is not None and jobs > cores:
        if not quiet:
            processes = "process" if cores == 1 else "processes"
            click.echo(f"using {cores} {processes}: this machine has {cores} cores")
        jobs = cores
    editions = ["leader", "participant"] if edition == "all" else [edition]
    request = BuildRequest(path, editions, out_dir, settings, force, strict)
    waiting = "waiting for another build writing to the same folder to finish…"
    with _problems_reported(), locked(request.base, lambda: quiet or click.echo(waiting)):
        key = request.cache_key()
        unchanged = request.unchanged(key)
        if unchanged is not None:
            if not quiet:
                files = _plural(len(unchanged), "file")
                click.echo(f"up to date: {files} unchanged (use --force to rebuild)")
            return
        workers = Workers(jobs, Limits(time_limit, memory_limit)).start()  # first: it is slow
        from .pipeline import plan_build, write

        plan = plan_build(request)
        _warn(plan.warnings, strict)
        finished = write(request, key, plan, workers)
        results = _follow(finished, plan.steps, quiet)
    _warn([w for written in results for w in written.warnings], strict=False)
    if not quiet:
        for target, instructions in (f for written in results for f in written.files):
            click.echo(f"wrote {shown(target)}")
            if instructions:
                click.echo(textwrap.indent(instructions, "    "))


def _follow(finished: Iterator, total: int, quiet: bool) -> list[Written]:
    """Wait for every file, showing progress: a bar on a terminal, else a line per file."""
    if quiet:
        return [written for _, written in finished]
    if sys.stdout.isatty():
        results = []
        with click.progressbar(length=total, label="Writing files", show_pos=True) as bar:
            for _, written in finished:
                results.append(written)
                bar.update(1)
        return results
    results = []
    for done, (job, written) in enumerate(finished, 1):
        results.append(written)
        click.echo(f"[{done}/{total}] made {job.target.name}")
    return results


@contextmanager
def _problems_reported() -> Iterator[None]:
    """Turn the project's own errors into one line per problem and exit status 1."""
    try:
        yield
    except ProblemsFound as found:
        only_warnings = all(p.warning for p in found.problems)  # stopping only with --strict
        raise InputProblems(found, strict=only_warnings) from None


@main.command()
@PATH_ARGUMENT
@click.option(
    "--references",
    is_flag=True,
    help="Also list every scripture reference: where, as written, what it means, verses.",
)
@STRICT_OPTION
@_settings_options
def check(path: Path, references: bool, strict: bool, **settings: object) -> None:
    """Validate studies and settings (a study file or folder of them; default: content/)."""
    from .pipeline import load_project

    with _problems_reported():
        project = load_project(path, settings)
    for loaded in project.studies:
        where = shown(loaded.path)
        if references:
            _list_references(where, loaded)
        if strict and loaded.warnings:
            continue
        sessions = loaded.study.sessions
        questions = sum(len(s.questions) for s in sessions)
        click.echo(
            f"{where}: ok — {_plural(len(sessions), 'session')}, "
            f"{_plural(questions, 'question')}, {_plural(len(loaded.citations), 'reference')}"
        )
    _warn([w for loaded in project.studies for w in loaded.warnings], strict)


def _list_references(where: str, loaded) -> None:
    """One line per reference: where, as written, what it resolved to, verses it adds;
    then the size of each edition's appendix."""
    from .scripture import appendix_ranges, audit, pages, verse_count

    for row in audit(loaded.citations):
        c = row.citation
        written = " ".join(c.reference.text.split())
        notes = [_plural(row.verses, "verse")]
        if row.new != row.verses:
            notes.append(f"{row.new or 'none'} new")
        if c.leader_only:
            notes.append("leader only")
        click.echo(
            f"{where}:{c.line}:{c.column}: {written} → {c.reference.label()} ({', '.join(notes)})"
        )
    for edition, leader in (("leader", True), ("participant", False)):
        ranges = appendix_ranges(loaded.citations, leader=leader)
        verses = verse_count(ranges)
        click.echo(
            f"{where}: {edition} appendix: {_plural(len(ranges), 'passage')}, "
            f"{_plural(verses, 'verse')}, about {_plural(pages(verses), 'page')}"
        )


@main.command()
@PATH_ARGUMENT
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on; 127.0.0.1 is this computer only.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to serve on (default: 8000, or a free one if it is taken; 0: a free one).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@_settings_options
def serve(path: Path, host: str, port: int | None, open_browser: bool, **settings: object) -> None:
    """Preview both editions in a web browser, rebuilt whenever a file is saved."""
    from .preview import serve as preview

    with _problems_reported():
        preview(path, settings, host, port, open_browser, click.echo)


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
def new(folder: Path) -> None:
    """Create a ready project in FOLDER (default: here): a starter study in content/, a
    commented studybook.yaml and an empty layouts/. Existing files are never overwritten."""
    from .starter import STUDY, create

    with _problems_reported():
        create(folder)
    here = folder == Path(".")
    click.echo(f"created a project in {'this folder' if here else folder}, with {STUDY}")
    click.echo("next:")
    if not here:
        click.echo(f"  cd {shlex.quote(str(folder))}")
    click.echo("  studybook build")
    click.echo("then write your study, and watch it with `studybook serve --open`")


@main.command()
@click.argument("which", type=click.Choice(["study", "config"]), default="study")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def schema(which: str, output: Path | None) -> None:
    """Print the JSON Schema of a YAML study (study, the default) or of studybook.yaml
    (config), for editors to complete and check fields."""
    from .starter import schema_text

    text = schema_text(which)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise click.ClickException(f"{output}: {err.strerror or err}") from None
