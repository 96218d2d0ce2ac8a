"""Build options: what a church customises (paper, translation, names), with defaults."""

from __future__ import annotations

from dataclasses import dataclass

from .paper import PAPERS, Paper
from .verses import TRANSLATIONS, Translation


@dataclass(frozen=True)
class Customisation:
    """Names printed on the cover, in the footer and in the PDF metadata (plain text)."""

    church: str | None = None
    group: str | None = None
    leader: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class BuildOptions:
    """Everything that shapes a build besides the study itself."""

    paper: Paper = PAPERS["half-letter"]
    translation: Translation = TRANSLATIONS["web"]
    customisation: Customisation = Customisation()
