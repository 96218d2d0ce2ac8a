"""studybook benchmark: whole-command timings side by side, printed as ratios.

Run from the project root:  python benchmarks/bench.py [--runs N] [--only NAME ...]

Each figure is the median of N runs of a whole process (start-up included), measured in
one run of this script so both sides of a ratio see the same machine state; the machine's
load average when a figure was taken is printed beside it, so a noisy figure shows. Peak
memory is the largest proportional set size of the process tree (PSS: shared pages counted
once), sampled every 20 ms. CPU
time counts every process of the tree (this script adopts the orphaned fork server, so its
work and its jobs' are counted too). Commands run as installed programs do: with Python's
bytecode cache on.
"""

from __future__ import annotations

import argparse
import ctypes
import http.client
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
STUDYBOOK = [sys.executable, "-c", "from studybook.cli import main; main()"]
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PR_SET_CHILD_SUBREAPER = 36


def run(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """Seconds a command takes, the peak memory (bytes) of its process tree, and the CPU
    seconds of every process of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    PEAK_RSS[0] = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
    peaks = [0]
    sampler = threading.Thread(target=_watch_memory, args=(process, peaks), daemon=True)
    sampler.start()
    process.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, peaks[0], cpu


def _reap_orphans() -> None:
    """Wait for the processes the command left (its fork server ends once it is gone), so
    their CPU time is counted; a cluster this script runs (`KEEP`) is not waited for."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if _children() <= KEEP:
                return
            time.sleep(0.01)


KEEP: set[int] = set()  # processes of this script's own that outlive a command


def _children() -> set[int]:
    pids = set()
    for task in Path("/proc/self/task").iterdir():
        pids |= {int(pid) for pid in (task / "children").read_text().split()}
    return pids


def _watch_memory(process: subprocess.Popen, peaks: list[int]) -> None:
    """Sample the tree's memory every 20 ms until the process ends (in a thread, so the
    timing is not rounded up to the sampling interval): the peak of its proportional set
    size (PSS: each page once, shared ones split between the processes sharing them; the
    workers fork from one server and share much of its memory) and of its resident sizes
    added up (RSS, which counts each shared page once per process)."""
    while process.poll() is None:
        pss, rss = _tree_memory(process.pid)
        peaks[0] = max(peaks[0], pss)
        PEAK_RSS[0] = max(PEAK_RSS[0], rss)
        time.sleep(0.02)


PEAK_RSS = [0]  # the added-up resident sizes of the last command watched


def _tree_memory(pid: int) -> tuple[int, int]:
    pss, rss, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            pss += int(rollup.split("\nPss:")[1].split()[0]) * 1024
            rss += int(rollup.split("\nRss:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return pss, rss


def median(
    command: list[str], cwd: Path, runs: int, before: Callable[[int], None] | None = None
) -> tuple[float, int, float]:
    """Median seconds, the largest peak memory and the median CPU seconds over several runs;
    `before(n)` prepares run n."""
    times, peaks, cpus = [], [], []
    for n in range(runs):
        if before is not None:
            before(n)
        seconds, peak, cpu = run(command, cwd)
        times.append(seconds)
        peaks.append(peak)
        cpus.append(cpu)
    return statistics.median(times), max(peaks), statistics.median(cpus)


def line(name: str, value: str, goal: str, met: bool, detail: str = "") -> None:
    load = os.getloadavg()[0]
    verdict = "met" if met else "NOT MET"
    print(f"{name:<44} {value:>8}  goal {goal:<8} {verdict:<7}  load {load:4.2f}  {detail}")


def ratio_line(name: str, ratio: float, goal: float, detail: str, *, at_most: bool = True) -> None:
    met = ratio <= goal if at_most else ratio >= goal
    line(name, f"{ratio:.2f}×", f"{'≤' if at_most else '≥'} {goal:g}", met, detail)


def project_with(folder: Path, study: str | None = None, config: str | None = None) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    if study is not None:
        shutil.rmtree(folder / "content")
        (folder / "content").mkdir()
        (folder / "content" / "long.yaml").write_text(study)
    if config is not None:
        (folder / "studybook.yaml").write_text(config)
    return folder


def generated_study(sessions: int, days: int = 6) -> str:
    """A study of many full sessions, each about sixteen participant pages: timed parts of
    prose and bullets, questions with room to write, and six journal days (or `days`)."""
    verse = "Moses pleads for the people who wronged him (Exodus 32:{n}), and keeps praying."
    text = ["title: A Long Study of Intercession\nsessions:\n"]
    for s in range(1, sessions + 1):
        text.append(f"  - title: Evening {s}\n    blocks:\n")
        for p in range(1, 9):
            prose = " ".join([verse.format(n=(s + p) % 30 + 1)] * 6)
            bullets = "".join(f'              - "{verse.format(n=(s * p) % 30 + 1)}"\n' * 4)
            text.append(
                f"      - part: Part {p} of evening {s}\n        minutes: 5\n"
                f'        blocks:\n          - paragraph: "{prose}"\n'
                f"          - bullets:\n{bullets}"
            )
        for q in range(1, 5):
            text.append(f"      - question: Question {q} of evening {s}?\n        lines: 6\n")
        text.append(f"    journal: {{days: {days}, prompt: Pray for one person today.}}\n")
    return "".join(text)


def batch_config(churches: int) -> str:
    entries = "".join(
        f"  - church: Church number {n}\n    start: 2027-01-{n % 28 + 1:02d}\n"
        for n in range(churches)
    )
    return f"batch:\n{entries}"


def pages_of(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in folder.rglob("*-participant.pdf"))


def cold(project: Path) -> Callable[[int], None]:
    """Before each run: no earlier output, so no laid-out part can be reused."""
    return lambda _: shutil.rmtree(project / "output", ignore_errors=True)


def bench_editions(work: Path, runs: int) -> None:
    project = project_with(work / "editions")
    build = [*STUDYBOOK, "build", "--force", "--quiet"]
    ours, _, _ = median(build, project, runs, cold(project))
    html = _sample_html(project, work)
    plain_script = "from weasyprint import HTML\n" + "".join(
        f"HTML(filename={str(h)!r}).write_pdf({str(h.with_suffix('.pdf'))!r})\n" for h in html
    )
    plain, _, _ = median([sys.executable, "-c", plain_script], project, runs)
    detail = f"studybook build {ours:.2f} s, plain WeasyPrint one after the other {plain:.2f} s"
    ratio_line("1. both editions vs sequential WeasyPrint", ours / plain, 0.65, detail)


def _sample_html(project: Path, work: Path) -> list[Path]:
    """The very HTML studybook renders for the sample's two editions, written to files."""
    sys.path.insert(0, str(ROOT / "src"))
    from studybook.pipeline import BuildRequest, plan_build
    from studybook.render import render_html
    from studybook.render.sandbox import environment

    plan = plan_build(BuildRequest(project / "content", ["leader", "participant"]))
    paths = []
    for i, doc in enumerate(plan.documents):
        path = work / f"edition-{i}.html"
        html = render_html(doc.loaded, doc.edition, doc.options, environment(None))
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths


def bench_cache(work: Path, runs: int) -> None:
    project = project_with(work / "cache")
    build = [*STUDYBOOK, "build", "--force", "--quiet"]
    build_cold, _, _ = median(build, project, runs, cold(project))
    warm, _, _ = median([*STUDYBOOK, "build", "--quiet"], project, runs)
    detail = f"unchanged {warm:.3f} s, cold {build_cold:.2f} s"
    ratio_line("2. unchanged rebuild vs cold build", warm / build_cold, 0.05, detail)


def bench_batch(work: Path, runs: int) -> None:
    """A 20-church batch on every core and on one: time, memory, and the CPU both spend."""
    project = project_with(work / "batch", config=batch_config(20))
    single = project_with(work / "single")
    build = [*STUDYBOOK, "build", "--force", "--quiet"]
    _, one_build_peak, _ = median(build, single, runs, cold(single))
    all_cores, peak, cpu_all = median(build, project, runs, cold(project))
    one_core, _, cpu_one = median([*build, "--jobs", "1"], project, runs, cold(project))
    detail = f"one core {one_core:.1f} s, {os.cpu_count()} cores {all_cores:.1f} s"
    ratio_line("3. 20-church batch, all cores vs one", one_core / all_cores, 1.8, detail,
               at_most=False)  # fmt: skip
    detail = f"batch {peak / 2**20:.0f} MB, single build {one_build_peak / 2**20:.0f} MB"
    ratio_line("   peak memory, batch vs single build", peak / one_build_peak, 1.5, detail)
    detail = f"CPU {cpu_all:.1f} s with {os.cpu_count()} workers, {cpu_one:.1f} s with one"
    ratio_line("   batch CPU, 2 workers vs 1", cpu_all / cpu_one, 1.10, detail)


CLUSTER = """
import sys
from distributed import LocalCluster
cluster = LocalCluster(n_workers={workers}, threads_per_worker=1, host="127.0.0.1",
                       dashboard_address=None)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # until the benchmark is done with it
cluster.close()
"""


def bench_roster(work: Path, runs: int) -> None:
    """A 100-church roster (the sample study), on every core of this machine vs on a local
    Dask cluster of as many worker processes, already running as a real cluster would be:
    what the engine costs, and booklets a minute (two per church)."""
    project = project_with(work / "roster")
    rows = "".join(f"Church number {n},2027-01-{n % 28 + 1:02d}\n" for n in range(100))
    (project / "churches.csv").write_text(f"church,start\n{rows}")
    build = [*STUDYBOOK, "build", "--roster", "churches.csv", "--force", "--quiet"]
    local, _, _ = median(build, project, runs, cold(project))
    workers = os.cpu_count()
    cluster = subprocess.Popen(
        [sys.executable, "-c", CLUSTER.format(workers=workers)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=ENVIRONMENT,
    )  # fmt: skip
    KEEP.add(cluster.pid)
    try:
        address = cluster.stdout.readline().strip()
        dask, _, _ = median([*build, "--executor", "dask", "--scheduler", address], project,
                            runs, cold(project))  # fmt: skip
    finally:
        cluster.stdin.close()
        cluster.wait()
        KEEP.discard(cluster.pid)
    detail = (
        f"{workers} cores {local:.0f} s ({200 / local * 60:.0f} booklets a minute), "
        f"Dask, {workers} workers {dask:.0f} s ({200 / dask * 60:.0f} a minute)"
    )
    ratio_line("11. 100-church roster: Dask vs local", dask / local, 1.15, detail)


def bench_scale(work: Path, runs: int) -> None:
    figures = {}
    for sessions in (6, 24):
        project = project_with(work / f"scale-{sessions}", study=generated_study(sessions))
        build = [*STUDYBOOK, "build", "--force", "--quiet", "--edition", "participant"]
        seconds, peak, _ = median(build, project, runs, cold(project))
        pages = pages_of(project / "output")
        figures[sessions] = (seconds / pages, pages, peak, seconds)
    small, large = figures[6], figures[24]
    detail = (
        f"{large[1]} pages {large[3]:.1f} s ({1000 * large[0]:.0f} ms/page), "
        f"{small[1]} pages {small[3]:.1f} s ({1000 * small[0]:.0f} ms/page)"
    )
    ratio_line("4. time per page, 400 vs 100 pages", large[0] / small[0], 1.3, detail)


def bench_memory(work: Path, runs: int) -> None:
    """Peak memory of the whole process tree while building a 1,000-page handout."""
    project = project_with(work / "thousand", study=generated_study(60, days=10))
    build = [*STUDYBOOK, "build", "--force", "--quiet", "--edition", "participant"]
    seconds, peak, _ = median(build, project, 1, cold(project))
    pages = pages_of(project / "output")
    mb = peak / 2**20
    rss = PEAK_RSS[0] / 2**20
    detail = f"{pages} pages in {seconds:.0f} s; resident sizes added up {rss:.0f} MB"
    line("   peak memory (PSS), 1,000-page study", f"{mb:.0f} MB", "< 350", mb < 350, detail)


def bench_edit(work: Path, runs: int) -> None:
    """A one-word edit of one session of a 24-session study, built again, vs a cold build."""
    project = project_with(work / "edit", study=generated_study(24))
    study = project / "content" / "long.yaml"
    text = study.read_text(encoding="utf-8")
    build = [*STUDYBOOK, "build", "--force", "--quiet"]
    build_cold, _, _ = median(build, project, runs, cold(project))
    run([*STUDYBOOK, "build", "--quiet"], project)

    def edit(n: int) -> None:
        word = ("prayer", "intercession")[n % 2]
        study.write_text(text.replace("Question 2 of evening 12?", f"{word}?"), "utf-8")

    edited, _, _ = median([*STUDYBOOK, "build", "--quiet"], project, runs, edit)
    detail = f"edit {edited:.2f} s, cold {build_cold:.2f} s"
    ratio_line("7. one-session edit vs cold, 24 sessions", edited / build_cold, 0.15, detail)


def bench_startup(work: Path, runs: int) -> None:
    """The installed command's --help, `check` on the sample, and what importing studybook's
    build path costs (Python's -X importtime)."""
    command = [str(Path(sys.executable).parent / "studybook")]
    if not Path(command[0]).exists():
        command = STUDYBOOK
    seconds, _, _ = median([*command, "--help"], work, max(runs, 5))
    line("5. studybook --help start-up", f"{seconds:.3f} s", "< 0.1 s", seconds < 0.1)
    project = project_with(work / "check")
    seconds, _, _ = median([*command, "check"], project, max(runs, 5))
    line("8. studybook check, the sample", f"{seconds:.3f} s", "< 0.25 s", seconds < 0.25)
    imports = []
    for _ in range(max(runs, 5)):
        imports.append(_import_seconds())
    seconds = statistics.median(imports)
    line("   studybook's imports, build path", f"{seconds:.3f} s", "< 0.15 s", seconds < 0.15,
         "python -X importtime: studybook.cli, its build command, the pipeline")  # fmt: skip


def _import_seconds() -> float:
    """Cumulative import time of what `studybook build` imports before WeasyPrint."""
    code = "import studybook.cli, studybook.output, studybook.pipeline"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=ENVIRONMENT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    total = 0
    for entry in result.stderr.splitlines():
        fields = entry.split("|")
        if len(fields) == 3 and re.fullmatch(r" studybook\.\w+", fields[2]):
            total += int(fields[1])  # a top-level import: its cumulative microseconds
    return total / 1e6


def bench_preview(work: Path, runs: int) -> None:
    """Seconds from saving a one-word edit to the preview page being sent its new pages
    (their pictures are drawn before it is), with `studybook serve` running, vs a cold
    build of the sample."""
    project = project_with(work / "preview")
    build_cold, _, _ = median([*STUDYBOOK, "build", "--force", "--quiet"], project, runs,
                              cold(project))  # fmt: skip
    study = next(p for p in sorted((project / "content").iterdir()) if p.suffix in (".md", ".yaml"))
    text = study.read_text(encoding="utf-8")
    command = [*STUDYBOOK, "serve", "content", "--port", "0"]
    server = subprocess.Popen(
        command, cwd=project, stdout=subprocess.PIPE, text=True, env=ENVIRONMENT
    )
    try:
        url = next(line for line in server.stdout if " at http://" in line).split()[3]
        updates = _preview_updates(url)
        build = next(key for key, ready in updates if ready)
        time.sleep(1)  # an edit saved while the watcher is still starting can go unseen
        times = []
        for n in range(max(runs, 5)):
            saved = time.perf_counter()
            word = ("prayer", "intercession")[n % 2]  # in the session's question
            edited = text.replace("Moses' intercession reveal", f"Moses' {word} reveal")
            study.write_text(edited, encoding="utf-8")
            build = next(key for key, ready in updates if ready and key != build)
            times.append(time.perf_counter() - saved)
    finally:
        server.terminate()  # stops it as Ctrl-C does, even where Ctrl-C is ignored (nohup)
        server.wait()
        _reap_orphans()
    seconds = statistics.median(times)
    detail = f"edit to new pages {seconds:.2f} s, cold build {build_cold:.2f} s"
    ratio_line("6. serve: warm one-word edit vs cold build", seconds / build_cold, 0.25, detail)


def _preview_updates(url: str) -> Iterator[tuple[str, bool]]:
    """Each update the preview page is sent: its build's key, and whether it is ready.
    Gives up when a minute passes without one (the stream's keep-alives do not count)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.request("GET", "/events")
    stream = connection.getresponse()
    last = time.monotonic()
    while line := stream.readline():
        if line.startswith(b"data: "):
            html = json.loads(line[6:])["html"]
            key = re.search(r'id="studies" data-key="(\w+)"', html)[1]
            last = time.monotonic()
            yield key, 'class="status ready"' in html
        elif time.monotonic() - last > 60:
            raise SystemExit("the preview sent no update for a minute")


def bench_tagging(work: Path, runs: int) -> None:
    """Tagged PDF/UA is the default while it adds under 15 % to a build's CPU time."""
    cases = (
        ("9. tagged vs untagged CPU, both editions", project_with(work / "tag-sample"), []),
        (
            "   tagged vs untagged CPU, 100 pages",
            project_with(work / "tag-long", study=generated_study(6)),
            ["--edition", "participant"],
        ),
    )
    for name, project, args in cases:
        build = [*STUDYBOOK, "build", "--force", "--quiet", *args]
        tagged = median(build, project, runs, cold(project))
        untagged = median([*build, "--no-pdf-ua"], project, runs, cold(project))
        detail = (
            f"CPU {tagged[2]:.2f} s vs {untagged[2]:.2f} s, "
            f"wall {tagged[0]:.2f} s vs {untagged[0]:.2f} s"
        )
        ratio_line(name, tagged[2] / untagged[2], 1.15, detail)


def bench_markdown(work: Path, runs: int) -> None:
    """`studybook check` of a 60-session study written in Markdown vs the same study in
    YAML (the sample's session sixty times, in each spelling)."""
    project = work / "spellings"
    (project / "content").mkdir(parents=True)
    body = (ROOT / "content" / "exodus-32-intercession.md").read_text().split("---\n", 2)[2]
    sessions = "".join(f"\n# Session {n}\n{body}" for n in range(1, 61))
    (project / "content" / "long.md").write_text(f"---\ntitle: Long\n---\n{sessions}")
    twin = (ROOT / "tests" / "data" / "exodus-32-intercession.yaml").read_text()
    session = twin.split("sessions:\n  - ", 1)[1]
    yaml = "".join(f"  - title: Session {n}\n    {session}" for n in range(1, 61))
    (project / "content" / "long.yaml").write_text(f"title: Long\nsessions:\n{yaml}")
    markdown = median([*STUDYBOOK, "check", "content/long.md"], project, max(runs, 5))
    yaml_cpu = median([*STUDYBOOK, "check", "content/long.yaml"], project, max(runs, 5))
    detail = (
        f"CPU {markdown[2]:.2f} s vs {yaml_cpu[2]:.2f} s, "
        f"wall {markdown[0]:.2f} s vs {yaml_cpu[0]:.2f} s"
    )
    ratio_line(
        "10. check 60 sessions: Markdown vs YAML CPU", markdown[2] / yaml_cpu[2], 1.2, detail
    )


BENCHES = {
    "editions": bench_editions,
    "cache": bench_cache,
    "batch": bench_batch,
    "scale": bench_scale,
    "memory": bench_memory,
    "startup": bench_startup,
    "preview": bench_preview,
    "edit": bench_edit,
    "tagging": bench_tagging,
    "markdown": bench_markdown,
    "roster": bench_roster,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--only", nargs="+", choices=list(BENCHES), help="these figures only")
    args = parser.parse_args()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # adopt the fork servers: count their CPU
    print(f"studybook benchmark on {os.cpu_count()} cores, median of {args.runs} runs\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in args.only or BENCHES:
            BENCHES[name](work, args.runs)


if __name__ == "__main__":
    main()
