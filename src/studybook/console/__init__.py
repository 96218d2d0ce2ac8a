"""The command line's shared pieces: the commands' order, choices in any case, --quiet and
--verbose, system notes (`commands`); the options several commands take (`options`); how
problems and warnings are reported (`problems`); what a build shows while it writes
(`progress`); what `check --references` lists (`references`); what a roster's build and
check show (`roster`).

Takes what the pipeline reports; gives lines on the terminal."""

from .commands import ORDER, QUIET, VERBOSE, CommandGroup, choice, system_notes
from .options import ROSTER_OPTION, STRICT_OPTION, limit_options, limits, settings_options
from .problems import InputProblems, plural, problems_reported, warn
from .progress import Progress, write_showing_progress
from .references import list_references
from .roster import build_roster_showing, check_roster_options, check_roster_showing

__all__ = [
    "ORDER",
    "QUIET",
    "ROSTER_OPTION",
    "STRICT_OPTION",
    "VERBOSE",
    "CommandGroup",
    "InputProblems",
    "Progress",
    "build_roster_showing",
    "check_roster_options",
    "check_roster_showing",
    "choice",
    "limit_options",
    "limits",
    "list_references",
    "plural",
    "problems_reported",
    "settings_options",
    "system_notes",
    "warn",
    "write_showing_progress",
]
