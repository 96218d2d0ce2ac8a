"""The manual's reference, generated from the code: every command and option from the click
commands, every setting and every study field and block from the JSON Schemas of the models
that check them (`studybook schema`), and the messages of the fields' checks from their
tables. A page says where a section goes with a line `<!-- reference: NAME -->`.

An MkDocs hook (`hooks:` in mkdocs.yml): the site is always built from the code as it is.
`python docs/generate.py NAME` prints a section; tests/test_docs.py checks that nothing in
the code is missing from them.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from studybook.cli import main
from studybook.console import ORDER
from studybook.settings.config import CONFLICTS
from studybook.starter.schema import schema
from studybook.study import BLOCK_KINDS
from studybook.study.validation import MOVED_FIELDS, PATTERN_MESSAGES, TYPE_MESSAGES

MARKER = re.compile(r"^<!-- reference: (\w+) -->$", re.MULTILINE)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs hook: each marker replaced with its section."""
    return MARKER.sub(lambda found: SECTIONS[found[1]](), markdown)


# Commands


def commands() -> str:
    """Each command in the order people use them: what it does, its usage and options."""
    context = click.Context(main, info_name="studybook", **main.context_settings)
    out = [_command(context, main, "studybook", "studybook")]
    for name in ORDER:
        command = main.get_command(context, name)
        sub = click.Context(command, info_name=name, parent=context)
        out.append(_command(sub, command, f"studybook {name}", name))
    return "\n".join(out)


def _command(context: click.Context, command: click.Command, title: str, anchor: str) -> str:
    usage = " ".join([title, *command.collect_usage_pieces(context)])
    if isinstance(command, click.Group):
        usage = "studybook [OPTIONS] COMMAND [ARGS]..."
    rows = [_param_row(param) for param in command.get_params(context)]
    help_text = re.sub(r"\s*\n\s*", " ", (command.help or "").strip())
    return "\n".join(
        [
            f"## `{title}` {{#{anchor}}}",
            "",
            _ticked(help_text.replace("\n\n", "\n")),
            "",
            "```",
            usage,
            "```",
            "",
            "| option | value | what it does |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )


def _param_row(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        names = f"`{param.human_readable_name}`"
        help_text = (
            f"What the command works on, as said above{'' if param.required else ' (optional)'}."
        )
    else:
        names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
        help_text = param.help or ""
    return f"| {names} | {_value(param)} | {_ticked(help_text)} |"


def _value(param: click.Parameter) -> str:
    """What a parameter takes, and its default when the command shows it."""
    if isinstance(param, click.Option) and param.is_flag:
        return "a switch"
    kind = param.type
    if isinstance(kind, click.Choice):
        value = _one_of(kind.choices)
    elif isinstance(kind, click.IntRange):
        value = f"a whole number, {_range(kind.min, kind.max)}"
    elif isinstance(kind, click.Path):
        value = "a file" if not kind.dir_okay else "a folder" if not kind.file_okay else "a path"
    else:
        value = {"INT": "a whole number", "FLOAT": "a number"}.get(kind.name.upper(), "text")
    if param.multiple:
        value += ", repeatable"
    shown = isinstance(param, click.Argument) or getattr(param, "show_default", False)
    if shown and isinstance(param.default, str | int) and param.default is not False:
        value += f" (default `{param.default}`)"
    return value


def _range(low: Any, high: Any) -> str:
    if high is None:
        return f"at least {low:,}"
    return f"{low:,}–{high:,}"


# Settings and study fields, from the JSON Schemas


def settings() -> str:
    """Every key of studybook.yaml, the build option of the same name, and what it takes."""
    found = schema("config")
    options = _build_options()
    rows = [
        f"| `{name}` | {options.get(name, '—')} | {_type(spec, found)} | "
        f"{_ticked(spec.get('description', ''))} |"
        for name, spec in found["properties"].items()
    ]
    translation = found["$defs"]["TranslationSetting"]
    return "\n".join(
        [
            "## Every setting {#set-fields}",
            "",
            "| setting | option | value | what it is |",
            "|---|---|---|---|",
            *rows,
            "",
            "## translation: its fields {#translation-setting}",
            "",
            _ticked(_prose(translation.get("description", ""))),
            "",
            _fields_table(translation, found),
            "",
        ]
    )


def _build_options() -> dict[str, str]:
    """Each setting's option on `studybook build` (by the option's parameter name)."""
    context = click.Context(main)
    build = main.get_command(context, "build")
    return {
        param.name: " ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
        for param in build.params
        if isinstance(param, click.Option)
    }


def study() -> str:
    """The study's fields, a session's, every kind of block and the groups of fields inside
    them, each field with what it takes."""
    found = schema("study")
    definitions = found["$defs"]
    blocks = {kind: model.__name__ for kind, model in BLOCK_KINDS.items()}
    inner = [n for n in definitions if n not in blocks.values() and n != "Session"]
    out = ["## The study {#study}", "", _fields_table(found, found), ""]
    out += ["## A session {#session}", "", _fields_table(definitions["Session"], found), ""]
    out += ["## Blocks {#blocks}", ""]
    out += [
        "Each item of a `blocks:`, `opening:` or `closing:` list is one of these, named by its "
        "first field. Every block may also be for one edition only: `leader_only: true` or "
        "`participant_only: true`.",
        "",
    ]
    for kind, name in blocks.items():
        out += [f"### {kind} {{#{_anchor(name)}}}", "", _prose(definitions[name]), ""]
        out += [_fields_table(definitions[name], found, leave_out=_EDITION_FIELDS), ""]
    out += ["## Inside blocks and sessions {#inside}", ""]
    for name in inner:
        out += [f"### {_words(name)} {{#{_anchor(name)}}}", "", _prose(definitions[name]), ""]
        out += [_fields_table(definitions[name], found, leave_out=_EDITION_FIELDS), ""]
    return "\n".join(out)


_EDITION_FIELDS = ("leader_only", "participant_only")


def _fields_table(spec: dict[str, Any], root: dict[str, Any], leave_out: tuple = ()) -> str:
    required = set(spec.get("required", ()))
    rows = [
        f"| `{name}`{' (required)' if name in required else ''} | {_type(field, root)} | "
        f"{_ticked(field.get('description', ''))} |"
        for name, field in spec["properties"].items()
        if name not in leave_out
    ]
    return "\n".join(["| field | value | what it is |", "|---|---|---|", *rows])


def _type(spec: dict[str, Any], root: dict[str, Any], many: bool = False) -> str:
    """A field's value in words, from its JSON Schema (`many`: as items of a list)."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[1]
        return f"[{_words(name).lower()}{'s' if many else ''}](#{_anchor(name)})"
    choices = [s for s in spec.get("anyOf", spec.get("oneOf", [])) if s.get("type") != "null"]
    if len(choices) == 2 and choices[1].get("items") == choices[0]:
        return f"{_type(choices[0], root)}, or a list of them"
    if choices:
        if all("$ref" in c for c in choices) and len(choices) > 3:
            return "blocks" if many else "a block"
        return _one_of([_type(c, root, many) for c in choices], ticked=False)
    if "enum" in spec:
        return _one_of(spec["enum"])
    if "const" in spec:
        return f"`{str(spec['const']).lower()}`"
    kind = spec.get("type")
    if kind == "array":
        return "a list of " + _type(spec.get("items", {}), root, many=True)
    if kind == "object":
        return "fields, `name: text`"
    if kind == "boolean":
        return "`true` or `false`"
    if kind in ("integer", "number"):
        word = ("whole numbers" if many else "a whole number") if kind == "integer" else "a number"
        if "minimum" in spec or "maximum" in spec:
            return f"{word}, {_range(spec.get('minimum', 0), spec.get('maximum'))}"
        return word
    if spec.get("format") == "date":
        return f"{'dates' if many else 'a date'}, `YYYY-MM-DD`"
    word = "texts" if many else "text"
    if "maxLength" in spec:
        return f"{word} (at most {spec['maxLength']:,} characters{' each' if many else ''})"
    return word


def _prose(spec: dict[str, Any] | str) -> str:
    text = spec if isinstance(spec, str) else spec.get("description", "")
    return " ".join(text.split())


def _anchor(name: str) -> str:
    return _words(name).lower().replace(" ", "-")


def _words(name: str) -> str:
    """`SubQuestion` → `Sub question`."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).capitalize()


def _one_of(choices: Any, ticked: bool = True) -> str:
    names = [f"`{c}`" if ticked else c for c in choices]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _ticked(text: str) -> str:
    """Text fit for a table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


# Problems


def problems() -> str:
    """The messages of the fields' checks: what each says and what to do."""
    rows = [
        f"| {_message(message)} | {_ticked(hint)} |" for message, hint in TYPE_MESSAGES.values()
    ]
    rows += [
        f"| {_message(message)} | {_ticked(hint)} |" for message, hint in PATTERN_MESSAGES.values()
    ]
    moved = [f"| `{name}` | {_ticked(hint)} |" for name, hint in MOVED_FIELDS.items()]
    conflicts = [
        f"| `{first}`, `{second}` | {_ticked(message)} | {_ticked(hint)} |"
        for (first, second), (message, hint) in CONFLICTS.items()
    ]
    return "\n".join(
        [
            "| message | what to do |",
            "|---|---|",
            *rows,
            "",
            "Fields of an older study format are named as such, with where their content "
            "goes now (`'sections' is no longer a field here — …`):",
            "",
            "| old field | what to do |",
            "|---|---|",
            *moved,
            "",
            "Settings that cannot go together (the problem is named where the second is set):",
            "",
            "| settings | message | what to do |",
            "|---|---|---|",
            *conflicts,
            "",
        ]
    )


def _message(template: str) -> str:
    """A message template with its blanks in words: `'{name}'` → `'FIELD'`."""
    words = {"name": "FIELD", "got": "WHAT IT IS"}
    text = re.sub(
        r"\{(\w+)(?::[^}]*)?\}", lambda m: words.get(m[1], m[1].upper().replace("_", " ")), template
    )
    return _ticked(text)


SECTIONS = {"commands": commands, "settings": settings, "study": study, "problems": problems}

if __name__ == "__main__":
    print(SECTIONS[sys.argv[1]]())
