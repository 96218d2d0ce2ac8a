"""PDF/X-4 for print shops: what WeasyPrint's `pdf/x-4` variant leaves to its caller.

WeasyPrint writes the PDF/X-4 identification, the PDF 1.6 header and every page's TrimBox
and BleedBox (from the stylesheet's `bleed`), but no output intent unless a stylesheet
declares a CMYK colour profile, random document ids and the time of writing. This adds:

- the output intent PDF/X requires: the printing condition the file is made for, with its
  ICC profile embedded — Coated FOGRA39 (ISO 12647-2:2004, offset on coated paper), the
  commonest reference condition (see `profiles/README.md` for where the profile comes from);
- colour management for RGB: images in DeviceRGB (a logo) are marked as sRGB, and DeviceRGB
  drawing (from a project's own layout) is mapped to sRGB through `DefaultRGB`; the built-in
  layouts draw in black ink alone, so text never prints as four-colour black;
- reproducible metadata: dates from SOURCE_DATE_EPOCH, ids from the content, and the PDF/UA
  identification when the file is tagged.
"""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from ..project import write_atomically

PROFILE = Path(__file__).parent / "profiles" / "FOGRA39L.icc"
CONDITION = {
    "OutputConditionIdentifier": "FOGRA39",
    "OutputCondition": "Offset printing on coated paper (ISO 12647-2:2004, FOGRA39)",
    "RegistryName": "http://www.color.org",
    "Info": "Coated FOGRA39 (ISO 12647-2:2004)",
}
REPRODUCIBLE_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, as the typesetter uses


def make_pdf_x(path: Path, *, tagged: bool) -> None:
    """Finish the PDF/X-4 file WeasyPrint wrote at `path`, in place."""
    with Pdf.open(path) as pdf:
        profile = pdf.make_stream(PROFILE.read_bytes(), N=4)
        pdf.Root.OutputIntents = Array(
            [Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX, DestOutputProfile=profile,
                        **{key: pikepdf.String(value) for key, value in CONDITION.items()})]
        )  # fmt: skip
        _manage_rgb(pdf)
        _metadata(pdf, tagged=tagged)
        if "/ID" in pdf.trailer:  # WeasyPrint's is random: qpdf would keep its first half
            del pdf.trailer.ID
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, compress_streams=True)
    write_atomically(path, buffer.getvalue())


def _manage_rgb(pdf: Pdf) -> None:
    """RGB made device-independent: sRGB images, and DefaultRGB wherever DeviceRGB is drawn."""
    srgb = None
    for resources_ in _resource_dicts(pdf):
        for image in (resources_.get("/XObject") or {}).values():
            if image.get("/Subtype") == Name.Image and image.get("/ColorSpace") == Name.DeviceRGB:
                srgb = srgb or _srgb(pdf)
                image.ColorSpace = srgb
        srgb = srgb or _srgb(pdf)
        spaces = resources_.get("/ColorSpace")
        if spaces is None:
            resources_.ColorSpace = spaces = Dictionary()
        spaces.DefaultRGB = srgb


def _resource_dicts(pdf: Pdf) -> list[Dictionary]:
    """Every distinct resource dictionary of the pages and their form XObjects."""
    found: dict[tuple[int, int], Dictionary] = {}
    loose: list[Dictionary] = []
    todo = [page.obj.get("/Resources") for page in pdf.pages]
    while todo:
        item = todo.pop()
        if item is None:
            continue
        if item.is_indirect:
            if item.objgen in found:
                continue
            found[item.objgen] = item
        else:
            loose.append(item)
        for xobject in (item.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == Name.Form:
                todo.append(xobject.get("/Resources"))
    return [*found.values(), *loose]


def _srgb(pdf: Pdf) -> Array:
    """An ICCBased sRGB colour space (WeasyPrint's own sRGB profile, the ICC's sRGB2014)."""
    icc = resources.files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()
    return Array([Name.ICCBased, pdf.make_stream(icc, N=3, Alternate=Name.DeviceRGB)])


def _metadata(pdf: Pdf, *, tagged: bool) -> None:
    """XMP and document information as PDF/X-4 asks, the same for the same content."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", REPRODUCIBLE_EPOCH))
    when = datetime.fromtimestamp(epoch, UTC)
    digest = hashlib.sha256()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, Array) else [contents]:
            digest.update(stream.read_raw_bytes() if stream is not None else b"")
    uuid = digest.hexdigest()
    document = f"uuid:{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:32]}"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
        for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            meta[name] = when.isoformat()
        meta["xmpMM:DocumentID"] = document
        meta["xmpMM:InstanceID"] = document
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
        meta["pdf:Trapped"] = "False"
        for stale in ("pdfx:GTS_PDFXVersion", "pdfx:GTS_PDFXConformance"):
            if stale in meta:
                del meta[stale]
        if tagged:
            meta["pdfuaid:part"] = "1"
        producer = meta.get("pdf:Producer")
    if producer:
        pdf.docinfo.Producer = pikepdf.String(producer)
    stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%S+00'00'"))
    pdf.docinfo.CreationDate = stamp
    pdf.docinfo.ModDate = stamp
    pdf.docinfo.Trapped = Name("/False")
