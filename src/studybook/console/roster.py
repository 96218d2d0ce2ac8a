"""What a roster's `build` and `check` show: every church's problems as they are found,
progress, and the summary; whether any church failed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..jobs import Limits, available_cores
from ..project import shown
from .problems import warn

if TYPE_CHECKING:  # the pipeline is imported when a command runs, not with the CLI
    from ..pipeline import BuildRequest


def check_roster_options(
    roster: Path | None, executor: str, scheduler: str | None, report: Path | None, fail_fast: bool
) -> None:
    """The roster's options make sense together, or a usage error says which do not."""
    if roster is None and (executor != "local" or scheduler or report or fail_fast):
        raise click.UsageError("--executor, --scheduler, --report and --fail-fast go with --roster")
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler goes with --executor dask")


def build_roster_showing(
    request: BuildRequest,
    roster: Path,
    executor: str,
    scheduler: str | None,
    report: Path | None,
    fail_fast: bool,
    jobs: int | None,
    limits: Limits,
    quiet: bool,
) -> bool:
    """Build a roster's churches and print the summary; whether any failed."""
    from ..jobs import Cluster, Local
    from ..roster import build_roster, summary

    report = report or request.base / "roster-report.json"
    count = jobs or available_cores()
    engine = Cluster(scheduler, limits, count) if executor == "dask" else Local(count, limits)
    outcomes = build_roster(
        request, roster, engine, report=report, fail_fast=fail_fast,
        say=(lambda _: None) if quiet else click.echo,
        complain=lambda line: click.echo(line, err=True),
    )  # fmt: skip
    failed = any(o.status not in ("built", "skipped") for o in outcomes)
    if failed or not quiet:
        click.echo(f"{summary(outcomes)}; report: {shown(report)}", err=failed)
    return failed


def check_roster_showing(request: BuildRequest, roster: Path, strict: bool) -> bool:
    """Check every church of a roster, printing each one's problems; whether any has one."""
    from ..roster import check_roster

    checked = check_roster(request, roster)
    failed = [o for o in checked.outcomes if o.status == "failed"]
    for outcome in failed:
        for problem in outcome.problems or outcome.warnings:
            click.echo(str(problem), err=True)
    warn(checked.warnings, strict)
    ok = len(checked.outcomes) - len(failed)
    counts = f"{ok:,} {'church' if ok == 1 else 'churches'} ready"
    counts += f", {len(failed):,} with problems" if failed else ""
    click.echo(f"{shown(roster)}: {counts}", err=bool(failed))
    return bool(failed)
