"""JSON Schemas (draft 2020-12) of the YAML study format and of `studybook.yaml`, made from
the models that check them, so that editors (VS Code's YAML extension) complete and check
fields as studybook would."""

from __future__ import annotations

import json
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS = ("study", "config")


def schema(which: str) -> dict[str, Any]:
    """The JSON Schema of a study file ("study") or of studybook.yaml ("config")."""
    if which == "study":
        from ..study import Study

        found = Study.model_json_schema()
        title = "studybook study"
        about = "A small-group Bible study: its title and its sessions, each blocks in order."
    else:
        from ..settings import ConfigFile

        found = ConfigFile.model_json_schema()
        title = "studybook.yaml"
        about = "What a church customises: names, meeting dates, paper, print production."
    return {"$schema": DIALECT, **found, "title": title, "description": about}


def schema_text(which: str) -> str:
    """A schema as the JSON text of a `.schema.json` file."""
    return json.dumps(schema(which), indent=2, ensure_ascii=False) + "\n"
