"""SWORD Bible modules as translations: Debian's Reina-Valera 1909 printed in a Spanish
study, a module the tests make (with Tobit and Sirach) from the project's sword/ folder
or its zip, licences respected, and a warning at `language` when a study's language and
its Bible's differ — never when they agree."""

from __future__ import annotations

import functools
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.scripture import Reader, canon, passage
from studybook.scripture.canon import Book
from studybook.scripture.library import find_modules
from studybook.scripture.sword import read_bible

from .conftest import build, squash
from .pdftext import key, page_texts
from .swordmodules import CATHOLIC, write_module, zip_library

SPANISH = """\
---
title: El Siervo del Señor
language: es
---

# El siervo escogido {passage="Isaías 42:1-4"}

::: key-verse
> — Juan 3:16
:::

::: question
¿Qué promete el v. 4 a las islas?
:::

Moisés oró así: Éxodo 32:32. Leemos también el Salmo 23.
"""
SPANISH_YAML = """\
title: El Siervo del Señor
language: es
sessions:
  - title: El siervo escogido
    passage: Isaías 42:1-4
"""
ENGLISH = """\
title: Hope
sessions:
  - title: Hope in trials
    passage: Exodus 32:32
    blocks:
      - paragraph: "Read John 3:16 and Matthew 5:9."
"""
CATHOLIC_STUDY = ENGLISH.replace("Exodus 32:32", "Tobit 4:15").replace(
    "Read ", "Read Sirach 2:1-2, then "
)


def project(folder: Path, study: str = SPANISH, settings: str = "", name: str = "siervo.md"):
    (folder / "content").mkdir(parents=True)
    (folder / "content" / name).write_text(study, encoding="utf-8")
    if settings:
        (folder / "studybook.yaml").write_text(settings, encoding="utf-8")
    return folder


def check(folder: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", str(folder / "content"), *args])
    assert "Traceback" not in result.output
    return result.exit_code, [line.replace(f"{folder}/", "") for line in result.output.splitlines()]


def pdf_text(folder: Path, edition: str = "participant") -> str:
    pdf = next((folder / "output").rglob(f"*-{edition}.pdf"))
    return squash(" ".join(page_texts(pdf)))


@functools.cache
def reina_valera(library: Path):
    """Debian's Reina-Valera 1909 as pysword itself reads it."""
    from pysword.modules import SwordModules

    modules = SwordModules(str(library))
    modules.parse_modules()
    return modules.get_bible_from_module("spaRV1909eb")


def module_text(library: Path, book: str, chapter: int, verse: int) -> str:
    """A verse as pysword itself reads it from the module, cleaned by its own cleaner."""
    text = reina_valera(library).get(books=book, chapters=chapter, verses=verse)
    return " ".join(text.split())


# --- Debian's Reina-Valera 1909 (sword-text-sparv) ---------------------------------------


def test_a_spanish_study_prints_the_reina_valera_its_settings_name(
    tmp_path: Path, installed_sword: Path
) -> None:
    folder = project(tmp_path, settings="translation: rv1909\n")
    code, output = build(folder)
    assert code == 0 and "warning" not in output, output
    text = pdf_text(folder)
    verses = [("Isa", 42, v) for v in (1, 2, 3, 4)] + [("Exod", 32, 32), ("John", 3, 16)]
    verses += [("Ps", 23, v) for v in range(1, 7)]
    for where in verses:
        assert key(module_text(installed_sword, *where)) in key(text), where
    john = module_text(installed_sword, "John", 3, 16)
    assert f"“{john}” — Juan 3:16 (RV1909)" in text  # the key verse, from the module
    assert "según la Reina Valera 1909 (RV1909). Dominio público." in text
    assert "World English Bible" not in text and "God" not in text


def test_a_spanish_study_without_a_translation_prints_the_installed_spanish_bible(
    tmp_path: Path, installed_sword: Path
) -> None:
    folder = project(tmp_path)
    code, output = build(folder)
    note = (
        "content/siervo.md: verses from the Reina Valera 1909 (RV1909), the installed Bible in "
        "Spanish, as studybook.yaml names no translation"
    )
    assert code == 0 and note in output.replace(f"{folder}/", "") and "warning" not in output
    assert key(module_text(installed_sword, "Exod", 32, 32)) in key(pdf_text(folder))
    code, lines = check(folder)
    assert code == 0
    assert (
        "content/siervo.md: Bible: Reina Valera 1909 (RV1909), the SWORD module spaRV1909eb "
        f"in {installed_sword}: public domain"
    ) in lines


def test_an_english_study_keeps_the_world_english_bible_and_stays_silent(
    tmp_path: Path, installed_sword: Path
) -> None:
    folder = project(tmp_path, study=ENGLISH, name="h.yaml")
    code, lines = check(folder)
    assert code == 0 and not any("warning" in line for line in lines), lines
    assert (
        "content/h.yaml: Bible: World English Bible (WEB): The World English Bible is in "
        "the public domain."
    ) in lines


def test_an_english_study_printed_from_the_reina_valera_is_warned_at_its_start(
    tmp_path: Path, installed_sword: Path
) -> None:
    folder = project(tmp_path, study=ENGLISH, settings="translation: RV1909\n", name="h.yaml")
    code, lines = check(folder)
    assert code == 0
    assert (
        "content/h.yaml:1:1: warning: this study is in English, and its Bible verses would "
        "print in Spanish, from the Reina Valera 1909 (RV1909) — choose a translation in "
        "English, or set `language:` to the language the study is written in"
    ) in lines


def test_the_reina_valera_lacks_tobit_an_error_naming_it(
    tmp_path: Path, installed_sword: Path
) -> None:
    study = SPANISH.replace("Éxodo 32:32", "Tobías 4:15")
    folder = project(tmp_path, study=study, settings="translation: {sword: spaRV1909eb}\n")
    code, lines = check(folder)
    assert code == 1
    assert any(
        line.startswith("content/siervo.md:16:17: Tobías 4:15 is not in the Reina Valera 1909 "
                        "(RV1909) — this book is in Catholic and Orthodox Bibles")
        for line in lines
    ), lines  # fmt: skip


def test_a_verse_the_reina_valera_leaves_empty_is_a_warning_at_the_reference(
    tmp_path: Path, installed_sword: Path
) -> None:
    study = SPANISH_YAML + "    readings: [Job 38:36-41]\n"
    folder = project(tmp_path, study=study, settings="translation: rv1909\n", name="job.yaml")
    code, lines = check(folder)
    assert code == 0
    warning = "job.yaml:6:16: warning: Job 38:36–41: Job 38:39 and 2 more is not in the Reina"
    assert any(line.startswith(f"content/{warning}") for line in lines), lines


ARTIFACTS = re.compile(r"[<>&{}\[\]\\|]|strong|lemma|  |^ | $| [,.;:?!)]|\d")


def test_every_verse_of_the_reina_valera_is_clean_and_the_modules_own(installed_sword) -> None:
    """No markup, Strong's number or stray space in any verse, and every 40th verse the
    text pysword itself reads from the module (the test above compares whole passages)."""
    bible = read_bible(find_modules(Path("/nonexistent")).modules[0])
    assert (bible.name, bible.abbreviation, bible.language) == ("Reina Valera 1909", "RV1909", "es")
    osis = {book: name for name, book in canon.OSIS.items()}
    compared = 0
    for n, verse_id in enumerate(sorted(bible.verses)):
        book = Book(verse_id // 1_000_000)
        chapter, verse = divmod(verse_id % 1_000_000, 1000)
        text = bible.text(book, chapter, verse)
        if text is None:  # a place the module keeps only markup in (Numbers 12:16 …)
            continue
        assert not ARTIFACTS.search(text), (book, chapter, verse, text)
        if n % 40 == 0:
            assert text == module_text(installed_sword, osis[book], chapter, verse)
            compared += 1
    assert len(bible.verses) > 31_000 and compared > 700
