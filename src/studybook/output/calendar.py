"""The group's calendar: one iCalendar (RFC 5545) event per meeting, made with icalendar.

Each event has a UID derived from the study, the church and group, and the session number,
so importing an updated schedule moves the events instead of adding new ones; an event
whose details changed since the last build gets a higher SEQUENCE and a new DTSTAMP, one
that did not keeps both, so an unchanged schedule writes the same bytes.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, vText

from .. import __version__
from ..project import read_own
from ..resources import translations
from ..settings import BuildOptions, Customisation, Schedule
from ..study import LoadedStudy, Session, Study, participant_copy, plain_text, session_numbers

PRODID = f"-//studybook//studybook {__version__}//EN"
# Names the UIDs studybook makes (uuid5 of the study, church, group and session).
NAMESPACE = uuid.UUID("6c1f4d1e-5b0a-4f55-9a57-1d5d3b1f2e8a")
PREVIOUS_LIMIT = 1_000_000  # bytes of an earlier calendar read for its event versions


def session_passage(session: Session) -> str | None:
    """The passage a session studies: its main passage, else its key verse."""
    if session.passage:
        return session.passage
    return session.key_verse.verse if session.key_verse else None


def meetings_calendar(
    loaded: LoadedStudy, options: BuildOptions, dates: list[date | str | None], previous: Path
) -> bytes:
    """The calendar of a study's meetings: one event per session with a date (a date line
    written as text is not one); `previous` is the calendar an earlier build wrote (it may
    not exist), whose event versions carry over."""
    study = participant_copy(loaded.study)  # members' calendars never show leader material
    schedule = options.schedule
    names = options.customisation
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", calscale="GREGORIAN", uid=_uid(loaded.slug, names)
    )
    name = " · ".join(filter(None, [_one_line(plain_text(study.title)), _one_line(names.footer)]))
    for key in ("name", "x-wr-calname"):  # icalendar would not escape these TEXT values
        calendar.add(key, vText(name))
    if schedule.timezone:
        calendar.add("x-wr-timezone", schedule.timezone)
    versions = _versions(previous)
    numbers = session_numbers(study)
    meetings = zip(study.sessions, numbers, dates, strict=True)
    for index, (session, number, day) in enumerate(meetings, 1):
        if not isinstance(day, date):
            continue
        event = _event(study, session, (index, number), day, schedule, names)
        event.uid = _uid(loaded.slug, names, index)
        calendar.add_component(_versioned(event, versions.get(event.uid)))
    days = [day for day in dates if isinstance(day, date)]
    calendar.add_missing_timezones(first_date=min(days), last_date=max(days) + timedelta(days=1))
    return calendar.to_ical()


def _event(
    study: Study,
    session: Session,
    number: tuple[int, str | None],
    day: date,
    schedule: Schedule,
    names: Customisation,
) -> Event:
    """One meeting (the session's place in the study, and the number it prints): a timed
    event, or a whole-day one when no meeting time is known."""
    _ = translations(study.language).gettext
    title = _one_line(plain_text(session.title or study.title))
    printed = _("Session %(number)s") % {"number": number[1]} if number[1] else ""
    event = Event.new(
        summary=f"{printed}: {title}" if printed else title,
        description=_description(study, session, number[0], names),
        location=_one_line(names.place) or None,
    )
    if schedule.time is None:
        # The day is known but not the hour: show it on the day without blocking it.
        event.start, event.end, event.transparency = day, day + timedelta(days=1), "TRANSPARENT"
        return event
    start = schedule.start_at(day)
    if start.tzinfo is None:  # floating: the same clock time wherever the phone is
        event.start, event.end = start, start + schedule.duration
        return event
    event.start = start
    event.end = (start.astimezone(UTC) + schedule.duration).astimezone(start.tzinfo)
    return event


def _description(study: Study, session: Session, number: int, names: Customisation) -> str:
    _ = translations(study.language).gettext
    counted = {"number": number, "count": len(study.sessions)}
    lines = [
        f"{_one_line(plain_text(study.title))} — " + _("session %(number)s of %(count)s") % counted
    ]
    if passage := session_passage(session):
        lines.append(_("Passage: %(passage)s") % {"passage": passage})
    if names.footer:
        lines.append(_one_line(names.footer))
    if names.leader:
        lines.append(_("Leader: %(name)s") % {"name": _one_line(names.leader)})
    return "\n".join(lines)


def _versioned(event: Event, earlier: Version | None) -> Event:
    """The event with the SEQUENCE and DTSTAMP of its earlier version if nothing changed,
    else a SEQUENCE one higher and the time of this build."""
    if earlier is not None and earlier.details == _details(event):
        event.sequence, event.DTSTAMP = earlier.sequence, earlier.stamp
    else:
        event.sequence = earlier.sequence + 1 if earlier is not None else 0
        event.DTSTAMP = _now()
    return event


def _details(event: Event) -> bytes:
    """The event as text, without what tells its versions apart."""
    copy = event.copy()
    for name in ("DTSTAMP", "SEQUENCE"):
        copy.pop(name, None)
    return copy.to_ical()


@dataclass(frozen=True)
class Version:
    """What an earlier build wrote of an event: its SEQUENCE, its DTSTAMP, its details."""

    sequence: int
    stamp: datetime
    details: bytes


def _versions(path: Path) -> dict[str, Version]:
    """The events of a calendar an earlier build wrote, by UID: none if the file is not one
    (what lies in the output folder is read like anything else a stranger may have put
    there: bounded, and any fault in it means no earlier versions)."""
    try:
        calendar = Calendar.from_ical(read_own(path, PREVIOUS_LIMIT) or b"")
        return {
            str(event.uid): Version(int(event.sequence), event.DTSTAMP, _details(event))
            for event in calendar.events
            if event.uid
        }
    except Exception:  # icalendar raises many kinds of error for what it cannot read
        return {}


def _uid(slug: str, names: Customisation, number: int = 0) -> str:
    """A UID that stays the same for this study, church, group and session in every build."""
    key = "\n".join([slug, names.church or "", names.group or "", str(number)])
    return str(uuid.uuid5(NAMESPACE, key))


def _now() -> datetime:
    """This build's time stamp; SOURCE_DATE_EPOCH, when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return now.replace(microsecond=0)


def _one_line(text: str | None) -> str:
    """Text as it prints: every run of white space, line breaks included, one space."""
    return " ".join((text or "").split())
