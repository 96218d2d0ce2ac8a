"""The OFL fonts studybook embeds, taken from their PyPI packages (never the machine's fonts)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

from ..project import write_atomically

SERIF = Path(font_source_serif_pro.font_directory)
SANS = Path(font_source_sans_pro.font_directory)


@dataclass(frozen=True)
class FontFace:
    """One @font-face rule: a family, weight and style served from a font file."""

    family: str
    weight: int
    style: str
    path: Path

    @property
    def url(self) -> str:
        return self.path.as_uri()


@cache
def font_faces() -> tuple[FontFace, ...]:
    """Every face the layouts may use: body serif and heading sans, roman and italic."""
    faces = []
    for family, folder, prefix in (
        ("Source Serif Pro", SERIF, "SourceSerifPro"),
        ("Source Sans Pro", SANS, "SourceSansPro"),
    ):
        for weight, name in ((400, "Regular"), (600, "Semibold"), (700, "Bold")):
            faces.append(FontFace(family, weight, "normal", folder / f"{prefix}-{name}.ttf"))
            italic = "It" if name == "Regular" else f"{name}It"
            faces.append(FontFace(family, weight, "italic", folder / f"{prefix}-{italic}.ttf"))
    return tuple(faces)


def font_folders() -> tuple[Path, ...]:
    """Folders the PDF stage may read font files from."""
    return (SERIF.resolve(), SANS.resolve())


def use_only_bundled_fonts() -> None:
    """Point fontconfig at studybook's own font folders, so no machine font is ever used.

    Must run before WeasyPrint first loads fontconfig; safe to call again.
    """
    os.environ["FONTCONFIG_FILE"] = str(_fontconfig_file())


@cache
def _fontconfig_file() -> Path:
    """A fontconfig file naming only the bundled font folders, in the user's own cache."""
    dirs = "".join(f"<dir>{escape(str(folder))}</dir>" for folder in font_folders())
    only_ttf = "<selectfont><rejectfont><glob>*.otf</glob></rejectfont></selectfont>"
    text = f"<?xml version='1.0'?><fontconfig>{dirs}{only_ttf}</fontconfig>".encode()
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = home / "studybook" / f"fonts-{hashlib.sha256(text).hexdigest()[:16]}.conf"
    try:
        current = path.read_bytes()
    except OSError:
        current = None
    if current != text:
        write_atomically(path, text)
    return path


@cache
def _coverage() -> frozenset[int]:
    """Every character the bundled fonts can draw (a missing one falls back serif → sans)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in (SERIF / "SourceSerifPro-Regular.ttf", SANS / "SourceSansPro-Regular.ttf"):
        covered |= set(TTFont(path, lazy=True).getBestCmap())
    return frozenset(covered)


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` no bundled font can draw, in order of first appearance."""
    covered = _coverage()
    return list(dict.fromkeys(c for c in text if ord(c) not in covered and not c.isspace()))


def unprintable(text: str) -> tuple[str, str, int] | None:
    """If some of text cannot be printed: the message, the hint, and where the first one is."""
    missing = missing_glyphs(text)
    if not missing:
        return None
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
    hint = "use Latin, Greek or Cyrillic letters here"
    return f"studybook's fonts cannot print {shown}", hint, text.index(missing[0])
