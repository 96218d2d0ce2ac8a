"""The numbers a study prints for its sessions and questions: the author's own where given
(a number, or a label such as "•" or "Aplicación"), none where the author says so, and
otherwise counted. An author's number that is a number sets the count: the next session
or question counted follows it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .model import Study

AuthorNumber = str | Literal[False] | None


@dataclass
class Counter:
    """Counts sessions, questions or sub-questions, taking up the author's own numbers."""

    counting: bool = True
    count: int = 0

    def next(self, own: AuthorNumber) -> tuple[str | None, int | None]:
        """What one item prints as its number (None: nothing), and the value of the count
        it stands at when that is what it prints (None for a label or no number)."""
        if own is False:
            return None, None
        if own is not None:
            found = re.fullmatch(r"(\d{1,6})\W?", own.strip())
            if found:
                self.count = int(found[1])
                return own, self.count if own.strip() == found[1] else None
            return own, None
        if not self.counting:
            return None, None
        self.count += 1
        return str(self.count), self.count


def session_numbers(study: Study) -> list[str | None]:
    """The number each session prints, or None. Sessions are counted unless the study
    says not to (`session_numbers: false`) or has only one (`true` counts it too)."""
    counting = study.session_numbers
    counter = Counter(len(study.sessions) > 1 if counting is None else counting)
    return [counter.next(session.number)[0] for session in study.sessions]
