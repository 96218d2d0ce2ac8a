"""Smart punctuation for the study's own words, as each language prints them: curly quotes
and apostrophes, dashes and the ellipsis, and French spacing.

Applied to the study's prose and the church's names before the layouts see them, never to
scripture text taken from a translation, which keeps its own punctuation.

Each language's quotation marks (primary, then the ones inside them):

| language | quotes | why |
|---|---|---|
| en | “ ” ‘ ’ | |
| es | « » “ ” | the Real Academia's Ortografía (2010) asks for angle quotes first in print |
| pt | “ ” ‘ ’ | as Brazil prints them; pt-PT « » “ ” |
| fr | « » “ ” | with narrow no-break spaces inside « », and before ; : ! ? |
| de | „ “ ‚ ‘ | de-CH « » ‹ › |

Another language keeps its typed quotation marks (guessing another language's quotes would
be worse than straight ones), and still gets apostrophes, dashes and the ellipsis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

NARROW = "\u202f"  # narrow no-break space: French spacing


@dataclass(frozen=True)
class Style:
    """How one language prints quotes and dashes."""

    quotes: str | None  # primary open, primary close, secondary open, secondary close
    dash: str  # what `--` between words becomes
    french: bool = False  # narrow no-break spaces inside « » and before ; : ! ?


STYLES = {
    "en": Style("“”‘’", "—"),
    "es": Style("«»“”", "—"),
    "pt": Style("“”‘’", "—"),
    "pt-pt": Style("«»“”", "—"),
    "fr": Style("«»“”", "–", french=True),
    "de": Style("„“‚‘", "–"),
    "de-ch": Style("«»‹›", "–"),
}
OTHER = Style(None, "—")
M = TypeVar("M", bound=BaseModel)

_ELLIPSIS = re.compile(r"\.\.\.|\. \. \.")
_RANGE = re.compile(r"(?<=\d)--(?=\d)")  # 1990--2000: an en dash
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")  # "Israel - the people": a spaced en dash
_OPENS_AFTER = set(" \t\n\u00a0\u202f([{<‘“«‹„‚—–-/")  # a quote after these opens
_MARKUP = set("*[")  # inline markup: `"*word*"` opens like `"word"`
_ELISIONS = re.compile(r"(?i)(tis|twas|til|em|cause|bout|round|n')\b")  # English 'tis, 'em …
_FRENCH_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_FRENCH_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
# `;`, `!` and `?` after a word, a closing mark or a bracket; `:` too, unless it sits in a
# number (3:16, 19:30) or an address (https://), where it takes no space.
_FRENCH_MARK = re.compile(r"(?<=[\w»”)\]*…])[ \u00a0\u202f]*(?=[;!?]|:(?![\d/]))")


def style_for(language: str) -> Style:
    """The punctuation style of a language code such as `fr`, `pt-PT` or `de_CH`."""
    code = language.replace("_", "-").lower()
    return STYLES.get(code) or STYLES.get(code.split("-")[0], OTHER)


def quotation_marks(language: str) -> tuple[str, str]:
    """The marks opening and closing a quotation the layouts draw (around a verse), as the
    language prints them; English's for a language without a style here."""
    style = style_for(language)
    marks = style.quotes or STYLES["en"].quotes or ""
    space = NARROW if style.french else ""
    return marks[0] + space, space + marks[1]


def smarten(model: M, language: str) -> M:
    """A copy of a study (or any model in it) with smart punctuation in every text."""
    changes = {
        name: _smarten(getattr(model, name), language)
        for name in type(model).model_fields
        if name != "language"
    }
    return model.model_copy(update=changes)


def _smarten(value: Any, language: str) -> Any:
    if isinstance(value, str):
        return smart_punctuation(value, language)
    if isinstance(value, BaseModel):
        return smarten(value, language)
    if isinstance(value, list):
        return [_smarten(item, language) for item in value]
    return value


def smart_punctuation(text: str, language: str) -> str:
    """Text with typed punctuation made typographic for its language.

    `"` and `'` become the language's quotation marks (a `'` inside or after a word is an
    apostrophe unless it closes a quote), `---` an em dash, `--` the language's dash (an en
    dash between numbers), ` - ` between words a spaced en dash, and `...` an ellipsis.
    """
    style = style_for(language)
    text = _ELLIPSIS.sub("…", text).replace("---", "—")
    text = _SPACED_HYPHEN.sub(" – ", _RANGE.sub("–", text)).replace("--", style.dash)
    text = _quotes(text, style, english=style is STYLES["en"])
    if style.french:
        text = _FRENCH_OPEN.sub("«" + NARROW, text)
        text = _FRENCH_CLOSE.sub(NARROW + "»", text)
        text = _FRENCH_MARK.sub(NARROW, text)
    return text


def _quotes(text: str, style: Style, *, english: bool) -> str:
    """Straight quotes made curly: opening where a quotation can start, closing elsewhere."""
    if '"' not in text and "'" not in text:
        return text
    marks = style.quotes or "\"\"''"
    out = list(text)
    single_open = False
    for i, char in enumerate(text):
        if char == '"':
            out[i] = marks[0] if _opens(text, i) else marks[1]
        elif char == "'":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before.isalnum() and after.isalnum():
                out[i] = "’"  # don't, l'homme
            elif _opens(text, i):
                elided = after.isdigit() or (english and _ELISIONS.match(text, i + 1))
                if elided or not _closes_later(text, i):
                    out[i] = "’"  # '90s, 'tis, or an apostrophe no quote closes
                else:
                    out[i] = marks[2]
                    single_open = True
            elif single_open:
                out[i] = marks[3]
                single_open = False
            else:
                out[i] = "’"  # Moses', others'
    return "".join(out)


def _closes_later(text: str, index: int) -> bool:
    """Whether a `'` after `index` could close a quote: after a word, not inside one."""
    return any(
        text[j] == "'" and not text[j - 1].isspace() and not text[j + 1 : j + 2].isalnum()
        for j in range(index + 1, len(text))
    )


def _opens(text: str, index: int) -> bool:
    """Whether a quote at `index` opens: at the start, or after a space, a bracket, a dash
    or another opening mark (inline markup before it does not count)."""
    while index > 0 and text[index - 1] in _MARKUP:
        index -= 1
    return index == 0 or text[index - 1] in _OPENS_AFTER
