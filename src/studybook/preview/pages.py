"""Pictures of a PDF's pages for the preview: PNG files named after what draws them, drawn in
a worker like every other job that reads what a study made."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..project import write_atomically

# Pixels across each picture: sharp at 450 CSS pixels on a 2× screen, whatever the paper.
PIXEL_WIDTH = 900
NAME = r"[0-9a-f]{32}"


@dataclass(frozen=True)
class PageImage:
    """One page's picture: `<name>.png` in the pictures folder, and its size in pixels."""

    name: str
    width: int
    height: int


@dataclass(frozen=True)
class DrawPages:
    """The worker job that draws the pages of one PDF into the pictures folder."""

    pdf: Path
    folder: Path

    @property
    def name(self) -> str:
        return f"pictures of {self.pdf.name}"

    @property
    def activity(self) -> str:
        return f"drawing the {self.name}"

    @property
    def reads(self) -> tuple[Path, ...]:
        return (self.pdf,)

    @property
    def writes(self) -> tuple[Path, ...]:
        return (self.folder,)

    def run(self) -> tuple[PageImage, ...]:
        return render_pages(self.pdf, self.folder)


def render_pages(pdf: Path, folder: Path) -> tuple[PageImage, ...]:
    """Draw the pages of `pdf` into `folder`. A picture is named by a digest of everything
    that draws its page, so an unchanged page keeps its name: it is not drawn again, and a
    browser shows it again from its cache."""
    import pypdfium2  # only the preview draws pages

    images = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, name in enumerate(_page_digests(pdf)):
            target = folder / f"{name}.png"
            if not target.exists():
                page = document[index]
                bitmap = page.render(scale=PIXEL_WIDTH / page.get_width())
                png = io.BytesIO()
                bitmap.to_pil().save(png, format="PNG", compress_level=1)
                write_atomically(target, png.getvalue())
                page.close()
            images.append(PageImage(name, *_png_size(target)))
    finally:
        document.close()
    return tuple(images)


# Keys that link a page or annotation to the rest of the document but draw nothing, and the
# parts of a font that change with the glyphs other pages use: a font counts by its name,
# metrics and the glyph numbers the page's own content shows.
_NOT_DRAWN = frozenset(
    {"/Parent", "/StructParents", "/StructParent", "/P", "/Dest", "/A",
     "/FontFile", "/FontFile2", "/FontFile3", "/CIDSet", "/W", "/ToUnicode", "/FontBBox"}
)  # fmt: skip


def _page_digests(pdf: Path) -> list[str]:
    """For each page, a digest of its content, sizes and every resource it draws with."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        known: dict[tuple[int, int], bytes] = {}
        return [
            hashlib.sha256(_digest(page.obj, known)).hexdigest()[:32] for page in document.pages
        ]


def _digest(value: object, known: dict[tuple[int, int], bytes]) -> bytes:
    """A digest of a PDF value: streams by their data, references by what they hold."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        key = value.objgen
        if key not in known:
            known[key] = b"..."  # a reference back to an object on the way: no loop
            known[key] = _content(value, known)
        return known[key]
    return _content(value, known)


def _content(value: object, known: dict[tuple[int, int], bytes]) -> bytes:
    import pikepdf

    digest = hashlib.sha256()
    if isinstance(value, pikepdf.Stream):
        digest.update(value.read_raw_bytes())
    if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
        for key in sorted(k for k in value.keys() if k not in _NOT_DRAWN):  # noqa: SIM118
            digest.update(key.encode() + _digest(value[key], known))
    elif isinstance(value, pikepdf.Array):
        for item in value:
            digest.update(b"[" + _digest(item, known))
    else:
        digest.update(repr(value).encode())
    return digest.digest()


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    with path.open("rb") as stream:
        header = stream.read(24)
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def prune(folder: Path, keep: set[str]) -> None:
    """Delete the pictures no longer shown."""
    for path in folder.glob("*.png"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
