"""Which Bible a set of booklets prints: the translation studybook.yaml (or --translation)
names — one of studybook's, a SWORD module, or the church's own USFM file — or, when it
names none, the World English Bible, unless the study is in another language and a
public-domain SWORD Bible in that language is installed; and the warning a study gets
when its Bible is in another language than the study."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from ..errors import Problem
from ..project import Unreadable, shown
from ..resources import unprintable
from ..scripture import (
    DEBIAN_BIBLES,
    TRANSLATIONS,
    BadFile,
    BadModule,
    Bible,
    FileTranslation,
    Found,
    Module,
    SwordTranslation,
    find_modules,
    read_bible,
    read_project_bible,
)
from ..study import LoadedStudy
from .schedule import Origin

DEFAULT = TRANSLATIONS["web"]
_LICENSED = "if your church may print it, add `licensed: true` under `translation:`"


@dataclass
class Bibles:
    """The Bibles of one project, each module read once however many sets name it."""

    project: Path
    _found: Found | None = None
    _read: dict[int, SwordTranslation | BadModule] = field(default_factory=dict)

    def found(self) -> Found:
        if self._found is None:
            self._found = find_modules(self.project)
        return self._found

    def read(self, module: Module) -> SwordTranslation:
        """A module's Bible; raises BadModule."""
        if id(module) not in self._read:
            self._read[id(module)] = _attempt(module)
        bible = self._read[id(module)]
        if isinstance(bible, BadModule):
            raise bible
        return bible

    def named(self, setting: dict[str, Any], origin: Origin, problems: list) -> Bible | None:
        """The Bible a set's `translation:` names; None, with problems, when it cannot be
        printed."""
        given = [k for k in ("bible", "sword", "file") if k in setting]
        if len(given) > 1:
            listed = " and ".join(f"`{k}:`" for k in given)
            hint = "keep `bible:` for one of studybook's, `sword:` for a module, `file:` for USFM"
            problems.append(origin.problem(f"the translation has both {listed}", hint))
        elif "sword" in setting:
            return self._module(setting["sword"], setting, origin, problems, abbreviation=False)
        elif "bible" in setting:
            return self._bible(setting, origin, problems)
        else:
            return _usfm(setting, origin, self.project, problems)
        return None

    def _bible(self, setting: dict[str, Any], origin: Origin, problems: list) -> Bible | None:
        key = setting["bible"]
        if key.lower() in TRANSLATIONS:  # "KJV" as well as "kjv"
            key = key.lower()
            if TRANSLATIONS[key].installed():
                return TRANSLATIONS[key]
            t = TRANSLATIONS[key]
            message = f"the {t.name} ({t.abbreviation}) is not installed"
            problems.append(origin.problem(message, f"install it with: pip install {t.package}"))
            return None
        return self._module(key, setting, origin, problems, abbreviation=True)

    def _unknown(self, key: str, message: str, named: bool) -> tuple[str, str]:
        """What to do about a translation nobody knows: install it, a near name, or (for one
        `named` as a translation) how to print one the church is licensed to print (the NIV,
        say)."""
        for name, abbreviation, _, package in DEBIAN_BIBLES:
            if key.casefold() in (name.casefold(), abbreviation.casefold()):
                return message, f"install its SWORD module with: apt-get install {package}"
        names = {k: k for k in TRANSLATIONS}
        for module in self.found().bibles():
            names |= {module.abbreviation.lower(): module.abbreviation}
            names |= {module.name.lower(): module.name}
        close = difflib.get_close_matches(key.lower(), names, n=1)
        if close:
            return message, f"did you mean {names[close[0]]}?"
        if not named:  # `sword: NAME`: a module, not a translation studybook could have
            hint = "install it, or put it in the project's sword/ folder (see the manual)"
            return message, hint
        message = f"studybook has no translation '{key}': it has only public-domain ones"
        hint = (
            f"choose one of {', '.join(TRANSLATIONS)} or an installed SWORD module; or, if your "
            f"church is licensed to print the {key.upper()}, give studybook its text as a USFM "
            f"file: `translation: {{file: bibles/{key.lower()}, name: …, abbreviation: "
            f"{key.upper()}, notice: …}}` in studybook.yaml (see the manual, The church's own "
            "translation)"
        )
        return message, hint

    def _module(
        self, wanted: str, setting: dict[str, Any], origin: Origin, problems: list, *,
        abbreviation: bool,
    ) -> Bible | None:  # fmt: skip
        """A SWORD module a set names by its name (or abbreviation), read, its licence
        respected; None, with problems, when it cannot be printed."""
        found = self.found()
        problems += self._unreadable()
        # By name any module (a commentary named is refused as one), else a Bible by its
        # abbreviation.
        matches = [m for m in found.modules if m.matches(wanted, abbreviation=False)]
        if not matches and abbreviation:
            matches = [m for m in found.bibles() if m.matches(wanted, abbreviation=True)]
        if not matches:
            message = (
                f"unknown translation '{wanted}'"
                if abbreviation
                else f"no SWORD Bible module named '{wanted}' is installed"
            )
            problems.append(origin.problem(*self._unknown(wanted, message, abbreviation)))
            return None
        if len(matches) > 1:
            names = " and ".join(m.name for m in matches)
            message = f"'{wanted}' is the abbreviation of {names}"
            hint = f"name one: translation: {{sword: {matches[0].name}}}"
            problems.append(origin.problem(message, hint))
            return None
        module = matches[0]
        if "notice" in setting:
            message = "a SWORD module's copyright line comes from its .conf, not `notice:`"
            problems.append(origin.problem(message, "remove `notice:`"))
            return None
        try:
            bible = self.read(module)
        except BadModule as err:
            problems.append(origin.problem(f"{module.where}: {err.message}", err.hint))
            return None
        if not bible.public_domain and not setting.get("licensed"):
            message = f"{module.where} is not in the public domain: {bible.licence}"
            problems.append(origin.problem(message, f"{_LICENSED} ({bible.notice})"))
            return None
        names = {k: setting[k] for k in ("name", "abbreviation") if k in setting}
        bible = replace(bible, **names)
        for text in (bible.name, bible.abbreviation, bible.notice):
            if found := unprintable(text):
                hint = "give it `name:` and `abbreviation:` studybook can print"
                problems.append(origin.problem(f"{module.where}: {found[0]}", hint))
                return None
        return bible

    def for_study(
        self, translation: Bible | None, loaded: LoadedStudy, problems: list
    ) -> tuple[Bible, bool]:
        """The Bible a study prints, and whether it was chosen for the study's language:
        the one its set names, or else WEB, or an installed public-domain SWORD Bible in
        the study's language (not English). Warns when the two languages differ."""
        language = loaded.study.language
        by_language, named = False, translation is not None
        if translation is None:
            translation = DEFAULT
            if not _same(DEFAULT.language, language):
                found = self._in_language(language, loaded, problems)
                translation, by_language = found or DEFAULT, found is not None
        if translation.language and not _same(translation.language, language):
            problems.append(self._mismatch(translation, loaded, named=named))
        return translation, by_language

    def _in_language(
        self, language: str, loaded: LoadedStudy, problems: list
    ) -> SwordTranslation | None:
        """The first installed public-domain Bible in a language, read."""
        problems += self._unreadable()
        public = self._public(language)
        if not public:
            return None
        try:
            return self.read(public[0])
        except BadModule as err:
            where = (str(loaded.path), *loaded.language_at)
            message = f"{public[0].where}, the Bible in the study's language: {err.message}"
            problems.append(Problem(*where, message, err.hint))
            return None

    def _unreadable(self) -> list[Problem]:
        """What cannot be read in the project's own sword/ folder."""
        return [Problem(where, 0, 0, err.message, err.hint) for where, err in self.found().problems]

    def _public(self, language: str) -> list[Module]:
        return [
            m
            for m in self.found().bibles()
            if _same(m.language, language) and m.public_domain and not m.locked
        ]

    def _mismatch(self, bible: Bible, loaded: LoadedStudy, *, named: bool) -> Problem:
        """The warning at a study's `language` when its Bible is in another language."""
        study, theirs = language_name(loaded.study.language), language_name(bible.language)
        message = (
            f"this study is in {study}, and its Bible verses would print in {theirs}, "
            f"from the {bible.name} ({bible.abbreviation})"
        )
        if named:
            hint = (
                f"choose a translation in {study}, or set `language:` to the language the "
                "study is written in"
            )
        else:
            hint = self._language_hint(loaded.study.language, study)
        where = (str(loaded.path), *loaded.language_at)
        return Problem(*where, message, hint, warning=True)

    def _language_hint(self, language: str, name: str) -> str:
        """How to print a study's verses in its own language."""
        for module in self.found().bibles():
            if _same(module.language, language) and not module.public_domain:
                return (
                    f"the {module.description} ({module.name}) is installed, but not in the "
                    f"public domain: {_LICENSED}, as translation: "
                    f"{{sword: {module.name}, licensed: true}}"
                )
        for _, abbreviation, theirs, package in DEBIAN_BIBLES:
            if _same(theirs, language):
                return (
                    f"install a Bible in {name} with: apt-get install {package} (the "
                    f"{abbreviation}, then used by itself), or see the manual"
                )
        return (
            f"put a SWORD module of a Bible in {name} in the project's sword/ folder and set "
            "translation: to its name, or use your church's own Bible as USFM (see the manual)"
        )


def _attempt(module: Module) -> SwordTranslation | BadModule:
    try:
        return read_bible(module)
    except BadModule as err:
        return err


def _usfm(setting: dict[str, Any], origin: Origin, project: Path, problems: list) -> Bible | None:
    """The church's own Bible in a USFM file, with the names its licence asks for."""
    if missing := [k for k in ("file", "name", "abbreviation", "notice") if k not in setting]:
        listed = ", ".join(f"`{k}:`" for k in missing)
        hint = "give the USFM file and the name, abbreviation and notice its licence asks for"
        problems.append(origin.problem(f"the translation needs {listed}", hint))
        return None
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
    return None


def _same(one: str | None, other: str) -> bool:
    """Whether two language codes name one language ("pt-BR" and "pt" do)."""
    return one is None or _primary(one) == _primary(other)


def _primary(code: str) -> str:
    return code.replace("_", "-").split("-")[0].casefold()


def language_name(code: str | None) -> str:
    """A language's English name ("Spanish"), or its code when Babel does not know it."""
    try:
        return Locale.parse(_primary(code or "en")).get_language_name("en") or str(code)
    except (UnknownLocaleError, ValueError):
        return f"the language '{code}'"


def describe(bible: Bible) -> str:
    """What a Bible is and its licence, for `check`."""
    named = f"{bible.name} ({bible.abbreviation})"
    if isinstance(bible, SwordTranslation):
        licence = "public domain" if bible.public_domain else f"{bible.licence}, licensed"
        return f"{named}, the SWORD module {bible.module} in {bible.where}: {licence}"
    if isinstance(bible, FileTranslation):
        return f"{named}, from {bible.file}: {bible.notice}"
    return f"{named}: {bible.notice}"


def language_note(bible: Bible, language: str) -> str:
    """Why a study prints a Bible its settings do not name."""
    return (
        f"verses from the {bible.name} ({bible.abbreviation}), the installed Bible in "
        f"{language_name(language)}, as studybook.yaml names no translation"
    )
