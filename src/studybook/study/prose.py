"""What a study's prose asks for beyond its words, checked where it is written: links that
can print, images (gathered for the build to check as files), footnotes called and
written, and the method marks its questions carry."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..errors import Problem
from .markup import footnote_calls, links, printable_link
from .model import is_reference_field
from .readers.document import DataPath, Document

# Fields whose text is not prose: it prints as written, without inline markup.
NOT_PROSE = frozenset(
    ("language", "translation", "number", "mark", "date", "shape", "label", "labels", "marks")
)


@dataclass(frozen=True)
class Picture:
    """An image a study's prose shows: its address as written (relative to the study's
    folder), and where it is."""

    src: str
    line: int
    column: int


def check_prose(document: Document) -> tuple[list[Problem], list[Picture]]:
    """Every problem in the study's prose and marks, and the images it shows."""
    problems: list[Problem] = []
    pictures: list[Picture] = []
    data = document.data if isinstance(document.data, dict) else {}
    footnotes = data.get("footnotes") if isinstance(data.get("footnotes"), dict) else {}
    marks = data.get("marks") if isinstance(data.get("marks"), dict) else {}
    called: set[str] = set()
    for path, text in document.strings():
        if path[-1] == "mark":
            problems += _mark(document, path, text, marks)
        if not _prose(path):
            continue
        for link in links(text):
            offset = max(text.find(f"]({link.address}"), text.find(link.address), 0)
            if link.image:
                line, column = document.span(path).at(offset)
                pictures.append(Picture(link.address, line, column))
                if re.match(r"^[a-zA-Z][\w+.-]*:|^/|^\\", link.address):
                    message = f"the image '{link.address}' is not a file in the project"
                    hint = "give the image's file name, relative to the study's folder"
                    problems.append(document.problem(path, message, hint, offset=offset))
            elif not printable_link(link.address):
                message = f"the link's address '{link.address[:60]}' cannot be printed"
                hint = "link to a web address (https://…) or an e-mail address (mailto:…)"
                problems.append(document.problem(path, message, hint, offset=offset))
        for label in footnote_calls(text):
            offset = max(text.find(f"[^{label}]"), 0)
            if path[:1] == ("footnotes",):
                message, hint = "a footnote cannot call a footnote", "write the text out"
            elif label not in footnotes:
                message = f"there is no footnote [^{label}]"
                hint = f"write it on a line of its own, `[^{label}]: …` (YAML: `footnotes:`)"
            else:
                called.add(label)
                continue
            problems.append(document.problem(path, message, hint, offset=offset))
    for label in footnotes:
        if label not in called:
            message = f"the footnote [^{label}] is never called"
            hint = f"call it in the text as [^{label}], or remove it"
            problem = document.problem(("footnotes", label), message, hint, key=True)
            problems.append(replace(problem, warning=True))
    return problems, pictures


def _prose(path: DataPath) -> bool:
    """Whether the text at a path is prose (it may use inline markup)."""
    if is_reference_field(path):
        return False
    named = [part for part in path if isinstance(part, str)]
    return not (set(named) & NOT_PROSE)


def _mark(document: Document, path: DataPath, mark: Any, marks: dict) -> list[Problem]:
    if mark in marks:
        return []
    message = f"the mark ({mark}) is not one of the study's marks"
    hint = f"name it in the study's fields, e.g. `marks: {{{mark}: Observation}}`"
    return [document.problem(path, message, hint)]
