"""Inline markup in prose: fill-in blanks for participants, answers for leaders, emphasis."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from studybook.study.markup import css_string, inline, plain_text

from .conftest import build
from .pdftext import key, page_texts

STUDY = """\
title: Fill-in practice
sessions:
  - title: Grace
    blocks:
      - part: Words to find
        blocks:
          - paragraph: "We are saved by [[grace]] through *faith*, not by **works** (Titus 3:5)."
      - question: "Who stood in the [[gap]] for Israel?"
        answer: Moses did.
"""


def test_fill_in_is_a_blank_for_participants_and_the_answer_for_leaders(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "grace.yaml").write_text(STUDY)
    code, output = build(tmp_path)
    assert code == 0, output
    leader = key("".join(page_texts(tmp_path / "output/grace/grace-leader.pdf")))
    participant = key("".join(page_texts(tmp_path / "output/grace/grace-participant.pdf")))
    assert key("We are saved by grace through faith, not by works") in leader
    assert key("Who stood in the gap for Israel?") in leader
    assert key("We are saved by") in participant and key("through faith") in participant
    for answer in ("grace", "gap", "Moses did."):
        assert key(answer) not in participant.replace(key("Fill-in practice"), "")
    assert "[[" not in participant and "*" not in participant


def test_inline_escapes_everything_but_its_own_markup() -> None:
    html = inline("<b>bold</b> & *soft* **hard** [[word]] [[____]] (John 3:16)")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert "<em>soft</em>" in html and "<strong>hard</strong>" in html
    assert '<span class="fill-in">word</span>' in html
    assert '<span class="blank" style="width: 4.0em"></span>' in html
    assert ' \u200b(<span class="ref">John\u00a03:16</span>)' in html  # kept whole


def test_plain_and_css_string() -> None:
    assert plain_text("**a** *b* [[c]]") == "a b c"
    quoted = css_string('St. Mary\'s "Downtown" \\ }')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "}" not in quoted and "\\5c " in quoted


def test_logo_prints_on_the_cover(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "grace.yaml").write_text(STUDY)
    (tmp_path / "images").mkdir()
    Image.new("RGB", (120, 60), "black").save(tmp_path / "images" / "logo.png")
    (tmp_path / "studybook.yaml").write_text("church: Grace Chapel\nlogo: images/logo.png\n")
    code, output = build(tmp_path, "--edition", "participant")
    assert code == 0, output
    cover = pdfium.PdfDocument(tmp_path / "output/grace/grace-participant.pdf")[0]
    images = [o for o in cover.get_objects(max_depth=8) if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1


def test_logo_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "grace.yaml").write_text(STUDY)
    Image.new("RGB", (10, 10)).save(tmp_path / "outside.png")
    code, output = build(project, "--logo", "../outside.png")
    assert code == 1
    assert "--logo: the image '../outside.png' is outside the project" in output
