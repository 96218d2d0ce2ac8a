"""`studybook new` makes a project that builds as it is, and never overwrites a file;
`studybook schema` gives JSON Schemas that accept real studies and settings and refuse
broken ones, as studybook itself does."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from studybook.cli import main
from studybook.render.punctuation import smart_punctuation
from studybook.settings.config import load_settings
from studybook.starter import STUDY, project_files
from studybook.study import plain_text
from studybook.study.blocks import BLOCK_KINDS
from studybook.study.loader import load_study
from studybook.study.model import participant_copy

from .conftest import ROOT, SAMPLE_YAML
from .pdftags import read_tagged
from .pdftext import key, page_texts
from .test_loader import model_strings

DATA = Path(__file__).parent / "data"
STUDIES = [
    SAMPLE_YAML,
    *sorted((DATA / "studies").glob("*.yaml")),
    *sorted((DATA / "shapes").glob("*.yaml")),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """`studybook new demo`, then `cd demo` and `studybook build`, as a newcomer would
    run them: the project, and what each command printed."""
    here = tmp_path_factory.mktemp("newcomer")
    runner = CliRunner()
    before = os.getcwd()
    try:
        os.chdir(here)
        made = runner.invoke(main, ["new", "demo"])
        assert made.exit_code == 0, made.output
        os.chdir(here / "demo")
        built = runner.invoke(main, ["build"])
    finally:
        os.chdir(before)
    assert built.exit_code == 0, built.output
    return here / "demo", made.output, built.output


def test_new_prints_the_next_two_commands(demo) -> None:
    _, output, _ = demo
    lines = output.splitlines()
    assert lines[lines.index("next:") + 1 :][:2] == ["  cd demo", "  studybook build"]


def test_new_makes_content_settings_layouts_and_schemas(demo) -> None:
    project, _, _ = demo
    made = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    made = [m for m in made if not m.startswith("output")]
    assert made == sorted(project_files())
    assert (project / "layouts" / "README.md").read_text().count("layouts/") >= 1
    settings = (project / "studybook.yaml").read_text()
    assert settings.startswith("# yaml-language-server: $schema=.studybook/config.schema.json")
    for which in ("study", "config"):
        found = json.loads((project / ".studybook" / f"{which}.schema.json").read_text())
        assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_starter_settings_are_the_defaults_and_name_every_setting(demo) -> None:
    project, _, _ = demo
    assert load_settings(project, {}) == load_settings(project.parent, {})
    settings = (project / "studybook.yaml").read_text()
    from studybook.settings.config import ConfigFile

    named = set(re.findall(r"^#? ?(\w+):", settings, re.MULTILINE))
    assert set(ConfigFile.model_fields) <= named


def test_the_starter_study_shows_every_kind_of_block(demo) -> None:
    project, _, _ = demo
    study = load_study(project / STUDY, "starter").study
    kinds = set()
    for session in study.sessions:
        for block in (*session.opening, *session.blocks, *session.closing):
            kinds.add(block.kind)
            kinds |= {inner.kind for inner in getattr(block, "blocks", [])}
    assert kinds == set(BLOCK_KINDS)
    first = study.sessions[0]
    assert first.passage and first.readings and first.key_verse and first.journal
    assert any(getattr(b, "leader_only", False) for b in first.blocks)
    assert any(q.answer and q.leader_note and q.minutes for q in first.questions)


def test_the_starter_study_numbers_steps_and_questions_apart(demo) -> None:
    """Its second part has steps 1 and 2, then the session's second question: marked Q2, so
    it never reads as a second step 2 (the next session starts again at Q1)."""
    project, _, _ = demo
    for edition in ("leader", "participant"):
        tagged = read_tagged(project / "output" / "psalm-23" / f"psalm-23-{edition}.pdf")
        items = [
            (key(item.children[0].text), key(item.children[1].text))
            for item in tagged.root.walk()
            if item.tag == "LI" and len(item.children) > 1
        ]
        numbered = [(label, body) for label, body in items if label != "•"]
        assert [label for label, _ in numbered] == ["Q1", "1.", "2.", "Q2", "Q1"], edition
        assert numbered[3][1].endswith("Wheredoyoumostneedtobeledrightnow?")


def test_the_built_pdfs_hold_the_starter_study(demo) -> None:
    project, _, output = demo
    folder = project / "output" / "psalm-23"
    assert "wrote output/psalm-23/psalm-23-leader.pdf" in output
    study = load_study(project / STUDY, "starter").study
    leader = key("".join(page_texts(folder / "psalm-23-leader.pdf")))
    participant = key("".join(page_texts(folder / "psalm-23-participant.pdf")))

    def printed(texts: list[str]) -> set[str]:
        return {key(smart_punctuation(plain_text(t), "en")) for t in texts if " " in t}

    everything = printed(model_strings(study.model_dump()))
    shared = printed(model_strings(participant_copy(study).model_dump()))
    assert len(everything) > 30
    assert [t for t in everything if t not in leader] == []
    assert [t for t in shared if t not in participant and "_" not in t] == []
    leader_only = everything - shared  # notes, answers, the leader's part, fill-in answers
    assert len(leader_only) >= 8
    assert [t for t in leader_only if t in participant] == []


def test_new_refuses_to_overwrite_and_touches_nothing(tmp_path: Path) -> None:
    project = tmp_path / "demo"
    (project / "content").mkdir(parents=True)
    (project / "studybook.yaml").write_text("church: Mine\n")
    result = CliRunner().invoke(main, ["new", str(project)])
    assert result.exit_code == 1
    assert f"{project / 'studybook.yaml'}: already exists — studybook new never overwrites" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert sorted(p.name for p in project.rglob("*")) == ["content", "studybook.yaml"]
    assert (project / "studybook.yaml").read_text() == "church: Mine\n"


def test_new_into_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "demo").write_text("not a folder")
    result = CliRunner().invoke(main, ["new", str(tmp_path / "demo")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'demo'}: already exists" in result.output
    assert (tmp_path / "demo").read_text() == "not a folder"


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    found = {}
    for which in ("study", "config"):
        result = CliRunner().invoke(main, ["schema", which])
        assert result.exit_code == 0, result.output
        found[which] = json.loads(result.output)
        jsonschema.Draft202012Validator.check_schema(found[which])
    return found


def errors(schema: dict, data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))]


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.name)
def test_the_study_schema_accepts_real_studies(schemas, path: Path) -> None:
    assert errors(schemas["study"], yaml.safe_load(path.read_text())) == []


def test_the_study_schema_accepts_the_manuals_examples(schemas) -> None:
    pages = [p.read_text() for p in (ROOT / "docs").rglob("*.md")]
    examples = [
        yaml.safe_load(b) for p in pages for b in re.findall(r"```yaml\n(.*?)```", p, re.DOTALL)
    ]
    studies = [e for e in examples if isinstance(e, dict) and "sessions" in e]
    assert len(studies) >= 2
    for study in studies:
        assert errors(schemas["study"], study) == []


GOOD = {"title": "A study", "sessions": [{"blocks": [{"question": "Why?", "answer": "So."}]}]}


@pytest.mark.parametrize(
    "bad",
    [
        {"sessions": GOOD["sessions"]},
        {**GOOD, "titel": "x"},
        {**GOOD, "sessions": [{"blocks": [{"question": "Why?", "lines": "four"}]}]},
        {**GOOD, "sessions": [{"blocks": [{"question": "Why?", "prayer": "Amen."}]}]},
        {**GOOD, "sessions": [{"blocks": [{"questoin": "Why?"}]}]},
        {**GOOD, "sessions": [{"blocks": ["Why?"]}]},
        {**GOOD, "sessions": [{"blocks": [{"part": "A", "blocks": [{"part": "B"}]}]}]},
        {**GOOD, "sessions": [{"blocks": [{"part": "A", "minutes": 0, "blocks": []}]}]},
        {**GOOD, "sessions": [{"journal": {"days": 15}}]},
        {**GOOD, "sessions": []},
    ],
)
def test_the_study_schema_refuses_what_studybook_refuses(schemas, bad: dict, tmp_path) -> None:
    assert errors(schemas["study"], GOOD) == []
    assert errors(schemas["study"], bad) != []
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "bad.yaml"
    path.write_text(yaml.safe_dump(bad))
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 1


def test_block_kinds_are_told_apart_by_their_own_field(schemas) -> None:
    definitions = schemas["study"]["$defs"]
    required = {name: definitions[m.__name__]["required"] for name, m in BLOCK_KINDS.items()}
    assert {name: fields[0] for name, fields in required.items()} == {k: k for k in BLOCK_KINDS}
    assert all(
        definitions[m.__name__]["additionalProperties"] is False for m in BLOCK_KINDS.values()
    )


def test_the_config_schema_accepts_the_starter_and_manuals_settings(schemas, demo) -> None:
    project, _, _ = demo
    assert errors(schemas["config"], yaml.safe_load((project / "studybook.yaml").read_text())) == []
    readme = (ROOT / "docs" / "guides" / "customise.md").read_text()
    block = re.search(r"```yaml\n(church: Grace Chapel.*?)```", readme, re.DOTALL)[1]
    assert errors(schemas["config"], yaml.safe_load(block)) == []
    assert errors(schemas["config"], {"paper": "b5"}) != []
    assert errors(schemas["config"], {"chruch": "x"}) != []


def test_schema_output_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "study.schema.json"
    result = CliRunner().invoke(main, ["schema", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["title"] == "studybook study"
    result = CliRunner().invoke(main, ["schema", "config", "-o", str(tmp_path / "no" / "x.json")])
    assert result.exit_code == 1
    assert "No such file or directory" in result.output
