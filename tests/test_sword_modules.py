"""Reading SWORD modules (scripture: library, sword, tags): every driver, compression,
block size and encoding gives the same verses; markup (OSIS, ThML, GBF) becomes clean
verse text; `.conf` files read as SWORD reads them; and a hostile module is a clear
problem naming the module, never a traceback, a hang or a read outside its library."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studybook.cli import main
from studybook.scripture import sword
from studybook.scripture.canon import Book
from studybook.scripture.library import find_modules, parse_conf
from studybook.scripture.sword import read_bible
from studybook.scripture.tags import verse_text

from .swordmodules import CATHOLIC, write_module, zip_library

EXPECTED = {
    (Book.GENESIS, 1, 1): "In the beginning God created the heavens.",
    (Book.TOBIT, 4, 15): "What you hate, do not do to anyone.",
    (Book.SIRACH, 2, 1): "My son, if you come to serve the Lord, prepare yourself for testing.",
    (Book.MATTHEW, 5, 9): "Blessed are the peacemakers.",
    (Book.JOHN, 3, 16): "For God so loved the world.",
}


def bible_in(project: Path):
    return read_bible(find_modules(project).modules[0])


@pytest.mark.parametrize(
    ("driver", "block", "compress", "encoding"),
    [
        ("zText", "BOOK", "ZIP", "utf-8"),
        ("zText", "CHAPTER", "BZIP2", "utf-8"),
        ("zText", "VERSE", "XZ", "utf-8"),
        ("zText4", "BOOK", "ZIP", "latin-1"),
        ("RawText", "BOOK", "ZIP", "utf-8"),
        ("RawText4", "BOOK", "ZIP", "latin-1"),
    ],
)
def test_every_kind_of_module_gives_the_same_verses(
    tmp_path: Path, driver: str, block: str, compress: str, encoding: str
) -> None:
    verses = {**CATHOLIC, ("Gen", 1, 2): "Über die Wasser, ça et là."}
    if encoding == "latin-1":  # a note's curly quotes are not Latin-1
        verses[("Sir", 2, 1)] = verses[("Sir", 2, 1)].replace("“ready”", "ready")
    write_module(tmp_path / "sword", "Kind", verses, versification="Catholic", driver=driver,
                 block=block, compress=compress, encoding=encoding)  # fmt: skip
    bible = bible_in(tmp_path)
    for where, text in EXPECTED.items():
        assert bible.text(*where) == text, where
    assert bible.text(Book.GENESIS, 1, 2) == "Über die Wasser, ça et là."
    assert bible.text(Book.GENESIS, 1, 3) is None and not bible.has_book(Book.EXODUS)
    assert bible.has_book(Book.TOBIT) and bible.last_verse(Book.SIRACH, 2) == 2


@pytest.mark.parametrize("driver", ["zText", "RawText"])
def test_an_unlocked_module_is_deciphered(tmp_path: Path, driver: str) -> None:
    write_module(tmp_path / "sword", "Sold", CATHOLIC, versification="Catholic",
                 driver=driver, cipher="unlock-key-1")  # fmt: skip
    bible = bible_in(tmp_path)
    for where, text in EXPECTED.items():
        assert bible.text(*where) == text, where


def test_a_module_zip_gives_the_same_verses(tmp_path: Path) -> None:
    write_module(tmp_path / "made", "Zipped", CATHOLIC, versification="Catholic")
    (tmp_path / "p" / "sword").mkdir(parents=True)
    zip_library(tmp_path / "made", tmp_path / "p" / "sword" / "zipped.zip")
    bible = bible_in(tmp_path / "p")
    assert bible.where.endswith("zipped.zip")
    for where, text in EXPECTED.items():
        assert bible.text(*where) == text, where


@pytest.mark.parametrize(
    ("markup", "raw", "text"),
    [
        ("OSIS", '<w lemma="strong:G25" morph="robinson:V">loved</w> <w>much</w>', "loved much"),
        ("OSIS", 'He said, <q marker="“">Come<note>a <note>nested</note> note</note>.</q>',
         "He said, “Come.“"),
        ("OSIS", 'He said, <q sID="q1" marker="“"/>Come.<q eID="q1" marker="”"/>',
         "He said, “Come.”"),
        ("OSIS", "He said, <q>Come.</q> And", "He said, “Come.” And"),
        ("OSIS", '<q who="Jesus" marker="">I am</q> the <divineName>Lord</divineName>',
         "I am the Lord"),
        ("OSIS", '<title type="psalm" canonical="true">A Psalm.</title>Praise<lb/>him',
         "Praise him"),
        ("OSIS", 'the <transChange type="added">same</transChange> &amp; more', "the same & more"),
        ("OSIS", 'Amen<milestone type="x-p" marker="¶"/> <rdg>variant</rdg>.', "Amen ."),
        ("OSIS", "rest <note>never closed, so the verse ends here", "rest"),
        ("OSIS", "stray </note>end tag and < or > signs", "stray end tag and or signs"),
        ("OSIS", "Dieu\u00a0: «\u00a0paix\u00a0»", "Dieu\u00a0: «\u00a0paix\u00a0»"),
        ("OSIS", "<note>only a note</note>", None),
        ("THML", 'Love<sync type="Strongs" value="G25"/> <scripRef>Rom 5</scripRef><i>all</i>',
         "Love all"),
        ("THML", "one<br/>two<note>n</note><sup>a</sup>", "one two"),
        ("GBF", "In<WH7225> the <FI>same<Fi> way<RF>a note<Rf><CM>Then <TS>Title<Ts>it",
         "In the same way Then it"),
        ("PLAIN", "Plain text, 'quoted'.", "Plain text, ‘quoted’."),
    ],
)  # fmt: skip
def test_markup_becomes_clean_verse_text(markup: str, raw: str, text: str | None) -> None:
    assert verse_text(raw, markup) == text


def test_quotations_without_a_marker_follow_the_modules_setting() -> None:
    assert verse_text("He said, <q>Come.</q>", "OSIS", quote_marks=False) == "He said, Come."


@pytest.mark.parametrize(
    "raw", ["<note " * 20_000, "<" * 100_000, "<a" * 50_000, '<q marker="' * 30_000,
            "<note>" * 20_000 + "</note>" * 20_000 + "end"]
)  # fmt: skip
def test_markup_built_to_be_slow_is_read_in_one_pass(raw: str) -> None:
    """(A regular expression that backtracks would take hours over these.)"""
    for markup in ("OSIS", "THML", "GBF"):
        text = verse_text(raw, markup)
        assert text is None or not any(mark in text for mark in "<>"), text[:40]


def test_a_conf_is_read_as_sword_reads_it() -> None:
    conf = (
        "# a comment\n[First]\nDescription=The first\nAbout=Line one \\\n  line two\n"
        "Lang=de\nLang=fr\nDataPath=./modules/texts/ztext/first/\n\n[Second]\nModDrv=zText\n"
    ).encode("latin-1")
    (first, values), (second, others) = parse_conf(conf)
    assert (first, second) == ("First", "Second")
    assert values["about"] == "Line one  line two"
    assert values["lang"] == "de" and "lang" not in others and others["moddrv"] == "zText"
    ((name, values),) = parse_conf("[Ärger]\nDescription=Bibel für Ärger\n".encode("latin-1"))
    assert (name, values["description"]) == ("Ärger", "Bibel für Ärger")


# --- hostile modules --------------------------------------------------------------------------


def hostile_project(tmp_path: Path, conf: str = "", **options) -> tuple[Path, Path]:
    """A project whose studybook.yaml names a module the tests then damage; its data."""
    (tmp_path / "content").mkdir(parents=True)
    (tmp_path / "content" / "s.yaml").write_text(
        "title: T\nsessions:\n  - passage: John 3:16\n", encoding="utf-8"
    )
    (tmp_path / "studybook.yaml").write_text("translation: {sword: Bad}\n", encoding="utf-8")
    verses = {("John", 3, 16): "For God so loved the world.", ("Gen", 1, 1): "In the beginning."}
    data = write_module(tmp_path / "sword", "Bad", verses, conf=conf, **options)
    return tmp_path, data


def problem(folder: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(folder / "content")])
    assert "Traceback" not in result.output and result.exit_code == 1, result.output
    lines = [line.replace(f"{folder}/", "") for line in result.output.splitlines()]
    found = re.match(r"studybook.yaml:1:1: the SWORD module Bad in sword(/bad.zip)?: ", lines[0])
    assert found, lines
    return lines[0][found.end() :]


def patch(path: Path, offset: int, data: bytes) -> None:
    content = bytearray(path.read_bytes())
    content[offset : offset + len(data)] = data
    path.write_bytes(bytes(content))


def john_entry() -> int:
    from pysword.books import BibleStructure

    return BibleStructure("kjv", ["ot", "nt"]).ref_to_indicies("John", 3, 16)["nt"][0]


def test_a_data_path_outside_the_library_is_refused(tmp_path: Path) -> None:
    folder, _ = hostile_project(tmp_path, conf="DataPath=../../../etc/")
    assert problem(folder).startswith(
        "its .conf names a data folder outside its library (DataPath=../../../etc/)"
    )


def test_a_data_folder_linking_outside_the_library_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path / "p")
    outside = tmp_path / "outside"
    data.rename(outside)
    data.symlink_to(outside, target_is_directory=True)
    assert "links outside its library" in problem(folder)


def test_a_verse_placed_past_its_block_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    patch(data / "nt.bzv", john_entry() * 10 + 4, struct.pack("<I", 1 << 30))
    assert problem(folder).startswith("nt.bzv places a verse past the end of its block")


def test_a_verse_in_a_block_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    patch(data / "nt.bzv", john_entry() * 10, struct.pack("<I", 999))
    assert problem(folder).startswith("nt.bzv names block 999, which nt.bzs lacks")


def test_a_block_past_the_end_of_the_data_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    patch(data / "nt.bzs", 0, struct.pack("<I", 1 << 31))
    assert problem(folder).startswith("nt.bzs places block 0 past the end of nt.bzz")


def test_a_truncated_block_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    size = struct.unpack_from("<I", (data / "nt.bzs").read_bytes(), 4)[0]
    patch(data / "nt.bzs", 4, struct.pack("<I", size // 2))
    assert problem(folder).startswith("a block of nt.bzz is cut short")


def test_a_block_that_is_not_compressed_data_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    (data / "nt.bzz").write_bytes(b"\xff" * len((data / "nt.bzz").read_bytes()))
    assert problem(folder).startswith("a block of nt.bzz cannot be inflated")


def test_a_block_inflating_past_the_limit_is_refused_without_inflating_it(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    bomb = zlib.compress(bytes(1 << 26), 9)  # 64 MB of zeros in 64 KB
    (data / "nt.bzz").write_bytes(bomb)
    (data / "nt.bzs").write_bytes(struct.pack("<III", 0, len(bomb), 1 << 30))
    assert problem(folder).startswith("a block of nt.bzz holds more than 33,554,432 bytes")


def test_a_module_whose_text_runs_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs_see_patches: None
) -> None:
    monkeypatch.setattr(sword, "MAX_TEXT", 30)
    folder, _ = hostile_project(tmp_path)
    assert problem(folder).startswith("its text is more than 30 bytes")


def test_text_that_is_not_the_encoding_its_conf_names_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path, driver="RawText")
    text = (data / "nt").read_bytes()
    (data / "nt").write_bytes(text.replace(b"God", b"G\xffd"))
    assert problem(folder).startswith("John 3:16 is not UTF-8 text, as its .conf says")


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        ("Versification=Klingon", "its versification klingon is not one studybook knows"),
        ("CompressType=LZSS", "its compression LZSS is not one studybook reads"),
        ("SourceType=RTF", "its markup RTF is not one studybook reads"),
        ("Encoding=UTF-16", "its encoding UTF16 is not one studybook reads"),
        ("BlockType=PAGE", "its BlockType is not BOOK, CHAPTER or VERSE"),
        ("CipherKey=", "it is locked — unlock it with the key its publisher sold you"),
        ("ModDrv=zCom", "it is not a Bible (ModDrv=zCom) — choose a Bible module"),
    ],
)
def test_a_conf_studybook_cannot_follow_is_refused(tmp_path: Path, conf: str, message: str):
    folder, _ = hostile_project(tmp_path, conf=conf)
    assert problem(folder).startswith(message)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    (data / "nt.bzs").unlink()
    assert problem(folder).startswith("its file nt.bzs is missing")


def test_a_pipe_in_place_of_a_file_is_refused_without_waiting(tmp_path: Path) -> None:
    folder, data = hostile_project(tmp_path)
    (data / "nt.bzz").unlink()
    os.mkfifo(data / "nt.bzz")
    assert "nt.bzz: this is a pipe, socket or device, not a file" in problem(folder)


def test_a_broken_zip_in_the_projects_sword_folder_is_named(tmp_path: Path) -> None:
    folder, _ = hostile_project(tmp_path)
    (folder / "sword" / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["check", str(folder / "content")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "sword/broken.zip: this is not a zip file — download the module again" in result.output


def test_a_zip_member_bigger_than_allowed_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs_see_patches: None
) -> None:
    write_module(tmp_path / "made", "Bad", {("John", 3, 16): "For God so loved the world."})
    folder, _ = hostile_project(tmp_path / "p")
    import shutil

    shutil.rmtree(folder / "sword")
    (folder / "sword").mkdir()
    zip_library(tmp_path / "made", folder / "sword" / "bad.zip")
    monkeypatch.setattr(sword, "MAX_FILE", 1000)
    assert "is 82,460 bytes, more than 1,000" in problem(folder)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    file=st.sampled_from(["nt.bzv", "nt.bzs", "nt.bzz", "ot.bzv"]),
    at=st.integers(0, 1 << 20),
    data=st.binary(min_size=1, max_size=12),
)
def test_any_damage_to_a_module_is_a_problem_or_harmless(
    tmp_path_factory: pytest.TempPathFactory, file: str, at: int, data: bytes
) -> None:
    folder, module = hostile_project(tmp_path_factory.mktemp("damaged"))
    path = module / file
    patch(path, at % max(1, len(path.read_bytes())), data)
    result = CliRunner().invoke(main, ["check", str(folder / "content")])
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
