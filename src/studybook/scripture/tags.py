"""Verse text from the markup SWORD modules keep their verses in (OSIS, ThML or GBF): the
words of the verse, with notes, cross references, headings, titles, Strong's numbers and
morphology left out, and words of Jesus and added words kept as plain words.

Read in one pass over the tags, without nesting or backtracking, so time grows with the
length of the verse whatever it holds. A verse's markup need not be well formed (a
paragraph may open in one verse and close in another): an end tag with no start is
ignored, and a left-out element still open when the verse ends leaves out the rest.
"""

from __future__ import annotations

import html
import re

from .clean import curl_quotes

# A tag, text, or a stray "<" (never printed). An attribute value holding ">" ends the tag
# early: what is left prints nothing but the text after it, as a tag never holds words.
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w:.-]*)([^<>]*)>|([^<>]+)|[<>]")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break spaces of French typography

# Elements whose content is not verse text.
_LEFT_OUT = {
    "OSIS": {"note", "title", "head", "rdg", "rdgGroup", "figure", "index", "catchWord",
             "speaker", "caption", "milestone"},
    "THML": {"note", "scripRef", "scripCom", "sup", "h1", "h2", "h3", "h4", "h5", "h6"},
}  # fmt: skip
# Elements that end a line or paragraph: a space between the words either side.
_BREAKS = {"p", "l", "lg", "lb", "br", "div", "item", "list", "row", "cell", "table", "CM", "CL"}
# GBF's codes come in pairs, "<RF>" … "<Rf>": those whose content is a note or a title.
_GBF_LEFT_OUT = {"RF", "TS", "TT", "TH", "TB", "TC", "TA", "TN", "TP"}


def verse_text(raw: str, markup: str, *, quote_marks: bool = True) -> str | None:
    """A verse's printable words from its markup ("OSIS", "THML", "GBF" or "PLAIN");
    None when nothing printable is left. `quote_marks`: an OSIS quotation (`<q>`) that
    names no marker of its own is printed with quotation marks (SWORD's OSISqToTick)."""
    if markup == "PLAIN":
        words = [raw]
    elif markup == "GBF":
        words = _gbf(raw)
    else:
        words = _xml(raw, _LEFT_OUT.get(markup, _LEFT_OUT["OSIS"]), quote_marks)
    text = _SPACES.sub(" ", html.unescape("".join(words))).strip()
    return curl_quotes(text) or None


def _xml(raw: str, left_out: set[str], quote_marks: bool) -> list[str]:
    """The words of OSIS or ThML markup."""
    words: list[str] = []
    skipping, depth = "", 0  # the left-out element the words are inside, and its nesting
    quotes: list[str] = []  # the closing marks of the quotations open
    for token in _TOKEN.finditer(raw):
        end, name, attributes, text = token.groups()
        if name is None:
            if text is not None and not skipping:
                words.append(text)
            continue
        empty = attributes.endswith("/")
        if skipping:
            if name == skipping and not empty:
                depth += -1 if end else 1
                skipping = "" if depth == 0 else skipping
        elif name in left_out and not end and not empty:
            skipping, depth = name, 1
        elif name == "q":
            words.append(_quote(end, attributes, quotes, quote_marks))
        elif name in _BREAKS:
            words.append(" ")
    return words


def _quote(end: str, attributes: str, quotes: list[str], quote_marks: bool) -> str:
    """The mark an OSIS quotation opens or closes with: its own `marker`, if it names one
    (often none: the text has its own marks), else a straight quote that is curled later."""
    found = {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTRIBUTE.finditer(attributes)}
    default = '"' if quote_marks else ""
    mark = found.get("marker", default)
    if end:  # "</q>": the mark its start tag opened with
        return quotes.pop() if quotes else ""
    if "eID" in found:
        return mark
    if not attributes.endswith("/"):  # a start tag: its end tag closes with the same mark
        quotes.append(mark)
    return mark


def _gbf(raw: str) -> list[str]:
    """The words of GBF markup: two-letter codes, an upper-case pair opening what the same
    code with a lower-case second letter closes ("<FI>" … "<Fi>")."""
    words: list[str] = []
    skipping = ""
    for token in re.finditer(r"<([A-Z][A-Za-z])[^<>]*>|([^<>]+)|[<>]", raw):
        code, text = token.groups()
        if code is None:
            if text is not None and not skipping:
                words.append(text)
        elif skipping:
            skipping = "" if code == skipping[0] + skipping[1].lower() else skipping
        elif code in _GBF_LEFT_OUT:
            skipping = code
        elif code in _BREAKS:
            words.append(" ")
    return words
