"""Print production after typesetting: a PDF imposed as a booklet for saddle-stitch
printing (`booklet`), with the printing instructions for it.

Takes a finished PDF; gives the imposed PDF beside it."""

from .booklet import Imposition, booklet_order, impose

__all__ = ["Imposition", "booklet_order", "impose"]
