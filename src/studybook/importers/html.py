"""A web page (or a Word document, which mammoth turns into HTML) as lines: its main
content found, navigation, headers, footers, forms and share buttons left out; headings,
lists with their markers and depth, quotations, bold and italics kept."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from .lines import Line

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What a page holds around its content, never part of a study.
_SKIPPED = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "input", "select", "textarea", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "map", "head", "title", "meta", "link",
}  # fmt: skip
_CRUFT_CLASS = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|header|masthead|sidebar|"
    r"widget|share|sharing|social|comments?|cookie|consent|banner|advert|ads?|related|"
    r"newsletter|subscribe|popup|modal|skip|toolbar|pagination|byline|meta)(?:$|[-_ ])",
    re.IGNORECASE,
)
_PARAGRAPHS = {"p", "pre", "address", "dt", "dd", "figcaption", "caption", "summary", "legend"}
_BLOCKS = {
    "div", "section", "article", "main", "body", "html", "center", "td", "th", "tr", "tbody",
    "thead", "tfoot", "table", "dl", "figure", "details", "fieldset", "li", "blockquote",
    *HEADINGS, *_PARAGRAPHS, "ul", "ol", "hr",
}  # fmt: skip
_STRONG = {"strong", "b"}
_EMPHASIS = {"em", "i", "cite"}
_SPACE = re.compile(r"\s+")


_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link"}


def html_lines(html: str) -> tuple[list[Line], list[tuple[int, str, str]]]:
    """The lines of a page's main content, and the text left out around it (navigation,
    headers, footers, share buttons) with its line, for the report."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return [], []
    main = _main(root)
    reader = _Reader()
    reader.block(main, depth=0, quote=False)
    return reader.lines, [*_outside(root, main), *reader.dropped]


def _outside(
    root: lxml.html.HtmlElement, main: lxml.html.HtmlElement
) -> list[tuple[int, str, str]]:
    """The visible text of a page outside its main content, element by element."""
    body = root.find("body")
    if body is None or main is body:
        return []
    inside = set(main.iter())
    left = []
    for element in body.iter():
        if element in inside or not isinstance(element.tag, str) or element.tag in _INVISIBLE:
            continue
        own = " ".join(
            t.strip() for t in (element.text, *(c.tail for c in element)) if t and t.strip()
        )
        if own and not any(a in inside for a in element.iterancestors()):
            left.append((element.sourceline or 0, own, "outside the page's main content"))
    return left


def _main(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the page's content: <main>, the longest <article>, an element
    whose role is "main", else the body."""
    for path in ("//main", "//*[@role='main']"):
        if found := root.xpath(path):
            return found[0]
    articles = root.xpath("//article")
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    body = root.find("body")
    return body if body is not None else root


def _skipped(element: lxml.html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in _SKIPPED:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return bool(_CRUFT_CLASS.search(names)) and element.tag not in ("body", "html", "main")


class _Reader:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.dropped: list[tuple[int, str, str]] = []
        self.gap = True

    def skip(self, element: lxml.html.HtmlElement) -> None:
        """Report what a skipped element shows (never a script or a style)."""
        if isinstance(element.tag, str) and element.tag not in _INVISIBLE:
            text = _SPACE.sub(" ", element.text_content()).strip()
            if text:
                self.dropped.append((element.sourceline or 0, text, "page furniture"))

    def add(self, text: str, where: int, **kwargs: object) -> None:
        for part in text.split("\n"):
            if clean := _SPACE.sub(" ", part).strip():
                self.lines.append(Line(clean, where, gap=self.gap, **kwargs))  # type: ignore[arg-type]
                self.gap = False
        self.gap = True

    def block(self, element: lxml.html.HtmlElement, depth: int, quote: bool) -> None:
        """An element that holds blocks: its children in order, with loose text between
        them read as paragraphs."""
        loose: list[str] = [element.text or ""]
        for child in element:
            if _skipped(child):
                self.skip(child)
                loose.append(child.tail or "")
                continue
            if child.tag in _BLOCKS:
                self.loose(loose, element, quote)
                self.child(child, depth, quote)
                loose = [child.tail or ""]
            else:
                loose.append(_inline(child))
                loose.append(child.tail or "")
        self.loose(loose, element, quote)

    def loose(self, pieces: list[str], element: lxml.html.HtmlElement, quote: bool) -> None:
        text = "".join(pieces)
        if text.strip():
            self.add(text, element.sourceline or 0, quote=quote)

    def child(self, element: lxml.html.HtmlElement, depth: int, quote: bool) -> None:
        tag, where = element.tag, element.sourceline or 0
        if tag in HEADINGS:
            self.add(_inline(element, strong=False), where, heading=HEADINGS[tag])
        elif tag in _PARAGRAPHS:
            strong = _all_strong(element)
            self.add(_inline(element, strong=not strong), where, quote=quote, strong=strong)
        elif tag in ("ul", "ol"):
            self.list(element, depth, quote)
        elif tag == "blockquote":
            self.block(element, depth, quote=True)
        elif tag == "hr":
            self.gap = True
        else:
            self.block(element, depth, quote)

    def list(self, element: lxml.html.HtmlElement, depth: int, quote: bool) -> None:
        number = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
        kind = element.get("type", "1")
        for item in element:
            if item.tag != "li" or _skipped(item):
                continue
            marker = _marker(kind, number) if element.tag == "ol" else "•"
            number += 1
            own = [item.text or ""]
            nested = []
            for child in item:
                if _skipped(child):
                    own.append(child.tail or "")
                elif child.tag in _BLOCKS and child.tag not in _PARAGRAPHS:
                    nested.append(child)
                elif child.tag in _PARAGRAPHS and not nested:
                    own.append(" " + _inline(child) + " ")
                    own.append(child.tail or "")
                elif child.tag in _PARAGRAPHS:
                    nested.append(child)
                else:
                    own.append(_inline(child))
                    own.append(child.tail or "")
            text = _SPACE.sub(" ", "".join(own)).strip()
            where = item.sourceline or 0
            self.lines.append(Line(text, where, marker=marker, depth=depth, gap=self.gap))
            self.gap = False
            for child in nested:
                self.child(child, depth + 1, quote)
                self.gap = False
        self.gap = True


def _marker(kind: str, number: int) -> str:
    if kind in ("a", "A"):
        letter = chr(ord("a") + (number - 1) % 26)
        return f"{letter.upper() if kind == 'A' else letter}."
    if kind in ("i", "I"):
        roman = _roman(number)
        return f"{roman.upper() if kind == 'I' else roman}."
    return f"{number}."


def _roman(number: int) -> str:
    digits = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in digits:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _inline(element: lxml.html.HtmlElement, *, strong: bool = True) -> str:
    """An element's text with its bold and italics as studybook's markup, line breaks as
    newlines; links by their text."""
    if _skipped(element):
        return ""
    if element.tag == "br":
        return "\n"
    inner = (element.text or "") + "".join(
        _inline(c, strong=strong) + (c.tail or "") for c in element
    )
    if not inner.strip() or "\n" in inner.strip():
        return inner
    lead, core, trail = _split_space(inner)
    if element.tag in _STRONG and strong and "**" not in core:
        return f"{lead}**{core}**{trail}"
    if element.tag in _EMPHASIS and "*" not in core:
        return f"{lead}*{core}*{trail}"
    return inner


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _all_strong(element: lxml.html.HtmlElement) -> bool:
    """Whether a paragraph is bold all through (a heading written as a bold line)."""
    text = _SPACE.sub(" ", element.text_content()).strip()
    bold = " ".join(
        _SPACE.sub(" ", b.text_content()).strip() for b in element.iter("strong", "b")
    ).strip()
    return bool(text) and bold == text
