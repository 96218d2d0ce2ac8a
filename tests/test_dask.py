"""A roster built on a Dask cluster: two worker processes on loopback build the same PDFs as
this machine, each job under the same limits and jail, and a worker killed in the middle
of a run costs at most a church reported failed, never a half-written PDF."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from studybook.cli import main
from studybook.jobs import cluster as cluster_engine

from .conftest import SAMPLE, three_session_project
from .pdftext import page_texts

distributed = pytest.importorskip("distributed", reason="the dask extra (in the test extra)")
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
    '<rect width="120" height="60" fill="#2a5"/><circle cx="60" cy="30" r="20" fill="#fff"/></svg>'
)
STUDYBOOK = [sys.executable, "-c", "from studybook.cli import main; main()", "build", "content"]


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, on loopback. A task whose worker dies is
    not tried again (allowed-failures 0), so that the test sees it reported."""
    import dask

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        yield cluster, client


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*STUDYBOOK, *args], cwd=project, capture_output=True, text=True, timeout=600
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_cluster_builds_the_same_pdfs_as_this_machine(
    tmp_path: Path, cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    local_cluster, _ = cluster
    project = three_session_project(tmp_path / "project")
    (project / "images").mkdir()
    (project / "images" / "logo.svg").write_text(LOGO)
    (project / "studybook.yaml").write_text("place: Fellowship Hall\ntime: '19:00'\n")
    (project / "churches.csv").write_text(
        "church,group,start,paper,logo,translation\n"
        "Grace Chapel,Wednesday,2027-01-13,a5,images/logo.svg,\n"
        "Hope Fellowship,,2027-02-03,,,kjv\n"
        "St. Mary's,Youth,,letter,images/logo.svg,\n"
    )
    here = build(project, "--roster", "churches.csv", "--output", "here")
    assert here.returncode == 0, here.stderr
    address = local_cluster.scheduler_address
    monkeypatch.chdir(project)
    monkeypatch.setattr(cluster_engine, "PER_THREAD", 0)  # one church at a time
    command = ["build", "content", "--roster", "churches.csv", "--output", "there",
               "--executor", "dask", "--scheduler", address]  # fmt: skip
    there = CliRunner().invoke(main, command)
    assert there.exit_code == 0, there.output
    assert "[3/3] built" in there.stdout
    pdfs = sorted(p.relative_to(project / "here") for p in (project / "here").rglob("*.pdf"))
    assert len(pdfs) == 6
    assert pdfs == sorted(
        p.relative_to(project / "there") for p in (project / "there").rglob("*.pdf")
    )
    for pdf in pdfs:
        assert page_texts(project / "there" / pdf) == page_texts(project / "here" / pdf)
    covers = [pdf for pdf in pdfs if pdf.parts[0] != "hope-fellowship"][:1]
    for pdf in covers:  # the logo reached the workers: the covers look the same
        assert cover_pixels(project / "there" / pdf) == cover_pixels(project / "here" / pdf)
    assert (
        "Hope Fellowship"
        in page_texts(project / "there" / "hope-fellowship" / "prayer" / "prayer-leader.pdf")[0]
    )
    for folder in ("here", "there"):
        report = json.loads((project / folder / "roster-report.json").read_text())
        assert report["summary"]["built"] == 3
        assert not list((project / folder).rglob("*staged*"))
    calendar = "grace-chapel-wednesday/prayer/prayer.ics"
    assert (project / "there" / calendar).is_file()

    again = CliRunner().invoke(main, command)  # as the first: it sees the same SWORD places
    assert "3 up to date" in again.stdout and "0 to build" in again.stdout


def cover_pixels(pdf: Path) -> bytes:
    document = pdfium.PdfDocument(pdf)
    try:
        return bytes(document[0].render(scale=0.5).to_pil().tobytes())
    finally:
        document.close()


def test_limits_hold_on_the_workers_and_problems_name_this_computers_files(
    tmp_path: Path, cluster
) -> None:
    local_cluster, _ = cluster
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    body = SAMPLE.read_text().split("---\n", 2)[2]  # the sample's session, twelve times
    sessions = "".join(f"\n# Session {n}\n{body}" for n in range(1, 13))
    (project / "content" / "long.md").write_text(f"---\ntitle: Long\n---\n{sessions}")
    (project / "churches.csv").write_text("church\nGrace Chapel\n")
    address = local_cluster.scheduler_address
    result = build(project, "--roster", "churches.csv", "--time-limit", "1", "--edition",
                   "leader", "--executor", "dask", "--scheduler", address)  # fmt: skip
    assert result.returncode == 1
    pdf = "output/grace-chapel/long/long-leader.pdf"
    assert f"{pdf}: writing {pdf} used more than 1 s of CPU time" in result.stderr
    assert "1 church: 1 failed" in result.stderr
    assert not list((project / "output").rglob("*.pdf"))


def test_a_worker_killed_mid_run_leaves_no_half_written_pdf(tmp_path: Path, cluster) -> None:
    local_cluster, client = cluster
    project = three_session_project(tmp_path / "project")
    names = [f"Parish {n}" for n in range(1, 5)]
    (project / "churches.csv").write_text("church\n" + "".join(f"{n}\n" for n in names))
    process = subprocess.Popen(
        [*STUDYBOOK, "--roster", "churches.csv", "--executor", "dask",
         "--scheduler", local_cluster.scheduler_address],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    killed = None
    for line in process.stdout:
        if killed is None and line.startswith("[1/4]"):
            killed = kill_a_busy_worker(client)
    process.communicate(timeout=600)
    assert killed, "no worker was busy to be killed"
    report = json.loads((project / "output" / "roster-report.json").read_text())
    statuses = {c["church"]: c["status"] for c in report["churches"]}
    failed = [name for name, status in statuses.items() if status == "failed"]
    assert failed, statuses  # the dead worker's church is reported, not lost …
    assert process.returncode == 1
    for church in report["churches"]:
        if church["status"] == "failed":
            assert "every worker that took it died" in church["problems"][0]
    built = [name for name, status in statuses.items() if status == "built"]
    assert sorted(built + failed) == sorted(names)  # … and the others are built
    for name in names:  # every PDF there is whole; a failed church has none
        pdfs = list((project / "output" / name.lower().replace(" ", "-")).rglob("*.pdf"))
        assert len(pdfs) == (2 if name in built else 0)
        for pdf in pdfs:
            assert name in page_texts(pdf)[0]
    assert not list((project / "output").rglob("*staged*"))

    wait_for_workers(client, 2)
    again = build(project, "--roster", "churches.csv", "--executor", "dask",
                  "--scheduler", local_cluster.scheduler_address)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert f"{len(built)} up to date" in again.stdout and f"{len(failed)} to build" in again.stdout


def kill_a_busy_worker(client) -> int | None:
    """Kill the process of a worker that holds a task, as a machine dying would; its pid."""
    for _ in range(200):
        busy = [worker for worker, tasks in client.processing().items() if tasks]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.05)
    return None


def wait_for_workers(client, count: int) -> None:
    """Until the nanny has started the killed worker again."""
    client.wait_for_workers(count, timeout=120)
