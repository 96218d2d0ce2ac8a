"""A roster: one church per row of a CSV, .xlsx or .ods file, checked row by row with the
row's line and the column's name, each church built and committed on its own, skipped
when unchanged, resumed after kill -9, and accounted for in a summary and a report."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.errors import ProblemsFound
from studybook.settings import PAPERS, load_roster

from .conftest import three_session_project
from .pdftext import page_sizes, page_texts

BROKEN_LAYOUT = '{% if customisation.church == "Broken Church" %}{{ 1 // 0 }}{% endif %}\n'


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named as from the test's folder, where the projects are."""
    monkeypatch.chdir(tmp_path)


def roster(folder: Path, text: str, name: str = "churches.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def size(paper: str) -> object:
    return pytest.approx((PAPERS[paper].width, PAPERS[paper].height), abs=0.5)


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", str(project / "content"), *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def problems_of(project: Path, path: Path) -> list[str]:
    """Every problem of a roster: those that stop the run, or else each row's."""
    try:
        churches = load_roster(project, {}, path)
    except ProblemsFound as found:
        return [str(p) for p in found.problems]
    return [str(p) for church in churches for p in church.problems]


def test_a_roster_builds_each_church_into_its_own_folder_and_resumes(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    (project / "studybook.yaml").write_text("paper: a5\nplace: Fellowship Hall\n")
    path = roster(
        project,
        "church,group,start,paper,# contact\n"
        "Grace Chapel,Wednesday Night,2027-01-13,,ann@example.org\n"
        '"St. Mary & St. Joseph\'s",,,letter,\n',
    )
    code, out, err = run(project, "--roster", str(path))
    assert code == 0, err
    assert "2 churches in" in out and "2 to build" in out
    assert "[2/2] built" in out
    grace = project / "output" / "grace-chapel-wednesday-night" / "prayer"
    mary = project / "output" / "st-mary-st-joseph-s" / "prayer"
    cover = page_texts(grace / "prayer-leader.pdf")[0]
    assert "Grace Chapel" in cover and "Fellowship Hall" in cover
    assert "January 13" in cover  # the row's start, with the file's place and paper
    assert page_sizes(grace / "prayer-participant.pdf")[0] == size("a5")
    assert (grace / "prayer.ics").is_file()
    assert "St. Mary & St. Joseph’s" in page_texts(mary / "prayer-leader.pdf")[0]
    assert page_sizes(mary / "prayer-leader.pdf")[0] == size("letter")
    assert not (mary / "prayer.ics").exists()  # no dates, no calendar
    report = json.loads((project / "output" / "roster-report.json").read_text())
    assert report["summary"] == {"built": 2, "skipped": 0, "failed": 0, "not built": 0}
    first = report["churches"][0]
    assert (first["line"], first["church"], first["status"]) == (2, "Grace Chapel", "built")
    assert "grace-chapel-wednesday-night/prayer/prayer-leader.pdf" in first["files"]

    made = (grace / "prayer-leader.pdf").stat().st_mtime_ns
    path.write_text(path.read_text().replace("letter", "a4"))  # only St. Mary's changes
    code, out, err = run(project, "--roster", str(path))
    assert code == 0, err
    assert "1 up to date" in out and "1 to build" in out
    assert "[1/1] built St. Mary & St. Joseph's" in out
    assert (grace / "prayer-leader.pdf").stat().st_mtime_ns == made
    assert page_sizes(mary / "prayer-leader.pdf")[0] == size("a4")
    assert "2 churches: 1 built, 1 skipped (unchanged)" in out


def test_a_failing_church_does_not_stop_the_others_unless_fail_fast(tmp_path: Path) -> None:
    project = three_session_project(tmp_path / "project")
    (project / "layouts").mkdir()
    back = (Path(__file__).parents[1] / "layouts" / "back.html").read_text()
    (project / "layouts" / "back.html").write_text(BROKEN_LAYOUT + back)
    rows = "church\nBroken Church\nGood Church\nBetter Church\n"
    path = roster(project, rows)
    report = tmp_path / "account.csv"
    code, _, err = run(project, "--roster", str(path), "--jobs", "1", "--report", str(report))
    assert code == 1
    assert "churches.csv:2: Broken Church cannot be built:" in err
    assert "layouts/back.html:1:1: error in the layout: integer division or modulo by zero" in err
    assert "3 churches: 2 built, 1 failed; report: " in err
    records = list(csv.DictReader(io.StringIO(report.read_text())))
    assert [(r["line"], r["church"], r["status"]) for r in records] == [
        ("2", "Broken Church", "failed"),
        ("3", "Good Church", "built"),
        ("4", "Better Church", "built"),
    ]
    assert "integer division" in records[0]["problems"]
    assert not list((project / "output").rglob("broken-church/**/*.pdf"))
    assert not list((project / "output").rglob("*staged*"))

    path.write_text("church\nBroken Church\nGood Church\nBest Church\n")
    code, _, err = run(project, "--roster", str(path), "--jobs", "1", "--fail-fast")
    assert code == 1
    assert "3 churches: 1 skipped (unchanged), 1 failed, 1 not built" in err
    assert not (project / "output" / "best-church").exists()
    statuses = json.loads((project / "output" / "roster-report.json").read_text())["summary"]
    assert statuses == {"built": 0, "skipped": 1, "failed": 1, "not built": 1}


def test_every_problem_of_a_roster_is_positioned_by_line_and_column_name(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    path = roster(
        project,
        "\ufeffChurch;Group;Start;Time;Paper;Large Print;Skip;\n"  # Excel's BOM and semicolons
        "Grace Chapel;Wednesday;2027-01-13;19:00;a5;yes;2027-01-20 2027-01-27;\n"
        '"Hope\nFellowship";;2027-02-30;7pm;a3;maybe;;\n'  # a quoted line break: lines 3-4
        ";Youth;;;;;;\n"
        "\n"
        "Grace Chapel;Wednesday;;;;;;stray\n",
    )
    assert problems_of(project, path) == [
        "churches.csv:1: column H holds values but has no name on line 1 — name it (church, "
        "group, start, …), or start its name with # for notes",
        "churches.csv:2: church: the church on line 7 would write to "
        "output/grace-chapel-wednesday too — give each church a different name or group",
        "churches.csv:3: Large Print: 'maybe' should be yes or no — write true or false",
        "churches.csv:3: Paper: 'a3' must be one of 'half-letter', 'letter', 'a5' or 'a4' — "
        "pick one of those values",
        "churches.csv:3: Start: '2027-02-30' is not a real date — write it as YYYY-MM-DD, "
        "e.g. 2027-01-13",
        "churches.csv:3: Time: '7pm' is not a time of day — write it as hours:minutes, e.g. 19:00",
        "churches.csv:5: church: this row names no church — write the church's name",
        "churches.csv:7: church: the church on line 2 would write to "
        "output/grace-chapel-wednesday too — give each church a different name or group",
    ]
    path.write_text("church,group\nGrace Chapel,Youth,,stray\n")
    assert problems_of(project, path) == [
        "churches.csv:2: column D holds a value but has no name on line 1 — remove the value, "
        "or add a name for its column on line 1",
    ]


def test_a_roster_header_names_only_settings(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    (project / "studybook.yaml").write_text("batch:\n  - church: Grace Chapel\n")
    path = roster(project, "church,strat,church,batch,,# notes\nA,2027-01-01,,,x,anything\n")
    assert problems_of(project, path) == [
        "churches.csv:1: batch: not a setting studybook knows — use the names of studybook.yaml "
        "(or start the column's name with # to keep it as a note)",
        "churches.csv:1: church: another column is 'church' too — keep one column per setting",
        "churches.csv:1: column E holds values but has no name on line 1 — name it (church, "
        "group, start, …), or start its name with # for notes",
        "churches.csv:1: strat: not a setting studybook knows — did you mean 'start'? (or start "
        "the column's name with # to keep it as a note)",
        "studybook.yaml:1:1: studybook.yaml lists a batch, and --roster gives the churches too — "
        "remove `batch:` from studybook.yaml, or build without --roster",
    ]


def write_ods(path: Path, rows: list[list[object]]) -> None:
    """A minimal OpenDocument spreadsheet: strings, and dates as date cells."""

    def cell(value: object) -> str:
        if isinstance(value, date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
            )
        text = f"<text:p>{value}</text:p>"
        return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'

    body = "".join(f"<table:table-row>{''.join(map(cell, row))}</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Churches">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest manifest:version="1.2"'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)


def test_xlsx_and_ods_rosters_read_as_their_cells_show(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the test extra writes .xlsx files with it")
    project = three_session_project(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["church", "group", "start", "time", "duration", "creep", "booklet"])
    sheet.append(["Grace Chapel", 7, date(2027, 1, 13), time(19, 0), 75, 0.5, True])
    sheet.append([])
    sheet.append(["Hope Fellowship", "Youth", "13/01/2027", "19:00", 2, None, "no"])
    book.save(project / "churches.xlsx")
    assert problems_of(project, project / "churches.xlsx") == [
        "churches.xlsx:4: duration: '2' must be at least 5 — use a larger number",
        "churches.xlsx:4: start: '13/01/2027' is not a real date — write it as YYYY-MM-DD, "
        "e.g. 2027-01-13",
    ]
    sheet.delete_rows(4)
    book.save(project / "churches.xlsx")
    church = load_roster(project, {}, project / "churches.xlsx")[0]
    assert church.settings == {
        "church": "Grace Chapel", "group": "7", "start": date(2027, 1, 13), "time": "19:00",
        "duration": 75, "creep": 0.5, "booklet": True,
    }  # fmt: skip
    options = church.options
    assert options.production.booklet and options.production.creep_mm == 0.5
    assert options.folder == "grace-chapel-7"

    write_ods(
        project / "churches.ods",
        [["church", "start", "skip"], ["Grace Chapel", date(2027, 1, 13), "2027-01-20"],
         ["Hope Fellowship", "2027-02-31", ""]],
    )  # fmt: skip
    assert problems_of(project, project / "churches.ods") == [
        "churches.ods:3: start: '2027-02-31' is not a real date — write it as YYYY-MM-DD, "
        "e.g. 2027-01-13"
    ]


def test_unreadable_rosters_say_what_to_do(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    (project / "latin1.csv").write_bytes("church\nSt. Andr\xe9\n".encode("latin-1"))
    assert problems_of(project, project / "latin1.csv") == [
        "latin1.csv:2: this file is not UTF-8 text — save it as \u201cCSV UTF-8\u201d "
        "(comma-delimited) from your spreadsheet"
    ]
    (project / "fake.xlsx").write_text("church\nA\n")
    assert problems_of(project, project / "fake.xlsx") == [
        "fake.xlsx: this is not a spreadsheet — open it in your spreadsheet and save it again, "
        "or save it as CSV"
    ]
    (project / "churches.numbers").write_text("")
    assert (
        "a roster is a .csv, .xlsx or .ods file"
        in problems_of(project, project / "churches.numbers")[0]
    )
    assert problems_of(project, project / "missing.csv") == [
        "missing.csv: file not found — check the name and folder"
    ]


def broken_roster(rows: int) -> tuple[str, dict[int, str]]:
    """A roster of `rows` churches with a dozen broken cells; the line and column of each."""
    broken = {
        17: ("start", "2027-13-01"), 40: ("paper", "A3 sheet"), 41: ("time", "25:00"),
        77: ("timezone", "Mars/Olympus"), 99: ("translation", "nkjv"), 123: ("every", "daily"),
        150: ("locale", "xx_YY"), 188: ("duration", "ninety"), 201: ("start", "tomorrow"),
        230: ("large_print", "perhaps"), 266: ("skip", "2027-02-30"), 299: ("creep", "9"),
    }  # fmt: skip
    columns = ["church", "start", "every", "time", "timezone", "paper", "translation",
               "locale", "duration", "large_print", "skip", "creep"]  # fmt: skip
    lines = [",".join(columns)]
    for line in range(2, rows + 2):
        cells = {"church": f"Parish {line:03d}", "start": f"2027-01-{line % 28 + 1:02d}"}
        if line in broken:
            column, value = broken[line]
            cells[column] = value
        lines.append(",".join(cells.get(c, "") for c in columns))
    return "\n".join(lines) + "\n", {line: column for line, (column, _) in broken.items()}


def test_a_300_row_roster_reports_every_broken_row_in_one_run(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    text, broken = broken_roster(300)
    path = roster(project, text)
    result = CliRunner().invoke(main, ["check", "content", "--roster", path.name])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    positions = sorted({tuple(line.split(": ")[0:2]) for line in lines[:-1]})
    assert positions == sorted((f"churches.csv:{n}", column) for n, column in broken.items())
    assert lines[-1] == "churches.csv: 288 churches ready, 12 with problems"


def test_a_killed_roster_resumes_without_rebuilding_what_was_done(tmp_path: Path) -> None:
    """kill -9 in the middle of a 300-church roster: the churches done stay done and whole,
    the next run skips them and goes on; every broken row was reported before building."""
    project = three_session_project(tmp_path)
    text, broken = broken_roster(300)
    path = roster(project, text)
    command = [sys.executable, "-c", "from studybook.cli import main; main()", "build",
               "content", "--roster", str(path), "--edition", "leader", "--jobs", "1"]  # fmt: skip

    def run_until(built: int) -> tuple[list[str], str]:
        process = subprocess.Popen(
            command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        lines = []
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if sum(" built " in entry for entry in lines) == built:
                break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return lines, process.stderr.read()

    lines, err = run_until(built=3)
    assert lines[0] == f"300 churches in {path.name}: 0 up to date, 12 with problems, 288 to build"
    reported = {int(line.split(":")[1]) for line in err.splitlines() if line.startswith("chu")}
    assert reported == set(broken)
    done = [line.split(" built ")[1].split(" — ")[0] for line in lines if " built " in line]
    pdfs = {name: project / "output" / name.lower().replace(" ", "-") / "prayer"
            / "prayer-leader.pdf" for name in done}  # fmt: skip
    for name, pdf in pdfs.items():
        assert name in page_texts(pdf)[0]  # whole and readable
    times = {name: pdf.stat().st_mtime_ns for name, pdf in pdfs.items()}

    lines, _ = run_until(built=1)
    assert lines[0] == f"300 churches in {path.name}: 3 up to date, 12 with problems, 285 to build"
    again = lines[1].split(" built ")[1].split(" — ")[0]
    assert again not in done
    assert {name: pdf.stat().st_mtime_ns for name, pdf in pdfs.items()} == times
    every_pdf = list((project / "output").rglob("*.pdf"))
    assert len(every_pdf) == 4
    for pdf in every_pdf:
        assert page_texts(pdf)  # never a half-written PDF


def test_roster_options_need_a_roster_and_dask_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = three_session_project(tmp_path)
    code, _, err = run(project, "--executor", "dask")
    assert code == 2 and "--executor, --scheduler, --report and --fail-fast go with --roster" in err
    path = roster(project, "church\nGrace Chapel\n")
    code, _, err = run(project, "--roster", str(path), "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "--scheduler goes with --executor dask" in err
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    code, _, err = run(project, "--roster", str(path), "--executor", "dask")
    assert code == 1
    assert (
        "--executor dask: Dask is not installed — install it with: pip install 'studybook[dask]'"
        in err
    )
    assert not (project / "output" / "grace-chapel").exists()
