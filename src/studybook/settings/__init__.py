"""What a church customises, and how it is checked: `studybook.yaml` and the command's
options merged (options > file > defaults) into the option sets a build runs with
(`config`), the Bible each study prints (`bibles`), meeting dates and how they print
(`schedule`), paper sizes and page geometry (`paper`), the images a project points at
(`images`), and a roster of churches read from a CSV or spreadsheet (`table`), each row
checked on its own (`roster`).

Takes the project folder and the command's options (and a roster); gives `BuildOptions`
(one per church of a batch or roster) or every problem in the settings, positioned."""

from .bibles import Bibles, describe, language_name, language_note
from .config import CONFIG_NAME, BuildOptions, ConfigFile, Customisation, load_settings
from .images import check_image, data_url, image_problem
from .paper import MM, PAPERS, Paper
from .roster import Church, load_roster
from .schedule import (
    Origin,
    Schedule,
    date_words,
    journal_date,
    session_date,
    summary,
    zone_folders,
)

__all__ = [
    "CONFIG_NAME",
    "MM",
    "PAPERS",
    "Bibles",
    "BuildOptions",
    "Church",
    "ConfigFile",
    "Customisation",
    "Origin",
    "Paper",
    "Schedule",
    "check_image",
    "data_url",
    "date_words",
    "describe",
    "image_problem",
    "journal_date",
    "language_name",
    "language_note",
    "load_roster",
    "load_settings",
    "session_date",
    "summary",
    "zone_folders",
]
