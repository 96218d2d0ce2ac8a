"""`studybook import`: a study a church already has — a Word document, a web page, a PDF,
pasted text — read (`sources`, `html`, `lines`), its structure recognised in the study's
language (`structure`, `blocks`, `words`), and written as a Markdown study in studybook's
own format (`writer`), with a report of what was recognised, guessed and left out.

Takes a source's bytes and name; gives the Markdown text and the report, or the problem
that stops it (a file that is not what its name says, or past the limits)."""

from .run import STDIN, Imported, Written, import_file, import_study
from .sources import SUFFIXES

__all__ = ["STDIN", "SUFFIXES", "Imported", "Written", "import_file", "import_study"]
