"""Shared fixtures: the sample study, the seed text it was transcribed from, and helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "exodus-32-intercession.yaml"
SEED = Path(__file__).parent / "data" / "seed.txt"
LAYOUT_LABELS = {"The Key Verse"}


def seed_sentences() -> list[str]:
    """Every line of the seed text worth checking, without list markers or web navigation."""
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^(•|\d+\.)\s*", "", raw.strip())
        if line and line != "Top of Page":
            lines.append(line)
    return lines


def squash(text: str) -> str:
    """Whitespace-insensitive form of text, for comparing prose across line and page breaks."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@pytest.fixture
def write_study(tmp_path: Path):
    """Write a study file under tmp_path/content and return its path."""

    def write(text: str | bytes, name: str = "study.yaml") -> Path:
        path = tmp_path / "content" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
