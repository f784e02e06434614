"""Problems found in the YAML, told in plain words.

A :class:`Diagnostic` names the file, the line and column (1-based, as editors
count), the field path (``steps[3].duration``: list items are counted from 1,
as they are numbered in the manual), what is wrong and how to fix it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One problem in one file.

    ``file`` is the path as shown to the user (relative to the project root
    when possible); ``line`` and ``column`` are 1-based, 0 when unknown;
    ``path`` is the field path such as ``steps[3].duration`` (empty for the
    whole file); ``message`` says what is wrong and ``hint`` how to fix it.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        """Return the one-line form ``file:line:col: [warning: ]path message — hint``."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{self.path} {self.message}" if self.path else self.message
        text = text[0].upper() + text[1:] if not self.path else text
        if self.hint:
            text += f" — {self.hint}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{text}"

    def as_dict(self) -> dict:
        """Return the diagnostic as a JSON-ready dict (the ``--format json`` output)."""
        return dataclasses.asdict(self)


def format_path(loc: Iterable[object]) -> str:
    """Turn a location tuple such as ``("steps", 2, "duration")`` into ``steps[3].duration``.

    List indexes in ``loc`` are 0-based; the path counts from 1.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def relative(path: Path, root: Path) -> str:
    """Return ``path`` relative to ``root`` when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def to_json(diagnostics: list[Diagnostic]) -> str:
    """Serialise diagnostics for machines: ``{"errors": n, "warnings": n, "diagnostics": [...]}``."""
    return json.dumps(
        {
            "errors": sum(d.severity == "error" for d in diagnostics),
            "warnings": sum(d.severity == "warning" for d in diagnostics),
            "diagnostics": [d.as_dict() for d in diagnostics],
        },
        ensure_ascii=False,
        indent=2,
    )


class CheckFailed(Exception):
    """Raised when the YAML has errors; ``diagnostics`` holds all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the YAML files")
