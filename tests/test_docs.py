"""The manual (docs/, built with MkDocs): its reference, made from the code, leaves out no
command, option, setting, field, block or message; the site builds with no warning; and
what its pages show works — every whole study checks and builds, every block of settings
is valid, and every page's `studybook` commands run in order, printing what the page says."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
import yaml

from studybook.cli import main
from studybook.settings import ConfigFile
from studybook.settings.config import CONFLICTS
from studybook.starter import schema_text
from studybook.starter.schema import models_in
from studybook.study import BLOCK_KINDS, Study
from studybook.study.loader import load_study
from studybook.study.validation import MOVED_FIELDS, PATTERN_MESSAGES, TYPE_MESSAGES

from .conftest import STUDYBOOK, SYSTEM_SWORD
from .manual import DOCS, PAGES, ROOT, Block, Download, blocks, commands, events, is_study
from .pdftext import key, page_texts

_spec = importlib.util.spec_from_file_location("generate", DOCS / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)


def sections(text: str) -> dict[str, str]:
    """A generated page's sections by their anchor (`## Title {#anchor}`)."""
    parts = re.split(r"^#+ .*\{#([\w-]+)\}$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def described_rows(body: str) -> list[str]:
    """The rows of a section's table; each must say what its field or option is."""
    rows = [row for row in body.splitlines() if row.startswith("| `")]
    assert all(not row.rstrip().endswith("|  |") for row in rows), body
    return rows


def test_every_command_and_option_is_in_the_reference() -> None:
    found = sections(generate.commands())
    assert set(main.commands) | {"studybook"} == set(found)
    for name, command in [("studybook", main), *main.commands.items()]:
        rows = "\n".join(described_rows(found[name]))
        for param in command.params:
            names = [*param.opts, *param.secondary_opts]
            if isinstance(param, click.Argument):
                names = [param.human_readable_name]
            assert all(f"`{n}`" in rows for n in names), (name, names)


def test_every_setting_and_its_option_is_in_the_reference() -> None:
    found = sections(generate.settings())
    rows = described_rows(found["set-fields"])
    assert [row.split("`")[1] for row in rows] == list(ConfigFile.model_fields)
    build = main.commands["build"]
    for name in ConfigFile.model_fields:
        options = [p for p in build.params if p.name == name]
        row = next(r for r in rows if r.startswith(f"| `{name}` |"))
        assert all(f"`{o}`" in row for p in options for o in p.opts), row
    translation = ConfigFile.model_fields["translation"].annotation
    fields = next(m for m in models_in(translation) if m.__name__ == "TranslationSetting")
    rows = described_rows(found["translation-setting"])
    assert [row.split("`")[1] for row in rows] == list(fields.model_fields)


def test_every_study_field_and_block_is_in_the_reference() -> None:
    found = sections(generate.study())
    assert {f"{kind}" for kind in BLOCK_KINDS} <= {
        line.split()[1] for line in generate.study().splitlines() if line.startswith("### ")
    }
    models = models_in(Study)
    assert len(models) > 15
    for model in models:
        anchor = {"Study": "study", "Session": "session"}.get(model.__name__)
        body = found[anchor or generate._anchor(model.__name__)]
        named = [row.split("`")[1] for row in described_rows(body)]
        edition = {"leader_only", "participant_only"}
        assert set(model.model_fields) - edition <= set(named), model.__name__


def test_every_message_of_the_fields_checks_is_in_the_reference() -> None:
    text = generate.problems()
    for message, hint in [*TYPE_MESSAGES.values(), *PATTERN_MESSAGES.values()]:
        assert generate._message(message) in text and hint in text
    assert all(f"| `{name}` | {hint} |" in text for name, hint in MOVED_FIELDS.items())
    for (first, second), (message, _) in CONFLICTS.items():
        assert f"| `{first}`, `{second}` | {generate._ticked(message)} |" in text


def test_the_manual_builds_with_no_warning(tmp_path: Path) -> None:
    """`mkdocs build --strict`: a broken link or anchor, a page left out of the navigation
    or a warning fails; the reference pages hold what the code has."""
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "--fail-fast" in (site / "reference" / "commands.html").read_text(encoding="utf-8")
    settings = (site / "reference" / "settings.html").read_text(encoding="utf-8")
    assert "Booklet creep compensation, 0–5 mm." in settings
    assert not list(site.rglob("*.py")), "the manual's scripts are not pages"


STUDIES = [(page, block) for page, block in blocks() if is_study(block)]


def test_the_manual_shows_whole_studies_in_both_spellings() -> None:
    assert {block.language for _, block in STUDIES} == {"markdown", "yaml"}
    assert len(STUDIES) >= 5


@pytest.mark.parametrize(
    ("page", "block"), STUDIES, ids=[f"{p.name}-{i}" for i, (p, _) in enumerate(STUDIES)]
)
def test_every_study_in_the_manual_checks_and_builds(
    page: Path, block: Block, tmp_path: Path
) -> None:
    name = Path(block.title).name if block.title else f"example.{block.language[:2]}"
    name = name.replace(".ma", ".md").replace(".ya", ".yaml")
    study_file = tmp_path / "content" / name
    study_file.parent.mkdir()
    study_file.write_text(block.code, encoding="utf-8")
    for command in ("check", "build"):
        result = subprocess.run(
            [*STUDYBOOK, command], cwd=tmp_path, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{page.name}: {result.stdout}{result.stderr}"
    study = load_study(study_file, name).study
    leader = tmp_path / "output" / study_file.stem / f"{study_file.stem}-leader.pdf"
    text = key("".join(page_texts(leader)))
    assert key(study.title) in text
    assert all(key(s.title) in text for s in study.sessions if s.title)


SETTINGS = [
    (page, block)
    for page, block in blocks("yaml")
    if isinstance(data := yaml.safe_load(block.code), dict)
    and data.keys() <= ConfigFile.model_fields.keys()
]


def test_every_block_of_settings_in_the_manual_is_valid() -> None:
    assert len(SETTINGS) >= 5
    schema = json.loads(schema_text("config"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for page, block in SETTINGS:
        data = yaml.safe_load(block.code)
        errors = [
            e.message for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))
        ]
        assert errors == [], (page.name, errors)


RUNNABLE = [
    page for page in PAGES if any(commands(e) for e in events(page) if isinstance(e, Block))
]


def test_the_pages_that_say_what_to_run_are_run() -> None:
    names = {page.name for page in RUNNABLE}
    expected = {"tutorial.md", "languages.md", "many-churches.md", "print-at-home.md"}
    assert expected | {"print-shop.md", "large-print.md"} <= names


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: p.name)
def test_the_commands_of_a_page_run_and_print_what_it_shows(page: Path, tmp_path: Path) -> None:
    """The page followed as a reader would, in a copy of the sample project: each titled
    file written, each download saved, each command run (all must succeed), and the lines of
    a `text` block right after commands printed by them (a line with `…` stands for more)."""
    if "spaRV1909eb" in page.read_text() and not (SYSTEM_SWORD / "mods.d").is_dir():
        pytest.skip("Debian's sword-text-sparv is not installed (apt-get install sword-text-sparv)")
    here = tmp_path / "project"
    shutil.copytree(ROOT / "content", here / "content")
    printed = None
    for event in events(page):
        if isinstance(event, Download):
            shutil.copy(event.path, here)
        elif event.title and event.runs:
            (here / event.title).parent.mkdir(parents=True, exist_ok=True)
            (here / event.title).write_text(event.code, encoding="utf-8")
        elif commands(event):
            printed = ""
            for words in commands(event):
                if words[0] == "cd":
                    here = here / words[1]
                    continue
                result = subprocess.run(
                    [*STUDYBOOK, *words[1:]], cwd=here, capture_output=True, text=True, timeout=900
                )
                printed += result.stdout + result.stderr
                assert result.returncode == 0, f"{page.name}: {shlex.join(words)}\n{printed}"
            continue
        elif event.language == "text" and printed is not None:
            shown = [line for line in event.code.splitlines() if line and "…" not in line]
            assert [line for line in shown if line not in printed] == [], printed
        printed = None
