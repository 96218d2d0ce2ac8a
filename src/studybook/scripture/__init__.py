"""Scripture: the books studybook can cite and how each language names them (`canon`,
`names`), references found in text (`find`) and resolved into verse ranges (`resolve`,
`ranges`), and verse text from every source a translation comes from (`bible`: what the
appendix needs of one; `packages`: pythonbible's public-domain English Bibles, cleaned by
`clean`; `usfm`: the church's own file), merged into the appendix (`passages`).

Takes strings (study text, reference fields) and a translation; gives references with
their positions, warnings and errors, passages with their text, and what a translation
cannot print. Knows nothing of studies: the study stage walks its text through here."""

from .bible import Bible, Excerpt, Verse, excerpt, passage
from .canon import Book
from .find import Reader, Scan, reference_spans
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
from .usfm import BadFile, FileTranslation, read_project_bible

__all__ = [
    "DEFAULT_LANGUAGE",
    "TRANSLATIONS",
    "BadFile",
    "Bible",
    "Book",
    "Citation",
    "Excerpt",
    "FileTranslation",
    "Finding",
    "Passage",
    "Reader",
    "Reference",
    "Scan",
    "Translation",
    "Verse",
    "VerseRange",
    "appendix",
    "appendix_ranges",
    "audit",
    "excerpt",
    "languages",
    "merge_ranges",
    "names_for",
    "pages",
    "passage",
    "read_project_bible",
    "reference_spans",
    "size_problem",
    "unprinted",
    "verse_count",
    "verse_text",
]
