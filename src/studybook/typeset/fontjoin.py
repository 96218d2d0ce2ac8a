"""One embedded font per face in a joined PDF: the parts' subsets of a font made one.

Each part embeds subsets of the fonts it uses. WeasyPrint subsets TrueType fonts keeping
every glyph's number, so the subsets of one font share their numbering: the joined font has
each glyph any part drew (with fontTools), the widths of all, and every glyph's text (where
two parts map one glyph to different text, such as a hyphen drawn for "-" and for "‐", the
first part wins, as the first use does in a whole book). The PDF is then as small as the
whole book's, and its text the same.
"""

from __future__ import annotations

import io
import math
import re
import zlib
from collections import defaultdict
from typing import Any

from pikepdf import Array, Dictionary, Name, Pdf, Stream

_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]*)>")
_CMAP_START = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo
<< /Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
"""
_CMAP_END = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
_MAXP = (
    "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxZones",
    "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
    "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth",
)  # fmt: skip


def join_fonts(pdf: Pdf) -> None:
    """Make the fonts of one face one font, in every page's resources."""
    faces: dict[str, list[Dictionary]] = defaultdict(list)
    tables: dict[tuple[int, int], Dictionary] = {}
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font")
        if fonts is None:
            continue
        tables.setdefault(fonts.objgen if fonts.is_indirect else (id(fonts), 0), fonts)
        for font in fonts.values():
            if _joinable(font) and all(f.objgen != font.objgen for f in faces[str(font.BaseFont)]):
                faces[str(font.BaseFont)].append(font)
    for fonts in faces.values():
        if len(fonts) > 1 and (joined := _join(pdf, fonts)) is not None:
            replaced = {font.objgen for font in fonts}
            for table in tables.values():
                for key, font in table.items():
                    if font.objgen in replaced:
                        table[key] = joined


def _joinable(font: Any) -> bool:
    """A TrueType font WeasyPrint embedded with glyph numbers as character codes."""
    try:
        cid = font.DescendantFonts[0]
        return (
            font.Subtype == Name.Type0
            and font.Encoding == Name("/Identity-H")
            and cid.Subtype == Name.CIDFontType2
            and cid.get("/CIDToGIDMap") == Name.Identity
            and "/FontFile2" in cid.FontDescriptor
        )
    except (AttributeError, IndexError, KeyError, TypeError):
        return False


def _join(pdf: Pdf, fonts: list[Dictionary]) -> Dictionary | None:
    """The first font, now holding the glyphs, widths and text of all (None if they cannot
    be subsets of one font, which are left as they are). Glyphs are copied by number, as
    they are stored: a composite glyph names its parts by number too."""
    from fontTools.ttLib import TTFont

    widths = [_widths(font.DescendantFonts[0].W) for font in fonts]
    files = [
        TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
        for font in fonts
    ]
    base = max(range(len(files)), key=lambda i: len(files[i].getGlyphOrder()))
    merged = files[base]
    order = merged.getGlyphOrder()
    if any(f["head"].unitsPerEm != merged["head"].unitsPerEm for f in files):
        return None
    present = set(widths[base])
    for file, used in zip(files, widths, strict=True):
        todo = sorted(set(used) - present)
        while todo:
            gid = todo.pop()
            if gid >= len(order) or gid >= len(file.getGlyphOrder()):
                return None
            todo += _copy_glyph(file, merged, gid)
            present.add(gid)
        for field in _MAXP:
            if hasattr(merged["maxp"], field):
                setattr(merged["maxp"], field, max(getattr(merged["maxp"], field),
                                                   getattr(file["maxp"], field)))  # fmt: skip
        head, other = merged["head"], file["head"]
        head.xMin, head.yMin = min(head.xMin, other.xMin), min(head.yMin, other.yMin)
        head.xMax, head.yMax = max(head.xMax, other.xMax), max(head.yMax, other.yMax)
    merged.recalcBBoxes = merged.recalcTimestamp = False
    data = io.BytesIO()
    merged.save(data)
    first = fonts[0]
    cid = first.DescendantFonts[0]
    all_widths = {gid: width for used in widths for gid, width in used.items()}
    cid.W = _width_array(all_widths)
    descriptor = cid.FontDescriptor
    descriptor.FontFile2 = _compressed(pdf, data.getvalue())
    descriptor.FontFile2.Length1 = len(data.getvalue())
    descriptor.FontBBox = Array([0, descriptor.Descent, max(all_widths.values()),
                                 descriptor.Ascent])  # fmt: skip
    if "/CIDSet" in descriptor:
        descriptor.CIDSet = _compressed(pdf, _cid_set(all_widths))
    text: dict[int, bytes] = {}
    for font in fonts:
        for gid, hex_text in _to_unicode(font.ToUnicode.read_bytes()).items():
            text.setdefault(gid, hex_text)
    first.ToUnicode = _compressed(pdf, _cmap(text))
    return first


def _compressed(pdf: Pdf, data: bytes) -> Stream:
    stream = Stream(pdf, b"")
    stream.write(zlib.compress(data), filter=Name.FlateDecode)
    return stream


def _copy_glyph(source: Any, target: Any, gid: int) -> list[int]:
    """Copy glyph `gid` as stored; return the glyphs it is made of that `target` lacks."""
    name, into = source.getGlyphOrder()[gid], target.getGlyphOrder()[gid]
    glyf = source["glyf"]
    glyph = glyf.glyphs[name]
    target["glyf"].glyphs[into] = glyph
    target["hmtx"].metrics[into] = source["hmtx"].metrics[name]
    if not glyph.isComposite():
        return []
    parts = [source.getGlyphID(part) for part in glyph.getComponentNames(glyf)]
    order = target.getGlyphOrder()
    return [part for part in parts if _empty(target["glyf"].glyphs[order[part]])]


def _empty(glyph: Any) -> bool:
    return not glyph.data if hasattr(glyph, "data") else glyph.numberOfContours == 0


def _widths(array: Array) -> dict[int, float]:
    """The glyph widths of a /W array (`c [w1 w2 …]` and `c1 c2 w` forms)."""
    found: dict[int, float] = {}
    items = list(array)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], Array):
            for offset, width in enumerate(items[i + 1]):
                found[first + offset] = float(width)
            i += 2
        else:
            for gid in range(first, int(items[i + 1]) + 1):
                found[gid] = float(items[i + 2])
            i += 3
    return found


def _width_array(widths: dict[int, float]) -> Array:
    """A /W array of runs of consecutive glyphs, as WeasyPrint writes it."""
    array: list[Any] = []
    for gid in sorted(widths):
        if gid - 1 not in widths:
            array += [gid, []]
        array[-1].append(_number(widths[gid]))
    return Array([Array(item) if isinstance(item, list) else item for item in array])


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _cid_set(widths: dict[int, float]) -> bytes:
    bits = bytearray(math.ceil((max(widths) + 1) / 8))
    for gid in widths:
        bits[gid // 8] |= 0x80 >> (gid % 8)
    return bytes(bits)


def _to_unicode(cmap: bytes) -> dict[int, bytes]:
    """Glyph → UTF-16BE hex text of a ToUnicode CMap's bfchar entries."""
    return {int(gid, 16): text for gid, text in _BFCHAR.findall(cmap)}


def _cmap(text: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap of bfchar entries, a hundred a block."""
    items = list(text.items())
    blocks = []
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines = b"\n".join(b"<%04x> <%s>" % (gid, hex_text) for gid, hex_text in batch)
        blocks.append(b"%d beginbfchar\n%s\nendbfchar\n" % (len(batch), lines))
    return _CMAP_START + b"".join(blocks) + _CMAP_END
