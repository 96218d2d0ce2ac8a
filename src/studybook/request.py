"""What the user asked `studybook build` for, and whether an earlier build already did it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .locate import output_base, project_root


@dataclass(frozen=True)
class BuildRequest:
    """The command's arguments, as the pipeline and the cache see them."""

    path: Path
    editions: list[str]
    out_dir: Path | None = None
    settings: dict[str, object] = field(default_factory=dict)
    force: bool = False
    strict: bool = False

    @property
    def base(self) -> Path:
        """The folder all PDFs go under."""
        return output_base(self.path, self.out_dir)

    def cache_key(self) -> str:
        """A digest of every input of this build."""
        asked = {
            "path": str(self.path.absolute()),
            "editions": self.editions,
            "out": str(self.base),
            "settings": self.settings,
            "strict": self.strict,  # a strict build must not pass because a lax one did
        }
        return cache.inputs_key(project_root(self.path), self.base, asked)

    def unchanged(self, key: str) -> list[Path] | None:
        """The PDFs of an identical earlier build, if they are still there (never with force)."""
        return None if self.force else cache.fresh_outputs(self.base, key)
