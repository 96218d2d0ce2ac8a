"""Scripture: the books studybook can cite and how each language names them (`canon`,
`names`), references found in text (`find`) and resolved into verse ranges (`resolve`,
`ranges`), and verse text from every source a translation comes from (`bible`: what the
appendix needs of one; `packages`: pythonbible's public-domain English Bibles, cleaned by
`clean`; `usfm`: the church's own file; `library`: SWORD modules found by name, and `sword`:
their verses, whose markup `tags` reads), merged into the appendix (`passages`).

Takes strings (study text, reference fields) and a translation; gives references with
their positions, warnings and errors, passages with their text, and what a translation
cannot print. Knows nothing of studies: the study stage walks its text through here."""

from .bible import Bible, Excerpt, Verse, excerpt, passage
from .canon import Book
from .find import Reader, Scan, reference_spans
from .library import (
    DEBIAN_BIBLES,
    BadModule,
    Found,
    Module,
    find_modules,
    library_files,
    searching,
    standard_libraries,
)
from .names import DEFAULT_LANGUAGE, languages, names_for
from .packages import TRANSLATIONS, Translation
from .passages import (
    Citation,
    Passage,
    appendix,
    appendix_ranges,
    audit,
    pages,
    size_problem,
    unprinted,
    verse_text,
)
from .ranges import Reference, VerseRange, merge_ranges, verse_count
from .resolve import Finding
from .sword import SwordTranslation, read_bible
from .usfm import BadFile, FileTranslation, read_project_bible

__all__ = [
    "DEBIAN_BIBLES",
    "DEFAULT_LANGUAGE",
    "TRANSLATIONS",
    "BadFile",
    "BadModule",
    "Bible",
    "Book",
    "Citation",
    "Excerpt",
    "FileTranslation",
    "Finding",
    "Found",
    "Module",
    "Passage",
    "Reader",
    "Reference",
    "Scan",
    "SwordTranslation",
    "Translation",
    "Verse",
    "VerseRange",
    "appendix",
    "appendix_ranges",
    "audit",
    "excerpt",
    "find_modules",
    "languages",
    "library_files",
    "merge_ranges",
    "names_for",
    "pages",
    "passage",
    "read_bible",
    "read_project_bible",
    "reference_spans",
    "searching",
    "size_problem",
    "standard_libraries",
    "unprinted",
    "verse_count",
    "verse_text",
]
