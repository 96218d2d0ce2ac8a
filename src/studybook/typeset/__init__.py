"""Print HTML → PDF: WeasyPrint paginates the HTML in parts (`parts`, cut where the layout
marks them, each resumed where the book stood and kept between builds in `partcache`),
reading only allowed files (`fetcher`); the parts are joined with pikepdf (`join`, with one
embedded font per face, `fontjoin`) and tagged for screen readers (`tagging`); what
WeasyPrint warned about is blamed on the layout or file that caused it (`blame`), except
what it says about this computer's libraries (`system`), which no layout caused.
`warmup` is what the jobs' fork server imports once.

Takes print HTML and the folders a job may read; gives a PDF written atomically, and the
warnings. `system_notes` says which system library WeasyPrint lacks here, and its package."""

from .pdf import write_pdf
from .system import system_notes

__all__ = ["system_notes", "write_pdf"]
