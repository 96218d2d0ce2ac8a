"""Name what asked for a refused URL or attachment, or what WeasyPrint warned about: the
project file and line, if it can."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import Problem
from .fetcher import local_path

MAX_SUSPECT_BYTES = 1_000_000
NETWORK_SCHEMES = ("http", "https", "ftp", "ws", "wss")


def refusal_problem(
    url: str, why: tuple[str, str] | None, project: Path, suspects: list[Path], source: str
) -> Problem:
    """A refused URL as a problem naming what asked for it (and why, if not known already)."""
    reason, hint = why or _why_refused(url, project)
    return _blame(url, f"asks for {_short(url)}, {reason}", hint, project, suspects, source)


def attachment_problem(url: str, project: Path, suspects: list[Path], source: str) -> Problem:
    """An attachment as a problem naming what asked for it."""
    hint = 'remove rel="attachment": studybook never embeds files in a PDF'
    what = f"attaches {_short(url) or 'a file'} to the PDF"
    return _blame(url or "attachment", what, hint, project, suspects, source)


def warning_problem(message: str, project: Path, suspects: list[Path], source: str) -> Problem:
    """A WeasyPrint warning (CSS it ignored, say) as a warning at the project file and line
    holding what it quotes, if it can be found."""
    quoted = re.search(r"`([^`]+)`", message)
    what = re.sub(r" at \d+:\d+", "", message).rstrip(".")
    hint = "fix or remove it: WeasyPrint leaves it out of the PDF"
    if quoted:
        for path in suspects:
            found = _find_text(quoted[1], path)
            if found is not None:
                where = path.relative_to(project).as_posix()
                return Problem(where, *found, f"WeasyPrint: {what}", hint, warning=True)
    return Problem(source, message=f"WeasyPrint: {what}", hint=hint, warning=True)


def _find_text(text: str, path: Path) -> tuple[int, int] | None:
    """Line and column of CSS text in a file, ignoring case and spacing around colons."""
    pattern = re.compile(r"\s*:\s*".join(map(re.escape, text.split(":", 1))), re.IGNORECASE)
    for number, line in enumerate(
        path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
    ):
        if match := pattern.search(line):
            return number, match.start() + 1
    return None


def _blame(
    text: str, what: str, hint: str, project: Path, suspects: list[Path], source: str
) -> Problem:
    """A problem at the first place in the suspects (project layouts, stylesheets, images,
    settings, content) whose text could have made `text`; else at `source`."""
    for path in suspects:
        found = _find(text, path, project)
        if found is not None:
            line, column, asker = found
            where = path.relative_to(project).as_posix()
            return Problem(where, line, column, f"{asker} {what}", hint)
    return Problem(source, message=f"a layout or stylesheet {what}", hint=hint)


def _short(url: str) -> str:
    """A URL fit to quote: a data: URL by its media type, a long one cut short."""
    if url[:5].lower() == "data:":
        return f"{url.partition(',')[0][:60]},…"
    return url if len(url) <= 120 else url[:117] + "…"


def _why_refused(url: str, project: Path) -> tuple[str, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in NETWORK_SCHEMES or (scheme == "file" and parts.netloc not in ("", "localhost")):
        return "but studybook never uses the network", "copy the file into the project folder"
    if scheme != "file":
        return f"but studybook does not fetch {scheme}: addresses", "use a file in the project"
    path = local_path(url)
    if path is not None and path.is_relative_to(project):
        return "which does not exist", "check the file name and folder"
    return "which is outside the project", "copy the file into the project folder"


def suspects(project: Path, served: Iterable[Path]) -> Iterator[Path]:
    """Project files that may hold a URL: layouts, files the PDF read, settings, content."""
    candidates = [
        *sorted((project / "layouts").rglob("*")),
        *served,
        project / "studybook.yaml",
        *sorted((project / "content").glob("*.y*ml")),
    ]
    seen: set[Path] = set()
    for path in candidates:
        real = path.resolve()
        if real in seen or not real.is_file() or not real.is_relative_to(project):
            continue
        seen.add(real)
        if real.stat().st_size <= MAX_SUSPECT_BYTES:
            yield path


def _find(url: str, path: Path, project: Path) -> tuple[int, int, str] | None:
    """Line, column and kind of the reference in a file that most likely made `url`
    (found ignoring case: a heuristic, to point at the spot)."""
    lines = path.read_text(encoding="utf-8", errors="replace").lower().splitlines()
    for needle in sorted(_needles(url, path.parent, project), key=len, reverse=True):
        for number, line in enumerate(lines, 1):
            column = line.find(needle.lower())
            if column >= 0:
                return number, column + 1, _asker(path, project, line[:column])
    return None


def _needles(url: str, folder: Path, project: Path) -> set[str]:
    """The ways a file could have written `url`: as is, or as a path (relative or not)."""
    needles = {url, unquote(url), url.rstrip("/")}
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        for path in (parts.path, unquote(parts.path)):
            relative = {os.path.relpath(path, folder), os.path.relpath(path, project)}
            needles |= {path, f"//{parts.netloc}{path}", *relative}
    return {needle for needle in needles if len(needle) > 2}


def _asker(path: Path, project: Path, before: str) -> str:
    """What in a file asked for a URL, judged from the file and the text before the URL."""
    if path.suffix in (".yaml", ".yml"):
        return "this setting" if path.parent == project else "this content field"
    if "@import" in before:
        return "this CSS @import"
    if before.rstrip(" '\"").endswith("url("):
        return "this CSS url()"
    if path.suffix == ".css":
        return "this stylesheet"
    if path.is_relative_to(project / "layouts"):
        return "this layout"
    return "this SVG image"  # the only other files that hold URLs the PDF follows
