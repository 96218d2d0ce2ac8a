"""What every source becomes before its structure is recognised: lines of text, each with
where it came from and what its source says of it (a heading's level, a list's marker and
depth, bold all through, a break before it). Plain text and pasted Markdown are read here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

# A list marker as people type them: bullets of every kind, "1." "1)" "(1)" "a." "a)" "(a)"
# "i." "ii)"; a marker is followed by a space (or a tab). An em dash starts a quotation's
# source ("— John 3:16"), not an item.
_MARKER = re.compile(
    r"(?P<marker>[•◦▪▫●○■□‣⁃∙·*+\-–»>➢➤✓✔]"
    r"|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)](?!\d)|\(\d{1,3}\)|\([a-zA-Z]\))[ \t]+"
)
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")  # pasted Markdown's "## Title"
_RULE = re.compile(r"[-_*=~·•. ]{3,}")  # a line drawn with characters


@dataclass(frozen=True)
class Line:
    """One line of a source, as its structure is recognised from it."""

    text: str  # inline markup as studybook writes it: **strong**, *emphasis*
    where: int  # the line number (text, HTML), paragraph (Word) or page (PDF)
    heading: int = 0  # its heading level, 1–6, when the source says it is a heading
    marker: str = ""  # the list marker as written: "•", "1.", "a)" ("" for none)
    depth: int = 0  # how deep in nested lists (0: not nested)
    strong: bool = False  # bold all through
    gap: bool = False  # a blank line (a new paragraph) before it
    quote: bool = False  # set off as a quotation

    @property
    def number(self) -> int | None:
        """The number its marker gives ("3." → 3, "c)" → 3), or None for a bullet."""
        digits = re.sub(r"[^0-9A-Za-z]", "", self.marker)
        if digits.isdigit():
            return int(digits)
        if len(digits) == 1 and digits.isalpha():
            return ord(digits.lower()) - ord("a") + 1
        return None

    @property
    def lettered(self) -> bool:
        """Whether the marker is a letter or a roman numeral ("a)", "(b)", "ii.")."""
        core = re.sub(r"[^0-9A-Za-z]", "", self.marker)
        return bool(core) and core.isalpha()

    @property
    def ordered(self) -> bool:
        return bool(re.search(r"[0-9A-Za-z]", self.marker))


def text_lines(text: str) -> list[Line]:
    """The lines of plain text or pasted Markdown: each non-blank line with its marker,
    depth (from its indentation) and whether a blank line came before it; a wrapped
    line that continues a list item (indented under its text) joins it."""
    lines: list[Line] = []
    gap = False
    indents: list[int] = []  # the indentation of each open list depth
    for number, raw in _unflattened(text.splitlines()):
        expanded = raw.replace("\t", "    ").rstrip()
        stripped = expanded.strip()
        if not stripped or (_RULE.fullmatch(stripped) and len(stripped) > 3):
            gap = gap or not stripped
            if stripped:
                lines.append(Line(stripped, number, gap=gap))  # kept to be left out, listed
            continue
        indent = len(expanded) - len(expanded.lstrip())
        if heading := _HEADING.fullmatch(stripped):
            lines.append(Line(heading[2], number, heading=len(heading[1]), gap=True))
            gap, indents = False, []
            continue
        quote = stripped.startswith(">") and not stripped.startswith(">>")
        if quote:
            stripped = stripped[1:].strip()
        marker = _MARKER.match(stripped)
        if marker and not _is_marker(marker["marker"], stripped):
            marker = None
        previous = lines[-1] if lines else None
        if (
            marker is None
            and not gap
            and previous is not None
            and previous.marker
            and indent > 0
            and indents
            and indent >= indents[-1]
        ):
            lines[-1] = replace(previous, text=f"{previous.text} {stripped}")
            continue
        if marker:
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            depth = len(indents) - 1
            body, strong = unbold(stripped[marker.end() :].strip())
            lines.append(
                Line(body, number, marker=marker["marker"], depth=depth, strong=strong, gap=gap)
            )
        else:
            indents = [] if gap else indents
            text, strong = unbold(stripped)
            lines.append(Line(text, number, strong=strong, gap=gap, quote=quote))
        gap = False
    return lines


def _unflattened(lines: list[str]) -> list[tuple[int, str]]:
    """Each line with its number; a long line holding a numbered list run into it ("…
    Questions 1. What …? 2. When …?", as text copied from some PDFs comes) is cut before
    each number, when the numbers run 1, 2, 3 in order."""
    out = []
    for number, line in enumerate(lines, 1):
        marks = list(re.finditer(r"(?<=[\s?.!:)])(\d{1,2})\.\s+(?=[A-Z¿¡“\"(])", line))
        run, expected = [], 1
        for mark in marks:
            if int(mark[1]) == expected:
                run.append(mark.start())
                expected += 1
        if len(line) < 200 or len(run) < 2:
            out.append((number, line))
            continue
        cuts = [0, *run, len(line)]
        out += [
            (number, line[a:b].strip()) for a, b in itertools.pairwise(cuts) if line[a:b].strip()
        ]
    return out


def unbold(text: str) -> tuple[str, bool]:
    """A text without the bold that wraps all of it, and whether it did."""
    found = re.fullmatch(r"\*\*([^*]+)\*\*|__([^_]+)__", text)
    return ((found[1] or found[2]).strip(), True) if found else (text, False)


def _is_marker(marker: str, line: str) -> bool:
    """Whether what looks like a marker starts a list item: not "A. Lincoln said", not
    "I. e." alone, not "-5 degrees", not "*emphasis*"."""
    rest = line[len(marker) :].lstrip()
    if not rest:
        return False
    if marker in "*+" and rest.endswith("*"):
        return False
    core = marker.strip("().")
    return not (
        len(core) == 1
        and core.isupper()
        and marker.endswith(".")
        and rest[:1].isupper()
        and len(rest.split()) < 3
    )
