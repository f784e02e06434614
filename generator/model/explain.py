"""A pydantic validation error → where it is, what is wrong and how to fix it, in words for people who do not program.

Moved verbatim from :mod:`generator.model.loader` (issue 22): ``explain`` and
its helpers (``_EXPECTED``, ``_describe_value``, ``_field_at``, ``_model_in``,
``_parent_model``, ``_example``, ``_clean_loc``, ``_VALUE_HINTS``,
``_value_hint_key``, ``_HINTS``, ``_looks_like_text``, ``_type_hint``), so that
other validated files (the ITA criteria, :mod:`generator.model.criteria`) can
explain their errors without importing the loader.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from generator.model.documents import Strict
from generator.text import Text


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "list_type": "a list (lines starting with -)",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "bool_type": "true or false",
}


def _describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'"{value[:40]}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _field_at(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, Any]:
    """Walk ``loc`` through the model classes; return (owning model, FieldInfo) of the last key."""
    owner: type[BaseModel] | None = model
    info = None
    for part in loc:
        if isinstance(part, int) or owner is None:
            continue
        fields = getattr(owner, "model_fields", {})
        if part not in fields:
            return owner, None
        info = fields[part]
        owner = _model_in(info.annotation)
    return owner, info


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _parent_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    owner: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or owner is None:
            continue
        info = owner.model_fields.get(part)
        owner = _model_in(info.annotation) if info else None
    return owner


def _example(info) -> str:
    if info is None or not info.examples:
        return ""
    example = info.examples[0]
    if isinstance(example, list):
        example = ", ".join(str(e) for e in example)
    return f', e.g. "{example}"'


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal union/validator markers from a location."""
    out = []
    for part in loc:
        if isinstance(part, str) and (part.startswith("function-") or part in {"Text", "str", "SubStep", "Duty"}):
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("union")):
            continue
        out.append(part)
    return tuple(out)


_VALUE_HINTS = {
    "characters long": "shorten it: keep names, titles and labels short and put the details in the text of "
                       "a step, its substeps or another paragraph",
    "web address": 'write the full address, e.g. "https://handbook.example.go.th/"',
    "inside the project": "put the file inside the project folder and give its path from this YAML file, "
                          "e.g. emblem: images/emblem.png",
    "relative to this file": "put the file inside the project folder and give its path from this YAML file, "
                             "e.g. emblem: images/emblem.png",
    "not \\": "write the path with /, e.g. images/emblem.png",
}


def _value_hint_key(message: str) -> str:
    return next((key for key in _VALUE_HINTS if key in message), "")


_HINTS = {
    "duration": 'add how long this step takes, e.g. "๓ วันทำการ" or "ตุลาคม – พฤศจิกายน"',
}


def explain(error: dict, model: type[Strict], data: Any) -> tuple[tuple, str, str, bool]:
    """Turn one pydantic error into (loc, message, hint, point_at_key).

    ``loc`` is the location in the YAML data; ``message`` says what is wrong
    and ``hint`` how to fix it, in plain words.
    """
    kind = error["type"]
    loc = _clean_loc(tuple(error["loc"]))
    value = error.get("input")
    _owner, info = _field_at(model, loc)
    description = (info.description or "").rstrip(".") if info else ""
    field = str(loc[-1]) if loc else ""

    if kind == "missing":
        what = description[0].lower() + description[1:] if description else "its value"
        hint = _HINTS.get(field) or f'add a line "{field}: …" with the {what}{_example(info)}'
        hint = hint.replace("with the the ", "with the ")
        return loc, "is missing", hint, True
    if kind == "extra_forbidden":
        parent = _parent_model(model, loc[:-1]) or model
        allowed = list(parent.model_fields)
        close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else "check the spelling"
        if parent is Text and (" " in field or not field.isascii()):
            hint = 'a comma inside {th: …, en: …} splits the text: put the text in quotes, e.g. en: "A, B and C"'
            return loc, f'is read as a key because of a comma before "{field}"', hint, True
        return loc, f'is not a known key here (allowed: {", ".join(allowed)})', hint, True
    if kind == "value_error" and "empty text" in error.get("msg", ""):
        return loc, "is empty", "write the text, or delete the line if the field is optional", False
    if kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
        return loc, message, _VALUE_HINTS.get(_value_hint_key(message), "see the field's description in schema/"), False
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length", "")
        length = len(value) if isinstance(value, str) else "too many"
        return loc, f"is {length:,} characters long; at most {limit} are allowed here", \
            "shorten it to the value itself", False
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length", "")
        return loc, f"has more than {limit} items", "split the procedure into two or more procedures", False
    if kind == "too_short":
        return loc, "needs at least one item", f"add a line starting with - under {field}", False
    if kind == "string_too_short":
        return loc, "is empty", f"write {description.lower() or 'a value'}", False
    if kind == "string_pattern_mismatch":
        if info is not None and "Lower-case" in (info.description or "") or "[key]" in error["loc"]:
            return (
                loc,
                f"{_describe_value(value)} is not a valid id",
                'use lower-case English letters, digits and hyphens, e.g. "budget-allocation"',
                False,
            )
        return loc, f"{_describe_value(value)} is not in the expected form", f"write {description.lower()}{_example(info)}", False
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return loc, f"{_describe_value(value)} is not allowed", f"use one of {expected}", False
    if kind in ("greater_than_equal", "less_than_equal"):
        return loc, f"{_describe_value(value)} is out of range", f"write {description.lower()}{_example(info)}", False
    if kind in _EXPECTED:
        want = _EXPECTED[kind]
        if info is not None and _model_in(info.annotation) is Text or kind == "model_type" and _looks_like_text(loc, model):
            want = 'text, or {th: "…", en: "…"}'
        return loc, f"should be {want}, not {_describe_value(value)}", _type_hint(want), False
    return loc, error.get("msg", "is not valid"), "see the field's description in schema/", False


def _looks_like_text(loc: tuple, model: type[BaseModel]) -> bool:
    _owner, info = _field_at(model, loc)
    return info is not None and _model_in(info.annotation) is Text


def _type_hint(want: str) -> str:
    if want.startswith("text"):
        return 'write the text after the colon; put it in quotes if it starts with a digit, e.g. "๓ วันทำการ"'
    if want.startswith("a list"):
        return "write each item on its own line starting with - "
    if want.startswith("a date"):
        return "write the date in the Common era, e.g. 2025-10-01 for ๑ ตุลาคม ๒๕๖๘"
    if want.startswith("a mapping"):
        return "write key: value lines, indented under this key"
    return f"write {want}"
