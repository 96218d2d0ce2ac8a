"""The group's calendar: the .ics a build writes, read back with icalendar event by event."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from icalendar import Calendar, Event

from studybook.cli import main
from studybook.output.calendar import meetings_calendar
from studybook.pipeline import CalendarFile, load_project

from .conftest import build

CHICAGO = ZoneInfo("America/Chicago")
STUDY = """\
title: Prayer in Exodus
sessions:
  - title: Moses stands in the gap
    key_verse: {verse: Exodus 32:32, text: "Yet now, forgive their sin.", translation: WEB}
  - title: The golden calf
    key_verse: {verse: Exodus 32:1-6, text: "Come, make us gods.", translation: WEB}
  - title: Face to face
  - title: "[[Glory]] on the mountain"
    blocks: [leader_note: Only for the leader.]
"""
# Weekly from March 10, 2027, skipping March 17: daylight saving time begins in Chicago on
# March 14, between the first meeting and the second.
SETTINGS = """\
church: Grace Chapel
group: Wednesday Night
leader: Ann Lee
place: Fellowship Hall
start: 2027-03-10
skip: [2027-03-17]
time: "19:00"
duration: 75
timezone: America/Chicago
"""
MEETINGS = [date(2027, 3, 10), date(2027, 3, 24), date(2027, 3, 31), date(2027, 4, 7)]


def write_project(folder: Path, settings: str = SETTINGS, study: str = STUDY) -> Path:
    (folder / "content").mkdir(parents=True)
    (folder / "content" / "exodus.yaml").write_text(study, encoding="utf-8")
    (folder / "studybook.yaml").write_text(settings, encoding="utf-8")
    return folder


def events(path: Path) -> list[Event]:
    calendar = Calendar.from_ical(path.read_bytes())
    return sorted(calendar.events, key=lambda event: str(event["SUMMARY"]))


def calendar_for(project: Path, previous: Path | None = None, **settings: object) -> bytes:
    """The calendar of a project's first study and set, made without building PDFs."""
    loaded = load_project(project / "content", settings)
    options, study = loaded.builds[0], loaded.studies[0]
    dates = options.schedule.meeting_dates(len(study.study.sessions))
    return meetings_calendar(study, options, dates, previous or project / "none.ics")


def uids_of(data: bytes) -> set[str]:
    return {str(event.uid) for event in Calendar.from_ical(data).events}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built once, leader guide only: the calendar does not depend on editions."""
    project = write_project(tmp_path_factory.mktemp("calendar"))
    code, output = build(project, "--edition", "leader")
    assert code == 0, output
    assert "wrote" in output and "exodus.ics" in output
    return project / "output" / "exodus" / "exodus.ics"


def test_one_event_per_meeting_with_title_time_place_and_passage(built: Path) -> None:
    found = events(built)
    assert [str(e["SUMMARY"]) for e in found] == [
        "Session 1: Moses stands in the gap",
        "Session 2: The golden calf",
        "Session 3: Face to face",
        "Session 4: _____ on the mountain",  # a fill-in stays blank, as in the handout
    ]
    for event, day in zip(found, MEETINGS, strict=True):
        assert event.start == datetime(day.year, day.month, day.day, 19, 0, tzinfo=CHICAGO)
        assert event.end - event.start == timedelta(minutes=75)
        assert str(event["LOCATION"]) == "Fellowship Hall"
        description = str(event["DESCRIPTION"])
        assert "Grace Chapel · Wednesday Night" in description
        assert "Leader: Ann Lee" in description
        assert "Only for the leader" not in description
    assert "Passage: Exodus 32:32" in str(found[0]["DESCRIPTION"])
    assert "Passage: Exodus 32:1-6" in str(found[1]["DESCRIPTION"])
    assert "Passage" not in str(found[2]["DESCRIPTION"])


def test_times_stay_at_seven_across_the_daylight_saving_change(built: Path) -> None:
    first, second, *_ = events(built)
    assert first.start.utcoffset() == timedelta(hours=-6)  # CST
    assert second.start.utcoffset() == timedelta(hours=-5)  # CDT
    assert (first.start.hour, second.start.hour) == (19, 19)
    text = built.read_text()
    assert "DTSTART;TZID=America/Chicago:20270310T190000" in text
    assert "DTSTART;TZID=America/Chicago:20270324T190000" in text
    zone = Calendar.from_ical(built.read_bytes()).timezones[0]
    assert zone.tz_name == "America/Chicago"
    # The time zone definition itself carries the change, for apps that do not know the name.
    assert {str(part.name) for part in zone.walk()} >= {"STANDARD", "DAYLIGHT"}


def test_skipped_dates_have_no_event(built: Path) -> None:
    days = sorted(event.start.date() for event in events(built))
    assert days == MEETINGS
    assert date(2027, 3, 17) not in days


def test_uids_are_stable_and_an_updated_schedule_updates_the_events(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    ics = project / "output" / "exodus" / "exodus.ics"
    assert build(project, "--edition", "leader")[0] == 0
    first = ics.read_bytes()
    assert build(project, "--edition", "leader", "--force")[0] == 0
    assert ics.read_bytes() == first  # same schedule: same file, versions kept
    before = {str(e.uid): e for e in Calendar.from_ical(first).events}
    assert len(before) == 4
    settings = SETTINGS.replace('"19:00"', '"18:30"').replace("2027-03-17", "2027-03-24")
    (project / "studybook.yaml").write_text(settings)
    assert build(project, "--edition", "leader")[0] == 0
    after = {str(e.uid): e for e in Calendar.from_ical(ics.read_bytes()).events}
    assert after.keys() == before.keys()  # re-importing updates the same four events
    for uid, event in after.items():
        assert event.sequence == before[uid].sequence + 1
        assert event.start.time().isoformat() == "18:30:00"
    moved = {str(e["SUMMARY"]): e.start.date() for e in after.values()}
    assert moved["Session 2: The golden calf"] == date(2027, 3, 17)


def test_uids_name_the_study_church_group_and_session(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    uids = uids_of(calendar_for(project))
    assert len(uids) == 4
    assert uids == uids_of(calendar_for(project, place="Elsewhere", time="08:00"))
    for other in ({"church": "Hope Chapel"}, {"group": "Friday Morning"}):
        assert uids.isdisjoint(uids_of(calendar_for(project, **other)))
    (project / "content" / "exodus.yaml").rename(project / "content" / "exodus-again.yaml")
    assert uids.isdisjoint(uids_of(calendar_for(project)))


def test_no_meeting_time_gives_whole_day_events(tmp_path: Path) -> None:
    project = write_project(tmp_path, SETTINGS.replace('time: "19:00"\n', ""))
    found = Calendar.from_ical(calendar_for(project)).events
    assert sorted(e.start for e in found) == MEETINGS
    for event in found:
        assert type(event.start) is date and event.end == event.start + timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"  # shown on the day, not busy all day


def test_without_a_time_zone_times_are_floating(tmp_path: Path) -> None:
    project = write_project(tmp_path, SETTINGS.replace("timezone: America/Chicago\n", ""))
    data = calendar_for(project)
    found = Calendar.from_ical(data).events
    assert {(e.start.hour, e.start.tzinfo) for e in found} == {(19, None)}
    assert b"VTIMEZONE" not in data and b"TZID" not in data


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    church = 'St. Mary, St. Joseph; "Grace" \\ Parish\nEND:VEVENT\nBEGIN:VEVENT'
    place = "Hall 3; side door, upstairs\nLOCATION:elsewhere"
    project = write_project(tmp_path, SETTINGS)
    data = calendar_for(project, church=church, place=place)
    calendar = Calendar.from_ical(data)
    assert len(calendar.events) == 4
    one_line = " ".join(church.split())
    unfolded = data.decode().replace("\r\n ", "")
    escaped = 'St. Mary\\, St. Joseph\\; "Grace" \\\\ Parish END:VEVENT BEGIN:VEVENT'
    assert f"\r\nX-WR-CALNAME:Prayer in Exodus · {escaped} · Wednesday Night\r\n" in unfolded
    for event in calendar.events:
        assert str(event["LOCATION"]) == " ".join(place.split())
        assert f"{one_line} · Wednesday Night" in str(event["DESCRIPTION"])


def test_a_study_without_a_schedule_writes_no_calendar(tmp_path: Path) -> None:
    project = write_project(tmp_path, "church: Grace Chapel\ntime: '19:00'\n")
    code, output = build(project, "--edition", "leader")
    assert code == 0, output
    assert not list((project / "output").rglob("*.ics"))
    assert "ics" not in output


def test_a_batch_writes_a_calendar_per_church(tmp_path: Path) -> None:
    settings = SETTINGS.replace("start: 2027-03-10\nskip: [2027-03-17]\n", "") + textwrap.dedent(
        """\
        batch:
          - church: Grace Chapel
            start: 2027-03-10
            skip: [2027-03-17]
          - church: Hope Fellowship
            dates: [2027-04-01, 2027-04-08, 2027-04-15, 2027-04-22]
            timezone: Europe/London
        """
    )
    project = write_project(tmp_path, settings)
    code, output = build(project, "--edition", "leader")
    assert code == 0, output
    grace = events(project / "output/grace-chapel-wednesday-night/exodus/exodus.ics")
    hope = events(project / "output/hope-fellowship-wednesday-night/exodus/exodus.ics")
    assert [e.start.date() for e in grace] == MEETINGS
    assert [e.start.date() for e in hope] == [date(2027, 4, d) for d in (1, 8, 15, 22)]
    assert {str(e.start.tzinfo) for e in hope} == {"Europe/London"}
    assert {str(e.uid) for e in grace}.isdisjoint(str(e.uid) for e in hope)


def test_the_calendar_is_remembered_and_rebuilt_when_deleted(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    ics = project / "output" / "exodus" / "exodus.ics"
    assert build(project, "--edition", "leader")[0] == 0
    code, output = build(project, "--edition", "leader")
    assert code == 0 and output.startswith("up to date: 2 files unchanged")
    ics.unlink()
    assert build(project, "--edition", "leader")[0] == 0
    assert ics.is_file()


def test_a_failed_build_writes_no_calendar(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    ics = project / "output" / "exodus" / "exodus.ics"
    assert build(project, "--edition", "leader")[0] == 0
    before = ics.read_bytes()
    (project / "studybook.yaml").write_text(SETTINGS.replace('"19:00"', '"20:00"'))
    (project / "layouts").mkdir()
    (project / "layouts" / "back.html").write_text("{{ 1 / 0 }}")
    code, output = build(project, "--edition", "leader")
    assert code == 1 and "layouts/back.html:1:" in output
    assert ics.read_bytes() == before
    assert [p.name for p in ics.parent.iterdir() if p.name.startswith(".")] == []


def test_an_unreadable_earlier_calendar_starts_the_versions_afresh(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    previous = project / "previous.ics"
    previous.write_bytes(b"BEGIN:VCALENDAR\r\nthis is not iCalendar\r\n")
    calendar = Calendar.from_ical(calendar_for(project, previous))
    assert {e.sequence for e in calendar.events} == {0}


def test_a_meeting_time_the_clocks_skip_is_a_warning_and_shown_an_hour_later(
    tmp_path: Path,
) -> None:
    """At 02:00 on March 14, 2027 Chicago's clocks go forward to 03:00: a 02:30 meeting that
    day is at 03:30, as RFC 5545 reads a time that does not exist, and as the file says."""
    weekly = SETTINGS.replace("start: 2027-03-10\nskip: [2027-03-17]", "start: 2027-03-07")
    project = write_project(tmp_path, weekly.replace('"19:00"', '"02:30"'))
    result = CliRunner().invoke(main, ["check", str(project / "content")])
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if ": warning:" in line] == [
        "studybook.yaml:6:1: warning: 02:30 does not exist on 2027-03-14 in America/Chicago "
        "(the clocks go forward): the calendar shows the meeting at 03:30 — choose another "
        "meeting time, or check that date"
    ]
    result = CliRunner().invoke(main, ["check", "--strict", str(project / "content")])
    assert result.exit_code == 1
    starts = sorted(e.start for e in Calendar.from_ical(calendar_for(project)).events)
    assert [(s.date(), s.hour, s.minute) for s in starts] == [
        (date(2027, 3, 7), 2, 30),
        (date(2027, 3, 14), 3, 30),
        (date(2027, 3, 21), 2, 30),
        (date(2027, 3, 28), 2, 30),
    ]
    assert starts[1].utcoffset() == timedelta(hours=-5)


def test_a_time_zone_is_checked_where_another_overrides_it(tmp_path: Path) -> None:
    settings = "timezone: America/Chicgo\nbatch:\n  - {church: Grace, timezone: America/Boise}\n"
    project = write_project(tmp_path, settings)
    code, output = build(project, "--timezone", "Europe/Lisbon")
    assert code == 1
    assert output.splitlines() == [
        "studybook.yaml:1:1: unknown time zone 'America/Chicgo' — did you mean America/Chicago?",
        "studybook: 1 problem(s) found",
    ]


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("timezone: America/Chicgo", "studybook.yaml:1:1:", "did you mean America/Chicago?"),
        ("timezone: chicago", "studybook.yaml:1:1:", "did you mean America/Chicago?"),
        ("timezone: US/Chicago", "studybook.yaml:1:1:", "did you mean America/Chicago?"),
        ("timezone: Amerca/New York", "studybook.yaml:1:1:", "did you mean America/New_York?"),
        ("timezone: localtime", "studybook.yaml:1:1:", "'localtime' is not a time zone the"),
        ("timezone: Factory", "studybook.yaml:1:1:", "name the place where the group meets"),
        ("timezone: ../../../etc/passwd", "studybook.yaml:1:1:", "unknown time zone"),
        ("duration: 0", "studybook.yaml:1:11:", "'duration' must be at least 5"),
        ("duration: 1000", "studybook.yaml:1:11:", "'duration' must be at most 720"),
        ("duration: 1.5", "studybook.yaml:1:11:", "'duration' should be a whole number"),
    ],
)
def test_bad_time_zone_and_duration_in_the_file(
    tmp_path: Path, line: str, where: str, message: str
) -> None:
    project = write_project(tmp_path, line + "\n")
    result = CliRunner().invoke(main, ["check", str(project / "content")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert any(row.startswith(where) and message in row for row in result.output.splitlines())


def test_bad_time_zone_and_duration_as_options(tmp_path: Path) -> None:
    project = write_project(tmp_path, "church: Grace Chapel\n")
    code, output = build(project, "--timezone", "Mars/Olympus")
    assert code == 1
    assert "--timezone: unknown time zone 'Mars/Olympus'" in output
    code, output = build(project, "--duration", "2")
    assert code == 1
    assert "--duration: 'duration' must be at least 5" in output
    assert not [p for p in (project / "output").rglob("*") if not p.name.startswith(".")]


def test_calendar_file_sits_beside_the_pdfs(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    loaded = load_project(project / "content", {})
    planned = CalendarFile(loaded.studies[0], loaded.builds[0], project / "out", tuple(MEETINGS))
    assert planned.target == project / "out" / "exodus" / "exodus.ics"
