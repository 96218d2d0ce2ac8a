"""What layouts get: the plain data of one edition of a study, with the page geometry."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from ..resources import EDITIONS, date_locale, font_faces, translations
from ..scripture import appendix, names_for, verse_text
from ..settings import BuildOptions, Customisation, Paper, summary
from ..study import LoadedStudy, Study, edition_copy
from .plain import Plain, plain
from .punctuation import quotation_marks, smart_punctuation, smarten
from .sessions import session_views


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
    def for_print(cls, paper: Paper, *, large: bool, children: bool = False) -> TypeScale:
        """Body 10.5 pt on small pages, 12 pt on large ones; for children 13 or 14 pt.

        Large print follows the American Council of the Blind's guidelines (2025): 18 pt for
        every text (running heads, notes and page numbers too), headings of 20 and 22 pt,
        and lines 1.5 apart (RNIB: 1.5 to 2), with writing lines 14.6 mm apart.
        """
        if large:
            return cls(body=18, leading=1.5, small=18, lead=18, h2=20, h1=22, title=30, rule=41.4)
        roomy = paper.width > 500
        body = (12.0 if roomy else 10.5) if not children else (14.0 if roomy else 13.0)
        sizes = {"small": 0.85, "lead": 1.1, "h2": 1.25, "h1": 1.9, "title": 2.6}
        return cls(
            body=body,
            leading=1.4,
            rule=round(body * 2.1, 1),
            **{name: round(body * ratio, 1) for name, ratio in sizes.items()},
        )


@dataclass(frozen=True)
class PageBox:
    """Page margins (pt): generous inside for the binding, room above for running heads; and
    the appendix's columns: two on letter and A4, where one line would run past 75
    characters, one on small pages and in large print (whose guidelines ask for one)."""

    top: float
    bottom: float
    inner: float
    outer: float
    columns: int

    @classmethod
    def for_paper(cls, paper: Paper, *, large: bool) -> PageBox:
        m = paper.margin
        columns = 2 if paper.width > 500 and not large else 1
        return cls(top=m * 1.25, bottom=m * 1.2, inner=m * 1.15, outer=m * 0.9, columns=columns)


def edition_study(loaded: LoadedStudy, edition: str) -> Study:
    """The study as an edition may see it, with the edition's own title: participants
    never get leader-only data, nor leaders participant-only data."""
    study = edition_copy(loaded.study, edition)
    own = study.editions.leader if edition == "leader" else study.editions.participant
    if own is None:
        return study
    return study.model_copy(
        update={"title": own.title or study.title, "subtitle": own.subtitle or study.subtitle}
    )


@dataclass(frozen=True)
class Shape:
    """How an edition is put together: a booklet (cover, contents, appendix, back cover)
    or a sheet (the sessions from the first page; the appendix only if asked for), and
    whether it is laid out for children (larger type, boxes to draw in)."""

    name: str = "booklet"
    appendix: bool = True
    children: bool = False

    @classmethod
    def of(cls, study: Study, edition: str, options: BuildOptions) -> Shape:
        """The leader's guide is a booklet; the participants' edition is the shape the
        settings or else the study ask for."""
        own = study.editions.participant
        if edition == "leader":
            return cls()
        name = options.shape or (own and own.shape) or "booklet"
        appendix = own.appendix if own and own.appendix is not None else name == "booklet"
        return cls(name, appendix, bool(own and own.children))


def layout_context(
    loaded: LoadedStudy, edition: str, options: BuildOptions, session: int | None = None
) -> dict[str, Plain]:
    """Everything the layouts of one edition (or one session's handout) may use, as plain data."""
    study = edition_study(loaded, edition)
    shape = Shape.of(loaded.study, edition, options)
    custom = options.customisation
    if options.smart_punctuation:
        study = smarten(study, study.language)
        custom = _smart_names(custom, study.language)
    type_scale = TypeScale.for_print(
        options.paper, large=options.large_print, children=shape.children
    )
    page = PageBox.for_paper(options.paper, large=options.large_print)
    schedule = options.schedule
    dates = schedule.session_dates([s.date for s in study.sessions])
    meetings = [day for day in dates if isinstance(day, date)]
    translation = options.translation
    locale = options.locale or date_locale(study.language)
    _ = translations(study.language).gettext
    verses = partial(verse_text, translation=translation, language=study.language)
    views = session_views(study, dates, schedule.time, locale, verses, _)
    sessions = [v for n, v in enumerate(views) if session is None or n == session]
    legend = next((view for view in sessions if view["marks"]), None)
    for view in sessions:
        view["legend"] = view["marks"] if view is legend else []
    citations = [c for c in loaded.citations if session is None or c.session in (session, None)]
    label = _(EDITIONS[edition])
    if session is not None:
        label += " · " + sessions[0]["heading"]
    passages = appendix(citations, translation, leader=edition == "leader")
    folder = loaded.path.parent
    return {
        name: plain(value)
        for name, value in {
            "study": study,
            "edition": edition,
            "edition_label": label,
            "sessions": sessions,
            "shape": shape.name,
            "children": shape.children,
            "appendix": shape.appendix,
            "footnotes": study.footnotes,
            "pictures": {p.src: (folder / p.src).resolve().as_uri() for p in loaded.pictures},
            "passages": [{"label": p.label, "verses": p.verses} for p in passages],
            "chapter_verse": names_for(study.language).style.chapter_verse,
            "quotes": quotation_marks(study.language),
            "translation": {
                "name": translation.name,
                "abbreviation": translation.abbreviation,
                "notice": _(translation.notice),
                "language": translation.language or study.language,
            },
            "customisation": {
                "church": custom.church,
                "group": custom.group,
                "leader": custom.leader,
                "place": custom.place,
                "footer": custom.footer,
            },
            "production": options.production,
            "large_print": options.large_print,
            "cover": options.cover,
            "ink": _ink(cmyk=options.production.pdf_x),
            "logo_url": custom.logo.as_uri() if custom.logo else None,
            "schedule_summary": summary(meetings, schedule.time, locale) if meetings else None,
            "paper": {
                "key": options.paper.key,
                "name": options.paper.name,
                "width": options.paper.width,
                "height": options.paper.height,
                "css_size": options.paper.css_size,
            },
            "page": page,
            "type": type_scale,
            "journal_lines": _journal_lines(options.paper, page, type_scale),
            "fonts": [
                {"family": f.family, "weight": f.weight, "style": f.style, "url": f.url}
                for f in font_faces()
            ],
        }.items()
    }


def _smart_names(custom: Customisation, language: str) -> Customisation:
    """The church's names with smart punctuation (St. Mary’s), as the study's words have."""
    names = {k: getattr(custom, k) for k in ("church", "group", "leader", "place")}
    return replace(custom, **{k: v and smart_punctuation(v, language) for k, v in names.items()})


def _ink(*, cmyk: bool) -> dict[str, str]:
    """The stylesheet's colours: black and greys, in black ink alone (CMYK) for print shops,
    where an RGB black would print as four inks on top of each other."""
    greys = {"text": 1.0, "soft": 0.8, "rule": 0.6, "line": 0.4, "tint": 0.07, "paper": 0.0}
    if cmyk:
        return {name: f"device-cmyk(0 0 0 {k:g})" for name, k in greys.items()}
    return {name: "#" + f"{round(255 * (1 - k)):02x}" * 3 for name, k in greys.items()}


def _journal_lines(paper: Paper, page: PageBox, type_scale: TypeScale) -> int:
    """How many writing lines fit under a journal page's heading and prompt."""
    heading = type_scale.h2 * 1.2 + type_scale.body * 2
    prompt = 3 * type_scale.small * type_scale.leading
    free = paper.height - page.top - page.bottom - heading - prompt - type_scale.body
    return int(free // type_scale.rule)
