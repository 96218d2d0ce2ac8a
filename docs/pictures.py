"""Make the README's pictures from the current sample study:

- docs/pages.png: the leader guide's cover, its plan page and the session's first page, and
  a participant journal page, side by side;
- docs/preview.png: `studybook serve` in a headless Chromium (Debian's; skipped without one).

Run from the repository: `python docs/pictures.py`.
"""

from __future__ import annotations

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


def pages_picture(folder: Path) -> None:
    subprocess.run(
        [STUDYBOOK, "build", str(folder / "content"), "-q"],
        check=True,
    )
    out = folder / "output" / "exodus-32-intercession"
    leader, participant = out.glob("*-leader.pdf"), out.glob("*-participant.pdf")
    leader, participant = next(leader), next(participant)
    pictures = [
        page_picture(leader, "Leader Guide"),
        page_picture(leader, "Session 1 plan"),
        page_picture(leader, "The Key Verse"),
        page_picture(participant, "Day 1 ·"),
    ]
    gap = 24
    width = sum(p.width for p in pictures) + gap * (len(pictures) + 1)
    height = max(p.height for p in pictures) + 2 * gap
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    x = gap
    for picture in pictures:
        sheet.paste(picture, (x, gap))
        draw.rectangle([x - 1, gap - 1, x + picture.width, gap + picture.height], outline=BORDER)
        x += picture.width + gap
    sheet.save(DOCS / "pages.png", optimize=True)
    print("wrote docs/pages.png")


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


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = project(Path(temporary))
        pages_picture(folder)
        preview_picture(folder)


if __name__ == "__main__":
    main()
