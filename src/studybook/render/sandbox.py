"""The layouts' sandbox: Jinja's immutable sandbox, with an allow-list of what layouts may touch.

A project's `layouts/` folder overrides the built-in layouts file by file. Layouts may come
from strangers: they see plain data only (see `plain`), may read only fields of that data and a
few read-only methods of text, lists and mappings, cannot change any data, and cannot build
text or lists without bounds. Any error in a layout is reported at its file and line.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

from ..errors import Problem, ProblemsFound
from ..jobs import OutOfTime
from ..project import PACKAGE_LAYOUTS, Unreadable, read_inside
from ..study import css_string, inline, plain_text, reference_span, whole_names
from .plain import Record

MAX_LAYOUT_BYTES = 1_000_000
MAX_BUILT = 1_000_000  # items or characters one `*` in a layout may make
_READ_ONLY = {
    str: frozenset(
        {
            *("capitalize", "casefold", "count", "endswith", "find", "format", "join"),
            *("isalnum", "isalpha", "isdigit", "islower", "isspace", "istitle", "isupper"),
            *("lower", "lstrip", "partition", "replace", "rfind", "rpartition", "rsplit"),
            *("rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title"),
            "upper",
        }
    ),
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
}
_JINJA_HELPERS = (LoopContext, Macro, Cycler, Joiner, Namespace)


class LayoutRefused(SecurityError):
    """A project layout file that may not be read, and why (and where in it, if known)."""

    def __init__(self, shown: str, reason: Unreadable, line: int = 0, column: int = 0) -> None:
        super().__init__(f"{shown}: {reason.message}")
        self.shown = shown
        self.reason = reason
        self.line, self.column = line, column


class ProjectLoader(BaseLoader):
    """A project's layouts/ folder, read through `read_inside`: regular files in the project."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.project = folder.parent

    def get_source(self, environment: Environment, template: str):
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        shown = f"layouts/{template}"
        try:
            data = read_inside(path, self.project, MAX_LAYOUT_BYTES)
            source = data.decode("utf-8-sig")
        except Unreadable as err:
            raise LayoutRefused(shown, err) from None
        except UnicodeDecodeError as err:
            before = data[: err.start].decode("utf-8", "replace")
            line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
            message = f"the file is not UTF-8 text (byte 0x{data[err.start]:02x})"
            reason = Unreadable(message, "save the layout as UTF-8 in your editor")
            raise LayoutRefused(shown, reason, line, column) from None
        mtime = os.path.getmtime(path)
        return source, str(path), lambda: os.path.lexists(path) and os.path.getmtime(path) == mtime


class CompiledLayouts(BytecodeCache):
    """Compiled layouts kept in this process's memory, shared by its environments.

    The fork server compiles the built-in layouts once (see `warmup`) and every job forked
    from it starts with them. A layout is looked up by its file and checked against its
    source, so an edited layout is compiled again.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledLayouts()


class LayoutEnvironment(ImmutableSandboxedEnvironment):
    """A sandboxed, autoescaping Jinja environment that knows where its layouts live."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, project_layouts: Path | None, loader: BaseLoader) -> None:
        super().__init__(
            loader=loader,
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=COMPILED,
        )
        self.project_layouts = project_layouts
        del self.globals["lipsum"]

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        """Fields of layout data, Jinja's own loop helpers, and read-only methods only."""
        if isinstance(obj, Record):
            return attr in obj
        if isinstance(obj, _JINJA_HELPERS):
            return super().is_safe_attribute(obj, attr, value)
        return any(
            isinstance(obj, kind) and attr in names for kind, names in _READ_ONLY.items()
        ) and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: object, attribute: str) -> None:
        """Refuse at once, rather than going on with an undefined value."""
        kind = type(obj).__name__
        raise SecurityError(f"access to attribute {attribute!r} of {kind!r} object is unsafe.")

    def call_binop(self, context, operator: str, left: object, right: object) -> object:
        """`*` and `**` within bounds: a layout cannot make a gigabyte of text."""
        if operator == "*":
            for items, times in ((left, right), (right, left)):
                sized = isinstance(items, str | list | tuple) and isinstance(times, int)
                if sized and len(items) * times > MAX_BUILT:
                    raise SecurityError(f"'*' would make more than {MAX_BUILT:,} items")
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("'**' with an exponent over 64")
        return super().call_binop(context, operator, left, right)

    def shown(self, filename: str) -> str | None:
        """How to name a layout file in a problem, or None if it is not a layout file."""
        path = Path(filename).absolute()
        if self.project_layouts and path.is_relative_to(self.project_layouts.absolute()):
            return f"layouts/{path.relative_to(self.project_layouts.absolute()).as_posix()}"
        if path.is_relative_to(PACKAGE_LAYOUTS):
            return f"built-in layout {path.relative_to(PACKAGE_LAYOUTS).as_posix()}"
        return None


def environment(project_layouts: Path | None = None) -> LayoutEnvironment:
    """The layout environment; a project's layouts/ win over the built-ins file by file."""
    loaders: list[BaseLoader] = [FileSystemLoader(PACKAGE_LAYOUTS)]
    if project_layouts is not None and project_layouts.is_dir():
        loaders.insert(0, ProjectLoader(project_layouts))
    else:
        project_layouts = None
    env = LayoutEnvironment(project_layouts, ChoiceLoader(loaders))
    env.filters["inline"] = _inline
    env.filters["scripture"] = _scripture
    env.filters["plain"] = plain_text
    env.filters["css_string"] = css_string
    env.filters["reference"] = reference_span
    return env


@pass_context
def _inline(context: Context, text: str) -> Markup:
    """The study's prose with its inline markup, as the study's language writes it, its
    footnotes and pictures taken from the layout's data."""
    language = context["study"]["language"]
    return inline(text, context.get("footnotes"), context.get("pictures"), language)


@pass_context
def _scripture(context: Context, text: str, last: bool = False) -> Markup:
    """Verse text from the translation, escaped, with its names (and its last word, if it
    ends the paragraph) never hyphenated."""
    return whole_names(text, context["translation"]["language"], last=last)


def layout_problems(env: LayoutEnvironment) -> list[Problem]:
    """Compile every project layout, so `studybook check` finds broken ones without a build."""
    if env.project_layouts is None:
        return []
    problems = []
    for path in sorted(env.project_layouts.rglob("*")):
        if path.suffix in (".html", ".css"):
            name = path.relative_to(env.project_layouts).as_posix()
            try:
                env.get_template(name)
            except OutOfTime as err:  # compiling works out constant expressions: no more
                raise ProblemsFound([*problems, layout_problem(env, name, err)]) from None
            except Exception as err:
                problems.append(layout_problem(env, name, err))
    return problems


def layout_problem(env: LayoutEnvironment, name: str, err: BaseException) -> Problem:
    """A problem for an error raised while loading or running the layout `name`."""
    if isinstance(err, TemplateSyntaxError):
        where = env.shown(err.filename or "") or err.name or name
        return Problem(
            where, err.lineno, 1, err.message or "template syntax error", "fix the layout"
        )
    if isinstance(err, LayoutRefused):
        return Problem(err.shown, err.line, err.column, err.reason.message, err.reason.hint)
    where, line = _layout_frame(env, err.__traceback__) or (f"layouts/{name}", 0)
    return Problem(where, line, 1 if line else 0, *_explain(err))


def _layout_frame(env: LayoutEnvironment, tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost layout file and line in a traceback. Jinja rewrites the traceback of
    an Exception to the templates' lines; a frame it has not rewritten (the job's limits
    are not Exceptions) is still its compiled code's, whose line the template maps."""
    found = None
    while tb is not None:
        shown = env.shown(tb.tb_frame.f_code.co_filename)
        if shown is not None:
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = (
                tb.tb_lineno
                if template is None
                else template.get_corresponding_lineno(tb.tb_lineno)
            )
            found = shown, line
        tb = tb.tb_next
    return found


def _explain(err: BaseException) -> tuple[str, str]:
    """What went wrong in a layout, and what to do about it."""
    if isinstance(err, MemoryError):
        message = "the layout needs more memory than one file may use"
        return message, "make it build less text, or allow more with --memory-limit MB"
    if isinstance(err, OutOfTime):
        message = f"the layout used {err} (the most one file may use)"
        return message, "make it do less (simpler loops), or allow more with --time-limit SECONDS"
    if isinstance(err, SecurityError):
        hint = "a layout may only use the study's data and studybook's filters"
        return f"the layout is not allowed to do this: {err}", hint
    if isinstance(err, TemplateNotFound):
        return f"layout '{err.name}' not found", "check the name in the include or extends"
    if isinstance(err, RecursionError):
        return "the layout includes or calls itself without end", "remove the loop"
    return f"error in the layout: {str(err) or type(err).__name__}", "fix the layout"
