"""Study → print HTML: the plain data of one edition (`context`, `sessions`, `plain`: what a
layout may see instead of Python objects) merged with sandboxed Jinja2 layouts (`sandbox`:
the project's `layouts/` over the built-in ones, with an allow-list of what they may touch).

Takes a loaded study, an edition and the build options; gives the print HTML, or the
layout's problem at its file and line."""

from __future__ import annotations

from ..errors import ProblemsFound
from ..jobs import OutOfTime
from ..resources import translations
from ..settings import BuildOptions
from ..study import LoadedStudy
from .context import layout_context
from .sandbox import LayoutEnvironment, environment, layout_problem, layout_problems

__all__ = ["LayoutEnvironment", "environment", "layout_name", "layout_problems", "render_html"]


def layout_name(edition: str, session: int | None = None) -> str:
    """The layout drawing an edition (`leader.html`), or one session's handout."""
    return f"{edition}.html" if session is None else "handout.html"


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
    name = layout_name(edition, session)
    try:
        return env.get_template(name).render(context)
    except (MemoryError, OutOfTime) as err:  # the job's limits, spent where the layout is
        raise ProblemsFound([layout_problem(env, name, err)]) from None
    except Exception as err:  # a layout is a program: any error in it is the layout's
        raise ProblemsFound([layout_problem(env, name, err)]) from None
