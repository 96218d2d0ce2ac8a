"""The church's own translation: a USFM Bible in the project, with its name and notice,
printed in the appendix; what it lacks is an error at the reference; hostile files are
refused with the line; nothing from it is kept outside the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.scripture.canon import Book
from studybook.scripture.usfm import USFMError, read_usfm

from .conftest import bible_project, build, squash
from .pdftext import page_texts

NOTICE = "Texto de prueba de la Reina-Valera 1909; aviso inventado para las pruebas 4417."
SETTINGS = f"""\
translation:
  file: bibles/rvr1909
  name: Reina-Valera 1909
  abbreviation: RVR1909
  notice: "{NOTICE}"
"""
STUDY = """\
title: El amor que no se rinde
subtitle: ¿Qué significa amar como Dios ama?
language: es
sessions:
  - title: Dios amó al mundo
    key_verse:
      verse: Juan 3:16
      text: Porque de tal manera amó Dios al mundo.
      translation: RVR1909
    blocks:
      - part: Leemos juntos
        blocks:
          - paragraph: "¡Qué pasaje! Leamos 1 Co 13:4-7 y después el Sal 23, como un niño."
          - question: ¿Qué nos enseña la caridad sobre la señal del amor de Dios?
            lines: 3
"""


def project(folder: Path, study: str = STUDY, settings: str = SETTINGS) -> Path:
    return bible_project(folder, "amor.yaml", study, settings, "rvr1909")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = project(tmp_path_factory.mktemp("own"))
    code, output = build(folder)
    assert code == 0, output
    pdfs = {p.stem.rsplit("-", 1)[-1]: p for p in (folder / "output").rglob("*.pdf")}
    return folder, {edition: squash(" ".join(page_texts(pdf))) for edition, pdf in pdfs.items()}


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_the_appendix_prints_the_churchs_text_and_notice(spanish, edition: str) -> None:
    _, texts = spanish
    appendix = texts[edition].split("Juan 3:16", 2)[-1]  # after the key verse's own mention
    for label, words in (
        ("Salmo 23", "es mi pastor; nada me faltará."),
        ("Salmo 23", "Y en la casa de Jehová moraré por largos días."),
        ("Juan 3:16", "Porque de tal manera amó Dios al mundo, que ha dado á su Hijo unigénito"),
        ("1 Corintios 13:4–7", "La caridad es sufrida, es benigna"),
        ("1 Corintios 13:4–7", "Todo lo sufre, todo lo cree, todo lo espera, todo lo soporta."),
    ):
        assert label in texts[edition] and words in texts[edition], (label, words)
    assert "Reina-Valera 1909 (RVR1909)" in texts[edition]
    assert NOTICE in texts[edition]
    assert "nota de prueba" not in appendix  # footnotes are not verse text
    assert "Jesús y Nicodemo" not in texts[edition]  # nor are headings
    assert "World English Bible" not in texts[edition]


def test_nothing_from_the_file_is_kept_outside_the_project(spanish) -> None:
    folder, _ = spanish
    manifest = (folder / "output" / ".studybook-cache.json").read_text(encoding="utf-8")
    assert "caridad" not in manifest and "inventado" not in manifest  # digests only
    written = [p for p in (folder / "output").rglob("*") if p.is_file()]
    # The PDFs, the cache's digests and the laid-out parts, all inside the project's output/.
    assert {p.suffix for p in written} <= {".pdf", ".json", ".lock", ".part"}, written


def test_an_unchanged_build_is_skipped_and_a_changed_file_rebuilds(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert build(folder, "--edition", "participant")[0] == 0
    assert "up to date" in build(folder, "--edition", "participant")[1]
    psalm = folder / "bibles" / "rvr1909" / "19PSA.usfm"
    psalm.write_text(psalm.read_text(encoding="utf-8").replace("pastor", "Pastor"), "utf-8")
    code, output = build(folder, "--edition", "participant")
    assert code == 0 and "up to date" not in output
    text = " ".join(page_texts(next((folder / "output").rglob("*.pdf"))))
    assert "es mi Pastor" in text


@pytest.mark.parametrize(
    ("cited", "message"),
    [
        (
            "Juan 3:19",
            "amor.yaml:7:14: Juan 3:19 is not in the Reina-Valera 1909 (RVR1909) — add it to "
            "bibles/rvr1909, or cite another passage",
        ),
        (
            "Juan 3:16-20",
            "amor.yaml:7:14: Juan 3:16–20: Juan 3:19 is not in bibles/rvr1909 — add the verse "
            "to the file, or cite only the verses it has",
        ),
        (
            "Génesis 1:1",
            "amor.yaml:7:14: Génesis 1:1 is not in the Reina-Valera 1909 (RVR1909) — add it to "
            "bibles/rvr1909, or cite another passage",
        ),
    ],
)
def test_a_verse_the_file_lacks_is_an_error_at_the_reference(
    tmp_path: Path, cited: str, message: str
) -> None:
    folder = project(tmp_path, STUDY.replace("verse: Juan 3:16", f"verse: {cited}"))
    code, output = build(folder)
    assert code == 1
    assert message in output.replace(str(folder / "content") + "/", "")
    assert not list(folder.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "translation: {file: bibles/rvr1909, name: RVR}\n",
            "studybook.yaml:1:1: the translation needs `abbreviation:`, `notice:` — give the "
            "USFM file and the name, abbreviation and notice its licence asks for",
        ),
        (
            "translation: {file: bibles/none.usfm, name: R, abbreviation: R, notice: N}\n",
            "studybook.yaml:1:1: bibles/none.usfm: file not found — check the name and folder",
        ),
        (
            "translation: {file: ../outside.usfm, name: R, abbreviation: R, notice: N}\n",
            "studybook.yaml:1:1: ../outside.usfm: links to a file outside the project",
        ),
        (
            "translation: {file: bibles/rvr1909, bible: kjv}\n",
            "studybook.yaml:1:1: the translation has both `bible:` and `file:`",
        ),
        (
            "translation: darby\n",
            "studybook.yaml:1:1: unknown translation 'darby' — did you mean dar?",
        ),
    ],
)
def test_translation_settings_are_checked(tmp_path: Path, settings: str, message: str) -> None:
    folder = project(tmp_path / "p", settings=settings)
    (tmp_path / "outside.usfm").write_text("\\id JHN\n\\c 1\n\\v 1 x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(folder / "content")])
    assert result.exit_code == 1
    lines = [line.replace(f"{folder}/", "") for line in result.output.splitlines()]
    assert any(line.startswith(message) for line in lines), lines


def test_a_missing_package_names_the_command_that_installs_it(
    monkeypatch, tmp_path, jobs_see_patches
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pythonbible_dr" else real(name, *a),
    )
    folder = project(tmp_path, settings="translation: dr\n")
    result = CliRunner().invoke(main, ["check", str(folder / "content")])
    assert result.exit_code == 1
    assert (
        "studybook.yaml:1:1: the Douay-Rheims Bible (DRA) is not installed — install it "
        "with: pip install pythonbible-dr"
    ) in result.output.replace(f"{folder}/", "")
    result = CliRunner().invoke(main, ["check", str(folder / "content"), "--translation", "dr"])
    assert "--translation: the Douay-Rheims Bible (DRA) is not installed" in result.output


@pytest.mark.parametrize(
    ("usfm", "line", "message"),
    [
        ("\\c 1\n\\v 1 x\n", 1, "a chapter before any book"),
        ("\\id JHN\n\\v 1 x\n", 2, "verse 1 before any chapter"),
        ("\\id JHN\n\\c 1\n\\v 1 x \\f + \\ft note\n\\v 2 y\n", 4, "\\f is not closed before \\v"),
        ("\\id JHN\n\\c 1\n\\v 1 x \\f + \\ft note\n", 4, "\\f is never closed"),
        ("\\id JHN\n\\c 1\n\\v 1 x\n\\v 1 y\n", 4, "verse 1:1 appears twice"),
        ("\\id JHN\n\\c 1\n\\v one x\n", 3, "\\v without a number"),
        ("\\id JHN\n\\c 1\n\\v 3-2 x\n", 3, "\\v 3-2 runs backwards"),
        ("\\id XYZ\n", 1, "unknown book code XYZ"),
        ("\\id JHN\n\\c 1\n\\v 1 a \\bogus b\n", 3, "unknown marker \\bogus"),
        ("\\id JHN\n\\c 1\n\\v 1 a \\ft b\n", 3, "\\ft outside a footnote"),
        ("\\id JHN\n\\c 1\n\\v 1 a\\wj*\n", 3, "\\wj* closes nothing that is open"),
        ("\\id JHN\n\\c 1\n\\p\n", 4, "no verses in this file"),
        ("\\id JHN\n\\c 1\n\\v 1 a\n\\id JHN\n", 4, "the book JHN appears twice"),
    ],
)
def test_the_reader_is_strict_and_names_the_line(usfm: str, line: int, message: str) -> None:
    with pytest.raises(USFMError) as error:
        read_usfm(usfm)
    assert (error.value.line, error.value.message) == (line, message)


def test_joined_verses_and_usfm_text_features() -> None:
    verses, joined = read_usfm(
        "\ufeff\\id JHN test\n\\c 1\n\\p\n\\v 1-2 Uno y\n\\q1 dos~juntos // aquí"
        ' \\w gracia|lemma="gracia"\\w* \\+wj nested\\+wj*.\n\\v 3 \\va 4\\va* Tres\\zx zz\n'
        "\\v 4 Cuatro \\x - \\xo 1:4 \\xt Gn 1:1\\x*fin.\n"
    )
    assert verses[(Book.JOHN, 1, 1)] == "Uno y dos\u00a0juntos aquí gracia nested."
    assert (Book.JOHN, 1, 2) in joined and verses[(Book.JOHN, 1, 3)] == "Tres"
    assert verses[(Book.JOHN, 1, 4)] == "Cuatro fin."


def test_deuterocanonical_books_are_read_under_their_codes() -> None:
    """A Catholic Bible's books are kept (Greek Esther with its published chapter letter and
    a quotation marked up); books no study can cite (Daniel in Greek) are read and left."""
    verses, _ = read_usfm(
        "\\id ESG\n\\c 11\n\\cp A\n\\p\n\\v 2 \\vp 1a\\vp* In the \\qt second\\qt* year.\n"
        "\\id SIR\n\\c 2\n\\p\n\\v 1 My child.\n\\id DAG\n\\c 13\n\\p\n\\v 1 Susanna.\n"
        "\\id 1MA\n\\c 2\n\\q1\n\\v 49 \\sig Mattathias\\sig* said.\n"
    )
    assert verses == {
        (Book.ESTHER_GREEK, 11, 2): "In the second year.",
        (Book.SIRACH, 2, 1): "My child.",
        (Book.MACCABEES_1, 2, 49): "Mattathias said.",
    }


def test_a_whole_bible_reads_in_bounded_time_and_a_hostile_file_is_refused(tmp_path) -> None:
    """A file past the size limit is refused before it is read; deep nesting of character
    markers cannot recurse, since the reader keeps no stack."""
    nested = "\\id JHN\n\\c 1\n\\v 1 " + "\\+wj " * 200_000 + "a\n"
    verses, _ = read_usfm(nested)
    assert len(verses) == 1
    folder = project(tmp_path, settings=SETTINGS.replace("bibles/rvr1909", "bibles/huge.usfm"))
    with (folder / "bibles" / "huge.usfm").open("w") as stream:
        stream.truncate(40 * 1024 * 1024)
    result = CliRunner().invoke(main, ["check", str(folder / "content")])
    assert result.exit_code == 1
    assert "bibles/huge.usfm: the file is 41,943,040 bytes, more than the 16,777,216 allowed" in (
        result.output
    )
