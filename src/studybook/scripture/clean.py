"""Clean the raw verse text of pythonbible's packages: editorial artifacts, scanning errors,
word-processor codes, and the headings, speakers and letters that leaked into the verse
before them; straight quotes curled."""

from __future__ import annotations

import re

# The WEB package fills verses it omits (e.g. Acts 8:37) with notes like these.
_PLACEHOLDER = re.compile(r"(?:dummy|empty) verses .* by amos|missing fehlt/missing")
# The WEB package puts each psalm's heading at the end of the verse before it, and the
# Psalter's divisions with them: Psalm 24:10 ends "Selah. Psalm 25 By David." and Job 42:17
# "full of days. BOOK I Psalm 1". No verse of any translation holds a digit.
_NEXT_PSALM = re.compile(r"(?: BOOK [IVX]+)? Psalm [0-9]+\b.*| ?BOOK [IVX]+$")
# The WEB package ends a verse of the Song of Songs with the heading naming who speaks next
# ("… from the vineyards of En Gedi. Lover"), as its psalm headings are.
_SPEAKER = re.compile(r"(?<=[.!?,;:”’\"']) ?(?:Beloved|Lover|Friends)$")
# Psalm 119 is an acrostic: the WEB package ends every eighth verse with the Hebrew letter
# that names the next stanza ("Don't utterly forsake me. BEIT").
# Other packages put the letter before the stanza's first verse ("ALEPH. Blessed are").
_LETTERS = (
    r"(?:ALEPH|ALEF|BEIT|BETH|BET|GIMEL|DALED|DALETH|DALET|HEY|HE|WAW|VAV|ZAYIN|CHET|HETH|HET"
    r"|TETH|TET|YUD|YODH|YOD|KAPH|KAF|LAMEDH|LAMED|MEM|NUN|SAMEKH|SAMECH|AYIN|PEY|PE|TZADI"
    r"|TSADDI|TSADHE|QOPH|QOF|KUF|RESH|SIN (?:AND|and) SHIN|SHIN|SIN|TAV|TAW)"
)
_STANZA_LETTER = re.compile(rf"(?<=[.,;:!?'`\"]) ?{_LETTERS}$|^{_LETTERS}\.? (?=[A-Z])")
# Word-processor codes some packages kept: "\fs15 ", "\ul1 THE UNVEILING\ul0", a Geneva
# Bible verse's other number "{\cf2 (13:2)}", and braces around titles ("{A Psalm of David.}").
_OTHER_NUMBER = re.compile(r"\{\\cf\d+ ?\(\d+:\d+\)\}|\(\d+:\d+\) ?|\{\{.*")  # and notes
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # "\x91AYIN."
_FOOTNOTE = re.compile(r" ?\d+(?=[\s?,.;:])|(?<=,)\d+")
_CODES = re.compile(r"\\[a-z]+\d* ?|\\|[{}*]|(?<!\S)\+(?!\S)")  # and "*I*", "***"
_ONE_FOR_L = re.compile(r"(?<=[a-z])1(?=[a-z])|\b1(?=[a-z]{2})")  # a scan's "1ook"
_ZERO_FOR_O = re.compile(r"(?<![\d,])0(?= [a-z])")  # and its "0 my son"
# These patterns run after whitespace is collapsed, so a space is always a single " ".
_NO_SPACE = re.compile(r"(?<=[a-z][.:;,!?])(?=[A-Za-z])")  # "David.The Lord", "shepherd:I"
_DASH = re.compile(
    r" ?-- ?| - |- -"  # "sin-- and", "garments -- the", "Egypt - Jacob", "him- -in"
    r"|(?<=[:;,?!”’\"])- ?"  # "the believers:- In my name"
    r"|(?<=[?!”’\")]) -(?=[a-z])"  # "forgive sins” -he said"
    r"|(?<=[a-z”’\"]) ?-$|^- ?"  # "… he said to the paralytic-", "- it was Mary"
    r"|(?<=[a-z])- (?=['`\"])"  # "they replied- 'Rabbi' means"
)
_BROKEN_HYPHEN = re.compile(r"\b(?:- | -)\b")  # "peace- offerings", "first -fruits"
_STRAY_HYPHEN = re.compile(r"(?<=[,;:] )-\b")  # "of Israel; -for a meal-offering"
_OPENERS = "([{\N{LEFT DOUBLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
_CLOSERS = ",.;:?!)]}\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
_SPACE_INSIDE = re.compile(f"(?<=[{re.escape(_OPENERS)}]) | (?=[{re.escape(_CLOSERS)}])")


def clean(raw: str, marks: str = "", *, footnotes: bool = False) -> str | None:
    """One verse's raw text ready for print; None for a placeholder or empty verse. `marks`
    are characters the translation uses as editorial marks, dropped, and `footnotes` says
    that numbers in the text are footnote marks."""
    text = _CONTROL.sub("", _CODES.sub("", _OTHER_NUMBER.sub("", raw)))
    text = " ".join(text.translate({ord(m): None for m in marks}).split())
    if footnotes:
        text = _FOOTNOTE.sub("", text)
    if not text or _PLACEHOLDER.fullmatch(text):
        return None
    text = _ZERO_FOR_O.sub("O", _ONE_FOR_L.sub("l", text))
    text = _STANZA_LETTER.sub("", _NEXT_PSALM.sub("", text))
    text = " ".join(text.replace("[", "").replace("]", "").split())  # translators' words
    text = _SPEAKER.sub("", _NO_SPACE.sub(" ", text))
    text = _DASH.sub("\N{EM DASH}", text)
    text = _BROKEN_HYPHEN.sub("-", text)
    text = _STRAY_HYPHEN.sub("", text)
    return _SPACE_INSIDE.sub("", curl_quotes(text)).strip() or None


def curl_quotes(text: str) -> str:
    """Straight quote marks and backticks made curly, opening or closing by their place."""
    text = _curl(text, '"', "\N{LEFT DOUBLE QUOTATION MARK}", "\N{RIGHT DOUBLE QUOTATION MARK}")
    single = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
    for mark in "`'":
        text = _curl(text, mark, *single)
    return text


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
