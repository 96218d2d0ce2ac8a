"""Safety beyond the bad-input corpus: the network, the sandbox, the loaders, and never losing
a finished PDF, whether a build fails, is interrupted, or runs twice at once."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from jinja2.exceptions import SecurityError, TemplateNotFound, UndefinedError

from studybook.cli import main
from studybook.errors import ProblemsFound
from studybook.jobs.workers import available_cores
from studybook.output import transaction
from studybook.project import atomic, files
from studybook.render.context import layout_context
from studybook.render.plain import Record
from studybook.render.sandbox import environment
from studybook.settings.config import BuildOptions
from studybook.settings.images import check_image
from studybook.settings.schedule import Origin
from studybook.study.loader import load_study
from studybook.study.readers import document
from studybook.study.readers import yaml as yamlread
from studybook.study.readers.yaml import read_yaml

from .conftest import SAMPLE, build, three_session_project
from .test_bad_inputs import connections, listener, png_header

PDFS = ("prayer-leader.pdf", "prayer-participant.pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once; tests copy its PDFs' bytes to compare against."""
    project = three_session_project(tmp_path_factory.mktemp("built"))
    code, output = build(project, "--jobs", "1")
    assert code == 0, output
    return project


def outputs(project: Path) -> dict[str, bytes]:
    return {name: (project / "output" / "prayer" / name).read_bytes() for name in PDFS}


def temporary_files(project: Path) -> list[Path]:
    return list((project / "output").rglob("*studybook-tmp"))


def test_nothing_reaches_the_network_even_in_worker_processes(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    with listener() as server:
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        (project / "layouts").mkdir()
        (project / "layouts" / "fonts.css").write_text(f'@import url("{url}/theme.css");\n')
        (project / "layouts" / "back.html").write_text(f'<img src="{url}/pixel.png" alt="">\n')
        svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}/logo.png"/></svg>'
        (project / "logo.svg").write_text(svg)
        code, output = build(project, "--logo", "logo.svg", "--jobs", "2")
        time.sleep(0.2)
        assert connections(server) == 0
    assert code == 1, output
    for line in (
        f"layouts/fonts.css:1:14: this CSS @import asks for {url}/theme.css",
        f"layouts/back.html:1:11: this layout asks for {url}/pixel.png",
        f"logo.svg:1:54: this SVG image asks for {url}/logo.png",
    ):
        assert line in output
    assert "never uses the network" in output


@pytest.fixture(scope="module")
def sample_context() -> dict[str, object]:
    """Everything the leader guide's layouts see for the sample study."""
    return layout_context(load_study(SAMPLE, "sample"), "leader", BuildOptions())


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__[1].__subclasses__()",
        "cycler.__init__.__globals__",
        "self._TemplateReference__context",
        "joiner.__init__.__globals__.os",
        "namespace.__init__.__globals__",
        "study.__class__.__init__.__globals__",
        "'{0.__class__}'.format(study)",
        "(study|attr('__class__'))",
        "study.__dict__",
        "study._fields",
        "study.model_dump()",
        "sessions[0].session.model_copy",
        "study.sessions.append(1)",
        "sessions.__add__",
        "'x'.encode()",
        "'%s'.__mod__(study)",
        "[].append(1)",
        "{}.update(a=1)",
        "'x' * 10000000",
        "[1] * 10000000",
        "9 ** 99999",
    ],
)
def test_layouts_cannot_reach_python_internals(
    tmp_path: Path, expression: str, sample_context: dict[str, object]
) -> None:
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "evil.html").write_text(f"{{{{ {expression} }}}}")
    template = environment(tmp_path / "layouts").get_template("evil.html")
    with pytest.raises((SecurityError, UndefinedError)):  # a record has only its fields
        template.render(sample_context)


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_the_layout_context_is_plain_data(edition: str) -> None:
    context = layout_context(load_study(SAMPLE, "sample"), edition, BuildOptions())
    plain = (str, int, float, bool, type(None), tuple, Record)
    found = dict(walk(tuple(context.values())))
    assert len(found) > 200  # the whole study is there
    for path, value in found.items():
        assert isinstance(value, plain), f"{path} is a {type(value).__name__}"


def walk(value: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every value inside a context, with its path."""
    yield path, value
    if isinstance(value, Record):
        for name in value:
            yield from walk(value[name], f"{path}.{name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def test_fields_named_like_methods_are_fields() -> None:
    record = Record({"items": ("a", "b"), "values": 3})
    env = environment()
    assert env.from_string("{{ r.items | join(',') }} {{ r['values'] }}").render(r=record) == (
        "a,b 3"
    )


def test_a_layout_linking_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "layouts").mkdir(parents=True)
    (tmp_path / "secret.html").write_text("secret")
    (project / "layouts" / "cover.html").symlink_to(tmp_path / "secret.html")
    (project / "layouts" / "inside.html").write_text("{% include 'cover.html' %}")
    env = environment(project / "layouts")
    with pytest.raises(SecurityError, match="outside the project"):
        env.get_template("inside.html").render()


def test_a_layout_linking_inside_the_project_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "layouts").mkdir()
    (tmp_path / "shared.html").write_text("<p>shared</p>")
    (tmp_path / "layouts" / "back.html").symlink_to(tmp_path / "shared.html")
    assert environment(tmp_path / "layouts").get_template("back.html").render() == "<p>shared</p>"


@pytest.mark.parametrize("name", ["../secret.html", "../../etc/passwd", "/etc/passwd"])
def test_includes_cannot_leave_the_layouts_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "layouts").mkdir()
    (tmp_path / "secret.html").write_text("secret")
    (tmp_path / "layouts" / "x.html").write_text(f'{{% include "{name}" %}}')
    with pytest.raises(TemplateNotFound):
        environment(tmp_path / "layouts").get_template("x.html").render()


def test_runtime_errors_name_the_layout_file_and_line(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    (project / "layouts" / "parts").mkdir(parents=True)
    (project / "layouts" / "back.html").write_text("<p>\n{% include 'parts/sum.html' %}\n</p>")
    (project / "layouts" / "parts" / "sum.html").write_text("one\ntwo\n{{ sessions | sum }}\n")
    code, output = build(project)
    assert code == 1
    assert output.startswith("layouts/parts/sum.html:3:1: error in the layout: unsupported")


def test_alias_bomb_is_refused_after_bounded_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    visits = []
    build = yamlread._Builder.build

    def counted(self, node, data_path):
        visits.append(1)
        return build(self, node, data_path)

    monkeypatch.setattr(yamlread._Builder, "build", counted)
    problems = [str(p) for p in read_yaml(path, "bomb.yaml").problems]
    assert any("expands to too much data" in problem for problem in problems), problems
    assert len(visits) < yamlread.MAX_NODES + 1_000  # 9**12 nodes if expanded


def test_a_huge_file_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(2_000_000_000)  # sparse: costs no disk
    asked = []
    opener = os.fdopen

    def recording_fdopen(*args, **kwargs):
        stream = opener(*args, **kwargs)
        read = stream.read
        stream.read = lambda size=-1: asked.append(size) or read(size)
        return stream

    monkeypatch.setattr(files.os, "fdopen", recording_fdopen)
    with pytest.raises(ProblemsFound, match="2,000,000,000 bytes"):
        read_yaml(path, "huge.yaml")
    assert asked == [document.MAX_BYTES + 1]


def test_a_decompression_bomb_is_refused_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import ImageFile

    def never(*args: object) -> None:
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)
    (tmp_path / "logo.png").write_bytes(png_header(50_000, 50_000))
    path, problems = check_image("logo.png", tmp_path, Origin("studybook.yaml", 1, 7))
    assert path is None
    assert [str(p) for p in problems] == [
        "studybook.yaml:1:7: the image 'logo.png' has too many pixels to print"
        " — use an image under 40 megapixels"
    ]


@pytest.mark.parametrize(
    ("name", "data", "accepted"),
    [
        ("logo.svg", png_header(40, 40), True),  # a PNG, whatever its name
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>', True),
        ("logo.jpg", b"GIF89a\x01\x00\x01\x00", False),
        ("logo.svg", b"<html><body>not an image</body></html>", False),
    ],
)
def test_image_type_is_judged_by_content(
    tmp_path: Path, name: str, data: bytes, accepted: bool
) -> None:
    (tmp_path / name).write_bytes(data)
    path, problems = check_image(name, tmp_path, Origin("studybook.yaml"))
    assert (path is not None) == accepted, problems


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"before")
    with pytest.raises(TypeError):
        atomic.write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"before"
    assert list(tmp_path.iterdir()) == [target]


SLOW_LAYOUT = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
COMMAND = [sys.executable, "-c", "from studybook.cli import main; main()"]


def start_build(project: Path, *args: str) -> subprocess.Popen:
    """`studybook build` in its own session, as a terminal would start it (with Ctrl-C
    handled, even if this test runs in the background, where it is ignored)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [*COMMAND, "build", "content", "--force", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def session_processes(session: int) -> list[int]:
    """The processes still alive in a session (zombies aside)."""
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def slow(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project whose back cover takes minutes to render."""
    project = tmp_path / "slow"
    shutil.copytree(built, project)
    (project / "layouts").mkdir()
    (project / "layouts" / "back.html").write_text(SLOW_LAYOUT)
    return project


def test_ctrl_c_stops_every_process_and_keeps_previous_pdfs(slow: Path) -> None:
    before = outputs(slow)
    run = start_build(slow, "--jobs", "2")
    assert wait_for(lambda: len(session_processes(run.pid)) >= 5)  # build, tracker, server, jobs
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    output = run.communicate(timeout=60)[0]
    assert run.returncode == 1 and "Aborted" in output and "Traceback" not in output
    assert wait_for(lambda: session_processes(run.pid) == [])
    assert outputs(slow) == before
    assert temporary_files(slow) == []


def test_killing_the_build_kills_its_workers_and_the_next_build_cleans_up(slow: Path) -> None:
    before = outputs(slow)
    run = start_build(slow, "--jobs", "2")
    assert wait_for(lambda: len(session_processes(run.pid)) >= 5)
    folder = slow / "output" / "prayer"
    (folder / ".prayer-leader.pdf.studybook-staged").write_bytes(b"half a PDF")
    (folder / ".prayer-leader.pdf.1234abcd.studybook-tmp").write_bytes(b"half a PDF")
    run.kill()  # kill -9: no chance to clean up
    run.communicate(timeout=60)
    assert wait_for(lambda: session_processes(run.pid) == [], seconds=10)
    assert outputs(slow) == before
    (slow / "layouts" / "back.html").unlink()
    code, output = build(slow, "--jobs", "1")
    assert code == 0, output
    assert temporary_files(slow) == []
    assert not list((slow / "output").rglob("*studybook-staged"))


def interrupted_commit(project: Path, staged: list[str]) -> bytes:
    """Leave the state of a build killed while moving its PDFs: a journal, and `staged`
    files still waiting; returns what the staged files hold."""
    folder = project / "output" / "prayer"
    manifest = json.loads((project / "output" / ".studybook-cache.json").read_text())
    newer = (folder / "prayer-leader.pdf").read_bytes() + b"% newer\n"
    for name in staged:
        (folder / f".{name}.studybook-staged").write_bytes(newer)
    journal = {"key": manifest["key"], "files": [f"prayer/{name}" for name in PDFS]}
    (project / "output" / ".studybook-commit.json").write_text(json.dumps(journal))
    (project / "output" / ".studybook-cache.json").unlink()
    return newer


def test_a_build_killed_while_moving_pdfs_is_completed_by_the_next(built: Path) -> None:
    newer = interrupted_commit(built, staged=["prayer-participant.pdf"])  # the leader moved
    code, output = build(built, "--jobs", "1")
    assert code == 0 and "up to date" in output, output
    assert outputs(built)["prayer-participant.pdf"] == newer
    assert not (built / "output" / ".studybook-commit.json").exists()


def test_a_half_committed_set_is_never_called_up_to_date(built: Path) -> None:
    interrupted_commit(built, staged=["prayer-leader.pdf"])  # not the order moves happen in
    code, output = build(built, "--jobs", "1")
    assert code == 0 and "up to date" not in output, output
    assert "wrote" in output


def test_two_builds_at_once_both_leave_complete_pdfs(built: Path) -> None:
    command = [sys.executable, "-c", "from studybook.cli import main; main()", "build"]
    args = ["--force", "--jobs", "1", "--quiet"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.Popen(
            [*command, "content", *args], cwd=built, env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    for name, data in outputs(built).items():
        assert data.rstrip().endswith(b"%%EOF"), name
        assert len(pypdf.PdfReader(built / "output" / "prayer" / name).pages) > 4
    assert temporary_files(built) == []


def test_check_reports_every_broken_project_layout(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    (project / "layouts").mkdir()
    (project / "layouts" / "session.html").write_text("{% if %}\n")
    (project / "layouts" / "cover.html").write_text("<p>{{ study.title }</p>\n")
    result = CliRunner().invoke(main, ["check", str(project / "content")])
    assert result.exit_code == 1
    assert "layouts/cover.html:1:1: unexpected '}'" in result.output
    assert "layouts/session.html:1:1: Expected an expression" in result.output


def test_a_build_that_fails_part_way_changes_no_pdf(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    code, output = build(project, "--jobs", "1")
    assert code == 0, output
    pdfs = sorted((project / "output").rglob("*.pdf"))
    before = {pdf: pdf.read_bytes() for pdf in pdfs}
    study = project / "content" / "prayer.yaml"
    study.write_text(study.read_text().replace("Evening 1", "Evening One"))
    (project / "layouts").mkdir()
    broken = '{% extends "base.html" %}{% block after_session %}{{ 1 / 0 }}{% endblock %}'
    (project / "layouts" / "participant.html").write_text(broken)
    code, output = build(project, "--jobs", "1")  # the leader guide is written first, then this
    assert code == 1
    assert "layouts/participant.html:1:" in output
    assert {pdf: pdf.read_bytes() for pdf in pdfs} == before
    assert not [p for p in (project / "output").rglob("*") if p.name.startswith(".prayer")]


def test_a_file_size_limit_is_a_message_and_keeps_previous_pdfs(built: Path) -> None:
    before = outputs(built)

    def small_files() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run(
        [*COMMAND, "build", "content", "--force", "--jobs", "1"],
        cwd=built, env=env, capture_output=True, text=True, preexec_fn=small_files, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "cannot write here (File too large) — the file is over this system's file-size " in (
        run.stderr
    )
    assert outputs(built) == before
    assert temporary_files(built) == []


@pytest.mark.parametrize(
    ("where", "error", "message"),
    [
        ("mkdir", errno.EROFS, "cannot write here (Read-only file system) — the disk is read-only"),
        ("mkdir", errno.EACCES, "cannot write here (Permission denied) — choose a folder you"),
        ("journal", errno.ENOSPC, "cannot write here (No space left on device) — free some disk"),
        ("journal", errno.EDQUOT, "(Disk quota exceeded) — free some disk space (you are over"),
    ],
)
def test_output_faults_are_messages_and_keep_previous_pdfs(
    built: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: int, message: str
) -> None:
    before = outputs(built)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    if where == "mkdir":
        monkeypatch.setattr(Path, "mkdir", fail)
    else:
        monkeypatch.setattr(transaction, "write_atomically", fail)
    code, output = build(built, "--force", "--jobs", "1")
    monkeypatch.undo()
    assert code == 1 and message in output, output
    assert outputs(built) == before
    assert temporary_files(built) == []
    assert not list((built / "output").rglob("*studybook-staged"))


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_written_files_follow_the_umask(tmp_path: Path, umask: int) -> None:
    project = three_session_project(tmp_path)
    previous = os.umask(umask)
    try:
        code, output = build(project, "--jobs", "1", "--edition", "leader")
    finally:
        os.umask(previous)
    assert code == 0, output
    pdf = project / "output" / "prayer" / "prayer-leader.pdf"
    assert pdf.stat().st_mode & 0o777 == 0o666 & ~umask


def test_more_jobs_than_cores_are_capped_with_a_message(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    cores = available_cores()
    code, output = build(project, "--jobs", str(cores + 38), "--edition", "leader")
    assert code == 0, output
    processes = "process" if cores == 1 else "processes"
    assert f"using {cores} {processes}: this machine has {cores} cores" in output


# --- Bounds: every process of a build's tree within its limits -------------------------------

MEMORY_LIMIT = 256  # MB, the lowest --memory-limit
HEADROOM = 300  # MB a job may hold before its limit starts counting (WeasyPrint, fonts)
BOMBS = {
    "wordwrap": "{{ 'a'|center(4000000)|wordwrap(3)|length }}",
    "center": "{{ 'a'|center(1500000000)|length }}",
    "percent": "{{ '%0900000000d' % 1 }}",
    "format": "{{ '%900000000s'|format('a') }}",
    "indent": "{{ 'a'|indent(900000000, true) }}",
}
TIME_BOMB = "layouts/back.html: the layout used more than 3 s of CPU time (the most one file"
MEMORY_BOMB = "layouts/back.html:2:1: the layout needs more memory than one file may use — "


def peak_memory(pid: int) -> int:
    """The most resident memory a process has used (MB), 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) // 1024 if found else 0


def measured(project: Path, *args: str, limit=None) -> tuple[int, str, int]:
    """Run studybook in its own session; its exit status, what it printed, and the peak
    memory of the largest process of its tree (sampled every 20 ms: what a process takes
    beyond its limits it holds far longer than that). `limit` sets the shell's limits."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with tempfile.TemporaryFile() as printed:
        process = subprocess.Popen(
            [*COMMAND, *args], cwd=project, env=env, stdout=printed, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=limit,
        )  # fmt: skip
        peak = 0
        deadline = time.monotonic() + 180
        while process.poll() is None and time.monotonic() < deadline:
            peak = max([peak, *(peak_memory(pid) for pid in session_processes(process.pid))])
            time.sleep(0.02)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"studybook {' '.join(args)} ran for more than 180 s")
        printed.seek(0)
        return process.returncode, printed.read().decode(), peak


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("bomb", BOMBS)
def test_layout_bombs_stay_within_the_limits(tmp_path: Path, bomb: str, command: str) -> None:
    project = three_session_project(tmp_path)
    (project / "layouts").mkdir()
    (project / "layouts" / "back.html").write_text(f"<p>The end.</p>\n<p>{BOMBS[bomb]}</p>\n")
    limits = ("--time-limit", "3", "--memory-limit", str(MEMORY_LIMIT))
    building = ("--edition", "leader", "--jobs", "1") if command == "build" else ()
    code, output, peak = measured(project, command, "content", *limits, *building)
    assert peak < MEMORY_LIMIT + HEADROOM, f"a process used {peak} MB"
    assert "Traceback" not in output
    if bomb == "wordwrap":  # compiling works the constant out: checking it runs out of time
        assert code == 1 and output.startswith(TIME_BOMB), output
    elif command == "check":  # checking compiles layouts; the bomb goes off when one runs
        assert code == 0 and "content/prayer.yaml: ok" in output, output
    else:
        assert code == 1 and output.startswith(MEMORY_BOMB), output
        assert not (project / "output" / "prayer" / "prayer-leader.pdf").exists()


def test_a_plain_build_has_its_own_peak_in_bounds(tmp_path: Path) -> None:
    """The measure above can tell: a build that works stays well inside it, and one that
    is allowed more memory than the bombs need does take it."""
    project = three_session_project(tmp_path)
    code, output, peak = measured(project, "build", "content", "--edition", "leader")
    assert code == 0, output
    assert 50 < peak < MEMORY_LIMIT + HEADROOM
    (project / "layouts").mkdir()
    (project / "layouts" / "back.html").write_text("<p>{{ 'a'|center(400000000)|length }}</p>")
    code, output, peak = measured(project, "build", "content", "--edition", "leader", "--force")
    assert code == 0, output
    assert peak > 400


def shell_memory(megabytes: int):
    """What `ulimit -v` sets, for a child process."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))

    return limit


@pytest.mark.parametrize(
    ("shell", "args", "used"),
    [
        (1536, (), "1,536 MB of memory per process, not 2,048 MB"),
        (8192, ("--memory-limit", "1048576"), "8,192 MB"),
    ],
)
def test_limits_fit_the_shell(tmp_path: Path, shell: int, args: tuple, used: str) -> None:
    project = three_session_project(tmp_path)
    code, output, _ = measured(
        project, "build", "content", "--edition", "leader", *args, limit=shell_memory(shell)
    )
    assert code == 0, output
    assert f"using at most {used}" in output and "(ulimit -v)" in output
    assert "Traceback" not in output
    assert (project / "output" / "prayer" / "prayer-leader.pdf").exists()
    code, output, _ = measured(project, "check", "content", *args, limit=shell_memory(shell))
    assert code == 0 and "content/prayer.yaml: ok" in output, output


def test_what_is_printed_cannot_forge_a_line(tmp_path: Path) -> None:
    """File names and values are the user's: control characters in them are escaped, and
    every problem and every study is one line."""
    project = three_session_project(tmp_path)
    forged = project / "content" / "x\nFAKE.yaml: ok — all good\n\x1b[2Jy.yaml"
    forged.write_text("title: T\nsessions: [{title: One}]\n")
    escaped = f"{project}/content/x\\nFAKE.yaml: ok — all good\\n\\x1b[2Jy.yaml"
    result = CliRunner().invoke(main, ["check", str(project / "content")])
    assert result.exit_code == 0
    web = "Bible: World English Bible (WEB): The World English Bible is in the public domain."
    assert result.output.splitlines() == [
        f"{project}/content/prayer.yaml: ok — 3 sessions, 3 questions, 3 references",
        f"{project}/content/prayer.yaml: {web}",
        f"{escaped}: ok — 1 session, 0 questions, 0 references",
        f"{escaped}: {web}",
        "ok — 2 studies, 4 sessions, no warnings",
    ]
    forged.write_text('title: T\nsessions: [{title: One}]\n"bad\\nfield\\u001b[31m": 1\n')
    result = CliRunner().invoke(main, ["check", str(project / "content")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{escaped}:3:1: this text holds a control character (U+001B) — remove that escape "
        "from the text",
        "studybook: 1 problem(s) found",
    ]
