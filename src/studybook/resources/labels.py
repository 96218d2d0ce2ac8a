"""The words studybook prints on its own, in the study's language, from gettext catalogs.

Catalogs live in `locales/<language>/LC_MESSAGES/studybook.po` (Babel's layout, so
`pybabel extract` and `pybabel update` maintain them); they are compiled in memory when
first used. A language with no catalog prints English.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "studybook"


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is printed."""
    return message


EDITIONS = {"leader": N_("Leader Guide"), "participant": N_("Participant Handout")}


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for a language tag such as "es", "pt-BR" or "de_CH": the most specific
    one shipped (pt_BR, then pt), else English."""
    parts = language.replace("-", "_").split("_")
    for tag in ("_".join(parts[:2]), parts[0].lower()):
        path = LOCALES / tag / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return _compiled(path)
    return gettext.NullTranslations()


def _compiled(path: Path) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def date_locale(language: str) -> str:
    """The Babel locale that prints dates in a study's language ("pt-BR" → "pt_BR"),
    or US English for a language Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return "en_US"
