"""The validated project (:class:`Handbook`) and where each of its models came from (:class:`Source`).

Every writer receives a :class:`Handbook`; only :mod:`generator.model.loader`
makes one.  Moved verbatim from :mod:`generator.model.loader` (issue 22):
``Source``, ``Handbook``, ``iter_texts`` (still importable from the loader), so
that :mod:`generator.model.checks` can use them without importing the loader,
which runs the checks.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel

from generator.model.documents import Manual, Office, Officer, Procedure
from generator.model.yamlsource import YamlDocument
from generator.text import Text


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a model came from: its file and the positions of its values."""

    path: Path
    display: str
    document: YamlDocument

    def at(self, loc: Iterable[object], key: bool = False) -> tuple[int, int]:
        """(line, column) of the value (or key) at ``loc`` in this file."""
        return self.document.position(tuple(loc), key=key)


@dataclasses.dataclass(frozen=True)
class Handbook:
    """The whole validated project: the office, its procedures and officers.

    ``procedures`` and ``officers`` map id → model, in display order
    (procedures by work unit, then as listed in the work unit, then by id).
    ``manuals`` maps id → manual definition.  ``sources`` maps
    ``"procedure:<id>"``, ``"officer:<id>"``, ``"manual:<id>"`` and ``"office"``
    to their :class:`Source`.
    """

    root: Path
    office: Office
    procedures: dict[str, Procedure]
    officers: dict[str, Officer]
    sources: dict[str, Source]
    manuals: dict[str, Manual] = dataclasses.field(default_factory=dict)

    def procedures_of_unit(self, unit_id: str) -> list[Procedure]:
        """Procedures whose ``work_unit`` is ``unit_id``, in display order."""
        return [p for p in self.procedures.values() if p.work_unit == unit_id]

    def owners_of(self, procedure: Procedure) -> list[Officer]:
        """Officers who own ``procedure``, in the order the procedure lists them."""
        return [self.officers[o] for o in procedure.owners if o in self.officers]

    def work_unit(self, unit_id: str):
        """The :class:`~generator.model.WorkUnit` with id ``unit_id``."""
        return next(u for u in self.office.group.work_units if u.id == unit_id)


def iter_texts(value: Any, loc: tuple = ()) -> Iterable[tuple[tuple, Text]]:
    """Yield ``(loc, Text)`` for every :class:`Text` inside a model, depth first."""
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_texts(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_texts(item, loc + (i,))
