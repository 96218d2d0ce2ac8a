"""Build a study's editions: render each to HTML, then to PDF under the output folder."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from .config import BuildOptions
from .errors import Problem, ProblemsFound
from .fonts import font_folders
from .loader import LoadedStudy
from .pdf import write_pdf
from .render import EDITIONS, PACKAGE_LAYOUTS, environment, render_html


def output_path(out_dir: Path, loaded: LoadedStudy, edition: str) -> Path:
    """Where an edition's PDF goes: output/<study>/<study>-<edition>.pdf."""
    return out_dir / loaded.slug / f"{loaded.slug}-{edition}.pdf"


def build_study(
    loaded: LoadedStudy,
    editions: list[str],
    options: BuildOptions,
    out_dir: Path,
    project: Path,
) -> list[Path]:
    """Write each edition's PDF; nothing is written unless every edition renders."""
    env = environment(project / "layouts")
    pages = {edition: _render(loaded, edition, options, env) for edition in editions}
    roots = (project, PACKAGE_LAYOUTS, *font_folders())
    written = []
    for edition, html in pages.items():
        target = output_path(out_dir, loaded, edition)
        write_pdf(html, target, roots, source=f"layouts/{edition}.html")
        written.append(target)
    return written


def _render(loaded: LoadedStudy, edition: str, options: BuildOptions, env) -> str:
    if edition not in EDITIONS:
        raise ProblemsFound(
            [Problem(edition, message="unknown edition", hint="use leader or participant")]
        )
    try:
        return render_html(loaded, edition, options, env)
    except TemplateSyntaxError as err:
        where = err.filename or err.name or f"layouts/{edition}.html"
        raise ProblemsFound(
            [
                Problem(
                    where,
                    err.lineno,
                    1,
                    err.message or "template syntax error",
                    "fix the layout template",
                )
            ]
        ) from None
    except TemplateError as err:
        raise ProblemsFound(
            [Problem(f"layouts/{edition}.html", message=str(err), hint="fix the layout template")]
        ) from None
