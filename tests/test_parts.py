"""A book laid out part by part is the book laid out whole, and an edit lays out again only
the parts it changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf
import pytest

from studybook.jobs import Workers
from studybook.pipeline import PARTS, BuildRequest, Job, plan_build
from studybook.render import render_html
from studybook.render.sandbox import environment
from studybook.resources.fonts import use_only_bundled_fonts
from studybook.typeset.parts import Resume, split
from studybook.typeset.pdf import write_pdf

from .conftest import ROOT, build
from .pdftags import read_tagged
from .pdftext import (
    bookmarks,
    fonts,
    link_targets,
    named_destinations,
    page_labels,
    page_sizes,
    page_texts,
)
from .test_deuterocanon import project as catholic_project

SESSION = """\
  - title: Evening {n}
    passage: Exodus 32:{n}
    blocks:
      - part: Reading {n}
        minutes: 10
        blocks:
          - paragraph: "{text}"
          - bullets: ["Moses stands in the gap (Exodus 32:11).", "God relents (v. 14)."]
      - question: What stands out to you in evening {n}?
        lines: 4
        minutes: 5
    journal:
      days: {days}
      prompt: Whom did you pray for today?
"""
PARAGRAPH = "Moses pleads for the people who wronged him, and keeps praying. "


def long_study(sessions: int = 24, longer: int | None = None) -> str:
    """A study of many sessions; session `longer` (1-based) has far more to read."""
    text = [
        SESSION.format(n=n, days=1 + n % 2, text=PARAGRAPH * (40 if n == longer else 4))
        for n in range(1, sessions + 1)
    ]
    return "title: Twenty-Four Evenings of Prayer\nsessions:\n" + "".join(text)


def long_project(folder: Path, **changes: int) -> Path:
    (folder / "content").mkdir(parents=True)
    (folder / "content" / "evenings.yaml").write_text(long_study(**changes))
    return folder


def whole_and_parts(project: Path, edition: str, out: Path) -> tuple[Path, Path]:
    """The edition's PDF laid out whole, and part by part (in this process)."""
    use_only_bundled_fonts()
    plan = plan_build(BuildRequest(project / "content", [edition], out), Workers(1))
    document = plan.documents[0]
    html = render_html(document.loaded, edition, document.options, environment(project / "layouts"))
    roots = Job(document, project).reads
    variant = document.options.production.variant
    whole, parts = out / f"{edition}-whole.pdf", out / f"{edition}-parts.pdf"
    out.mkdir(parents=True, exist_ok=True)
    assert write_pdf(html, whole, roots, "test", variant) == []
    assert write_pdf(html, parts, roots, "test", variant, parts=out / "parts") == []
    return whole, parts


def assert_same_book(whole: Path, parts: Path) -> None:
    """Everything a reader and a screen reader get is the same."""
    assert page_texts(parts) == page_texts(whole)  # running heads, numbers, contents
    assert page_sizes(parts) == page_sizes(whole)
    assert page_labels(parts) == page_labels(whole)
    assert bookmarks(parts) == bookmarks(whole)
    assert link_targets(parts) == link_targets(whole)
    assert named_destinations(parts) == named_destinations(whole)
    assert fonts(parts) == fonts(whole)  # one embedded font per face, not one per part
    tagged, expected = read_tagged(parts), read_tagged(whole)
    assert tagged.tags() == expected.tags()
    assert tagged.reading_text == expected.reading_text
    assert tagged.catalog["/Lang"] == expected.catalog["/Lang"]
    assert pypdf.PdfReader(parts).metadata == pypdf.PdfReader(whole).metadata
    assert parts.stat().st_size < 1.2 * whole.stat().st_size


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", folder / "content")
    (folder / "studybook.yaml").write_text("church: Grace Chapel\nstart: 2027-01-13\n")
    return folder


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_the_sample_in_parts_is_the_sample_whole(
    sample: Path, edition: str, tmp_path: Path
) -> None:
    whole, parts = whole_and_parts(sample, edition, tmp_path)
    assert len(list((tmp_path / "parts").glob("*.part"))) == 3  # front, session, appendix
    assert_same_book(whole, parts)


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_a_long_study_in_parts_is_the_study_whole(edition: str, tmp_path: Path) -> None:
    project = long_project(tmp_path / "project")
    whole, parts = whole_and_parts(project, edition, tmp_path / "out")
    assert len(list((tmp_path / "out" / "parts").glob("*.part"))) == 26
    assert len(pypdf.PdfReader(whole).pages) >= 50
    assert_same_book(whole, parts)


def test_a_layout_a_part_cannot_follow_is_laid_out_whole(tmp_path: Path) -> None:
    """`counter(pages)` needs the whole book: it is laid out at once, and says so right."""
    project = long_project(tmp_path / "project", sessions=3)
    (project / "layouts").mkdir()
    css = (ROOT / "layouts" / "studybook.css").read_text()
    css = css.replace("content: counter(page);", 'content: counter(page) " of " counter(pages);')
    (project / "layouts" / "studybook.css").write_text(css)
    whole, parts = whole_and_parts(project, "participant", tmp_path / "out")
    assert not (tmp_path / "out" / "parts").exists()
    texts = page_texts(parts)
    assert texts[1].rstrip().endswith(f"2 of {len(texts)}")  # the contents page
    assert_same_book(whole, parts)


def test_parts_that_do_not_start_a_page_are_laid_out_whole(tmp_path: Path) -> None:
    """A layout may mark parts that run on from the page before: the book is laid out at
    once, and comes out as it should."""
    project = long_project(tmp_path / "project", sessions=3)
    (project / "layouts").mkdir()
    css = (ROOT / "layouts" / "studybook.css").read_text()
    css = css.replace(".session { break-before: right; }", ".session { }")
    css = css.replace(".journal-day { page: journal; break-before: page; }", ".journal-day { }")
    (project / "layouts" / "studybook.css").write_text(css)
    whole, parts = whole_and_parts(project, "participant", tmp_path / "out")
    assert list((tmp_path / "out" / "parts").glob("*.part")) == []
    assert_same_book(whole, parts)


def part_keys(project: Path, edition: str) -> set[str]:
    folder = project / "output" / PARTS / f"evenings-{edition}"
    return {path.stem for path in folder.glob("*.part")}


def parts_holding(project: Path, edition: str, keys: set[str]) -> list[str]:
    """The first anchor of each of these parts: which parts they are."""
    folder = project / "output" / PARTS / f"evenings-{edition}"
    found = []
    for key in keys:
        anchors = json.loads((folder / f"{key}.json").read_text())["anchors"]
        found.append(min(anchors, key=anchors.get) if anchors else "front")
    return sorted(found)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, set[str]]]:
    project = long_project(tmp_path)
    code, output = build(project)
    assert code == 0, output
    return project, {edition: part_keys(project, edition) for edition in ("leader", "participant")}


def rebuild(project: Path, study: str) -> dict[str, list[str]]:
    (project / "content" / "evenings.yaml").write_text(study)
    code, output = build(project)
    assert code == 0, output
    return output


def test_an_edit_lays_out_again_only_the_part_it_changed(built) -> None:
    project, before = built
    study = long_study().replace("What stands out to you in evening 5?", "What struck you?")
    rebuild(project, study)
    for edition in ("leader", "participant"):
        after = part_keys(project, edition)
        assert len(after) == 26
        assert parts_holding(project, edition, after - before[edition]) == ["session-5"]
    text = page_texts(project / "output" / "evenings" / "evenings-participant.pdf")
    assert any("What struck you?" in page for page in text)


def test_an_edit_that_moves_pages_lays_out_the_parts_after_it_and_the_contents(built) -> None:
    project, before = built
    rebuild(project, long_study(longer=20))
    after = part_keys(project, "participant")
    laid_out = parts_holding(project, "participant", after - before["participant"])
    assert laid_out == sorted(["front", "appendix", *(f"session-{n}" for n in range(20, 25))])
    # and the book is the one a whole lay-out gives
    fresh = long_project(project.parent / "fresh", longer=20)
    whole, _ = whole_and_parts(fresh, "participant", project.parent / "whole")
    assert_same_book(whole, project / "output" / "evenings" / "evenings-participant.pdf")


MARKED = (
    '<!DOCTYPE html><html lang="en"><head><style>p { color: black }</style></head><body>'
    '<section data-part="front">A</section><p>B</p><section data-part="s1">C</section>'
    "</body></html>"
)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("<body>", "<body>Loose text"), "text outside the parts"),
        (("<p>B</p>", "<!-- a note -->text"), "text after a comment"),
        (("color: black", "counter-increment: chapter"), "a counter of the book's own"),
        (("color: black", "content: counter(pages)"), "the page count"),
        (("<p>B</p>", '<p style="position: running(head)">B</p>'), "a running element"),
        (("<head>", '<head><link rel="stylesheet" href="more.css">'), "a linked stylesheet"),
        (("<p>B</p>", "<svg><circle r='1'/></svg>"), "inline SVG"),
        (('data-part="s1"', 'data-part="front"'), "a single part"),
        (("<p>B</p>", "<p>B"), "an end HTML implies"),
        (("<p>B</p>", "<p>B</div></p>"), "an end tag HTML would drop"),
        (("<p>B</p>", "<div/>"), "a self-closed element HTML would leave open"),
        (("</body></html>", ""), "a body without its end"),
        (("<body>", "<body><body>"), "a second body"),
    ],
)
def test_a_book_is_cut_only_where_nothing_is_lost(change: tuple[str, str], why: str) -> None:
    book = split(MARKED)
    assert book is not None and [len(part) for part in book.parts] == [2, 1]
    assert split(MARKED.replace(*change)) is None, why


def test_a_part_keeps_its_elements_as_written_with_what_it_needs_around_them() -> None:
    book = split(MARKED.replace("<p>B</p>", '<p id="b">B &amp; <a href="#c">c</a></p>'))
    assert book is not None
    book.ids["c"] = 1
    assert book.links(0) == ["c"]
    html = book.html(1, Resume("right", 4, {"title": 'A "B"'}), {"b": 2})
    assert html.startswith('<!DOCTYPE html><html lang="en"><head><style>p { color: black }')
    assert '<section data-part="s1">C</section>' in html
    assert 'style="string-set: title &quot;A \\22 B\\22 &quot;"' in html
    assert '<div id="b" style="page: studybook-stub-0; break-before: page"></div>' in html
    assert html.endswith("</body></html>")


STUDIES = ROOT / "tests" / "data" / "studies"


@pytest.mark.parametrize("edition", ["leader", "participant"])
@pytest.mark.parametrize("study", sorted(p.name for p in STUDIES.glob("*.yaml")))
def test_real_studies_in_parts_are_the_studies_whole(
    study: str, edition: str, tmp_path: Path
) -> None:
    """Churches' own shapes of study (a dated sermon sheet, a timed flow guide, leader-only
    parts), laid out in parts, give the same book as laid out whole."""
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    text = (STUDIES / study).read_text(encoding="utf-8")
    (project / "content" / study).write_text(text, encoding="utf-8")
    (project / "studybook.yaml").write_text("church: Grace Chapel\n")
    whole, parts = whole_and_parts(project, edition, tmp_path / "out")
    assert len(list((tmp_path / "out" / "parts").glob("*.part"))) >= 3
    assert_same_book(whole, parts)


@pytest.mark.parametrize("edition", ["leader", "participant"])
def test_a_catholic_study_from_the_churchs_bible_in_parts_is_the_study_whole(
    edition: str, tmp_path: Path
) -> None:
    project = catholic_project(tmp_path / "project")
    whole, parts = whole_and_parts(project, edition, tmp_path / "out")
    assert_same_book(whole, parts)
