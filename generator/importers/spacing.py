"""Spaces at line joins, learnt from the document itself.

Thai wraps without a space, so a PDF (or text extracted from one) loses the
space that stood at a line end: "ประเทศ⏎สังคม" may have been "ประเทศ สังคม"
or one phrase.  The lines of the same document show how its author writes
the same letters where no wrap came between them.  :class:`Spacing` counts,
in the document's own unbroken lines, how often the letters around a join
occur with a space and without one (the longest context, 5 letters each
side, first; then 4, then 3) and decides by the majority; when the document
gives no evidence (or a tie) it returns ``None`` and the caller keeps its
own rule.

The spacing of the source being imported is set with :func:`use` by the
reader (:func:`generator.importers.sources.read_source`) and read with
:func:`current` by the joiners, so that the decision stays inside the
import of that source.
"""

from __future__ import annotations

import contextvars
import re

_THAI = re.compile(r"[\u0e01-\u0e4e]")


class Spacing:
    """Evidence of spacing from ``lines`` (the unjoined lines of one document, any count)."""

    def __init__(self, lines: list[str]):
        self.corpus = "\n".join(re.sub(r"\s+", " ", x).strip() for x in lines)

    def space_between(self, a: str, b: str) -> bool | None:
        """Whether the document writes a space between the end of ``a`` and the start of ``b``.

        ``True``/``False`` by the majority of occurrences in the document's lines of the
        letters around the join (5, then 4, then 3 letters each side); ``None`` when the
        document has none of them or as many with a space as without.
        """
        a, b = a.rstrip(), b.lstrip()
        for k in (5, 4, 3):
            if len(a) < k or len(b) < k:
                continue
            left, right = a[-k:], b[:k]
            spaced = self.corpus.count(f"{left} {right}")
            tight = self.corpus.count(left + right)
            if spaced != tight:
                return spaced > tight
        return None


_CURRENT: contextvars.ContextVar[Spacing | None] = contextvars.ContextVar("spacing", default=None)


def use(spacing: Spacing | None) -> None:
    """Make ``spacing`` the evidence for the joins that follow (``None``: no evidence)."""
    _CURRENT.set(spacing)


def space_at_join(a: str, b: str) -> bool | None:
    """For a Thai letter ending ``a`` and one starting ``b``: the current document's evidence
    (see :meth:`Spacing.space_between`), else ``None`` (no evidence, or not a Thai–Thai join)."""
    spacing = _CURRENT.get()
    if spacing is None or not (_THAI.search(a[-1:] or " ") and _THAI.match(b[:1] or " ")):
        return None
    return spacing.space_between(a, b)
