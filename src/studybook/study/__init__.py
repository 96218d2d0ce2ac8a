"""What a study is: the typed model (`model`: a study is sessions, a session blocks in the
author's order, leader-only material marked in the data), read from a file by its reader
(`readers`: YAML or Markdown, every value's position kept), validated into positioned
problems (`validation`), its scripture references collected (`citations`), all together
in `loader`; and the inline markup its prose may use (`markup`).

Takes study files; gives a `LoadedStudy` (the model, its citations and warnings) or every
problem in them, each at its file, line and column."""

from .loader import STUDY_SUFFIXES, LoadedStudy, load_all, load_study
from .markup import css_string, inline, plain_text, reference_span, whole_names
from .model import (
    BLOCK_KINDS,
    Block,
    LeaderNote,
    Part,
    Question,
    Session,
    Steps,
    Study,
    Verse,
    participant_copy,
)
from .readers.document import Document
from .readers.yaml import read_yaml
from .validation import describe, validate

__all__ = [
    "BLOCK_KINDS",
    "STUDY_SUFFIXES",
    "Block",
    "Document",
    "LeaderNote",
    "LoadedStudy",
    "Part",
    "Question",
    "Session",
    "Steps",
    "Study",
    "Verse",
    "css_string",
    "describe",
    "inline",
    "load_all",
    "load_study",
    "participant_copy",
    "plain_text",
    "read_yaml",
    "reference_span",
    "validate",
    "whole_names",
]
