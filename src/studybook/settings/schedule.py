"""Meeting dates, from a start and interval (with skips) or a list, formatted with babel."""

from __future__ import annotations

import calendar
import os
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_day_names,
    get_month_names,
)

from ..errors import Problem, ProblemsFound

FIRST_YEAR, LAST_YEAR = 1900, 2199


def zone_folders() -> tuple[Path, ...]:
    """Where this system keeps its time zone database, if it has one (Python's `tzdata`
    package is the fallback)."""
    return tuple(Path(folder) for folder in zoneinfo.TZPATH if os.path.isdir(folder))


@dataclass(frozen=True)
class Origin:
    """Where a setting came from: a file position, a command-line option, or a roster's
    row and column (`name`, the column's heading, starts the message)."""

    file: str
    line: int = 0
    column: int = 0
    name: str = ""

    def problem(self, message: str, hint: str = "", *, warning: bool = False) -> Problem:
        text = f"{self.name}: {message}" if self.name else message
        return Problem(self.file, self.line, self.column, text, hint, warning)


@dataclass(frozen=True)
class Schedule:
    """How a group meets; `origins` name where `start`, `dates` and each skip came from.

    `timezone` is an IANA name (already checked); `duration` is how long a meeting lasts.
    """

    start: date | None = None
    every: str = "week"
    skip: tuple[date, ...] = ()
    dates: tuple[date, ...] | None = None
    time: time | None = None
    duration: timedelta = timedelta(minutes=90)
    timezone: str | None = None
    origins: dict[str, Origin] = field(default_factory=dict, compare=False)

    def meeting_dates(self, sessions: int) -> list[date] | None:
        """One date per session, or None when no dates were given."""
        if self.dates is not None:
            if len(self.dates) != sessions:
                count = f"{sessions} session{'' if sessions == 1 else 's'}"
                message = f"{len(self.dates)} dates given for a study of {count}"
                hint = "give exactly one date per session"
                raise ProblemsFound([self._origin("dates").problem(message, hint)])
            dates = list(self.dates)
            self._check_order(dates)
        elif self.start is None:
            return None
        else:
            dates = self._generated(sessions)
        self._check_years(dates)
        return dates

    def start_at(self, day: date) -> datetime:
        """When a meeting on `day` starts, as calendars show it: in the group's time zone
        (an hour later if the clocks go forward through the meeting time that day, as RFC
        5545 reads such a time), or at the same clock time anywhere when no zone is set."""
        start = datetime.combine(day, self.time or time())
        if self.timezone is None:
            return start
        zone = zoneinfo.ZoneInfo(self.timezone)
        return start.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)

    def clock_gaps(self, dates: list[date]) -> list[Problem]:
        """A warning for each meeting whose time does not exist that day where the group
        meets (the clocks go forward through it), saying when calendars will show it."""
        if self.time is None or self.timezone is None:
            return []
        warnings = []
        for day in dates:
            shown = self.start_at(day)
            if (shown.date(), shown.time()) != (day, self.time):
                message = (
                    f"{self.time:%H:%M} does not exist on {day.isoformat()} in "
                    f"{self.timezone} (the clocks go forward): the calendar shows the meeting "
                    f"at {shown:%H:%M}"
                )
                hint = "choose another meeting time, or check that date"
                warnings.append(self._origin("time").problem(message, hint, warning=True))
        return warnings

    def session_dates(self, own: Sequence[date | str | None]) -> list[date | str | None]:
        """Each session's date: its own (a date, or a date line printed as written), else
        the schedule's meeting for it (the n-th meeting for the n-th session), else None."""
        scheduled: Sequence[date | None] = self.meeting_dates(len(own)) or [None] * len(own)
        return [
            mine if mine is not None else theirs
            for mine, theirs in zip(own, scheduled, strict=True)
        ]

    def _check_order(self, dates: list[date]) -> None:
        late = [i for i in range(1, len(dates)) if dates[i] <= dates[i - 1]]
        if late:
            raise ProblemsFound(
                self._origin(f"dates.{i}").problem(
                    f"{dates[i].isoformat()} is not after the meeting before it "
                    f"({dates[i - 1].isoformat()})",
                    "list the meeting dates in order, one per session",
                )
                for i in late
            )

    def _check_years(self, dates: list[date]) -> None:
        """Meetings (and the journal days after them) must fall in years one can print."""
        if not (dates[0].year >= FIRST_YEAR and dates[-1].year <= LAST_YEAR):
            name = "dates" if self.dates is not None else "start"
            years = sorted({dates[0].year, dates[-1].year})
            message = f"the meetings would fall in {' to '.join(map(str, years))}"
            hint = f"meeting dates must fall between {FIRST_YEAR} and {LAST_YEAR}"
            raise ProblemsFound([self._origin(name).problem(message, hint)])

    def _generated(self, sessions: int) -> list[date]:
        dates: list[date] = []
        skipped: set[date] = set()
        step = 0
        while len(dates) < sessions:
            try:
                day = _step(self.start, self.every, step)
            except (OverflowError, ValueError):
                message = f"the meetings would run past the year {date.max.year}"
                hint = f"meeting dates must fall between {FIRST_YEAR} and {LAST_YEAR}"
                raise ProblemsFound([self._origin("start").problem(message, hint)]) from None
            step += 1
            if day in self.skip:
                skipped.add(day)
            else:
                dates.append(day)
        stray = [(i, d) for i, d in enumerate(self.skip) if d not in skipped]
        if stray:
            raise ProblemsFound(
                self._origin(f"skip.{i}").problem(
                    f"{d.isoformat()} is not a meeting date on this schedule",
                    f"meetings are every {self.every.replace('2weeks', 'two weeks')} from "
                    f"{self.start.isoformat()}; skip only one of them",
                )
                for i, d in stray
            )
        return dates

    def _origin(self, name: str) -> Origin:
        return self.origins.get(name) or self.origins.get(name.split(".")[0]) or Origin("settings")


def _step(start: date, every: str, n: int) -> date:
    if every == "week":
        return start + timedelta(weeks=n)
    if every == "2weeks":
        return start + timedelta(weeks=2 * n)
    month = start.month - 1 + n
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def date_words(locale: str) -> str:
    """Every word and sign dates and times are printed with in a locale."""
    sample = (date(2027, 1, 13), time(19, 30))
    words = [*get_month_names("wide", locale=locale).values()]
    words += [*get_day_names("wide", locale=locale).values()]
    words += [
        session_date(*sample, locale),
        summary([sample[0], date(2028, 2, 1)], sample[1], locale),
    ]
    return " ".join(words)


def session_date(day: date, at: time | None, locale: str) -> str:
    """'Wednesday, January 13, 2027 · 7:00 PM' in the locale's words and order."""
    text = format_date(day, "full", locale=locale)
    return f"{text} · {format_time(at, 'short', locale=locale)}" if at else text


def journal_date(day: date, locale: str) -> str:
    """'Thursday, January 14': a journal page's date."""
    weekday = get_day_names("wide", locale=locale)[day.weekday()]
    return f"{weekday}, {format_skeleton('MMMMd', day, locale=locale)}"


def summary(dates: list[date], at: time | None, locale: str) -> str:
    """The cover line: 'Wednesdays, January 13 – February 17, 2027 · 7:00 PM' (in any
    order, the dates run from the first to the last)."""
    first, last = min(dates), max(dates)
    if first.year == last.year:
        span = f"{format_skeleton('MMMMd', first, locale=locale)} – "
    else:
        span = f"{format_date(first, 'long', locale=locale)} – "
    span += format_date(last, "long", locale=locale)
    if len(dates) == 1:
        span = format_date(first, "full", locale=locale)
    elif len({d.weekday() for d in dates}) == 1:
        weekday = get_day_names("wide", locale=locale)[first.weekday()]
        plural = f"{weekday}s" if locale.startswith("en") else weekday
        span = f"{plural}, {span}"
    return f"{span} · {format_time(at, 'short', locale=locale)}" if at else span
