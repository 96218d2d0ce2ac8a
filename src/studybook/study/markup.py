"""The inline markup prose may use, in Markdown and YAML studies alike: CommonMark's
(emphasis, strong, code, backslash escapes, links, images, line breaks), ~~struck~~ text,
footnote calls
`[^label]`, and `[[fill-in]]` blanks. A newline in a text is a line break.

HTML prints as written. In print, scripture references in prose are kept on one line
(a list of them may wrap after its commas and semicolons), and words a typesetter would
not hyphenate are kept whole: names (in languages that capitalise only names, a
capitalised word: "Abraham", "Yahweh") and the last word of a paragraph.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..scripture import reference_spans

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

BLANK = re.compile(r"_+")
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Text without any of these holds no inline markup: it is read without markdown-it.
MARKUP = re.compile(r"[*_`~\\\[\]!<>&\n]")
# What a study is checked for when it is loaded: links, images, footnote calls.
LINKS = re.compile(r"\]\(|\[\^|<[A-Za-z][A-Za-z0-9+.-]{1,31}:")
# A word, with its apostrophes and hyphens; only words this long are hyphenated at all
# (the stylesheet's `hyphenate-limit-chars`), so only they need keeping whole.
WORD = re.compile(r"[^\W\d_][\w’'\u00ad-]*")
HYPHENATED = 6
# No name is longer, so a kept word always fits a line; a longer word is left free to break
# anywhere, as it may have to, to stay on the page (a kept word never breaks).
LONGEST_NAME = 24
# Languages that capitalise common nouns too, where a capital says nothing about names.
CAPITALISED_NOUNS = frozenset({"de", "lb"})


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark's inline rules without HTML, with footnote calls and fill-ins. Every
    link is read as a link (markdown-it would leave some as text): which may print is
    checked when a study is loaded. Imported when first needed, to start quickly."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    md.use(footnote_plugin, inline=False, always_match_refs=True)
    md.inline.ruler.before("link", "fill_in", _fill_in)
    md.validateLink = lambda url: True
    return md


def _fill_in(state: StateInline, silent: bool) -> bool:
    """`[[answer]]`: a fill-in blank."""
    start = state.pos
    if not state.src.startswith("[[", start):
        return False
    end = state.src.find("]]", start + 3)
    if end < 0:
        return False
    if not silent:
        state.push("fill_in", "", 0).content = state.src[start + 2 : end]
    state.pos = end + 2
    return True


def tokens(text: str) -> list[Token]:
    """The inline tokens of a text, in order (a newline is a line break)."""
    found = _parser().parseInline(text, {})
    return list(found[0].children or []) if found else []


@dataclass(frozen=True)
class Link:
    """A link or image in a text: where it points, and its text."""

    image: bool
    address: str
    text: str


def links(text: str) -> Iterator[Link]:
    """Every link and image in a text."""
    items = tokens(text) if LINKS.search(text) else []
    for i, token in enumerate(items):
        if token.type == "image":
            yield Link(True, str(token.attrs.get("src", "")), token.content)
        elif token.type == "link_open":
            label = "".join(t.content for t in items[i + 1 :][: _close(items[i + 1 :])])
            yield Link(False, str(token.attrs.get("href", "")), label)


def footnote_calls(text: str) -> list[str]:
    """The labels of the footnotes a text calls, in order."""
    if not LINKS.search(text):
        return []
    return [t.meta["label"] for t in tokens(text) if t.type == "footnote_ref"]


def printable_link(address: str) -> bool:
    """Whether a link's address may print and be followed: web and mail addresses only."""
    return address.lower().startswith(LINK_SCHEMES)


def inline(
    text: str,
    footnotes: Mapping[str, str] | None = None,
    pictures: Mapping[str, str] | None = None,
    language: str = "en",
) -> Markup:
    """Escape text and turn its inline markup into HTML; anything else prints literally.

    A footnote call prints its footnote's text (from `footnotes`) where the layout puts
    footnotes; an image prints when `pictures` gives its checked file's address. A fill-in
    holding only underscores (how the participant copy carries it) becomes an empty
    writing blank as wide as the answer; otherwise the leader sees the answer.
    References are found as the study's `language` writes them.
    """
    if not MARKUP.search(text):
        return _prose(text, language, last=True)
    parts: list[str] = []
    items = tokens(text)
    prose = [i for i, t in enumerate(items) if t.type in ("text", "text_special")]
    for i, token in enumerate(items):
        kind = token.type
        if kind in ("text", "text_special"):
            parts.append(_prose(token.content, language, last=i == prose[-1]))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(Markup("<br>"))
        elif kind in _TAGS:
            parts.append(Markup(_TAGS[kind]))
        elif kind == "code_inline":
            parts.append(Markup("<code>%s</code>") % token.content)
        elif kind == "link_open":
            parts.append(_link_open(token))
        elif kind == "link_close":
            parts.append(_link_close(items[:i]))
        elif kind == "image":
            parts.append(_image(token, pictures or {}))
        elif kind == "footnote_ref":
            parts.append(_footnote(token.meta["label"], footnotes or {}, pictures, language))
        elif kind == "fill_in":
            parts.append(_fill(token.content))
    return Markup("").join(parts)


_TAGS = {
    "em_open": "<em>",
    "em_close": "</em>",
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "s_open": "<s>",
    "s_close": "</s>",
}


def _close(items: list[Token]) -> int:
    """How many tokens come before the `link_close` of a link starting at `items`."""
    depth = 0
    for n, token in enumerate(items):
        depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
        if depth < 0:
            return n
    return len(items)


def _link_open(token: Token) -> Markup:
    address = str(token.attrs.get("href", ""))
    if not printable_link(address):
        return Markup("")
    return Markup('<a href="%s">') % address


def _link_close(before: list[Token]) -> Markup:
    """The end of a link, then its address in brackets unless its text is the address."""
    start = max(n for n, t in enumerate(before) if t.type == "link_open")
    address = str(before[start].attrs.get("href", ""))
    if not printable_link(address):
        return Markup("")
    text = "".join(t.content for t in before[start + 1 :])
    shown = address.removeprefix("mailto:")
    if text.strip() in (address, shown):
        return Markup("</a>")
    return Markup('</a> <span class="url">(%s)</span>') % shown


def _image(token: Token, pictures: Mapping[str, str]) -> Markup:
    src = str(token.attrs.get("src", ""))
    if src not in pictures:
        return escape(token.content)
    return Markup('<img class="picture" src="%s" alt="%s">') % (pictures[src], token.content)


def _footnote(label: str, footnotes: Mapping[str, str], pictures, language: str) -> Markup:
    if label not in footnotes:
        return escape(f"[^{label}]")
    return Markup('<span class="footnote">%s</span>') % inline(
        footnotes[label], None, pictures, language
    )


def _fill(content: str) -> Markup:
    if BLANK.fullmatch(content):
        width = max(4.0, len(content) * 0.6 + 1.5)
        return Markup('<span class="blank" style="width: %.1fem"></span>') % width
    return Markup('<span class="fill-in">%s</span>') % content


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
    words = [m for m in WORD.finditer(text) if HYPHENATED <= len(m[0]) <= LONGEST_NAME]
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
    """Text without inline markup, for places like PDF metadata, bookmarks and calendars."""
    if not MARKUP.search(text):
        return text
    words = []
    for token in tokens(text):
        if token.type in ("text", "text_special", "code_inline", "fill_in", "image"):
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return "".join(words)


def css_string(text: str) -> Markup:
    """A quoted CSS string holding text literally: every non-alphanumeric character escaped."""
    body = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def reference_span(text: str) -> Markup:
    """A scripture reference kept on one line: no-break spaces, and never hyphenated; a
    list of references may wrap after its commas and semicolons."""
    kept = re.sub(r"(?<![,;]) ", "\u00a0", text)
    return Markup('<span class="ref">%s</span>') % kept
