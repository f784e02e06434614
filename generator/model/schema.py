"""Export the JSON Schemas of the YAML files to ``schema/``.

Editors with the YAML language server read the ``# yaml-language-server:
$schema=...`` line at the top of each file and use these schemas to
autocomplete keys and underline mistakes (JSON Schema draft 2020-12, as
produced by pydantic).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.model.documents import MODELS


def schema_texts() -> dict[str, str]:
    """Return file name → JSON text of each schema (``office.schema.json`` …)."""
    out = {}
    for kind, model in MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
