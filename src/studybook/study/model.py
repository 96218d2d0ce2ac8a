"""The typed study model: a study is sessions, and a session is blocks in the author's order
(see `blocks`), with the fields around them: title, number, date, passage, readings, key
verse, opening, closing, journal, and the author's own labels.

Edition-only material is marked here, in the data, not in templates: `edition_copy`
removes what an edition may not see before it is rendered.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .blocks import (
    FOOTNOTE_CALL,
    LEADER_ONLY,
    ContentBlock,
    Label,
    Labels,
    LeaderNote,
    Mark,
    Node,
    Number,
    Reference,
    Section,
    SessionBlock,
    Text,
    Title,
    Verse,
    is_hidden,
    one_or_more_of,
)

FILL_IN = re.compile(r"\[\[(.+?)\]\]")
MAX_SESSIONS = 60
FIRST_YEAR, LAST_YEAR = 1900, 2199
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _meeting_date(value: Any) -> Any:
    """A date written as text in ISO form (2027-01-13), as Markdown attributes give it, is a
    date; any other text is a date line printed as written."""
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a real date") from None
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_range",
            "meeting dates fall between {first} and {last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


SessionDate = Annotated[
    date | Title, BeforeValidator(_meeting_date, json_schema_input_type=date | Title)
]
FootnoteLabel = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\s\[\]^]+$")]


class Journal(Node):
    """Ruled journal pages for the days after the meeting, in the participants' edition."""

    days: Annotated[int, Field(ge=1, le=14)] = 6
    """Journal pages, one per day after the meeting (1–14)."""
    prompt: Text | None = None
    """The question at the top of each page."""
    label: Label | None = None
    """The author's label instead of "Journal"."""


class Session(Node):
    """One meeting: its title and passage, and its blocks in order."""

    title: Title | None = None
    """The session's title; without one it is "Session 1" (or, alone, the study's title)."""
    number: Number | None = None
    """The author's number instead of studybook's count; `false` for none."""
    date: SessionDate | None = None
    """The session's own date: `2027-03-14` (printed in the study's language and put in the
    calendar), or text printed as written (`Feb. 2/3`)."""
    passage: Reference | None = None
    """The main passage, under the title; it may have brackets and a caption: `(Mark
    12:41-44) The Widow Gives All`."""
    readings: Annotated[list[Reference], one_or_more_of(Reference)] = []
    """This week's readings: a reference or a list."""
    key_verse: Verse | None = None
    """The key (memory) verse: `verse`, `text`, `translation`, `label`."""
    opening: list[ContentBlock] = []
    """Blocks before everything else, e.g. a prayer."""
    blocks: list[SessionBlock] = []
    """The session itself: blocks and parts, in order."""
    closing: list[ContentBlock] = []
    """Blocks after everything else."""
    journal: Journal | None = None
    """Ruled journal pages for participants after the session."""
    labels: Labels | None = None
    """The author's labels in this session, over the study's."""

    @property
    def questions(self) -> list[Any]:
        """Every question of the session, in order (they are numbered through it)."""
        return [block for block in _flat(self.opening, self.blocks, self.closing)
                if block.kind == "question"]  # fmt: skip


def _flat(*lists: list[Any]) -> list[Any]:
    """Blocks with the blocks of every part and activity in them, in order."""
    found = []
    for blocks in lists:
        for block in blocks:
            found += _flat(block.blocks) if isinstance(block, Section) else [block]
    return found


class Edition(Node):
    """An edition's own title and subtitle, printed instead of the study's."""

    title: Title | None = None
    """The edition's own title."""
    subtitle: Title | None = None
    """The edition's own subtitle."""


class ParticipantEdition(Edition):
    """The participant edition: a booklet (cover, contents, appendix) or a sheet (no cover,
    no contents, the appendix only if asked for), and optionally laid out for children."""

    shape: Literal["booklet", "sheet"] | None = None
    """A `booklet` (cover, contents, appendix) or a `sheet` (no cover, no contents)."""
    appendix: bool | None = None
    """Whether it has the appendix of passages (a booklet has one, a sheet not)."""
    children: bool = False
    """`true`: set for children, in larger plain type with boxes to draw in."""


class Editions(Node):
    """Each edition's own title, and the participants' shape."""

    leader: Edition | None = None
    """The leader's guide's own title and subtitle."""
    participant: ParticipantEdition | None = None
    """The participants' edition's title, subtitle, shape, appendix and children."""


class Study(Node):
    """A small-group Bible study: its title and its sessions."""

    title: Title
    """The study's title."""
    subtitle: Title | None = None
    """Its subtitle."""
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    """Its language, e.g. `en`, `es`, `pt-BR`: the labels, dates, hyphenation and how
    references are read."""
    editions: Editions = Editions()
    """Each edition's own title, and the participants' shape."""
    labels: Labels | None = None
    """The author's words for the boxes studybook labels, printed instead of its own."""
    marks: Annotated[dict[Mark, Label], Field(max_length=12)] = {}
    """A method's marks and their meanings, e.g. `{O: Observation, I: Interpretation}`:
    printed "(O)" with a legend."""
    footnotes: Annotated[dict[FootnoteLabel, Text], Field(max_length=500)] = {}
    """The footnotes the text calls with `[^label]`."""
    session_numbers: bool | None = None
    """`false`: no session numbers; `true`: number even a study of one session."""
    question_numbers: Literal["session", "study", "none"] = "session"
    """Number questions through each `session`, through the whole `study`, or `none`."""
    sessions: Annotated[list[Session], Field(min_length=1, max_length=MAX_SESSIONS)]
    """The sessions, 1–60."""


M = TypeVar("M", bound=BaseModel)


def edition_copy(study: Study, edition: str) -> Study:
    """The study as one edition sees it: without what the other edition alone may see
    (for participants: leader-only fields and blocks, and fill-in answers blanked), and
    without footnotes nothing left refers to."""
    copy = _copy(study, edition)
    called = {m for _, text in _strings(copy) for m in FOOTNOTE_CALL.findall(text)}
    footnotes = {label: text for label, text in copy.footnotes.items() if label in called}
    return copy.model_copy(update={"footnotes": footnotes})


def participant_copy(study: Study) -> Study:
    """The participant edition's study (see `edition_copy`)."""
    return edition_copy(study, "participant")


def _copy(model: M, edition: str) -> M:
    changes = {
        name: _strip(getattr(model, name), info.metadata, edition)
        for name, info in type(model).model_fields.items()
        if name != "footnotes"
    }
    return model.model_copy(update=changes)


def _strip(value: Any, metadata: list[Any], edition: str) -> Any:
    participant = edition == "participant"
    if participant and LEADER_ONLY in metadata:
        return [] if isinstance(value, list) else None
    if isinstance(value, BaseModel):
        return _copy(value, edition)
    if isinstance(value, list):
        kept = [_strip(item, [], edition) for item in value if not is_hidden(item, edition)]
        return [item for item in kept if not (isinstance(item, Section) and not item.blocks)]
    if isinstance(value, str) and participant:
        return FILL_IN.sub(lambda m: "[[" + "_" * len(m.group(1)) + "]]", value)
    return value


def _strings(value: Any) -> list[tuple[str, str]]:
    """Every text in a model, with its field name."""
    if isinstance(value, str):
        return [("", value)]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in _strings(getattr(value, name))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def leader_only_at(data: Any, path: tuple[str | int, ...]) -> bool:
    """Whether the value at `path` in a study's data is for the leader only: inside a
    leader-only field, a leader note, or a leader-only block or part."""
    hidden = _leader_only_fields()
    for part in path:
        if isinstance(data, dict) and data.get("leader_only") is True:
            return True
        if part in hidden:
            return True
        data = data[part] if isinstance(data, dict | list) else None
    return False


def is_reference_field(path: tuple[str | int, ...]) -> bool:
    """Whether the value at `path` is a field that holds scripture references only."""
    return path[-1] in ("ref", "verse", "passage") or (len(path) > 1 and path[-2] == "readings")


@functools.cache
def _leader_only_fields() -> frozenset[str]:
    """Names of the fields that only the leader edition may show, leader notes included."""
    return frozenset(
        name
        for model in _models(Node)
        for name, info in model.model_fields.items()
        if LEADER_ONLY in info.metadata
    ) | {LeaderNote.kind}


def _models(base: type[Node]) -> list[type[Node]]:
    return [base, *(m for sub in base.__subclasses__() for m in _models(sub))]
