"""Print production after typesetting: a PDF imposed as a booklet for saddle-stitch
printing (`booklet`), with the printing instructions for it; a print shop's PDF/X-4
finished with its output intent (`pdfx`).

Takes a finished PDF; gives the imposed PDF beside it, or the PDF/X file in its place."""

from .booklet import Imposition, booklet_order, impose
from .pdfx import make_pdf_x

__all__ = ["Imposition", "booklet_order", "impose", "make_pdf_x"]
