"""Flowcharts drawn from a procedure's steps, with correct Thai in every output.

One procedure gives one graph (:func:`flowchart_graph`): a node per step plus
a start and an end terminal, an edge from each step to the next, and for a
decision one edge per branch (``goto: next``, ``end`` or a step id).  From
that graph this module makes:

* Graphviz source (:func:`to_dot`) and files drawn by ``dot``
  (:func:`render_flowchart`): plain SVG for browsers, SVG with outlined text
  for WeasyPrint, PNG at 300 dpi for Word, PDF;
* the site figure (:func:`flowchart_figure_html`): inline SVG plus a text
  alternative;
* the row-aligned flowchart table of Thai manuals (ลำดับที่ | ผังขั้นตอน |
  รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ) in HTML/CSS for the PDF
  (:func:`flowchart_table_html`) and as one PNG per row for the DOCX
  (:func:`table_shape_png`);
* reachability problems for the loader (:func:`flowchart_problems`).

Symbols are those of Thai operations manuals: rounded terminal (เริ่มต้น /
สิ้นสุด), rectangle (process), diamond (decision, labelled with the step's
``short``, e.g. "กศจ. เห็นชอบ?"), document symbol with a wavy bottom, arrows
labelled with the branch labels.  A branch back to an earlier step is a
loop-back edge drawn on the right of the main column (``constraint=false``,
ports on the east side), so the main column stays straight.

Why the outputs differ (measured; keep these in mind before "simplifying"):

* WeasyPrint (the PDF writer) draws SVG ``<text>`` one character at a time,
  so Thai vowels and tone marks (which attach to the previous character) are
  misplaced in the PDF.  HTML text, however, is shaped correctly by
  WeasyPrint.  Hence the PDF manual gets the standalone diagram as
  ``-Tsvg:cairo`` (text drawn as outlines by pango: correct but not
  selectable) or PNG, and the flowchart *table*, whose labels are HTML text
  laid over text-free shapes (:data:`FLOWCHART_TABLE_CSS`).
* Graphviz ``-Tsvg`` writes real ``<text>``: correct and selectable, but only
  in browsers (which shape Thai).  The site uses it inline, with the Sarabun
  font the site serves, plus a ``<details>`` text alternative.
* ``-Tpng`` at 300 dpi is drawn by pango/cairo: correct.  python-docx cannot
  embed SVG, so the Word file gets PNGs at print resolution.
* Graphviz finds fonts through fontconfig.  Sarabun ships inside the Python
  package ``fontpkg_sarabun``, not in a system folder, so a small fontconfig
  file in the cache folder adds that folder and ``dot`` runs with
  ``FONTCONFIG_FILE`` pointing to it and ``fontname="Sarabun"``.  Without it
  fontconfig silently substitutes another font (and metrics).
* Graphviz has no document symbol (``note`` is a folded corner, which is not
  it) and no custom curved shapes.  Document nodes are therefore drawn as
  ``shape=none`` with a wavy-bottom outline image (a PNG drawn here at
  300 dpi, exactly the node's size, so strokes are not distorted) for the
  cairo outputs; in the plain SVG that image is replaced by a vector path.
* Labels are wrapped here, at Thai word boundaries found by PyThaiNLP
  (``newmm``), never inside a word, an abbreviation such as ผอ.สพป. or a
  character cluster: Graphviz itself never wraps, and Thai has no spaces.
  Line widths are measured with the Sarabun metrics (about 20 Thai
  characters per line in a process box, fewer in a diamond).

Rendered files are cached in ``cache_dir`` by a hash of the dot source, the
format and the Graphviz version, and written atomically.
"""

from __future__ import annotations

from pathlib import Path

from generator.flowchart.graph import Edge, Flowchart, Node, flowchart_graph, flowchart_problems
from generator.flowchart.style import LINE_WIDTH, TABLE_COLUMNS
from generator.flowchart.labels import text_width, wrap_label
from generator.flowchart.render import (
    _atomic_write, dot_calls, drawn_layout, flowchart_figure_html, graphviz_version, render_flowchart, to_dot,
)
from generator.flowchart.table import (
    FLOWCHART_TABLE_CSS, RowBranch, TableRow, flowchart_png_for_docx, flowchart_table_html, flowchart_table_rows,
    table_shape_png,
)


# --------------------------------------------------------------------------- command line


_SUFFIX = {"svg": ".svg", "pdf-svg": ".svg", "png": ".png", "pdf": ".pdf"}


def flowchart_command(handbook, procedure_id: str, fmt: str = "svg", lang: str = "th", output: Path | None = None,
                      cache_dir: Path | None = None) -> Path:
    """``handbook flowchart <procedure-id> [--format svg|png|pdf] [--lang th|en] [-o FILE]``.

    Draws the flowchart of ``procedure_id`` from the loaded ``handbook`` and
    copies it to ``output`` (default ``<procedure-id>-<lang>.<format>`` in the
    current folder).  ``cache_dir`` defaults to ``<project>/.cache/flowcharts``.
    Returns the written path.  Raises ``KeyError`` with a readable message for
    an unknown procedure, ``ValueError`` for an unknown format or language,
    ``RuntimeError`` when Graphviz is missing.
    """
    if procedure_id not in handbook.procedures:
        known = ", ".join(list(handbook.procedures)[:8])
        raise KeyError(f'"{procedure_id}" is not a procedure (known: {known} …)')
    if fmt not in _SUFFIX:
        raise ValueError(f'unknown format "{fmt}": use svg, png or pdf')
    if lang not in ("th", "en"):
        raise ValueError(f'unknown language "{lang}": use th or en')
    cache_dir = Path(cache_dir) if cache_dir else Path(handbook.root) / ".cache" / "flowcharts"
    drawn = render_flowchart(handbook.procedures[procedure_id], lang, fmt, cache_dir)  # type: ignore[arg-type]
    output = Path(output) if output else Path(f"{procedure_id}-{lang}{_SUFFIX[fmt]}")
    _atomic_write(output, drawn.read_bytes())
    return output


__all__ = [
    "Node", "Edge", "Flowchart", "TableRow", "RowBranch", "flowchart_graph", "flowchart_problems", "to_dot",
    "render_flowchart", "flowchart_figure_html", "flowchart_table_rows", "flowchart_table_html",
    "flowchart_png_for_docx", "table_shape_png", "flowchart_command", "wrap_label", "FLOWCHART_TABLE_CSS",
    "TABLE_COLUMNS", "LINE_WIDTH", "text_width", "dot_calls", "graphviz_version", "drawn_layout",
]
