"""Join laid-out parts into one PDF with pikepdf (qpdf): their pages in order with their
links, one structure tree in reading order, the bookmarks, the named destinations, the
fonts and the document's metadata, as WeasyPrint writes them for a whole book.

Each part's PDF holds its own pages, then pages standing for anchors of other parts (see
`parts`): only its own pages are kept, and a link names its destination, which the joined
PDF holds once (the first, as WeasyPrint does). WeasyPrint tags each page's content as its
own elements under one Document element, so the tree is the parts' elements in page order.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, OutlineItem, Pdf

from .fontjoin import join_fonts
from .partcache import Laid

CATALOG = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata", "/OutputIntents")


def join(parts: list[tuple[Path, Laid]]) -> bytes:
    """The PDF of the parts, joined."""
    out = Pdf.new()
    with Pdf.open(parts[0][0]) as first:
        for key in CATALOG:
            if key in first.Root:
                out.Root[key] = _copy(out, first.Root[key])
        if "/Info" in first.trailer:
            out.trailer.Info = _copy(out, first.trailer.Info)
        version = first.pdf_version
        tree = _Tree(out, sum(laid.pages for _, laid in parts)) if _tagged(first) else None
    destinations: dict[str, Any] = {}
    for path, laid in parts:
        with Pdf.open(path) as source:  # closed once copied: memory holds one part at a time
            _add(out, source, laid, tree, destinations)
    if destinations:
        names: list[Any] = []
        for name in sorted(destinations):
            names += [pikepdf.String(name), destinations[name]]
        out.Root.Names = Dictionary(Dests=Dictionary(Names=Array(names)))
    if tree:
        tree.finish()
    _outline(out, parts)
    join_fonts(out)
    buffer = io.BytesIO()
    out.save(
        buffer,
        min_version=version,
        deterministic_id=True,
        compress_streams=True,  # qpdf leaves the XMP metadata plain, as PDF/A asks
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return buffer.getvalue()


def _add(
    out: Pdf, source: Pdf, laid: Laid, tree: _Tree | None, destinations: dict[str, Any]
) -> None:
    """Copy a part's own pages (with their links, structure elements and named
    destinations) to the end of `out`."""
    kept = list(source.pages)[: laid.pages]
    start = len(out.pages)
    elements = tree.cut(source, kept) if tree else []
    with warnings.catch_warnings():  # named destinations are joined below
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        out.pages.extend(kept)
    if tree:
        tree.add(source, elements, out.pages[start:])
    for name, destination in _destinations(source, kept):
        if name not in destinations:
            destinations[name] = _copy(out, destination)


def _tagged(pdf: Pdf) -> bool:
    return "/StructTreeRoot" in pdf.Root


class _Tree:
    """The joined structure tree: one Document element holding every part's elements, and
    the parent tree numbered for the joined pages (then their link annotations)."""

    def __init__(self, out: Pdf, pages: int) -> None:
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root)
        )
        self.root.K = Array([self.document])
        out.Root.StructTreeRoot = self.root
        self.out = out
        self.elements: list[Any] = []
        self.pages: list[Any] = []
        self.annotations: list[Any] = []
        self.next_annotation = pages

    def cut(self, source: Pdf, kept: list[pikepdf.Page]) -> list[Dictionary]:
        """The part's top-level elements on the kept pages, cut from their root (so copying
        them copies nothing else)."""
        ids = {page.obj.objgen for page in kept}
        elements = []
        for document in _array(source.Root.StructTreeRoot.K):
            for element in _array(document.get("/K", Array())):
                page = element.get("/Pg") if isinstance(element, Dictionary) else None
                if page is not None and page.objgen in ids:
                    del element["/P"]
                    elements.append(element)
        return elements

    def add(self, source: Pdf, elements: list[Dictionary], pages: list[pikepdf.Page]) -> None:
        """Hang the copied elements under the Document element and number their pages and
        annotations in the parent tree."""
        parents = NumberTree(source.Root.StructTreeRoot.ParentTree)
        for element in elements:
            copy = self.out.copy_foreign(element)
            copy.P = self.document
            self.elements.append(copy)
        for page in pages:
            key = int(page.obj.StructParents)
            page.obj.StructParents = len(self.pages)
            self.pages.append(_copy(self.out, parents[key]))
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    key = int(annotation.StructParent)
                    annotation.StructParent = self.next_annotation + len(self.annotations)
                    self.annotations.append(_copy(self.out, parents[key]))

    def finish(self) -> None:
        """Hang the elements under the Document element and write the parent tree: pages
        first, then annotations (both built as lists: a pikepdf Array grows slowly)."""
        self.document.K = Array(self.elements)
        nums: list[Any] = []
        for key, value in enumerate(self.pages):
            nums += [key, value]
        for key, value in enumerate(self.annotations, self.next_annotation):
            nums += [key, value]
        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=Array(nums)))


def _copy(out: Pdf, value: Any) -> Any:
    """A value of another PDF for `out`: its objects copied (once each), the rest as is."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(out, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(out, item) for key, item in value.items()})
    return value


def _array(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Array) else [value]


def _destinations(source: Pdf, kept: list[pikepdf.Page]) -> Iterator[tuple[str, Any]]:
    """The part's named destinations on the kept pages."""
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    ids = {page.obj.objgen for page in kept}
    for name, destination in NameTree(names.Dests).items():
        if isinstance(destination, Array) and destination[0].objgen in ids:
            yield str(name), destination


def _outline(out: Pdf, parts: list[tuple[Path, Laid]]) -> None:
    """The bookmarks of all parts, nested as WeasyPrint nests a whole book's."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    tree: list[Any] = []
    skipped: list[int] = []
    last_by_depth = [tree]
    previous = 0
    start = 0
    for _, laid in parts:
        by_page: list[list[Any]] = [[] for _ in range(laid.pages)]
        for level, label, page, x, y, state in laid.bookmarks:
            by_page[page].append((level, label, (x, y), state))
        for number, bookmarks in enumerate(by_page, start):
            page = SimpleNamespace(bookmarks=bookmarks)
            previous = make_page_bookmark_tree(
                page, skipped, last_by_depth, previous, number, Matrix()
            )
        start += laid.pages
    if tree:
        with out.open_outline() as outline:
            outline.root.extend(_items(tree))


def _items(subtrees: list[Any]) -> list[OutlineItem]:
    items = []
    for label, (page, x, y), children, state in subtrees:
        item = OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
        item.children.extend(_items(children))
        item.is_closed = state == "closed"
        items.append(item)
    return items
