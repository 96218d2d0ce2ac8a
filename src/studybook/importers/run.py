"""`studybook import` as a whole: the source read within its limits (a file, or standard
input for pasted text), parsed and drafted in a job (a stranger's document is parsed only
there, under the limits every job has), and the study written where it belongs
(`content/NAME.md` in the project, never over a file unless asked)."""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..jobs import Workers
from ..project import nearest_project, shown, unwritable, write_atomically
from .draft import Draft, Report
from .sources import MAX_BYTES, SUFFIXES, kind_of, read_source
from .structure import recognise
from .words import guess_language, words_for
from .writer import markdown

STDIN = "-"


@dataclass(frozen=True)
class Imported:
    """A source turned into a study: its Markdown, its draft and the report."""

    markdown: str
    draft: Draft
    report: Report


def import_study(data: bytes, kind: str, name: str, language: str | None = None) -> Imported:
    """The Markdown study a source holds; `language` as the study's, else guessed from it."""
    source = read_source(data, kind, name)
    report = Report(unit=source.unit)
    report.left_out += source.dropped
    language = language or guess_language(" ".join(line.text for line in source.lines))
    draft = recognise(source.lines, words_for(language), report, structured=source.structured)
    return Imported(markdown(draft, report, name), draft, report)


@dataclass(frozen=True)
class Importing:
    """The job that parses a source and drafts its study (`import_study`)."""

    data: bytes
    kind: str
    source: str
    language: str | None

    @property
    def name(self) -> str:
        return self.source

    @property
    def activity(self) -> str:
        return f"importing {self.source}"

    @property
    def reads(self) -> tuple[Path, ...]:
        return ()  # the source's bytes come with the job

    @property
    def writes(self) -> tuple[Path, ...]:
        return ()

    def run(self) -> Imported:
        return import_study(self.data, self.kind, self.source, self.language)


@dataclass(frozen=True)
class Written:
    """An imported study, and where it was written."""

    target: Path
    imported: Imported


def import_file(
    source: str, output: Path | None, language: str | None, workers: Workers, *, force: bool
) -> Written:
    """Import `source` (a path, or "-" for standard input) into a Markdown study."""
    data, kind, name = _read(source)
    imported = workers.run(Importing(data, kind, name, language))
    target = output or _default_target(source, imported)
    if target.suffix != ".md":
        hint = "name the study file with .md: studybook import writes Markdown"
        raise ProblemsFound([Problem(str(target), message="not a .md file", hint=hint)])
    if target.exists() and not force:
        hint = "give another --output, or add --force to replace it"
        raise ProblemsFound([Problem(shown(target), message="already exists", hint=hint)])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, imported.markdown.encode("utf-8"))
    except OSError as err:
        raise ProblemsFound([unwritable(target, err)]) from None
    return Written(target, imported)


def _read(source: str) -> tuple[bytes, str, str]:
    """The bytes of a source, the kind of file it is, and its name for messages."""
    if source == STDIN:
        data = sys.stdin.buffer.read(MAX_BYTES["text"] + 1)
        return data, "text", "standard input"
    path = Path(source)
    kind = kind_of(path.name)
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        hint = f"studybook imports {known} files; save the study as one of them"
        raise ProblemsFound([Problem(source, message="cannot import this kind of file", hint=hint)])
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            hint = "give the path of a document file"
            raise ProblemsFound([Problem(source, message="not a file", hint=hint)])
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES[kind] + 1)
    except FileNotFoundError:
        hint = "check the path of the document"
        raise ProblemsFound([Problem(source, message="not found", hint=hint)]) from None
    except OSError as err:
        hint = "check that the file can be read"
        message = f"cannot be read ({err.strerror or err})"
        raise ProblemsFound([Problem(source, message=message, hint=hint)]) from None
    return data, kind, source


def _default_target(source: str, imported: Imported) -> Path:
    """content/NAME.md in the project here, NAME from the source's name or the title."""
    project = nearest_project(Path.cwd())
    if project is None:
        hint = "run it in a studybook project (make one with `studybook new`), or give --output"
        raise ProblemsFound([Problem(".", message="no studybook project here", hint=hint)])
    stem = Path(source).stem if source != STDIN else imported.draft.title
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60] or "imported-study"
    return project / "content" / f"{slug}.md"
