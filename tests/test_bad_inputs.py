"""Every case in tests/bad/ builds safely: the expected outcome, no leak, nothing lost.

Each case folder holds project files and an `expect.yaml` (see tests/bad/README.md). The
case is copied into a fresh project beside a canary file holding a secret, with the output
of an earlier build already in place and the network watched, then built.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from studybook.cli import main
from studybook.render.punctuation import smart_punctuation

from .pdftext import key, page_texts

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expect.yaml").is_file())
STUDY = """\
title: A small study
sessions:
  - title: One
    blocks:
      - bullets:
          - Read Exodus 32:1-6 together.
"""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EARLIER = {
    "output/study/study-leader.pdf": b"%PDF-1.7\n% an earlier leader guide\n%%EOF\n",
    "output/study/study-participant.pdf": b"%PDF-1.7\n% an earlier handout\n%%EOF\n",
}


@contextmanager
def listener() -> Iterator[socket.socket]:
    """A socket listening on 127.0.0.1 that nothing should ever connect to."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    try:
        yield server
    finally:
        server.close()


def connections(server: socket.socket) -> int:
    """How many connections arrived at a listening socket."""
    count = 0
    while True:
        try:
            server.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


def watch_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record and refuse every attempt to connect or look up a name (local sockets, which
    multiprocessing uses to start workers, are let through)."""
    attempts: list[object] = []

    def refusing(original):
        def refuse(*args: object, **kwargs: object) -> object:
            if args and isinstance(args[0], socket.socket) and args[0].family == socket.AF_UNIX:
                return original(*args, **kwargs)
            attempts.append(args)
            raise OSError("network use in a test")

        return refuse

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refusing(getattr(socket.socket, name)))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refusing(getattr(socket, name)))
    return attempts


def fill(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def copy_case(case: Path, project: Path, values: dict[str, str]) -> None:
    """Copy a case's files into the project, filling in placeholders."""
    for source in sorted(case.rglob("*")):
        target = project / source.relative_to(case)
        if source.is_dir() or source.name == "expect.yaml":
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(source.read_text(encoding="utf-8"), values), encoding="utf-8")
    if not (project / "content").exists():
        (project / "content").mkdir(parents=True)
        (project / "content" / "study.yaml").write_text(STUDY, encoding="utf-8")


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size (its pixels are missing)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def generate(recipes: list[dict], project: Path, values: dict[str, str]) -> None:
    """Make what git cannot hold nicely: symlinks, folders, big or binary files, bombs."""
    for recipe in recipes:
        kinds = ("symlink", "hardlink", "fifo", "folder", "write", "repeat", "png")
        name = next(k for k in kinds if k in recipe)
        target = project / recipe[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in ("symlink", "hardlink", "fifo"):
            target.unlink(missing_ok=True)
        mode = "ab" if recipe.get("append") else "wb"
        if name == "symlink":
            target.symlink_to(fill(recipe["to"], values))
        elif name == "hardlink":
            target.hardlink_to(fill(recipe["to"], values))
        elif name == "fifo":
            os.mkfifo(target)
        elif name == "folder":
            target.mkdir(parents=True, exist_ok=True)
        elif name == "write":
            text = fill(recipe["text"], values)
            with target.open(mode) as stream:
                stream.write(text.encode(recipe.get("encoding", "utf-8")))
        elif name == "repeat":
            with target.open(mode) as stream:
                stream.write((recipe.get("prefix", "") + recipe["text"] * recipe["times"]).encode())
        else:
            target.write_bytes(png_header(recipe["width"], recipe["height"]))


def outside(root: Path, project: Path) -> dict[str, tuple[int, int, int]]:
    """Every file, folder and link under `root` but outside the project, with its type,
    size and modification time (links not followed)."""
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if Path(folder, d) != project]
        for name in [*dirs, *names]:
            info = os.lstat(Path(folder, name))
            found[os.path.join(folder, name)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


def pdf_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def as_list(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = f"CANARY-{uuid.uuid4().hex}"
    canary = tmp_path / "canary.txt"
    canary.write_text(f"title: {secret}\nsessions:\n  - title: {secret}\n", encoding="utf-8")
    project = tmp_path / "project"
    with listener() as server:
        values = {
            "@@CANARY_PATH@@": str(canary),
            "@@CANARY_URL@@": canary.as_uri(),
            "@@PORT@@": str(server.getsockname()[1]),
            "@@SECRET@@": secret,
        }
        expect = yaml.safe_load(fill((BAD / case / "expect.yaml").read_text(), values))
        copy_case(BAD / case, project, values)
        generate(expect.get("generate", []), project, values)
        for name, data in EARLIER.items():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_bytes(data)
        before = outside(tmp_path, project)
        attempts = watch_network(monkeypatch)
        monkeypatch.chdir(project)
        args = expect.get("args", ["--edition", "leader"])
        result = CliRunner().invoke(main, ["build", "content", "--force", "--jobs", "1", *args])
        monkeypatch.undo()
        arrived = connections(server)
    output = result.output
    assert result.exit_code == expect["exit"], output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert not CONTROL.search(output), "control characters reached the terminal"
    for message in as_list(expect.get("message")):
        assert message in output
    if "where" in expect:
        assert any(line.startswith(expect["where"]) for line in output.splitlines()), output
    if "not_where" in expect:
        assert not any(line.startswith(expect["not_where"]) for line in output.splitlines())
    assert outside(tmp_path, project) == before, "something outside the project changed"
    assert secret not in output
    assert attempts == [] and arrived == 0
    assert not list((project / "output").rglob("*studybook-tmp"))
    pdfs = sorted((project / "output").rglob("*.pdf"))
    texts = {pdf: pdf_text(pdf) for pdf in pdfs if pdf.read_bytes() not in EARLIER.values()}
    for pdf, text in texts.items():
        assert secret not in text and secret.encode() not in pdf.read_bytes(), pdf
    if expect["exit"] != 0:
        assert texts == {}
        for name, data in EARLIER.items():
            assert (project / name).read_bytes() == data
        return
    assert texts, "a successful build wrote no PDF"
    printed = key("\n".join(texts.values()))
    for wanted in as_list(expect.get("pdf_contains")):  # literally, as typeset: quotes curled
        assert key(smart_punctuation(wanted, "en")) in printed, wanted
    for unwanted in as_list(expect.get("pdf_lacks")):
        assert key(unwanted) not in printed, unwanted


def test_the_corpus_is_broad() -> None:
    assert len(CASES) >= 40
    failing = [c for c in CASES if yaml.safe_load((BAD / c / "expect.yaml").read_text())["exit"]]
    assert len(failing) >= 40
