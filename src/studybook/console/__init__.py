"""The command line's shared pieces (`commands`: the commands' order, choices in any case,
--quiet and --verbose, system notes) and what a build shows while it writes (`progress`).

Takes what the pipeline reports; gives lines on the terminal."""

from .commands import ORDER, QUIET, VERBOSE, CommandGroup, choice, system_notes
from .progress import Progress, write_showing_progress

__all__ = [
    "ORDER",
    "QUIET",
    "VERBOSE",
    "CommandGroup",
    "Progress",
    "choice",
    "system_notes",
    "write_showing_progress",
]
