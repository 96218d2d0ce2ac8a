"""The blocks of a session: each one thing on the page, in the author's order.

A block is a paragraph, a quotation, a verse, bullets, numbered steps, a table, an
instruction, a question, a leader note or a prayer. A part groups blocks under a heading
and may carry minutes; a part may hold activities, parts one level deep. Any block may be
for one edition only (`leader_only`, `participant_only`); a leader note always is.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Annotated, Any, ClassVar, Literal

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

# Size limits, so that any study accepted builds in bounded time and memory.
MAX_TITLE = 200  # characters in a title, heading or reference (repeated in running heads)
MAX_TEXT = 5_000  # characters in one paragraph, bullet, note or answer
MAX_CELLS = 12  # columns of a table
MAX_ROWS = 200  # rows of a table


def _one_or_more(value: Any) -> Any:
    """One text where a list is expected is a list of that one text."""
    return [value] if isinstance(value, str) else value


def one_or_more_of(item: Any) -> BeforeValidator:
    """A list field that also takes one item (its JSON Schema says so too)."""
    return BeforeValidator(_one_or_more, json_schema_input_type=item | list[item])


def _number_text(value: Any) -> Any:
    """An author's number written as a YAML number (`number: 3`) is its text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Reference = Title
Label = Title
Minutes = Annotated[int, Field(ge=1, le=240)]
Lines = Annotated[int, Field(ge=0, le=40)]
Texts = Annotated[list[Text], one_or_more_of(Text), Field(min_length=1)]
LeaderTexts = Annotated[list[Text], one_or_more_of(Text), LEADER_ONLY]
# A method's mark on a question, such as O, I or A (printed "(O)"), named in the study's `marks`.
Mark = Annotated[str, Field(min_length=1, max_length=12, pattern=r"^[^\s()\[\]]+$")]
# The author's own number or label for a session or question ("3", "•", "Aplicación"),
# or false for none.
Number = Annotated[
    Annotated[str, Field(min_length=1, max_length=40)] | Literal[False],
    BeforeValidator(_number_text, json_schema_input_type=str | int | Literal[False]),
]


class Node(BaseModel):
    """Base for every content object: unknown fields are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Labels(Node):
    """The author's own words for the boxes layouts label, printed instead of studybook's."""

    answer: Label | None = None
    """Instead of "Sample answers", e.g. "Sample answers may include…"."""
    leader_note: Label | None = None
    """Instead of "Leader note", e.g. "Leader Note:"."""
    key_verse: Label | None = None
    """Instead of "The Key Verse", e.g. "Memory Verse"."""
    readings: Label | None = None
    """Instead of "This week's readings"."""
    opening: Label | None = None
    """Instead of "Opening"."""
    closing: Label | None = None
    """Instead of "Closing"."""
    prayer: Label | None = None
    """Instead of "Prayer"."""
    journal: Label | None = None
    """Instead of "Journal"."""


class Block(Node):
    """One thing on the page; `kind` names it (the field that holds its main content)."""

    kind: ClassVar[str]
    leader_only: bool = False
    """`true`: in the leader's guide only."""
    participant_only: bool = False
    """`true`: in the participants' edition only."""

    @model_validator(mode="after")
    def _one_edition(self) -> Block:
        if self.leader_only and self.participant_only:
            raise PydanticCustomError(
                "both_editions", "a block cannot be for the leader only and the participant only"
            )
        return self


class Paragraph(Block):
    """A paragraph of prose, with inline markup."""

    kind = "paragraph"
    paragraph: Text
    """A paragraph of prose."""


class Quote(Block):
    """A quotation set off from the text, with the reference (or person) it comes from."""

    kind = "quote"
    quote: Text
    """The quotation, set off from the text."""
    ref: Reference | None = None
    """Where it comes from: a reference, or a person."""


class Verse(Block):
    """Scripture shown in full; without `text`, the text comes from the build's translation."""

    kind = "verse"
    verse: Reference
    """The reference, e.g. `Philippians 1:6`."""
    text: Text | None = None
    """The verse as quoted; without it, the text comes from the build's translation."""
    translation: Title | None = None
    """Where the quoted text comes from, e.g. `NIV`."""
    label: Label | None = None
    """The author's label over it."""


class Bullets(Block):
    """A bulleted list."""

    kind = "bullets"
    bullets: Annotated[list[Text], Field(min_length=1)]
    """A bulleted list (bullets do not nest)."""


class Step(Node):
    """One step of a numbered list: a title, with an optional text and bullets."""

    title: Title
    """The step's title, in bold."""
    text: Text | None = None
    """Its text under the title."""
    bullets: list[Text] = []
    """Bullets under its text."""


class Steps(Block):
    """A numbered list, from `start`; a step is a text, or a title with an optional text
    and bullets."""

    kind = "steps"
    steps: Annotated[list[Step | Text], Field(min_length=1)]
    """A numbered list: each step a text, or a `title` with a `text` and `bullets`."""
    start: Annotated[int, Field(ge=0, le=99_999)] = 1
    """The first step's number."""


Cell = Annotated[str, Field(max_length=MAX_TEXT)]


class Table(Block):
    """A table: rows of cells, the first row its header."""

    kind = "table"
    table: Annotated[
        list[Annotated[list[Cell], Field(min_length=1, max_length=MAX_CELLS)]],
        Field(min_length=1, max_length=MAX_ROWS),
    ]
    """Rows of cells, the first row the header; every row as many cells as the header."""

    @model_validator(mode="after")
    def _rows_fit(self) -> Table:
        columns = len(self.table[0])
        for number, row in enumerate(self.table[1:], 2):
            if len(row) != columns:
                raise PydanticCustomError(
                    "table_ragged",
                    "row {row} has {cells} cells, but the header has {columns}",
                    {"row": number, "cells": len(row), "columns": columns},
                )
        return self


class Instruction(Block):
    """Something the group does now, e.g. "Read Matthew 5:21-26 aloud"."""

    kind = "instruction"
    instruction: Text
    """Something the group does now, marked →."""


class SubQuestion(Node):
    """A question inside a question (lettered a, b, c unless it has a number of its own),
    with writing room of its own when it has `lines`."""

    question: Texts
    """The sub-question: a text, or a list of paragraphs."""
    mark: Mark | None = None
    """One of the study's `marks`, printed "(O)"."""
    number: Number | None = None
    """The author's letter or label instead of a, b, c; `false` for none."""
    lines: Lines | None = None
    """Writing lines under it in the participants' edition (0–40)."""
    answer: LeaderTexts = []
    """Sample answers, in the leader's guide only: a text or a list."""
    leader_note: LeaderTexts = []
    """A note for the leader only: a text or a list."""


class Question(Block):
    """A question: one or more paragraphs and any sub-questions, numbered through the
    session (or by the author), with room to write in the participant's copy: `lines`
    after the whole question (4 unless a sub-question has lines of its own)."""

    kind = "question"
    question: Texts
    """The question: a text, or a list of paragraphs."""
    subquestions: list[SubQuestion | Text] = []
    """Questions inside it, lettered a, b, c: each a text, or fields like a question's."""
    mark: Mark | None = None
    """One of the study's `marks`, printed "(O)"."""
    number: Number | None = None
    """The author's number or label instead of studybook's count; `false` for none; a number
    sets the count."""
    lines: Lines | None = None
    """Writing lines after the whole question in the participants' edition (0–40; 4 unless a
    sub-question has its own)."""
    minutes: Minutes | None = None
    """Minutes it takes, for the leader's plan (1–240)."""
    answer: LeaderTexts = []
    """Sample answers, in the leader's guide only: a text or a list."""
    leader_note: LeaderTexts = []
    """A note for the leader only: a text or a list."""
    labels: Labels | None = None
    """The author's labels for this question's `answer` and `leader_note`."""

    @property
    def writing_lines(self) -> int:
        """The ruled lines after the whole question."""
        if self.lines is not None:
            return self.lines
        own = any(isinstance(s, SubQuestion) and s.lines is not None for s in self.subquestions)
        return 0 if own else 4


class LeaderNote(Block):
    """A note only the leader's guide prints."""

    kind = "leader_note"
    leader_note: Texts
    """A boxed note in the leader's guide only: a text or a list."""
    label: Label | None = None
    """The author's label, e.g. "Helpful Tip:"."""

    @model_validator(mode="after")
    def _for_the_leader(self) -> LeaderNote:
        if self.participant_only:
            raise PydanticCustomError(
                "leader_note_participant", "a leader note is for the leader only"
            )
        return self


class Prayer(Block):
    """A prayer, set off from the text."""

    kind = "prayer"
    prayer: Text
    """A prayer, set off."""
    label: Label | None = None
    """The author's label, e.g. "Pray:"."""


CONTENT_BLOCKS = (
    Paragraph,
    Quote,
    Verse,
    Bullets,
    Steps,
    Table,
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


def _minutes(block: Block) -> int:
    """The minutes a question or an activity takes (0 if it does not say)."""
    if isinstance(block, Question):
        return block.minutes or 0
    if isinstance(block, Activity):
        return block.minutes or sum(_minutes(b) for b in block.blocks)
    return 0


class Section(Block):
    """Blocks under a heading, optionally timed: a part, or an activity inside one."""

    kind = "part"
    part: Title
    """The heading over its blocks."""
    minutes: Minutes | None = None
    """Minutes it takes, for the leader's guide and plan (1–240)."""

    @model_validator(mode="after")
    def _questions_fit(self) -> Section:
        """What a part holds takes no more minutes than the part's own."""
        asked = sum(_minutes(b) for b in self.blocks)
        if self.minutes is not None and asked > self.minutes:
            nested = any(isinstance(b, Activity) for b in self.blocks)
            what = "activities and questions" if nested else "questions"
            raise PydanticCustomError(
                "minutes_exceeded",
                "the {what} in this part take {asked} minutes, more than its {minutes}",
                {"what": what, "asked": asked, "minutes": self.minutes},
            )
        return self


class Activity(Section):
    """A part inside a part, one level deep: its own heading, minutes and blocks."""

    blocks: Annotated[list[ContentBlock], Field(min_length=1)]
    """The blocks under its heading."""


class Part(Section):
    """Blocks under a heading, optionally timed, holding activities one level deep."""

    blocks: Annotated[list[_one_of(*CONTENT_BLOCKS, Activity)], Field(min_length=1)]
    """The blocks under its heading, and activities: parts one level deep."""


BLOCK_KINDS: dict[str, type[Block]] = {model.kind: model for model in (*CONTENT_BLOCKS, Part)}
SessionBlock = _one_of(*CONTENT_BLOCKS, Part)
FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s^]+)\](?!:)")  # [^label] in prose, not its definition


def is_hidden(item: Any, edition: str) -> bool:
    """Whether a block is left out of an edition."""
    if not isinstance(item, Block):
        return False
    if edition == "leader":
        return item.participant_only
    return item.leader_only or isinstance(item, LeaderNote)
