"""The small inline markup prose may use: *emphasis*, **strong** and [[fill-in]] blanks."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

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
        parts.append(escape(text[position : match.start()]))
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
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def plain(text: str) -> str:
    """Text without inline markup, for places like PDF metadata and bookmarks."""
    return INLINE.sub(lambda m: m["strong"] or m["em"] or m["fill"], text)
