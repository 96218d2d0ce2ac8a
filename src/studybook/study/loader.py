"""Load a study file: its reader (YAML or Markdown) → typed model, with every problem
positioned in the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..project import not_found
from ..resources import unprintable
from ..scripture import Citation, size_problem
from .citations import collect
from .model import Study
from .prose import Picture, check_prose
from .readers.document import Document
from .validation import validate

STUDY_SUFFIXES = (".yaml", ".yml", ".md")
NOT_A_STUDY = (
    "studybook reads studies written in Markdown (.md) or YAML (.yaml, .yml): copy the text "
    "into a .md file (see the manual, Write a study)"
)
# Checks an image a study shows (the study's file, the image): the problems with its file.
PictureCheck = Callable[[Path, Picture], list[Problem]]


@dataclass(frozen=True)
class LoadedStudy:
    """A valid study, the file it came from, every scripture reference in it, the images
    its prose shows (for the build to check), the warnings found while reading it, and
    where its `language` is written (line, column)."""

    path: Path
    study: Study
    citations: tuple[Citation, ...]
    warnings: tuple[Problem, ...] = ()
    pictures: tuple[Picture, ...] = ()
    language_at: tuple[int, int] = (1, 1)

    @property
    def slug(self) -> str:
        return self.path.stem


def find_studies(target: Path) -> list[Path]:
    """The study files a path names: the file itself, or every study file in a folder."""
    if target.is_dir():
        return sorted(p for p in target.iterdir() if p.suffix in STUDY_SUFFIXES and not p.is_dir())
    return [target]


def load_study(path: Path, display: str, check_picture: PictureCheck | None = None) -> LoadedStudy:
    """Validate a study file; raise ProblemsFound with every problem in it (and its warnings).
    `check_picture` checks the file of each image its prose shows."""
    document = read_document(path, display)
    study, problems = validate(document, Study)
    citations, reference_problems = collect(document)
    problems += reference_problems
    prose_problems, pictures = check_prose(document)
    problems += prose_problems
    if check_picture is not None:
        problems += [p for picture in pictures for p in check_picture(path, picture)]
    problems += unprintable_text(document)
    if too_big := size_problem(display, citations):
        problems.append(too_big)
    if any(not p.warning for p in problems) or study is None:
        raise ProblemsFound(problems)
    warnings = sorted(problems)
    language = document.span(("language",))
    where = (language.line, language.column)
    return LoadedStudy(path, study, tuple(citations), tuple(warnings), tuple(pictures), where)


def read_document(path: Path, display: str) -> Document:
    """A study file's data and positions, read by the reader its suffix names: Markdown
    for `.md` (imported only then, to keep start-up fast), YAML for anything else."""
    if path.suffix == ".md":
        from .readers.markdown import read_markdown

        return read_markdown(path, display)
    from .readers.yaml import read_yaml

    return read_yaml(path, display)


def unprintable_text(document: Document) -> list[Problem]:
    """Text with characters the bundled fonts cannot draw (they would print as empty boxes)."""
    problems = []
    for path, text in document.strings():
        if found := unprintable(text):
            message, hint, offset = found
            problems.append(document.problem(path, message, hint, offset=offset))
    return problems


def _same_names(paths: list[Path]) -> list[Problem]:
    """Studies whose PDFs and calendars would have the same names (study.yaml and study.md;
    Study.md and study.md, which are one file where names ignore case), each named."""
    first: dict[str, Path] = {}
    problems = []
    for path in paths:
        other = first.setdefault(path.stem.casefold(), path)
        if other != path:
            message = (
                f"this study and {other} would write the same PDFs and calendar "
                f"({path.stem}-….pdf, {path.stem}.ics)"
            )
            hint = "rename one of the two files: the file name names the PDFs and calendar"
            problems.append(Problem(str(path), message=message, hint=hint))
    return problems


def load_all(target: Path, check_picture: PictureCheck | None = None) -> list[LoadedStudy]:
    """Load every study a path names; raise ProblemsFound with the problems of all of them."""
    if not target.exists():
        raise ProblemsFound([not_found(target)])
    if not target.is_dir() and target.suffix not in STUDY_SUFFIXES:
        kind = f"a {target.suffix} file" if target.suffix else "a file without a suffix"
        message = f"{kind} is not a study"
        raise ProblemsFound([Problem(str(target), message=message, hint=NOT_A_STUDY)])
    paths = find_studies(target)
    if not paths:
        others = sorted(p.name for p in target.iterdir() if not p.name.startswith("."))
        hint = (
            f"{', '.join(others[:3])}{' …' if len(others) > 3 else ''}: {NOT_A_STUDY}"
            if others
            else "add a study file ending in .md or .yaml (see the manual, Write a study)"
        )
        raise ProblemsFound([Problem(str(target), message="no study files here", hint=hint)])
    studies: list[LoadedStudy] = []
    problems: list[Problem] = _same_names(paths)
    for path in paths:
        try:
            studies.append(load_study(path, str(path), check_picture))
        except ProblemsFound as found:
            problems += found.problems
    if problems:
        raise ProblemsFound([*problems, *(w for s in studies for w in s.warnings)])
    return studies
