"""The wheel, not only the editable install, carries the layouts and the preview page; fonts
come as dependencies."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from .conftest import ROOT

LAYOUTS = ROOT / "layouts"
SOURCE = ROOT / "src" / "studybook"
PREVIEW_PAGE = SOURCE / "preview" / "page"


def test_wheel_holds_every_module_and_layout_and_requires_the_font_packages(
    tmp_path: Path,
) -> None:
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
    layouts = {f"studybook/layouts/{p.name}" for p in LAYOUTS.glob("*.*") if p.is_file()}
    assert {"studybook/layouts/base.html", "studybook/layouts/studybook.css"} <= layouts
    assert layouts <= names
    modules = {f"studybook/{p.relative_to(SOURCE).as_posix()}" for p in SOURCE.rglob("*.py")}
    assert {"studybook/render/sandbox.py", "studybook/preview/server.py"} <= modules
    assert modules <= names, modules - names
    data = {f"studybook/{p.relative_to(SOURCE).as_posix()}" for p in SOURCE.rglob("*.toml")}
    expected = {"studybook/scripture/canon.toml", "studybook/scripture/books/en.toml"}
    assert expected <= data <= names, data - names
    starter = {
        f"studybook/starter/files/{p.name}" for p in (SOURCE / "starter" / "files").iterdir()
    }
    assert "studybook/starter/files/psalm-23.md" in starter
    assert starter <= names
    assert "studybook/press/profiles/FOGRA39L.icc" in names  # the PDF/X output intent
    page = {f"studybook/preview/page/{p.name}" for p in PREVIEW_PAGE.iterdir()}
    assert page and page <= names
    assert any(r.startswith("font-source-serif-pro") for r in requires)
    assert any(r.startswith("font-source-sans-pro") for r in requires)
