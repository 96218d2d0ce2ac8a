"""The laid-out parts of one PDF, kept between builds beside it.

A part is looked up by a digest of its HTML (which holds the page it starts on, the running
heads it resumes and the page numbers its contents print), the PDF variant and the versions
of studybook and WeasyPrint; an entry holds the part's PDF and what laying it out found. An
entry is used only while its PDF is the very file this cache wrote (never one planted in
the output folder) and every file the part read (images, fonts) is unchanged, and not at
all by a build told to lay every part out again. After each build only the entries it
used are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import __version__
from ..project import file_digest, fingerprint, read_own, write_atomically
from .parts import Resume

ANCHORS = "anchors.json"
MAX_FACTS = 10_000_000  # bytes of what laying out one part found


@dataclass(frozen=True)
class Laid:
    """What laying out one part found: its pages, where its anchors are (page numbers in the
    book), where the next part resumes, its bookmarks (level, label, page in the part, x, y,
    state), what WeasyPrint warned about, and the files it read (project files first)."""

    pages: int
    anchors: dict[str, int]
    resume: Resume
    bookmarks: list[tuple[int, str, int, float, float, str]]
    warned: list[str]
    served: list[str]
    read: list[str]


class PartCache:
    """A folder of laid-out parts: `<key>.part` (the part's PDF, which is not a PDF to read:
    it holds stand-in pages) and `<key>.json` for each."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.folder = folder
        self.reuse = reuse
        self._digests: dict[str, str] = {}

    def key(self, html: str, options: str) -> str:
        from weasyprint import __version__ as weasyprint

        digest = hashlib.sha256(f"{__version__}\0{weasyprint}\0{options}\0".encode())
        digest.update(html.encode())
        return digest.hexdigest()

    def get(self, key: str) -> Laid | None:
        """The part laid out under `key`, if it is kept, its PDF is still the very file
        this cache wrote (see `fingerprint`: an entry planted in the output folder is never
        used), every file it read is unchanged, and the build may reuse parts."""
        if not self.reuse:
            return None
        try:
            facts = json.loads(read_own(self.folder / f"{key}.json", MAX_FACTS) or b"")
            digests, made = facts.pop("digests"), facts.pop("pdf")
            laid = Laid(**{**facts, "resume": Resume(**facts["resume"])})
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if made is None or fingerprint(self.pdf(key)) != made:
            return None
        if any(self._digest(path) != digest for path, digest in digests.items()):
            return None
        return laid

    def put(self, key: str, data: bytes, laid: Laid) -> None:
        """Keep a part: its PDF first, then what was found (which makes the entry)."""
        write_atomically(self.pdf(key), data)
        digests = {path: self._digest(path) for path in laid.read}
        made = fingerprint(self.pdf(key))
        facts = json.dumps({**asdict(laid), "digests": digests, "pdf": made}, ensure_ascii=False)
        write_atomically(self.folder / f"{key}.json", facts.encode())

    def pdf(self, key: str) -> Path:
        return self.folder / f"{key}.part"

    def anchors(self) -> dict[str, int]:
        """Where the last build found each anchor: the first guess for this one."""
        try:
            found = json.loads(read_own(self.folder / ANCHORS, MAX_FACTS) or b"")
        except ValueError:
            return {}
        if not isinstance(found, dict):
            return {}
        return {anchor: page for anchor, page in found.items() if type(page) is int}

    def finish(self, anchors: dict[str, int], used: set[str]) -> None:
        """Remember where the anchors were, and drop every entry but the `used` ones."""
        write_atomically(self.folder / ANCHORS, json.dumps(anchors).encode())
        for path in self.folder.iterdir():
            if path.name != ANCHORS and path.stem not in used:
                with contextlib.suppress(OSError):  # a folder: not this cache's
                    path.unlink(missing_ok=True)

    def _digest(self, path: str) -> str:
        if path not in self._digests:
            self._digests[path] = file_digest(Path(path)).hex()
        return self._digests[path]
