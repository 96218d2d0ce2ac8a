"""Check an image a project points at: inside the project, a real PNG, JPEG or SVG, not huge.

One policy for every way an image arrives (a file, a `data:` URL in a layout or stylesheet,
an SVG's `<image>`): images are judged by their content, never their name or declared type,
and sized from their header without being decoded, whatever their format; an SVG is parsed
without any DTD or entity and refused if its `<use>` references would make it draw too many
shapes (a few kilobytes of nested `<use>` can ask for billions), or if an image it holds in
a `data:` URL would be refused.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import Problem
from ..project import Unreadable, read_inside
from .schedule import Origin

MAX_PIXELS = 40_000_000
MAX_BYTES = 10_000_000
MAX_SVG_SHAPES = 20_000  # elements an SVG draws, counting every copy a <use> makes
MAX_SVG_DEPTH = 200  # elements inside elements (and copies inside copies)
HINT = "use a PNG, JPEG or SVG file inside the project folder"
BIG_HINT = "use an image under 40 megapixels"
SVG_HINT = "simplify the drawing, or save it as a PNG"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def check_image(name: str, project: Path, origin: Origin) -> tuple[Path | None, list[Problem]]:
    """The resolved image path, or None and the problems that rule it out."""
    path = (project / name).resolve()
    if not path.is_relative_to(project.resolve()):
        return None, [origin.problem(f"the image '{name}' is outside the project", HINT)]
    try:
        data = read_inside(path, project, MAX_BYTES)
    except Unreadable as err:
        return None, [origin.problem(f"the image '{name}': {err.message}", err.hint)]
    if not (_is_bitmap(data) or _is_svg(data)):
        return None, [origin.problem(f"'{name}' is not a PNG, JPEG or SVG image", HINT)]
    problem = image_problem(data, name)
    return (None, [origin.problem(*problem)]) if problem else (path, [])


def image_problem(data: bytes, name: str = "") -> tuple[str, str] | None:
    """What makes an image unfit to print, with what to do; None for content that is no
    image (a font, a stylesheet), and for images that are fine. `name` names it, if it has
    a name."""
    if not _is_bitmap(data) and _is_svg(data):
        return _svg_problem(data, name)
    return _pixels_problem(data, name)


def data_url(url: str) -> tuple[str, bytes]:
    """The media type (with its parameters) and bytes of a `data:` URL (RFC 2397), read by
    the standard library; ValueError if it is not one."""
    from urllib.request import DataHandler, Request

    if url[:5].lower() != "data:" or "," not in url:
        raise ValueError(f"not a data: URL: {url[:40]}")
    with DataHandler().data_open(Request(url)) as response:
        return response.headers["Content-Type"], response.read()


def _the(kind: str, name: str) -> str:
    """How a message names an image: "the image 'logo.png'", or "the image"."""
    return f"the {kind} '{name}'" if name else f"the {kind}"


def _is_bitmap(data: bytes) -> bool:
    return data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))


def _is_svg(data: bytes) -> bool:
    return b"<svg" in data[:4096].lower()


def _pixels_problem(data: bytes, name: str) -> tuple[str, str] | None:
    """What is wrong with a PNG, JPEG or any other picture Pillow knows (GIF, WebP…),
    judged from its header alone (nothing is decoded, so bombs cost nothing); None for what
    is no picture at all."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return f"{_the('image', name)} has too many pixels to print", BIG_HINT
    except Exception:  # Pillow raises many kinds for what it cannot read
        return (f"{_the('image', name)} is damaged", HINT) if _is_bitmap(data) else None
    if width * height > MAX_PIXELS:
        message = f"{_the('image', name)} is {width} × {height} pixels, too large to print"
        return message, BIG_HINT
    return None


def _svg_problem(data: bytes, name: str) -> tuple[str, str] | None:
    """What is wrong with an SVG: not well-formed XML, a DTD or entities, or too much to draw."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    svg = _the("SVG image", name)
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return f"{svg} declares a DTD or entities", SVG_HINT
    except ParseError as err:
        return f"{svg} is not well-formed XML ({err})", SVG_HINT
    if _shapes(root) > MAX_SVG_SHAPES:
        message = (
            f"{svg} is too complex to draw (over {MAX_SVG_SHAPES:,} shapes "
            f"once <use> copies are counted, or nested over {MAX_SVG_DEPTH} deep)"
        )
        return message, SVG_HINT
    for element in root.iter():
        href = element.get("href") or element.get(_XLINK_HREF) or ""
        if element.tag.rpartition("}")[2] == "image" and href[:5].lower() == "data:":
            try:
                problem = image_problem(data_url(href)[1])
            except ValueError:
                problem = "the image in a data: URL is damaged", HINT
            if problem:
                return f"{svg} holds an image that cannot be used: {problem[0]}", problem[1]
    return None


def _shapes(root: Element) -> int:
    """How many elements drawing `root` visits, each `<use>` counting what it copies; more
    than the limit as soon as that is certain (a `<use>` that copies itself never ends,
    and drawing nested deeper than MAX_SVG_DEPTH counts as too much)."""
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    counted: dict[int, int] = {}

    def count(element: Element, copying: frozenset[int], depth: int) -> int:
        if id(element) in counted:
            return counted[id(element)]
        if depth > MAX_SVG_DEPTH:
            return MAX_SVG_SHAPES + 1
        total = 1
        for child in element:
            total += count(child, copying, depth + 1)
            if total > MAX_SVG_SHAPES:
                return total
        if element.tag.rpartition("}")[2] == "use":
            href = element.get("href") or element.get(_XLINK_HREF) or ""
            target = ids.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                if id(target) in copying:
                    return MAX_SVG_SHAPES + 1
                total += count(target, copying | {id(target)}, depth + 1)
        counted[id(element)] = total
        return total

    return count(root, frozenset(), 0)
