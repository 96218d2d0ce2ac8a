"""Make the pictures of the README and the manual with the current code:

- docs/pages.png: the sample study's leader guide cover, its plan page and the session's
  first page, and a participant journal page, side by side; and every page of each of its
  editions, small (docs/pictures/anatomy-*.png);
- docs/preview.png: `studybook serve` in a headless Chromium (Debian's; skipped without one);
- docs/pictures/covers.png and large-print.png: the sample's leader guide with each cover
  design, and a session's first page in standard and in large print;
- docs/pictures/tutorial-*.png: the pages the tutorial makes from docs/files/lost-and-found.docx;
- docs/pictures/gallery/*.png and docs/gallery.md: the pages of the sample and of every study
  in tests/data/studies/ and tests/data/shapes/.

Run from the repository: `python docs/pictures.py` (all), or name some of `pages`,
`preview`, `typography`, `tutorial`, `gallery`.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PICTURES = DOCS / "pictures"
SETTINGS = """\
church: Grace Chapel
group: Wednesday Night
place: Fellowship Hall
start: 2027-01-13
time: "19:00"
"""
BACKGROUND = (240, 240, 240)
BORDER = (160, 160, 160)
STUDYBOOK = str(Path(sys.executable).with_name("studybook"))  # the command beside this Python


def project(folder: Path) -> Path:
    """A copy of the sample project with a church's settings."""
    shutil.copytree(ROOT / "content", folder / "content")
    (folder / "studybook.yaml").write_text(SETTINGS, encoding="utf-8")
    return folder


def page_picture(pdf: Path, text: str, width: int = 520) -> Image.Image:
    """The first page of `pdf` holding `text`, drawn `width` pixels wide."""
    document = pdfium.PdfDocument(pdf)
    for page in document:
        if text in page.get_textpage().get_text_range():
            picture = page.render(scale=width / page.get_size()[0]).to_pil()
            document.close()
            return picture
    raise SystemExit(f"{pdf.name}: no page holds {text!r}")


def side_by_side(pictures: list[Image.Image], gap: int = 24) -> Image.Image:
    """Pages on a grey ground, each with a thin border, as on a table."""
    width = sum(p.width for p in pictures) + gap * (len(pictures) + 1)
    height = max(p.height for p in pictures) + 2 * gap
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    x = gap
    for picture in pictures:
        sheet.paste(picture, (x, gap))
        draw.rectangle([x - 1, gap - 1, x + picture.width, gap + picture.height], outline=BORDER)
        x += picture.width + gap
    return sheet


def build(folder: Path, *arguments: str) -> None:
    subprocess.run([STUDYBOOK, "build", *arguments, "-q"], cwd=folder, check=True)


def pages_picture(folder: Path) -> None:
    build(folder)
    out = folder / "output" / "exodus-32-intercession"
    leader, participant = out.glob("*-leader.pdf"), out.glob("*-participant.pdf")
    leader, participant = next(leader), next(participant)
    pictures = [
        page_picture(leader, "Leader Guide"),
        page_picture(leader, "Minutes"),
        page_picture(leader, "The Key Verse"),
        page_picture(participant, "Day 1 ·"),
    ]
    side_by_side(pictures).save(DOCS / "pages.png", optimize=True)
    print("wrote docs/pages.png")
    PICTURES.mkdir(exist_ok=True)
    for edition, pdf in (("leader", leader), ("participant", participant)):
        contact_sheet(pdf).save(PICTURES / f"anatomy-{edition}.png", optimize=True)
        print(f"wrote docs/pictures/anatomy-{edition}.png")


def contact_sheet(pdf: Path, columns: int = 8, width: int = 150) -> Image.Image:
    """Every page of `pdf`, small, in rows, each with its number under it."""
    document = pdfium.PdfDocument(pdf)
    pages = [page.render(scale=width / page.get_size()[0]).to_pil() for page in document]
    document.close()
    gap, label = 16, 18
    height = max(p.height for p in pages)
    rows = -(-len(pages) // columns)
    sheet = Image.new(
        "RGB",
        (columns * (width + gap) + gap, rows * (height + gap + label) + gap),
        BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    for number, picture in enumerate(pages):
        x = gap + (number % columns) * (width + gap)
        y = gap + (number // columns) * (height + gap + label)
        sheet.paste(picture, (x, y))
        draw.rectangle([x - 1, y - 1, x + picture.width, y + picture.height], outline=BORDER)
        draw.text((x + width // 2, y + height + 4), str(number + 1), fill=(60, 60, 60), anchor="mt")
    return sheet.quantize(colors=64)


COVERS = ("classic", "band", "frame")


def typography_pictures(folder: Path) -> None:
    """The three cover designs side by side, and a page in standard and in large print."""
    PICTURES.mkdir(exist_ok=True)
    covers = []
    for cover in COVERS:
        out = folder / "output" / f"cover-{cover}"
        build(folder, "--edition", "leader", "--cover", cover, "--output", str(out))
        covers.append(page_picture(next(out.glob("*/*-leader.pdf")), "Leader Guide", 360))
    side_by_side(covers).save(PICTURES / "covers.png", optimize=True)
    print("wrote docs/pictures/covers.png")
    prints = []
    for name, arguments in (("standard", ()), ("large", ("--large-print",))):
        out = folder / "output" / f"print-{name}"
        build(folder, "--edition", "participant", *arguments, "--output", str(out))
        prints.append(page_picture(next(out.glob("*/*-participant.pdf")), "The Key Verse", 360))
    side_by_side(prints).save(PICTURES / "large-print.png", optimize=True)
    print("wrote docs/pictures/large-print.png")


def preview_picture(folder: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("docs/preview.png left as it is: no Chromium (apt-get install chromium)")
        return
    from playwright.sync_api import expect, sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [STUDYBOOK, "serve", "content", "--port", str(port)]
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(url)
            expect(page.locator("#status")).to_contain_text("Up to date", timeout=120_000)
            page.locator("#zoom").fill("300")  # two pages of each edition side by side
            for picture in page.locator("img").all()[:8]:
                picture.scroll_into_view_if_needed()
                expect(picture).to_have_js_property("complete", True)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=DOCS / "preview.png")
            browser.close()
        print("wrote docs/preview.png")
    finally:
        server.terminate()
        server.wait(timeout=30)


TUTORIAL_SETTINGS = """\
church: Grace Chapel
group: Tuesday Night
leader: Ann Lee
place: Fellowship Hall
start: 2027-03-02
every: week
time: "19:00"
timezone: America/Chicago
"""
GUESSED = re.compile(r"<!-- import guessed .*? -->\n\n")
CLOSING = re.compile(r"^Closing Prayer: (.+)$", re.MULTILINE)


def tutorial_pictures(folder: Path) -> None:
    """The tutorial's steps: import the Word document, make the edits it describes, set the
    church and dates, build with booklets; then its pages."""
    folder.mkdir()
    (folder / "content").mkdir()
    shutil.copy(DOCS / "files" / "lost-and-found.docx", folder)
    subprocess.run([STUDYBOOK, "import", "lost-and-found.docx", "-q"], cwd=folder, check=True)
    study = folder / "content" / "lost-and-found.md"
    text = GUESSED.sub("", study.read_text(encoding="utf-8"))
    text = CLOSING.sub('::: {.prayer label="Closing Prayer:"}\n\\1\n:::', text)
    study.write_text(text, encoding="utf-8")
    (folder / "studybook.yaml").write_text(TUTORIAL_SETTINGS, encoding="utf-8")
    build(folder, "content/lost-and-found.md", "--booklet")
    out = folder / "output" / "lost-and-found"
    leader, participant = out / "lost-and-found-leader.pdf", out / "lost-and-found-participant.pdf"
    PICTURES.mkdir(exist_ok=True)
    pictures = {
        "leader": [
            page_picture(leader, "Leader Guide"),
            page_picture(leader, "Minutes"),
            page_picture(leader, "Shepherd of Israel"),
        ],
        "participant": [
            page_picture(participant, "Shepherd of Israel"),
            page_picture(participant, "Who is the"),
        ],
        "booklet": [page_picture(out / "lost-and-found-participant-booklet.pdf", "", 900)],
    }
    for name, pages in pictures.items():
        side_by_side(pages).save(PICTURES / f"tutorial-{name}.png", optimize=True)
        print(f"wrote docs/pictures/tutorial-{name}.png")


GALLERY_STUDIES = [
    ROOT / "content" / "exodus-32-intercession.md",
    *sorted((ROOT / "tests" / "data" / "studies").glob("*.yaml")),
    *sorted((ROOT / "tests" / "data" / "shapes").glob("*.md")),
]


def gallery(folder: Path) -> None:
    """Each study's first pages, in each edition, and docs/gallery.md showing them."""
    from studybook.study.loader import load_study

    gallery = PICTURES / "gallery"
    shutil.rmtree(gallery, ignore_errors=True)
    gallery.mkdir(parents=True)
    page = [GALLERY_HEADER]
    for number, source in enumerate(GALLERY_STUDIES):
        name = f"{source.parent.name}-{source.stem}"  # two folders hold a flow guide
        project = folder / name
        shutil.copytree(source.parent, project / "content", ignore=_others(source))
        cover = COVERS[number % len(COVERS)]
        settings = SETTINGS + f"cover: {cover}\n"
        (project / "studybook.yaml").write_text(settings, encoding="utf-8")
        build(project)
        study = load_study(source, source.name).study
        out = project / "output" / source.stem
        pictures = _first_pages(out / f"{source.stem}-leader.pdf", 2)
        pictures += _first_pages(out / f"{source.stem}-participant.pdf", 2, skip_cover=True)
        picture = side_by_side(pictures).quantize(colors=64)
        picture.save(gallery / f"{name}.png", optimize=True)
        where = source.relative_to(ROOT).as_posix()
        subtitle = study.subtitle or ""
        if subtitle:
            subtitle = f"*{subtitle}*{'' if subtitle.endswith(('?', '!', '.')) else '.'} "
        page += [
            f"## {study.title}",
            "",
            f"{subtitle}`{where}`: {len(study.sessions)} session"
            f"{'s' if len(study.sessions) > 1 else ''}"
            f" in {LANGUAGES.get(study.language, study.language)}, with the `{cover}` cover."
            " The leader guide's first pages, then the participants'.",
            "",
            f"![{study.title}: the first pages of each edition](pictures/gallery/{name}.png)",
            "",
        ]
        print(f"wrote docs/pictures/gallery/{name}.png")
    (DOCS / "gallery.md").write_text("\n".join(page), encoding="utf-8")
    print("wrote docs/gallery.md")


GALLERY_HEADER = """\
# Gallery

<!-- Made by docs/pictures.py from the current code: do not edit. -->

The first pages of studies in the shapes churches publish, as studybook prints them today,
for Grace Chapel's Wednesday Night group: the sample study, and the studies the tests
build (see [Develop studybook](develop.md#the-studies-the-tests-build)). Each is built with
the default settings (half-letter paper, the World English Bible) and the group's dates,
and the three [cover designs](explanation/typography.md#covers) take turns.
"""
LANGUAGES = {"en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German"}


def _others(source: Path):
    """A copytree filter keeping `source` and the folders beside it (its images): the other
    studies beside it are left out."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        here = Path(folder)
        if here != source.parent:
            return []
        return [n for n in names if not (here / n).is_dir() and here / n != source]

    return ignore


def _first_pages(pdf: Path, count: int, skip_cover: bool = False) -> list[Image.Image]:
    """The first `count` pages with something on them, past the contents (and the cover)."""
    document = pdfium.PdfDocument(pdf)
    found = []
    for number, page in enumerate(document):
        text = page.get_textpage().get_text_range()
        blank = not text.strip()
        if blank or (skip_cover and number == 0 and len(document) > 4) or "Contents" in text[:40]:
            continue
        found.append(page.render(scale=360 / page.get_size()[0]).to_pil())
        if len(found) == count:
            break
    document.close()
    return found


def main() -> None:
    chosen = sys.argv[1:] or ["pages", "preview", "typography", "tutorial", "gallery"]
    with tempfile.TemporaryDirectory() as temporary:
        folder = project(Path(temporary))
        if "pages" in chosen:
            pages_picture(folder)
        if "preview" in chosen:
            preview_picture(folder)
        if "typography" in chosen:
            typography_pictures(folder)
        if "tutorial" in chosen:
            tutorial_pictures(Path(temporary) / "tutorial")
        if "gallery" in chosen:
            gallery(Path(temporary) / "gallery")


if __name__ == "__main__":
    main()
