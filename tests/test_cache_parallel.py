"""The build cache rebuilds on every kind of change; parallel and sequential builds agree."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import studybook
import studybook.output.cache as cache
from studybook.resources.fonts import FontFace, font_faces

from .conftest import build, three_session_project
from .pdftext import page_texts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = three_session_project(tmp_path)
    code, output = build(project, "--edition", "participant")
    assert code == 0 and "wrote" in output, output
    return project


def rebuilt(project: Path, *args: str) -> bool:
    code, output = build(project, "--edition", "participant", *args)
    assert code == 0, output
    return "wrote" in output


def test_nothing_changed_means_nothing_rebuilt(project: Path) -> None:
    pdf = project / "output/prayer/prayer-participant.pdf"
    before = pdf.stat().st_mtime_ns
    code, output = build(project, "--edition", "participant")
    assert code == 0 and output.startswith("up to date: 1 file unchanged")
    assert pdf.stat().st_mtime_ns == before


def test_force_rebuilds(project: Path) -> None:
    assert rebuilt(project, "--force")


def test_content_change_rebuilds(project: Path) -> None:
    study = project / "content/prayer.yaml"
    study.write_text(study.read_text().replace("Evening 1", "Evening One"))
    assert rebuilt(project)


def test_layout_change_rebuilds(project: Path) -> None:
    (project / "layouts").mkdir()
    (project / "layouts/back.html").write_text("<section class='back-cover'>Made here</section>")
    assert rebuilt(project)
    assert not rebuilt(project)
    (project / "layouts/back.html").write_text("<section class='back-cover'>Made there</section>")
    assert rebuilt(project)


def test_config_change_rebuilds(project: Path) -> None:
    (project / "studybook.yaml").write_text("church: Grace Chapel\n")
    assert rebuilt(project)
    (project / "studybook.yaml").write_text("church: Hope Chapel\n")
    assert rebuilt(project)


def test_option_change_rebuilds(project: Path) -> None:
    assert rebuilt(project, "--paper", "a5")
    assert not rebuilt(project, "--paper", "a5")


def test_font_change_rebuilds(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = tmp_path / "Other.ttf"
    other.write_bytes(font_faces()[0].path.read_bytes())
    faces = (FontFace("Source Serif Pro", 400, "normal", other), *font_faces()[1:])
    monkeypatch.setattr(cache, "font_faces", lambda: faces)
    assert rebuilt(project)


def test_studybook_version_change_rebuilds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "__version__", studybook.__version__ + ".post1")
    assert rebuilt(project)


def test_deleted_output_rebuilds(project: Path) -> None:
    (project / "output/prayer/prayer-participant.pdf").unlink()
    assert rebuilt(project)


def unpacked_again(project: Path) -> None:
    """The project copied away and back, as a project someone sent arrives: every file
    the same, with the same times, but new files on this disk."""
    away = project.with_name("away")
    shutil.copytree(project, away, symlinks=True)
    shutil.rmtree(project)
    shutil.copytree(away, project, symlinks=True)
    shutil.rmtree(away)


def test_outputs_from_elsewhere_are_not_trusted(project: Path) -> None:
    unpacked_again(project)
    assert rebuilt(project)
    assert not rebuilt(project)


def test_a_planted_file_is_never_up_to_date(project: Path) -> None:
    """A file put where the PDF was, with its size and time, and the record unchanged."""
    pdf = project / "output/prayer/prayer-participant.pdf"
    size, times = pdf.stat().st_size, (pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns)
    pdf.write_bytes(b"%!PS not a PDF".ljust(size, b" "))
    os.utime(pdf, ns=times)
    assert rebuilt(project)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_record_naming_files_elsewhere_is_not_trusted(project: Path) -> None:
    record = project / "output" / cache.MANIFEST
    manifest = json.loads(record.read_text())
    manifest["files"] = {"../../canary.txt": None, "../content/prayer.yaml": "x"}
    record.write_text(json.dumps(manifest))
    assert rebuilt(project)


def test_failed_build_is_not_remembered(project: Path) -> None:
    (project / "layouts").mkdir()
    (project / "layouts/back.html").write_text("{% if %}")
    code, _ = build(project, "--edition", "participant")
    assert code == 1
    (project / "layouts/back.html").unlink()
    assert not rebuilt(project)  # back to the inputs of the last good build


def test_parallel_and_sequential_builds_are_identical(tmp_path: Path) -> None:
    one = three_session_project(tmp_path / "one")
    two = three_session_project(tmp_path / "two")
    args = ("--booklet", "--handouts")
    assert build(one, "--jobs", "1", *args)[0] == 0
    assert build(two, "--jobs", "2", *args)[0] == 0
    names = sorted(p.name for p in (one / "output/prayer").glob("*.pdf"))
    assert len(names) == 7
    for name in names:
        a, b = one / "output/prayer" / name, two / "output/prayer" / name
        assert a.read_bytes() == b.read_bytes(), name  # reproducible: no dates, fixed font stamps


def test_quiet_prints_nothing_and_plain_lines_otherwise(tmp_path: Path) -> None:
    project = three_session_project(tmp_path)
    code, output = build(project, "--edition", "leader", "--quiet")
    assert code == 0 and output == ""
    code, output = build(project, "--edition", "leader", "--force")
    assert code == 0
    assert output.splitlines() == [
        "[1/1] made prayer-leader.pdf",
        f"wrote {project / 'output/prayer/prayer-leader.pdf'}",
    ]


def test_kept_parts_planted_or_swapped_are_laid_out_again(project: Path) -> None:
    pdf = project / "output/prayer/prayer-participant.pdf"
    before = page_texts(pdf)
    parts = sorted((project / "output/.studybook-parts/prayer-participant").glob("*.part"))
    assert len(parts) >= 3
    first, second = parts[0].read_bytes(), parts[1].read_bytes()
    parts[0].write_bytes(second)  # the same names, each other's pages
    parts[1].write_bytes(first)
    assert rebuilt(project, "--force")
    assert page_texts(pdf) == before
