"""The wheel, not only the editable install, carries the layouts and the book-name tables;
fonts come as dependencies."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from .conftest import ROOT

LAYOUTS = ROOT / "src" / "studybook" / "layouts"
BOOKS = ROOT / "src" / "studybook" / "books"


def test_wheel_holds_every_layout_and_book_table_and_requires_the_fonts(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("studybook-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        requires = Parser().parsestr(archive.read(metadata).decode()).get_all("Requires-Dist")
    layouts = {f"studybook/layouts/{p.name}" for p in LAYOUTS.iterdir() if p.is_file()}
    assert layouts and layouts <= names
    assert "studybook/books/en.toml" in names
    assert any(r.startswith("font-source-serif-pro") for r in requires)
    assert any(r.startswith("font-source-sans-pro") for r in requires)
