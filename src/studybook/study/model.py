"""The typed study model: a study is sessions, and a session is blocks in the author's order.

A block is one thing on the page: a paragraph, a quotation, a verse, bullets, numbered steps,
an instruction, a question, a leader note or a prayer. A part groups blocks under a heading
and may carry minutes. Leader-only material is marked here, in the data, not in templates:
`participant_copy` removes it before a participant edition is rendered.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

LEADER_ONLY = "leader-only"
FILL_IN = re.compile(r"\[\[(.+?)\]\]")

# Size limits, so that any study accepted builds in bounded time and memory.
MAX_TITLE = 200  # characters in a title, heading or reference (repeated in running heads)
MAX_TEXT = 5_000  # characters in one paragraph, bullet, note or answer
MAX_SESSIONS = 60


def _one_or_more(value: Any) -> Any:
    """One text where a list is expected is a list of that one text."""
    return [value] if isinstance(value, str) else value


def _one_or_more_of(item: Any) -> BeforeValidator:
    """A list field that also takes one item (its JSON Schema says so too)."""
    return BeforeValidator(_one_or_more, json_schema_input_type=item | list[item])


Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Reference = Title
Minutes = Annotated[int, Field(ge=1, le=240)]
Texts = Annotated[list[Text], _one_or_more_of(Text), Field(min_length=1)]
LeaderTexts = Annotated[list[Text], _one_or_more_of(Text), LEADER_ONLY]


class Node(BaseModel):
    """Base for every content object: unknown fields are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Block(Node):
    """One thing on the page; `kind` names it (the field that holds its main content)."""

    kind: ClassVar[str]


class Paragraph(Block):
    kind = "paragraph"
    paragraph: Text


class Quote(Block):
    """A quotation set off from the text, with the reference it comes from."""

    kind = "quote"
    quote: Text
    ref: Reference | None = None


class Verse(Block):
    """Scripture shown in full; without `text`, the text comes from the build's translation."""

    kind = "verse"
    verse: Reference
    text: Text | None = None
    translation: Title | None = None


class Bullets(Block):
    kind = "bullets"
    bullets: Annotated[list[Text], Field(min_length=1)]


class Step(Node):
    title: Title
    text: Text | None = None
    bullets: list[Text] = []


class Steps(Block):
    """A numbered list; a step is a text, or a title with an optional text and bullets."""

    kind = "steps"
    steps: Annotated[list[Step | Text], Field(min_length=1)]


class Instruction(Block):
    """Something the group does now, e.g. "Read Matthew 5:21-26 aloud"."""

    kind = "instruction"
    instruction: Text


class Question(Block):
    """A question, numbered through the session, with room to write in the participant's copy."""

    kind = "question"
    question: Text
    lines: Annotated[int, Field(ge=0, le=40)] = 4
    minutes: Minutes | None = None
    answer: LeaderTexts = []
    leader_note: LeaderTexts = []


class LeaderNote(Block):
    """A note only the leader's guide prints."""

    kind = "leader_note"
    leader_note: Texts


class Prayer(Block):
    kind = "prayer"
    prayer: Text


CONTENT_BLOCKS = (
    Paragraph,
    Quote,
    Verse,
    Bullets,
    Steps,
    Instruction,
    Question,
    LeaderNote,
    Prayer,
)


def block_kind(value: Any) -> str | None:
    """Which kind of block some data is: the kind field it holds (None if none, or two)."""
    if isinstance(value, Block):
        return value.kind
    if not isinstance(value, dict):
        return None
    kinds = [key for key in value if key in BLOCK_KINDS]
    # A question's own leader_note is a field of the question, not a second kind.
    main = [k for k in kinds if all(o == k or o in BLOCK_KINDS[k].model_fields for o in kinds)]
    return main[0] if len(main) == 1 else None


def _one_of(*models: type[Block]) -> Any:
    """A list item that is one of `models`, told apart by its kind field."""
    tagged = functools.reduce(operator.or_, (Annotated[m, Tag(m.kind)] for m in models))
    return Annotated[tagged, Discriminator(block_kind)]


ContentBlock = _one_of(*CONTENT_BLOCKS)


class Part(Block):
    """Blocks under a heading, optionally timed; a leader-only part is the leader's alone."""

    kind = "part"
    part: Title
    minutes: Minutes | None = None
    leader_only: bool = False
    blocks: Annotated[list[ContentBlock], Field(min_length=1)]

    @model_validator(mode="after")
    def _questions_fit(self) -> Part:
        """The minutes of a part's questions add up to no more than the part's own."""
        asked = sum(b.minutes or 0 for b in self.blocks if isinstance(b, Question))
        if self.minutes is not None and asked > self.minutes:
            raise PydanticCustomError(
                "minutes_exceeded",
                "the questions in this part take {asked} minutes, more than its {minutes}",
                {"asked": asked, "minutes": self.minutes},
            )
        return self


BLOCK_KINDS = {model.kind: model for model in (*CONTENT_BLOCKS, Part)}
SessionBlock = _one_of(*CONTENT_BLOCKS, Part)


class Journal(Node):
    days: Annotated[int, Field(ge=1, le=14)] = 6
    prompt: Text | None = None


class Session(Node):
    title: Title | None = None
    passage: Reference | None = None
    readings: Annotated[list[Reference], _one_or_more_of(Reference)] = []
    key_verse: Verse | None = None
    opening: list[ContentBlock] = []
    blocks: list[SessionBlock] = []
    closing: list[ContentBlock] = []
    journal: Journal | None = None

    @property
    def questions(self) -> list[Question]:
        """Every question of the session, in order (they are numbered through it)."""
        flat = [
            inner
            for block in (*self.opening, *self.blocks, *self.closing)
            for inner in (block.blocks if isinstance(block, Part) else [block])
        ]
        return [block for block in flat if isinstance(block, Question)]


class Study(Node):
    title: Title
    subtitle: Title | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    sessions: Annotated[list[Session], Field(min_length=1, max_length=MAX_SESSIONS)]


M = TypeVar("M", bound=BaseModel)


def participant_copy(model: M) -> M:
    """A copy without leader-only fields and blocks, and with every fill-in answer blanked."""
    changes = {
        name: _strip(getattr(model, name), info.metadata)
        for name, info in type(model).model_fields.items()
    }
    return model.model_copy(update=changes)


def _strip(value: Any, metadata: list[Any]) -> Any:
    if LEADER_ONLY in metadata:
        return [] if isinstance(value, list) else None
    if isinstance(value, BaseModel):
        return participant_copy(value)
    if isinstance(value, list):
        return [_strip(item, []) for item in value if not _leader_block(item)]
    if isinstance(value, str):
        return FILL_IN.sub(lambda m: "[[" + "_" * len(m.group(1)) + "]]", value)
    return value


def _leader_block(item: Any) -> bool:
    return isinstance(item, LeaderNote) or (isinstance(item, Part) and item.leader_only)


def leader_only_at(data: Any, path: tuple[str | int, ...]) -> bool:
    """Whether the value at `path` in a study's data is for the leader only: inside a
    leader-only field, a leader note, or a leader-only part."""
    hidden = _leader_only_fields()
    for part in path:
        if isinstance(data, dict) and data.get("leader_only") is True and "part" in data:
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
