"""Verse text from the public-domain WEB and KJV, cleaned of the packages' editorial artifacts
and of headings and letters that leaked into the verse before them."""

import re
from dataclasses import dataclass

import pythonbible

from studybook.references import VerseRange


@dataclass(frozen=True)
class Translation:
    """A Bible translation that studybook can print."""

    key: str
    name: str
    abbreviation: str
    notice: str
    version: pythonbible.Version


TRANSLATIONS: dict[str, Translation] = {
    t.key: t
    for t in (
        Translation(
            key="web",
            name="World English Bible",
            abbreviation="WEB",
            notice="The World English Bible is in the public domain.",
            version=pythonbible.Version.WORLD_ENGLISH,
        ),
        Translation(
            key="kjv",
            name="King James Version",
            abbreviation="KJV",
            notice=(
                "The King James Version is in the public domain (outside the United Kingdom, "
                "where Crown patent applies)."
            ),
            version=pythonbible.Version.KING_JAMES,
        ),
    )
}


@dataclass(frozen=True)
class Verse:
    """One verse of a passage; text is None when the translation lacks the verse."""

    chapter: int
    verse: int
    text: str | None


# The WEB package fills verses it omits (e.g. Acts 8:37) with notes like these.
_PLACEHOLDER = re.compile(r"(?:dummy|empty) verses .* by amos")
# The WEB package puts each psalm's heading at the end of the verse before it, and the
# Psalter's divisions with them: Psalm 24:10 ends "Selah. Psalm 25 By David." and Job 42:17
# "full of days. BOOK I Psalm 1". No verse of any translation holds a digit.
_NEXT_PSALM = re.compile(r"(?: BOOK [IVX]+)? Psalm [0-9]+\b.*")
# Psalm 119 is an acrostic: the WEB package ends every eighth verse with the Hebrew letter
# that names the next stanza ("Don't utterly forsake me. BEIT").
_STANZA_LETTER = re.compile(
    r"(?<=[.,;:!?'`\"]) (?:ALEPH|ALEF|BEIT|BETH|BET|GIMEL|DALED|DALETH|DALET|HEY|HE|WAW|VAV"
    r"|ZAYIN|CHET|HETH|HET|TETH|TET|YUD|YODH|YOD|KAPH|KAF|LAMEDH|LAMED|MEM|NUN|SAMEKH|SAMECH"
    r"|AYIN|PEY|PE|TZADI|TSADDI|TSADHE|QOPH|QOF|KUF|RESH|SIN AND SHIN|SHIN|SIN|TAV|TAW)$"
)
# These patterns run after whitespace is collapsed, so a space is always a single " ".
_DASH = re.compile(r" ?-- ?| - ")  # "sin-- and", "garments -- the", "Egypt - Jacob"
_BROKEN_HYPHEN = re.compile(r"\b(?:- | -)\b")  # "peace- offerings", "first -fruits"
_STRAY_HYPHEN = re.compile(r"(?<=[,;:] )-\b")  # "of Israel; -for a meal-offering"
_OPENERS = "([{\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
_CLOSERS = ",.;:?!)]}\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
_SPACE_INSIDE = re.compile(f"(?<=[{re.escape(_OPENERS)}]) | (?=[{re.escape(_CLOSERS)}])")


def passage(r: VerseRange, translation: Translation) -> list[Verse]:
    """The cleaned verses of a range in a translation, including any it lacks."""
    return [
        Verse(
            pythonbible.get_chapter_number(verse_id),
            pythonbible.get_verse_number(verse_id),
            _text(verse_id, translation.version),
        )
        for verse_id in r.verse_ids()
    ]


def clean(raw: str) -> str | None:
    """One verse's raw text ready for print; None for a placeholder verse."""
    text = " ".join(raw.split())
    if _PLACEHOLDER.fullmatch(text):
        return None
    text = _STANZA_LETTER.sub("", _NEXT_PSALM.sub("", text))
    text = text.replace("[", "").replace("]", "")  # words supplied by the translators
    text = _DASH.sub("\N{EM DASH}", text)
    text = _BROKEN_HYPHEN.sub("-", text)
    text = _STRAY_HYPHEN.sub("", text)
    text = _curl(text, '"', "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}")
    text = _curl(text, "`", "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}")
    return _SPACE_INSIDE.sub("", text).strip()


def _text(verse_id: int, version: pythonbible.Version) -> str | None:
    try:
        raw = pythonbible.get_verse_text(verse_id, version=version)
    except pythonbible.VersionMissingVerseError:
        return None
    return clean(raw)


def _curl(text: str, mark: str, opening: str, closing: str) -> str:
    """Replace a straight quote mark with curly ones, judged by the neighbouring characters.

    A mark opens at the start, after a space or an opening bracket or quote, or between
    punctuation and a letter; otherwise it closes, which also covers apostrophes. An opening
    quote squeezed against a comma or colon ('saying,"It') gets its missing space.
    """

    def curly(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end() : match.end() + 1]
        if before.isspace() or before in _OPENERS:
            return opening
        if before.isalnum() or not after.isalnum():
            return closing
        return f" {opening}" if before in ",;:" else opening

    return re.sub(re.escape(mark), curly, text)
