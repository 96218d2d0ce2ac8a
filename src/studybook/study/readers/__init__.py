"""Readers: each format a study may be written in (YAML, Markdown) becomes the same plain
data with the position of every value, a `Document`; nothing after them knows the format."""
