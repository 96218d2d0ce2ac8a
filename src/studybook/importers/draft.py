"""A study as the importer drafts it, before it is written as Markdown: sessions, parts and
blocks in the source's order, each with the line it came from and, where the importer
guessed, why; and the report of what was recognised, guessed and left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Step:
    text: str = ""
    title: str = ""
    bullets: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One block: a paragraph, bullets, steps, question, leader note, prayer, quotation,
    verse or instruction."""

    kind: str
    where: int
    text: str = ""  # a paragraph's, question's, prayer's, instruction's or quotation's
    items: list[str] = field(default_factory=list)  # bullets; a leader note's paragraphs
    steps: list[Step] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)  # a question's sub-questions
    answer: list[str] = field(default_factory=list)  # a question's answer (the leader's)
    leader: list[str] = field(default_factory=list)  # a question's leader note
    ref: str = ""  # a quotation's source
    translation: str = ""  # a verse's translation, when its source names one
    number: int | None = None  # the author's number for a question
    label: str = ""  # the author's label for a leader note, prayer or key verse ("Helpful Tip:")
    answer_label: str = ""  # and for a question's answer and leader note
    leader_label: str = ""
    guess: str = ""


@dataclass
class Part:
    title: str
    where: int
    minutes: int | None = None
    leader_only: bool = False
    blocks: list[Block] = field(default_factory=list)
    guess: str = ""


@dataclass
class Session:
    title: str
    where: int
    passage: str = ""
    key_verse: Block | None = None
    readings: list[str] = field(default_factory=list)
    opening: list[Block] = field(default_factory=list)
    blocks: list[Block | Part] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)
    guess: str = ""


@dataclass
class Report:
    """What the importer recognised, where it guessed, and every line it left out."""

    unit: str = "line"  # what `where` counts: line, paragraph or page
    recognised: Counter[str] = field(default_factory=Counter)
    guesses: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[tuple[int, str, str]] = field(default_factory=list)  # where, text, why
    outline: list[str] = field(default_factory=list)  # "  session: …", "    part: …"

    def guess(self, where: int, what: str) -> str:
        self.guesses.append((where, what))
        return what

    def lines(self, *, outline: bool = False) -> list[str]:
        """The report as the command prints it; with `outline`, each session and part
        recognised too."""
        found = ", ".join(_plural(n, what) for what, n in self.recognised.items() if n)
        out = [f"recognised: {found or 'nothing'}", *(self.outline if outline else [])]
        if self.guesses:
            out.append("guessed (each marked <!-- import guessed … --> in the study):")
            out += [f"  {self.unit} {where}: {what}" for where, what in sorted(self.guesses)]
        if self.left_out:
            out.append("left out:")
            out += [
                f"  {self.unit} {where}: {_clip(text)} ({why})"
                for where, text, why in sorted(self.left_out)
            ]
        return out


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _clip(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass
class Draft:
    title: str
    language: str
    subtitle: str = ""
    sessions: list[Session] = field(default_factory=list)
