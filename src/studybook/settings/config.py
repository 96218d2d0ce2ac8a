"""Project settings: `studybook.yaml` and command-line options (options > file > defaults)."""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..errors import Problem, ProblemsFound
from ..resources import unprintable
from ..scripture import Bible
from ..study import Document, describe, read_yaml, validate
from .bibles import DEFAULT, Bibles
from .images import check_image
from .paper import PAPERS, Paper
from .schedule import Origin, Schedule, date_words

CONFIG_NAME = "studybook.yaml"


def _sexagesimal_time(value: Any) -> Any:
    """YAML 1.1 reads an unquoted 19:00 as the number 1140 (base 60): turn it back."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return f"{value // 60}:{value % 60:02d}"
    return value


Text = Annotated[str, Field(min_length=1)]


def _lower(value: Any) -> Any:
    """Choices are read in any case: `paper: A4` is `a4`."""
    return value.lower() if isinstance(value, str) else value


def _choice(*names: str) -> Any:
    """One of `names`, written in any case."""
    return Annotated[Literal[names], BeforeValidator(_lower)]


def _short_translation(value: Any) -> Any:
    """`translation: dr` is short for `translation: {bible: dr}`."""
    return {"bible": value} if isinstance(value, str) else value


class TranslationSetting(BaseModel):
    """One of studybook's translations or a SWORD module's name or abbreviation (`bible`),
    a SWORD module by its name (`sword`), or the church's own in a USFM `file` with the
    name, abbreviation and notice its licence asks for. `licensed` acknowledges that the
    church may print a module that is not in the public domain."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    bible: Text | None = None
    """One of studybook's translations (`web`, `kjv`, `dr` …) or a SWORD module's name or
    abbreviation (`translation: kjv` is short for this)."""
    sword: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    """A SWORD module by its name only (`sword: WEB` for the module, where `web` would be
    studybook's own)."""
    file: Text | None = None
    """The church's own translation: a USFM file, or a folder of them (one book each),
    inside the project."""
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """What the appendix calls the translation."""
    abbreviation: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    """Its abbreviation, printed with the appendix and with verses taken from it."""
    notice: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    """The copyright notice the licence asks to be printed (a USFM file's only)."""
    licensed: bool | None = None
    """`true`: the church may print this SWORD module, which is not in the public domain."""


MeetingTime = Annotated[
    str, BeforeValidator(_sexagesimal_time), Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
]


class SetFields(BaseModel):
    """What one church's set of booklets may customise."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    church: Text | None = None
    """The church's name: on the cover, in the footer (church · group) and as the PDFs'
    author."""
    group: Text | None = None
    """The group's name: in the footer and the calendar."""
    leader: Text | None = None
    """The leader's name, on the cover."""
    place: Text | None = None
    """Where the group meets: on the cover and in the calendar."""
    logo: Text | None = None
    """A PNG, JPEG or SVG file inside the project, for the cover."""
    time: MeetingTime | None = None
    """The meeting time, 24-hour `HH:MM` (`"19:00"`); without it, a meeting is a whole day
    in the calendar."""
    duration: Annotated[int, Field(ge=5, le=720)] | None = None
    """Minutes a meeting lasts, 5–720 (default 90), for the calendar."""
    timezone: Text | None = None
    """Where the group meets, an IANA name such as `America/Chicago`, for the calendar."""
    locale: Text | None = None
    """Dates in another locale than the study's language, e.g. `en_GB` or `es_MX`."""
    paper: _choice("half-letter", "letter", "a5", "a4") | None = None
    """The page size: `half-letter` (the default), `letter`, `a5` or `a4`."""
    large_print: bool | None = None
    """A large-print edition to the ACB's guidelines: 18 pt sans-serif type, no italics, lines
    1.5 apart and more room to write."""
    shape: Literal["booklet", "sheet"] | None = None
    """The participants' edition: a `booklet`, or a `sheet` without cover and contents."""
    smart_punctuation: bool | None = None
    """Curly quotes, dashes and ellipses in the study's own words, in its language's style
    (on unless `false`); verse text keeps the translation's punctuation."""
    cover: Literal["classic", "band", "frame"] | None = None
    """The cover's design: `classic` (the default), `band` or `frame`."""
    translation: (
        Annotated[
            TranslationSetting,
            BeforeValidator(_short_translation, json_schema_input_type=Text | TranslationSetting),
        ]
        | None
    ) = None
    """The Bible text: one of studybook's translations (`web`, the default, `kjv` …), a SWORD
    module, or the church's own in USFM."""
    start: date | None = None
    """The date of the first meeting, `YYYY-MM-DD`."""
    every: _choice("week", "2weeks", "month") | None = None
    """How often the group meets from `start`: `week`, `2weeks` or `month`."""
    skip: list[date] | None = None
    """Dates on the schedule when the group does not meet."""
    dates: Annotated[list[date], Field(min_length=1)] | None = None
    """One date per session, instead of `start` and `every`."""
    booklet: bool | None = None
    """Also write each edition as a booklet to fold and staple (`…-booklet.pdf`)."""
    creep: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] | None = None
    """Booklet creep compensation, 0–5 mm."""
    handouts: bool | None = None
    """Also write the participants' edition split per session (`…-session-N.pdf`)."""
    bleed: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    """Bleed around each page for a print shop, 0–10 mm."""
    marks: _choice("crop", "none") | None = None
    """Printer's marks: `crop`, or `none`."""
    pdf_a: bool | None = None
    """Archival PDF/A files: PDF/A-2a when tagged, else PDF/A-2b."""
    pdf_ua: bool | None = None
    """Tagged PDFs for screen readers, PDF/UA-1 (on unless `false`)."""
    pdf_x: bool | None = None
    """PDF/X-4 files for a print shop, with the FOGRA39 output intent; not with `pdf_a`."""


class ConfigFile(SetFields):
    """The whole `studybook.yaml`: defaults for every set, and optionally a batch of sets."""

    batch: Annotated[list[SetFields], Field(min_length=1)] | None = None
    """One set of PDFs per church, each in its own folder: a list of these settings, each
    church's own over the file's."""


@dataclass(frozen=True)
class Customisation:
    """Names printed on the cover, in the footer and in the PDF metadata (plain text)."""

    church: str | None = None
    group: str | None = None
    leader: str | None = None
    place: str | None = None
    logo: Path | None = None

    @property
    def footer(self) -> str:
        return " · ".join(name for name in (self.church, self.group) if name)


@dataclass(frozen=True)
class BuildOptions:
    """Everything that shapes a build besides the study itself."""

    paper: Paper = PAPERS["half-letter"]
    translation: Bible = DEFAULT
    # How the translation was chosen: "named" by the settings, the "default" (WEB), or for
    # the study's "language" (an installed Bible in it, when the settings name none).
    chosen: str = "default"
    customisation: Customisation = Customisation()
    locale: str | None = None  # None: dates in the study's language
    large_print: bool = False
    shape: str | None = None  # the participant edition's shape; None: as the study says
    smart_punctuation: bool = True  # curly quotes, dashes and ellipses in the study's words
    cover: str = "classic"  # the cover's design
    schedule: Schedule = field(default_factory=Schedule)
    folder: str | None = None
    production: Production = field(default_factory=lambda: Production())


@dataclass(frozen=True)
class Production:
    """Print-production choices: imposition, handouts, bleed and marks, archival or
    print-shop PDF."""

    booklet: bool = False
    creep_mm: float = 0.0
    handouts: bool = False
    bleed_mm: float = 0.0
    crop_marks: bool = False
    pdf_a: bool = False
    pdf_ua: bool = True
    pdf_x: bool = False

    @property
    def variant(self) -> str | None:
        """The PDF variant WeasyPrint writes: tagged PDF/UA-1 unless asked not to be.

        Archival files are PDF/A-2a when tagged (level A is PDF/A's accessible level); files
        for a print shop are PDF/X-4 (tagged too, unless asked not to be).
        """
        if self.pdf_x:
            return "pdf/x-4"
        if self.pdf_a:
            return "pdf/a-2a" if self.pdf_ua else "pdf/a-2b"
        return "pdf/ua-1" if self.pdf_ua else None


@dataclass
class _Layer:
    """Values set at one level (file, batch entry, options), each with where it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)

    def over(self, other: _Layer) -> _Layer:
        return _Layer({**other.values, **self.values}, {**other.origins, **self.origins})


def load_settings(project: Path, options: dict[str, Any]) -> list[BuildOptions]:
    """The build options of every set, merged from the config file and command-line options."""
    problems: list[Problem] = []
    cli = _options_layer(options, problems)
    top, entries = _file_layers(project / CONFIG_NAME, problems)
    for layer in (top, *entries):  # checked even where another level overrides them
        _timezone(layer.values.get("timezone"), layer.origins.get("timezone"), problems)
        _locale(layer.values.get("locale"), layer.origins.get("locale"), problems)
    builds = []
    bibles = Bibles(project)
    for entry in entries or [_Layer()]:
        layer = cli.over(entry.over(top))
        builds.append(_resolve(layer, bibles, batch=bool(entries), problems=problems))
    folders = [b.folder for b in builds]
    for build, entry in zip(builds, entries, strict=False):
        if folders.count(build.folder) > 1:
            origin = entry.origins.get("church", Origin(CONFIG_NAME))
            message = f"two sets would both write to output/{build.folder}"
            hint = "give each church in the batch a different name or group"
            problems.append(origin.problem(message, hint))
    if problems:
        raise ProblemsFound(problems)
    return builds


def _options_layer(options: dict[str, Any], problems: list[Problem]) -> _Layer:
    given = {k: v for k, v in options.items() if v not in (None, ())}
    origins = {k: Origin(f"--{k.replace('_', '-')}") for k in given}
    return _checked_layer(given, origins, problems)


def _checked_layer(
    given: dict[str, Any], origins: dict[str, Origin], problems: list[Problem]
) -> _Layer:
    """Values given as text (options, a roster's cells), checked and converted; each one
    that is wrong is a problem at its origin and is left out."""
    try:
        checked = SetFields.model_validate(given, strict=False).model_dump(exclude_none=True)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            name = str(error["loc"][0])
            message, hint = describe(error, SetFields)
            if origins[name].name:  # a cell: its column's name starts the message already
                message = f"'{_cell(given[name], error['loc'])}' " + message.removeprefix(
                    f"'{name}' "
                )
            problems.append(origins[name].problem(message, hint))
            given.pop(name, None)
        checked = SetFields.model_validate(given, strict=False).model_dump(exclude_none=True)
    for name in ("skip", "dates"):
        for i, _ in enumerate(checked.get(name, [])):
            origins[f"{name}.{i}"] = origins[name]
    return _Layer(checked, origins)


def _cell(value: Any, loc: tuple) -> Any:
    """The value in a cell an error is about: the cell's, or one date of a list."""
    if isinstance(value, list) and len(loc) > 1 and isinstance(loc[1], int):
        return value[loc[1]]
    return value


def _file_layers(path: Path, problems: list[Problem]) -> tuple[_Layer, list[_Layer]]:
    if not os.path.lexists(path):
        return _Layer(), []
    try:
        document = read_yaml(path, CONFIG_NAME)
    except ProblemsFound as found:
        problems += found.problems
        return _Layer(), []
    config, found = validate(document, ConfigFile)
    problems += found
    if config is None:
        return _Layer(), []
    top = _document_layer(document, config.model_dump(exclude_none=True, exclude={"batch"}), ())
    if config.batch:
        span = document.span(("batch",), key=True)
        top.origins["batch"] = Origin(document.file, span.line, span.column)
    entries = [
        _document_layer(document, entry.model_dump(exclude_none=True), ("batch", i))
        for i, entry in enumerate(config.batch or [])
    ]
    return top, entries


# Settings that cannot go together (the second is named where they meet): message, hint.
CONFLICTS = {
    ("dates", "start"): (
        "both dates and a start date are given",
        "use either a list of dates or a start date with --every",
    ),
    ("pdf_a", "pdf_x"): (
        "both PDF/X and PDF/A are asked for",
        "choose PDF/X for a print shop or PDF/A for an archive: one file cannot be both",
    ),
}


def _document_layer(document: Document, values: dict[str, Any], path: tuple) -> _Layer:
    origins = {}
    for name in values:
        span = document.span((*path, name), key=True)
        origins[name] = Origin(document.file, span.line, span.column)
    for name in ("skip", "dates"):
        for i, _ in enumerate(values.get(name, [])):
            span = document.span((*path, name, i))
            origins[f"{name}.{i}"] = Origin(document.file, span.line, span.column)
    return _Layer(values, origins)


def _resolve(
    layer: _Layer, bibles: Bibles, *, batch: bool, problems: list[Problem]
) -> BuildOptions:
    values, origins = layer.values, layer.origins
    project = bibles.project
    for (first, second), (message, hint) in CONFLICTS.items():
        if all(values.get(name) not in (None, False) for name in (first, second)):
            problems.append(origins[second].problem(message, hint))
    locale = _locale(values.get("locale"), origins.get("locale"), problems)
    logo = None
    if "logo" in values:
        logo, found = check_image(values["logo"], project, origins["logo"])
        problems += found
    hours, _, minutes = values.get("time", "").partition(":")
    schedule = Schedule(
        start=values.get("start"),
        every=values.get("every", "week"),
        skip=tuple(values.get("skip", ())),
        dates=tuple(values["dates"]) if "dates" in values else None,
        time=time(int(hours), int(minutes)) if minutes else None,
        duration=timedelta(minutes=values.get("duration", 90)),
        timezone=_timezone(values.get("timezone"), origins.get("timezone"), problems),
        origins=origins,
    )
    names = {k: values.get(k) for k in ("church", "group", "leader", "place")}
    for name, text in names.items():
        if text and (found := unprintable(text)):
            problems.append(origins[name].problem(*found[:2]))
    translation = None
    if "translation" in values:
        translation = bibles.named(values["translation"], origins["translation"], problems)
    return BuildOptions(
        paper=PAPERS[values.get("paper", "half-letter")],
        translation=translation or DEFAULT,
        chosen="named" if "translation" in values else "default",
        customisation=Customisation(**names, logo=logo),
        locale=locale,
        large_print=values.get("large_print", False),
        shape=values.get("shape"),
        smart_punctuation=values.get("smart_punctuation", True),
        cover=values.get("cover", "classic"),
        schedule=schedule,
        folder=_folder(names["church"], names["group"]) if batch else None,
        production=Production(
            booklet=values.get("booklet", False),
            creep_mm=values.get("creep", 0.0),
            handouts=values.get("handouts", False),
            bleed_mm=values.get("bleed", 0.0),
            crop_marks=values.get("marks") == "crop",
            pdf_a=values.get("pdf_a", False),
            pdf_ua=values.get("pdf_ua", True),
            pdf_x=values.get("pdf_x", False),
        ),
    )


def _locale(name: str | None, origin: Origin | None, problems: list[Problem]) -> str | None:
    """The locale if Babel knows it and the fonts can print its dates."""
    if name is None or origin is None:
        return None
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        hint = "use a locale code such as en_US, en_GB, es or de"
        problems.append(origin.problem(f"unknown locale '{name}'", hint))
        return None
    if found := unprintable(date_words(name)):
        message = f"dates in the locale '{name}' cannot be printed: {found[0]}"
        hint = "choose a locale written in Latin, Greek or Cyrillic letters"
        problems.append(origin.problem(message, hint))
        return None
    return name


# Names in the time zone database that are no place a group meets: the machine's own zone
# (a link to /etc/localtime, whatever that is where the calendar is built) and "not set".
NOT_PLACES = frozenset({"localtime", "Factory"})


def _timezone(name: str | None, origin: Origin | None, problems: list[Problem]) -> str | None:
    """The time zone if it is one of the IANA database's places (tzdata ships the database)."""
    if name is None or origin is None:
        return None
    zones = _zones()
    if name in zones:
        return name
    if name in NOT_PLACES:
        hint = "name the place where the group meets, e.g. America/Chicago"
        message = f"'{name}' is not a time zone the group's calendars can know"
    else:
        close = _closest_zone(name, zones)
        message = f"unknown time zone '{name}'"
        hint = f"did you mean {close}?" if close else "use an IANA name such as America/Chicago"
    problems.append(origin.problem(message, hint))
    return None


@functools.cache
def _zones() -> frozenset[str]:
    """The places of the IANA time zone database (finding them reads hundreds of files)."""
    return frozenset(available_timezones() - NOT_PLACES)


def _closest_zone(name: str, zones: frozenset[str]) -> str | None:
    """The zone a mistyped name probably meant: the same name or city in any case, else a
    near miss of the whole name, else of the city alone ("US/Chicago": America/Chicago)."""
    wanted = name.strip().replace(" ", "_").casefold()
    folded = {zone.casefold(): zone for zone in sorted(zones)}
    cities = {zone.rsplit("/", 1)[-1].casefold(): zone for zone in sorted(zones) if "/" in zone}
    if same := folded.get(wanted) or cities.get(wanted):
        return same
    city = wanted.rsplit("/", 1)[-1]
    for candidates, key in ((folded, wanted), (cities, city)):
        if close := difflib.get_close_matches(key, candidates, n=1, cutoff=0.8):
            return candidates[close[0]]
    return None


def _folder(*names: str | None) -> str:
    """An output folder name from the church and group: lower case, words joined by '-'."""
    name = " ".join(n for n in names if n) or "church"
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-_") or "church"
