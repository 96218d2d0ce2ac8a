"""Every word studybook prints on its own comes from a gettext catalog in the study's
language: the catalogs are complete and current, and a Spanish booklet has no English left."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from studybook.resources.labels import LOCALES
from studybook.scripture.canon import Book
from studybook.scripture.names import names_for

from .conftest import ROOT, SAMPLE, build
from .pdftext import page_texts

POT = LOCALES / "studybook.pot"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/studybook.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def extracted() -> set[str | tuple[str, str]]:
    """The messages in studybook's code and layouts today, as `pybabel extract` finds them."""
    method_map = [
        ("src/studybook/**.py", "python"),
        ("layouts/**.html", "jinja2"),
        ("layouts/**.css", "jinja2"),
    ]
    options = {
        "layouts/**.html": {"extensions": "jinja2.ext.i18n"},
        "layouts/**.css": {"extensions": "jinja2.ext.i18n"},
    }
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = extract_from_dir(ROOT, method_map, options, keywords=keywords)
    return {message for _, _, message, _, _ in found}


def test_the_template_holds_every_message_in_the_code_and_layouts() -> None:
    with POT.open("rb") as stream:
        template = {m.id for m in read_po(stream) if m.id}
    assert extracted() == template, "run pybabel extract (see the manual, Develop studybook)"


def test_spanish_portuguese_french_and_german_are_shipped() -> None:
    assert {p.parts[-3] for p in CATALOGS} >= {"es", "pt", "fr", "de"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_message_is_translated(path: Path) -> None:
    with path.open("rb") as stream:
        catalog = read_po(stream)
    with POT.open("rb") as stream:
        wanted = {m.id for m in read_po(stream) if m.id}
    translated = {m.id: m.string for m in catalog if m.id}
    assert set(translated) == wanted
    for message, string in translated.items():
        strings = string if isinstance(string, tuple) else (string,)
        assert all(strings), f"{path.parts[-3]} has no translation of {message!r}"
        if isinstance(message, tuple):
            assert len(strings) == catalog.num_plurals, f"{message[0]!r} lacks a plural form"
        ids = message if isinstance(message, tuple) else (message,)
        for text in strings:  # the same placeholders, so formatting cannot fail
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(" ".join(ids)))


# Whole numbers where languages' plural rules differ: 0 and 1 (French "one" holds both),
# the teens and hundreds (Slavic and Celtic rules) and whole millions (CLDR's "many" in
# Spanish, French and Portuguese since Babel 2.19).
NUMBERS = [*range(0, 1_001), 10**6, 2 * 10**6, 10**6 + 1, 10**9]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_plural_forms_follow_babels_rules(path: Path) -> None:
    """Each plural category of the language (CLDR, as Babel has it) is one form of the
    catalog, and each form is one category: whatever Babel is installed."""
    with path.open("rb") as stream:
        catalog = read_po(stream)
    category = Locale.parse(path.parts[-3]).plural_form
    form = gettext.c2py(catalog.plural_expr)
    forms: dict[str, set[int]] = {}
    for number in NUMBERS:
        forms.setdefault(category(number), set()).add(form(number))
    assert all(len(chosen) == 1 for chosen in forms.values()), forms
    assert sorted(i for chosen in forms.values() for i in chosen) == list(
        range(catalog.num_plurals)
    ), forms


# The books the sample cites: a study in another language cites them by that language's names.
SAMPLE_BOOKS = {
    "Exodus": Book.EXODUS, "Genesis": Book.GENESIS, "Ezra": Book.EZRA, "Isaiah": Book.ISAIAH,
    "James": Book.JAMES, "John": Book.JOHN, "Luke": Book.LUKE, "Romans": Book.ROMANS,
    "Timothy": Book.TIMOTHY_1,
}  # fmt: skip


def sample_in(language: str) -> str:
    """The sample study in a language: `language:` set, its references in its names, and
    its one session numbered (so that "Session 1" prints)."""
    study = SAMPLE.read_text(encoding="utf-8").replace(
        "language: en", f"language: {language}\nsession_numbers: true"
    )
    names = names_for(language)
    for english, book in SAMPLE_BOOKS.items():
        name = names.name(book)
        name = name.split(" ", 1)[-1] if book is Book.TIMOTHY_1 else name  # "1 Timothy"
        study = re.sub(rf"\b{english}\b", name, study)
    return study


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample study with `language: es`, dated, as booklets: every PDF's text."""
    project = tmp_path_factory.mktemp("es")
    (project / "content").mkdir()
    study = sample_in("es")
    (project / "content" / SAMPLE.name).write_text(study, encoding="utf-8")
    (project / "studybook.yaml").write_text("start: 2027-01-13\ntime: '19:00'\nleader: Ana\n")
    code, output = build(project, "--booklet")
    assert code == 0, output
    assert "Ponga 3 hojas de papel" in output  # the printing steps, in Spanish too
    pdfs = sorted((project / "output").rglob("*.pdf"))
    assert len(pdfs) == 4
    return {pdf.name: " ".join(" ".join(page_texts(pdf)).split()) for pdf in pdfs}


def english_labels() -> list[str]:
    """The English words of every message that Spanish says differently."""
    with (LOCALES / "es" / "LC_MESSAGES" / "studybook.po").open("rb") as stream:
        catalog = read_po(stream)
    words = []
    for message in catalog:
        if not message.id or message.id == message.string:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            words += [w.strip() for w in PLACEHOLDER.split(text) if len(w.strip()) > 3]
    return words


def test_a_spanish_booklet_has_no_english_label_left(spanish: dict[str, str]) -> None:
    content = SAMPLE.read_text(encoding="utf-8")  # the study's own words are English
    labels = [label for label in english_labels() if label not in content]
    assert "Scripture Passages" in labels and "Leader Guide" in labels
    for name, text in spanish.items():
        left = [label for label in labels if re.search(rf"\b{re.escape(label)}\b", text)]
        assert left == [], name


def test_a_spanish_booklet_speaks_spanish(spanish: dict[str, str]) -> None:
    leader = spanish["exodus-32-intercession-leader.pdf"]
    for words in ("Guía del líder", "Contenido", "Sesión 1", "El versículo clave",
                  "Plan de la sesión 1", "Pasajes bíblicos", "Líder: Ana",
                  "miércoles, 13 de enero de 2027 · 19:00", "Respuesta sugerida",
                  "La World English Bible es de dominio público."):  # fmt: skip
        assert words in leader, words
    participant = spanish["exodus-32-intercession-participant.pdf"]
    for words in ("Cuaderno del participante", "Día 1", "jueves, 14 de enero", "Nombre"):
        assert words in participant, words


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pt-BR", ["Guia do líder", "Encontro 1", "Passagens bíblicas", "quarta-feira"]),
        ("fr", ["Guide de l’animateur", "Séance 1", "Passages bibliques", "mercredi"]),
        (
            "de",
            [
                "Leitfaden für die Leitung",
                "Treffen 1",
                "Bibelstellen",
                "Mittwoch",
                "Die World English Bible ist gemeinfrei.",
                "1. Mose 18,22–33",
                "18,22",
            ],
        ),
        ("en-GB", ["Leader Guide", "Session 1", "Scripture Passages", "13 January 2027"]),
    ],
)
def test_labels_and_dates_follow_the_study_language(
    tmp_path: Path, language: str, words: list[str]
) -> None:
    (tmp_path / "content").mkdir()
    study = sample_in(language)
    (tmp_path / "content" / f"s{SAMPLE.suffix}").write_text(study, encoding="utf-8")
    (tmp_path / "studybook.yaml").write_text("start: 2027-01-13\n")
    code, output = build(tmp_path, "--edition", "leader")
    assert code == 0, output
    text = " ".join(" ".join(page_texts(tmp_path / "output" / "s" / "s-leader.pdf")).split())
    for word in words:
        assert word in text, word


def test_a_locale_setting_overrides_the_language_for_dates(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    study = sample_in("es")
    (tmp_path / "content" / f"s{SAMPLE.suffix}").write_text(study, encoding="utf-8")
    (tmp_path / "studybook.yaml").write_text("start: 2027-01-13\nlocale: en_US\n")
    code, output = build(tmp_path, "--edition", "leader")
    assert code == 0, output
    text = " ".join(page_texts(tmp_path / "output" / "s" / "s-leader.pdf"))
    assert "Wednesday, January 13, 2027" in text and "Guía del líder" in text


def test_an_unknown_language_prints_english(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE.parent, tmp_path / "content")
    sample = tmp_path / "content" / SAMPLE.name
    sample.write_text(sample.read_text(encoding="utf-8").replace("language: en", "language: la"))
    code, output = build(tmp_path, "--edition", "leader")
    assert code == 0, output
    assert "Scripture Passages" in " ".join(page_texts(next((tmp_path / "output").rglob("*.pdf"))))
