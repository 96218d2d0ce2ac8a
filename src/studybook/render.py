"""Render a study edition to print HTML with Jinja2 layouts (project layouts override built-ins)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from . import markup
from .config import BuildOptions
from .fonts import font_faces
from .loader import LoadedStudy
from .model import Session, Study, participant_copy
from .paper import Paper
from .scripture import appendix

PACKAGE_LAYOUTS = Path(__file__).parent / "layouts"
EDITIONS = {"leader": "Leader Guide", "participant": "Participant Handout"}


@dataclass(frozen=True)
class TypeScale:
    """Font sizes (pt) and leading for one body size."""

    body: float
    leading: float = 1.4

    def __getattr__(self, name: str) -> float:
        ratios = {"small": 0.85, "lead": 1.1, "h2": 1.25, "h1": 1.9, "title": 2.4, "rule": 2.1}
        if name not in ratios:
            raise AttributeError(name)
        return round(self.body * ratios[name], 1)


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
    date: str | None = None

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
        return [JournalDay(n) for n in range(1, journal.days + 1)] if journal else []


def environment(project_layouts: Path | None = None) -> SandboxedEnvironment:
    """A sandboxed, autoescaping Jinja environment; a project's layouts/ win file by file."""
    loaders = [FileSystemLoader(PACKAGE_LAYOUTS)]
    if project_layouts is not None and project_layouts.is_dir():
        loaders.insert(0, FileSystemLoader(project_layouts))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inline"] = markup.inline
    env.filters["plain"] = markup.plain
    return env


def edition_study(loaded: LoadedStudy, edition: str) -> Study:
    """The study as an edition may see it: participants never get leader-only data."""
    return loaded.study if edition == "leader" else participant_copy(loaded.study)


def render_html(
    loaded: LoadedStudy, edition: str, options: BuildOptions, env: SandboxedEnvironment
) -> str:
    """The complete print HTML of one edition of a study."""
    study = edition_study(loaded, edition)
    type_scale = TypeScale(body=10.5)
    page = PageBox.for_paper(options.paper)
    return env.get_template(f"{edition}.html").render(
        study=study,
        edition=edition,
        edition_label=EDITIONS[edition],
        sessions=[SessionView(n, s) for n, s in enumerate(study.sessions, 1)],
        passages=appendix(loaded.citations, options.translation, leader=edition == "leader"),
        translation=options.translation,
        customisation=options.customisation,
        schedule_summary=None,
        paper=options.paper,
        page=page,
        type=type_scale,
        journal_lines=_journal_lines(options.paper, page, type_scale),
        fonts=font_faces(),
    )


def _journal_lines(paper: Paper, page: PageBox, type_scale: TypeScale) -> int:
    """How many writing lines fit under a journal page's heading and prompt."""
    heading = type_scale.h2 * 1.2 + type_scale.body * 2
    prompt = 3 * type_scale.small * type_scale.leading
    free = paper.height - page.top - page.bottom - heading - prompt - type_scale.body
    return int(free // type_scale.rule)
