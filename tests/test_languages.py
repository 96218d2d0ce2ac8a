"""References in Spanish, Portuguese, French and German studies: each language's own book
names, abbreviations and ways of writing chapter and verse, labels in that language, and
ordinary sentences of each language left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.scripture import Reader, Scan
from studybook.scripture.canon import Book
from studybook.scripture.names import languages, names_for

B = Book
CANON = {b for b in Book if b.value <= Book.REVELATION.value}
CATHOLIC = {
    Book[k] for k in ["TOBIT", "JUDITH", "WISDOM", "SIRACH", "BARUCH", "MACCABEES_1", "MACCABEES_2"]
}


def test_every_language_has_a_table_naming_every_book() -> None:
    assert languages() == ["de", "en", "es", "fr", "pt"]
    for code in languages():
        names = names_for(code)
        assert names.code == code
        assert set(names.books) >= CANON | CATHOLIC
        for book in names.books:  # each printed name reads back as its book
            (reference,) = Reader(code).field(f"{names.name(book)} 1").references
            assert reference.ranges[0].book is book, (code, book)


# (language, as written, the verses, the label in the study's language)
READ = [
    ("es", "Éxodo 32:32", (B.EXODUS, 32, 32, 32, 32), "Éxodo 32:32"),
    ("es", "Exodo 32:32", (B.EXODUS, 32, 32, 32, 32), "Éxodo 32:32"),
    ("es", "Juan 3:16", (B.JOHN, 3, 16, 3, 16), "Juan 3:16"),
    ("es", "1 Corintios 13:4-7", (B.CORINTHIANS_1, 13, 4, 13, 7), "1 Corintios 13:4–7"),
    ("es", "1 Co 13:4-7", (B.CORINTHIANS_1, 13, 4, 13, 7), "1 Corintios 13:4–7"),
    ("es", "Sal 23", (B.PSALMS, 23, 1, 23, 6), "Salmo 23"),
    ("es", "Hch 2:42", (B.ACTS, 2, 42, 2, 42), "Hechos 2:42"),
    ("es", "Stg 1:22", (B.JAMES, 1, 22, 1, 22), "Santiago 1:22"),
    ("es", "Primera de Juan 4:8", (B.JOHN_1, 4, 8, 4, 8), "1 Juan 4:8"),
    ("es", "1ª Juan 4:8", (B.JOHN_1, 4, 8, 4, 8), "1 Juan 4:8"),
    ("es", "Jn 3,16", (B.JOHN, 3, 16, 3, 16), "Juan 3:16"),
    ("es", "Jn 3:16s", (B.JOHN, 3, 16, 3, 17), "Juan 3:16–17"),
    ("es", "Is 53:5", (B.ISAIAH, 53, 5, 53, 5), "Isaías 53:5"),
    ("es", "Job 19:25", (B.JOB, 19, 25, 19, 25), "Job 19:25"),
    ("es", "Am 5:24", (B.AMOS, 5, 24, 5, 24), "Amós 5:24"),
    ("pt", "João 3:16", (B.JOHN, 3, 16, 3, 16), "João 3:16"),
    ("pt", "Jo 3:16", (B.JOHN, 3, 16, 3, 16), "João 3:16"),
    ("pt", "Jó 19:25", (B.JOB, 19, 25, 19, 25), "Jó 19:25"),
    ("pt", "Jn 1:17", (B.JONAH, 1, 17, 1, 17), "Jonas 1:17"),
    ("pt", "Sl 23", (B.PSALMS, 23, 1, 23, 6), "Salmo 23"),
    ("pt", "1Co 13:4-7", (B.CORINTHIANS_1, 13, 4, 13, 7), "1 Coríntios 13:4–7"),
    ("pt", "At 2:42", (B.ACTS, 2, 42, 2, 42), "Atos 2:42"),
    ("pt", "Êx 32:32", (B.EXODUS, 32, 32, 32, 32), "Êxodo 32:32"),
    ("fr", "Jean 3:16", (B.JOHN, 3, 16, 3, 16), "Jean 3:16"),
    ("fr", "Jean 3.16", (B.JOHN, 3, 16, 3, 16), "Jean 3:16"),
    ("fr", "Jn 3,16", (B.JOHN, 3, 16, 3, 16), "Jean 3:16"),
    ("fr", "1 Co 13:4-7", (B.CORINTHIANS_1, 13, 4, 13, 7), "1 Corinthiens 13:4–7"),
    ("fr", "1re Jean 4:8", (B.JOHN_1, 4, 8, 4, 8), "1 Jean 4:8"),
    ("fr", "Ps 23", (B.PSALMS, 23, 1, 23, 6), "Psaume 23"),
    ("fr", "Es 53:5", (B.ISAIAH, 53, 5, 53, 5), "Ésaïe 53:5"),
    ("fr", "Jude 3", (B.JUDE, 1, 3, 1, 3), "Jude 3"),
    ("de", "Johannes 3,16", (B.JOHN, 3, 16, 3, 16), "Johannes 3,16"),
    ("de", "Joh 3,16-18", (B.JOHN, 3, 16, 3, 18), "Johannes 3,16–18"),
    ("de", "Joh 3:16", (B.JOHN, 3, 16, 3, 16), "Johannes 3,16"),
    ("de", "Joh 3,16f.", (B.JOHN, 3, 16, 3, 17), "Johannes 3,16–17"),
    ("de", "1. Mose 1,1-3", (B.GENESIS, 1, 1, 1, 3), "1. Mose 1,1–3"),
    ("de", "1Mo 3,15", (B.GENESIS, 3, 15, 3, 15), "1. Mose 3,15"),
    ("de", "Gen 3,15", (B.GENESIS, 3, 15, 3, 15), "1. Mose 3,15"),
    ("de", "5. Mose 6,4", (B.DEUTERONOMY, 6, 4, 6, 4), "5. Mose 6,4"),
    ("de", "Dtn 6,4", (B.DEUTERONOMY, 6, 4, 6, 4), "5. Mose 6,4"),
    ("de", "Ps 23", (B.PSALMS, 23, 1, 23, 6), "Psalm 23"),
    ("de", "2. Kor 5,17", (B.CORINTHIANS_2, 5, 17, 5, 17), "2. Korinther 5,17"),
    ("de", "Offb 21,1-4", (B.REVELATION, 21, 1, 21, 4), "Offenbarung 21,1–4"),
    ("de", "Mi 7,15", (B.MICAH, 7, 15, 7, 15), "Micha 7,15"),
]


@pytest.mark.parametrize(("language", "text", "verses", "label"), READ, ids=[r[1] for r in READ])
def test_references_read_in_their_language(language, text, verses, label) -> None:
    scan = Reader(language).prose(f"Leamos ({text}).")
    assert scan.findings == ()
    (reference,) = scan.references
    r = reference.ranges[0]
    assert (r.book, r.start_chapter, r.start_verse, r.end_chapter, r.end_verse) == verses
    assert reference.text == text
    assert reference.label() == label
    assert r.label(language) == label


@pytest.mark.parametrize(
    ("language", "text", "label", "verses"),
    [
        ("de", "Mt 5,3.5", "Matthäus 5,3.5", [(5, 3, 5, 3), (5, 5, 5, 5)]),
        ("de", "Röm 9,3; 10,1", "Römer 9,3; 10,1", [(9, 3, 9, 3), (10, 1, 10, 1)]),
        ("de", "Ps 23; 91", "Psalmen 23; 91", [(23, 1, 23, 6), (91, 1, 91, 16)]),
        ("de", "Jak 1,22 und 2,14", "Jakobus 1,22; 2,14", [(1, 22, 1, 22), (2, 14, 2, 14)]),
        ("es", "Mt 5,3.5", "Mateo 5:3, 5", [(5, 3, 5, 3), (5, 5, 5, 5)]),
        ("es", "Sal 23 y 24", "Salmos 23, 24", [(23, 1, 23, 6), (24, 1, 24, 10)]),
        ("es", "Romanos 9:3, 5", "Romanos 9:3, 5", [(9, 3, 9, 3), (9, 5, 9, 5)]),
        ("es", "Gén 1:1-3; 2:4", "Génesis 1:1–3; 2:4", [(1, 1, 1, 3), (2, 4, 2, 4)]),
    ],
)
def test_lists_of_verses_in_each_languages_style(language, text, label, verses) -> None:
    (reference,) = Reader(language).field(text).references
    spans = [(r.start_chapter, r.start_verse, r.end_chapter, r.end_verse) for r in reference.ranges]
    assert spans == verses
    assert reference.label() == label


def test_a_sentence_ending_after_a_reference_adds_no_verse() -> None:
    """A period separates verses only written tight ("5,3.5"), never "3:16. 17 people"."""
    (reference,) = Reader("es").prose("Lean Juan 3:16. 17 personas vinieron.").references
    assert reference.label() == "Juan 3:16"
    (reference,) = Reader("de").prose("Lest Joh 3,16. 17 Leute kamen.").references
    assert reference.label() == "Johannes 3,16"


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        (
            "es",
            "Lean John 3:16 juntos.",
            '"John" is the English name of a book, and this study is in Spanish — write "Juan"',
        ),
        (
            "es",
            "(Matthew 5:3)",
            '"Matthew" is the English name of a book, and this study is in Spanish — write "Mateo"',
        ),
        (
            "de",
            "Siehe John 3:16.",
            '"John" is the English name of a book, and this study is in German — write "Johannes"',
        ),
        (
            "en",
            "Read Johannes 3:16.",
            '"Johannes" is the German name of a book, and this study is in English — write "John"',
        ),
        (
            "pt",
            "Leia Jn 3:16.",
            "Jonas 3 has 10 verses, not 16 — check the verse number",
        ),
    ],
)
def test_another_languages_names_are_errors_at_their_position(language, text, message) -> None:
    """English names are never silently read in a Spanish study: they are errors that say
    the study's word (and "Jn", Jonah in Portuguese, is checked as Jonah)."""
    scan = Reader(language).prose(text)
    assert scan.references == ()
    (finding,) = scan.findings
    assert (finding.message, finding.warning) == (message, False)
    assert text[finding.start :].startswith(finding.text.split()[0])


# Ordinary sentences of each language that hold numbers and words that are also
# abbreviations: none of them is scripture, and none is worth a warning.
PROSE = {
    "en": [  # other languages' book names are people's names too
        "Meet Lucas 7:30 pm at the side door.",
        "Juan and Marcos bring the snacks; Jean leads the singing.",
        "Johannes arrives at 7:30.",
    ],
    "es": [
        "He leído 3 capítulos esta semana.",
        "Mi casa está a 2 kilómetros de la iglesia.",
        "Dan 5 pesos por persona para la cena.",
        "Os lo digo 3 veces: vengan temprano.",
        "Mal 2 veces nos equivocamos de sala.",
        "Col 2 kilos de arroz para la comida.",
        "Nos reunimos el Sábado 7:30 en la Sala 3:15 no.",
        "Cantamos los versículos 1 y 2 del himno.",
        "La reunión empieza a las 19:30 horas.",
        "Sal 2 veces a caminar y ora por tus vecinos.",
        "Juan dijo que vendría, y Marcos también.",
    ],
    "pt": [
        "Os 12 apóstolos seguiram Jesus.",
        "Na 2ª feira nos reunimos às 19:30.",
        "At 3 pessoas por mesa, por favor.",
        "Cantamos os versos 1 e 2 do hino.",
        "João disse que viria com Marcos.",
        "A reunião começa às 19:30 horas.",
    ],
    "fr": [
        "Es-tu prêt ? Ne 3 fois pas oublier.",
        "Rendez-vous à 19:30 dans la salle 2.",
        "Col 2 du Tourmalet, étape 3.",
        "Chantons les versets 1 et 2 du cantique.",
        "Jean est venu avec Marc et Luc.",
        "Os 2 fois cassé, il marche encore.",
    ],
    "de": [
        "Am 3. Mai treffen wir uns um 19:30 Uhr.",
        "Mi 19:30 Bibelkreis im Gemeindehaus.",
        "Mo 19:30 Hauskreis, Do 20:00 Gebet.",
        "Hab 3 Fragen zum Text mitgebracht.",
        "Mal 2 Stunden, mal 3 Stunden.",
        "Wir singen die Strophen 1 und 2 des Liedes.",
        "Bar 20 Euro für das Essen mitbringen.",
        "Johannes und Markus kommen auch.",
    ],
}


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, texts in PROSE.items() for text in texts]
)
def test_ordinary_sentences_stay_prose(language: str, text: str) -> None:
    assert Reader(language).prose(text) == Reader(language).prose("")


def test_relative_references_and_warnings_speak_the_studys_style() -> None:
    reader = Reader("de")
    scan = reader.prose("Lest Joh 3,1-21. Achtet auf V. 16.")
    assert [r.label() for r in scan.references] == ["Johannes 3,1–21", "Johannes 3,16"]
    scan = Reader("de").prose("Hebr 11,1-3; 6")
    (warning,) = scan.findings
    assert warning.warning
    assert warning.message == (
        '"6" after a semicolon could mean Hebräer 11,6 or Hebräer 6; the appendix has '
        'Hebräer 11,6 — write "Hebr 11,1-3.6" for the verse or "Hebr 11,1-3; Hebräer 6" '
        "for the chapter"
    )
    (error,) = Reader("es").prose("Éxodo 45:1").findings
    assert error.message == "Éxodo has 40 chapters, not 45 — check the chapter number"


SPANISH_STUDY = """\
title: El amor que no se rinde
language: es
sessions:
  - passage: Juan 3:16
    blocks:
      - paragraph: Leamos 1 Co 13:4-7 y después el Sal 23, despacio.
      - paragraph: Notad el v. 4 (véase también Hch 2:42).
"""


def test_check_references_lists_a_spanish_study_in_spanish(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "amor.yaml").write_text(SPANISH_STUDY, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--references", str(tmp_path / "content")])
    assert result.exit_code == 0, result.output
    where = f"{tmp_path / 'content' / 'amor.yaml'}"
    lines = [line.replace(where, "amor.yaml") for line in result.output.splitlines()]
    assert lines[:5] == [
        "amor.yaml:4:14: Juan 3:16 → Juan 3:16 (1 verse)",
        "amor.yaml:6:27: 1 Co 13:4-7 → 1 Corintios 13:4–7 (4 verses)",
        "amor.yaml:6:52: Sal 23 → Salmo 23 (6 verses)",
        "amor.yaml:7:29: v. 4 → Juan 3:4 (1 verse; book and chapter from the session's "
        "passage, Juan 3:16)",
        "amor.yaml:7:49: Hch 2:42 → Hechos 2:42 (1 verse)",
    ]
    # The verse number sits in another paragraph than the psalm: both readings are named.
    assert (
        'amor.yaml:7:29: warning: "v. 4" could mean Juan 3:4 (book and chapter from the '
        'session\'s passage, Juan 3:16) or Salmo 23:4 (book and chapter from "Sal 23" before '
        "it, in another question); the appendix has Juan 3:4" in "\n".join(lines)
    )
    assert lines[-1] == "ok — 1 study, 1 session, 2 warnings"


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("es", "Eclo 3:4", "Eclesiástico"),
        ("es", "Tob 4:15", "Tobías"),
        ("pt", "1 Macabeus 2:1", "1 Macabeus"),
        ("fr", "Sagesse 3:1", "Sagesse"),
        ("de", "Sir 3,4", "Jesus Sirach"),
        ("de", "Jdt 8,1", "Judit"),
        ("es", "Sus 1:45", "Susana"),
        ("fr", "Lettre de Jérémie 1:3", "Lettre de Jérémie"),
        ("de", "3. Makk 1,1", "3. Makkabäer"),
        ("pt", "Bel 1:3", "Bel e o Dragão"),
        ("es", "2 Esdras 3:1", "2 Esdras"),  # never Ezra 3:1, as "Esdras 3:1" is
        ("de", "3. Esra 1,1", "3. Esra"),
    ],
)
def test_deuterocanonical_books_are_named_in_every_language(language, text, name) -> None:
    """Read, and labelled with the language's name, never as another book or as prose."""
    scan = Reader(language).prose(f"({text})")
    assert scan.findings == ()
    (reference,) = scan.references
    assert reference.label().startswith(f"{name} ")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Reunión con Susana 19:30"),
        ("fr", "Suzanne 10:30 à la porte"),
        ("en", "Susanna 9:15"),
    ],
)
def test_a_name_that_is_also_a_persons_stays_prose_without_a_verse_that_exists(language, text):
    assert Reader(language).prose(text) == Scan()


def test_a_book_a_language_does_not_name_says_how_to_cite_it() -> None:
    (finding,) = Reader("de").prose("Lies 1 Esdras 3:1").findings
    assert finding.message.startswith(
        '"Esdras" is the English name of a book, and this study is in German — cite it as '
        "German Bibles number it"
    )
