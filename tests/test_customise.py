"""Customised builds: names, dates in four locales, papers, large print, translation, batches."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pypdf
import pytest

from .conftest import ROOT, SAMPLE, build, three_session_project
from .pdftext import assert_text_inside_pages, bookmarks, key, page_sizes, page_texts

ODD_NAME = 'St. Mary & St. Joseph\'s <Parish> "Downtown"'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return three_session_project(tmp_path)


def text_of(project: Path, edition: str = "participant", folder: str = "") -> str:
    pdf = project / "output" / folder / "prayer" / f"prayer-{edition}.pdf"
    return "\n".join(page_texts(pdf)).replace("\u202f", " ")  # babel's narrow space in 7:00 PM


def test_names_dates_place_and_time_from_options(project: Path) -> None:
    code, output = build(
        project,
        "--church",
        ODD_NAME,
        "--group",
        "Wednesday Night",
        "--place",
        "Fellowship Hall",
        "--start",
        "2027-01-13",
        "--every",
        "week",
        "--skip",
        "2027-01-20",
        "--time",
        "19:00",
    )
    assert code == 0, output
    printed = "St. Mary & St. Joseph’s <Parish> “Downtown”"  # literally, its quotes curled
    for edition in ("leader", "participant"):
        text = text_of(project, edition)
        assert printed in text
        assert f"{printed} · Wednesday Night" in text  # the footer
        assert "Fellowship Hall" in text
        assert "Wednesdays, January 13 – February 3, 2027 · 7:00 PM" in text
        for day in ("January 13", "January 27", "February 3"):
            assert f"Wednesday, {day}, 2027 · 7:00 PM" in text
        assert "January 20" not in text
    participant = text_of(project)
    assert "Day 1 · Thursday, January 14" in participant
    assert "Day 2 · Friday, January 29" in participant  # the week after the skipped meeting
    metadata = pypdf.PdfReader(project / "output/prayer/prayer-participant.pdf").metadata
    assert metadata.author == printed


@pytest.mark.parametrize(
    ("locale", "session", "journal", "cover"),
    [
        (
            "en_US",
            "Wednesday, January 13, 2027",
            "Thursday, January 14",
            "Wednesdays, January 13 – January 27, 2027",
        ),
        (
            "en_GB",
            "Wednesday, 13 January 2027",
            "Thursday, 14 January",
            "Wednesdays, 13 January – 27 January 2027",
        ),
        (
            "es",
            "miércoles, 13 de enero de 2027",
            "jueves, 14 de enero",
            "miércoles, 13 de enero – 27 de enero de 2027",
        ),
        (
            "de",
            "Mittwoch, 13. Januar 2027",
            "Donnerstag, 14. Januar",
            "Mittwoch, 13. Januar – 27. Januar 2027",
        ),
    ],
)
def test_dates_follow_the_locale(
    project: Path, locale: str, session: str, journal: str, cover: str
) -> None:
    (project / "studybook.yaml").write_text(
        f"locale: {locale}\nchurch: Grace Chapel\nstart: 2027-01-13\n"
    )
    code, output = build(project, "--edition", "participant")
    assert code == 0, output
    text = text_of(project)
    assert session in text and journal in text and cover in text


def test_explicit_dates_from_the_config_file(project: Path) -> None:
    (project / "studybook.yaml").write_text("dates: [2027-03-01, 2027-03-15, 2027-04-02]\n")
    code, output = build(project, "--edition", "leader")
    assert code == 0, output
    text = text_of(project, "leader")
    for day in ("Monday, March 1, 2027", "Monday, March 15, 2027", "Friday, April 2, 2027"):
        assert day in text


@pytest.mark.parametrize(
    ("paper", "size"),
    [
        ("half-letter", (396, 612)),
        ("letter", (612, 792)),
        ("a5", (419.53, 595.28)),
        ("a4", (595.28, 841.89)),
    ],
)
def test_every_paper_size(project: Path, paper: str, size: tuple[float, float]) -> None:
    code, output = build(project, "--edition", "participant", "--paper", paper)
    assert code == 0, output
    pdf = project / "output/prayer/prayer-participant.pdf"
    for width, height in set(page_sizes(pdf)):
        assert (round(width, 2), round(height, 2)) == pytest.approx(size, abs=0.02)


def body_font_size(pdf_path: Path, snippet: str) -> float:
    """The size in points at which the PDF draws the text run starting with a snippet."""
    sizes = []

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.startswith(snippet):
            a, b, c, d, _, _ = pypdf.mult(tm, cm)
            sizes.append(size * abs(a * d - b * c) ** 0.5)

    for page in pypdf.PdfReader(pdf_path).pages:
        page.extract_text(visitor_text=visit)
    assert sizes, f"{snippet!r} not found"
    return sizes[0]


def test_large_print_has_a_bigger_body_and_more_pages(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    slug = SAMPLE.stem
    pdf = tmp_path / "output" / slug / f"{slug}-participant.pdf"
    snippet = "God declares"
    build(tmp_path, "--edition", "participant")
    standard_size, standard_pages = body_font_size(pdf, snippet), len(page_sizes(pdf))
    code, output = build(tmp_path, "--edition", "participant", "--large-print")
    assert code == 0, output
    assert standard_size == pytest.approx(10.5, abs=0.01)
    assert round(body_font_size(pdf, snippet), 1) >= 16
    assert len(page_sizes(pdf)) > standard_pages
    assert_text_inside_pages(pdf)


@pytest.mark.parametrize("paper", ["a5", "a4", "letter"])
def test_large_print_fits_every_paper(tmp_path: Path, paper: str) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    code, output = build(tmp_path, "--large-print", "--paper", paper)
    assert code == 0, output
    for pdf in (tmp_path / "output").rglob("*.pdf"):
        assert_text_inside_pages(pdf)
    leader = next((tmp_path / "output").rglob("*-leader.pdf"))
    plan = next(n for n, t in enumerate(page_texts(leader), 1) if "Session plan" in t)
    title = "How does Exodus 32:32 inspire intercession?"  # the one session's heading
    assert dict(bookmarks(leader))[title] == plan + 1  # the plan is one facing page


def test_kjv_translation_text_and_notice(project: Path) -> None:
    code, output = build(project, "--edition", "participant", "--translation", "kjv")
    assert code == 0, output
    text = key(text_of(project))
    assert key("King James Version (KJV)") in text
    assert key("The King James Version is in the public domain") in text
    assert key("And when the people saw that Moses delayed to come down out of the mount") in text
    assert key("World English Bible") not in text


def test_a_batch_writes_one_folder_per_church(project: Path) -> None:
    (project / "studybook.yaml").write_text(
        textwrap.dedent(
            """\
            start: 2027-01-13
            batch:
              - church: Grace Chapel
                place: Room 4
              - church: Église Saint-Pierre
                locale: fr
                paper: a5
                start: 2027-02-03
            """
        )
    )
    code, output = build(project, "--edition", "participant")
    assert code == 0, output
    assert "wrote" in output and "grace-chapel" in output and "église-saint-pierre" in output
    grace = text_of(project, folder="grace-chapel")
    pierre = text_of(project, folder="église-saint-pierre")
    assert "Grace Chapel" in grace and "Room 4" in grace and "January 13, 2027" in grace
    assert "Église Saint-Pierre" in pierre and "3 février 2027" in pierre
    assert "Grace Chapel" not in pierre
    sizes = page_sizes(project / "output/église-saint-pierre/prayer/prayer-participant.pdf")
    assert round(sizes[0][0], 1) == 419.5


def problems(project: Path, *args: str) -> list[str]:
    code, output = build(project, *args)
    assert code == 1
    assert not list((project / "output").rglob("*.pdf"))
    return output.strip().splitlines()


def test_date_list_of_the_wrong_length(project: Path) -> None:
    (project / "studybook.yaml").write_text("church: Grace\ndates: [2027-03-01, 2027-03-15]\n")
    lines = problems(project)
    assert lines[0] == (
        "studybook.yaml:2:1: 2 dates given for a study of 3 sessions"
        " — give exactly one date per session"
    )


def test_impossible_dates_in_file_and_options(project: Path) -> None:
    (project / "studybook.yaml").write_text("start: 2027-02-30\n")
    assert problems(project)[0].startswith("studybook.yaml:1:8: '2027-02-30' is not a real date")
    (project / "studybook.yaml").unlink()
    assert problems(project, "--start", "2027-02-30")[0].startswith(
        "--start: 'start' is not a real date"
    )


def test_skip_date_not_on_the_schedule(project: Path) -> None:
    (project / "studybook.yaml").write_text(
        "start: 2027-01-13\nevery: 2weeks\nskip:\n  - 2027-01-27\n  - 2027-01-20\n"
    )
    lines = problems(project)
    assert lines[0].startswith("studybook.yaml:5:5: 2027-01-20 is not a meeting date")
    assert len(lines) == 2  # the problem and the count; 2027-01-27 is a real meeting


def test_config_file_problems_are_positioned_together(project: Path) -> None:
    (project / "studybook.yaml").write_text(
        "chruch: Grace\npaper: b5\nlocale: xx_YY\ntime: 25:00\n"
    )
    lines = problems(project)
    unknown = "studybook.yaml:1:1: unknown field 'chruch' — did you mean 'church'?"
    assert any(line.startswith(unknown) for line in lines), lines
    assert any(line.startswith("studybook.yaml:2:8: 'paper' must be one of") for line in lines)
    assert any(line.startswith("studybook.yaml:4:7: 'time' is not a time of day") for line in lines)
    assert any(line.startswith("studybook.yaml:3:1: unknown locale 'xx_YY'") for line in lines)
    assert len(lines) == 5  # four problems, each found in one run, and the count


def test_unknown_locale_is_reported(project: Path) -> None:
    lines = problems(project, "--locale", "xx_YY")
    assert lines[0].startswith("--locale: unknown locale 'xx_YY'")


def test_names_in_greek_and_cyrillic_print_literally(project: Path) -> None:
    church, group = "Церковь Благодати", "Ἐκκλησία τοῦ Θεοῦ"
    code, output = build(project, "--edition", "participant", "--church", church, "--group", group)
    assert code == 0, output
    text = text_of(project)
    assert church in text and group in text
    metadata = pypdf.PdfReader(project / "output/prayer/prayer-participant.pdf").metadata
    assert metadata.author == church


def test_characters_the_fonts_cannot_print_are_reported(project: Path) -> None:
    (project / "studybook.yaml").write_text("group: Tuesday\nchurch: 恩典教会\n")
    study = project / "content/prayer.yaml"
    study.write_text(study.read_text().replace("title: Evening 1", "title: Evening 一"))
    lines = problems(project)
    assert any(
        "prayer.yaml:3:20: studybook's fonts cannot print '一' (U+4E00)" in ln for ln in lines
    )
    assert any(
        ln.startswith("studybook.yaml:2:1: studybook's fonts cannot print '恩'") for ln in lines
    )


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        (
            "dates: [2027-01-13]\nstart: 2027-01-20\n",
            "studybook.yaml:2:1: both dates and a start date are given — use either a list "
            "of dates or a start date with --every",
        ),
        (
            "pdf_a: true\npdf_x: true\n",
            "studybook.yaml:2:1: both PDF/X and PDF/A are asked for — choose PDF/X for a print "
            "shop or PDF/A for an archive: one file cannot be both",
        ),
    ],
)
def test_settings_that_cannot_go_together_are_a_problem(
    project: Path, settings: str, problem: str
) -> None:
    (project / "studybook.yaml").write_text(settings)
    code, output = build(project)
    assert code == 1 and problem in output.replace(f"{project}/", ""), output
    (project / "studybook.yaml").write_text(settings.replace("true", "false", 1))
    if "pdf" in settings:  # one of them turned off: no problem
        assert build(project, "--edition", "participant")[0] == 0
