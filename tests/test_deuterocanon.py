"""A Catholic study: Tobit, Wisdom, Sirach, Baruch and 1–2 Maccabees, and Catholic numbering
(Daniel 13, Malachi 3:23), printed from a Bible that has them (the church's own USFM) in a
Catholic Bible's order, and a clear error at each reference where the translation lacks
them."""

from __future__ import annotations

from pathlib import Path

import pytest

from studybook.pipeline import documents
from studybook.scripture import Excerpt, FileTranslation, VerseRange, canon, passage
from studybook.scripture.canon import Book
from studybook.settings.config import load_settings
from studybook.study.loader import load_study

from .conftest import bible_project, build, squash
from .pdftext import page_texts

SETTINGS = """\
translation:
  file: bibles/catholic
  name: Test Catholic Bible
  abbreviation: TCB
  notice: "Made-up text for studybook's tests; notice 5521."
"""
STUDY = """\
title: Hope in Trial
subtitle: Tobit, Wisdom and the Maccabees
sessions:
  - title: Tobit's counsel
    passage: Tobit 4:3-19
    readings: [Tobit 7, Sir 2:1-11]
    blocks:
      - paragraph: >-
          Tobit ends his counsel in vv. 20-21. Compare the golden rule of Matthew 7:12
          with Tob 4:15.
      - question: What does Tobit ask of his son?
  - title: The seven brothers
    passage: 2 Maccabees 7
    readings: [1 Macc 2:49-70, Bar 3:9–4:4]
    key_verse:
      verse: Wisdom 3:1
    blocks:
      - paragraph: >-
          Susanna's prayer (Daniel 13:42-43) and Elijah's return (Malachi 3:23) close the
          session.
      - leader_note: Read Wisdom 3:1-9 aloud.
"""
# A Catholic Bible's order: Tobit, Maccabees, Wisdom, Sirach, Baruch, Daniel, Malachi, Matthew.
ORDER = [
    "Tobit 4:3–21",
    "Tobit 7",
    "1 Maccabees 2:49–70",
    "2 Maccabees 7",
    "Wisdom of Solomon 3:1–9",
    "Sirach 2:1–11",
    "Baruch 3:9–4:4",
    "Daniel 13:42–43",
    "Malachi 3:23",
    "Matthew 7:12",
]


def project(folder: Path, settings: str = SETTINGS) -> Path:
    return bible_project(folder, "hope.yaml", STUDY, settings, "catholic")


@pytest.fixture(scope="module")
def appendix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The text of each edition's appendix, built from the church's Catholic Bible."""
    folder = project(tmp_path_factory.mktemp("catholic"))
    code, output = build(folder)
    assert code == 0, output
    assert "warning" not in output, output
    texts = {}
    for pdf in (folder / "output").rglob("*.pdf"):
        text = squash(" ".join(page_texts(pdf)))
        texts[pdf.stem.rsplit("-", 1)[-1]] = text.split("close the session.", 1)[1]
    return texts


def test_the_leaders_appendix_prints_every_passage_in_a_catholic_bibles_order(appendix) -> None:
    text = appendix["leader"]
    places = [text.find(label) for label in ORDER]
    assert -1 not in places, dict(zip(ORDER, places, strict=True))
    assert places == sorted(places)
    for words in (
        "Do to no one what you yourself dislike.",  # Tobit 4:15
        "tob-4-21 in the test Bible.",  # "vv. 20-21" counted from the session's Tobit 4
        "tob-7-16 in the test Bible.",  # Tobit 7 as this Bible has it: 16 verses
        "But the souls of the just are in the hand of God",
        "My child, when you come to serve the Lord, prepare yourself for trials.",
        "1ma-2-70 in the test Bible.",
        "It happened also that seven brothers and their mother were arrested.",
        "2ma-7-42 in the test Bible.",
        "bar-3-38 in the test Bible.",
        "bar-4-4 in the test Bible.",
        "Then Susanna cried out with a loud voice",
        "Behold, I will send you Elijah the prophet",
        "Do to others whatever you would have them do to you.",
        "Made-up text for studybook's tests; notice 5521.",
    ):
        assert words in text, words
    for outside in ("tob-4-2 ", "tob-4-22", "bar-4-5 ", "sir-2-12", "heading"):
        assert outside not in text, outside


def test_the_participants_appendix_leaves_out_the_leaders_reading(appendix) -> None:
    assert "Wisdom of Solomon 3:1 " in appendix["participant"]  # the key verse only
    assert "Wisdom of Solomon 3:1–9" not in appendix["participant"]
    assert "wis-3-9 in the test Bible." not in appendix["participant"]
    assert "wis-3-9 in the test Bible." in appendix["leader"]


@pytest.mark.parametrize(
    ("translation", "name"),
    [
        ("paper: letter\n", "World English Bible (WEB)"),
        ("translation: dr\n", "Douay-Rheims Bible (DRA)"),
    ],
)
def test_a_bible_without_those_books_is_an_error_at_each_reference(
    tmp_path: Path, translation: str, name: str
) -> None:
    """The WEB has none of them; the Douay-Rheims package has Wisdom and 1 Maccabees (and
    Susanna as Daniel 13) and none of the others."""
    code, output = build(project(tmp_path, translation))
    assert code == 1
    assert "Traceback" not in output
    catholic = "this book is in Catholic and Orthodox Bibles"
    expected = [
        f"hope.yaml:5:14: Tobit 4:3–19 is not in the {name} — {catholic}",
        f"hope.yaml:6:16: Tobit 7 is not in the {name}",
        f"hope.yaml:6:25: Sirach 2:1–11 is not in the {name}",
        f"hope.yaml:9:37: Tobit 4:20–21 is not in the {name}",  # "vv. 20-21"
        f"hope.yaml:10:16: Tobit 4:15 is not in the {name}",
        f"hope.yaml:13:14: 2 Maccabees 7 is not in the {name}",
        f"hope.yaml:14:32: Baruch 3:9–4:4 is not in the {name}",
        # Malachi 3:23 of Catholic Bibles is 4:5 in these.
        f"hope.yaml:19:67: Malachi 3:23 is not in the {name}: its Malachi 3 ends at verse 18",
    ]
    web_only = [
        f"hope.yaml:14:16: 1 Maccabees 2:49–70 is not in the {name}",
        f"hope.yaml:16:14: Wisdom of Solomon 3:1 is not in the {name}",
        f"hope.yaml:19:29: Daniel 13:42–43: Daniel 13:42 is not in the {name}: its Daniel has "
        f"no chapter 13 — cite the verses as the {name[-4:-1]} numbers them",
        f"hope.yaml:21:27: Wisdom of Solomon 3:1–9 is not in the {name}",
    ]
    if "WEB" in name:
        expected += web_only
    else:
        for line in web_only:
            assert line.split(": ", 1)[1].split(" is not")[0] not in output, line
    for line in expected:
        assert line in output, (line, output)
    assert output.count(catholic) == len(expected) - 1 - ("WEB" in name)  # not Daniel, Malachi
    assert f"{len(expected)} problem(s) found" in output


def test_a_whole_chapter_is_the_chapter_as_the_translation_has_it() -> None:
    """canon.py allows Tobit 7 twenty verses (the Vulgate's numbering); a Bible whose
    chapter has 16 (the NRSV's) prints 16 and lacks nothing, but a verse cited past its end,
    or a chapter a file holds only part of, lacks the rest."""
    verses = {canon.verse_id(Book.TOBIT, 7, v): f"v{v}" for v in range(1, 17)}
    bible = FileTranslation("B", "B", "N", "b.usfm", verses)
    whole = passage(VerseRange(Book.TOBIT, 7, 1, 7, 20), bible)
    assert [v.verse for v in whole] == list(range(1, 17))
    assert [v.text for v in passage(VerseRange(Book.TOBIT, 7, 10, 7, 20), bible)][-1] == "v16"
    beyond = passage(VerseRange(Book.TOBIT, 7, 17, 7, 17), bible)
    assert [(v.verse, v.text) for v in beyond] == [(17, None)]
    written = passage(VerseRange(Book.TOBIT, 7, 1, 7, 18), bible)  # not to the chapter's end
    assert [v.text for v in written][-2:] == [None, None]
    # A file holding part of a chapter (shorter than any numbering's) lacks the rest.
    part = FileTranslation("B", "B", "N", "b.usfm", {canon.verse_id(Book.JOHN, 3, 16): "v16"})
    john = passage(VerseRange(Book.JOHN, 3, 1, 3, 36), part)
    assert len(john) == 36 and [v.verse for v in john if v.text] == [16]


def test_a_render_job_is_given_only_the_verses_the_study_cites(tmp_path: Path) -> None:
    """A job never loads or receives a whole Bible: the documents carry an excerpt that
    knows each cited verse, and the chapter ends and books the appendix asks about."""
    folder = project(tmp_path)
    loaded = load_study(folder / "content" / "hope.yaml", "hope.yaml")
    (options,) = load_settings(folder, {})
    docs = documents(loaded, ["leader", "participant"], options, folder / "output")
    translation = docs[0].options.translation
    assert isinstance(translation, Excerpt)
    cited = {v for c in loaded.citations for r in c.reference.ranges for v in r.verse_ids()}
    assert set(translation.texts) == cited
    assert translation.last_verse(Book.TOBIT, 7) == 16  # the file's, not canon.py's 20
    assert translation.has_book(Book.SIRACH) and not translation.has_book(Book.JUDITH)
    whole = options.translation
    for r in (r for c in loaded.citations for r in c.reference.ranges):
        assert passage(r, translation) == passage(r, whole)


def test_the_douay_rheims_prints_its_wisdom_and_1_maccabees(tmp_path: Path) -> None:
    study = """\
title: The Wise and the Brave
sessions:
  - title: Souls in God's hand
    passage: Wisdom 3:1-9
    readings: [Matthew 7:12, 1 Macc 2:49-70, Daniel 13:42-43]
"""
    folder = bible_project(tmp_path, "wise.yaml", study, "translation: dr\n", "catholic")
    code, output = build(folder, "--edition", "participant")
    assert code == 0, output
    (pdf,) = (folder / "output").rglob("*.pdf")
    text = squash(" ".join(page_texts(pdf))).split("Scripture Passages", 2)[-1]
    labels = ["1 Maccabees 2:49–70", "Wisdom of Solomon 3:1–9", "Daniel 13:42–43", "Matthew 7:12"]
    places = [text.find(label) for label in labels]
    assert -1 not in places and places == sorted(places), places
    assert "But the souls of the just are in the hand of God" in text
    assert "Now the days drew near that Mathathias should die" in text
    assert "Then Susanna cried out with a loud voice" in text
    assert "Douay-Rheims" in text
