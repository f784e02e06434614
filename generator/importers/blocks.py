"""What every reader gives and every recogniser takes: a :class:`Block` (a paragraph or a table) of a source.

Moved verbatim from :mod:`generator.importers.sources` (issue 22): ``ImportProblem``,
``Block`` (still importable from there), so that :mod:`generator.importers.sections`
and :mod:`generator.importers.sources` no longer import each other.
"""

from __future__ import annotations

import dataclasses


class ImportProblem(Exception):
    """A source that cannot be imported; ``str(exc)`` is a plain sentence saying what to do."""


@dataclasses.dataclass
class Block:
    """One paragraph or table of a source document.

    ``text``: the paragraph (empty for a table); ``level``: heading level 1–6
    when the source marks a heading, else 0; ``rows``: for a table, its rows
    of cell texts (a cell may hold several lines); ``where``: "line 12",
    "page 3" — for messages.
    """

    text: str = ""
    level: int = 0
    rows: list[list[str]] | None = None
    where: str = ""
    lines: list[str] = dataclasses.field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return self.rows is not None
