"""Write a :class:`~generator.importers.draft.Draft` as commented YAML.

Strings are written as YAML double-quoted scalars (JSON string syntax, Thai
kept as is), one key per line, and each ``# TODO`` note goes on the line
above the value it concerns, so that an editor shows it where the work is.
"""

from __future__ import annotations

import json

from generator.importers.draft import Draft

SCHEMA_LINE = {
    "procedure": "# yaml-language-server: $schema=../schema/procedure.schema.json",
    "officer": "# yaml-language-server: $schema=../schema/officer.schema.json",
}


def _scalar(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value)


def to_yaml(draft: Draft) -> str:
    """The YAML text of ``draft``, with its ``# TODO`` notes as comments."""
    lines = [SCHEMA_LINE[draft.kind], f"# Imported from {draft.source} by handbook import: a draft to check."]
    if draft.found:
        lines.append("# Found: " + ", ".join(draft.found))
    if draft.missing:
        lines.append("# Not found: " + ", ".join(draft.missing))
    _emit(draft.data, (), 0, lines, draft.todos, getattr(draft, "steps_from", ""))
    return "\n".join(lines) + "\n"


def _todo(path: tuple, indent: int, lines: list[str], todos: dict) -> None:
    note = todos.get(path)
    if note:
        lines.append(" " * indent + "# TODO: " + note.replace("\n", " "))


def _emit(value, path: tuple, indent: int, lines: list[str], todos: dict, steps_from: str = "") -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if path == () and key == "steps" and steps_from:
                lines.append(f"{pad}# Steps: {steps_from}".replace("\n", " "))
            _todo(path + (key,), indent, lines, todos)
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                _emit(item, path + (key,), indent + 2, lines, todos)
            elif isinstance(item, list):
                lines.append(f"{pad}{key}: []")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _todo(path + (i,), indent, lines, todos)
            if isinstance(item, dict):
                sub: list[str] = []
                _emit(item, path + (i,), indent + 2, sub, todos)
                first = next(n for n, s in enumerate(sub) if not s.lstrip().startswith("#"))
                sub[first] = pad + "- " + sub[first][indent + 2:]
                lines.extend(sub)
            else:
                lines.append(f"{pad}- {_scalar(item)}")
