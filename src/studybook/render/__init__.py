"""Render a study edition to print HTML with sandboxed Jinja2 layouts."""

from __future__ import annotations

from ..config import BuildOptions
from ..errors import ProblemsFound
from ..labels import translations
from ..loader import LoadedStudy
from .context import layout_context
from .sandbox import LayoutEnvironment, layout_problem


def render_html(
    loaded: LoadedStudy,
    edition: str,
    options: BuildOptions,
    env: LayoutEnvironment,
    *,
    session: int | None = None,
) -> str:
    """The complete print HTML of one edition of a study, or of one session's handout.

    A broken layout becomes a problem naming its file and line.
    """
    context = layout_context(loaded, edition, options, session)
    env.install_gettext_translations(translations(loaded.study.language), newstyle=True)
    name = f"{edition}.html"
    try:
        return env.get_template(name).render(context)
    except MemoryError:
        raise  # the job's memory limit, not the layout's mistake
    except Exception as err:  # a layout is a program: any error in it is the layout's
        raise ProblemsFound([layout_problem(env, name, err)]) from None
