"""The small inline markup prose may use: *emphasis*, **strong**, [[fill-in]] blanks.

Scripture references in prose are kept on one line (never hyphenated) in print.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..scripture import reference_spans

INLINE = re.compile(
    r"\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*\s](?:.*?[^*\s])?)\*|\[\[(?P<fill>.+?)\]\]"
)
BLANK = re.compile(r"_+")


def inline(text: str) -> Markup:
    """Escape text and turn its inline markup into HTML; anything else prints literally.

    A fill-in holding only underscores (how the participant copy carries it) becomes an
    empty writing blank as wide as the answer; otherwise the leader sees the answer.
    """
    parts: list[str] = []
    position = 0
    for match in INLINE.finditer(text):
        parts.append(_prose(text[position : match.start()]))
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
    parts.append(_prose(text[position:]))
    return Markup("").join(parts)


def _prose(text: str) -> Markup:
    """Escaped text with each scripture reference kept whole: no-break spaces, no hyphens.

    Unicode line breaking never breaks between a closing quote and an opening bracket, so
    a zero-width space goes before the bracket of a reference: the quote's last word then
    stays on its line instead of moving down with the reference.
    """
    parts: list[str] = []
    position = 0
    for start, end in reference_spans(text):
        before = text[position:start]
        if before.endswith(" ("):  # “…” (Luke 23:34): let the line break before the bracket
            before = before[:-1] + "\u200b("
        parts.append(escape(before))
        parts.append(reference_span(text[start:end]))
        position = end
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
