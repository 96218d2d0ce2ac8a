"""The `studybook` command: thin click commands that call the pipeline stages."""

from __future__ import annotations

import shlex
import sys
import textwrap
from pathlib import Path

import click

from . import __version__
from .console import (
    QUIET,
    ROSTER_OPTION,
    STRICT_OPTION,
    VERBOSE,
    CommandGroup,
    build_roster_showing,
    check_roster_options,
    check_roster_showing,
    choice,
    limit_options,
    limits,
    list_references,
    plural,
    problems_reported,
    settings_options,
    system_notes,
    warn,
)
from .errors import ProblemsFound, one_line
from .jobs import Workers, available_cores
from .project import PACKAGE_LAYOUTS, shown, studies_path

PATH_ARGUMENT = click.argument("path", required=False, type=click.Path(path_type=Path))


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
@limit_options
@QUIET
@VERBOSE
@STRICT_OPTION
@ROSTER_OPTION
@click.option(
    "--executor",
    type=choice("local", "dask"),
    default="local",
    show_default=True,
    help="Where a roster's churches are built: this computer, or a Dask cluster.",
)
@click.option("--scheduler", help="The Dask scheduler's address, e.g. tcp://10.0.0.5:8786.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The roster's report, .json or .csv (default: roster-report.json in the output).",
)
@click.option("--fail-fast", is_flag=True, help="Stop a roster at the first church that fails.")
@settings_options
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
    roster: Path | None,
    executor: str,
    scheduler: str | None,
    report: Path | None,
    fail_fast: bool,
    **settings: object,
) -> None:
    """Build the PDFs and calendars of studies (a file, or every .md and .yaml file in a
    folder; default: the content/ folder of the project you are in); with --roster, for
    every church of a roster."""
    from .output import locked
    from .pipeline import BuildRequest

    check_roster_options(roster, executor, scheduler, report, fail_fast)
    with problems_reported():
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
    if roster is not None:
        with problems_reported():
            failed = build_roster_showing(
                request, roster, executor, scheduler, report, fail_fast, jobs,
                limits(time_limit, memory_limit, quiet), quiet,
            )  # fmt: skip
        sys.exit(1 if failed else 0)
    waiting = "waiting for another build writing to the same folder to finish…"
    with problems_reported(), locked(request.base, lambda: quiet or click.echo(waiting)):
        key = request.cache_key()
        unchanged = request.unchanged(key)
        if unchanged is not None:
            if not quiet:
                files = plural(len(unchanged), "file")
                click.echo(f"up to date: {files} unchanged (use --force to rebuild)")
            return
        workers = Workers(jobs, limits(time_limit, memory_limit, quiet)).start()  # it is slow
        from .console import write_showing_progress
        from .pipeline import plan_build

        plan = plan_build(request, workers)
        warn(plan.warnings, strict)
        for note in [] if quiet else plan.notes:
            click.echo(note)
        results = write_showing_progress(request, key, plan, workers, quiet=quiet, verbose=verbose)
    warn([w for written in results for w in written.warnings], strict=False)
    if not quiet:
        for target, instructions in (f for written in results for f in written.files):
            click.echo(f"wrote {shown(target)}")
            if instructions:
                click.echo(textwrap.indent(instructions, "    "))


@main.command(short_help="Find every problem in the studies and settings, with its place.")
@PATH_ARGUMENT
@click.option(
    "--references",
    is_flag=True,
    help="Also list every scripture reference: where, as written, what it means, verses.",
)
@limit_options
@QUIET
@VERBOSE
@STRICT_OPTION
@ROSTER_OPTION
@settings_options
def check(
    path: Path | None,
    references: bool,
    time_limit: int,
    memory_limit: int,
    quiet: bool,
    verbose: bool,
    strict: bool,
    roster: Path | None,
    **settings: object,
) -> None:
    """Validate studies and settings (a study file or folder of them; default: the
    content/ folder of the project you are in); end with how many there are. With
    --roster, check every church of a roster."""
    from .pipeline import BuildRequest, bible_notes, check_project
    from .settings import describe

    system_notes(verbose and not quiet)
    if roster is not None:
        with problems_reported():
            editions = ["leader", "participant"]
            request = BuildRequest(studies_path(path), editions, settings=settings, strict=strict)
            failed = check_roster_showing(request, roster, strict)
        sys.exit(1 if failed else 0)
    with problems_reported():
        workers = Workers(1, limits(time_limit, memory_limit, quiet))
        project = check_project(studies_path(path), settings, workers)
    for loaded in project.studies:
        where = shown(loaded.path)
        if references:
            list_references(where, loaded)
        if quiet or (strict and loaded.warnings):
            continue
        sessions = loaded.study.sessions
        questions = sum(len(s.questions) for s in sessions)
        click.echo(
            f"{where}: ok — {plural(len(sessions), 'session')}, "
            f"{plural(questions, 'question')}, {plural(len(loaded.citations), 'reference')}"
        )
        bibles = [o.translation for study, o in project.printings if study.path == loaded.path]
        for line in dict.fromkeys(describe(bible) for bible in bibles):
            click.echo(f"{where}: Bible: {line}")
    for note in [] if quiet else bible_notes(project):
        click.echo(note)
    warnings = [w for loaded in project.studies for w in loaded.warnings]
    warn(warnings, strict)
    if not quiet:
        sessions = sum(len(loaded.study.sessions) for loaded in project.studies)
        counts = [plural(len(project.studies), "study", "studies"), plural(sessions, "session")]
        counts.append(plural(len(warnings), "warning") if warnings else "no warnings")
        click.echo(f"ok — {', '.join(counts)}")


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
@settings_options
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

    with problems_reported():
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

    with problems_reported():
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
@limit_options
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

    workers = Workers(1, limits(time_limit, memory_limit, quiet))
    with problems_reported():
        written = import_file(source, output, language, workers, force=force)
    if not quiet:
        click.echo(f"wrote {shown(written.target)}")
        for line in written.imported.report.lines(outline=verbose):
            click.echo(one_line(line))
    try:
        project = check_project(written.target, {}, workers)
        warn([w for loaded in project.studies for w in loaded.warnings], strict=False)
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

    with problems_reported():
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
    what = [*(["what builds keep"] if kept else []), *([plural(files, "file")] if files else [])]
    click.echo(f"cleaned {shown(base)}: removed {' and '.join(what) or 'nothing'}")
