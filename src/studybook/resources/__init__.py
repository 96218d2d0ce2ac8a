"""What studybook ships and every stage may use: the fonts it embeds (`fonts`, from their
PyPI packages, never the machine's) and the words it prints on its own in the study's
language (`labels`, from the gettext catalogs in `locales/`)."""

from .fonts import font_faces, font_folders, unprintable, use_only_bundled_fonts
from .labels import EDITIONS, N_, date_locale, translations

__all__ = [
    "EDITIONS",
    "N_",
    "date_locale",
    "font_faces",
    "font_folders",
    "translations",
    "unprintable",
    "use_only_bundled_fonts",
]
