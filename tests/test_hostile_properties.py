"""A property over hostile projects: studies and layout snippets built from a grammar of
hostile pieces always end in exit status 0 or 1 with the project's own messages, never a
traceback, and nothing outside the project is read, written or reached over the network."""

from __future__ import annotations

import base64
import json
import tempfile
import uuid
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from studybook.cli import main

from .pdftext import page_texts
from .test_bad_inputs import connections, listener, png_header

EXPRESSIONS = [
    "study.title", "fonts[0].url", "fonts[0].path", "sessions[0].session", "sessions|length",
    "'x' * 99999999", "9 ** 99999", "range(100000)|list|length", "study.__class__",
    "''.__class__.__mro__", "cycler.__init__.__globals__", "self", "self.__dict__",
    "study|attr('_fields')", "sessions|map(attribute='__class__')|list", "namespace(a=1).a",
    "dict(a=1).items()|list", "'{0.__class__}'.format(study)", "'%s' % study", "customisation",
    "translation.notice", "passages|map(attribute='verses')|list", "paper.css_size",
    "sessions.append(1)", "[].append(1)", "study.title.encode()", "lipsum(5)", "'@@URL@@'",
    "'a'|center(900000000)|length", "'%0900000000d' % 1", "'%900000000s'|format('a')",
    "'a'|indent(900000000, true)|length", "'data:image/png;base64,@@PNG_BOMB@@'",
]  # fmt: skip
STATEMENTS = [
    "{{ @E }}", "<p>{{ @E | e }}</p>", '<img src="{{ @E }}" alt="">',
    "{% for i in range(9) %}{{ @E }}{% endfor %}", "{% if @E %}yes{% endif %}",
    '{% include "back.html" %}', '{% include "../canary.txt" %}', '{% include "/etc/passwd" %}',
    '{% import "cover.html" as c %}', '<link rel="stylesheet" href="@@URL@@">',
    '<style>@import url("http://127.0.0.1:@@PORT@@/x.css"); p { color: red }</style>',
    '<img src="http://127.0.0.1:@@PORT@@/x.png" alt="">',
    '<a rel="attachment" href="@@URL@@">a</a>',
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", "{{", "{% for %}",
]  # fmt: skip
TEXTS = [
    "Read Exodus 32:1-6.", "{{ 7 * 7 }}", "<script>alert(1)</script>", "**bold** [[blank]]",
    "@@URL@@", "(Jude 30)", "Psalm 151:1", "url(@@URL@@)", "</style><style>*{}", "\\u0000",
    "Élan 3:16 — ¿sí? ¡no!", "x" * 300, "]]><![CDATA[", "&amp; &lt;", "Mt 5:3-12; vv. 4-8",
]  # fmt: skip

statements = st.lists(
    st.tuples(st.sampled_from(STATEMENTS), st.sampled_from(EXPRESSIONS)), min_size=1, max_size=2
).map(lambda pairs: "".join(statement.replace("@E", e) for statement, e in pairs))
pieces = st.sampled_from(TEXTS)
texts = st.lists(pieces | pieces | pieces | st.text(max_size=20), min_size=1, max_size=3).map(
    " ".join
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(layout=statements, title=texts, bullet=texts, church=texts)
def test_hostile_projects_end_in_a_message(
    layout: str, title: str, bullet: str, church: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch, listener() as server:
        root = Path(scratch)
        secret = f"CANARY-{uuid.uuid4().hex}"
        canary = root / "canary.txt"
        canary.write_text(f"title: {secret}\nsessions:\n  - title: {secret}\n")
        project = root / "project"
        values = {
            "@@URL@@": canary.as_uri(),
            "@@PORT@@": str(server.getsockname()[1]),
            "@@PNG_BOMB@@": base64.b64encode(png_header(20000, 20000)).decode(),
        }
        for placeholder, value in values.items():
            layout, title, bullet, church = (
                text.replace(placeholder, value) for text in (layout, title, bullet, church)
            )
        (project / "content").mkdir(parents=True)
        (project / "layouts").mkdir()
        (project / "layouts" / "back.html").write_text(layout)
        study = {
            "title": title,
            "sessions": [{"sections": [{"heading": "A", "bullets": [bullet]}]}],
        }
        (project / "content" / "study.yaml").write_text(json.dumps(study))
        (project / "studybook.yaml").write_text(json.dumps({"church": church}))
        before = sorted(root.rglob("*"))
        result = CliRunner().invoke(
            main,
            ["build", str(project / "content"), "--edition", "leader", "--jobs", "1",
             "--time-limit", "15", "--memory-limit", "600"],
        )  # fmt: skip
        assert result.exit_code in (0, 1), result.output
        event(f"exit {result.exit_code}")
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        assert secret not in result.output
        assert connections(server) == 0
        assert canary.read_text().startswith(f"title: {secret}")
        outside = [p for p in sorted(root.rglob("*")) if not p.is_relative_to(project)]
        assert outside == [p for p in before if not p.is_relative_to(project)]
        for pdf in (project / "output").rglob("*.pdf"):
            assert secret not in "\n".join(page_texts(pdf))
            assert secret.encode() not in pdf.read_bytes()
        if result.exit_code == 1:
            assert "problem(s) found" in result.output
            assert not list((project / "output").rglob("*.pdf"))
