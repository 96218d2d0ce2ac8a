"""Build every church of a roster, each on its own: checked before anything is built,
skipped when its inputs are unchanged, built on an engine (this machine, or a Dask
cluster), and committed to its own folder as soon as it is done, so that an interrupted run
loses only the churches in flight and the next run resumes. A failing church does not stop
the others unless asked; every church ends up in the report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..jobs import Engine, Failed
from ..output import commit, discard, fresh_outputs, locked, settings_key, sources_digest
from ..pipeline import (
    BuildRequest,
    CalendarFile,
    Plan,
    calendars,
    documents,
    fits,
    load_studies,
    with_bible,
)
from ..project import shown, unwritable
from ..settings import Bibles, Church, load_roster
from ..study import LoadedStudy
from .church import ChurchBuild, Made
from .report import Outcome, churches, write_report

Say = Callable[[str], None]


@dataclass(frozen=True)
class Checked:
    """A roster checked against its project: each church's outcome so far (failed, or
    not built yet), and the studies and project folder they are built from."""

    folder: Path
    studies: list[LoadedStudy]
    outcomes: list[Outcome]
    warnings: list[Problem]


def check_roster(request: BuildRequest, roster: Path) -> Checked:
    """Load the studies and the roster, and check every church against every study.
    Raises what stops the whole run (problems in the studies, layouts, defaults or the
    roster's header) with every row's problems; a row's own problems fail its church."""
    folder, studies, problems = load_studies(request.path)
    churches: list[Church] = []
    try:
        churches = load_roster(folder, request.settings, roster)
    except ProblemsFound as found:
        problems += found.problems
    warnings = [w for loaded in studies for w in loaded.warnings]
    if problems:
        raise ProblemsFound([*problems, *warnings])
    outcomes = []
    bibles = Bibles(folder)
    for church in churches:
        outcome = Outcome(church, problems=list(church.problems))
        if church.options is not None:
            for loaded in studies:
                found: list[Problem] = []
                options = with_bible(church.options, loaded, bibles, found)
                outcome.printings.append((loaded, options))
                for problem in [*found, *fits(loaded, options)]:
                    (outcome.warnings if problem.warning else outcome.problems).append(problem)
        if outcome.problems or (request.strict and outcome.warnings):
            outcome.status = "failed"
        outcomes.append(outcome)
    return Checked(folder, studies, outcomes, warnings)


def build_roster(
    request: BuildRequest,
    roster: Path,
    engine: Engine,
    *,
    report: Path,
    fail_fast: bool,
    say: Say,
    complain: Say,
) -> list[Outcome]:
    """Build every church of the roster that can be; write the report whatever happens.
    `say` shows progress, `complain` each church's problems as they are found."""
    waiting = "waiting for another build writing to the same folder to finish…"
    with locked(request.base, lambda: say(waiting)):
        checked = check_roster(request, roster)
        if request.strict and checked.warnings:
            raise ProblemsFound(checked.warnings)
        for warning in checked.warnings:
            complain(str(warning))
        outcomes = checked.outcomes
        _write_report(report, roster, outcomes)  # first, so a report that cannot be is known
        try:
            for outcome in outcomes:
                if outcome.status == "failed":
                    _complain(outcome, complain)
            if fail_fast and any(o.status == "failed" for o in outcomes):
                return outcomes
            not_read = (request.base, roster, report)  # by any build: not an input
            sources = sources_digest(checked.folder, skip=not_read)
            todo = _planned(request, not_read, checked, sources)
            skipped = sum(o.status == "skipped" for o in outcomes)
            failed = sum(o.status == "failed" for o in outcomes)
            say(
                f"{churches(len(outcomes))} in {shown(roster)}: {skipped:,} up to date, "
                f"{failed:,} with problems, {len(todo):,} to build"
            )
            _build(todo, engine, request.strict, fail_fast, say, complain)
            for warning in sorted({w for o in outcomes for w in o.warnings}):
                complain(str(warning))  # once, however many churches it concerns
        finally:
            try:
                _write_report(report, roster, outcomes)
            except ProblemsFound as found:
                complain(str(found))
    return outcomes


def _write_report(report: Path, roster: Path, outcomes: list[Outcome]) -> None:
    try:
        write_report(report, shown(roster), outcomes)
    except OSError as err:
        raise ProblemsFound([unwritable(report, err)]) from None


@dataclass
class _Work:
    """A church to build: its outcome, the unit its PDFs are, its calendars and its key."""

    outcome: Outcome
    unit: ChurchBuild
    calendars: list[CalendarFile]
    key: str


def _planned(
    request: BuildRequest, not_read: tuple[Path, ...], checked: Checked, sources: str
) -> list[_Work]:
    """The churches to build: those that can be, but are not up to date (those are
    marked skipped)."""
    todo = []
    for outcome in checked.outcomes:
        options = outcome.church.options
        if outcome.status == "failed" or options is None:
            continue
        out = request.base / str(options.folder)
        asked = {
            "church": outcome.church.settings,
            "path": str(request.path.absolute()),
            "editions": request.editions,
            "out": str(out),
            "strict": request.strict,
        }
        key = settings_key(sources, asked)
        fresh = None if request.force else fresh_outputs(out, key)
        if fresh is not None:
            outcome.status = "skipped"
            outcome.files = [str(path.relative_to(request.base)) for path in fresh]
            continue
        docs = [
            d
            for loaded, own in outcome.printings
            for d in documents(loaded, request.editions, own, out)
        ]
        meetings = [c for loaded, own in outcome.printings for c in calendars(loaded, own, out)]
        unit = ChurchBuild(
            outcome.church.name,
            Plan(docs, [], checked.folder),
            out,
            not_shipped=not_read,
            shown_as=(shown(checked.folder), shown(out)),
        )
        todo.append(_Work(outcome, unit, meetings, key))
    return todo


def _build(
    todo: list[_Work], engine: Engine, strict: bool, fail_fast: bool, say: Say, complain: Say
) -> None:
    """Run the churches on the engine, committing each as it comes back, with progress."""
    works = {id(work.unit): work for work in todo}
    start = time.monotonic()
    results = engine.results(work.unit for work in todo)
    try:
        for done, (unit, result) in enumerate(results, 1):
            work = works[id(unit)]
            outcome = work.outcome
            if isinstance(result, Failed):
                outcome.status, outcome.problems = "failed", list(result.problems)
                discard(work.unit.plan.outputs)
            else:
                _commit(work, result, strict)
            left = _time_left(time.monotonic() - start, done, len(todo))
            say(f"[{done}/{len(todo)}] {outcome.status} {outcome.church.name}{left}")
            if outcome.status == "failed":
                _complain(outcome, complain)
                if fail_fast:
                    break
    finally:
        results.close()


def _commit(work: _Work, made: Made, strict: bool) -> None:
    """Write the church's calendars, then put its files in place together."""
    outcome, out = work.outcome, work.unit.out
    outcome.warnings += made.warnings
    paths = [out / name for name, _ in made.files]
    try:
        if strict and made.warnings:
            raise ProblemsFound(made.warnings)
        for calendar in work.calendars:
            paths += [path for path, _ in calendar.run().files]
        commit(out, work.key, paths)
    except ProblemsFound as found:
        discard([*work.unit.plan.outputs, *(c.target for c in work.calendars)])
        outcome.status, outcome.problems = "failed", list(found.problems)
        return
    outcome.status, outcome.seconds = "built", made.seconds
    base = out.parent
    outcome.files = [str(path.relative_to(base)) for path in paths]


def _complain(outcome: Outcome, complain: Say) -> None:
    church = outcome.church
    complain(f"{church.where}: {church.name} cannot be built:")
    for problem in outcome.problems:
        complain(f"  {problem}")


def _time_left(elapsed: float, done: int, total: int) -> str:
    """` — about 3 min left`, from the pace so far."""
    seconds = elapsed / done * (total - done)
    if done == total:
        return ""
    if seconds < 60:
        return f" — about {max(1, round(seconds))} s left"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f" — about {minutes} min left"
    return f" — about {minutes // 60} h {minutes % 60} min left"
