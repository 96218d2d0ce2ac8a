"""The `studybook` command: thin click commands that call the pipeline stages."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .errors import ProblemsFound
from .loader import LoadedStudy, load_all, project_root

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


def _load(path: Path) -> list[LoadedStudy]:
    try:
        return load_all(path)
    except ProblemsFound as found:
        raise InputProblems(found) from None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="studybook")
def main() -> None:
    """Turn Bible-study content into printable leader guides and participant handouts."""


@main.command()
@PATH_ARGUMENT
def check(path: Path) -> None:
    """Validate studies (a file, or every .yaml file in a folder; default: content/)."""
    for loaded in _load(path):
        sessions = loaded.study.sessions
        questions = sum(len(s.questions) for s in sessions)
        click.echo(
            f"{loaded.path}: ok — {_plural(len(sessions), 'session')}, "
            f"{_plural(questions, 'question')}, {_plural(len(loaded.citations), 'reference')}"
        )


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
    help="Folder the PDFs are written under (default: the project's output/).",
)
def build(path: Path, edition: str, out_dir: Path | None) -> None:
    """Build the PDFs of studies (a file, or every .yaml file in a folder; default: content/)."""
    from .build import build_study
    from .config import BuildOptions

    editions = ["leader", "participant"] if edition == "all" else [edition]
    project = project_root(path)
    for loaded in _load(path):
        try:
            written = build_study(
                loaded, editions, BuildOptions(), out_dir or project / "output", project
            )
        except ProblemsFound as found:
            raise InputProblems(found) from None
        for target in written:
            click.echo(f"wrote {target}")
