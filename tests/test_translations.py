"""Every translation studybook offers builds the sample study, or says at each reference
which passage it lacks (a New Testament has no Exodus)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.scripture import TRANSLATIONS
from studybook.scripture.canon import Book

from .conftest import SAMPLE, build
from .pdftext import key, page_texts

# The translations that hold every book the sample cites (Tyndale never translated Isaiah
# or Ezra; the others hold one testament).
WHOLE = ["web", "kjv", "akjv", "asv", "bbe", "dar", "dr", "gb", "nheb", "rwebster", "ukjv",
         "wbs", "wyc", "ylt"]  # fmt: skip
PART = sorted(set(TRANSLATIONS) - set(WHOLE))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample built once per whole-Bible translation, as a batch: one church each."""
    project = tmp_path_factory.mktemp("translations")
    shutil.copytree(SAMPLE.parent, project / "content")
    sets = "".join(f"  - {{church: {key}, translation: {key}}}\n" for key in WHOLE)
    (project / "studybook.yaml").write_text(f"batch:\n{sets}", encoding="utf-8")
    code, output = build(project, "--edition", "participant")
    assert code == 0, output
    return project, output


@pytest.mark.parametrize("name", WHOLE)
def test_every_whole_bible_builds_the_sample(batch, name: str) -> None:
    project, output = batch
    translation = TRANSLATIONS[name]
    pdf = project / "output" / name / SAMPLE.stem / f"{SAMPLE.stem}-participant.pdf"
    text = key(" ".join(page_texts(pdf)))
    assert key(translation.name) in text and key(translation.notice) in text
    for where in ((Book.EXODUS, 32, 32), (Book.GENESIS, 18, 33), (Book.JOHN, 16, 8)):
        verse = translation.text(*where)
        assert verse and key(verse) in text, (name, where)
    if name == "dr":  # the package lacks Romans 9:2-4: said where it is cited, and in print
        assert "warning: Romans 9:3 is not in the Douay-Rheims Bible (DRA)" in output
        assert key("(Verse 9:3 is not in the DRA.)") in text


@pytest.mark.parametrize("short", PART)
def test_a_translation_without_a_cited_book_says_so_at_each_reference(
    tmp_path: Path, short: str
) -> None:
    shutil.copytree(SAMPLE.parent, tmp_path / "content")
    command = ["check", str(tmp_path / "content"), "--translation", short]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    translation = TRANSLATIONS[short]
    name = f"{translation.name} ({translation.abbreviation})"
    lines = [line.split("content/", 1)[-1] for line in result.output.splitlines()]
    missing = {"leeser": "Romans 9:3", "tyn": "Isaiah 53:12"}.get(short, "Exodus 32:32")
    assert any(
        line.startswith(f"{SAMPLE.name}:") and f"{missing} is not in the {name} — choose" in line
        for line in lines
    ), lines


def test_each_optional_translation_is_an_extra_of_its_own_and_of_all_translations() -> None:
    import tomllib

    from .conftest import ROOT

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = extras["optional-dependencies"]
    optional = {t.key: t.package for t in TRANSLATIONS.values() if not t.included}
    for short, package in optional.items():
        assert extras[short] == [f"{package}>=0.0.2"], short
    assert sorted(extras["all-translations"]) == sorted(f"{p}>=0.0.2" for p in optional.values())
    assert "studybook[all-translations]" in extras["test"]
