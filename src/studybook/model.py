"""The typed study model. Leader-only fields are marked here, in the data, not in templates."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

LEADER_ONLY = "leader-only"
FILL_IN = re.compile(r"\[\[(.+?)\]\]")

# Size limits, so that any study accepted builds in bounded time and memory.
MAX_TITLE = 200  # characters in a title or heading (it is repeated in running heads)
MAX_TEXT = 5_000  # characters in one paragraph, bullet, note or answer
MAX_SESSIONS = 60

Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Minutes = Annotated[int, Field(ge=1, le=240)]
LeaderText = Annotated[str | None, Field(min_length=1, max_length=MAX_TEXT), LEADER_ONLY]


class Node(BaseModel):
    """Base for every content object: unknown fields are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KeyVerse(Node):
    ref: Title
    text: Text
    translation: Title


class Quote(Node):
    text: Text
    ref: Title


class Step(Node):
    title: Title
    text: Text | None = None
    bullets: list[Text] = []


class Section(Node):
    heading: Title
    minutes: Minutes | None = None
    paragraphs: list[Text] = []
    quotes: list[Quote] = []
    bullets: list[Text] = []
    steps: list[Step] = []
    leader_note: LeaderText = None


class Question(Node):
    text: Text
    lines: Annotated[int, Field(ge=0, le=40)] = 4
    minutes: Minutes | None = None
    leader_note: LeaderText = None
    answer: LeaderText = None


class Journal(Node):
    days: Annotated[int, Field(ge=1, le=14)] = 6
    prompt: Text | None = None


class LivingItOut(Node):
    heading: Title = "Living It Out This Week"
    actions: Annotated[list[Text], Field(min_length=1)]


class Session(Node):
    title: Title | None = None
    key_verse: KeyVerse | None = None
    leader: Annotated[list[Text], LEADER_ONLY] = []
    sections: list[Section] = []
    living_it_out: LivingItOut | None = None
    questions: list[Question] = []
    journal: Journal | None = None


class Study(Node):
    title: Title
    subtitle: Title | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    sessions: Annotated[list[Session], Field(min_length=1, max_length=MAX_SESSIONS)]


M = TypeVar("M", bound=BaseModel)


def participant_copy(model: M) -> M:
    """A copy with every leader-only field emptied and every fill-in answer blanked."""
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
        return [_strip(item, []) for item in value]
    if isinstance(value, str):
        return FILL_IN.sub(lambda m: "[[" + "_" * len(m.group(1)) + "]]", value)
    return value


def leader_only_fields() -> set[str]:
    """Names of the fields that only the leader edition may show."""
    return {
        name
        for model in Node.__subclasses__()
        for name, info in model.model_fields.items()
        if LEADER_ONLY in info.metadata
    }
