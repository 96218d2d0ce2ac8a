"""The small inline markup prose may use: *emphasis*, **strong**, [[fill-in]] blanks.

In print, scripture references in prose are kept on one line, and words a typesetter would
not hyphenate are kept whole: names (in languages that capitalise only names, a capitalised
word: "Abraham", "Yahweh") and the last word of a paragraph.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..scripture import reference_spans

INLINE = re.compile(
    r"\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*\s](?:.*?[^*\s])?)\*|\[\[(?P<fill>.+?)\]\]"
)
BLANK = re.compile(r"_+")
# A word, with its apostrophes and hyphens; only words this long are hyphenated at all
# (the stylesheet's `hyphenate-limit-chars`), so only they need keeping whole.
WORD = re.compile(r"[^\W\d_][\w’'\u00ad-]*")
HYPHENATED = 6
# Languages that capitalise common nouns too, where a capital says nothing about names.
CAPITALISED_NOUNS = frozenset({"de", "lb"})


def inline(text: str, language: str = "en") -> Markup:
    """Escape text and turn its inline markup into HTML; anything else prints literally.

    A fill-in holding only underscores (how the participant copy carries it) becomes an
    empty writing blank as wide as the answer; otherwise the leader sees the answer.
    References are found as the study's `language` writes them.
    """
    parts: list[str] = []
    position = 0
    for match in INLINE.finditer(text):
        parts.append(_prose(text[position : match.start()], language))
        if match["strong"] is not None:
            parts.append(Markup("<strong>%s</strong>") % match["strong"])
        elif match["em"] is not None:
            parts.append(Markup("<em>%s</em>") % match["em"])
        elif BLANK.fullmatch(match["fill"]):
            width = max(4.0, len(match["fill"]) * 0.6 + 1.5)
            parts.append(Markup('<span class="blank" style="width: %.1fem"></span>') % width)
        else:
            parts.append(Markup('<span class="fill-in">%s</span>') % match["fill"])
        position = match.end()
    parts.append(_prose(text[position:], language, last=True))
    return Markup("").join(parts)


def _prose(text: str, language: str, *, last: bool = False) -> Markup:
    """Escaped text with each scripture reference kept whole: no-break spaces, no hyphens;
    names too (and the last word, if this text ends the paragraph).

    Unicode line breaking never breaks between a closing quote and an opening bracket, so
    a zero-width space goes before the bracket of a reference: the quote's last word then
    stays on its line instead of moving down with the reference.
    """
    parts: list[str] = []
    position = 0
    for start, end in reference_spans(text, language):
        before = text[position:start]
        if before.endswith(" ("):  # “…” (Luke 23:34): let the line break before the bracket
            before = before[:-1] + "\u200b("
        parts.append(whole_names(before, language))
        parts.append(reference_span(text[start:end]))
        position = end
    parts.append(whole_names(text[position:], language, last=last))
    return Markup("").join(parts)


def whole_names(text: str, language: str, *, last: bool = False) -> Markup:
    """Escaped text in which names, and the last word if `last`, are never hyphenated.

    A name is a capitalised word, except in languages that capitalise common nouns too
    (German), which follow their own rules.
    """
    names = language.split("-")[0].lower() not in CAPITALISED_NOUNS
    words = [m for m in WORD.finditer(text) if len(m[0]) >= HYPHENATED]
    kept = [m for m in words if names and m[0][0].isupper()]
    if last and words and words[-1] not in kept and not WORD.search(text, words[-1].end()):
        kept.append(words[-1])
    parts: list[str] = []
    position = 0
    for match in kept:
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup('<span class="whole">%s</span>') % match[0])
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def plain_text(text: str) -> str:
    """Text without inline markup, for places like PDF metadata and bookmarks."""
    return INLINE.sub(lambda m: m["strong"] or m["em"] or m["fill"], text)


def css_string(text: str) -> Markup:
    """A quoted CSS string holding text literally: every non-alphanumeric character escaped."""
    body = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def reference_span(text: str) -> Markup:
    """A scripture reference kept on one line: no-break spaces, and never hyphenated."""
    return Markup('<span class="ref">%s</span>') % text.replace(" ", "\u00a0")
