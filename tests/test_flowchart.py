"""Flowcharts: graph, problems, Graphviz rendering (cache, fonts), site figure, table, Word PNGs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pythainlp.tokenize import word_tokenize

from generator.i18n import t
import generator.flowchart as fc
from generator.model.loader import require_handbook
from generator.model.documents import Procedure

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz missing: scripts/install-system-packages.sh")


@pytest.fixture(scope="module")
def handbook():
    return require_handbook(ROOT)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("flowcharts")


def _procedure(steps: list[dict]) -> Procedure:
    return Procedure.model_validate({
        "id": "test-proc", "title": "ทดสอบ", "work_unit": "plan", "owners": ["someone"],
        "objectives": ["x"], "scope": ["x"], "steps": steps,
        "revision": {"version": "1", "effective": "2025-10-01", "approved_by": "ผอ."},
    })


def _reach(chart: fc.Flowchart, start: str, reverse: bool = False) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for e in chart.edges:
            a, b = (e.target, e.source) if reverse else (e.source, e.target)
            if a == here and b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def test_one_node_per_step_plus_start_and_end(handbook):
    p = handbook.procedures["budget-transfer"]
    chart = fc.flowchart_graph(p, "th")
    assert len(chart.nodes) == len(p.steps) + 2
    assert chart.nodes[0].label == "เริ่มต้น" and chart.nodes[-1].label == "สิ้นสุด"
    assert [n.step for n in chart.nodes[1:-1]] == list(range(1, len(p.steps) + 1))
    kinds = {n.step: n.kind for n in chart.nodes if n.step}
    assert kinds[6] == "document" and kinds[7] == "decision" and kinds[1] == "process"
    assert fc.flowchart_graph(p, "en").nodes[0].label == "Start"


def test_decisions_have_labelled_branches_and_loop_backs(handbook):
    p = handbook.procedures["budget-transfer"]
    chart = fc.flowchart_graph(p, "th")
    out = [e for e in chart.edges if e.source == "s7"]
    assert {(e.target, e.label, e.back) for e in out} == {("s8", "อนุมัติ", False), ("s6", "ไม่อนุมัติ", True)}
    for pid, proc in handbook.procedures.items():
        chart = fc.flowchart_graph(proc, "th")
        for node in chart.nodes:
            if node.kind == "decision":
                step = proc.steps[node.step - 1]
                labels = [e.label for e in chart.edges if e.source == node.id]
                assert labels == [b.label.th for b in step.branches], pid
                assert all(labels), pid
    dot = fc.to_dot(fc.flowchart_graph(p, "th"))
    assert re.search(r"s7 -> s6 \[[^]]*constraint=false[^]]*tailport=e", dot)


def test_every_bundled_procedure_flows_from_start_to_end(handbook):
    for pid, proc in handbook.procedures.items():
        chart = fc.flowchart_graph(proc, "th")
        ids = {n.id for n in chart.nodes}
        assert _reach(chart, chart.start) == ids, pid
        assert _reach(chart, chart.end, reverse=True) == ids, pid
        assert fc.flowchart_problems(proc) == [], pid


def test_first_start_and_last_end_steps_are_the_terminals():
    p = _procedure([{"kind": "start", "text": "รับเรื่อง"}, {"text": "ทำงาน"}, {"kind": "end", "text": "จบงาน"}])
    chart = fc.flowchart_graph(p, "th")
    assert [n.id for n in chart.nodes] == ["s1", "s2", "s3"]
    assert chart.start == "s1" and chart.end == "s3"
    assert [n.kind for n in chart.nodes] == ["terminal", "process", "terminal"]


def test_problems_decision_whose_branches_all_loop_back():
    p = _procedure([
        {"id": "draft", "text": "ร่าง"},
        {"kind": "decision", "text": "เห็นชอบ?", "branches": [
            {"label": "เห็นชอบ", "goto": "draft"}, {"label": "ไม่เห็นชอบ", "goto": "draft"}]},
        {"text": "ส่ง"},
    ])
    problems = fc.flowchart_problems(p)
    locs = [loc for loc, _m, _h in problems]
    assert ("steps", 1, "branches") in locs
    message = dict((loc, (m, h)) for loc, m, h in problems)[("steps", 1, "branches")]
    assert "never leads to the end" in message[0] and "goto: next" in message[1]
    # the step after it cannot be reached either
    assert ("steps", 2) in locs


def test_problems_unreachable_step():
    p = _procedure([
        {"text": "ร่าง"},
        {"kind": "decision", "text": "เห็นชอบ?", "branches": [
            {"label": "เห็นชอบ", "goto": "end"}, {"label": "ไม่เห็นชอบ", "goto": "fix"}]},
        {"text": "ไม่มีใครมาถึง"},
        {"id": "fix", "text": "แก้ไข"},
    ])
    problems = fc.flowchart_problems(p)
    assert [(loc, m) for loc, m, _h in problems] == [
        (("steps", 2), "cannot be reached from the start: no step or branch leads to it")]
    assert "goto:" in problems[0][2]


def test_wrapping_never_splits_a_thai_word(handbook):
    checked = 0
    for proc in handbook.procedures.values():
        for step in proc.steps:
            for text in filter(None, [step.short, step.text]):
                label = " ".join(text.th.split())
                lines = fc.wrap_label(label, "process")
                assert "".join(lines).replace(" ", "") == label.replace(" ", "")
                # every break falls on a PyThaiNLP word boundary of the whole label
                bounds, pos = set(), 0
                for token in word_tokenize(label, engine="newmm", keep_whitespace=True):
                    pos += len(token)
                    bounds.add(pos)
                squeezed, offset = label.replace(" ", ""), 0
                mapping = [i for i, c in enumerate(label) if c != " "] + [len(label)]
                for line in lines[:-1]:
                    offset += len(line.replace(" ", ""))
                    at = mapping[offset]
                    assert label[at - 1] == " " or at in bounds or label[at] == " ", (label, lines)
                    checked += 1
                for line in lines:
                    assert fc.text_width(line) <= fc.LINE_WIDTH["process"] or " " not in line and len(
                        word_tokenize(line, engine="newmm")) == 1, line
                assert squeezed
    assert checked > 20
    assert fc.wrap_label("ผอ.สพป. อนุมัติการโอน?", "decision") == ["ผอ.สพป.", "อนุมัติการโอน?"]


@needs_dot
def test_render_svg_has_every_label_line(handbook, cache):
    p = handbook.procedures["budget-transfer"]
    svg = fc.render_flowchart(p, "th", "svg", cache).read_text(encoding="utf-8")
    texts = [html_unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for node in fc.flowchart_graph(p, "th").nodes:
        for line in node.lines:
            assert line in texts, line
    assert "อนุมัติ" in texts and "ไม่อนุมัติ" in [t.strip() for t in texts]
    assert 'font-family="Sarabun"' in svg
    assert "<image" not in svg  # the document outline is a vector path in the plain SVG


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text).strip()


@needs_dot
def test_render_png_300_dpi_and_other_formats(handbook, cache):
    from PIL import Image

    p = handbook.procedures["records-management"]
    png = fc.flowchart_png_for_docx(p, "th", cache)
    svg = fc.render_flowchart(p, "th", "svg", cache).read_text(encoding="utf-8")
    width_pt = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))
    with Image.open(png) as img:
        assert abs(img.size[0] - width_pt / 72 * 300) <= 4
        assert round(img.info["dpi"][0]) == 300
    assert fc.render_flowchart(p, "en", "pdf", cache).read_bytes().startswith(b"%PDF")
    cairo = fc.render_flowchart(p, "th", "pdf-svg", cache).read_text(encoding="utf-8")
    assert "<text" not in cairo and "<svg" in cairo


@needs_dot
def test_cache_does_not_run_dot_again(handbook, tmp_path):
    p = handbook.procedures["budget-analysis"]
    first = fc.render_flowchart(p, "th", "svg", tmp_path)
    calls = fc.dot_calls()
    mtime = first.stat().st_mtime_ns
    again = fc.render_flowchart(p, "th", "svg", tmp_path)
    assert again == first and fc.dot_calls() == calls and first.stat().st_mtime_ns == mtime
    assert fc.render_flowchart(p, "en", "svg", tmp_path) != first and fc.dot_calls() == calls + 1
    assert not list(tmp_path.glob("*.part"))


def test_missing_dot_is_a_clear_error(handbook, tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(RuntimeError, match="install graphviz"):
        fc.render_flowchart(handbook.procedures["budget-analysis"], "th", "png", tmp_path / "new")


@needs_dot
def test_figure_html_for_markdown(handbook, cache):
    p = handbook.procedures["budget-transfer"]
    figure = fc.flowchart_figure_html(p, "th", cache)
    assert figure.startswith('<figure class="hb-flowchart"') and figure.endswith("</figure>")
    assert "\n\n" not in figure and not any(not line.strip() for line in figure.splitlines())
    assert "<?xml" not in figure and "DOCTYPE" not in figure
    svg_open = re.search(r"<svg [^>]*>", figure).group(0)
    assert 'role="img"' in svg_open
    label_id = re.search(r'aria-labelledby="([^"]+)"', svg_open).group(1)
    assert f'<title id="{label_id}">' in figure
    details = figure[figure.index("<details"):]
    assert "ไม่อนุมัติ → ขั้นตอนที่ ๖" in details and "เริ่มต้น" in details and "สิ้นสุด" in details
    assert details.index("ศึกษาข้อมูลการใช้จ่ายงบประมาณ") < details.index("ติดตามประเมินและรายงานผล")


def test_table_rows_and_html(handbook):
    p = handbook.procedures["budget-transfer"]
    rows = fc.flowchart_table_rows(p, "th", "thai")
    assert len(rows) == len(p.steps) + 2
    assert rows[0].kind == "terminal" and not rows[0].arrow_in and rows[-1].kind == "terminal" and not rows[-1].arrow_out
    assert [r.number for r in rows[1:4]] == ["๑", "๒", "๓"]
    decision = rows[7]
    assert decision.kind == "decision"
    assert [(b.label, b.back, b.target) for b in decision.branches] == [
        ("อนุมัติ", False, ""), ("ไม่อนุมัติ", True, "ไป\u00a0๖")]
    table = fc.flowchart_table_html(p, "th", "thai")
    for heading in (t(key, "th") for key in fc.TABLE_COLUMNS):
        assert f"<th>{heading}</th>" in table
    assert '<b class="hb-fc-back">ไม่อนุมัติ <span class="hb-fc-to">ไป\u00a0๖</span></b>' in table and "<text" not in table and "\n\n" not in table
    # the loop back is drawn: a line leaves the decision's row at its right corner, and the row of step ๖
    # gets the arrow into its symbol's right edge and the line from its bottom, in the channel right of the shapes
    cells = re.findall(r'<td class="hb-fc-flow[^"]*" style="([^"]*)"', table)
    assert len(cells) == len(rows)
    corner = f"{fc.table.CENTRE + fc.table.TABLE_SHAPES['decision'][0] / 2:.2f}mm 0"
    channel = f"{fc.table.CHANNEL - 1:.2f}mm"
    assert corner in cells[7] and cells[7].count("url(") == 2  # the corner and the centre line (+ the class's shape)
    assert channel in cells[6] and cells[6].count("url(") == 3  # the arrow, the channel's line, the centre line
    assert all(channel not in cell for n, cell in enumerate(cells) if n not in (6, 7))
    english = fc.flowchart_table_html(p, "en", "arabic")
    assert "<th>Time frame</th>" in english and "back to\u00a06" in english


def test_table_renders_in_weasyprint(handbook, tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    from generator.fonts import font_path

    html = (f'<html><head><meta charset="utf-8"><style>@font-face {{ font-family: "Sarabun"; '
            f'src: url("file://{font_path("Sarabun-Regular")}"); }}{fc.FLOWCHART_TABLE_CSS}</style></head><body>'
            f'{fc.flowchart_table_html(handbook.procedures["budget-transfer"], "th")}</body></html>')
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        import subprocess

        (tmp_path / "t.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True).stdout
        assert "ผอ.สพป." in text and "สิ้นสุด" in text  # labels are real (HTML) text (pdftotext maps า oddly)


@needs_dot
def test_table_shape_pngs_have_exact_size(handbook, cache):
    from PIL import Image

    rows = fc.flowchart_table_rows(handbook.procedures["budget-transfer"], "th")
    for row in (rows[0], rows[1], rows[6], rows[7], rows[-1]):
        path = fc.table_shape_png(row, cache)
        with Image.open(path) as img:
            assert img.size[0] == round(35 / 25.4 * 300)
            assert img.size[1] >= round(16 / 25.4 * 300)


@needs_dot
def test_flowchart_command(handbook, tmp_path, cache):
    out = fc.flowchart_command(handbook, "budget-transfer", "png", "en", tmp_path / "chart.png", cache)
    assert out.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(KeyError, match="is not a procedure"):
        fc.flowchart_command(handbook, "no-such", "png", "th", None, cache)



def test_table_labels_fit_their_shapes_in_print():
    """Every label wrapped for a print flowchart table fits its shape's text area at 9.5 pt (the terminal's
    semi-bold face taken 3 % wider): a wider line is wrapped again by WeasyPrint and runs out of its box
    below (รับหนังสือราชการ / และลงทะเบียนรับ did, in a 26 mm terminal).  Labels: every step of the example
    office in every shape, and that one."""
    from generator.flowchart.labels import text_width, wrap_label
    from generator.flowchart.table import TABLE_LINE_WIDTH, TABLE_SHAPES

    handbook = require_handbook(Path(__file__).resolve().parent / "fixtures" / "example")
    labels = {"รับหนังสือราชการและลงทะเบียนรับ"}
    for procedure in handbook.procedures.values():
        labels |= {step.short.th for step in procedure.steps if step.short and step.short.th}
    padding_mm = {"terminal": 3.0, "process": 3.0, "document": 3.0, "decision": 8.0}  # .hb-fc-label padding
    too_wide = []
    for kind, (shape_mm, _base, _per_line) in TABLE_SHAPES.items():
        room_mm = shape_mm - padding_mm[kind]
        face = 1.03 if kind == "terminal" else 1.0  # Sarabun SemiBold is 2–3 % wider than Regular (measured)
        for label in sorted(labels):
            for line in wrap_label(label, kind, TABLE_LINE_WIDTH[kind]):
                width_mm = text_width(line) * 9.5 / 12 * face / 72 * 25.4
                if width_mm > room_mm:
                    too_wide.append(f"{kind}: {line} ({width_mm:.1f} > {room_mm} mm)")
    assert too_wide == []


def test_table_rows_kept_in_the_cache_file_are_the_rows(handbook, tmp_path):
    """Rows read back from the table cache file (a fresh process's view) equal the rows computed from the
    procedure; another fingerprint (the tool changed) ignores the file; an edited procedure is computed again."""
    import generator.flowchart.table as table

    path = tmp_path / "table-lines.json"
    procedure = handbook.procedures["budget-transfer"]
    fresh = table._table_rows(procedure, "th", "thai")
    saved = dict(table._ROWS), dict(table._LINES), dict(table._LINES_STATE)
    try:
        table._ROWS.clear()
        table._LINES_STATE.update(path=None, fingerprint=None, added=False)
        table.load_table_lines(path, "tool-1")
        assert table.flowchart_table_rows(procedure, "th", "thai") == fresh
        table.save_table_lines()
        assert path.is_file()
        table._ROWS.clear()
        table._LINES_STATE.update(path=None, fingerprint=None, added=False)
        table.load_table_lines(path, "tool-1")
        assert len(table._ROWS) == 1
        assert table.flowchart_table_rows(procedure, "th", "thai") == fresh
        table._ROWS.clear()
        table._LINES_STATE.update(path=None, fingerprint=None, added=False)
        table.load_table_lines(path, "tool-2")
        assert table._ROWS == {}
        edited = procedure.model_copy(update={"steps": procedure.steps[:-1]})
        assert len(table.flowchart_table_rows(edited, "th", "thai")) == len(fresh) - 1
    finally:
        table._ROWS.clear()
        table._ROWS.update(saved[0])
        table._LINES_STATE.update(saved[2])


def test_an_end_step_that_acts_is_a_box_and_a_branch_to_the_end_gets_its_own_terminal():
    """ส่งมอบข้อมูล as the last step of kind end is an action: a refusal branching to the end must not be drawn
    into it (the chart would read as if refused requests get the data)."""
    p = _procedure([
        {"kind": "start", "text": "ยื่นคำขอ"},
        {"kind": "decision", "text": "พิจารณาอนุญาต", "branches": [
            {"label": "อนุญาต", "goto": "next"}, {"label": "ไม่อนุญาต (แจ้งเหตุผลเป็นหนังสือ)", "goto": "end"}]},
        {"text": "จัดเตรียมข้อมูล"},
        {"kind": "end", "text": "ส่งมอบข้อมูล"},
    ])
    chart = fc.flowchart_graph(p, "th")
    assert [n.id for n in chart.nodes] == ["s1", "s2", "s3", "s4", "end"]
    assert chart.node("s4").kind == "process" and chart.node("end").kind == "terminal"
    assert chart.node("end").label == "สิ้นสุด" and chart.end == "end"
    refused = [e for e in chart.edges if e.label and e.label.startswith("ไม่อนุญาต")]
    assert [e.target for e in refused] == ["end"]
    assert ("s4", "end") in {(e.source, e.target) for e in chart.edges}
    assert fc.flowchart_problems(p) == []
    rows = fc.flowchart_table_rows(p, "th")
    assert [r.label for r in rows][-2:] == ["ส่งมอบข้อมูล", "สิ้นสุด"] and rows[-2].arrow_out and not rows[-1].arrow_out
    # an end step that only ends (สิ้นสุด, จบ…) stays the end terminal
    p2 = _procedure([{"text": "ทำงาน"}, {"kind": "end", "text": "สิ้นสุดการให้บริการ"}])
    assert fc.flowchart_graph(p2, "th").end == "s2"


def _bezier(points, steps: int = 24):
    """Points along a Graphviz spline (p0, then c1 c2 p3 per cubic segment)."""
    out = []
    for k in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[k:k + 4]
        for n in range(steps + 1):
            u = n / steps
            a, b, c, d = (1 - u) ** 3, 3 * u * (1 - u) ** 2, 3 * u * u * (1 - u), u ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def _inside(point, box, margin: float = 0.0) -> bool:
    return box[0] - margin <= point[0] <= box[2] + margin and box[1] - margin <= point[1] <= box[3] + margin


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_problems(layout: dict) -> list[str]:
    """Edge labels that cross another edge, a box or another label, or stand away from their own edge."""
    problems = []
    for edge in layout["edges"]:
        box = edge["label_box"]
        if box is None:
            continue
        pad = 3.0  # the label's leading and trailing space
        box = (box[0] + pad, box[1], box[2] - pad, box[3])
        name = f'{edge["id"]} "{edge["label"].strip()}"'
        for node, nbox in layout["nodes"].items():
            if _overlap(box, nbox):
                problems.append(f"{name} covers box {node}")
        for other in layout["edges"]:
            if other is edge:
                continue
            if any(_inside(pt, box) for pt in _bezier(other["points"])):
                problems.append(f'{name} crosses edge {other["id"]} ({other["source"]}→{other["target"]})')
            if other["label_box"] is not None and _overlap(box, other["label_box"]):
                problems.append(f'{name} covers the label of {other["id"]}')
        own = _bezier(edge["points"])
        gap = min(max(box[0] - x, x - box[2], box[1] - y, y - box[3], 0.0) for x, y in own)
        if gap > 20:
            problems.append(f"{name} stands {gap:.0f} pt away from its own edge")
    return problems


def test_label_problems_finds_a_label_across_another_edge():
    layout = {"nodes": {"a": (0, 100, 50, 120), "b": (0, 0, 50, 20)},
              "edges": [{"id": "e1", "source": "a", "target": "b", "points": [(25, 100), (25, 70), (25, 50), (25, 20)],
                         "label": "x", "label_box": None},
                        {"id": "e2", "source": "a", "target": "b", "points": [(50, 110), (90, 110), (90, 10), (50, 10)],
                         "label": " ไม่อนุญาต ", "label_box": (0, 55, 60, 65)}]}
    assert any("crosses edge e1" in p for p in label_problems(layout))
    layout["edges"][1]["label_box"] = (80, 55, 140, 65)
    assert label_problems(layout) == []


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_edge_labels_stand_beside_their_own_edge_in_every_example_chart(handbook, cache, fmt):
    """Read from ``dot -Tjson`` on the source of the site's SVG (``svg``) and of the PDF's and DOCX's image
    (``png``): no edge label crosses another edge, a box or a label, and each is near its own edge."""
    found = {}
    labelled = 0
    for pid, proc in handbook.procedures.items():
        layout = fc.drawn_layout(proc, "th", fmt, cache)
        labelled += sum(1 for e in layout["edges"] if e["label_box"])
        problems = label_problems(layout)
        if problems:
            found[pid] = problems
    assert labelled >= 6 and not found, found


@needs_dot
def test_site_svg_draws_the_labels_where_the_layout_says(handbook, cache):
    """The site's inline SVG and ``drawn_layout`` agree on every edge label's place (so the check above is on
    what the site shows): Graphviz SVG y runs down from the top, the layout's up from the bottom."""
    proc = handbook.procedures["education-data-request"]
    svg = fc.render_flowchart(proc, "th", "svg", cache).read_text(encoding="utf-8")
    layout = fc.drawn_layout(proc, "th", "svg", cache)
    texts = {}
    for m in re.finditer(r'<g id="(e\d+)" class="edge">(.*?)</g>', svg, re.S):
        label = re.search(r'<text text-anchor="middle" x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]*)</text>', m[2])
        if label:
            texts[label[3].strip()] = float(label[1])
    drawn = {e["label"].strip(): (e["label_box"][0] + e["label_box"][2]) / 2 for e in layout["edges"] if e["label"]}
    assert texts and set(texts) == set(drawn)
    for name, x in texts.items():
        assert abs(x - drawn[name]) < 1.0, name
    refused = next(e for e in layout["edges"] if e["label"] and "ไม่อนุญาต" in e["label"])
    assert refused["target"] == "end"
