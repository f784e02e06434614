"""Label wrapping at Thai word boundaries, measured with Sarabun's glyph widths."""

from __future__ import annotations

import functools
import unicodedata
from typing import Literal

from generator.flowchart.style import FONT_SIZE, LINE_WIDTH
from generator.fonts import font_path
from generator.wordcut import dictionary

NodeKind = Literal["terminal", "process", "decision", "document"]
Format = Literal["svg", "pdf-svg", "png", "pdf"]

# --------------------------------------------------------------------------- label wrapping


@functools.lru_cache(maxsize=1)
def _font():
    from PIL import ImageFont  # deferred: Pillow is loaded only when a label is measured

    return ImageFont.truetype(str(font_path("Sarabun-Regular")), 120)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width of ``text`` in points in Sarabun Regular at ``size`` points (marks have no advance)."""
    return _font().getlength(text) * size / 120.0


_OPENERS = set("([{“‘\"'")
_CLOSERS = set(")]}”’\"'?!,.:;ๆฯ%…")


def _atoms(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into unbreakable atoms: ``(atom, space_before)`` (cached: see :func:`_atoms_of`)."""
    return list(_atoms_of(text))


@functools.lru_cache(maxsize=8192)
def _atoms_of(text: str) -> tuple[tuple[str, bool], ...]:
    """Split ``text`` into unbreakable atoms: ``(atom, space_before)``.

    Cached: wrapping a label tries about a dozen widths (:func:`wrap_label`)
    and each try used to segment the same text again with PyThaiNLP
    (24,413 segmentations, 5.4 s at 400 procedures; measured 2026-11-30).

    Breaks are allowed only at spaces and between PyThaiNLP ``newmm`` words.
    A space-free run containing a full stop (an abbreviation such as
    ผอ.สพป.) is never broken; punctuation sticks to its word.
    """
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, custom_dict=dictionary(), engine="newmm", keep_whitespace=True)
    # group into space-separated runs of tokens
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token.isspace():
            runs.append([])
        else:
            runs[-1].append(token)
    atoms: list[tuple[str, bool]] = []
    for run in runs:
        if not run:
            continue
        joined = "".join(run)
        if "." in joined.rstrip(".?!,:;)") or not any(_is_thai(c) for c in joined):
            parts = [joined]  # abbreviation (ผอ.สพป.) or a non-Thai word: never broken
        else:
            parts = []
            for token in run:
                glue = parts and (
                    all(c in _CLOSERS for c in token)
                    or all(c in _OPENERS for c in parts[-1])
                    or unicodedata.category(token[0]).startswith("M")
                )
                if glue:
                    parts[-1] += token
                else:
                    parts.append(token)
        for k, part in enumerate(parts):
            atoms.append((part, bool(atoms) and k == 0))
    return tuple(atoms)


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def wrap_label(text: str, kind: str = "process", max_width: float | None = None) -> list[str]:
    """Wrap ``text`` into balanced lines no wider than ``max_width`` points (at :data:`FONT_SIZE`).

    ``max_width`` defaults to :data:`LINE_WIDTH` of the node ``kind``.  Lines
    break at spaces and between Thai words (PyThaiNLP ``newmm``), never inside
    a word, an abbreviation or a character cluster; a single word wider than
    the line stays whole on its own line.  Among the wrappings with the fewest
    lines, the narrowest is chosen, so that no line is left with one short
    word ("เหลือ / จ่าย").  Returns at least one line.
    """
    limit = max_width if max_width is not None else LINE_WIDTH.get(kind, LINE_WIDTH["process"])
    return list(_wrap_cached(text, limit))


@functools.lru_cache(maxsize=8192)
def _wrap_cached(text: str, limit: float) -> tuple[str, ...]:
    """:func:`wrap_label` for one text and width, computed once per process."""
    best = _greedy_wrap(text, limit)
    if len(best) > 1:
        low = max(text_width(line) for line in best) * 0.5
        high = limit
        for _ in range(12):  # bisect the narrowest width that keeps the same number of lines
            mid = (low + high) / 2
            trial = _greedy_wrap(text, mid)
            if len(trial) <= len(best):
                high, best = mid, trial
            else:
                low = mid
    return tuple(best)


def _greedy_wrap(text: str, limit: float) -> list[str]:
    """Greedy wrapping of ``text`` at ``limit`` points; see :func:`wrap_label`."""
    text = " ".join(text.split())
    if not text:
        return [""]
    lines: list[list[tuple[str, bool]]] = [[]]

    def join(atoms: list[tuple[str, bool]]) -> str:
        return "".join((" " if space and k else "") + atom for k, (atom, space) in enumerate(atoms))

    for atom in _atoms_of(text):
        line = lines[-1]
        if line and text_width(join(line + [atom])) > limit:
            # prefer the last space on the line (keeps phrases such as "ผอ.สพป." / "อนุมัติการโอน?" whole)
            cut = max((k for k, (_a, space) in enumerate(line) if space and k), default=0)
            if cut and text_width(join(line[:cut])) >= 0.4 * limit:
                lines[-1], rest = line[:cut], line[cut:]
                lines.append(rest)
                if text_width(join(rest + [atom])) > limit:
                    lines.append([])
            else:
                lines.append([])
        lines[-1].append(atom)
    lines = [join(line) for line in lines if line]
    return lines


