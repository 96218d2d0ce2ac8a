"""studybook benchmark: whole-command timings side by side, printed as ratios.

Run from the project root:  python benchmarks/bench.py [--runs N]

Each figure is the median of N runs of a whole process (start-up included), measured in
one run of this script so both sides of a ratio see the same machine state. Peak memory
is the largest total resident size of the process tree, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
STUDYBOOK = [sys.executable, "-c", "from studybook.cli import main; main()"]


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds a command takes and the peak resident memory (bytes) of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    peaks = [0]
    sampler = threading.Thread(target=_watch_memory, args=(process, peaks), daemon=True)
    sampler.start()
    process.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, peaks[0]


def _watch_memory(process: subprocess.Popen, peaks: list[int]) -> None:
    """Sample the tree's resident memory every 20 ms until the process ends (in a thread,
    so the timing is not rounded up to the sampling interval)."""
    while process.poll() is None:
        peaks[0] = max(peaks[0], _tree_rss(process.pid))
        time.sleep(0.02)


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def median(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Median seconds and the largest peak memory over several runs."""
    times, peaks = [], []
    for _ in range(runs):
        seconds, peak = run(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def paired(first: list[str], second: list[str], cwd: Path, runs: int) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of two commands run in turn (A B A B …), so that drift
    hits both alike. CPU time (the process tree's user + system) is what a change adds to
    the work, and is hardly moved by other load on a shared machine."""
    times: list[list[tuple[float, float]]] = [[], []]
    for _ in range(runs):
        for command, found in zip((first, second), times, strict=True):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, _ = run(command, cwd)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            found.append((wall, cpu))
    return [
        (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
        for found in times
    ]


def line(name: str, ratio: float, goal: str, met: bool, detail: str) -> None:
    print(f"{name:<44} {ratio:6.2f}×  goal {goal:<8} {'met' if met else 'NOT MET':<7}  {detail}")


def project_with(folder: Path, study: str | None = None, config: str | None = None) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    if study is not None:
        shutil.rmtree(folder / "content")
        (folder / "content").mkdir()
        (folder / "content" / "big.yaml").write_text(study)
    if config is not None:
        (folder / "studybook.yaml").write_text(config)
    return folder


def generated_study(sessions: int) -> str:
    """A study of many full sessions, each about sixteen participant pages."""
    bullet = "Moses pleads for the people who wronged him (Exodus 32:{n}), and keeps praying."
    parts = ["title: A Long Study of Intercession\nsessions:\n"]
    for s in range(1, sessions + 1):
        sections = "".join(
            textwrap.dedent(
                f"""\
                  - heading: Part {p} of session {s}
                    minutes: 5
                    paragraphs:
                      - "{" ".join([bullet.format(n=(s + p) % 30 + 1)] * 6)}"
                    bullets: {[bullet.format(n=(s * p) % 30 + 1)] * 4}
                """
            )
            for p in range(1, 9)
        )
        parts.append(
            f"  - title: Session {s}\n    sections:\n"
            + textwrap.indent(sections, "      ")
            + "    questions:\n"
            + "".join(f"      - text: Question {q}?\n        lines: 6\n" for q in range(1, 5))
            + "    journal: {days: 6, prompt: Pray for one person today.}\n"
        )
    return "".join(parts)


def batch_config(churches: int) -> str:
    entries = "".join(
        f"  - church: Church number {n}\n    start: 2027-01-{n % 28 + 1:02d}\n"
        for n in range(churches)
    )
    return f"batch:\n{entries}"


def pages_of(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in folder.rglob("*-participant.pdf"))


def bench_editions(work: Path, runs: int) -> None:
    project = project_with(work / "editions")
    build = [*STUDYBOOK, "build", "--force", "--quiet"]
    ours, _ = median(build, project, runs)
    html = _sample_html(project, work)
    plain_script = "from weasyprint import HTML\n" + "".join(
        f"HTML(filename={str(h)!r}).write_pdf({str(h.with_suffix('.pdf'))!r})\n" for h in html
    )
    plain, _ = median([sys.executable, "-c", plain_script], project, runs)
    ratio = ours / plain
    detail = f"studybook build {ours:.2f} s, plain WeasyPrint one after the other {plain:.2f} s"
    line("1. both editions vs sequential WeasyPrint", ratio, "≤ 0.65", ratio <= 0.65, detail)


def _sample_html(project: Path, work: Path) -> list[Path]:
    """The very HTML studybook renders for the sample's two editions, written to files."""
    sys.path.insert(0, str(ROOT / "src"))
    from studybook.pipeline import plan_build
    from studybook.request import BuildRequest

    jobs = plan_build(BuildRequest(project / "content", ["leader", "participant"])).jobs()
    paths = []
    for i, job in enumerate(jobs):
        path = work / f"edition-{i}.html"
        path.write_text(job.html, encoding="utf-8")
        paths.append(path)
    return paths


def bench_cache(work: Path, runs: int) -> None:
    project = project_with(work / "cache")
    cold, _ = median([*STUDYBOOK, "build", "--force", "--quiet"], project, runs)
    warm, _ = median([*STUDYBOOK, "build", "--quiet"], project, runs)
    ratio = warm / cold
    detail = f"unchanged {warm:.3f} s, cold {cold:.2f} s"
    line("2. unchanged rebuild vs cold build", ratio, "≤ 0.05", ratio <= 0.05, detail)


def bench_batch(work: Path, runs: int) -> None:
    project = project_with(work / "batch", config=batch_config(20))
    single = project_with(work / "single")
    build = [*STUDYBOOK, "build", "--force", "--quiet"]
    _, one_build_peak = median(build, single, runs)
    all_cores, peak = median(build, project, runs)
    one_core, _ = median([*build, "--jobs", "1"], project, runs)
    speedup = one_core / all_cores
    memory = peak / one_build_peak
    detail = f"one core {one_core:.1f} s, {os.cpu_count()} cores {all_cores:.1f} s"
    line("3. 20-church batch, all cores vs one", speedup, "≥ 1.8", speedup >= 1.8, detail)
    detail = f"batch {peak / 2**20:.0f} MB, single build {one_build_peak / 2**20:.0f} MB"
    line("   peak memory, batch vs single build", memory, "≤ 1.5", memory <= 1.5, detail)


def bench_scale(work: Path, runs: int) -> None:
    figures = {}
    for sessions in (6, 24):
        project = project_with(work / f"scale-{sessions}", study=generated_study(sessions))
        build = [*STUDYBOOK, "build", "--force", "--quiet", "--edition", "participant"]
        seconds, peak = median(build, project, runs)
        pages = pages_of(project / "output")
        figures[sessions] = (seconds / pages, pages, peak, seconds)
    small, large = figures[6], figures[24]
    ratio = large[0] / small[0]
    detail = (
        f"{large[1]} pages {large[3]:.1f} s ({1000 * large[0]:.0f} ms/page), "
        f"{small[1]} pages {small[3]:.1f} s ({1000 * small[0]:.0f} ms/page)"
    )
    line("4. time per page, 400 vs 100 pages", ratio, "≤ 1.3", ratio <= 1.3, detail)
    mb = large[2] / 2**20
    print(
        f"{'   peak memory at 400 pages':<44} {mb:6.0f} MB goal < 500    "
        f"{'met' if mb < 500 else 'NOT MET'}"
    )


def bench_tagging(work: Path, runs: int) -> None:
    """Tagged PDF/UA is the default while it adds under 15 % to a build's CPU time."""
    cases = (
        ("6. tagged vs untagged CPU, both editions", project_with(work / "tag-sample"), []),
        (
            "   tagged vs untagged CPU, 100 pages",
            project_with(work / "tag-long", study=generated_study(6)),
            ["--edition", "participant"],
        ),
    )
    for name, project, args in cases:
        build = [*STUDYBOOK, "build", "--force", "--quiet", *args]
        tagged, untagged = paired(build, [*build, "--no-pdf-ua"], project, runs)
        ratio = tagged[1] / untagged[1]
        detail = (
            f"CPU {tagged[1]:.2f} s vs {untagged[1]:.2f} s, "
            f"wall {tagged[0]:.2f} s vs {untagged[0]:.2f} s"
        )
        line(name, ratio, "≤ 1.15", ratio <= 1.15, detail)


def bench_startup(work: Path, runs: int) -> None:
    seconds, _ = median(["studybook", "--help"], work, max(runs, 5))
    print(
        f"{'5. studybook --help start-up':<44} {seconds:6.3f} s  goal < 0.3 s   "
        f"{'met' if seconds < 0.3 else 'NOT MET'}"
    )


def bench_preview(work: Path, runs: int) -> None:
    """Seconds from saving a one-word edit to the preview page being sent its new pages
    (their pictures are drawn before it is), with `studybook serve` running."""
    project = project_with(work / "preview")
    study = next((project / "content").glob("*.md"))
    text = study.read_text(encoding="utf-8")
    command = [*STUDYBOOK, "serve", "content", "--port", "0"]
    server = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, text=True)
    try:
        url = next(line for line in server.stdout if " at http://" in line).split()[3]
        updates = _preview_updates(url)
        build = next(key for key, ready in updates if ready)
        times = []
        for n in range(runs):
            saved = time.perf_counter()
            word = ("prayer", "intercession")[n % 2]
            study.write_text(text.replace("intercession?", f"{word}?", 1), encoding="utf-8")
            build = next(key for key, ready in updates if ready and key != build)
            times.append(time.perf_counter() - saved)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait()
    seconds = statistics.median(times)
    print(
        f"{'6. preview: one-word edit to new pages':<44} {seconds:6.2f} s  goal ≤ 2 s    "
        f"{'met' if seconds <= 2 else 'NOT MET'}"
    )


def _preview_updates(url: str) -> Iterator[tuple[str, bool]]:
    """Each update the preview page is sent: its build's key, and whether it is ready."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.request("GET", "/events")
    stream = connection.getresponse()
    while line := stream.readline():
        if line.startswith(b"data: "):
            html = json.loads(line[6:])["html"]
            key = re.search(r'id="studies" data-key="(\w+)"', html)[1]
            yield key, 'class="status ready"' in html


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
    (markdown_wall, markdown), (yaml_wall, yaml_cpu) = paired(
        [*STUDYBOOK, "check", "content/long.md"], [*STUDYBOOK, "check", "content/long.yaml"],
        project, max(runs, 5),
    )  # fmt: skip
    ratio = markdown / yaml_cpu
    detail = (
        f"CPU {markdown:.2f} s vs {yaml_cpu:.2f} s, wall {markdown_wall:.2f} s vs {yaml_wall:.2f} s"
    )
    line("7. check 60 sessions: Markdown vs YAML CPU", ratio, "≤ 1.2", ratio <= 1.2, detail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()
    print(f"studybook benchmark on {os.cpu_count()} cores, median of {args.runs} runs\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        benches = (
            bench_editions, bench_cache, bench_batch, bench_scale, bench_startup, bench_preview,
            bench_tagging, bench_markdown,
        )  # fmt: skip
        for bench in benches:
            bench(work, args.runs)


if __name__ == "__main__":
    main()
