"""The `studybook` command: thin click commands that call the pipeline stages."""

from __future__ import annotations

import shlex
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .console import QUIET, VERBOSE, CommandGroup, choice, system_notes
from .errors import Problem, ProblemsFound, one_line
from .jobs import Limits, Workers, available_cores
from .project import PACKAGE_LAYOUTS, shown, studies_path

PATH_ARGUMENT = click.argument("path", required=False, type=click.Path(path_type=Path))


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


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else words or word + 's'}"


STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. an ambiguous reference) as errors."
)


def _limit_options(command):
    """--time-limit and --memory-limit: what checking the project, and writing each file,
    may use (lowered to what the shell allows)."""
    command = click.option(
        "--memory-limit",
        type=click.IntRange(min=256, max=1_048_576),
        default=Limits.memory_mb,
        show_default=True,
        help="Megabytes of memory checking the project, or one PDF, may use.",
    )(command)
    return click.option(
        "--time-limit",
        type=click.IntRange(min=1, max=86_400),
        default=Limits.cpu_seconds,
        show_default=True,
        help="CPU seconds checking the project, or one PDF, may take before it is stopped.",
    )(command)


def _limits(time_limit: int, memory_limit: int, quiet: bool = False) -> Limits:
    """The limits asked for, lowered to what the shell allows, saying so."""
    limits, notes = Limits(time_limit, memory_limit).fitted()
    for note in notes if not quiet else ():
        click.echo(note, err=True)
    return limits


def _warn(warnings: list[Problem], strict: bool) -> None:
    """Print warnings; with --strict they are problems that stop the command."""
    if strict and warnings:
        raise InputProblems(ProblemsFound(warnings), strict=True)
    for warning in warnings:
        click.echo(str(warning), err=True)


@click.group(
    cls=CommandGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="studybook")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn Bible-study content into printable leader guides and participant handouts.

    Start with `studybook new my-study`; then, in the project folder (or any folder in
    it), `studybook serve --open` to watch it while you write and `studybook build` for the
    PDFs to print."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _settings_options(command):
    """The customisation options shared by commands; each overrides studybook.yaml."""
    options = [
        click.option("--church", help="Church name, printed on the cover and in the footer."),
        click.option("--group", help="Group name."),
        click.option("--leader", help="Leader's name, printed on the cover."),
        click.option("--logo", help="PNG, JPEG or SVG file inside the project, for the cover."),
        click.option("--place", help="Where the group meets."),
        click.option("--start", help="Date of the first meeting, YYYY-MM-DD."),
        click.option("--every", type=choice("week", "2weeks", "month"), help="How often."),
        click.option("--skip", multiple=True, help="A meeting date to skip (repeatable)."),
        click.option("--time", help="Meeting time, 24-hour HH:MM."),
        click.option("--duration", type=int, help="Meeting length in minutes (default 90)."),
        click.option("--timezone", help="Where the group meets, e.g. America/Chicago (IANA)."),
        click.option(
            "--locale",
            help="Locale for dates, e.g. en_GB, es_MX (default: the study's language).",
        ),
        click.option(
            "--paper", type=choice("half-letter", "letter", "a5", "a4"), help="Page size."
        ),
        click.option("--large-print/--standard-print", default=None, help="Large-print edition."),
        click.option(
            "--shape",
            type=choice("booklet", "sheet"),
            help="The participant edition: a booklet, or a sheet without cover and contents.",
        ),
        click.option(
            "--translation",
            help="Bible text: web (default), kjv, dr … or a SWORD module (see the README).",
        ),
        click.option("--booklet/--no-booklet", default=None, help="Also write booklets to fold."),
        click.option("--creep", type=float, help="Booklet creep compensation in mm (0–5)."),
        click.option("--handouts/--no-handouts", default=None, help="Also write session handouts."),
        click.option("--bleed", type=float, help="Bleed in mm around each page, for print shops."),
        click.option("--marks", type=choice("crop", "none"), help="Printer's marks."),
        click.option("--pdf-a/--no-pdf-a", default=None, help="Write archival PDF/A files."),
        click.option(
            "--pdf-ua/--no-pdf-ua", default=None, help="Tagged PDF for screen readers (default on)."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command(short_help="Write the PDFs to print (and the group's calendar).")
@PATH_ARGUMENT
@click.option(
    "--edition",
    type=choice("leader", "participant", "all"),
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
@click.option("--force", is_flag=True, help="Rebuild everything, even if nothing has changed.")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores).")
@_limit_options
@QUIET
@VERBOSE
@STRICT_OPTION
@_settings_options
def build(
    path: Path | None,
    edition: str,
    out_dir: Path | None,
    force: bool,
    jobs: int | None,
    time_limit: int,
    memory_limit: int,
    quiet: bool,
    verbose: bool,
    strict: bool,
    **settings: object,
) -> None:
    """Build the PDFs and calendars of studies (a file, or every .md and .yaml file in a
    folder; default: the content/ folder of the project you are in)."""
    from .output import locked
    from .pipeline import BuildRequest

    with _problems_reported():
        path = studies_path(path)
    system_notes(verbose and not quiet)
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
        workers = Workers(jobs, _limits(time_limit, memory_limit, quiet)).start()  # it is slow
        from .console import write_showing_progress
        from .pipeline import plan_build

        plan = plan_build(request, workers)
        _warn(plan.warnings, strict)
        for note in [] if quiet else plan.notes:
            click.echo(note)
        results = write_showing_progress(request, key, plan, workers, quiet=quiet, verbose=verbose)
    _warn([w for written in results for w in written.warnings], strict=False)
    if not quiet:
        for target, instructions in (f for written in results for f in written.files):
            click.echo(f"wrote {shown(target)}")
            if instructions:
                click.echo(textwrap.indent(instructions, "    "))


@contextmanager
def _problems_reported() -> Iterator[None]:
    """Turn the project's own errors into one line per problem and exit status 1."""
    try:
        yield
    except ProblemsFound as found:
        only_warnings = all(p.warning for p in found.problems)  # stopping only with --strict
        raise InputProblems(found, strict=only_warnings) from None


@main.command(short_help="Find every problem in the studies and settings, with its place.")
@PATH_ARGUMENT
@click.option(
    "--references",
    is_flag=True,
    help="Also list every scripture reference: where, as written, what it means, verses.",
)
@_limit_options
@QUIET
@VERBOSE
@STRICT_OPTION
@_settings_options
def check(
    path: Path | None,
    references: bool,
    time_limit: int,
    memory_limit: int,
    quiet: bool,
    verbose: bool,
    strict: bool,
    **settings: object,
) -> None:
    """Validate studies and settings (a study file or folder of them; default: the
    content/ folder of the project you are in); end with how many there are."""
    from .pipeline import bible_notes, check_project
    from .settings import describe

    system_notes(verbose and not quiet)
    with _problems_reported():
        workers = Workers(1, _limits(time_limit, memory_limit, quiet))
        project = check_project(studies_path(path), settings, workers)
    for loaded in project.studies:
        where = shown(loaded.path)
        if references:
            _list_references(where, loaded)
        if quiet or (strict and loaded.warnings):
            continue
        sessions = loaded.study.sessions
        questions = sum(len(s.questions) for s in sessions)
        click.echo(
            f"{where}: ok — {_plural(len(sessions), 'session')}, "
            f"{_plural(questions, 'question')}, {_plural(len(loaded.citations), 'reference')}"
        )
        bibles = [o.translation for study, o in project.printings if study.path == loaded.path]
        for line in dict.fromkeys(describe(bible) for bible in bibles):
            click.echo(f"{where}: Bible: {line}")
    for note in [] if quiet else bible_notes(project):
        click.echo(note)
    warnings = [w for loaded in project.studies for w in loaded.warnings]
    _warn(warnings, strict)
    if not quiet:
        sessions = sum(len(loaded.study.sessions) for loaded in project.studies)
        counts = [_plural(len(project.studies), "study", "studies"), _plural(sessions, "session")]
        counts.append(_plural(len(warnings), "warning") if warnings else "no warnings")
        click.echo(f"ok — {', '.join(counts)}")


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
        basis = f"; {c.reference.basis}" if c.reference.basis else ""  # "; book from …"
        click.echo(
            f"{where}:{c.line}:{c.column}: {written} → {c.reference.label()} "
            f"({', '.join(notes)}{basis})"
        )
    for edition, leader in (("leader", True), ("participant", False)):
        ranges = appendix_ranges(loaded.citations, leader=leader)
        verses = verse_count(ranges)
        click.echo(
            f"{where}: {edition} appendix: {_plural(len(ranges), 'passage')}, "
            f"{_plural(verses, 'verse')}, about {_plural(pages(verses), 'page')}"
        )


@main.command(short_help="Preview the booklets in your browser as you write.")
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
@VERBOSE
@_settings_options
def serve(
    path: Path | None,
    host: str,
    port: int | None,
    open_browser: bool,
    verbose: bool,
    **settings: object,
) -> None:
    """Preview both editions in a web browser, rebuilt whenever a file is saved (default:
    the studies of the project you are in). Stop it with Ctrl-C."""
    from .preview import serve as preview

    with _problems_reported():
        path = studies_path(path)
        system_notes(verbose)
        preview(path, settings, host, port, open_browser, click.echo)


@main.command(short_help="Make a ready project folder, with a starter study.")
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
@QUIET
@VERBOSE
def new(folder: Path, quiet: bool, verbose: bool) -> None:
    """Create a ready project in FOLDER (default: here): a starter study in content/, a
    commented studybook.yaml and an empty layouts/. Existing files are never overwritten."""
    from .starter import STUDY, create

    with _problems_reported():
        made = create(folder)
    if quiet:
        return
    if verbose:
        for path in made:
            click.echo(f"wrote {shown(path)}")
    here = folder == Path(".")
    where = "this folder" if here else one_line(str(folder))
    click.echo(f"created a project in {where}, with {STUDY}")
    click.echo("next:")
    if not here:
        click.echo(f"  cd {one_line(shlex.quote(str(folder)))}")
    click.echo("  studybook build")
    click.echo("then write your study, and watch it with `studybook serve --open`")


@main.command("import", short_help="Turn a study you have (Word, web page, PDF, text) into one.")
@click.argument("source")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The study file to write (default: content/NAME.md in this project).",
)
@click.option("--language", help="The study's language, e.g. es (default: guessed from it).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@_limit_options
@QUIET
@VERBOSE
def import_(
    source: str,
    output: Path | None,
    language: str | None,
    force: bool,
    time_limit: int,
    memory_limit: int,
    quiet: bool,
    verbose: bool,
) -> None:
    """Turn a study you already have (a Word .docx, a web page, a PDF, text, or - for
    pasted text) into a Markdown study, with a report of what was recognised and left out;
    then check it."""
    from .importers import import_file
    from .pipeline import check_project

    workers = Workers(1, _limits(time_limit, memory_limit, quiet))
    with _problems_reported():
        written = import_file(source, output, language, workers, force=force)
    if not quiet:
        click.echo(f"wrote {shown(written.target)}")
        for line in written.imported.report.lines(outline=verbose):
            click.echo(one_line(line))
    try:
        project = check_project(written.target, {}, workers)
        _warn([w for loaded in project.studies for w in loaded.warnings], strict=False)
    except ProblemsFound as found:
        for problem in found.problems:
            click.echo(str(problem), err=True)
    if not quiet:
        click.echo(f"next: look it over, then `studybook build {shown(written.target)}`")


@main.command(short_help="Print the JSON Schema editors complete and check fields with.")
@click.argument("which", type=choice("study", "config"), default="study")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
@VERBOSE
def schema(which: str, output: Path | None, verbose: bool) -> None:
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
        raise click.ClickException(one_line(f"{output}: {err.strerror or err}")) from None
    if verbose:
        click.echo(f"wrote {shown(output)}")


@main.command(short_help="Print the folder of the built-in layouts, to copy one from.")
@VERBOSE
def layouts(verbose: bool) -> None:
    """Print the folder holding the built-in layouts: copy one into your project's layouts/
    folder to change it, e.g. cp "$(studybook layouts)/cover.html" layouts/. With
    --verbose, also list its files."""
    click.echo(str(PACKAGE_LAYOUTS))
    if verbose:
        for path in sorted(p for p in PACKAGE_LAYOUTS.iterdir() if p.suffix in (".html", ".css")):
            click.echo(f"  {path.name}")


@main.command(short_help="Remove what builds leave behind (never a PDF, unless asked).")
@PATH_ARGUMENT
@click.option(
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder builds wrote to (default: the project's output/).",
)
@click.option("--all", "written", is_flag=True, help="Also remove the files the last build wrote.")
@QUIET
@VERBOSE
def clean(
    path: Path | None, out_dir: Path | None, written: bool, quiet: bool, verbose: bool
) -> None:
    """Remove what builds keep to be quick (the laid-out parts, the record of the last
    build) and leftovers of interrupted ones, so the next build starts afresh; with --all,
    also the PDFs, booklets and calendars the last build wrote. Nothing else is touched."""
    from .output import clean_output, locked
    from .project import output_base

    with _problems_reported():
        base = output_base(studies_path(path), out_dir)
        removed = []
        if base.is_dir():
            with locked(base, lambda: quiet or click.echo("waiting for a build to finish…")):
                removed = clean_output(base, written)
    if quiet:
        return
    for gone in removed if verbose else ():
        click.echo(f"removed {shown(gone)}")
    files = sum(gone.suffix in (".pdf", ".ics") for gone in removed)
    kept = len(removed) - files
    what = [*(["what builds keep"] if kept else []), *([_plural(files, "file")] if files else [])]
    click.echo(f"cleaned {shown(base)}: removed {' and '.join(what) or 'nothing'}")
