"""What `check --references` prints: each reference where it is, as written, what it
resolved to and the verses it adds, then the size of each edition's appendix."""

from __future__ import annotations

import click

from .problems import plural


def list_references(where: str, loaded) -> None:
    """One line per reference: where, as written, what it resolved to, verses it adds;
    then the size of each edition's appendix."""
    from ..scripture import appendix_ranges, audit, pages, verse_count

    for row in audit(loaded.citations):
        c = row.citation
        written = " ".join(c.reference.text.split())
        notes = [plural(row.verses, "verse")]
        if row.new != row.verses:
            notes.append(f"{row.new or 'none'} new")
        if c.leader_only:
            notes.append("leader only")
        basis = f"; {c.reference.basis}" if c.reference.basis else ""  # "; book from …"
        click.echo(
            f"{where}:{c.line}:{c.column}: {written} → {c.reference.label()} "
            f"({', '.join(notes)}{basis})"
        )
    for edition, leader in (("leader", True), ("participant", False)):
        ranges = appendix_ranges(loaded.citations, leader=leader)
        verses = verse_count(ranges)
        click.echo(
            f"{where}: {edition} appendix: {plural(len(ranges), 'passage')}, "
            f"{plural(verses, 'verse')}, about {plural(pages(verses), 'page')}"
        )
