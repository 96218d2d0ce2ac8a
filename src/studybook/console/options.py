"""The options several commands share: the customisation options (each overriding
studybook.yaml), --strict, --roster, and the limits of a job (--time-limit, --memory-limit),
lowered to what the shell allows."""

from __future__ import annotations

from pathlib import Path

import click

from ..jobs import Limits
from .commands import choice

STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. an ambiguous reference) as errors."
)


ROSTER_OPTION = click.option(
    "--roster",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A .csv, .xlsx or .ods file: one church's settings per row, a set of PDFs each.",
)


def limit_options(command):
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


def limits(time_limit: int, memory_limit: int, quiet: bool = False) -> Limits:
    """The limits asked for, lowered to what the shell allows, saying so."""
    limits, notes = Limits(time_limit, memory_limit).fitted()
    for note in notes if not quiet else ():
        click.echo(note, err=True)
    return limits


def settings_options(command):
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
            "--smart-punctuation/--no-smart-punctuation",
            default=None,
            help="Curly quotes, dashes and ellipses in the study's words (default on).",
        ),
        click.option(
            "--translation",
            help="Bible text: web (default), kjv, dr … or a SWORD module (see the manual).",
        ),
        click.option("--cover", type=choice("classic", "band", "frame"), help="Cover design."),
        click.option("--booklet/--no-booklet", default=None, help="Also write booklets to fold."),
        click.option("--creep", type=float, help="Booklet creep compensation in mm (0–5)."),
        click.option("--handouts/--no-handouts", default=None, help="Also write session handouts."),
        click.option("--bleed", type=float, help="Bleed in mm around each page, for print shops."),
        click.option("--marks", type=choice("crop", "none"), help="Printer's marks."),
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
