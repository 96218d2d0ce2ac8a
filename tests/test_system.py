"""WeasyPrint with and without HarfBuzz-Subset (the library fresh Debian machines lack): a
build prints only what it wrote either way, never blames a layout for the machine, and the
PDFs hold the same text and embedded fonts; `check --verbose` names the package that
would help, and only where it would."""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studybook.typeset import system_notes

from .conftest import SAMPLE, STUDYBOOK, without_harfbuzz_subset
from .pdftext import fonts, page_texts

FONTTOOLS_NOTICE = "Using fontTools instead of HarfBuzz-Subset"
OUTPUT = "output/exodus-32-intercession"


def studybook(project: Path, env: dict[str, str] | None, *args: str) -> tuple[int, str, str]:
    """Run studybook in the project, in a process with this environment."""
    done = subprocess.run(
        [*STUDYBOOK, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stdout, done.stderr


def sample_project(folder: Path) -> Path:
    (folder / "content").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "content" / SAMPLE.name)
    return folder


def assert_only_what_it_wrote(code: int, printed: str, errors: str) -> None:
    assert (code, errors) == (0, ""), errors
    lines = printed.splitlines()
    assert len(lines) == 4, printed
    assert all(re.fullmatch(r"\[\d/2\] made \S+\.pdf|wrote \S+\.pdf", line) for line in lines)


@pytest.fixture(scope="module")
def without(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The sample built where WeasyPrint cannot load HarfBuzz-Subset: the project and the
    environment."""
    folder = tmp_path_factory.mktemp("without")
    env = without_harfbuzz_subset(folder / "hidden")
    project = sample_project(folder / "project")
    assert_only_what_it_wrote(*studybook(project, env, "build"))
    return project, env


def test_the_stand_in_really_hides_harfbuzz_subset(without) -> None:
    """WeasyPrint itself, in that environment, takes its fontTools path (the notice that
    studybook used to turn into four false warnings per build)."""
    _, env = without
    snippet = (
        "import logging; logging.basicConfig(); from weasyprint import HTML; "
        "HTML(string='<p style=\"font-family: serif\">Hello</p>').write_pdf()"
    )
    done = subprocess.run([sys.executable, "-c", snippet], env=env, capture_output=True, text=True)
    assert FONTTOOLS_NOTICE in done.stderr


def test_without_harfbuzz_subset_the_pdfs_embed_every_font(without) -> None:
    project, _ = without
    for edition in ("leader", "participant"):
        found = fonts(project / OUTPUT / f"exodus-32-intercession-{edition}.pdf")
        assert len(found) >= 4 and all(found.values()), found


def test_without_harfbuzz_subset_verbose_names_the_package(without) -> None:
    project, env = without
    code, printed, errors = studybook(project, env, "check", "--verbose")
    assert code == 0 and printed.endswith("ok — 1 study, 1 session, no warnings\n"), printed
    notes = errors.splitlines()
    assert len(notes) == 1 and notes[0].startswith("note: HarfBuzz-Subset is not installed")
    assert "layouts/" not in errors and "warning" not in errors
    release = platform.freedesktop_os_release() if sys.platform.startswith("linux") else {}
    if {"debian", "ubuntu"} & {release.get("ID"), *release.get("ID_LIKE", "").split()}:
        assert "sudo apt-get install libharfbuzz-subset0" in notes[0]
    code, printed, errors = studybook(project, env, "check")
    assert (code, errors) == (0, "")  # silent without --verbose


def test_without_harfbuzz_subset_a_forced_rebuild_warns_of_nothing(without) -> None:
    project, env = without
    assert_only_what_it_wrote(*studybook(project, env, "build", "--force"))


@pytest.mark.harfbuzz_subset
def test_with_harfbuzz_subset_nothing_is_noted_and_the_pdfs_are_alike(
    without, tmp_path: Path
) -> None:
    if system_notes():
        pytest.skip("HarfBuzz-Subset is not installed: apt-get install libharfbuzz-subset0")
    project = sample_project(tmp_path)
    assert_only_what_it_wrote(*studybook(project, None, "build"))
    code, _, errors = studybook(project, None, "check", "--verbose")
    assert (code, errors) == (0, "")
    other, _ = without
    for edition in ("leader", "participant"):
        name = f"exodus-32-intercession-{edition}.pdf"
        ours, theirs = project / OUTPUT / name, other / OUTPUT / name
        assert page_texts(ours) == page_texts(theirs)
        assert fonts(ours).keys() == fonts(theirs).keys() and all(fonts(ours).values())
