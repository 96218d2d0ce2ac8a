"""SWORD module libraries: where modules are (the project's `sword/` folder, then SWORD's
standard places: SWORD_PATH, ~/.sword, /usr/share/sword), what their `.conf` files say,
and reading a module's files within bounds, from a folder or straight from the zip
CrossWire distributes (never unpacked: nothing is written anywhere).

A library is a folder holding `mods.d/` (one `.conf` file per module) and the modules'
data under the paths their `.conf` names; every file read must lie inside it.
"""

from __future__ import annotations

import contextlib
import io
import lzma
import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..project import Unreadable, read_inside, shown

PROJECT_FOLDER = "sword"  # the project's own modules: zips, or the folders they unpack to
SYSTEM = (Path("/usr/share/sword"), Path("/usr/local/share/sword"))
MAX_CONF = 256 * 1024  # a module's .conf is 1–20 KB
MAX_CONFS = 1000  # .conf files in one library
MAX_ENTRIES = 200  # zips and folders in the project's sword/ folder
MAX_FILE = 64 * 1024 * 1024  # one file of a module: a whole Bible's are 1–15 MB
MAX_MEMBERS = 5000  # files in one zip
# What a module's .conf says when it says nothing of its licence (CrossWire's default).
DEFAULT_LICENCE = "Copyrighted; Permission to distribute granted to CrossWire"
BIBLE_DRIVERS = ("ztext", "ztext4", "rawtext", "rawtext4")
# Debian's packages of Bible modules, named in hints: (module, abbreviation, language, package).
DEBIAN_BIBLES = (
    ("spaRV1909eb", "RV1909", "es", "sword-text-sparv"),
    ("KJV", "KJV", "en", "sword-text-kjv"),
    ("WEB", "WEB", "en", "sword-text-web"),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadModule(Exception):
    """A module or library studybook cannot read, with what is wrong and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, eq=False)
class Library:
    """A folder holding `mods.d/`, or a zip of one, and how messages name it."""

    root: Path
    shown: str
    zipped: zipfile.ZipFile | None = None

    def confs(self) -> Iterator[bytes]:
        """The content of each `.conf` file in `mods.d/`, those too big left out."""
        if self.zipped is not None:
            for info in self.zipped.infolist():
                folder, _, name = _member(info.filename).rpartition("/")
                conf = folder.lower() == "mods.d" and name.lower().endswith(".conf")
                if conf and info.file_size <= MAX_CONF:
                    yield self._unzip(info, MAX_CONF)
            return
        try:
            names = sorted(e.name for e in os.scandir(self.root / "mods.d"))[:MAX_CONFS]
        except OSError:
            return
        for name in names:
            if name.lower().endswith(".conf"):
                try:
                    yield self.read(f"mods.d/{name}", MAX_CONF) or b""
                except BadModule:
                    continue

    def read(self, relative: str, limit: int) -> bytes | None:
        """A file of the library, at most `limit` bytes; None when there is no such file.
        Raises BadModule for a file that cannot be used (a link outside, too big …)."""
        if self.zipped is not None:
            info = next(
                (i for i in self.zipped.infolist() if _member(i.filename) == relative), None
            )
            return None if info is None else self._unzip(info, limit)
        path = self.root / relative
        if not os.path.lexists(path):
            return None
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise BadModule(f"{relative} links outside its library", "copy the module there")
        try:
            return read_inside(path.resolve(), self.root.resolve(), limit)
        except Unreadable as err:
            raise BadModule(f"{relative}: {err.message}", err.hint) from None

    def _unzip(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        if info.file_size > limit:
            message = f"{info.filename} is {info.file_size:,} bytes, more than {limit:,}"
            raise BadModule(message, "use the zip of one Bible module")
        try:
            with self.zipped.open(info) as stream:  # type: ignore[union-attr]
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError) as err:
            raise BadModule(f"{info.filename} cannot be unzipped ({err})", _AGAIN) from None
        except (NotImplementedError, RuntimeError) as err:  # compression, encryption
            raise BadModule(f"{info.filename} cannot be unzipped ({err})", _AGAIN) from None
        if len(data) > limit:
            raise BadModule(f"{info.filename} holds more than {limit:,} bytes", _AGAIN)
        return data


_AGAIN = "download the module again"


def _member(name: str) -> str:
    """A zip member's name as a relative path: "./mods.d/x.conf" is "mods.d/x.conf"."""
    return posixpath.normpath(name.replace("\\", "/")).lstrip("/")


@dataclass(frozen=True, eq=False)
class Module:
    """A module a `.conf` describes, and the library it is in (its text not yet read)."""

    name: str
    conf: dict[str, str] = field(repr=False)  # the first value of each key; keys lower case
    library: Library

    def value(self, key: str, default: str = "") -> str:
        """A `.conf` value, on one line and without control characters."""
        return _CONTROL.sub(" ", self.conf.get(key.lower(), "")).strip() or default

    @property
    def abbreviation(self) -> str:
        return self.value("Abbreviation", self.name)

    @property
    def description(self) -> str:
        return self.value("Description", self.name)

    @property
    def language(self) -> str:
        return self.value("Lang", "en")  # the .conf's default

    @property
    def licence(self) -> str:
        return self.value("DistributionLicense", DEFAULT_LICENCE)

    @property
    def public_domain(self) -> bool:
        return "public domain" in self.licence.casefold()

    @property
    def is_bible(self) -> bool:
        return self.value("ModDrv").lower() in BIBLE_DRIVERS

    @property
    def locked(self) -> bool:
        """A module sold locked: its text is enciphered, and the key is not given."""
        return "cipherkey" in self.conf and not self.value("CipherKey")

    @property
    def where(self) -> str:
        return f"the SWORD module {self.name} in {self.library.shown}"

    def matches(self, wanted: str, *, abbreviation: bool) -> bool:
        names = (self.name, self.abbreviation) if abbreviation else (self.name,)
        return wanted.casefold() in (n.casefold() for n in names)


@dataclass(frozen=True)
class Found:
    """The modules found, the first of each name, in the order they were looked for; and
    what could not be read in the project's own `sword/` folder."""

    modules: list[Module]
    problems: list[tuple[str, BadModule]]  # where, what

    def bibles(self) -> list[Module]:
        return [m for m in self.modules if m.is_bible]


def find_modules(project: Path) -> Found:
    """Every module in the project's `sword/` folder, then in SWORD's standard places."""
    problems: list[tuple[str, BadModule]] = []
    libraries = _project_libraries(project, problems)
    libraries += [Library(p, str(p)) for p in standard_libraries() if (p / "mods.d").is_dir()]
    modules: dict[str, Module] = {}
    for library in libraries:
        for conf in library.confs():
            for name, values in parse_conf(conf):
                modules.setdefault(name.casefold(), Module(name, values, library))
    return Found(list(modules.values()), problems)


def standard_libraries() -> list[Path]:
    """Where SWORD programs keep modules: SWORD_PATH, ~/.sword, then the system's; in a job
    searching the places its parent found (`searching`), those."""
    if _searched is not None:
        return list(_searched)
    listed = [Path(p) for p in os.environ.get("SWORD_PATH", "").split(os.pathsep) if p]
    return [*listed, *_home_library(), *SYSTEM]


def _home_library() -> list[Path]:
    """~/.sword, where a user's own SWORD programs install modules."""
    with contextlib.suppress(RuntimeError):  # no home folder
        return [Path.home() / ".sword"]
    return []


_searched: tuple[Path, ...] | None = None


@contextlib.contextmanager
def searching(places: Iterable[Path]) -> Iterator[None]:
    """Look for modules in these standard places only, as a job does with the places the
    process that started it found (a job's environment is its fork server's, not its
    parent's)."""
    global _searched
    before, _searched = _searched, tuple(places)
    try:
        yield
    finally:
        _searched = before


def _project_libraries(project: Path, problems: list[tuple[str, BadModule]]) -> list[Library]:
    """The project's `sword/` folder as a library, each zip in it, and each folder in it
    that holds `mods.d/` (a module unpacked into a folder of its own)."""
    folder = project / PROJECT_FOLDER
    if not folder.is_dir():
        return []
    if not folder.resolve().is_relative_to(project.resolve()):
        problems.append((shown(folder), BadModule("links outside the project", _INSIDE)))
        return []
    libraries = [Library(folder, shown(folder))] if (folder / "mods.d").is_dir() else []
    entries = sorted(folder.iterdir())
    if len(entries) > MAX_ENTRIES:
        problems.append((shown(folder), BadModule(f"more than {MAX_ENTRIES} entries", _FEWER)))
        entries = entries[:MAX_ENTRIES]
    for entry in entries:
        if entry.suffix.lower() == ".zip":
            try:
                libraries.append(_zip_library(entry, project))
            except BadModule as err:
                problems.append((shown(entry), err))
        elif entry.name != "mods.d" and (entry / "mods.d").is_dir():
            if entry.resolve().is_relative_to(folder.resolve()):
                libraries.append(Library(entry, shown(entry)))
            else:
                problems.append((shown(entry), BadModule("links outside the project", _INSIDE)))
    return libraries


_INSIDE = "copy the module into the project's sword/ folder"
_FEWER = "keep only the modules you print from"


def _zip_library(path: Path, project: Path) -> Library:
    """A zip as CrossWire distributes a module, read into memory, never unpacked."""
    try:
        data = read_inside(path, project, MAX_FILE)
    except Unreadable as err:
        raise BadModule(err.message, err.hint) from None
    try:
        zipped = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BadModule("this is not a zip file", _AGAIN) from None
    if len(zipped.infolist()) > MAX_MEMBERS:
        raise BadModule(f"the zip holds more than {MAX_MEMBERS:,} files", "use a module's zip")
    return Library(path, shown(path), zipped)


def parse_conf(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """The modules a `.conf` file describes: each one's name (its `[Name]` line) and the
    first value of each key (lower case). A value whose line ends in a backslash goes on
    over the next line. UTF-8, or else Latin-1 (SWORD's default)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    found: list[tuple[str, dict[str, str]]] = []
    values: dict[str, str] = {}
    key, continued = "", False
    for line in text.splitlines():
        if continued:  # the line goes on with the value before
            continued = line.rstrip().endswith("\\")
            if key:
                values[key] += " " + line.strip().removesuffix("\\")
            continue
        line = line.strip()
        if line.startswith("[") and line.endswith("]") and len(line) > 2:
            values = {}
            found.append((_CONTROL.sub("", line[1:-1])[:100], values))
        elif found and "=" in line and not line.startswith("#"):
            name, _, value = line.partition("=")
            continued = value.rstrip().endswith("\\")
            key = name.strip().lower()
            if key in values:
                key = ""  # a later value of the same key: only the first is kept
            else:
                values[key] = value.strip().removesuffix("\\")
    return found


def library_files() -> Iterator[Path]:
    """The `.conf` files of SWORD's standard places and the files of their modules, for
    the build's digest: installing or changing a module there changes what a build prints."""
    for library in standard_libraries():
        for conf in _listing(library / "mods.d")[:MAX_CONFS]:
            if conf.name.lower().endswith(".conf"):
                yield conf
                try:
                    modules = parse_conf(read_inside(conf, library.resolve(), MAX_CONF))
                except Unreadable:
                    continue
                for _, values in modules:
                    data = (library / values.get("datapath", "").strip()).resolve()
                    if data.is_relative_to(library.resolve()) and data != library.resolve():
                        yield from _listing(data)[:MAX_ENTRIES]


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(Path(e.path) for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []
