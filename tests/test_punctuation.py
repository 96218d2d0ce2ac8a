"""Smart punctuation: each language's quotes, apostrophes, dashes and ellipsis in the study's
own words, on by default and off with a setting; scripture from the translation untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.render.punctuation import smart_punctuation

from .conftest import build
from .pdftext import key, page_texts

NARROW = "\u202f"


@pytest.mark.parametrize(
    ("language", "typed", "printed"),
    [
        ("en", 'He said "blot me out" -- and meant it...', "He said “blot me out” — and meant it…"),
        ("en", "Moses' prayer for others' sake", "Moses’ prayer for others’ sake"),
        ("en", "He said, 'It's mine,' in the '90s", "He said, ‘It’s mine,’ in the ’90s"),
        ("en", "'Tis so", "’Tis so"),
        ("en", '"*Father*, forgive them," he said', "“*Father*, forgive them,” he said"),
        ("en", '("quoted") and [[a "blank"]]', "(“quoted”) and [[a “blank”]]"),
        ("en", "pages 10--12, 1990---2000", "pages 10–12, 1990—2000"),
        ("en", "Israel - the people", "Israel – the people"),
        ("es", "Dijo \"sí\" y 'no' -- luego...", "Dijo «sí» y “no” — luego…"),
        ("es", "Exodus 32:32-style", "Exodus 32:32-style"),
        ("pt", "Ele disse \"sim\" e 'não'", "Ele disse “sim” e ‘não’"),
        ("pt-PT", 'Ele disse "sim"', "Ele disse «sim»"),
        (
            "fr",
            'Il a dit "oui" ; puis: "non"! Pourquoi?',
            "Il a dit «_oui_»_; puis_: «_non_»_! Pourquoi_?".replace("_", NARROW),
        ),
        ("fr", "l'homme -- « déjà » vu", f"l’homme – «{NARROW}déjà{NARROW}» vu"),
        ("fr", "Jean 3:16 à 19:30, https://example.org", "Jean 3:16 à 19:30, https://example.org"),
        ("de", "Er sagte \"ja\" und 'nein' -- gut", "Er sagte „ja“ und ‚nein‘ – gut"),
        ("de_CH", 'Er sagte "ja"', "Er sagte «ja»"),
        ("it", 'l\'uomo "disse" -- poi...', 'l’uomo "disse" — poi…'),  # quotes unknown: kept
    ],
)
def test_each_language_prints_its_own_punctuation(language: str, typed: str, printed: str) -> None:
    assert smart_punctuation(typed, language) == printed


STUDY = """\
title: "Moses' \\"Blot Me Out\\" Prayer"
language: {language}
sessions:
  - title: "Others' forgiveness -- today"
    blocks:
      - paragraph: 'He said "forgive them" -- and waited...'
      - verse: {verse}
      - question: "What's Moses' point?"
"""


def _build(tmp_path: Path, language: str = "en", settings: str = "") -> tuple[str, str]:
    (tmp_path / "content").mkdir()
    verse = "Exode 32:32" if language == "fr" else "Exodus 32:32"
    (tmp_path / "content" / "s.yaml").write_text(STUDY.format(language=language, verse=verse))
    if settings:
        (tmp_path / "studybook.yaml").write_text(settings)
    code, output = build(tmp_path, "--edition", "participant")
    assert code == 0, output
    pages = page_texts(tmp_path / "output/s/s-participant.pdf")
    cover = re.sub(r" ?\r\n", " ", pages[0])  # lines joined, narrow spaces kept
    return key("".join(pages[2:])), cover


def test_the_study_prints_smart_punctuation_and_the_translation_its_own(tmp_path: Path) -> None:
    text, cover = _build(tmp_path)
    assert key("Moses’ “Blot Me Out” Prayer") in key(cover)
    assert key("Others’ forgiveness — today") in text  # the session heading
    assert key("He said “forgive them” — and waited…") in text
    assert key("What’s Moses’ point?") in text
    # The WEB's own words of Exodus 32:32, as the translation prints them.
    assert key("“Yet now, if you will, forgive their sin—and if not") in text
    assert '"' not in text and "'" not in text and "--" not in text and "..." not in text


def test_french_study_gets_guillemets_and_narrow_spaces(tmp_path: Path) -> None:
    _, cover = _build(tmp_path, "fr")
    assert f"Moses’ «{NARROW}Blot Me Out{NARROW}» Prayer" in cover


def test_smart_punctuation_can_be_turned_off(tmp_path: Path) -> None:
    text, _ = _build(tmp_path, settings="smart_punctuation: false\n")
    assert key('He said "forgive them" -- and waited...') in text
    assert key("What's Moses' point?") in text


def test_the_setting_is_in_the_config_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "config"])
    assert result.exit_code == 0, result.output
    properties = json.loads(result.output)["properties"]
    assert properties["smart_punctuation"]["anyOf"][0]["type"] == "boolean"
    assert set(properties["cover"]["anyOf"][0]["enum"]) == {"classic", "band", "frame"}
    assert properties["pdf_x"]["anyOf"][0]["type"] == "boolean"


@pytest.mark.parametrize(
    ("language", "printed"),
    [("en", "“Love is patient.”"), ("es", "«Love is patient.»"), ("de", "„Love is patient.“"),
     ("fr", f"«{NARROW}Love is patient.{NARROW}»"), ("it", "“Love is patient.”")],
)  # fmt: skip
def test_the_layouts_quote_in_the_studys_language(
    tmp_path: Path, language: str, printed: str
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "s.yaml").write_text(
        f"title: T\nlanguage: {language}\nsessions:\n  - blocks:\n      - quote: Love is patient.\n"
    )
    code, output = build(tmp_path, "--edition", "participant")
    assert code == 0, output
    text = "".join(page_texts(tmp_path / "output/s/s-participant.pdf"))
    assert key(printed) in key(text)
    assert printed[:2] in text and printed[-2:] in text  # French spacing inside the marks
