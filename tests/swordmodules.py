"""Small SWORD Bible modules written by the tests: a `.conf` in `mods.d/` and the index
and data files of a zText (or RawText) module, each verse placed where pysword's own tables
of SWORD's versifications put it, so that studybook's reader is checked against them."""

from __future__ import annotations

import bz2
import lzma
import struct
import zipfile
import zlib
from collections import defaultdict
from pathlib import Path

from pysword.books import BibleStructure
from pysword.sapphire import Sapphire

# A Catholic study's books, and a few verses of each testament, in OSIS markup with the
# notes, titles, Strong's numbers and red letters a real module holds.
CATHOLIC = {
    ("Gen", 1, 1): '<w lemma="strong:H7225">In the beginning</w> God created the heavens.',
    ("Tob", 4, 15): "What you hate, do not do to anyone.",
    ("Tob", 12, 8): "Prayer with fasting is good.",
    ("Sir", 2, 1): (
        '<title type="section">Trust in God</title>My son, if you come to serve the Lord, '
        'prepare<note type="study">Or “ready”.</note> yourself for testing.'
    ),
    ("Sir", 2, 2): "Set your heart right and be steadfast.",
    ("Matt", 5, 9): '<q who="Jesus" marker="">Blessed are the peacemakers.</q>',
    ("John", 3, 16): (
        '<w lemma="strong:G3779">For God so loved</w> the world<note type="crossReference">'
        '<reference osisRef="Rom.5.8">Rom 5:8</reference></note>.'
    ),
}


def write_module(
    library: Path,
    name: str,
    verses: dict[tuple[str, int, int], str],
    *,
    versification: str = "KJV",
    conf: str = "",
    driver: str = "zText",
    block: str = "BOOK",
    compress: str = "ZIP",
    encoding: str = "utf-8",
    cipher: str = "",
) -> Path:
    """Write a module into a library folder (made if need be); return its data folder.
    `conf` adds lines to its .conf (a later line of a key does not replace the first);
    `cipher` enciphers each block (or verse) with SWORD's Sapphire cipher and that key."""
    data = library / "modules" / "texts" / driver.lower() / name.lower()
    data.mkdir(parents=True, exist_ok=True)
    (library / "mods.d").mkdir(parents=True, exist_ok=True)
    lines = [
        f"[{name}]",
        conf.strip(),
        f"DataPath=./modules/texts/{driver.lower()}/{name.lower()}/",
        f"ModDrv={driver}",
        "SourceType=OSIS",
        "Encoding=UTF-8" if encoding == "utf-8" else "Encoding=Latin-1",
        f"CompressType={compress}",
        f"BlockType={block}",
        f"Versification={versification}",
        "Lang=en",
        "DistributionLicense=Public Domain",
        f"CipherKey={cipher}" if cipher else "",
    ]
    (library / "mods.d" / f"{name.lower()}.conf").write_text("\n".join(lines) + "\n", "utf-8")
    structure = BibleStructure(versification.lower(), ["ot", "nt"])
    placed: dict[str, dict[int, bytes]] = defaultdict(dict)
    books: dict[tuple[str, int], str] = {}
    for (book, chapter, verse), text in verses.items():
        for testament, indices in structure.ref_to_indicies(book, chapter, verse).items():
            placed[testament][indices[0]] = text.encode(encoding)
            books[(testament, indices[0])] = book
    for testament, entries in placed.items():
        size = 2 + sum(b.size for b in structure.get_books()[testament])
        if driver.lower().startswith("z"):
            _ztext(data, testament, entries, books, size, driver, block, compress, cipher)
        else:
            _rawtext(data, testament, entries, size, driver, cipher)
    return data


def _encipher(data: bytes, key: str) -> bytes:
    if not key:
        return data
    sapphire = Sapphire(key)
    return bytes(sapphire.encrypt(b) for b in data)


def _ztext(data, testament, entries, books, size, driver, block, compress, cipher) -> None:
    """A zText testament: one compressed block per book (or chapter, or verse)."""
    record = "<IIH" if driver == "zText" else "<III"
    groups: dict[object, list[int]] = defaultdict(list)
    for index in sorted(entries):
        key = {"BOOK": books[(testament, index)], "VERSE": index}.get(block, index // 30)
        groups[key].append(index)
    index_file = bytearray(struct.pack(record, 0, 0, 0) * size)
    blocks, texts = bytearray(), bytearray()
    for number, indices in enumerate(groups.values()):
        text = bytearray()
        for index in indices:
            struct.pack_into(record, index_file, index * struct.calcsize(record),
                             number, len(text), len(entries[index]))  # fmt: skip
            text += entries[index]
        pack = {"ZIP": zlib.compress, "BZIP2": bz2.compress, "XZ": lzma.compress}[compress]
        packed = _encipher(pack(bytes(text)), cipher)
        blocks += struct.pack("<III", len(texts), len(packed), len(text))
        texts += packed
    letter = block[0].lower()
    (data / f"{testament}.{letter}zv").write_bytes(bytes(index_file))
    (data / f"{testament}.{letter}zs").write_bytes(bytes(blocks))
    (data / f"{testament}.{letter}zz").write_bytes(bytes(texts))


def _rawtext(data, testament, entries, size, driver, cipher) -> None:
    record = "<IH" if driver == "RawText" else "<II"
    index_file = bytearray(struct.pack(record, 0, 0) * size)
    text = bytearray()
    for index in sorted(entries):
        struct.pack_into(record, index_file, index * struct.calcsize(record),
                         len(text), len(entries[index]))  # fmt: skip
        text += _encipher(entries[index], cipher)
    (data / f"{testament}.vss").write_bytes(bytes(index_file))
    (data / testament).write_bytes(bytes(text))


def zip_library(library: Path, target: Path) -> Path:
    """The library zipped as CrossWire distributes a module: mods.d/ and modules/."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(library.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(library).as_posix())
    return target
