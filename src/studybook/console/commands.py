"""What every command shares: the list of commands in the order people use them, choices
typed in any case, --quiet and --verbose, and the notes --verbose adds."""

from __future__ import annotations

import click

ORDER = ["new", "import", "serve", "check", "build", "clean", "layouts", "schema"]
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems and warnings.")
VERBOSE = click.option(
    "--verbose", "-v", is_flag=True, help="Say more: each step, and what the system lacks."
)


class CommandGroup(click.Group):
    """Commands listed in the order people use them (the others after), each with its
    whole summary (`short_help`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands, key=lambda name: [*ORDER, name].index(name))


def choice(*names: str) -> click.Choice:
    """One of `names`, typed in any case (`--paper A4`)."""
    return click.Choice(names, case_sensitive=False)


def system_notes(verbose: bool) -> None:
    """With --verbose, a line for each system library WeasyPrint would use and lacks here,
    naming the package that provides it."""
    if verbose:
        from ..typeset import system_notes as notes

        for note in notes():
            click.echo(f"note: {note}", err=True)
