"""The OFL fonts studybook embeds, taken from their PyPI packages (never the machine's fonts)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

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
