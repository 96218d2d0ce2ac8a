"""Shared fixtures: the sample study (in Markdown, and its YAML twin), the seed text it was
transcribed from, and helpers."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.scripture import library

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "exodus-32-intercession.md"
SAMPLE_YAML = Path(__file__).parent / "data" / "exodus-32-intercession.yaml"  # its YAML twin
SEED = Path(__file__).parent / "data" / "seed.txt"
BIBLES = Path(__file__).parent / "data" / "bibles"  # small USFM Bibles written for the tests
LAYOUT_LABELS = {"The Key Verse"}
THREE_SESSIONS = """\
title: Three Evenings of Prayer
sessions:
{sessions}
"""
SESSION = """\
  - title: Evening {n}
    blocks:
      - part: Reading {n}
        blocks:
          - paragraph: "Read Exodus 32:{n} together: what does Moses ask of God in prayer?"
      - question: What stands out to you in evening {n}?
        lines: 4
    journal:
      days: 2
      prompt: What did you pray for today?
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test driving Chromium must say so (`@pytest.mark.chromium`): .ci/run runs the
    others before Chromium is installed, and these after."""
    unmarked = [
        item.nodeid
        for item in items
        if "chromium" in getattr(item, "fixturenames", ())
        and not item.get_closest_marker("chromium")
    ]
    if unmarked:
        raise pytest.UsageError(f"mark these @pytest.mark.chromium: {', '.join(unmarked)}")


@pytest.fixture
def jobs_see_patches(monkeypatch: pytest.MonkeyPatch) -> None:
    """`check`'s job forked from this process, so that it sees the test's monkeypatches: a
    job from the fork server, taken when another thread runs here (as after the Dask tests),
    would not."""
    from studybook.jobs import workers

    monkeypatch.setattr(workers, "_alone", lambda: True)


def project_of(folder: Path, *studies: Path, settings: str = "") -> Path:
    """A project in `folder` holding copies of `studies`, with `settings` as studybook.yaml."""
    (folder / "content").mkdir(parents=True)
    for study in studies:
        shutil.copy(study, folder / "content")
    (folder / "studybook.yaml").write_text(settings)
    return folder


def three_session_project(folder: Path) -> Path:
    """A project holding a small three-session study, content/prayer.yaml."""
    (folder / "content").mkdir(parents=True)
    sessions = "".join(SESSION.format(n=n) for n in (1, 2, 3))
    (folder / "content" / "prayer.yaml").write_text(THREE_SESSIONS.format(sessions=sessions))
    return folder


def bible_project(folder: Path, study: str, text: str, settings: str, bible: str) -> Path:
    """A project with one study (its file name and text), its settings, and a test Bible
    from tests/data/bibles copied to bibles/<bible>."""
    (folder / "content").mkdir(parents=True)
    (folder / "content" / study).write_text(text, encoding="utf-8")
    (folder / "studybook.yaml").write_text(settings, encoding="utf-8")
    shutil.copytree(BIBLES / bible, folder / "bibles" / bible)
    return folder


def build(project: Path, *args: str) -> tuple[int, str]:
    """Run `studybook build` on a project's content; the exit code and everything printed."""
    result = CliRunner().invoke(main, ["build", str(project / "content"), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def seed_sentences() -> list[str]:
    """Every line of the seed text worth checking, without list markers or web navigation."""
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^(•|\d+\.)\s*", "", raw.strip())
        if line and line != "Top of Page":
            lines.append(line)
    return lines


def squash(text: str) -> str:
    """Whitespace-insensitive form of text, for comparing prose across line and page breaks."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@pytest.fixture
def write_study(tmp_path: Path):
    """Write a study file under tmp_path/content and return its path."""

    def write(text: str | bytes, name: str = "study.yaml") -> Path:
        path = tmp_path / "content" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def no_installed_sword_modules():
    """Tests do not see the SWORD modules installed on the machine (~/.sword,
    /usr/share/sword), so that what a study prints does not depend on it: a test that
    wants Debian's modules asks for `installed_sword`, one that makes its own sets
    SWORD_PATH or puts them in its project."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SWORD_PATH", raising=False)
        patch.setattr(library, "SYSTEM", ())
        patch.setattr(library, "_home_library", list)
        yield


SYSTEM_SWORD = Path("/usr/share/sword")


@pytest.fixture
def installed_sword(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The machine's own SWORD modules, with Debian's Reina-Valera 1909 (.ci/run installs
    sword-text-sparv); skipped where it is missing."""
    if not (SYSTEM_SWORD / "mods.d" / "spaRV1909eb.conf").is_file():
        pytest.skip("Debian's sword-text-sparv is not installed (apt-get install sword-text-sparv)")
    monkeypatch.setattr(library, "SYSTEM", (SYSTEM_SWORD,))
    return SYSTEM_SWORD


# `studybook` in a process of its own; it stops on Ctrl-C even when the test runner was
# started with it ignored.
STUDYBOOK = [
    sys.executable, "-c",
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from studybook.cli import main; main()",
]  # fmt: skip


def without_harfbuzz_subset(folder: Path) -> dict[str, str]:
    """The environment of a process in which WeasyPrint cannot load HarfBuzz-Subset, as on
    a machine without `libharfbuzz-subset0`: a file of that name that is no library comes
    first on the dynamic loader's path, so the system's copy is never reached (WeasyPrint
    then subsets fonts with fontTools). Linux (glibc) only."""
    if not sys.platform.startswith("linux"):
        pytest.skip("hides a system library through LD_LIBRARY_PATH: Linux only")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "libharfbuzz-subset.so.0").write_text("not a library")
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("LD_LIBRARY_PATH")]))
    return {**os.environ, "LD_LIBRARY_PATH": path}
