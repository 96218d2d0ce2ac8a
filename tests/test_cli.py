"""The command line as a newcomer meets it: help, where a project is found, progress,
--quiet and --verbose, the summary of `check`, choices in any case, what an unknown
translation or a file that is no study is told, `clean`, `--force` and `layouts`."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.console import ORDER, Progress
from studybook.project import PACKAGE_LAYOUTS

from .conftest import STUDYBOOK, three_session_project
from .pdftext import page_sizes

WARNED = """\
title: Lost and found
sessions:
  - title: The sons
    blocks:
      - paragraph: "Read vv. 25-32 slowly."
"""  # a verse with no book to belong to: a warning


def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    """`studybook ARGS` (in `cwd`, if given): its exit status and everything it printed."""
    before = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(before)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_studybook_alone_prints_the_help_and_succeeds() -> None:
    code, output = run()
    assert code == 0
    assert output == run("--help")[1]
    listed = re.findall(r"^  (\w+)  +(.+)$", output.split("Commands:")[1], re.MULTILINE)
    assert [name for name, _ in listed] == ORDER  # new, serve, check, build, …
    for name, summary in listed:  # whole sentences, never cut short with "..."
        assert summary.endswith(".") and not summary.endswith("..."), (name, summary)


@pytest.mark.parametrize("command", ORDER)
def test_every_command_has_verbose(command: str) -> None:
    code, output = run(command, "--help")
    assert code == 0 and "--verbose" in output


def test_the_locale_help_says_the_default_is_the_studys_language() -> None:
    _, output = run("build", "--help")
    assert "(default: the study's" in " ".join(output.split())


@pytest.mark.parametrize("command", ["check", "build", "clean", "serve"])
def test_where_there_is_no_project_nothing_is_written_and_new_is_suggested(
    tmp_path: Path, command: str
) -> None:
    code, output = run(command, cwd=tmp_path)
    assert code == 1
    assert f"{tmp_path}: no studybook project here" in output
    assert "studybook new my-study" in output
    assert files_under(tmp_path) == []


def test_a_project_is_found_from_any_folder_inside_it(tmp_path: Path) -> None:
    project = three_session_project(tmp_path / "project")
    (project / "layouts").mkdir()
    code, output = run("check", cwd=project / "layouts")
    assert code == 0, output
    assert output.splitlines() == [
        "../content/prayer.yaml: ok — 3 sessions, 3 questions, 3 references",
        "../content/prayer.yaml: Bible: World English Bible (WEB): The World English Bible is "
        "in the public domain.",
        "ok — 1 study, 3 sessions, no warnings",
    ]
    code, output = run("build", "--edition", "leader", cwd=project / "content")
    assert code == 0, output
    assert output.splitlines()[-1] == "wrote ../output/prayer/prayer-leader.pdf"
    assert (project / "output/prayer/prayer-leader.pdf").is_file()
    assert not (project / "content/output").exists()


def test_check_ends_with_a_summary_counting_the_warnings(tmp_path: Path) -> None:
    three_session_project(tmp_path)
    (tmp_path / "content/lost.yaml").write_text(WARNED)
    code, output = run("check", cwd=tmp_path)
    assert code == 0, output
    assert output.count(": warning: ") == 1
    assert output.splitlines()[-1] == "ok — 2 studies, 4 sessions, 1 warning"
    code, output = run("check", "--quiet", cwd=tmp_path)
    assert code == 0 and output.count("\n") == 1 and ": warning: " in output  # only that


def test_choices_are_read_in_any_case(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    (project / "studybook.yaml").write_text("every: Week\nmarks: NONE\n")
    args = ("--paper", "A4", "--translation", "KJV", "--edition", "Leader")
    code, output = run("build", *args, cwd=project)
    assert code == 0, output
    sizes = page_sizes(project / "output/prayer/prayer-leader.pdf")
    assert {(round(w), round(h)) for w, h in sizes} == {(595, 842)}  # A4
    text = run("check", "--references", "--translation", "Kjv", cwd=project)[1]
    assert "ok — 1 study" in text


def test_an_unknown_translation_explains_how_to_print_a_licensed_one(tmp_path: Path) -> None:
    three_session_project(tmp_path)
    code, output = run("check", "--translation", "niv", cwd=tmp_path)
    assert code == 1
    line = output.splitlines()[0]
    assert line.startswith("--translation: studybook has no translation 'niv'")
    for words in ("public-domain", "licensed to print the NIV", "USFM", "abbreviation: NIV"):
        assert words in line, words
    code, output = run("check", "--translation", "kvj", cwd=tmp_path)
    assert code == 1 and "did you mean kjv?" in output


@pytest.mark.parametrize("name", ["notes.txt", "Study.docx", "README"])
def test_a_file_that_is_no_study_is_named_as_such(tmp_path: Path, name: str) -> None:
    three_session_project(tmp_path)
    (tmp_path / "content" / name).write_bytes(b"PK\x03\x04 \x00: not: yaml: [")
    code, output = run("check", f"content/{name}", cwd=tmp_path)
    assert code == 1
    suffix = Path(name).suffix
    kind = f"a {suffix} file" if suffix else "a file without a suffix"
    assert output.splitlines()[0] == (
        f"content/{name}: {kind} is not a study — studybook reads studies written in "
        "Markdown (.md) or YAML (.yaml, .yml): copy the text into a .md file (see the "
        "manual, Write a study)"
    )
    assert "YAML" not in output.split(" — ")[0] and "syntax" not in output


def test_a_folder_of_files_that_are_no_studies_names_them(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "study.docx").write_bytes(b"PK\x03\x04")
    code, output = run("check", cwd=tmp_path)
    assert code == 1
    assert output.splitlines()[0].startswith(
        "content: no study files here — study.docx: studybook reads studies written in Markdown"
    )


def test_a_build_shows_each_part_as_it_goes(tmp_path: Path) -> None:
    """`--verbose` prints each part of each PDF while the build runs: the first line comes
    before the build has ended."""
    project = three_session_project(tmp_path)
    process = subprocess.Popen(
        [*STUDYBOOK, "build", "--verbose"], cwd=project, stdout=subprocess.PIPE, text=True
    )
    first = process.stdout.readline()
    running = process.poll() is None
    rest = process.stdout.read()
    assert process.wait(timeout=300) == 0
    lines = [first, *rest.splitlines(keepends=True)]
    assert running, "the first line came only once the build was over"
    assert re.fullmatch(r"prayer-(leader|participant)\.pdf: part 1 of 5\n", first)
    for edition in ("leader", "participant"):
        parts = [line for line in lines if line.startswith(f"prayer-{edition}.pdf: part ")]
        assert parts[:5] == [f"prayer-{edition}.pdf: part {n} of 5\n" for n in range(1, 6)]
        made = lines.index(next(line for line in lines if f"made prayer-{edition}" in line))
        assert lines.index(parts[0]) < made
    assert lines[-2:] == [
        f"wrote output/prayer/prayer-{edition}.pdf\n"
        for edition in sorted(
            ("leader", "participant"), key=lambda e: rest.index(f"made prayer-{e}")
        )
    ]


def test_on_a_terminal_progress_is_one_line_rewritten_then_cleared() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = Progress(2, screen, quiet=False, verbose=False)
    progress.part("a-leader.pdf", 1, 3)
    progress.part("a-participant.pdf", 1, 3)
    progress.part("a-leader.pdf", 2, 3)
    progress.made("a-leader.pdf")
    progress.close()
    shown = screen.getvalue().split("\r")
    assert shown[1:] == [
        "[0/2]\x1b[K",
        "[0/2] · a-leader.pdf part 1/3\x1b[K",
        "[0/2] · a-leader.pdf part 1/3 · a-participant.pdf part 1/3\x1b[K",
        "[0/2] · a-leader.pdf part 2/3 · a-participant.pdf part 1/3\x1b[K",
        "[1/2] · a-participant.pdf part 1/3\x1b[K",
        "\x1b[K",  # cleared: what stays on the screen is what the build wrote
    ]
    quiet = Terminal()
    progress = Progress(2, quiet, quiet=True, verbose=False)
    progress.part("a-leader.pdf", 1, 3)
    progress.made("a-leader.pdf")
    progress.close()
    assert quiet.getvalue() == ""


def test_new_writes_a_gitignore_and_tells_how_to_find_the_layouts(tmp_path: Path) -> None:
    code, output = run("new", "demo", "--verbose", cwd=tmp_path)
    assert code == 0, output
    assert "wrote demo/.gitignore" in output
    ignored = (tmp_path / "demo/.gitignore").read_text().splitlines()
    assert "output/" in ignored
    readme = (tmp_path / "demo/layouts/README.md").read_text()
    assert "    studybook layouts\n" in readme
    assert "src/studybook" not in readme and "python -c" not in readme
    code, output = run("layouts", cwd=tmp_path / "demo")
    assert code == 0
    folder = Path(output.strip())
    assert folder == PACKAGE_LAYOUTS and (folder / "cover.html").is_file()
    listed = run("layouts", "--verbose")[1].split()
    assert {"cover.html", "session.html", "studybook.css"} <= set(listed)
    assert run("new", "quiet", "--quiet", cwd=tmp_path) == (0, "")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project built once (its leader guide), with a file of the user's in output/."""
    project = three_session_project(tmp_path)
    assert run("build", "--edition", "leader", cwd=project)[0] == 0
    (project / "output/notes.txt").write_text("mine")
    return project


def test_clean_removes_what_builds_keep_and_never_a_pdf_unless_asked(built: Path) -> None:
    output = built / "output"
    assert (output / ".studybook-parts").is_dir() and (output / ".studybook-cache.json").exists()
    code, printed = run("clean", "--verbose", cwd=built / "content")
    assert code == 0, printed
    assert printed.splitlines() == [
        "removed ../output/.studybook-parts",
        "removed ../output/.studybook-cache.json",
        "cleaned ../output: removed what builds keep",
    ]
    assert files_under(output) == [
        ".studybook.lock", "notes.txt", "prayer", "prayer/prayer-leader.pdf"
    ]  # fmt: skip
    assert run("clean", cwd=built) == (0, "cleaned output: removed nothing\n")
    assert run("build", "--edition", "leader", cwd=built)[0] == 0  # makes them again
    code, printed = run("clean", "--all", cwd=built)
    assert (code, printed) == (0, "cleaned output: removed what builds keep and 1 file\n")
    assert files_under(output) == [".studybook.lock", "notes.txt"]


def test_force_lays_every_part_out_again(built: Path) -> None:
    """A kept part carries what WeasyPrint said when it was laid out: a forced build never
    replays it (a system change, say, is picked up), a normal one may."""
    parts = built / "output/.studybook-parts/prayer-leader"
    kept = [path for path in parts.glob("*.json") if path.stem != "anchors"]
    assert len(kept) == 5
    for path in kept:
        facts = json.loads(path.read_text())
        facts["warned"] = ["Ignored `colour: red` at 3:5, unknown property."]
        path.write_text(json.dumps(facts))
    study = built / "content/prayer.yaml"
    study.write_text(study.read_text().replace("Evening 3", "Evening Three"))
    code, output = run("build", "--edition", "leader", cwd=built)
    assert code == 0 and "Ignored `colour: red`" in output  # the kept part, replayed
    code, output = run("build", "--edition", "leader", "--force", cwd=built)
    assert code == 0 and "warning" not in output, output
    kept = [p.read_text() for p in parts.glob("*.json") if p.stem != "anchors"]
    assert len(kept) == 5 and not [facts for facts in kept if "colour: red" in facts]
