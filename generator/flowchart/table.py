"""The row-aligned flowchart table of Thai manuals: HTML for the PDF, one PNG per row for Word."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import tempfile
from pathlib import Path
from typing import Literal

from generator.i18n import t
from generator.model.documents import Procedure, StepKind
from generator.text import digits
from generator.flowchart.graph import _s, flowchart_graph
from generator.flowchart.style import DPI, FONT, FONT_SIZE, TABLE_COLUMNS
from generator.flowchart.labels import wrap_label
from generator.flowchart.render import WAVE, _cached_render, _dot_label, _wave_points, render_flowchart

NodeKind = Literal["terminal", "process", "decision", "document"]
Format = Literal["svg", "pdf-svg", "png", "pdf"]

# --------------------------------------------------------------------------- flowchart table


@dataclasses.dataclass(frozen=True)
class RowBranch:
    """A branch shown in a table row: its label, where it goes (words), and whether it loops back."""

    label: str
    target: str
    back: bool
    target_number: str | None = None
    target_row: int | None = None
    """Index of the target's row in :func:`flowchart_table_rows` (``None`` when unknown)."""


@dataclasses.dataclass(frozen=True)
class TableRow:
    """One row of the flowchart table.

    ``number`` is the step number as printed ("" for the implicit start and
    end rows); ``kind`` the symbol; ``lines`` the label in the shape (wrapped
    at Thai word boundaries); ``details``, ``duration``, ``responsible`` the
    other columns ("" when absent); ``arrow_in``/``arrow_out`` whether an
    arrow enters from the row above / leaves to the row below; ``branches``
    the decision's branches (``back`` ones are drawn as "↑ ไป ๓" marks).
    """

    number: str
    step: int | None
    kind: NodeKind
    label: str
    lines: tuple[str, ...]
    details: str = ""
    substeps: tuple[str, ...] = ()
    duration: str = ""
    responsible: str = ""
    arrow_in: bool = True
    arrow_out: bool = True
    branches: tuple[RowBranch, ...] = ()
    lang: str = "th"


#: Label line widths in the table, points at FONT_SIZE (the table text is 9.5 pt: × 0.79 on paper).
#: Each fits its shape's text area (width less the label's padding) with room for the terminal's
#: semi-bold face (2–3 % wider than the regular face the widths are measured in, measured with Pillow): a line wider
#: than that area is wrapped again by the layout engine and runs out of the box below.
TABLE_LINE_WIDTH = {"terminal": 88.0, "process": 105.0, "document": 105.0, "decision": 78.0}


_LINES: dict[str, tuple[str, ...]] = {}
"""Labels wrapped for the table in this process (``kind + NUL + label`` → lines), see :func:`load_table_lines`."""
_ROWS: dict[str, list[dict]] = {}
"""Table rows made in this process or read from the cache file (key of :func:`flowchart_table_rows` → rows as dicts)."""
_LINES_STATE = {"path": None, "fingerprint": None, "added": False}


def _table_lines(label: str, kind: str) -> tuple[str, ...]:
    key = kind + "\0" + label
    lines = _LINES.get(key)
    if lines is None:
        lines = _LINES[key] = tuple(wrap_label(label, kind, TABLE_LINE_WIDTH[kind]))
        _LINES_STATE["added"] = True
    return lines


def load_table_lines(path: Path, fingerprint: str) -> None:
    """Use the table labels wrapped by earlier runs, kept in the JSON file ``path`` for the tool ``fingerprint``.

    Computing a procedure's chart and wrapping its labels (PyThaiNLP
    segmentation, then the narrowest balanced lines) costs about 1 s for the
    group manual's 21 tables in a fresh process, most of planning its PDF; a
    build's worker processes are fresh.  While a file is in use,
    :func:`flowchart_table_rows` finds a procedure's rows by a hash of its
    content, language and numerals.  The file holds ``{"fingerprint": …,
    "lines": {…}, "rows": {key: [row, …]}}`` and is ignored when the tool
    changed (:func:`generator.cache.tool_fingerprint`) or it cannot be read.
    Loaded once per process and path.
    """
    import json

    if _LINES_STATE["path"] == str(path) and _LINES_STATE["fingerprint"] == fingerprint:
        return
    _LINES_STATE.update(path=str(path), fingerprint=fingerprint, added=False)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("fingerprint") == fingerprint:
            for key, lines in data.get("lines", {}).items():
                _LINES.setdefault(key, tuple(lines))
            for key, rows in data.get("rows", {}).items():
                _ROWS.setdefault(key, rows)
    except (OSError, ValueError, AttributeError, TypeError):
        pass


def save_table_lines() -> None:
    """Write the wrapped labels back to the file of :func:`load_table_lines` when new ones were wrapped (atomic)."""
    import json

    path = _LINES_STATE["path"]
    if not path or not _LINES_STATE["added"]:
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".table-lines.", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"fingerprint": _LINES_STATE["fingerprint"], "lines": dict(sorted(_LINES.items())),
                       "rows": dict(sorted(_ROWS.items()))}, out, ensure_ascii=False)
        os.replace(tmp, target)
        _LINES_STATE["added"] = False
    except OSError:
        pass  # only a cache


def _substep_lines(substeps, lang: str, numerals: str, depth: int = 0) -> list[str]:
    out: list[str] = []
    for k, sub in enumerate(substeps, start=1):
        mark = f"{k})" if depth == 0 else f"({k})"
        out.append("\u2003" * depth + digits(mark, numerals) + " " + sub.text.get(lang))
        out.extend(_substep_lines(sub.substeps, lang, numerals, depth + 1))
    return out


def flowchart_table_rows(procedure: Procedure, lang: str, numerals: str = "thai") -> list[TableRow]:
    """Rows of the row-aligned flowchart table, top to bottom.

    One row per step, plus a first row for the implicit start terminal and a
    last one for the implicit end terminal (absent when the first/last step is
    itself of kind start/end).  Step numbers use ``numerals`` ("thai" → ๑, ๒ …,
    "arabic" → 1, 2 …).  Label lines are wrapped for a shape about 35 mm wide.
    """
    key = None
    if _LINES_STATE["path"]:  # a cache file is in use (load_table_lines): rows found by the procedure's content
        import hashlib

        key = "rows\0" + hashlib.sha256(f"{lang}\0{numerals}\0{procedure.model_dump_json()}".encode()).hexdigest()
        cached = _ROWS.get(key)
        if cached is not None:
            return [TableRow(**{**row, "lines": tuple(row["lines"]), "substeps": tuple(row["substeps"]),
                                "branches": tuple(RowBranch(**b) for b in row["branches"])}) for row in cached]
    rows = _table_rows(procedure, lang, numerals)
    if key is not None:
        _ROWS[key] = [dataclasses.asdict(row) for row in rows]
        _LINES_STATE["added"] = True
    return rows


def _table_rows(procedure: Procedure, lang: str, numerals: str) -> list[TableRow]:
    chart = flowchart_graph(procedure, lang)
    rows: list[TableRow] = []
    order = [n.id for n in chart.nodes]
    for pos, node in enumerate(chart.nodes):
        kind = node.kind
        lines = _table_lines(node.label, kind)
        branches: list[RowBranch] = []
        if node.step is not None:
            i = node.step - 1
            step = procedure.steps[i]
            for edge, branch in zip([e for e in chart.edges if e.source == node.id], step.branches):
                target = chart.node(edge.target)
                number = digits(target.step, numerals) if target.step is not None else None
                down = order.index(edge.target) == pos + 1
                if edge.back:
                    words = f"{_s('back_to', lang)}\u00a0{number}"
                elif down:
                    words = ""
                elif target.step is None or edge.target == chart.end:
                    words = f"{_s('go_to', lang)} {t('end', lang)}"
                else:
                    words = f"{_s('go_to', lang)}\u00a0{number}"
                branches.append(RowBranch(edge.label or "", words, edge.back, number, order.index(edge.target)))
            rows.append(TableRow(
                number=digits(node.step, numerals), step=node.step, kind=kind, label=node.label, lines=lines,
                details=step.text.get(lang), substeps=tuple(_substep_lines(step.substeps, lang, numerals)),
                duration=step.duration.get(lang) if step.duration else "",
                responsible=step.responsible.get(lang) if step.responsible else "",
                arrow_in=pos > 0, arrow_out=pos < len(chart.nodes) - 1 and (step.kind is not StepKind.end or node.id != chart.end and node.kind != "terminal"),
                branches=tuple(branches), lang=lang,
            ))
        else:
            rows.append(TableRow("", None, kind, node.label, lines, arrow_in=pos > 0,
                                 arrow_out=pos < len(chart.nodes) - 1, lang=lang))
    return rows


#: Shape sizes in the table, mm: (width, base height, height per label line).  The decision is 36 mm
#: wide (40 mm before loop-backs were drawn), so that a loop-back line has a channel at the right of the
#: flow column; 14 mm high with one line, so that two lines of label stay inside its slanted sides.
TABLE_SHAPES = {"terminal": (30.0, 3.2, 4.4), "process": (34.0, 4.0, 4.4), "document": (34.0, 6.4, 4.4),
                "decision": (37.0, 14.0, 4.4)}
#: Horizontal padding of a label inside its shape, mm (each side).
LABEL_PADDING = {"terminal": 1.5, "process": 1.5, "document": 1.5, "decision": 4.0}
FLOW_WIDTH = 44.0
"""Width of the flow column, mm (``templates/print/manual.css`` gives the table's column widths)."""
CENTRE = FLOW_WIDTH / 2
TOP = 2.5
"""Space above a shape's arrowhead, mm (the line from the row above runs through it)."""
ARROW = 1.8
"""Height of the arrowhead that enters a shape, mm."""
SHAPE_TOP = TOP + ARROW
"""Top of every shape below its row's top, mm: shapes line up with the first line of their row's text."""
CHANNEL = 42.0
"""x of a loop-back line in the flow column, mm (right of every shape: the widest, the decision, ends at 40.5 mm)."""
STROKE = 0.3
"""Line width of shapes and lines, mm."""
DOCUMENT_WAVE = 1.4
"""How far a document's label sits above the middle of its box, mm (the wave takes the box's bottom)."""


def _shape_height(kind: str, lines: int) -> float:
    _w, base, per_line = TABLE_SHAPES[kind]
    return round(base + per_line * lines, 1)


def _shape_path(kind: str, x: float, y: float, w: float, h: float) -> str:
    """SVG element of a symbol with its top left corner at (x, y), ``w``×``h`` (user units: mm)."""
    s = STROKE
    if kind == "terminal":
        r = (h - s) / 2
        return (f'<rect x="{x + s / 2:.2f}" y="{y + s / 2:.2f}" width="{w - s:.2f}" height="{h - s:.2f}" '
                f'rx="{r:.2f}" ry="{r:.2f}"/>')
    if kind == "decision":
        return (f'<polygon points="{x + w / 2:.2f},{y + s:.2f} {x + w - s:.2f},{y + h / 2:.2f} '
                f'{x + w / 2:.2f},{y + h - s:.2f} {x + s:.2f},{y + h / 2:.2f}"/>')
    if kind == "document":
        pts = _wave_points(x + s / 2, y + s / 2, w - s, h - s, h * 0.22)
        return '<path d="M' + " L".join(f"{px:.2f},{py:.2f}" for px, py in pts) + ' Z"/>'
    return f'<rect x="{x + s / 2:.2f}" y="{y + s / 2:.2f}" width="{w - s:.2f}" height="{h - s:.2f}"/>'


def _svg(width: float, height: float, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}mm" height="{height:.2f}mm" '
            f'viewBox="0 0 {width:.2f} {height:.2f}">{body}</svg>')


def _shape_svg(kind: str, w: float, h: float) -> str:
    """Text-free SVG of a symbol, ``w``×``h`` in mm (viewBox in mm), white fill, dark stroke."""
    return _svg(w, h, f'<g fill="#ffffff" stroke="#222222" stroke-width="{STROKE}">{_shape_path(kind, 0, 0, w, h)}</g>')


def _flow_svg(kind: str, lines: int, arrow_in: bool) -> str:
    """The top of a flow cell as one SVG, :data:`FLOW_WIDTH` wide: the arrowhead (when ``arrow_in``) and the symbol."""
    w, h = TABLE_SHAPES[kind][0], _shape_height(kind, lines)
    arrow = (f'<polygon fill="#222222" points="{CENTRE - 1.1:.2f},{TOP:.2f} {CENTRE + 1.1:.2f},{TOP:.2f} '
             f'{CENTRE:.2f},{SHAPE_TOP:.2f}"/>' if arrow_in else "")
    return _svg(FLOW_WIDTH, SHAPE_TOP + h, arrow + f'<g fill="#ffffff" stroke="#222222" stroke-width="{STROKE}">'
                f'{_shape_path(kind, CENTRE - w / 2, SHAPE_TOP, w, h)}</g>')


def _data_uri(svg: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


#: A vertical line 0.3 mm wide in a 2 mm wide image, stretched to the height it is given.
_LINE_URI = _data_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" width="2mm" height="10mm" viewBox="0 0 20 100" '
    'preserveAspectRatio="none"><rect x="8.5" y="0" width="3" height="100" fill="#222222"/></svg>'
)
_LONG = 400.0
"""Height given to a line that runs from a point down to the bottom of its cell, mm (the cell clips it)."""
_MAX_CLASS_LINES = 8
"""Flow cells whose label has up to this many lines take their symbol from the stylesheet; longer ones inline."""


def _shape_class(kind: str, lines: int, arrow_in: bool) -> str:
    return f"hb-fc-{kind}-{lines}{'a' if arrow_in else ''}"


def _shape_rules() -> str:
    """One rule per symbol, label line count and arrow: the symbol as an SVG data URI, parsed once per stylesheet."""
    rules = []
    for kind in TABLE_SHAPES:
        for lines in range(1, _MAX_CLASS_LINES + 1):
            for arrow_in in (False, True):
                rules.append(f"td.{_shape_class(kind, lines, arrow_in)} {{ --hb-fc-shape: "
                             f'url("{_data_uri(_flow_svg(kind, lines, arrow_in))}"); }}')
    return "\n".join(rules)


FLOWCHART_TABLE_CSS = """
table.hb-fc-table { border-collapse: collapse; width: 100%; font-family: "Sarabun", sans-serif; font-size: 11pt;
  line-height: 1.35; table-layout: fixed; }
table.hb-fc-table th, table.hb-fc-table td { border: 0.6pt solid #444; padding: 1.5mm 2mm; vertical-align: top; }
table.hb-fc-table thead th { background: #eee; font-weight: 600; text-align: center; vertical-align: middle; }
table.hb-fc-table thead { display: table-header-group; }
table.hb-fc-table tr { page-break-inside: avoid; break-inside: avoid; }
/* a table never starts at a page foot with its header and one row: the first rows stay together;
   and it never leaves its last row (the end terminal) alone on the next page */
table.hb-fc-table tbody tr:first-child, table.hb-fc-table tbody tr:nth-child(2),
table.hb-fc-table tbody tr:nth-last-child(2) { break-after: avoid; }
table.hb-fc-table tbody tr:last-child { break-before: avoid; }
/* a long web address breaks anywhere rather than running into the next column */
.hb-fc-url { overflow-wrap: anywhere; word-break: break-all; }
table.hb-fc-table td.hb-fc-no { text-align: center; }
table.hb-fc-table thead th:nth-child(1) { width: 11mm; }
table.hb-fc-table thead th:nth-child(2) { width: @FLOW@mm; padding-left: 0; padding-right: 0; }
table.hb-fc-table thead th:nth-child(4) { width: 22mm; }
table.hb-fc-table thead th:nth-child(5) { width: 27mm; }
table.hb-fc-table ol.hb-fc-sub { list-style: none; margin: 1mm 0 0 0; padding: 0; }
/* The flow column is one cell per row and no boxes inside it: the arrowhead and the symbol are one
   text-free SVG (a background layer, from the row's class), the line through the column a stretched
   background layer under it, a loop-back's line and arrow more layers (the row's own style), and the
   label is the cell's own text, centred in the symbol by the cell's padding: WeasyPrint shapes HTML
   text correctly, not SVG text. */
table.hb-fc-table td.hb-fc-flow { text-align: center; font-size: 9.5pt; line-height: 4.4mm; color: #111;
  background-image: var(--hb-fc-shape), url("@LINE@"); background-repeat: no-repeat; }
table.hb-fc-table td.hb-fc-k-terminal { font-weight: 600; }
.hb-fc-notes { font-size: 8pt; line-height: 1.2; font-weight: 400; text-align: left; }
.hb-fc-notes span { display: inline-block; width: 50%; vertical-align: top; box-sizing: border-box; }
.hb-fc-notes .hb-fc-down { text-align: right; padding: 0 1.5mm 0 0.5mm; }
.hb-fc-notes .hb-fc-side { text-align: left; padding: 0 2.6mm 0 1.5mm; }
.hb-fc-notes .hb-fc-back { font-weight: 600; }
.hb-fc-notes span.hb-fc-to { display: inline; width: auto; padding: 0; white-space: nowrap; }
"""


def _flow_css() -> str:
    """Per-kind padding of the flow cell (label inside its symbol) and the symbols' rules."""
    rules = []
    for kind, (w, base, _per_line) in TABLE_SHAPES.items():
        top = SHAPE_TOP + base / 2 - (DOCUMENT_WAVE if kind == "document" else 0)
        bottom = base / 2 + (DOCUMENT_WAVE if kind == "document" else 0) + TOP
        side = (FLOW_WIDTH - w) / 2 + LABEL_PADDING[kind]
        rules.append(f"table.hb-fc-table td.hb-fc-k-{kind} {{ padding: {top:.2f}mm {side:.2f}mm {bottom:.2f}mm {side:.2f}mm; }}")
        rules.append(f"table.hb-fc-table td.hb-fc-k-{kind} .hb-fc-notes {{ margin: "
                     f"{bottom - TOP + 0.6:.2f}mm -{side:.2f}mm 0 -{side:.2f}mm; }}")
    return "\n".join(rules) + "\n" + _shape_rules()


FLOWCHART_TABLE_CSS = FLOWCHART_TABLE_CSS.replace("@LINE@", _LINE_URI).replace("@FLOW@", f"{FLOW_WIDTH:g}") + _flow_css()


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:)]")


def _cell_html(text: str) -> str:
    """``text`` escaped for a table cell, its web addresses in ``<span class="hb-fc-url">`` (may break anywhere)."""
    out, position = [], 0
    for match in _URL.finditer(text):
        out.append(html.escape(text[position:match.start()]))
        out.append(f'<span class="hb-fc-url">{html.escape(match.group())}</span>')
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out)


def _right(kind: str) -> float:
    """x of a symbol's right edge in the flow column, mm."""
    return CENTRE + TABLE_SHAPES[kind][0] / 2


def _middle(row: TableRow) -> float:
    """y of a row's symbol's middle below the row's top, mm (where a loop-back leaves or enters it)."""
    return SHAPE_TOP + _shape_height(row.kind, len(row.lines)) / 2


def _loop_layers(rows: list[TableRow]) -> list[list[tuple[str, str, str]]]:
    """Extra background layers (image, size, position) of each row's flow cell: the loop-back lines.

    A branch back from row D to an earlier row T is drawn in the channel at
    :data:`CHANNEL`: in D from the decision's right corner across and up to
    the row's top; through every row between; in T from its bottom up to its
    symbol's middle and across into the symbol's right edge, with an arrowhead.
    """
    layers: list[list[tuple[str, str, str]]] = [[] for _ in rows]
    line = f'url("{_LINE_URI}")'
    stroke = f'fill="none" stroke="#222222" stroke-width="{STROKE}"'
    for d, row in enumerate(rows):
        for branch in row.branches:
            t = branch.target_row
            if not branch.back or t is None or not 0 <= t < d:
                continue
            y, x = _middle(row), _right(row.kind)
            corner = _svg(CHANNEL - x + 1, y + 0.2, f'<path {stroke} d="M0,{y:.2f} L{CHANNEL - x:.2f},{y:.2f} '
                                                   f'L{CHANNEL - x:.2f},0"/>')
            layers[d].append((f'url("{_data_uri(corner)}")', f"{CHANNEL - x + 1:.2f}mm {y + 0.2:.2f}mm",
                              f"{x:.2f}mm 0"))
            for between in range(t + 1, d):
                layers[between].append((line, "2mm 100%", f"{CHANNEL - 1:.2f}mm 0"))
            target = rows[t]
            y, x = _middle(target), _right(target.kind)
            length = CHANNEL - x
            arrow = _svg(length + 0.2, 2.4, f'<path {stroke} d="M{length:.2f},1.2 L1.6,1.2"/>'
                                            f'<polygon fill="#222222" points="0,1.2 1.9,0.1 1.9,2.3"/>')
            layers[t].append((f'url("{_data_uri(arrow)}")', f"{length + 0.2:.2f}mm 2.4mm", f"{x:.2f}mm {y - 1.2:.2f}mm"))
            layers[t].append((line, f"2mm {_LONG:.0f}mm", f"{CHANNEL - 1:.2f}mm {y:.2f}mm"))
    return layers


def _flow_cell(row: TableRow, extra: list[tuple[str, str, str]]) -> str:
    """The flow column's cell of ``row``: its label as the cell's text, its symbol and lines as background layers."""
    h = _shape_height(row.kind, len(row.lines))
    shape = (f"{FLOW_WIDTH:.0f}mm {SHAPE_TOP + h:.2f}mm", "0 0")
    if row.arrow_in and row.arrow_out:
        line = ("2mm 100%", f"{CENTRE - 1:.2f}mm 0")
    elif row.arrow_in:
        line = (f"2mm {SHAPE_TOP:.2f}mm", f"{CENTRE - 1:.2f}mm 0")
    elif row.arrow_out:
        line = (f"2mm {_LONG:.0f}mm", f"{CENTRE - 1:.2f}mm {SHAPE_TOP + h / 2:.2f}mm")
    else:
        line = ("0 0", "0 0")
    classes = f"hb-fc-flow hb-fc-k-{row.kind}"
    style = ""
    if len(row.lines) <= _MAX_CLASS_LINES:
        classes += " " + _shape_class(row.kind, len(row.lines), row.arrow_in)
        image = None
    else:
        image = f'url("{_data_uri(_flow_svg(row.kind, len(row.lines), row.arrow_in))}")'
    if extra:
        images = [image or "var(--hb-fc-shape)"] + [i for i, _s, _p in extra] + [f'url("{_LINE_URI}")']
        style += "background-image:" + ",".join(images) + ";"
    elif image:
        style += f'background-image:{image},url("{_LINE_URI}");'
    style += ("background-size:" + ",".join([shape[0], *(s for _i, s, _p in extra), line[0]])
              + ";background-position:" + ",".join([shape[1], *(p for _i, _s, p in extra), line[1]]) + ";")
    notes = ""
    if row.branches:
        down = [b for b in row.branches if not b.back and not b.target]
        side = [b for b in row.branches if b.back or b.target]
        notes = (
            '<div class="hb-fc-notes"><span class="hb-fc-down">'
            + "<br>".join(html.escape(b.label) for b in down) + '</span><span class="hb-fc-side">'
            + "<br>".join(
                f'<b class="hb-fc-back">{html.escape(b.label)} <span class="hb-fc-to">{html.escape(b.target)}</span></b>'
                if b.back else f'→ {html.escape(b.label)} <span class="hb-fc-to">{html.escape(b.target)}</span>'
                for b in side)
            + "</span></div>"
        )
        style += "padding-bottom:1.5mm;"
    label = "<br>".join(html.escape(line) for line in row.lines)
    return f'<td class="{classes}" style="{style.replace(chr(34), "&quot;")}">{label}{notes}</td>'


def flowchart_table_html(procedure: Procedure, lang: str, numerals: str = "thai", markup=None) -> str:
    """HTML ``<table class="hb-fc-table">`` of the row-aligned flowchart (style: :data:`FLOWCHART_TABLE_CSS`).

    Columns: ลำดับที่ | ผังขั้นตอน | รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ (English
    headings for ``lang="en"``).  The flow column is one cell a row with no
    boxes inside (lighter for WeasyPrint: about 6 elements a row instead of
    13): the step's symbol and the arrowhead into it are one text-free SVG
    drawn as the cell's background at a fixed distance from the row's top,
    the line joining the rows a stretched background layer, and the label the
    cell's own text, placed inside the symbol by the cell's padding, so that
    WeasyPrint and browsers shape the Thai correctly.  A decision lists its
    branches under its symbol ("↑ ต้องแก้ไข ไป ๒" for a loop back), and a
    loop back is drawn as a line from the decision's right corner up the
    right of the column into the target step's symbol.  No blank lines (safe
    in Markdown).  ``markup`` (text → HTML) formats the text columns; by
    default text is escaped with its web addresses allowed to break anywhere
    (the printed manual passes its own, which also keeps proper names whole).
    """
    cell = markup or _cell_html
    heads = "".join(f"<th>{html.escape(h)}</th>" for h in (t(k, lang) for k in TABLE_COLUMNS))
    rows = flowchart_table_rows(procedure, lang, numerals)
    body: list[str] = []
    for row, extra in zip(rows, _loop_layers(rows)):
        details = cell(row.details)
        if row.substeps:
            details += '<ol class="hb-fc-sub">' + "".join(f"<li>{cell(s)}</li>" for s in row.substeps) + "</ol>"
        body.append(
            f'<tr><td class="hb-fc-no">{row.number}</td>{_flow_cell(row, extra)}'
            f"<td>{details}</td><td>{cell(row.duration)}</td><td>{cell(row.responsible)}</td></tr>"
        )
    return (f'<table class="hb-fc-table" lang="{lang}"><thead><tr>{heads}</tr></thead><tbody>\n'
            + "\n".join(body) + "\n</tbody></table>")


# --------------------------------------------------------------------------- PNGs for Word


def flowchart_png_for_docx(procedure: Procedure, lang: str, cache_dir: Path) -> Path:
    """The standalone diagram as PNG at 300 dpi for python-docx (which cannot embed SVG).

    Insert it with ``width = pixels / 300`` inches to print at full
    resolution.  Raises ``RuntimeError`` when Graphviz is missing.
    """
    return render_flowchart(procedure, lang, "png", cache_dir)


MM = 72 / 25.4  # points per millimetre


def table_shape_png(row: TableRow, cache_dir: Path, width_mm: float = 35, height_mm: float = 16) -> Path:
    """PNG (300 dpi) of one flowchart-table row's flow cell, for the DOCX table.

    The image is ``width_mm`` wide and at least ``height_mm`` high (taller
    when the label needs more lines): the symbol in the middle with its label
    (drawn by Graphviz/pango, so Thai is shaped correctly), the line from the
    top edge with an arrowhead into the symbol (when ``row.arrow_in``) and the
    line from the symbol to the bottom edge (when ``row.arrow_out``), so that
    images stacked in consecutive table rows (cell margins 0) read as one
    connected flow.  A decision's branch labels stand beside the outgoing
    line; a loop-back is marked "↑ ไป ๓".  Raises ``RuntimeError`` when
    Graphviz is missing.
    """
    font = 8.0
    W = width_mm * MM
    shape_w = {"terminal": 0.72, "process": 0.9, "document": 0.9, "decision": 0.8}[row.kind] * W
    limit = (shape_w - (0.45 * shape_w if row.kind == "decision" else 10)) * FONT_SIZE / font
    lines = wrap_label(row.label, row.kind, max_width=limit)
    line_h = font * 1.25
    text_h = line_h * len(lines)
    shape_h = text_h + {"terminal": 5, "process": 8, "document": 12, "decision": 2.2 * text_h / len(lines) + 6}[row.kind]
    if row.kind == "decision":
        shape_h = max(shape_h, text_h * 1.9)
    stub = 4.5 * MM
    notes = [b for b in row.branches]
    H = max(height_mm * MM, shape_h + 2 * stub)
    cx, cy = W / 2, H / 2
    nodes = [
        'c0 [shape=point, style=invis, width=0.001, pos="0,0!"]',
        f'c1 [shape=point, style=invis, width=0.001, pos="{W:.2f},{H:.2f}!"]',
    ]
    label = _dot_label(lines)
    common = f'label={label}, fontsize={font}, pos="{cx:.2f},{cy:.2f}!", width={shape_w / 72:.3f}, height={shape_h / 72:.3f}, fixedsize=true'
    if row.kind == "terminal":
        nodes.append(f'n [shape=box, style="rounded,filled", {common}]')
    elif row.kind == "decision":
        nodes.append(f"n [shape=diamond, {common}]")
    elif row.kind == "document":
        spacer = round(WAVE * 72 * 0.8)
        html_label = ('<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD>'
                      + "<BR/>".join(html.escape(line, quote=False) for line in lines)
                      + f'</TD></TR><TR><TD HEIGHT="{spacer}"></TD></TR></TABLE>>')
        nodes.append(f'n [shape=none, image="{_document_image_name_for(shape_w / 72, shape_h / 72)}", '
                     f'imagescale=both, {common.replace("label=" + label, "label=" + html_label)}]')
    else:
        nodes.append(f"n [shape=box, {common}]")
    edges = []
    if row.arrow_in:
        nodes.append(f'top [shape=point, style=invis, width=0.001, pos="{cx:.2f},{H:.2f}!"]')
        edges.append("top -> n [headport=n, arrowsize=0.6]")
    if row.arrow_out:
        nodes.append(f'bottom [shape=point, style=invis, width=0.001, pos="{cx:.2f},0!"]')
        edges.append("n -> bottom [arrowhead=none, tailclip=false]" if row.kind == "document"
                     else "n -> bottom [tailport=s, arrowhead=none]")
    texts = []
    for b in sorted(notes, key=lambda b: (b.back, bool(b.target))):
        texts.append(("↑ " if b.back else "") + b.label + (f" {b.target}" if b.target else ""))
    if texts:
        y = (H / 2 - shape_h / 2) / 2
        nodes.append(f'notes [shape=plaintext, fontsize=6.5, label={_dot_label(texts)}, '
                     f'pos="{cx + 2 + W / 4:.2f},{y:.2f}!", width=0.1, height=0.1, margin=0]')
    source = "\n".join([
        "digraph row {",
        '  graph [pad=0, margin=0, splines=line, outputorder=edgesfirst];',
        f'  node [fontname="{FONT}", penwidth=0.9, style=filled, fillcolor=white, color="#222222", fontcolor="#111111", margin=0.03];',
        '  edge [penwidth=0.9, color="#222222"];',
        *("  " + n + ";" for n in nodes), *("  " + e + ";" for e in edges), "}",
    ]) + "\n"
    images = []
    if row.kind == "document":
        images.append((_document_image_name_for(shape_w / 72, shape_h / 72), (shape_w / 72, shape_h / 72)))
    path = _cached_render(source, "png", Path(cache_dir), f"row-{row.kind}", layout="neato", images=images)
    return _exact_size(path, round(W / 72 * DPI), round(H / 72 * DPI))


def _document_image_name_for(w: float, h: float) -> str:
    return f"hb-document-{round(w * 1000)}x{round(h * 1000)}.png"


def _exact_size(path: Path, width: int, height: int) -> Path:
    """Pad or crop a row PNG to exactly ``width``×``height`` pixels (Graphviz rounds the canvas)."""
    from PIL import Image

    with Image.open(path) as img:
        if img.size == (width, height):
            return path
        canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
        canvas.paste(img.convert("RGBA"), (0, 0))
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".png")
    os.close(fd)
    canvas.save(tmp, dpi=(DPI, DPI))
    os.replace(tmp, path)
    return path


