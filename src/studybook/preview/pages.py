"""Pictures of a PDF's pages for the preview: PNG files named after their content, drawn in a
worker like every other job that reads what a study made."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomically

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
    def reads(self) -> tuple[Path, ...]:
        return (self.pdf,)

    @property
    def writes(self) -> tuple[Path, ...]:
        return (self.folder,)

    def run(self) -> tuple[PageImage, ...]:
        return render_pages(self.pdf, self.folder)


def render_pages(pdf: Path, folder: Path) -> tuple[PageImage, ...]:
    """Draw every page of `pdf` into `folder`. A picture is named by a digest of its pixels,
    so an unchanged page keeps its name: it is not encoded again, and a browser shows it
    again from its cache."""
    import pypdfium2  # only the preview draws pages

    images = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=PIXEL_WIDTH / page.get_width())
            digest = hashlib.sha256(f"{bitmap.width}x{bitmap.height}".encode())
            digest.update(bitmap.buffer)
            name = digest.hexdigest()[:32]
            target = folder / f"{name}.png"
            if not target.exists():
                png = io.BytesIO()
                bitmap.to_pil().save(png, format="PNG", compress_level=1)
                write_atomically(target, png.getvalue())
            images.append(PageImage(name, bitmap.width, bitmap.height))
            page.close()
    finally:
        document.close()
    return tuple(images)


def prune(folder: Path, keep: set[str]) -> None:
    """Delete the pictures no longer shown."""
    for path in folder.glob("*.png"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
