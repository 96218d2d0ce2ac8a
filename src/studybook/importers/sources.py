"""Read a source file into lines, whatever it is: a Word document (mammoth, after its zip
and XML are checked), a web page, a PDF (pypdfium2, running heads and page numbers left
out) or plain text. Each is bounded: a file past its limits is refused before it is read."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ..errors import Problem, ProblemsFound
from .html import html_lines
from .lines import Line, text_lines
from .pdf import pdf_lines

MAX_BYTES = {"docx": 20_000_000, "html": 5_000_000, "pdf": 50_000_000, "text": 2_000_000}
MAX_DOCX_PARTS = 2_000  # files inside a Word document
MAX_DOCX_XML = 60_000_000  # bytes of XML a Word document unpacks to
MAX_RATIO = 200  # how much one file inside it may grow when unpacked
SUFFIXES = {
    ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
}  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A source's lines, and what its `where` numbers count."""

    lines: list[Line]
    unit: str
    structured: bool = False  # its headings are marked (HTML, Word), not guessed from text
    dropped: tuple[tuple[int, str, str], ...] = ()  # a page's navigation, a PDF's running heads


def kind_of(name: str) -> str | None:
    """The kind of source a file name says (None for one studybook cannot read)."""
    return SUFFIXES.get("." + name.rsplit(".", 1)[-1].lower()) if "." in name else None


def read_source(data: bytes, kind: str, name: str) -> Source:
    """The lines of a source's bytes; a problem naming the file when it cannot be read."""
    if len(data) > MAX_BYTES[kind]:
        limit = MAX_BYTES[kind] // 1_000_000
        raise _refused(name, f"the file is larger than {limit} MB", "import a smaller file")
    if kind == "docx":
        lines, dropped = html_lines(_docx_html(data, name))
        return Source(lines, "paragraph", structured=True, dropped=tuple(dropped))
    if kind == "pdf":
        return _pdf(data, name)
    text = _decoded(data, name)
    if kind == "html" or (kind == "text" and re.match(r"\s*<(?:!doctype|html)\b", text, re.I)):
        lines, dropped = html_lines(text)
        return Source(lines, "line", structured=True, dropped=tuple(dropped))
    return Source(text_lines(text), "line")


def _refused(name: str, message: str, hint: str) -> ProblemsFound:
    return ProblemsFound([Problem(name, message=message, hint=hint)])


def _decoded(data: bytes, name: str) -> str:
    if b"\x00" in data[:8000]:
        raise _refused(name, "this is not a text file", "import a .docx, .html, .pdf or .txt file")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
        "utf-8-sig", "cp1252"
    ):  # fmt: skip
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _docx_html(data: bytes, name: str) -> str:
    """A Word document as HTML, after checking it is a small enough zip of plain XML."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refused(
            name, "this is not a Word document (.docx): it is not a zip file",
            "save it from Word or Google Docs as a .docx, or import it as text",
        ) from None  # fmt: skip
    hint = "this document may be damaged or made to harm: save it again from Word"
    if len(members) > MAX_DOCX_PARTS:
        raise _refused(name, f"the document holds more than {MAX_DOCX_PARTS} files", hint)
    total = 0
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        total += member.file_size if member.filename.endswith((".xml", ".rels")) else 0
        if (ratio > MAX_RATIO and member.file_size > 1_000_000) or total > MAX_DOCX_XML:
            raise _refused(name, "the document unpacks to far more than its size", hint)
    if "word/document.xml" not in archive.namelist():
        raise _refused(name, "this zip file is not a Word document", "import a .docx file")
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as stream:
                head = stream.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refused(name, f"{member.filename} declares a DTD or entities", hint)
    import mammoth  # BSD-2: Word's styles, lists, bold and footnotes as HTML

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(lambda _: {}),
            style_map="p[style-name='Title'] => h1:fresh",
        )
    except Exception as err:  # a damaged document can fail anywhere inside mammoth
        raise _refused(
            name, f"the Word document cannot be read ({type(err).__name__})", hint
        ) from None
    return result.value


def _pdf(data: bytes, name: str) -> Source:
    """A PDF's lines (pdf.py), structured by its type sizes and spacing."""
    import pypdfium2

    try:
        lines, dropped = pdf_lines(data)
    except pypdfium2.PdfiumError:
        raise _refused(
            name, "this is not a PDF file, or it is damaged", "save it again as PDF"
        ) from None
    except ValueError as err:
        raise _refused(name, str(err), "import fewer pages") from None
    return Source(lines, "page", structured=False, dropped=tuple(dropped))
