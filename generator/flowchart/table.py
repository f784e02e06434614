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
    chart = flowchart_graph(procedure, lang)
    rows: list[TableRow] = []
    order = [n.id for n in chart.nodes]
    for pos, node in enumerate(chart.nodes):
        kind = node.kind
        lines = tuple(wrap_label(node.label, kind, TABLE_LINE_WIDTH[kind]))
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
                branches.append(RowBranch(edge.label or "", words, edge.back, number))
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


def _shape_svg(kind: str, w: float, h: float) -> str:
    """Text-free SVG of a symbol, ``w``×``h`` in mm (viewBox in mm), white fill, dark stroke."""
    s = 0.3  # stroke, mm
    if kind == "terminal":
        r = (h - s) / 2
        body = f'<rect x="{s / 2}" y="{s / 2}" width="{w - s:.2f}" height="{h - s:.2f}" rx="{r:.2f}" ry="{r:.2f}"/>'
    elif kind == "decision":
        body = f'<polygon points="{w / 2:.2f},{s} {w - s:.2f},{h / 2:.2f} {w / 2:.2f},{h - s:.2f} {s},{h / 2:.2f}"/>'
    elif kind == "document":
        pts = _wave_points(s / 2, s / 2, w - s, h - s, h * 0.22)
        body = '<path d="M' + " L".join(f"{x:.2f},{y:.2f}" for x, y in pts) + ' Z"/>'
    else:
        body = f'<rect x="{s / 2}" y="{s / 2}" width="{w - s:.2f}" height="{h - s:.2f}"/>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="hb-fc-svg" width="{w}mm" height="{h}mm" '
            f'viewBox="0 0 {w} {h}" preserveAspectRatio="none" aria-hidden="true">'
            f'<g fill="#ffffff" stroke="#222222" stroke-width="{s}">{body}</g></svg>')


#: Shape sizes in the table, mm: (width, base height, height per label line).
TABLE_SHAPES = {"terminal": (30.0, 3.2, 4.4), "process": (34.0, 4.0, 4.4), "document": (34.0, 6.4, 4.4),
                "decision": (40.0, 11.2, 4.4)}

def _data_uri(svg: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


#: A vertical line 0.3 mm wide in a 2 mm wide image, stretched to the cell's height.
_LINE_URI = _data_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" width="2mm" height="10mm" viewBox="0 0 20 100" '
    'preserveAspectRatio="none"><rect x="8.5" y="0" width="3" height="100" fill="#222222"/></svg>'
)

FLOWCHART_TABLE_CSS = """
table.hb-fc-table { border-collapse: collapse; width: 100%; font-family: "Sarabun", sans-serif; font-size: 11pt;
  line-height: 1.35; }
table.hb-fc-table th, table.hb-fc-table td { border: 0.6pt solid #444; padding: 1.5mm 2mm; vertical-align: top; }
table.hb-fc-table thead th { background: #eee; font-weight: 600; text-align: center; vertical-align: middle; }
table.hb-fc-table thead { display: table-header-group; }
table.hb-fc-table tr { page-break-inside: avoid; break-inside: avoid; }
/* a table never starts at a page foot with its header and one row: the first rows stay together */
table.hb-fc-table tbody tr:first-child, table.hb-fc-table tbody tr:nth-child(2) { break-after: avoid; }
/* a long web address breaks anywhere rather than running into the next column */
.hb-fc-url { overflow-wrap: anywhere; word-break: break-all; }
table.hb-fc-table td.hb-fc-no { text-align: center; width: 11mm; }
table.hb-fc-table td.hb-fc-time { width: 24mm; }
table.hb-fc-table td.hb-fc-who { width: 30mm; }
table.hb-fc-table ol.hb-fc-sub { list-style: none; margin: 1mm 0 0 0; padding: 0; }
/* The flow column: a line through the middle of the cell (a stretched background image, so it spans
   the whole row whatever its height), the symbol on top of it (a text-free SVG background) and the
   label as HTML text centred in the symbol: WeasyPrint shapes HTML text correctly, not SVG text. */
table.hb-fc-table td.hb-fc-flow { width: 44mm; padding: 0 1mm; vertical-align: middle; text-align: center;
  background-image: url("@LINE@"); background-repeat: no-repeat; background-size: 2mm 100%;
  background-position: 50% 0; }
table.hb-fc-table td.hb-fc-flow.hb-fc-first { background-size: 2mm 50%; background-position: 50% 100%; }
table.hb-fc-table td.hb-fc-flow.hb-fc-last { background-size: 2mm 50%; background-position: 50% 0; }
table.hb-fc-table td.hb-fc-flow.hb-fc-alone { background-image: none; }
.hb-fc-cell { padding: 2.5mm 0; }
.hb-fc-shape { display: block; box-sizing: border-box; margin: 0 auto; background-repeat: no-repeat;
  background-size: 100% 100%; background-position: 0 0; }
/* fixed line height in mm: the label is centred by a computed top padding (no flex or table tricks,
   which WeasyPrint 70 and Chromium lay out differently) */
.hb-fc-label { text-align: center; padding: 0 1.5mm; font-size: 9.5pt; line-height: 4.4mm; color: #111; }
.hb-fc-decision .hb-fc-label { padding: 0 4mm; }
.hb-fc-terminal .hb-fc-label { font-weight: 600; }
/* arrowhead just above the symbol, pointing down into it */
.hb-fc-arrow { width: 0; height: 0; margin: 0 auto; border-left: 1.1mm solid transparent;
  border-right: 1.1mm solid transparent; border-top: 1.8mm solid #222; }
table.hb-fc-branches { border-collapse: collapse; width: 100%; margin: 0.6mm 0 0 0; font-size: 8pt; line-height: 1.2; }
table.hb-fc-branches td { border: none; padding: 0 1.8mm; vertical-align: top; width: 50%; }
table.hb-fc-branches td.hb-fc-down { text-align: right; }
table.hb-fc-branches td.hb-fc-side { text-align: left; }
table.hb-fc-branches .hb-fc-back { font-weight: 600; }
""".replace("@LINE@", _LINE_URI)


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


def _shape_html(row: TableRow) -> str:
    w, base, per_line = TABLE_SHAPES[row.kind]
    h = round(base + per_line * len(row.lines), 1)
    label = "<br>".join(html.escape(line) for line in row.lines)
    arrow = '<div class="hb-fc-arrow"></div>' if row.arrow_in else ""
    top = base / 2 - (1.4 if row.kind == "document" else 0)  # the wave takes the bottom of a document
    return (f'{arrow}<div class="hb-fc-shape hb-fc-{row.kind}" style="width:{w}mm;height:{h}mm;'
            f'padding-top:{top:.1f}mm;background-image:url(&quot;{_data_uri(_shape_svg(row.kind, w, h))}&quot;)">'
            f'<div class="hb-fc-label">{label}</div></div>')


def flowchart_table_html(procedure: Procedure, lang: str, numerals: str = "thai", markup=None) -> str:
    """HTML ``<table class="hb-fc-table">`` of the row-aligned flowchart (style: :data:`FLOWCHART_TABLE_CSS`).

    Columns: ลำดับที่ | ผังขั้นตอน | รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ (English
    headings for ``lang="en"``).  Each row draws its step's symbol (an SVG
    without text) with the label on top as HTML text, so that WeasyPrint and
    browsers shape the Thai correctly; a line through the flow column joins
    the rows, an arrowhead enters each shape, and a decision lists its
    branches beside the outgoing line ("↑ ไป ๓" for a loop back).  No blank
    lines (safe in Markdown).  ``markup`` (text → HTML) formats the text
    columns; by default text is escaped with its web addresses allowed to
    break anywhere (the printed manual passes its own, which also keeps
    proper names whole).
    """
    cell = markup or _cell_html
    heads = "".join(f"<th>{html.escape(h)}</th>" for h in (t(k, lang) for k in TABLE_COLUMNS))
    body: list[str] = []
    for row in flowchart_table_rows(procedure, lang, numerals):
        flow_class = "hb-fc-flow" + (
            " hb-fc-alone" if not row.arrow_in and not row.arrow_out else
            " hb-fc-first" if not row.arrow_in else " hb-fc-last" if not row.arrow_out else "")
        notes = ""
        if row.branches:
            down = [b for b in row.branches if not b.back and not b.target]
            side = [b for b in row.branches if b.back or b.target]
            notes = (
                '<table class="hb-fc-branches"><tr><td class="hb-fc-down">'
                + "<br>".join(html.escape(b.label) for b in down) + '</td><td class="hb-fc-side">'
                + "<br>".join(
                    f'<span class="hb-fc-back">↑ {html.escape(b.label)} {html.escape(b.target)}</span>' if b.back
                    else f"→ {html.escape(b.label)} {html.escape(b.target)}" for b in side)
                + "</td></tr></table>"
            )
        details = cell(row.details)
        if row.substeps:
            details += '<ol class="hb-fc-sub">' + "".join(f"<li>{cell(s)}</li>" for s in row.substeps) + "</ol>"
        body.append(
            f'<tr class="hb-fc-row-{row.kind}"><td class="hb-fc-no">{row.number}</td>'
            f'<td class="{flow_class}"><div class="hb-fc-cell">{_shape_html(row)}{notes}</div></td>'
            f"<td>{details}</td><td class=\"hb-fc-time\">{cell(row.duration)}</td>"
            f'<td class="hb-fc-who">{cell(row.responsible)}</td></tr>'
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


