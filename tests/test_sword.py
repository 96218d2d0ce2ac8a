"""SWORD Bible modules as translations: Debian's Reina-Valera 1909 printed in a Spanish
study, a module the tests make (with Tobit and Sirach) from the project's sword/ folder
or its zip, licences respected, and a warning at `language` when a study's language and
its Bible's differ — never when they agree."""

from __future__ import annotations

import functools
import re
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
¿Qué promete Isaías 42:4 a las islas?
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
    assert f"«{john}» — Juan 3:16 (RV1909)" in text  # the key verse, in Spanish quotes
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
    assert code == 0 and not any(": warning:" in line for line in lines), lines
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


# --- the language of the study and of its Bible -------------------------------------------


@pytest.mark.parametrize(
    ("name", "study", "at"), [("siervo.md", SPANISH, "3:11"), ("siervo.yaml", SPANISH_YAML, "2:11")]
)
def test_english_verses_in_a_spanish_study_are_a_warning_at_its_language(
    tmp_path: Path, name: str, study: str, at: str
) -> None:
    folder = project(tmp_path, study=study, name=name)
    code, lines = check(folder)
    assert code == 0
    assert (
        f"content/{name}:{at}: warning: this study is in Spanish, and its Bible verses would "
        "print in English, from the World English Bible (WEB) — install a Bible in Spanish "
        "with: apt-get install sword-text-sparv (the RV1909, then used by itself), or see the "
        "manual"
    ) in lines
    code, lines = check(folder, "--strict")
    assert code == 1


def test_a_translation_named_in_another_language_is_warned_about_too(tmp_path: Path) -> None:
    folder = project(tmp_path, study=SPANISH_YAML, settings="translation: kjv\n", name="s.yaml")
    code, lines = check(folder)
    assert code == 0
    assert (
        "content/s.yaml:2:11: warning: this study is in Spanish, and its Bible verses would "
        "print in English, from the King James Version (KJV) — choose a translation in "
        "Spanish, or set `language:` to the language the study is written in"
    ) in lines


@pytest.mark.parametrize("language", ["pt-BR", "pt"])
def test_a_module_in_the_studys_language_is_silent_and_chosen(
    tmp_path: Path, language: str
) -> None:
    study = SPANISH_YAML.replace("language: es", f"language: {language}").replace(
        "Isaías 42:1-4", "João 3:16"
    )
    folder = project(tmp_path, study=study, name="s.yaml")
    write_module(folder / "sword", "PorTest", {("John", 3, 16): "Porque Deus amou o mundo."},
                 conf="Lang=pt\nDescription=Bíblia de Teste\nAbbreviation=BT")  # fmt: skip
    code, output = build(folder)
    assert code == 0 and "warning" not in output, output
    assert "verses from the Bíblia de Teste (BT), the installed Bible in Portuguese" in output
    assert "Porque Deus amou o mundo." in pdf_text(folder)


def test_the_churchs_own_usfm_bible_is_taken_to_be_in_the_studys_language(
    tmp_path: Path,
) -> None:
    from .conftest import BIBLES

    settings = "translation: {file: bibles/rvr1909, name: R, abbreviation: R, notice: N}\n"
    folder = project(tmp_path, study=SPANISH_YAML.replace("Isaías 42:1-4", "Juan 3:16"),
                     settings=settings, name="s.yaml")  # fmt: skip
    import shutil

    shutil.copytree(BIBLES / "rvr1909", folder / "bibles" / "rvr1909")
    code, lines = check(folder)
    assert code == 0 and not any(": warning:" in line for line in lines), lines


# --- a module the tests make: deuterocanon, zips, names, licences --------------------------


def catholic_project(folder: Path, settings: str = "translation: {sword: CathTest}\n") -> Path:
    project(folder, study=CATHOLIC_STUDY, settings=settings, name="hope.yaml")
    write_module(folder / "sword", "CathTest", CATHOLIC, versification="Catholic",
                 conf="Description=Catholic Test Bible\nAbbreviation=CTB")  # fmt: skip
    return folder


def test_tobit_and_sirach_print_from_a_module_that_has_them(tmp_path: Path) -> None:
    folder = catholic_project(tmp_path)
    code, output = build(folder)
    assert code == 0 and "warning" not in output, output
    text = pdf_text(folder)
    for words in ("What you hate, do not do to anyone.", "Set your heart right and be steadfast.",
                  "My son, if you come to serve the Lord, prepare yourself for testing.",
                  "Blessed are the peacemakers.", "For God so loved the world.",
                  "from the Catholic Test Bible (CTB). Public domain."):  # fmt: skip
        assert key(words) in key(text), words
    for markup in ("Trust in God", "ready", "Rom 5:8", "strong", "lemma", "<", "“Blessed"):
        assert markup not in text, markup  # titles, notes, cross references, Strong's, markup
    # The appendix follows a Catholic Bible's order: Tobit before Sirach before Matthew.
    appendix = text.split("Scripture Passages")[-1]
    assert appendix.index("Tobit 4:15") < appendix.index("Sirach 2:1–2") < appendix.index("Matt")


def test_a_module_without_tobit_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = project(tmp_path, study=CATHOLIC_STUDY, name="hope.yaml",
                     settings="translation: {sword: KjvTest}\n")  # fmt: skip
    kjv = {k: v for k, v in CATHOLIC.items() if k[0] not in ("Tob", "Sir")}
    write_module(folder / "sword", "KjvTest", kjv, conf="Description=KJV Test\nAbbreviation=KT")
    code, lines = check(folder)
    assert code == 1
    for where, reference in (("4:14", "Tobit 4:15"), ("6:26", "Sirach 2:1–2")):
        assert any(
            line.startswith(f"content/hope.yaml:{where}: {reference} is not in the KJV Test (KT) "
                            "— this book is in Catholic and Orthodox Bibles")
            for line in lines
        ), (reference, lines)  # fmt: skip


def test_a_module_zip_in_the_project_is_read_without_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = catholic_project(tmp_path / "made")
    folder = project(tmp_path / "p", study=CATHOLIC_STUDY, name="hope.yaml",
                     settings="translation: ctb\n")  # fmt: skip
    (folder / "sword").mkdir()
    zip_library(made / "sword", folder / "sword" / "CathTest.zip")

    def refused(*args, **kwargs):
        raise AssertionError("a module was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "extractall", refused)
    monkeypatch.setattr(zipfile.ZipFile, "extract", refused)
    # (and the check's job may write nothing at all: its jail refuses a temporary folder)
    before = {p for p in folder.rglob("*")}
    code, output = build(folder)
    assert code == 0, output
    assert "What you hate, do not do to anyone." in pdf_text(folder)
    assert {p for p in folder.rglob("*") if "output" not in p.parts} == before


def test_a_module_is_found_by_name_or_abbreviation_in_any_case(tmp_path: Path) -> None:
    folder = catholic_project(tmp_path)
    for setting in ("cathtest", "CTB", "ctb", "{sword: CATHTEST}", "{bible: ctb}"):
        (folder / "studybook.yaml").write_text(f"translation: {setting}\n", encoding="utf-8")
        code, lines = check(folder)
        assert code == 0, (setting, lines)
        bible = "content/hope.yaml: Bible: Catholic Test Bible (CTB), the SWORD module CathTest"
        assert f"{bible} in sword: public domain" in lines, (setting, lines)
    code, lines = check(folder, "--translation", "Ctb")
    assert code == 0, lines


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("translation: cathtst\n", "unknown translation 'cathtst' — did you mean CathTest?"),
        ("translation: {sword: CTB}\n",
         "no SWORD Bible module named 'CTB' is installed — did you mean CTB?"),
        ("translation: rv1909\n", "unknown translation 'rv1909' — install its SWORD module with: "
                                  "apt-get install sword-text-sparv"),
        ("translation: {sword: CathTest, file: x.usfm}\n",
         "the translation has both `sword:` and `file:`"),
        ("translation: {sword: CathTest, notice: mine}\n",
         "a SWORD module's copyright line comes from its .conf, not `notice:` — remove"),
        ("translation: same\n", "'same' is the abbreviation of One and Two — name one: "
                                "translation: {sword: One}"),
    ],
)  # fmt: skip
def test_a_module_that_cannot_be_chosen_is_a_problem_at_the_setting(
    tmp_path: Path, setting: str, message: str
) -> None:
    folder = catholic_project(tmp_path, settings=setting)
    for name in ("One", "Two"):
        write_module(
            folder / "sword", name, {("John", 3, 16): "For God."}, conf="Abbreviation=Same"
        )
    code, lines = check(folder)
    assert code == 1
    assert any(line.startswith(f"studybook.yaml:1:1: {message}") for line in lines), lines


COPYRIGHTED = "DistributionLicense=Copyrighted; Free non-commercial distribution\n"
COPYRIGHTED += "ShortCopyright=© 2020 Test Publishers\n"


def test_a_copyrighted_module_prints_only_when_the_settings_acknowledge_it(
    tmp_path: Path,
) -> None:
    folder = catholic_project(tmp_path)
    conf = "Description=Catholic Test Bible\nAbbreviation=CTB\n" + COPYRIGHTED
    write_module(folder / "sword", "CathTest", CATHOLIC, versification="Catholic", conf=conf)
    code, lines = check(folder)
    assert code == 1
    assert (
        "studybook.yaml:1:1: the SWORD module CathTest in sword is not in the public domain: "
        "Copyrighted; Free non-commercial distribution — if your church may print it, add "
        "`licensed: true` under `translation:` (© 2020 Test Publishers. Copyrighted; Free "
        "non-commercial distribution.)"
    ) in lines
    settings = "translation: {sword: CathTest, licensed: true}\n"
    (folder / "studybook.yaml").write_text(settings, encoding="utf-8")
    code, lines = check(folder)
    assert code == 0, lines
    assert (
        "content/hope.yaml: Bible: Catholic Test Bible (CTB), the SWORD module CathTest in "
        "sword: Copyrighted; Free non-commercial distribution, licensed"
    ) in lines
    code, output = build(folder)
    assert code == 0, output
    text = pdf_text(folder)
    notice = "© 2020 Test Publishers. Copyrighted; Free non-commercial distribution."
    assert f"from the Catholic Test Bible (CTB). {notice}" in text  # the appendix
    assert f"is from the Catholic Test Bible. {notice}" in text  # the back cover


def test_a_copyrighted_module_is_never_chosen_for_a_studys_language(tmp_path: Path) -> None:
    folder = project(tmp_path, study=SPANISH_YAML, name="s.yaml")
    write_module(folder / "sword", "SpaTest", {("Isa", 42, 1): "He aquí mi siervo."},
                 conf="Lang=es\nDescription=Biblia de Prueba\n" + COPYRIGHTED)  # fmt: skip
    code, lines = check(folder)
    assert code == 0
    assert (
        "content/s.yaml:2:11: warning: this study is in Spanish, and its Bible verses would "
        "print in English, from the World English Bible (WEB) — the Biblia de Prueba (SpaTest) "
        "is installed, but not in the public domain: if your church may print it, add "
        "`licensed: true` under `translation:`, as translation: {sword: SpaTest, licensed: true}"
    ) in lines


def test_a_module_in_sword_path_is_found_and_its_arrival_changes_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project(tmp_path / "p", study=SPANISH_YAML, name="s.yaml")
    monkeypatch.setenv("SWORD_PATH", str(tmp_path / "library"))
    code, output = build(folder)
    assert code == 0 and "warning: this study is in Spanish" in output
    write_module(tmp_path / "library", "SpaTest",
                 {("Isa", 42, v): f"He aquí mi siervo {v}." for v in range(1, 5)},
                 conf="Lang=es\nDescription=Biblia de Prueba")  # fmt: skip
    code, output = build(folder)
    assert code == 0 and "up to date" not in output and "warning" not in output, output
    assert "He aquí mi siervo 4." in pdf_text(folder)


# --- what a module's versification and markup say ------------------------------------------


def verses_of(bible, reference: str) -> list[tuple[int, int]]:
    ranges = Reader("en").field(reference).references[0].ranges
    return [(v.chapter, v.verse) for r in ranges for v in passage(r, bible) if v.text]


def test_the_modules_versification_decides_what_a_chapter_holds(tmp_path: Path) -> None:
    daniel = {("Dan", 3, v): f"Daniel three {v}." for v in range(1, 101)}
    malachi = {("Mal", 3, v): f"Malachi three {v}." for v in range(1, 25)}
    write_module(tmp_path / "c" / "sword", "Cath", {**daniel, **malachi}, versification="Catholic")
    kjv_daniel = {("Dan", 3, v): f"Daniel three {v}." for v in range(1, 31)}
    kjv_malachi = {("Mal", c, v): f"Malachi {c} {v}." for c, n in ((3, 18), (4, 6))
                   for v in range(1, n + 1)}  # fmt: skip
    write_module(tmp_path / "k" / "sword", "Kjv", {**kjv_daniel, **kjv_malachi})
    catholic = read_bible(find_modules(tmp_path / "c").modules[0])
    assert catholic.versification == "catholic"
    kjv = read_bible(find_modules(tmp_path / "k").modules[0])
    assert len(verses_of(catholic, "Daniel 3")) == 100 and len(verses_of(kjv, "Daniel 3")) == 30
    assert verses_of(catholic, "Malachi 3")[-1] == (3, 24)
    assert verses_of(kjv, "Malachi 3")[-1] == (3, 18) and verses_of(kjv, "Malachi 4") != []
    assert catholic.last_verse(Book.MALACHI, 4) is None


def test_relative_references_count_from_the_study_as_with_any_translation(
    tmp_path: Path,
) -> None:
    study = CATHOLIC_STUDY.replace("Matthew 5:9.", "Matthew 5:9. Then Tobit 12:8 and v. 15.")
    folder = project(tmp_path, study=study, name="hope.yaml",
                     settings="translation: {sword: CathTest}\n")  # fmt: skip
    tobit = {("Tob", 12, v): f"Tobit twelve {v}." for v in range(1, 23)}
    write_module(folder / "sword", "CathTest", {**CATHOLIC, **tobit}, versification="Catholic")
    code, lines = check(folder, "--references")
    assert code == 0, lines
    expected = ': v. 15 → Tobit 12:15 (1 verse; book and chapter from "Tobit 12:8" before it)'
    assert any(line.endswith(expected) for line in lines), lines
    code, output = build(folder)
    assert code == 0 and "Tobit twelve 15." in pdf_text(folder), output


def test_a_bible_in_letters_the_fonts_lack_is_a_problem_at_the_reference(tmp_path: Path) -> None:
    folder = project(tmp_path, study=ENGLISH, name="h.yaml", settings="translation: heb\n")
    write_module(folder / "sword", "Heb", {("Exod", 32, 32): "וְעַתָּה אִם־תִּשָּׂא חַטָּאתָם"},
                 conf="Lang=en")  # fmt: skip
    code, lines = check(folder)
    assert code == 1
    assert any(
        line.startswith("content/h.yaml:4:14: Exodus 32:32 in the Heb (Heb): studybook's fonts "
                        "cannot print 'ו' (U+05D5)")
        for line in lines
    ), lines  # fmt: skip
