"""Render a study edition to print HTML with Jinja2 layouts (project layouts override built-ins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from types import TracebackType

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from . import markup
from .config import BuildOptions
from .errors import Problem, ProblemsFound
from .fonts import font_faces
from .loader import LoadedStudy
from .locate import PACKAGE_LAYOUTS
from .model import Session, Study, participant_copy
from .paper import Paper
from .schedule import journal_date, session_date, summary
from .scripture import appendix

EDITIONS = {"leader": "Leader Guide", "participant": "Participant Handout"}


@dataclass(frozen=True)
class TypeScale:
    """Font sizes (pt), leading, and the height of a writing line."""

    body: float
    leading: float
    small: float
    lead: float
    h2: float
    h1: float
    title: float
    rule: float

    @classmethod
    def for_print(cls, paper: Paper, *, large: bool) -> TypeScale:
        """Body 10.5 pt on small pages, 12 pt on large ones; large print 16 or 17 pt."""
        roomy = paper.width > 500
        body = (17.0 if roomy else 16.0) if large else (12.0 if roomy else 10.5)
        sizes = {"small": 0.85, "lead": 1.1, "h2": 1.25, "h1": 1.9, "title": 2.4}
        if large:
            sizes = {**sizes, "small": 0.9, "h1": 1.6, "title": 2.0}
        return cls(
            body=body,
            leading=1.5 if large else 1.4,
            rule=round(body * (2.3 if large else 2.1), 1),
            **{name: round(body * ratio, 1) for name, ratio in sizes.items()},
        )


@dataclass(frozen=True)
class PageBox:
    """Page margins (pt): generous inside for the binding, room above for running heads."""

    top: float
    bottom: float
    inner: float
    outer: float

    @classmethod
    def for_paper(cls, paper: Paper) -> PageBox:
        m = paper.margin
        return cls(top=m * 1.25, bottom=m * 1.2, inner=m * 1.15, outer=m * 0.9)


@dataclass(frozen=True)
class PlanRow:
    part: str
    minutes: int | None
    total: int


@dataclass(frozen=True)
class JournalDay:
    number: int
    date: str | None = None


@dataclass(frozen=True)
class SessionView:
    """A session plus what the layouts need around it: number, anchors, plan, journal days."""

    number: int
    session: Session
    meeting: date | None = None
    meets_at: time | None = None
    locale: str = "en_US"

    @property
    def date(self) -> str | None:
        return session_date(self.meeting, self.meets_at, self.locale) if self.meeting else None

    @property
    def anchor(self) -> str:
        return f"session-{self.number}"

    @property
    def heading(self) -> str:
        title = markup.plain(self.session.title) if self.session.title else ""
        return f"Session {self.number}" + (f": {title}" if title else "")

    @property
    def running_head(self) -> str:
        return markup.plain(self.session.title) if self.session.title else self.heading

    @property
    def question_minutes(self) -> int | None:
        return sum(q.minutes or 0 for q in self.session.questions) or None

    @property
    def plan(self) -> list[PlanRow]:
        parts = [(s.heading, s.minutes) for s in self.session.sections]
        if self.session.living_it_out:
            parts.append((self.session.living_it_out.heading, None))
        if self.session.questions:
            parts.append(("Discussion Questions", self.question_minutes))
        rows, total = [], 0
        for part, minutes in parts:
            total += minutes or 0
            rows.append(PlanRow(part, minutes, total))
        return rows

    @property
    def journal_days(self) -> list[JournalDay]:
        journal = self.session.journal
        if journal is None:
            return []
        return [
            JournalDay(n, self._day_after(n) if self.meeting else None)
            for n in range(1, journal.days + 1)
        ]

    def _day_after(self, days: int) -> str:
        return journal_date(self.meeting + timedelta(days=days), self.locale)


class ProjectLoader(FileSystemLoader):
    """A project's layouts/ folder; a file there that links outside the project is refused."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder
        self.project = folder.parent.resolve()

    def get_source(self, environment: Environment, template: str):
        path = self.folder.joinpath(*split_template_path(template))
        if path.is_file() and not path.resolve().is_relative_to(self.project):
            raise LinkOutside(f"layouts/{template}")
        return super().get_source(environment, template)


class LinkOutside(SecurityError):
    """A project layout that is a link to a file outside the project."""

    def __init__(self, shown: str) -> None:
        super().__init__(f"{shown} is a link to a file outside the project")
        self.shown = shown


class LayoutEnvironment(SandboxedEnvironment):
    """A sandboxed, autoescaping Jinja environment that knows where its layouts live."""

    def __init__(self, project_layouts: Path | None, loader: BaseLoader) -> None:
        super().__init__(
            loader=loader,
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.project_layouts = project_layouts

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
    env.filters["inline"] = markup.inline
    env.filters["plain"] = markup.plain
    env.filters["css_string"] = markup.css_string
    env.filters["reference"] = markup.reference_span
    return env


def edition_study(loaded: LoadedStudy, edition: str) -> Study:
    """The study as an edition may see it: participants never get leader-only data."""
    return loaded.study if edition == "leader" else participant_copy(loaded.study)


def render_html(
    loaded: LoadedStudy,
    edition: str,
    options: BuildOptions,
    env: LayoutEnvironment,
    *,
    session: int | None = None,
) -> str:
    """The complete print HTML of one edition of a study, or of one session's handout."""
    study = edition_study(loaded, edition)
    type_scale = TypeScale.for_print(options.paper, large=options.large_print)
    page = PageBox.for_paper(options.paper)
    schedule = options.schedule
    dates = schedule.meeting_dates(len(study.sessions)) or [None] * len(study.sessions)
    sessions = [
        SessionView(n, s, day, schedule.time, options.locale)
        for n, (s, day) in enumerate(zip(study.sessions, dates, strict=True), 1)
        if session is None or n == session + 1
    ]
    citations = [c for c in loaded.citations if session is None or c.session in (session, None)]
    label = EDITIONS[edition] + (f" · Session {session + 1}" if session is not None else "")
    logo = options.customisation.logo
    return _render_template(
        env,
        f"{edition}.html",
        study=study,
        edition=edition,
        edition_label=label,
        sessions=sessions,
        passages=appendix(citations, options.translation, leader=edition == "leader"),
        translation=options.translation,
        customisation=options.customisation,
        production=options.production,
        logo_url=logo.as_uri() if logo else None,
        schedule_summary=summary(dates, schedule.time, options.locale) if dates[0] else None,
        paper=options.paper,
        page=page,
        type=type_scale,
        journal_lines=_journal_lines(options.paper, page, type_scale),
        fonts=font_faces(),
    )


def _render_template(env: LayoutEnvironment, name: str, **context: object) -> str:
    """Render a layout; a broken layout becomes a problem naming its file and line."""
    try:
        return env.get_template(name).render(**context)
    except Exception as err:  # a layout is a program: any error in it is the layout's
        raise ProblemsFound([_layout_problem(env, name, err)]) from None


def layout_problems(env: LayoutEnvironment) -> list[Problem]:
    """Compile every project layout, so `studybook check` finds broken ones without a build."""
    if env.project_layouts is None:
        return []
    problems = []
    for path in sorted(env.project_layouts.rglob("*")):
        if path.suffix in (".html", ".css") and path.is_file():
            name = path.relative_to(env.project_layouts).as_posix()
            try:
                env.get_template(name)
            except Exception as err:
                problems.append(_layout_problem(env, name, err))
    return problems


def _layout_problem(env: LayoutEnvironment, name: str, err: Exception) -> Problem:
    if isinstance(err, TemplateSyntaxError):
        where = env.shown(err.filename or "") or err.name or name
        return Problem(
            where, err.lineno, 1, err.message or "template syntax error", "fix the layout"
        )
    if isinstance(err, LinkOutside):
        hint = "copy the layout into the project's layouts/ folder instead of linking to it"
        return Problem(
            err.shown, message="this layout is a link to a file outside the project", hint=hint
        )
    where, line = _layout_frame(env, err.__traceback__) or (f"layouts/{name}", 0)
    return Problem(where, line, 1 if line else 0, *_explain(err))


def _layout_frame(env: LayoutEnvironment, tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost layout file and line in a traceback (Jinja maps frames to templates)."""
    found = None
    while tb is not None:
        shown = env.shown(tb.tb_frame.f_code.co_filename)
        if shown is not None:
            found = shown, tb.tb_lineno
        tb = tb.tb_next
    return found


def _explain(err: Exception) -> tuple[str, str]:
    """What went wrong in a layout, and what to do about it."""
    if isinstance(err, SecurityError):
        hint = "a layout may only use the study's data and studybook's filters"
        return f"the layout is not allowed to do this: {err}", hint
    if isinstance(err, TemplateNotFound):
        return f"layout '{err.name}' not found", "check the name in the include or extends"
    return f"error in the layout: {str(err) or type(err).__name__}", "fix the layout"


def _journal_lines(paper: Paper, page: PageBox, type_scale: TypeScale) -> int:
    """How many writing lines fit under a journal page's heading and prompt."""
    heading = type_scale.h2 * 1.2 + type_scale.body * 2
    prompt = 3 * type_scale.small * type_scale.leading
    free = paper.height - page.top - page.bottom - heading - prompt - type_scale.body
    return int(free // type_scale.rule)
