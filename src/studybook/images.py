"""Check an image a project points at: inside the project, a real PNG, JPEG or SVG, not huge."""

from __future__ import annotations

import warnings
from pathlib import Path

from .errors import Problem
from .schedule import Origin

MAX_PIXELS = 40_000_000
MAX_BYTES = 10_000_000
HINT = "use a PNG, JPEG or SVG file inside the project folder"
BIG_HINT = "use an image under 40 megapixels"


def check_image(name: str, project: Path, origin: Origin) -> tuple[Path | None, list[Problem]]:
    """The resolved image path, or None and the problems that rule it out."""
    path = (project / name).resolve()
    if not path.is_relative_to(project.resolve()):
        return None, [origin.problem(f"the image '{name}' is outside the project", HINT)]
    if not path.is_file():
        return None, [origin.problem(f"the image '{name}' was not found", HINT)]
    if path.stat().st_size > MAX_BYTES:
        return None, [origin.problem(f"the image '{name}' is larger than 10 MB", HINT)]
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError as err:
        return None, [origin.problem(f"cannot read the image '{name}' ({err.strerror})", HINT)]
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return _check_pixels(path, name, origin)
    if b"<svg" in head.lower():
        return path, []
    return None, [origin.problem(f"'{name}' is not a PNG, JPEG or SVG image", HINT)]


def _check_pixels(path: Path, name: str, origin: Origin) -> tuple[Path | None, list[Problem]]:
    """The image's size from its header alone: nothing is decoded, so bombs cost nothing."""
    from PIL import Image, UnidentifiedImageError

    too_large = origin.problem(f"the image '{name}' has too many pixels to print", BIG_HINT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return None, [too_large]
    except (UnidentifiedImageError, OSError):
        return None, [origin.problem(f"the image '{name}' is damaged", HINT)]
    if width * height > MAX_PIXELS:
        message = f"the image '{name}' is {width} × {height} pixels, too large to print"
        return None, [origin.problem(message, BIG_HINT)]
    return path, []
