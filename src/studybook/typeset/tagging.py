"""Tagged PDF: what a screen reader reads is the content, once, and nothing else.

WeasyPrint tags the text of page-margin boxes (running heads, page numbers) like any other
text, but leaves its structure elements out of the structure tree (Kozea/WeasyPrint#1836):
that text is neither real content nor an artifact. PDF/UA asks for page furniture to be an
artifact, so `finish` turns those marked-content sequences into pagination artifacts and
renumbers the remaining marked content of each page. It also tidies the tree: empty boxes,
such as the ruled writing lines (their borders are already artifacts), leave it, a heading
or paragraph holding a float no longer reads as a heading inside a heading, and each table
header cell says what it heads (a column in the table's head, else its row), as PDF/UA asks.
"""

from __future__ import annotations

from typing import Any

from pydyf import PDF, Array, Dictionary, Stream

PAGINATION = Dictionary({"Type": "/Pagination"})
# Grouping elements that mean nothing when empty (an empty table cell or list item does).
GROUPS = {"/Div", "/Span", "/P", "/NonStruct"}
# HTML cannot nest these, so one inside its own kind is the anonymous box WeasyPrint makes
# around the text of a block that also holds a float.
UNNESTED = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}


def finish(document: Any, pdf: PDF) -> None:
    """WeasyPrint finisher: mark page furniture as artifacts and tidy the structure tree
    (nothing to do in an untagged PDF)."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    root = _resolve(pdf, pdf.catalog["StructTreeRoot"])
    for reference in root["K"]:
        _tidy(pdf, _resolve(pdf, reference))
    in_tree = _tree(pdf, root)
    pages = [_resolve(pdf, reference) for reference in pdf.page_references]
    nums = _resolve(pdf, root["ParentTree"])["Nums"]
    for key, parents in zip(nums[::2], nums[1::2], strict=True):
        if isinstance(parents, Array) and key < len(pages):
            contents = _resolve(pdf, pages[key]["Contents"])
            _page_furniture(pdf, contents, parents, in_tree)
    for item in pdf.objects:
        if _is_element(item) and item.number not in in_tree:
            item.free = "f"  # not written: no structure element hangs outside the tree


def _page_furniture(pdf: PDF, contents: Stream, parents: Array, in_tree: set[int]) -> None:
    """Make one page's marked content that is outside the tree an artifact.

    `parents` is the page's parent-tree array: the structure element of each marked-content
    id. A page whose marked content is not all in its content stream (text drawn in a
    transparency group, say) is left as it is.
    """
    marks = {
        item["MCID"]: index
        for index, item in enumerate(contents.stream)
        if isinstance(item, Dictionary) and "MCID" in item
    }
    if set(marks) != set(range(len(parents))):
        return
    kept: dict[int, int] = {}
    for mcid, parent in enumerate(parents):
        index = marks[mcid]
        if _number(parent) in in_tree:
            kept[mcid] = len(kept)
            contents.stream[index] = Dictionary({"MCID": kept[mcid]})
        else:
            contents.stream[index - 1 : index + 1] = ["/Artifact", PAGINATION]
    for number in {_number(parents[mcid]) for mcid in kept}:
        element = pdf.objects[number]
        element["K"] = Array([kept.get(k, k) if isinstance(k, int) else k for k in element["K"]])
    parents[:] = [parents[mcid] for mcid in kept]


def _tidy(pdf: PDF, element: Dictionary) -> bool:
    """Drop the empty grouping elements under `element` and merge anonymous copies into
    their element; return whether `element` is now empty."""
    kids = []
    for kid in element["K"]:
        child = _resolve(pdf, kid) if isinstance(kid, bytes) else None
        if _is_element(child):
            if child["S"] == "/TH" and isinstance(child.get("A"), Dictionary):
                head = _resolve(pdf, element["P"])["S"] == "/THead"
                child["A"]["Scope"] = "/Column" if head else "/Row"
            if _tidy(pdf, child) and child["S"] in GROUPS:
                continue
            if child["S"] == element["S"] in UNNESTED and _only_elements(pdf, child["K"]):
                for grandchild in child["K"]:
                    _resolve(pdf, grandchild)["P"] = element.reference
                kids += child["K"]
                continue
        kids.append(kid)
    element["K"] = Array(kids)
    return not kids


def _tree(pdf: PDF, root: Dictionary) -> set[int]:
    """Object numbers of every structure element reachable from the structure tree root."""
    found: set[int] = set()
    todo = list(root["K"])
    while todo:
        item = todo.pop()
        element = _resolve(pdf, item) if isinstance(item, bytes) else None
        if _is_element(element) and element.number not in found:
            found.add(element.number)
            todo += element["K"]
    return found


def _only_elements(pdf: PDF, kids: Array) -> bool:
    """Whether every kid is a structure element (no marked content, no annotation)."""
    return all(isinstance(kid, bytes) and _is_element(_resolve(pdf, kid)) for kid in kids)


def _is_element(item: object) -> bool:
    return isinstance(item, Dictionary) and item.get("Type") == "/StructElem"


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _resolve(pdf: PDF, reference: bytes) -> Any:
    return pdf.objects[_number(reference)]
