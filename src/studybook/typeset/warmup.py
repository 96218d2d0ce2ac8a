"""Warm the fork server up once, so that no render job pays for a first document.

Render jobs fork from a server that imports this module (see `workers.PRELOAD`). Importing
it imports WeasyPrint and studybook's render stages, renders one small tagged PDF with every
bundled font face and English hyphenation, and compiles the built-in layouts: fontconfig's
font list, Pango's font map, the hyphenation patterns, the C types WeasyPrint declares on
first use and the compiled layouts are then already in every job's memory. It reads no
project and no user input; a failure only means colder jobs.
"""

from __future__ import annotations

import gc
import logging

from ..project import PACKAGE_LAYOUTS
from ..render import environment
from ..resources import font_faces
from . import fontjoin, join, parts, pdf  # noqa: F401  (for every job)
from .tagging import finish

_TEXT = (
    "Moses pleads for the people who wronged him, and keeps returning in prayer "
    "until God grants peace to his heart."
)


def _page() -> str:
    """A small tagged document: every font face, a heading, a list, a link, a table."""
    faces = "".join(
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
        f'font-style: {f.style}; src: url("{f.url}"); }}'
        for f in font_faces()
    )
    runs = "".join(
        f"<p style=\"font: {f.style} {f.weight} 10pt '{f.family}'\">{_TEXT}</p>"
        for f in font_faces()
    )
    return (
        f'<html lang="en"><head><title>Warm-up</title><style>{faces}'
        "@page { size: A5; @bottom-right { content: counter(page) } }"
        "html { hyphens: auto; text-align: justify }</style></head><body>"
        f'<h1 id="top">Warm-up</h1>{runs}<ul><li>{_TEXT}</li></ul>'
        '<table><tr><th>Part</th><td>5</td></tr></table><a href="#top">Top</a>'
        "</body></html>"
    )


def warm() -> None:
    """Render the warm-up PDF and compile every built-in layout into the shared cache."""
    from weasyprint import HTML

    variant = "pdf/ua-1"
    document = HTML(string=_page(), base_url=PACKAGE_LAYOUTS.as_uri()).render(pdf_variant=variant)
    document.write_pdf(pdf_variant=variant, finisher=finish)
    del document
    gc.collect()  # its fonts' temporary folder goes now, not in a jailed job
    layouts = environment(None)
    for path in sorted(PACKAGE_LAYOUTS.iterdir()):
        if path.suffix in (".html", ".css"):
            layouts.get_template(path.name)


try:
    warm()
except Exception:  # warming is an optimisation: a job does the same work if it must
    logging.getLogger(__name__).debug("warm-up failed", exc_info=True)
# Everything so far lives as long as the server: the garbage collector of each job leaves it
# alone (a collection is quick, and does not copy the server's memory into the job).
gc.freeze()
