"""The package's shape: one subpackage per stage, imported only through its `__init__`, each
stage importing only the stages before it, so that the folder tree reads as the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "studybook"
# Everything a module may import comes earlier in this list (or from its own package):
# the shared helpers, the stages in pipeline order, then what drives them.
ORDER = [
    "studybook",  # __init__: the version only
    "errors",
    "project",
    "resources",
    "jobs",
    "scripture",
    "study",
    "importers",
    "settings",
    "render",
    "typeset",
    "press",
    "output",
    "pipeline",
    "roster",
    "preview",
    "starter",
    "console",
    "cli",
]
TOP_MODULES = {"__init__.py", "cli.py", "pipeline.py", "errors.py"}
MAX_LINES = 500


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def dotted(path: Path) -> list[str]:
    """studybook/scripture/find.py → ["studybook", "scripture", "find"]."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports(path: Path) -> list[tuple[int, list[str]]]:
    """Every studybook module or name a module imports, at any depth (lazy imports
    inside functions included), as absolute dotted parts with the line it is on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = dotted(path) if path.name == "__init__.py" else dotted(path)[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = base + (node.module.split(".") if node.module else [])
            else:
                module = (node.module or "").split(".")
            found += [(node.lineno, [*module, a.name]) for a in node.names]
    return [(line, parts) for line, parts in found if parts[0] == "studybook"]


def owner(parts: list[str]) -> str:
    """The entry of studybook's top level a dotted name belongs to ("studybook" for the
    version the package itself holds)."""
    return parts[1] if len(parts) > 1 and is_module(parts[:2]) else "studybook"


def is_module(parts: list[str]) -> bool:
    base = PACKAGE.parent.joinpath(*parts)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def exported(stage: str) -> set[str]:
    """The names a stage's __init__ lists in `__all__`."""
    tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            return set(ast.literal_eval(node.value))
    return set()


def test_the_package_holds_the_stages_and_the_four_top_modules():
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert entries - folders == TOP_MODULES
    stages = {name for name in folders if (PACKAGE / name / "__init__.py").is_file()}
    assert stages == set(ORDER) - {"studybook", "errors", "pipeline", "cli"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_a_reader_can_hold(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_every_stage_says_what_it_takes_and_gives_and_what_it_exports():
    for name in ORDER:
        init = PACKAGE / name / "__init__.py"
        if not init.is_file():
            continue
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), name
        assert exported(name), f"{name}/__init__.py has no __all__"


def test_no_export_hides_a_module_of_its_stage():
    """`from .commit import commit` would make `studybook.output.commit` the function, and
    the module unreachable by that name."""
    for name in ORDER:
        if (PACKAGE / name / "__init__.py").is_file():
            modules = {p.stem for p in (PACKAGE / name).iterdir() if p.suffix == ".py"}
            modules |= {p.name for p in (PACKAGE / name).iterdir() if p.is_dir()}
            assert exported(name) & modules == set(), name


def test_stages_are_imported_only_through_their_init():
    private = []
    for path in modules():
        here = owner(dotted(path))
        for line, parts in imports(path):
            there = owner(parts)
            if there == here or len(parts) < 3 or not (PACKAGE / there).is_dir():
                continue
            # studybook.<stage>.<name>: only a name the stage's __init__ exports
            if len(parts) > 3 or parts[2] not in exported(there):
                private.append(f"{path.relative_to(PACKAGE)}:{line}: {'.'.join(parts)}")
    assert private == []


def test_each_stage_imports_only_what_comes_before_it():
    upward = []
    for path in modules():
        here = owner(dotted(path))
        for line, parts in imports(path):
            there = owner(parts)
            if there != here and ORDER.index(there) > ORDER.index(here):
                upward.append(f"{path.relative_to(PACKAGE)}:{line}: {here} imports {there}")
    assert upward == []
