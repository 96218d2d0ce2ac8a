"""Bibles from SWORD modules (CrossWire's library, Debian's sword-text-* packages; the
format Xiphos, BibleTime and AndBible read): their verses, numbered as the module's
versification numbers them, with the name, abbreviation, language and copyright its
`.conf` gives.

A module keeps each testament's verses in a data file and an index of where each verse
is: compressed blocks (zText: `ot.bzz`, with `ot.bzs` locating each block and `ot.bzv`
each verse in its block; `c` or `v` instead of `b` for blocks of a chapter or a verse)
or plain text (RawText: `ot`, located by `ot.vss`). The index holds one entry for every
place the versification has — the module's and testament's headings, then each book's,
each chapter's and each verse's — in the order of pysword's tables of SWORD's
versifications. A module comes from strangers: every offset is checked against the file
it points into, every block is inflated once and only so far, the whole text is bounded,
and anything out of place is a clear error naming the module, never a guess.
"""

from __future__ import annotations

import bz2
import lzma
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pysword.canons import canons
from pysword.sapphire import Sapphire

from ..resources import N_
from . import canon
from .bible import Numbered
from .canon import Book
from .library import MAX_FILE, BadModule, Module
from .names import DEFAULT_LANGUAGE, names_for
from .tags import verse_text

# Index entries: (block, start, size) in a zText block, or (start, size) in a RawText file.
_INDEX = {"ztext": "<IIH", "ztext4": "<III", "rawtext": "<IH", "rawtext4": "<II"}
_BLOCK = struct.Struct("<III")  # where a compressed block is: offset, size, size inflated
_BLOCK_LETTER = {"BOOK": "b", "CHAPTER": "c", "VERSE": "v"}
_MARKUPS = ("OSIS", "THML", "GBF", "PLAIN")
MAX_BLOCK = 32 * 1024 * 1024  # a book's block: 1–5 MB, with Strong's numbers and all
MAX_TEXT = 256 * 1024 * 1024  # a whole Bible's markup: 5–40 MB
PUBLIC_DOMAIN = N_("Public domain.")
_DAMAGED = "the module is damaged: install or download it again"


@dataclass(frozen=True)
class SwordTranslation(Numbered):
    """A Bible read from a SWORD module, with what its `.conf` says of it."""

    name: str
    abbreviation: str
    notice: str  # its copyright line: always printed
    language: str
    module: str  # its name, as studybook.yaml may give it
    where: str  # the library it was found in, as messages show it
    licence: str  # the .conf's DistributionLicense
    public_domain: bool
    versification: str
    markup: str = field(repr=False, compare=False)
    quote_marks: bool = field(repr=False, compare=False)
    verses: dict[int, str] = field(repr=False, compare=False)  # markup, by canon.verse_id

    def text(self, book: Book, chapter: int, verse: int) -> str | None:
        raw = self.verses.get(canon.verse_id(book, chapter, verse))
        return verse_text(raw, self.markup, quote_marks=self.quote_marks) if raw else None

    def numbered(self) -> dict[int, str]:
        return self.verses


def read_bible(module: Module) -> SwordTranslation:
    """Every verse of a Bible module. Raises BadModule for one it cannot read."""
    if not module.is_bible:
        driver = module.value("ModDrv", "none")
        raise BadModule(f"it is not a Bible (ModDrv={driver})", "choose a Bible module")
    if module.locked:
        raise BadModule("it is locked", "unlock it with the key its publisher sold you")
    markup = module.value("SourceType", "Plain").upper()
    if markup not in _MARKUPS:
        raise BadModule(f"its markup {markup} is not one studybook reads", "choose another")
    encoding = module.value("Encoding", "Latin-1").upper().replace("-", "")
    if encoding not in ("UTF8", "LATIN1"):
        raise BadModule(f"its encoding {encoding} is not one studybook reads", "choose another")
    reader = _Reader(module, encoding == "UTF8")
    verses: dict[int, str] = {}
    for testament, places in _places(_versification(module)).items():
        entry = reader.testament(testament)
        if entry is not None:
            for index, verse_id in places:
                if raw := entry(index):
                    verses[verse_id] = reader.decode(raw, verse_id)
    if not verses:
        raise BadModule("it holds no verses", _DAMAGED)
    return SwordTranslation(
        name=module.description[:200],
        abbreviation=module.abbreviation[:20],
        notice=_notice(module),
        language=module.language,
        module=module.name,
        where=module.library.shown,
        licence=module.licence,
        public_domain=module.public_domain,
        versification=_versification(module),
        markup=markup,
        quote_marks=module.value("OSISqToTick", "true").lower() != "false",
        verses=verses,
    )


def _notice(module: Module) -> str:
    """The copyright line the appendix prints: the `.conf`'s, and the licence."""
    holder = " ".join(module.value(k) for k in ("CopyrightDate", "CopyrightHolder")).strip()
    line = module.value("ShortCopyright") or module.value("Copyright") or holder
    if module.public_domain and line.casefold().strip(" .") in ("", "public domain"):
        return PUBLIC_DOMAIN
    line = line or f"© {module.description}"
    if module.licence.casefold() not in line.casefold():
        line = f"{line.rstrip('.')}. {module.licence}"
    return f"{line.rstrip('.')}."[:2000]


def _versification(module: Module) -> str:
    name = module.value("Versification", "KJV").lower()
    if name not in canons:
        known = ", ".join(sorted(canons))
        raise BadModule(f"its versification {name} is not one studybook knows", f"use {known}")
    return name


@cache
def _places(versification: str) -> dict[str, list[tuple[int, int]]]:
    """Where each verse studybook can cite is in a module's index, by testament: its
    entry and its canon.verse_id. Entry 0 is the module's heading, 1 the testament's;
    each book starts with its heading and each chapter with its own."""
    places: dict[str, list[tuple[int, int]]] = {}
    for testament in ("ot", "nt"):
        index, found = 2, []
        for _, osis, _, chapters in canons[versification][testament]:
            book = _book(osis, len(chapters))
            index += 1  # the book's heading
            for chapter, count in enumerate(chapters, 1):
                index += 1  # the chapter's heading
                if book is not None:
                    found += [
                        (index + verse - 1, canon.verse_id(book, chapter, verse))
                        for verse in range(1, count + 1)
                    ]
                index += count
        places[testament] = found
    return places


def _book(osis: str, chapters: int) -> Book | None:
    """studybook's book for a versification's OSIS name. SWORD's KJVA versification files
    the Greek additions to Esther as "AddEsth" 10:4–16:24, numbered as studybook's Greek
    Esther; Luther's seven "Stücke zu Esther" and three "Stücke zu Daniel" are numbered
    otherwise, and left out."""
    if osis == "AddEsth":
        return Book.ESTHER_GREEK if chapters == 16 else None
    return canon.OSIS.get(osis)


class _Reader:
    """A module's files, read within bounds: the text of each index entry."""

    def __init__(self, module: Module, utf8: bool) -> None:
        self.module = module
        self.utf8 = utf8
        self.driver = module.value("ModDrv").lower()
        self.folder = _data_folder(module)
        key = module.value("CipherKey")
        self.cipher = Sapphire(key) if key else None
        self.inflated = 0  # bytes inflated so far, for the whole module

    def testament(self, testament: str) -> Callable[[int], bytes] | None:
        """A function giving the bytes of each index entry of a testament; None when the
        module has no such testament (a New Testament has no `ot` files)."""
        if self.driver.startswith("z"):
            letter = _BLOCK_LETTER.get(self.module.value("BlockType", "BOOK").upper())
            if letter is None:
                raise BadModule("its BlockType is not BOOK, CHAPTER or VERSE", _DAMAGED)
            names = [f"{testament}.{letter}z{kind}" for kind in "vsz"]
        else:
            names = [f"{testament}.vss", testament]
        files = [self.module.library.read(f"{self.folder}{name}", MAX_FILE) for name in names]
        if all(data is None for data in files):
            return None
        if any(data is None for data in files):
            missing = next(n for n, data in zip(names, files, strict=True) if data is None)
            raise BadModule(f"its file {missing} is missing", _DAMAGED)
        index = struct.Struct(_INDEX[self.driver])
        if self.driver.startswith("z"):
            return _Blocks(self, names, index, *files)  # type: ignore[arg-type]
        return _Raw(self, names, index, *files)  # type: ignore[arg-type]

    def decode(self, raw: bytes, verse_id: int) -> str:
        if not self.utf8:
            return raw.decode("latin-1")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            book = Book(verse_id // 1_000_000)
            chapter, verse = divmod(verse_id % 1_000_000, 1000)
            where = f"{names_for(DEFAULT_LANGUAGE).label(book)} {chapter}:{verse}"
            raise BadModule(f"{where} is not UTF-8 text, as its .conf says", _DAMAGED) from None

    def decipher(self, data: bytes) -> bytes:
        """A block or verse of an unlocked module, deciphered (pysword's Sapphire cipher)."""
        return self.cipher.decrypt_bytes(data) if self.cipher is not None else data

    def inflate(self, data: bytes, file: str) -> bytes:
        """A compressed block, inflated no further than MAX_BLOCK, and no further than
        MAX_TEXT for the whole module."""
        data = self.decipher(data)
        kind = self.module.value("CompressType", "ZIP").upper()
        if kind == "ZIP":
            inflater = zlib.decompressobj()
        elif kind == "BZIP2":
            inflater = bz2.BZ2Decompressor()
        elif kind == "XZ":
            inflater = lzma.LZMADecompressor()
        else:
            raise BadModule(f"its compression {kind} is not one studybook reads", _OTHER)
        try:
            text = inflater.decompress(data, MAX_BLOCK + 1)
        except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
            raise BadModule(f"a block of {file} cannot be inflated", _DAMAGED) from None
        if len(text) > MAX_BLOCK:
            raise BadModule(f"a block of {file} holds more than {MAX_BLOCK:,} bytes", _DAMAGED)
        if not inflater.eof:
            raise BadModule(f"a block of {file} is cut short", _DAMAGED)
        self.inflated += len(text)
        if self.inflated > MAX_TEXT:
            raise BadModule(f"its text is more than {MAX_TEXT:,} bytes", _DAMAGED)
        return text


_OTHER = "choose another module of the same Bible"


def _data_folder(module: Module) -> str:
    """The `.conf`'s DataPath, a folder inside its library ("modules/texts/ztext/kjv/")."""
    path = module.value("DataPath").replace("\\", "/")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or path.startswith("/") or ":" in parts[0]:
        message = f"its .conf names a data folder outside its library (DataPath={path})"
        raise BadModule(message, "use the module as its publisher made it")
    return "/".join(parts) + "/"


@dataclass
class _Blocks:
    """A zText testament: each entry is a slice of a compressed block."""

    reader: _Reader
    names: list[str]
    index: struct.Struct
    entries: bytes
    blocks: bytes
    data: bytes
    inflated: dict[int, bytes] = field(default_factory=dict)

    def __call__(self, entry: int) -> bytes:
        if (entry + 1) * self.index.size > len(self.entries):
            return b""  # an index cut short: the verses after its end are missing
        block, start, size = self.index.unpack_from(self.entries, entry * self.index.size)
        if size == 0:
            return b""
        text = self._block(block)
        if start + size > len(text):
            message = f"{self.names[0]} places a verse past the end of its block"
            raise BadModule(message, _DAMAGED)
        return text[start : start + size]

    def _block(self, block: int) -> bytes:
        if block not in self.inflated:
            if (block + 1) * _BLOCK.size > len(self.blocks):
                message = f"{self.names[0]} names block {block}, which {self.names[1]} lacks"
                raise BadModule(message, _DAMAGED)
            offset, size, _ = _BLOCK.unpack_from(self.blocks, block * _BLOCK.size)
            if offset + size > len(self.data):
                message = f"{self.names[1]} places block {block} past the end of {self.names[2]}"
                raise BadModule(message, _DAMAGED)
            data = self.data[offset : offset + size]
            self.inflated[block] = self.reader.inflate(data, self.names[2])
        return self.inflated[block]


@dataclass
class _Raw:
    """A RawText testament: each entry is a slice of the text file."""

    reader: _Reader
    names: list[str]
    index: struct.Struct
    entries: bytes
    data: bytes

    def __call__(self, entry: int) -> bytes:
        if (entry + 1) * self.index.size > len(self.entries):
            return b""
        start, size = self.index.unpack_from(self.entries, entry * self.index.size)
        if start + size > len(self.data):
            message = f"{self.names[0]} places a verse past the end of {self.names[1]}"
            raise BadModule(message, _DAMAGED)
        return self.reader.decipher(self.data[start : start + size])
