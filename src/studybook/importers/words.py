"""The words studies use for their parts, in each language studybook ships (words/*.toml):
what names a session, a key verse, readings, a prayer, leader material, answers, a
discussion, and what is a page's cruft; and the timings people write beside a heading."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLES = Path(__file__).parent / "words"
KINDS = (
    "key_verse",
    "readings",
    "leader",
    "answer",
    "journal",
    "needs",
    "does",
    "opening",
    "closing",
    "prayer",
    "questions",
    "read",
)  # fmt: skip  (tried in this order: the first kind whose phrase a text starts with wins)
# "(15 min)", "(10-15 minutes)", "// 10 minutes", "– 5 min.", "[5']", "15 Minuten"
_TIMING = r"(?P<low>\d{1,3})(?:\s*(?:-|–|to|a|à|bis)\s*(?P<high>\d{1,3}))?\s*(?:UNITS)\.?"


# An article before the words ("The Key Verse", "Les questions", "Der Merkvers").
_ARTICLE = re.compile(r"^(?:the|our|this week's|el|la|los|las|nuestro|le|la|les|l'|der|die|das|"
                      r"o|a|os|as|nosso|nossa)\s+")  # fmt: skip


def normal(text: str) -> str:
    """Lower case, without accents, with straight apostrophes and single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Words:
    """One language's words, with English's beside them (pages mix them)."""

    language: str
    table: dict[str, list[str]]

    def phrases(self, kind: str) -> list[str]:
        return sorted((normal(p) for p in self.table.get(kind, [])), key=len, reverse=True)

    def kind(self, text: str, *, labelled: bool = False) -> tuple[str, str] | None:
        """The kind of part a heading names ("Discussion Questions" → questions), or with
        `labelled` the kind a line's label gives ("Leader note: …"), and the text after
        the label; None when no phrase fits."""
        text = re.sub(r"^\*\*([^*]+)\*\*", r"\1", text)  # "**Read:** Luke 16:1-13"
        plain = re.sub(_ARTICLE, "", normal(text))
        for kind in KINDS:
            for phrase in self.phrases(kind):
                if not plain.startswith(phrase):
                    continue
                rest = plain[len(phrase) :]
                if labelled:
                    if re.match(r"\s*[:：]", rest):
                        return kind, _after_label(text)
                elif len(phrase) > 1 and (not rest or re.match(r"[\s:：.!?()\-–—/#]", rest)):
                    return kind, ""
        if not labelled:  # "Chapter 3 Study Questions", "Week 2 Answers"
            plain = plain.rstrip(" :.")
            for kind in KINDS:
                for phrase in self.phrases(kind):
                    if len(phrase) > 3 and plain.endswith(" " + phrase):
                        return kind, ""
        return None

    def leader_only(self, heading: str) -> bool:
        """Whether a heading says its part is the leader's: "Background for the leader",
        "Notes (leaders only)"."""
        plain = normal(heading)
        return any(re.search(rf"\b{re.escape(p)}\b", plain) for p in self.phrases("leader_part"))

    def session_title(self, heading: str) -> str:
        """A session heading without its number: "Week 2: The Call" → "The Call" (studybook
        numbers sessions itself); the heading as it is when nothing else is in it."""
        words = "|".join(re.escape(w) for w in self.table.get("session", []))
        numbers = "|".join(re.escape(w) for w in self.table.get("numbers", []))
        found = re.match(
            rf"\s*(?:{words})\s*(?:#|n[o°º]\.?\s*)?(?:\d{{1,3}}|{numbers}|[ivxIVX]{{1,5}})\b"
            r"\s*[:.\-–—|•]?\s*",
            heading,
            re.IGNORECASE,
        )
        rest = heading[found.end() :].strip() if found else ""
        return rest or heading

    def is_session(self, text: str) -> bool:
        """Whether a heading names a session: "Week 2", "Session 3: …", "Lección 4",
        "Woche 1", "Day One"."""
        words = "|".join(re.escape(w) for w in self.phrases("session"))
        numbers = "|".join(re.escape(w) for w in self.phrases("numbers"))
        return bool(
            re.match(rf"(?:{words})\s*(?:#|n[o°º]\.?\s*)?(?:\d{{1,3}}|{numbers}|[ivx]{{1,5}})\b",
                     normal(text))
        )  # fmt: skip

    def is_cruft(self, text: str) -> bool:
        """Whether a line is a page's furniture: "Top of Page", "Share", "© 2024 …"."""
        plain = normal(text).strip(" .:|>»«<-–—·•*")
        if not plain or plain in self.phrases("cruft"):
            return True
        if re.fullmatch(r"(?:page|pagina|seite|p\.)?\s*\d{1,4}(?:\s*(?:of|de|von|sur)\s*\d{1,4})?",
                        plain):  # fmt: skip
            return True
        if re.match(r"(?:©|\(c\)|copyright)\s*\d{4}", plain) and len(plain) < 120:
            return True
        return _made_of(re.sub(r"[^a-z]", "", plain), self._cruft_words())

    def _cruft_words(self) -> tuple[str, ...]:
        return tuple(re.sub(r"[^a-z]", "", p) for p in self.phrases("cruft") if len(p) > 3)

    def timing(self, text: str) -> tuple[str, int | None, bool]:
        """A heading without its timing, the minutes the timing gives (the upper end of a
        range), and whether it was a range."""
        units = "|".join(re.escape(w) for w in self.phrases("minutes")) + "|'"
        pattern = _TIMING.replace("UNITS", units)
        for form in (rf"\s*[(\[]\s*{pattern}\s*[)\]]", rf"\s*(?://|[-–—:|])\s*{pattern}"):
            found = re.search(form + r"\s*$", text, re.IGNORECASE)
            if found:
                high = found["high"] or found["low"]
                return text[: found.start()].rstrip(" :–—-"), int(high), bool(found["high"])
        return text, None, False


def _made_of(letters: str, pieces: tuple[str, ...]) -> bool:
    """Whether letters are furniture words run together ("downloadpdfdownloadworddocument")."""
    if not letters:
        return False
    reachable = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        reachable[end] = any(
            reachable[end - len(p)] for p in pieces if len(p) <= end and letters.endswith(p, 0, end)
        )
    return reachable[-1]


def _after_label(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else text.split("：", 1)[1].strip()


@cache
def words_for(language: str) -> Words:
    """The words of a language ("pt-BR" reads Portuguese), English's added to its own."""
    english = _table("en")
    own = _table(language.replace("_", "-").split("-")[0].lower())
    merged = {kind: [*own.get(kind, []), *english.get(kind, [])] for kind in {*english, *own}}
    if own is not english:  # a language's numbers are its own
        merged["numbers"] = [*own.get("numbers", []), *english["numbers"]]
    return Words(language, merged)


@cache
def _table(code: str) -> dict[str, list[str]]:
    path = TABLES / f"{code}.toml"
    if not path.is_file():
        path = TABLES / "en.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def guess_language(text: str) -> str:
    """The language most of a text's common words belong to (English when unsure)."""
    common = {
        "en": "the and of to is in that you for with what how your this",
        "es": "el la de que y en los las por para con una como del qué",
        "pt": "o a de que e do da em os para com uma não como você",
        "fr": "le la les de et des un une est pour que qui dans vous ne",
        "de": "der die und das ist nicht mit ein eine zu den von sich auf",
    }
    counted = {code: 0 for code in common}
    sample = re.findall(r"[^\W\d_]+", normal(text[:20_000]))
    for code, found in common.items():
        vocabulary = set(normal(found).split())
        counted[code] = sum(word in vocabulary for word in sample)
    best = max(counted, key=lambda c: counted[c])
    return best if counted[best] else "en"
