"""Check an image a project points at: inside the project, a real PNG, JPEG or SVG, not huge."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .schedule import Origin

MAX_PIXELS = 40_000_000
MAX_BYTES = 10_000_000
HINT = "use a PNG, JPEG or SVG file inside the project folder"


def check_image(name: str, project: Path, origin: Origin) -> tuple[Path | None, list[Problem]]:
    """The resolved image path, or None and the problems that rule it out."""
    path = (project / name).resolve()
    if not path.is_relative_to(project.resolve()):
        return None, [origin.problem(f"the image '{name}' is outside the project", HINT)]
    if not path.is_file():
        return None, [origin.problem(f"the image '{name}' was not found", HINT)]
    if path.stat().st_size > MAX_BYTES:
        return None, [origin.problem(f"the image '{name}' is larger than 10 MB", HINT)]
    head = path.read_bytes()[:512]
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return _check_pixels(path, name, origin)
    if b"<svg" in head.lower():
        return path, []
    return None, [origin.problem(f"'{name}' is not a PNG, JPEG or SVG image", HINT)]


def _check_pixels(path: Path, name: str, origin: Origin) -> tuple[Path | None, list[Problem]]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        return None, [origin.problem(f"the image '{name}' is damaged", HINT)]
    if width * height > MAX_PIXELS:
        message = f"the image '{name}' is {width} × {height} pixels, too large to print"
        return None, [origin.problem(message, "use an image under 40 megapixels")]
    return path, []
