"""`studybook serve`: builds on save, the page in a real headless Chromium, what the server
refuses to serve, and a clean stop on Ctrl-C."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.jobs.workers import Workers
from studybook.preview.builder import Builder
from studybook.preview.watch import watch_project

from .conftest import SAMPLE, STUDYBOOK
from .pdftext import key, page_texts

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
BROKEN = '"<img src=x onerror=alert(1)>": 1\n'  # an unknown field, after `language: en`
BROKEN_LINE = SAMPLE.read_text(encoding="utf-8").splitlines().index("language: en") + 2


def sample_project(folder: Path) -> Path:
    """A project holding a copy of the sample study."""
    (folder / "content").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "content" / SAMPLE.name)
    return folder


def broken(text: str) -> str:
    """The sample with an unknown field named like HTML in its front matter, after
    `language: en` (on BROKEN_LINE)."""
    return text.replace("language: en\n", f"language: en\n{BROKEN}", 1)


@dataclass
class Served:
    """A `studybook serve` process, and the lines it prints as they come."""

    process: subprocess.Popen
    project: Path
    url: str = ""

    def __post_init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.lines.put)),
            threading.Thread(target=self._read, args=(self.process.stderr, self.errors.append)),
        ]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream, keep) -> None:
        for line in stream:
            keep(line)

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        """The next line printed that matches `pattern`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if re.search(pattern, line):
                return line
        self.process.kill()
        raise AssertionError(f"no line matching {pattern!r}; stderr: {''.join(self.errors)}")

    def stop(
        self, how: signal.Signals = signal.SIGINT, group: bool = False
    ) -> tuple[int, list[str], str]:
        """Press Ctrl-C (or send `how`, to the whole process group if `group`, as a service
        manager does); the exit status, the lines printed since, and the errors printed."""
        if group:
            os.killpg(self.process.pid, how)
        else:
            self.process.send_signal(how)
        try:
            self.process.wait(timeout=30)
        finally:
            self.process.kill()
            for reader in self.readers:
                reader.join()
        printed = []
        while not self.lines.empty():
            printed.append(self.lines.get())
        return self.process.returncode, printed, "".join(self.errors)


def start_serving(project: Path, built: bool = True, group: bool = False) -> Served:
    """Run `studybook serve` on a project, on a free port (in a process group of its own if
    `group`); wait until it serves, and until its first build is done unless `built` is
    False."""
    process = subprocess.Popen(
        [*STUDYBOOK, "serve", "content", "--port", "0"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=group,
    )
    served = Served(process, project)
    served.url = served.wait_for(r"at http://").split(" at ")[1].split()[0]
    if built:
        served.wait_for(r"^preview built in")
    return served


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One preview server of the sample study, shared by the tests of this module; it must
    stop cleanly when they are done."""
    served = start_serving(sample_project(tmp_path_factory.mktemp("served")))
    yield served
    status, printed, errors = served.stop()
    assert (status, printed[-1:], errors) == (0, ["Stopped.\n"], "")


def raw_get(url: str, target: str, host: str | None = None) -> tuple[int, bytes]:
    """GET `target` exactly as written (no client tidies it up); the status and body."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or address.netloc)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/pdf/../../../../etc/passwd",
        "/pdf/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/pdf//etc/passwd",
        "/pdf/%2fetc%2fpasswd",
        "/pages/../../etc/passwd",
        "/pages/%2e%2e%2f%2e%2e%2fetc%2fpasswd.png",
        "//etc/passwd",
        "/preview.css/../../../etc/passwd",
        "http://127.0.0.1/../../etc/passwd",
    ],
)
def test_serves_nothing_outside_its_own_files(served: Served, target: str) -> None:
    status, body = raw_get(served.url, target)
    assert status == 404
    assert b"root:" not in body


def test_answers_only_to_its_own_address(served: Served) -> None:
    """Another web site cannot read the preview through a name pointing at 127.0.0.1."""
    port = urlsplit(served.url).port
    assert raw_get(served.url, "/", host=f"evil.example:{port}")[0] == 403
    assert raw_get(served.url, "/", host=f"localhost:{port}")[0] == 200


def test_page_forbids_scripts_and_content_from_elsewhere(served: Served) -> None:
    address = urlsplit(served.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    policy = response.getheader("Content-Security-Policy")
    connection.close()
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe" not in policy


def test_previews_never_touch_the_projects_output(served: Served) -> None:
    assert not (served.project / "output").exists()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (never a browser it downloads)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: pip install -e '.[test]'")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no Chromium on this machine: apt-get install chromium (as .ci/run does)")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        yield browser
        browser.close()


def pdf_text(page, href: str, folder: Path) -> str:
    """The text of a PDF the page links to, as served."""
    response = page.request.get(urljoin(page.url, href))
    assert response.ok
    path = folder / "linked.pdf"
    path.write_bytes(response.body())
    return key(" ".join(page_texts(path)))


@pytest.mark.chromium
def test_preview_in_chromium(served: Served, chromium, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    study = served.project / "content" / SAMPLE.name
    original = study.read_text(encoding="utf-8")
    page = chromium.new_page()
    page.goto(served.url)
    status, problems, studies = (
        page.locator("#status"),
        page.locator("#problems"),
        page.locator("#studies"),
    )
    expect(status).to_have_class(re.compile(r"\bready\b"))
    expect(status).to_contain_text("Up to date")

    # Both editions side by side, one loaded picture per page of each PDF linked.
    for edition in ("leader", "participant"):
        column = page.locator(f"[data-edition={edition}]")
        pictures = column.locator("img")
        pdf = column.locator("a.pdf").first.get_attribute("href")
        response = page.request.get(urljoin(served.url, pdf))
        (tmp_path / f"{edition}.pdf").write_bytes(response.body())
        pages = page_texts(tmp_path / f"{edition}.pdf")
        expect(pictures).to_have_count(len(pages))
        assert "howdoesexodus32:32inspireintercession" in key(pages[0]).lower()
        pictures.first.scroll_into_view_if_needed()
        expect(pictures.first).to_have_js_property("complete", True)
        assert pictures.first.evaluate("img => img.naturalWidth") > 500
    box = [
        page.locator(f"[data-edition={e}] img").first.bounding_box()
        for e in ("leader", "participant")
    ]
    assert box[0]["x"] + box[0]["width"] <= box[1]["x"]  # side by side, leader on the left
    assert abs(box[0]["y"] - box[1]["y"]) < 2

    # A one-word edit on disk shows by itself: the page is never reloaded.
    page.evaluate("window.neverReloaded = true")
    cover = page.locator("[data-edition=leader] img").first
    before = cover.get_attribute("src")
    saved = time.perf_counter()
    study.write_text(original.replace("inspire intercession?", "inspire prayer?", 1))
    expect(cover).not_to_have_attribute("src", before, timeout=30_000)
    expect(cover).to_have_js_property("complete", True)
    print(f"\none-word edit visible in the browser after {time.perf_counter() - saved:.2f} s")
    assert page.evaluate("window.neverReloaded") is True
    leader_pdf = page.locator("[data-edition=leader] a.pdf").first.get_attribute("href")
    assert "inspireprayer" in pdf_text(page, leader_pdf, tmp_path)

    # A broken study: the problem with its position, escaped; the last good pages greyed.
    study.write_text(broken(original), encoding="utf-8")
    expect(status).to_contain_text("1 problem", timeout=30_000)
    expect(problems).to_be_visible()
    expect(problems.locator(".where")).to_have_text(f"content/{SAMPLE.name}:{BROKEN_LINE}:1")
    expect(problems).to_contain_text("unknown field '<img src=x onerror=alert(1)>'")
    assert problems.locator("img").count() == 0
    expect(studies).to_have_class("stale")
    expect(studies.locator("[data-edition=leader] img").first).to_have_attribute(
        "src", cover.get_attribute("src")
    )
    assert "grayscale(1)" in cover.evaluate("img => getComputedStyle(img).filter")
    assert "inspireprayer" in pdf_text(page, leader_pdf, tmp_path)  # the last good PDF stays

    # Fixed: pages again, in colour, and no problems.
    study.write_text(original, encoding="utf-8")
    expect(status).to_contain_text("Up to date", timeout=30_000)
    expect(problems).to_be_hidden()
    expect(studies).not_to_have_class("stale")
    expect(cover).to_have_attribute("src", before)  # the very picture of the first build
    assert cover.evaluate("img => getComputedStyle(img).filter") == "none"
    assert "inspireintercession" in pdf_text(page, leader_pdf, tmp_path)
    assert page.evaluate("window.neverReloaded") is True

    # Nothing outside the preview, even asked for by the page's own browser.
    assert page.request.get(served.url + "../../etc/passwd").status == 404
    assert page.request.get(served.url + "pdf/%2e%2e/%2e%2e/etc/passwd").status == 404


def test_ctrl_c_during_a_build_stops_cleanly(tmp_path: Path) -> None:
    previews = set(Path(tempfile.gettempdir()).glob("studybook-preview-*"))
    served = start_serving(sample_project(tmp_path), built=False)
    status, printed, errors = served.stop()
    assert status == 0
    assert errors == ""
    assert "Stopping the build in progress…\n" in printed
    assert printed[-1] == "Stopped.\n"
    assert set(Path(tempfile.gettempdir()).glob("studybook-preview-*")) == previews
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    ("how", "group"),
    [(signal.SIGTERM, False), (signal.SIGTERM, True), (signal.SIGINT, True)],
    ids=["sigterm", "sigterm-to-every-process", "ctrl-c-in-a-terminal"],
)
def test_stopped_during_a_build_it_stops_that_build(
    tmp_path: Path, how: signal.Signals, group: bool
) -> None:
    """The build in progress is stopped, not waited for (it never finishes), whether the
    signal reaches studybook alone or every process it started; nothing is blamed."""
    served = start_serving(sample_project(tmp_path), built=False, group=group)
    status, printed, errors = served.stop(how, group)
    assert (status, errors) == (0, "")
    assert printed[-2:] == ["Stopping the build in progress…\n", "Stopped.\n"]
    assert not [line for line in printed if "built in" in line or "report" in line]
    assert not (tmp_path / "output").exists()


def test_a_port_in_use_is_named(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        project = sample_project(tmp_path)
        result = CliRunner().invoke(main, ["serve", str(project / "content"), "--port", str(port)])
    assert result.exit_code == 1
    assert f"--port: port {port} is already in use on 127.0.0.1" in result.output
    assert "Traceback" not in result.output


@contextmanager
def building(project: Path, folder: Path, reports: list[str]) -> Iterator[Builder]:
    """A preview builder of the project's studies, running in a thread while in use."""
    builder = Builder(project / "content", {}, folder, Workers(1).start())
    thread = threading.Thread(target=builder.run, args=(reports.append,))
    thread.start()
    try:
        yield builder
    finally:
        builder.stop()
        thread.join()


def test_one_build_at_a_time_and_a_broken_study_keeps_the_last_good_pages(
    tmp_path: Path,
) -> None:
    project = sample_project(tmp_path / "project")
    study = project / "content" / SAMPLE.name
    original = study.read_text(encoding="utf-8")
    reports: list[str] = []
    with building(project, tmp_path / "preview", reports) as builder:
        # Saves during a build make exactly one more build, after it.
        state = builder.wait(0, 60)
        assert state is not None and state.building
        for _ in range(5):
            builder.want()
        while state.version < 4:
            state = builder.wait(state.version, 60)
        good = builder.wait(state.version, 1.0)
        assert good is not None and good.version == 4  # two builds: the first, one more
        assert len(reports) == 1  # the second found nothing changed and kept the pages
        # A broken study: its problems, and the last good pages and PDFs kept.
        study.write_text(broken(original), encoding="utf-8")
        builder.want()
        bad = settled(builder, good.version)
        study.write_text(original, encoding="utf-8")
        builder.want()
        fixed = settled(builder, bad.version)
    assert good.pages is not None and not good.building and not good.problems
    assert [p.where for p in bad.problems] == [f"{study}:{BROKEN_LINE}:1"]
    assert bad.pages is good.pages
    pdfs = [builder.request.base / name for name in good.pages.files]
    assert sorted(p.name for p in pdfs) == [
        f"{study.stem}-leader.pdf",
        f"{study.stem}-participant.pdf",
    ]
    assert all(p.stat().st_size > 0 for p in pdfs)
    assert not fixed.problems and fixed.pages is good.pages  # unchanged since the good build
    assert {p.stem for p in builder.pictures.glob("*.png")} == good.pages.pictures


def settled(builder: Builder, seen: int):
    """The next state after version `seen` in which no build is running."""
    state = builder.wait(seen, 60)
    while state is not None and state.building:
        state = builder.wait(state.version, 60)
    assert state is not None
    return state


def test_saving_any_project_file_but_the_output_asks_for_a_build(tmp_path: Path) -> None:
    project = sample_project(tmp_path)
    (project / "output").mkdir()
    saved, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=watch_project, args=([project], [project / "output"], saved.set, stop)
    )
    watcher.start()
    try:
        time.sleep(0.3)  # let the watcher start before the first save
        (project / "output" / "study-leader.pdf").write_bytes(b"%PDF-")
        assert not saved.wait(1.0)
        for path in ("layouts/session.html", "studybook.yaml", "images/logo.png", "content/x.yaml"):
            (project / path).parent.mkdir(exist_ok=True)
            saved.clear()
            (project / path).write_text("changed")
            assert saved.wait(10), f"saving {path} asked for no build"
    finally:
        stop.set()
        watcher.join()


def test_a_batch_previews_its_first_church(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project")
    batch = "batch:\n  - church: Grace Chapel\n  - church: Hope Fellowship\n"
    (project / "studybook.yaml").write_text(batch, encoding="utf-8")
    with building(project, tmp_path / "preview", []) as builder:
        state = settled(builder, 0)
    assert state.pages is not None and not state.problems
    assert state.pages.note == "Showing Grace Chapel, the first of 2 sets in the batch."
    assert all(name.startswith("grace-chapel/") for name in state.pages.files)
    assert not (builder.request.base / "hope-fellowship").exists()
    leader = next(name for name in state.pages.files if name.endswith("-leader.pdf"))
    assert "GraceChapel" in key(" ".join(page_texts(builder.request.base / leader)))
