"""Putting a build's files in place: staged files committed all together or not at all,
under the output folder's lock (`transaction`); skipping a build whose inputs have not changed
(`cache`); the group's calendar written beside the PDFs (`calendar`); and removing what
builds keep and leave (`clean`).

Takes the files a build staged; gives them in place, and remembers what made them."""

from .cache import fresh_outputs, inputs_key, library_versions, settings_key, sources_digest
from .clean import PARTS, clean_output
from .transaction import check_inside, commit, discard, locked, staged

__all__ = [
    "PARTS",
    "check_inside",
    "clean_output",
    "commit",
    "discard",
    "fresh_outputs",
    "inputs_key",
    "library_versions",
    "locked",
    "meetings_calendar",
    "settings_key",
    "sources_digest",
    "staged",
]


def __getattr__(name: str) -> object:
    """`meetings_calendar`, imported when first used: icalendar is needed only for calendars."""
    if name == "meetings_calendar":
        from .calendar import meetings_calendar

        return meetings_calendar
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
