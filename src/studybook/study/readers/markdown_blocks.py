"""The blocks of a Markdown study: paragraphs, lists, quotations, tables and the divs that
say what plain Markdown cannot (questions with their sub-questions, answers and notes,
verses, instructions, prayers, leader notes, material for participants only)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from .document import DataPath, Span
from .markdown_source import BLOCK_DIVS, QUESTION_DIVS, SESSION_DIVS, Attributes, Piece, Source

DASHES = ("—", "–", "―", "--")  # the last line of a quotation, starting with one, names its source
OPENING_MARKS = "“\"«„‘'‚‹「"
# “…” – Isaiah 40:31: a quotation in its own marks, then a dash and its source, on one line
QUOTED_SOURCE = re.compile(r"(?P<text>.*[”\"»“’'‹›」])\s+(?P<dash>—|–|―|--)\s*(?P<source>\S.*)$")
EDITION_CLASSES = {"leader": "leader_only", "participant": "participant_only"}


class Blocks(Source):
    """Reads a Markdown study's blocks into study data, a span for every value. `marks`
    are the study's method marks (from its front matter): a question or sub-question whose
    text starts with one in brackets, "(O) …", carries that mark."""

    marks: frozenset[str] = frozenset()

    def add_blocks(
        self, nodes: Iterable[SyntaxTreeNode], blocks: list[Any], inside: DataPath, edition=None
    ) -> None:
        """Read nodes into a list of blocks; a `::: participant` div's blocks are read into
        the same list, each for participants only."""
        for node in nodes:
            kind = self.div(node)[0] if node.type == "container_div" else None
            if kind == "participant":
                self.participant_div(node, blocks, inside)
                continue
            path = (*inside, len(blocks))
            block = self.block(node, path)
            if edition is not None and isinstance(block, dict):
                block[edition] = True
                self.keys[(*path, edition)] = self.values[path]
            blocks.append(block)

    def participant_div(self, node: SyntaxTreeNode, blocks: list[Any], inside: DataPath) -> None:
        attributes = self.div(node)[1]
        self.attributes({}, (*inside, len(blocks)), attributes, [], [])
        if not node.children:
            hint = "write the participants' blocks between its `:::` lines"
            self.problem(self.start(node), "this `participant` div is empty", hint)
        self.add_blocks(node.children, blocks, inside, "participant_only")

    def block(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        """One block of a session, part, opening or closing (None, and refused, if it has
        a problem)."""
        self.mark(path, node)
        if node.type == "paragraph":
            return self.paragraph(node, path)
        if node.type == "bullet_list":
            return {"bullets": self.items(node, (*path, "bullets"))}
        if node.type == "ordered_list":
            items = enumerate(node.children)
            steps = {"steps": [self.step(item, (*path, "steps", i)) for i, item in items]}
            start = node.attrs.get("start")
            if start is not None and start != 1:
                steps["start"] = start
                self.values[(*path, "start")] = self.values[path]
            return steps
        if node.type == "blockquote":
            return self.quote(node, path)
        if node.type == "table":
            return self.table(node, path)
        if node.type == "container_div":
            return self.div_block(node, path)
        message, hint = _OUT_OF_PLACE.get(node.type, _OUT_OF_PLACE[""])
        self.refuse(path, self.start(node), message, hint)
        return None

    def paragraph(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        pieces = self.pieces(node)
        text = pieces[0][0]
        if len(pieces) == 1 and len(text) >= 3 and not text.strip(":"):
            hint = "when divs are nested, give the outer one more colons (`::::`) than those in it"
            self.refuse(path, self.start(node), "this `:::` closes no div", hint)
            return None
        return {"paragraph": self.put((*path, "paragraph"), pieces)}

    def div_block(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        kind, attributes = self.div(node)
        if kind is None:
            self.refused.add(path)
            return None
        if kind == "question":
            return self.question(node, path, attributes)
        if kind == "verse":
            classes = ["leader", "participant"]
            data = self.verse(node, path, attributes, ["translation", "label"], classes)
        elif kind not in BLOCK_DIVS:
            place = "the session" if kind in SESSION_DIVS else "a question's div"
            hint = f"move it into {place}, outside any other div"
            self.refuse(path, self.start(node), f"a `{kind}` div belongs in {place}", hint)
            return None
        elif kind == "leader":
            data = {"leader_note": self.texts(node.children, (*path, "leader_note"), "note")}
            self.attributes(data, path, attributes, ["label"], [])
            return data
        else:
            data = {kind: self.one_paragraph(node, (*path, kind))}
            names = ["label"] if kind == "prayer" else []
            self.attributes(data, path, attributes, names, list(EDITION_CLASSES))
        if data is not None:
            self.editions(data, path, attributes)
        return data

    def editions(self, data: dict[str, Any], path: DataPath, attributes: Attributes) -> None:
        """`.leader` and `.participant` on a block: for that edition only."""
        for name, field in EDITION_CLASSES.items():
            if name in attributes.classes:
                data[field] = True
                self.keys[(*path, field)] = Span(*attributes.names["." + name])

    def numbering(self, data: dict[str, Any], path: DataPath, attributes: Attributes) -> None:
        """`.unnumbered`: no number (YAML's `number: false`)."""
        if "unnumbered" in attributes.classes:
            data["number"] = False
            self.keys[(*path, "number")] = Span(*attributes.names[".unnumbered"])
            self.values[(*path, "number")] = self.keys[(*path, "number")]

    def question(self, node: SyntaxTreeNode, path: DataPath, attributes: Attributes) -> Any:
        """A question div: its paragraphs, a list of sub-questions, then an `::: answer`
        and a `::: leader` div."""
        children = list(node.children)
        paragraphs = []
        while children and children[0].type == "paragraph":
            paragraphs.append(children.pop(0))
        if not paragraphs:
            hint = "write the question as the first paragraph in its div"
            self.refuse(path, self.start(node), "this question has no text", hint)
            return None
        data = self.question_text([self.pieces(p) for p in paragraphs], path)
        names = ["lines", "minutes", "number", "mark"]
        self.attributes(data, path, attributes, names, ["leader", "participant", "unnumbered"])
        self.editions(data, path, attributes)
        self.numbering(data, path, attributes)
        if children and children[0].type in ("bullet_list", "ordered_list"):
            items = enumerate(children.pop(0).children)
            subs = [self.subquestion(item, (*path, "subquestions", i)) for i, item in items]
            data["subquestions"] = subs
        self.question_divs(children, data, path)
        return data

    def question_text(self, pieces: list[list[Piece]], path: DataPath) -> dict[str, Any]:
        """A question's paragraphs (one text, or a list of them), its mark taken from the
        start of the first: "(O) What does …"."""
        data: dict[str, Any] = {}
        first, line, column = pieces[0][0]
        found = re.match(r"\(([^\s()]+)\)\s+", first)
        if found and found[1] in self.marks:
            data["mark"] = found[1]
            self.values[(*path, "mark")] = Span(line, column + 1, single_line=True)
            pieces[0][0] = (first[found.end() :], line, column + found.end())
        if len(pieces) == 1:
            data["question"] = self.put((*path, "question"), pieces[0])
        else:
            self.values[(*path, "question")] = Span(line, column)
            texts = [self.put((*path, "question", i), p) for i, p in enumerate(pieces)]
            data["question"] = texts
        return data

    def question_divs(self, nodes: list[SyntaxTreeNode], data: dict, path: DataPath) -> None:
        """A question's (or sub-question's) `::: answer` and `::: leader` divs."""
        for child in nodes:
            kind, inner = self.div(child) if child.type == "container_div" else (None, None)
            name = QUESTION_DIVS.get(kind or "")
            if inner is None or name is None or name in data:
                message = f"this question already has its {kind}" if name else (
                    "a question holds its text, its sub-questions, then an answer and a leader div"
                )  # fmt: skip
                hint = "write one `::: answer` and one `::: leader` div in the question"
                self.problem(self.start(child), message, hint)
                continue
            self.keys[(*path, name)] = Span(*self.start(child))
            if "label" in inner.values and "subquestions" not in path:
                labels = data.setdefault("labels", {})
                self.keys[(*path, "labels")] = self.keys[(*path, name)]
                self.attributes(labels, (*path, "labels"), _renamed(inner, name), [name], [])
            else:
                self.attributes({}, (*path, name), inner, [], [])
            data[name] = self.texts(child.children, (*path, name), kind or "")

    def subquestion(self, item: SyntaxTreeNode, path: DataPath) -> Any:
        """A sub-question: a list item's paragraphs (the first may start with a mark, and end
        with attributes such as {lines=3}), then its answer and leader divs."""
        self.mark(path, item)
        children = list(item.children)
        paragraphs = []
        while children and children[0].type == "paragraph":
            paragraphs.append(children.pop(0))
        if not paragraphs:
            hint = "write each sub-question as text after its list marker"
            self.refuse(path, self.start(item), "this sub-question has no text", hint)
            return None
        pieces = [self.pieces(p) for p in paragraphs]
        pieces[0], attributes = self.trailing_attributes(pieces[0])
        if not pieces[0]:
            hint = "write the sub-question's text before its attributes"
            self.refuse(path, self.start(item), "this sub-question has no text", hint)
            return None
        data = self.question_text(pieces, path)
        self.attributes(data, path, attributes, ["lines", "number", "mark"], ["unnumbered"])
        self.numbering(data, path, attributes)
        self.question_divs(children, data, path)
        if set(data) == {"question"} and isinstance(data["question"], str):
            return data["question"]
        return data

    def verse(
        self,
        node: SyntaxTreeNode,
        path: DataPath,
        attributes: Attributes,
        names: list[str],
        classes: list[str],
    ) -> Any:
        """A verse: a quotation whose last line, `— Reference`, names it; without text,
        the build's translation gives it."""
        children = list(node.children)
        quoted = self.quotation(children[0]) if len(children) == 1 else None
        if quoted is None or quoted[1] is None:
            hint = "write the verse as `> text` with a last line `> — Exodus 32:32`"
            self.refuse(path, self.start(node), "this verse has no reference", hint)
            return None
        text, reference = quoted
        data = {"verse": self.put((*path, "verse"), [reference])}
        if text:
            data["text"] = self.put((*path, "text"), text)
        self.attributes(data, path, attributes, names, classes)
        return data

    def quote(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        quoted = self.quotation(node)
        if quoted is None or not quoted[0]:
            hint = "write it as `> text`, with a last line `> — Reference` for its source"
            self.refuse(path, self.start(node), "a quotation is one paragraph", hint)
            return None
        text, source = quoted
        data = {"quote": self.put((*path, "quote"), text)}
        if source is not None:
            data["ref"] = self.put((*path, "ref"), [source])
        return data

    def quotation(self, node: SyntaxTreeNode) -> tuple[list[Piece], Piece | None] | None:
        """A `>` quotation's (or a paragraph's) text lines and its source, if it has one:
        a last line starting with a dash (`— James 5:16`), or, after a quotation in its
        own marks, a dash and the source on its last line; None unless it holds one
        paragraph and that source."""
        paragraphs = list(node.children) if node.type == "blockquote" else [node]
        if not paragraphs or any(p.type != "paragraph" for p in paragraphs):
            return None
        texts = [self.pieces(p) for p in paragraphs]
        text, line, column = texts[-1][-1]
        dash = next((d for d in DASHES if text.startswith(d)), None)
        source = None
        if dash is not None:
            rest = text[len(dash) :]
            source = (rest.strip(), line, column + len(text) - len(rest.lstrip()))
            texts[-1].pop()
            texts = [t for t in texts if t]
        elif texts[0][0][0][:1] in OPENING_MARKS and (found := QUOTED_SOURCE.match(text)):
            source = (found["source"].rstrip(), line, column + found.start("source"))
            texts[-1][-1] = (found["text"], line, column)
        if len(texts) > 1 or (source is not None and not source[0]):
            return None
        return (texts[0] if texts else []), source

    def step(self, item: SyntaxTreeNode, path: DataPath) -> Any:
        """A numbered step: a text, or a first line all in **strong** text (its title),
        the lines after it (its text) and a bullet list (its bullets)."""
        self.mark(path, item)
        children = list(item.children)
        first = children.pop(0) if children and children[0].type == "paragraph" else None
        bullets = children.pop(0) if children and children[0].type == "bullet_list" else None
        if first is None or children:
            hint = "write a step as one paragraph, and bullets under a step's **title**"
            self.refuse(path, self.start(item), "this step holds more than a step can", hint)
            return None
        pieces = self.pieces(first)
        marks = _strong_line(first, pieces[0][0])
        if not marks:
            if bullets is None:
                return self.put(path, pieces)
            hint = "begin the step with its title, a first line all in **strong** text"
            self.refuse(path, self.start(item), "a step with bullets needs a title", hint)
            return None
        title, line, column = pieces.pop(0)
        piece = (title[marks:-marks], line, column + marks)
        step: dict[str, Any] = {"title": self.put((*path, "title"), [piece])}
        if pieces:
            step["text"] = self.put((*path, "text"), pieces)
        if bullets is not None:
            step["bullets"] = self.items(bullets, (*path, "bullets"))
        return step

    def table(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        """A pipe table: its header row, then its body's rows, a text per cell."""
        rows = [row for section in node.children for row in section.children]
        table = []
        for r, row in enumerate(rows):
            self.mark((*path, "table", r), row)
            cells = enumerate(row.children)
            table.append([self.put((*path, "table", r, c), self.pieces(cell)) for c, cell in cells])
        return {"table": table}

    def journal(self, node: SyntaxTreeNode, path: DataPath, attributes: Attributes) -> Any:
        """Journal pages: `days` as an attribute, and the prompt as the div's paragraph."""
        data: dict[str, Any] = {}
        self.attributes(data, path, attributes, ["days", "label"], [])
        if node.children:
            data["prompt"] = self.one_paragraph(node, (*path, "prompt"))
        return data

    # Texts

    def one_paragraph(self, node: SyntaxTreeNode, path: DataPath) -> Any:
        """The text of a div that holds one paragraph."""
        children = list(node.children)
        if len(children) == 1 and children[0].type == "paragraph":
            return self.put(path, self.pieces(children[0]))
        hint = "write it as one paragraph between the `:::` lines"
        self.refuse(
            path, self.start(node), f"a `{self.div(node)[0]}` div holds one paragraph", hint
        )
        return None

    def texts(self, nodes: Iterable[SyntaxTreeNode], path: DataPath, what: str) -> list[Any]:
        """Texts written as paragraphs or bullet lists: each paragraph or bullet is one."""
        texts: list[Any] = []
        for node in nodes:
            if node.type == "paragraph":
                texts.append(self.put((*path, len(texts)), self.pieces(node)))
            elif node.type == "bullet_list":
                texts += self.items(node, path, len(texts))
            else:
                hint = f"write each {what} as a paragraph or a bullet"
                self.problem(
                    self.start(node),
                    f"an {what} is text" if what[0] in "aeiou" else f"a {what} is text",
                    hint,
                )
        return texts

    def items(self, node: SyntaxTreeNode, path: DataPath, first: int = 0) -> list[Any]:
        """The texts of a bullet list, one paragraph each (bullets do not nest)."""
        texts: list[Any] = []
        for i, item in enumerate(node.children, first):
            children = list(item.children)
            if len(children) == 1 and children[0].type == "paragraph":
                texts.append(self.put((*path, i), self.pieces(children[0])))
                continue
            message = "a bullet holds one paragraph" if children else "this bullet is empty"
            hint = "bullets do not nest: write each as one paragraph, or remove an empty one"
            where = self.start(children[1] if len(children) > 1 else item)
            self.refuse((*path, i), where, message, hint)
            texts.append(None)
        return texts


def _renamed(attributes: Attributes, name: str) -> Attributes:
    """An answer or leader div's `label=` as the question's label of that name."""
    renamed = Attributes(classes=attributes.classes, names=dict(attributes.names))
    for key, value in attributes.values.items():
        new = name if key == "label" else key
        renamed.values[new] = value
        renamed.names[new] = attributes.names[key]
        renamed.at[new] = attributes.at[key]
    return renamed


def _strong_line(paragraph: SyntaxTreeNode, line: str) -> int:
    """How many marks (`**` or `__`) wrap a paragraph's first line when that line is all
    strong text (0 if it is not)."""
    first: list[SyntaxTreeNode] = []
    for child in paragraph.children[0].children:
        if child.type in ("softbreak", "hardbreak"):
            break
        if child.type != "text" or child.content:  # markdown-it leaves empty texts around
            first.append(child)
    if len(first) != 1 or first[0].type != "strong":
        return 0
    marks = first[0].markup
    return len(marks) if line.startswith(marks) and line.endswith(marks) else 0


_OUT_OF_PLACE = {
    "html_block": (
        "HTML has no place in a study",
        "write the text itself; HTML comments <!-- … --> are left out",
    ),
    "code_block": (
        "this text is indented 4 spaces or more, so Markdown reads it as code",
        "remove the indentation",
    ),
    "fence": ("a code block has no place in a study", "write its text as a paragraph"),
    "heading": ("a heading cannot be inside a div", "end the div with `:::` above the heading"),
    "hr": ("a `---` line cannot be inside a div", "remove it"),
    "footnote_reference": (
        "a footnote is written outside any div",
        "move the line `[^label]: …` below the div",
    ),
    "": ("this has no place in a study", "write it as a paragraph, a list or a quotation"),
}
