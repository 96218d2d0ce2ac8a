"""Many churches from one study: a roster's churches checked row by row, each built on its
own on an engine (this machine's workers, or a Dask cluster's) and committed to its own
folder as soon as it is done (`run`), as a unit of work that runs wherever the engine puts
it (`church`), and the account of every church: summary and report (`report`).

Takes the build request, a roster file and an engine; gives every church's outcome, with
the report written, or the problems that stop the whole run."""

from .report import Outcome, summary
from .run import build_roster, check_roster

__all__ = ["Outcome", "build_roster", "check_roster", "summary"]
