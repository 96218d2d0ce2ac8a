"""Project settings: `studybook.yaml` and command-line options (options > file > defaults)."""

from __future__ import annotations

import difflib
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
from ..project import Unreadable, shown
from ..resources import unprintable
from ..scripture import TRANSLATIONS, BadFile, Bible, FileTranslation, read_project_bible
from ..study import Document, describe, read_yaml, validate
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


def _short_translation(value: Any) -> Any:
    """`translation: dr` is short for `translation: {bible: dr}`."""
    return {"bible": value} if isinstance(value, str) else value


class TranslationSetting(BaseModel):
    """One of studybook's translations (`bible`), or the church's own in a USFM `file`
    with the name, abbreviation and notice its licence asks for."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    bible: Text | None = None
    file: Text | None = None
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    abbreviation: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    notice: Annotated[str, Field(min_length=1, max_length=2000)] | None = None


MeetingTime = Annotated[
    str, BeforeValidator(_sexagesimal_time), Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
]


class SetFields(BaseModel):
    """What one church's set of booklets may customise."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    church: Text | None = None
    group: Text | None = None
    leader: Text | None = None
    place: Text | None = None
    logo: Text | None = None
    time: MeetingTime | None = None
    duration: Annotated[int, Field(ge=5, le=720)] | None = None
    timezone: Text | None = None
    locale: Text | None = None
    paper: Literal["half-letter", "letter", "a5", "a4"] | None = None
    large_print: bool | None = None
    smart_punctuation: bool | None = None
    cover: Literal["classic", "band", "frame"] | None = None
    translation: (
        Annotated[
            TranslationSetting,
            BeforeValidator(_short_translation, json_schema_input_type=Text | TranslationSetting),
        ]
        | None
    ) = None
    start: date | None = None
    every: Literal["week", "2weeks", "month"] | None = None
    skip: list[date] | None = None
    dates: Annotated[list[date], Field(min_length=1)] | None = None
    booklet: bool | None = None
    creep: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] | None = None
    handouts: bool | None = None
    bleed: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    marks: Literal["crop", "none"] | None = None
    pdf_a: bool | None = None
    pdf_ua: bool | None = None
    pdf_x: bool | None = None


class ConfigFile(SetFields):
    """The whole `studybook.yaml`: defaults for every set, and optionally a batch of sets."""

    batch: Annotated[list[SetFields], Field(min_length=1)] | None = None


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
    translation: Bible = TRANSLATIONS["web"]
    customisation: Customisation = Customisation()
    locale: str | None = None  # None: dates in the study's language
    large_print: bool = False
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
    builds = []
    for entry in entries or [_Layer()]:
        layer = cli.over(entry.over(top))
        builds.append(_resolve(layer, project, batch=bool(entries), problems=problems))
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
    try:
        checked = SetFields.model_validate(given, strict=False).model_dump(exclude_none=True)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            name = str(error["loc"][0])
            message, hint = describe(error, SetFields)
            problems.append(origins[name].problem(message, hint))
            given.pop(name, None)
        checked = SetFields.model_validate(given, strict=False).model_dump(exclude_none=True)
    for i, _ in enumerate(checked.get("skip", [])):
        origins[f"skip.{i}"] = origins["skip"]
    return _Layer(checked, origins)


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
    entries = [
        _document_layer(document, entry.model_dump(exclude_none=True), ("batch", i))
        for i, entry in enumerate(config.batch or [])
    ]
    return top, entries


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


def _resolve(layer: _Layer, project: Path, *, batch: bool, problems: list[Problem]) -> BuildOptions:
    values, origins = layer.values, layer.origins
    if "dates" in values and "start" in values:
        hint = "use either a list of dates or a start date with --every"
        problems.append(origins["start"].problem("both dates and a start date are given", hint))
    if values.get("pdf_x") and values.get("pdf_a"):
        hint = "choose PDF/X for a print shop or PDF/A for an archive: one file cannot be both"
        problems.append(origins["pdf_x"].problem("both PDF/X and PDF/A are asked for", hint))
    locale = values.get("locale")
    try:
        if locale is not None:
            Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        hint = "use a locale code such as en_US, en_GB, es or de"
        problems.append(origins["locale"].problem(f"unknown locale '{locale}'", hint))
        locale = None
    else:
        if locale is not None and (found := unprintable(date_words(locale))):
            message = f"dates in the locale '{locale}' cannot be printed: {found[0]}"
            hint = "choose a locale written in Latin, Greek or Cyrillic letters"
            problems.append(origins["locale"].problem(message, hint))
            locale = None
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
        timezone=_timezone(values.get("timezone"), origins, problems),
        origins=origins,
    )
    names = {k: values.get(k) for k in ("church", "group", "leader", "place")}
    for name, text in names.items():
        if text and (found := unprintable(text)):
            problems.append(origins[name].problem(*found[:2]))
    return BuildOptions(
        paper=PAPERS[values.get("paper", "half-letter")],
        translation=_translation(values.get("translation"), origins, project, problems),
        customisation=Customisation(**names, logo=logo),
        locale=locale,
        large_print=values.get("large_print", False),
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


def _translation(
    setting: dict[str, str] | None, origins: dict[str, Origin], project: Path, problems: list
) -> Bible:
    """The translation a set prints: one of studybook's, installed, or the project's own."""
    if setting is None:
        return TRANSLATIONS["web"]
    origin = origins["translation"]
    if "bible" in setting and "file" in setting:
        hint = "keep `bible:` for one of studybook's translations, or `file:` for your own"
        problems.append(origin.problem("the translation has both a bible and a file", hint))
    elif "bible" in setting:
        key = setting["bible"]
        if key not in TRANSLATIONS:
            close = difflib.get_close_matches(key.lower(), TRANSLATIONS, n=1)
            hint = (
                f"did you mean {close[0]}?" if close else "choose one of " + ", ".join(TRANSLATIONS)
            )
            problems.append(origin.problem(f"unknown translation '{key}'", hint))
        elif not TRANSLATIONS[key].installed():
            t = TRANSLATIONS[key]
            message = f"the {t.name} ({t.abbreviation}) is not installed"
            problems.append(origin.problem(message, f"install it with: pip install {t.package}"))
        else:
            return TRANSLATIONS[key]
    elif missing := [k for k in ("file", "name", "abbreviation", "notice") if k not in setting]:
        listed = ", ".join(f"`{k}:`" for k in missing)
        hint = "give the USFM file and the name, abbreviation and notice its licence asks for"
        problems.append(origin.problem(f"the translation needs {listed}", hint))
    else:
        try:
            verses = read_project_bible(project / setting["file"], project)
        except Unreadable as err:
            problems.append(origin.problem(f"{setting['file']}: {err.message}", err.hint))
        except BadFile as err:
            where = Origin(shown(err.file), err.error.line, 1)
            problems.append(where.problem(err.error.message, err.error.hint))
        else:
            names = {k: setting[k] for k in ("name", "abbreviation", "notice")}
            return FileTranslation(**names, file=setting["file"], verses=verses)
    return TRANSLATIONS["web"]


def _timezone(name: str | None, origins: dict[str, Origin], problems: list[Problem]) -> str | None:
    """The time zone if it is one of the IANA database's names (tzdata ships the database)."""
    if name is None:
        return None
    zones = available_timezones()
    if name in zones:
        return name
    close = _closest_zone(name, zones)
    hint = f"did you mean {close}?" if close else "use an IANA name such as America/Chicago"
    problems.append(origins["timezone"].problem(f"unknown time zone '{name}'", hint))
    return None


def _closest_zone(name: str, zones: set[str]) -> str | None:
    """The zone a mistyped name probably meant: same name or city in any case, or a near miss."""
    wanted = name.strip().replace(" ", "_").casefold()
    same = sorted(z for z in zones if wanted in (z.casefold(), z.rsplit("/", 1)[-1].casefold()))
    return next(iter(same + difflib.get_close_matches(name, zones, n=1, cutoff=0.8)), None)


def _folder(*names: str | None) -> str:
    """An output folder name from the church and group: lower case, words joined by '-'."""
    name = " ".join(n for n in names if n) or "church"
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-_") or "church"
