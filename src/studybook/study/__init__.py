"""What a study is: the typed model (`model`: a study is sessions, a session blocks in the
author's order, leader-only material marked in the data), read from a file by its reader
(`readers`: YAML or Markdown, every value's position kept), validated into positioned
problems (`validation`), its scripture references collected (`citations`), all together
in `loader`; and the inline markup its prose may use (`markup`).

Takes study files; gives a `LoadedStudy` (the model, its citations and warnings) or every
problem in them, each at its file, line and column."""

from .blocks import (
    BLOCK_KINDS,
    Activity,
    Block,
    LeaderNote,
    Part,
    Question,
    Section,
    Steps,
    SubQuestion,
    Verse,
)
from .citations import passage_parts
from .loader import STUDY_SUFFIXES, LoadedStudy, load_all, load_study
from .markup import css_string, inline, plain_text, reference_span, whole_names
from .model import Session, Study, edition_copy, participant_copy
from .numbers import Counter, session_numbers
from .prose import Picture
from .readers.document import Document
from .readers.yaml import read_yaml
from .validation import describe, validate

__all__ = [
    "BLOCK_KINDS",
    "STUDY_SUFFIXES",
    "Activity",
    "Block",
    "Counter",
    "Document",
    "LeaderNote",
    "LoadedStudy",
    "Part",
    "Picture",
    "Question",
    "Section",
    "Session",
    "Steps",
    "Study",
    "SubQuestion",
    "Verse",
    "css_string",
    "describe",
    "edition_copy",
    "inline",
    "load_all",
    "load_study",
    "participant_copy",
    "passage_parts",
    "plain_text",
    "read_yaml",
    "reference_span",
    "session_numbers",
    "validate",
    "whole_names",
]
