"""The manual's pages (docs/*.md and the README) read as a reader follows them: their code
blocks in order, each with its language and title (```yaml title="studybook.yaml"```), and
the files they offer for download (`[name](files/…)`), so that tests can run what they say.

A block whose lines are all `studybook` commands (or `cd`) is run; a page marks one that
cannot run on a test machine with `<!-- not run: why -->` on the line before it."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]

FENCE = re.compile(
    r"^(?P<note><!-- not run: [^>]*-->\n)?```(?P<language>\w*)(?P<info>[^\n]*)\n(?P<code>.*?)^```$",
    re.DOTALL | re.MULTILINE,
)
TITLE = re.compile(r'title="([^"]+)"')
DOWNLOAD = re.compile(r"\]\((files/[^)\s]+)\)")


@dataclass(frozen=True)
class Block:
    language: str
    title: str | None
    code: str
    runs: bool  # not marked `not run`


@dataclass(frozen=True)
class Download:
    path: Path  # in docs/


def events(page: Path) -> list[Block | Download]:
    """The page's code blocks and downloads, in the order a reader meets them."""
    text = page.read_text(encoding="utf-8")
    found: list[tuple[int, Block | Download]] = []
    for fence in FENCE.finditer(text):
        title = TITLE.search(fence["info"])
        block = Block(fence["language"], title and title[1], fence["code"], not fence["note"])
        found.append((fence.start(), block))
    prose = FENCE.sub(lambda m: " " * len(m[0]), text)  # links in code blocks are no downloads
    found += [(m.start(), Download(page.parent / m[1])) for m in DOWNLOAD.finditer(prose)]
    return [event for _, event in sorted(found, key=lambda pair: pair[0])]


def blocks(language: str | None = None) -> list[tuple[Path, Block]]:
    """Every code block of every page (in one language)."""
    return [
        (page, event)
        for page in PAGES
        for event in events(page)
        if isinstance(event, Block) and language in (None, event.language)
    ]


def commands(block: Block) -> list[list[str]] | None:
    """The commands of a shell block, each as its words, if they are all `studybook` and `cd`
    (`studybook serve` left out: it runs until stopped); None if the block cannot be run."""
    if block.language != "sh" or not block.runs:
        return None
    lines = [shlex.split(line, comments=True) for line in block.code.splitlines()]
    words = [w for line in lines for w in _split_and(line)]
    if not words or any(w[0] not in ("studybook", "cd") for w in words):
        return None
    return [w for w in words if w[:2] != ["studybook", "serve"]]


def _split_and(words: list[str]) -> list[list[str]]:
    """`a && b` as two commands."""
    found: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            found.append([])
        else:
            found[-1].append(word)
    return [w for w in found if w]


def is_study(block: Block) -> bool:
    """Whether a block is a whole study: Markdown with its front matter, or YAML with a
    title and sessions."""
    if block.language == "markdown":
        return block.code.startswith("---\n")
    if block.language == "yaml":
        data = yaml.safe_load(block.code)
        return isinstance(data, dict) and {"title", "sessions"} <= data.keys()
    return False
