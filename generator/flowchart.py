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

import dataclasses
import functools
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Literal

from .i18n import branch_target_text, t
from .model import Procedure, StepKind
from .text import Text, digits

NodeKind = Literal["terminal", "process", "decision", "document"]
Format = Literal["svg", "pdf-svg", "png", "pdf"]

FONT = "Sarabun"
FONT_SIZE = 12.0  # points, node labels of the standalone diagram
EDGE_FONT_SIZE = 10.5  # points, branch labels
DPI = 300  # print resolution of PNG output

#: Maximum label line width, in points at FONT_SIZE (Sarabun Thai letters are
#: about 6.9 pt wide at 12 pt, so 150 pt ≈ 21 Thai characters).
LINE_WIDTH = {"process": 150.0, "document": 150.0, "terminal": 150.0, "decision": 100.0}

BOX_WIDTH = 2.4  # inches, process and document boxes (all the same width: a neat column)

#: Column headings of the flowchart table (keys of :mod:`generator.i18n`).
TABLE_COLUMNS = ("col_no_flow", "col_flow", "col_detail", "col_duration", "col_responsible")

INSTALL_HINT = "install graphviz: make test / scripts/install-system-packages.sh"


def _s(key: str, lang: str) -> str:
    return t(f"flow_{key}", lang)


# --------------------------------------------------------------------------- the graph


@dataclasses.dataclass(frozen=True)
class Node:
    """One symbol of the chart.

    ``id`` is the Graphviz node name (``start``, ``end``, ``s1`` … for step 1 …);
    ``kind`` the symbol; ``label`` the full label text; ``step`` the 1-based
    step number (``None`` for the implicit start/end terminals); ``lines`` the
    label wrapped at Thai word boundaries.
    """

    id: str
    kind: NodeKind
    label: str
    step: int | None
    lines: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Edge:
    """An arrow from ``source`` to ``target`` (node ids).

    ``label`` is the branch label of a decision (``None`` for a plain
    sequence arrow); ``back`` is true for a branch to the same or an earlier
    step (a loop-back, drawn beside the main column).
    """

    source: str
    target: str
    label: str | None = None
    back: bool = False


@dataclasses.dataclass(frozen=True)
class Flowchart:
    """The graph of one procedure in one language: nodes in step order, then edges."""

    procedure_id: str
    title: str
    lang: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    start: str
    end: str

    def node(self, node_id: str) -> Node:
        """The node named ``node_id``; ``KeyError`` when there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def successors(self, node_id: str) -> list[str]:
        """Ids of the nodes an arrow from ``node_id`` leads to, in edge order."""
        return [e.target for e in self.edges if e.source == node_id]


def _step_node_id(index: int) -> str:
    return f"s{index + 1}"


def _label_text(text: Text | None, fallback: Text, lang: str) -> str:
    return " ".join((text or fallback).get(lang).split())


def _targets(procedure: Procedure) -> tuple[str, str, bool, bool]:
    """(start id, end id, first step is the start terminal, last step is the end terminal)."""
    steps = procedure.steps
    own_start = steps[0].kind is StepKind.start
    own_end = steps[-1].kind is StepKind.end and (len(steps) > 1 or not own_start)
    return (
        _step_node_id(0) if own_start else "start",
        _step_node_id(len(steps) - 1) if own_end else "end",
        own_start,
        own_end,
    )


def flowchart_graph(procedure: Procedure, lang: str) -> Flowchart:
    """Build the flowchart graph of ``procedure`` with labels in ``lang`` ("th" or "en").

    One node per step (id ``s<n>``, ``n`` 1-based) plus an implicit start
    terminal ``start`` and end terminal ``end``, except that a first step of
    kind ``start`` is itself the start terminal and a last step of kind
    ``end`` the end terminal.  A step leads to the next one (the last to the
    end); a decision leads only through its branches; a step of kind ``end``
    leads nowhere.  A branch whose ``goto`` names no step is left out (the
    loader reports it).  Never raises for a validated procedure.
    """
    steps = procedure.steps
    start_id, end_id, own_start, own_end = _targets(procedure)
    ids = {step.id: i for i, step in enumerate(steps) if step.id}
    nodes: list[Node] = []
    if not own_start:
        label = t("start", lang)
        nodes.append(Node("start", "terminal", label, None, (label,)))
    for i, step in enumerate(steps):
        kind: NodeKind
        if step.kind in (StepKind.start, StepKind.end):
            kind = "terminal"
        else:
            kind = step.kind.value  # type: ignore[assignment]
        label = _label_text(step.short, step.text, lang)
        nodes.append(Node(_step_node_id(i), kind, label, i + 1, tuple(wrap_label(label, kind))))
    if not own_end:
        label = t("end", lang)
        nodes.append(Node("end", "terminal", label, None, (label,)))

    def after(i: int) -> str:
        return _step_node_id(i + 1) if i + 1 < len(steps) else end_id

    edges: list[Edge] = []
    if not own_start:
        edges.append(Edge("start", _step_node_id(0)))
    for i, step in enumerate(steps):
        here = _step_node_id(i)
        if step.kind is StepKind.end and here == end_id or step.kind is StepKind.end:
            continue
        if step.kind is StepKind.decision and step.branches:
            for branch in step.branches:
                label = " ".join(branch.label.get(lang).split())
                if branch.goto == "next":
                    edges.append(Edge(here, after(i), label))
                elif branch.goto == "end":
                    edges.append(Edge(here, end_id, label))
                elif branch.goto in ids:
                    j = ids[branch.goto]
                    edges.append(Edge(here, _step_node_id(j), label, back=j <= i))
            continue
        edges.append(Edge(here, after(i)))
    return Flowchart(procedure.id, procedure.title.get(lang), lang, tuple(nodes), tuple(edges), start_id, end_id)


def _reach(flowchart: Flowchart, sources: list[str], reverse: bool = False) -> set[str]:
    forward: dict[str, list[str]] = {}
    for e in flowchart.edges:
        a, b = (e.target, e.source) if reverse else (e.source, e.target)
        forward.setdefault(a, []).append(b)
    seen = set(sources)
    todo = list(sources)
    while todo:
        for nxt in forward.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def flowchart_problems(procedure: Procedure) -> list[tuple[tuple, str, str]]:
    """Find the steps the flowchart cannot draw as one flow from start to end.

    Returns ``(loc, message, hint)`` tuples in step order, like the loader's
    messages: ``loc`` is the 0-based location in the YAML data (e.g.
    ``("steps", 3)``, or ``("steps", 3, "branches")`` for a decision),
    ``message`` what is wrong and ``hint`` how to fix it, for people who do
    not program.  Reported: a step that no step or branch leads to (not
    reachable from the start), and a step from which the end cannot be
    reached (e.g. a decision whose branches all go back).  An empty list means
    the chart is sound.  Never raises for a validated procedure.
    """
    chart = flowchart_graph(procedure, "th")
    from_start = _reach(chart, [chart.start])
    enders = [n.id for n in chart.nodes if n.id == chart.end or
              (n.step is not None and procedure.steps[n.step - 1].kind is StepKind.end)]
    to_end = _reach(chart, enders, reverse=True)
    problems: list[tuple[tuple, str, str]] = []
    stuck: list[int] = []
    for i, step in enumerate(procedure.steps):
        node = _step_node_id(i)
        if node not in from_start:
            if step.id:
                hint = f"add a branch with goto: {step.id} to a decision, or change the previous decision"
            else:
                hint = "give this step an id and add a branch with goto: <that id> to a decision, or change the previous decision"
            problems.append((("steps", i), "cannot be reached from the start: no step or branch leads to it", hint))
        elif node not in to_end:
            stuck.append(i)
    decisions = [i for i in stuck if procedure.steps[i].kind is StepKind.decision]
    for i in decisions:
        problems.append((
            ("steps", i, "branches"),
            "never leads to the end: every branch goes back to an earlier step, so the work can never finish",
            "let one branch go on, e.g. goto: next or goto: end",
        ))
    if stuck and not decisions:
        i = stuck[0]
        problems.append((("steps", i), "never leads to the end: the work stops or goes round in a circle here",
                         "make the last step lead to the end, e.g. a branch with goto: end"))
    problems.sort(key=lambda p: p[0][1])
    return problems


# --------------------------------------------------------------------------- label wrapping


@functools.lru_cache(maxsize=1)
def _font():
    from PIL import ImageFont

    from .fonts import font_path

    return ImageFont.truetype(str(font_path("Sarabun-Regular")), 120)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width of ``text`` in points in Sarabun Regular at ``size`` points (marks have no advance)."""
    return _font().getlength(text) * size / 120.0


_OPENERS = set("([{“‘\"'")
_CLOSERS = set(")]}”’\"'?!,.:;ๆ%…")


def _atoms(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into unbreakable atoms: ``(atom, space_before)``.

    Breaks are allowed only at spaces and between PyThaiNLP ``newmm`` words.
    A space-free run containing a full stop (an abbreviation such as
    ผอ.สพป.) is never broken; punctuation sticks to its word.
    """
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
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
    return atoms


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
    return best


def _greedy_wrap(text: str, limit: float) -> list[str]:
    """Greedy wrapping of ``text`` at ``limit`` points; see :func:`wrap_label`."""
    text = " ".join(text.split())
    if not text:
        return [""]
    lines: list[list[tuple[str, bool]]] = [[]]

    def join(atoms: list[tuple[str, bool]]) -> str:
        return "".join((" " if space and k else "") + atom for k, (atom, space) in enumerate(atoms))

    for atom in _atoms(text):
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


# --------------------------------------------------------------------------- Graphviz source


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(lines: tuple[str, ...] | list[str]) -> str:
    return _dot_str("\n".join(lines)).replace("\n", "\\n")


LINE_HEIGHT = 0.2  # inches per label line at FONT_SIZE (Graphviz: 1.2 × font size)
WAVE = 0.14  # inches: depth of the document symbol's wavy bottom


def _box_height(lines: int) -> float:
    return round(0.24 + LINE_HEIGHT * lines, 2)


def _document_size(lines: int) -> tuple[float, float]:
    return BOX_WIDTH, round(_box_height(lines) + WAVE, 2)


def _document_image_name(lines: int) -> str:
    w, h = _document_size(lines)
    return f"hb-document-{int(w * 100)}x{int(h * 100)}.png"


def to_dot(flowchart: Flowchart) -> str:
    """Return the Graphviz (dot) source of ``flowchart``.

    Fonts are Sarabun (see :func:`fontconfig_file`); document nodes use the
    outline images named ``hb-document-<w>x<h>.png`` found on Graphviz's
    ``imagepath`` (:func:`render_flowchart` draws them).  Steps of the main
    flow share one ``group`` so that Graphviz keeps them in a straight column;
    loop-back edges do not constrain the ranking and leave and enter on the
    east side.  Pure function: same chart, same text.
    """
    out = [
        f"digraph {_dot_str('flowchart-' + flowchart.procedure_id)} {{",
        f'  graph [fontname="{FONT}", nodesep=0.5, ranksep=0.32, pad=0.15, newrank=true, splines=spline, outputorder=edgesfirst];',
        f'  node [fontname="{FONT}", fontsize={FONT_SIZE}, penwidth=1.1, style=filled, fillcolor=white, '
        f'color="#222222", fontcolor="#111111", margin="0.12,0.06"];',
        f'  edge [fontname="{FONT}", fontsize={EDGE_FONT_SIZE}, penwidth=1.1, arrowsize=0.75, color="#222222", '
        f'fontcolor="#111111"];',
    ]
    for node in flowchart.nodes:
        label = _dot_label(node.lines or (node.label,))
        if node.kind == "document":  # a spacer row under the text keeps it above the wavy bottom
            label = ('<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD>'
                     + "<BR/>".join(html.escape(line, quote=False) for line in node.lines)
                     + f'</TD></TR><TR><TD HEIGHT="{round(WAVE * 72)}"></TD></TR></TABLE>>')
        attrs = [f"label={label}", 'group="main"']
        if node.kind == "terminal":
            attrs += ['shape=box', 'style="rounded,filled"', "width=1.3", "height=0.42"]
        elif node.kind == "process":
            attrs += ["shape=box", f"width={BOX_WIDTH}", f"height={_box_height(len(node.lines))}"]
        elif node.kind == "decision":
            attrs += ["shape=diamond", "width=2.6", f"height={round(0.7 + LINE_HEIGHT * len(node.lines), 2)}",
                      'margin="0.02,0.02"']
        else:  # document
            w, h = _document_size(len(node.lines))
            attrs += ["shape=none", f'image="{_document_image_name(len(node.lines))}"', "imagescale=both",
                      f"width={w}", f"height={h}", "fixedsize=true", 'class="hb-document"']
        attrs.append(f'id="{node.id}"')
        attrs.append(f'tooltip={_dot_str(node.label)}')
        out.append(f"  {node.id} [{', '.join(attrs)}];")
    for n, edge in enumerate(flowchart.edges):
        attrs = [f'id="e{n + 1}"']
        source_kind = flowchart.node(edge.source).kind
        if source_kind == "document":  # start at the wave itself: the white shape hides the rest
            attrs.append("tailclip=false")
        if edge.label is not None:
            attrs.append(f"xlabel={_dot_str(' ' + edge.label + ' ')}")
        if edge.back:
            attrs += ["constraint=false", "tailport=e", "headport=e"]
        elif source_kind == "decision" and _is_side_branch(flowchart, edge):
            attrs += ["tailport=e", "headport=e", "weight=0"]
        else:
            attrs += ["weight=10"]
            if source_kind == "decision":
                attrs.append("tailport=s")
        out.append(f"  {edge.source} -> {edge.target} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _is_side_branch(flowchart: Flowchart, edge: Edge) -> bool:
    """A forward branch that skips steps (not to the node right below) leaves on the side."""
    order = [n.id for n in flowchart.nodes]
    return order.index(edge.target) != order.index(edge.source) + 1


# --------------------------------------------------------------------------- running dot


_DOT_CALLS = 0  # number of dot runs in this process (tests check the cache with it)


def dot_calls() -> int:
    """How many times this process has run ``dot`` (for tests of the cache)."""
    return _DOT_CALLS


def _dot_binary() -> str:
    found = shutil.which("dot")
    if not found:
        raise RuntimeError(f"Graphviz 'dot' was not found: {INSTALL_HINT}")
    return found


@functools.lru_cache(maxsize=4)
def graphviz_version(binary: str | None = None) -> str:
    """The ``dot -V`` line, e.g. "dot - graphviz version 2.43.0 (0)"; RuntimeError if dot is missing."""
    binary = binary or _dot_binary()
    result = subprocess.run([binary, "-V"], capture_output=True, text=True, check=False)
    return (result.stderr or result.stdout).strip()


def fontconfig_file(cache_dir: Path) -> Path:
    """Write (once) and return a fontconfig file that adds the Sarabun folder of fontpkg_sarabun.

    ``dot`` runs with ``FONTCONFIG_FILE`` set to it, so that ``fontname="Sarabun"``
    finds the bundled TTFs.  The system configuration is included for
    fallback fonts.  Font caches go to ``cache_dir/fontconfig-cache``.
    """
    import fontpkg_sarabun

    fonts = Path(fontpkg_sarabun.ROOT) / "files"
    cache_dir.mkdir(parents=True, exist_ok=True)
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{html.escape(str(fonts))}</dir>\n"
        f"  <cachedir>{html.escape(str((cache_dir / 'fontconfig-cache').resolve()))}</cachedir>\n"
        "</fontconfig>\n"
    )
    path = cache_dir / "fonts.conf"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        _atomic_write(path, text.encode("utf-8"))
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; outputs are published
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _run_dot(source: str, args: list[str], cache_dir: Path, layout: str = "dot") -> bytes:
    """Run Graphviz on ``source`` with Sarabun available; return its output bytes."""
    global _DOT_CALLS
    binary = _dot_binary()
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(cache_dir).resolve()))
    _DOT_CALLS += 1
    try:
        extra = ["-n2"] if layout == "neato" else []  # neato only to place pinned nodes (table rows)
        result = subprocess.run([binary, f"-K{layout}", *extra, *args], input=source.encode("utf-8"),
                                capture_output=True, env=env, timeout=120, check=False)
    except FileNotFoundError as exc:  # pragma: no cover - removed between which() and run
        raise RuntimeError(f"Graphviz 'dot' was not found: {INSTALL_HINT}") from exc
    if result.returncode != 0:
        raise RuntimeError(f"Graphviz failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


_FORMAT_ARGS = {
    "svg": (["-Tsvg"], "svg"),
    "pdf-svg": (["-Tsvg:cairo"], "cairo.svg"),
    "png": (["-Tpng:cairo", f"-Gdpi={DPI}"], "png"),
    "pdf": (["-Tpdf"], "pdf"),
}


def _cached_render(source: str, fmt: str, cache_dir: Path, stem: str, layout: str = "dot",
                   images: list[tuple[str, tuple[float, float]]] | None = None) -> Path:
    if fmt not in _FORMAT_ARGS:
        raise ValueError(f'unknown flowchart format "{fmt}": use one of {", ".join(_FORMAT_ARGS)}')
    args, suffix = _FORMAT_ARGS[fmt]
    version = graphviz_version()
    key = hashlib.sha256("\0".join([source, fmt, version, layout, _POSTPROCESS_VERSION]).encode()).hexdigest()[:20]
    cache_dir = Path(cache_dir)
    target = cache_dir / f"{stem}-{key}.{suffix}"
    if target.exists():
        return target
    image_dir = cache_dir / "images"
    for name, size in images or []:
        _document_png(image_dir / name, size)
    data = _run_dot(source, [*args, f"-Gimagepath={image_dir.resolve()}"], cache_dir, layout)
    if fmt == "svg":
        data = _vector_documents(data.decode("utf-8")).encode("utf-8")
    elif fmt == "png":
        data = _with_dpi(data)
    _atomic_write(target, data)
    return target


_POSTPROCESS_VERSION = "5"


def _with_dpi(png: bytes) -> bytes:
    """Record 300 dpi in the PNG (cairo writes none), so Word places it at its print size."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        out = io.BytesIO()
        img.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def _safe_stem(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "chart"


def render_flowchart(procedure: Procedure, lang: str, fmt: Format, cache_dir: Path) -> Path:
    """Draw the flowchart of ``procedure`` in ``lang`` and return the file's path in ``cache_dir``.

    ``fmt``: ``"svg"`` (plain SVG with real, selectable text: for browsers
    only), ``"pdf-svg"`` (``-Tsvg:cairo``, text as outlines: for WeasyPrint),
    ``"png"`` (300 dpi: for Word and print), ``"pdf"`` (``-Tpdf``).  Sizes are
    in points (1/72 in).  The file name carries a hash of the dot source, the
    format and the Graphviz version, so an unchanged chart is not drawn again;
    files are written atomically (temporary file, then rename).  Raises
    ``RuntimeError`` when Graphviz is missing or fails, ``ValueError`` for an
    unknown format.
    """
    chart = flowchart_graph(procedure, lang)
    images = sorted({(_document_image_name(len(n.lines)), _document_size(len(n.lines)))
                     for n in chart.nodes if n.kind == "document"})
    return _cached_render(to_dot(chart), fmt, Path(cache_dir), f"{_safe_stem(procedure.id)}-{lang}", images=images)


# --------------------------------------------------------------------------- the document symbol


def _wave_points(x: float, y: float, w: float, h: float, wave: float, steps: int = 48) -> list[tuple[float, float]]:
    """Outline of the document symbol in a box (y down): flat top, one S-shaped wave at the bottom."""
    import math

    points = [(x, y), (x + w, y), (x + w, y + h - wave * 0.5)]
    for k in range(steps + 1):
        u = 1 - k / steps  # right to left
        points.append((x + w * u, y + h - wave * 0.5 + wave * 0.5 * math.sin(2 * math.pi * u)))
    return points


def _document_png(path: Path, size_in: tuple[float, float]) -> Path:
    """Draw the document outline (white fill, dark 1.1 pt stroke) at 300 dpi, the node's exact size."""
    if path.exists():
        return path
    from PIL import Image, ImageDraw

    scale = 4  # supersampling for smooth curves
    w, h = (round(v * DPI) for v in size_in)
    stroke = 1.1 / 72 * DPI * scale
    img = Image.new("RGBA", (w * scale, h * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    inset = stroke / 2 + 1
    pts = _wave_points(inset, inset, w * scale - 2 * inset, h * scale - 2 * inset, WAVE * DPI * scale)
    draw.polygon(pts, fill=(255, 255, 255, 255))
    draw.line(pts + [pts[0]], fill=(0x22, 0x22, 0x22, 255), width=round(stroke), joint="curve")
    img = img.resize((w, h), Image.LANCZOS)
    buf = path.with_suffix(".tmp.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(buf, dpi=(DPI, DPI))
    os.replace(buf, path)
    return path


_IMAGE_RE = re.compile(r'<image [^>]*?width="([\d.]+)px" height="([\d.]+)px"[^>]*?x="(-?[\d.]+)" y="(-?[\d.]+)"[^>]*/>')


def _vector_documents(svg: str) -> str:
    """Replace the document outline images of a plain Graphviz SVG with vector paths."""

    def path(match: re.Match) -> str:
        w, h, x, y = (float(v) for v in match.groups())
        pts = _wave_points(x, y, w, h, WAVE * 72)
        d = "M" + " L".join(f"{px:.2f},{py:.2f}" for px, py in pts) + " Z"
        return f'<path fill="white" stroke="#222222" stroke-width="1.1" d="{d}"/>'

    return _IMAGE_RE.sub(path, svg)


# --------------------------------------------------------------------------- site figure


def flowchart_figure_html(procedure: Procedure, lang: str, cache_dir: Path, numerals: str | None = None) -> str:
    """HTML of the flowchart figure for the procedure's site page.

    A ``<figure class="hb-flowchart">`` holding the plain SVG inline
    (``role="img"``, a ``<title>`` named by ``aria-labelledby``; text stays
    selectable and is shaped by the browser in the site's Sarabun font)
    followed by a ``<details>`` text alternative listing the steps and their
    branches in order.  The string has no blank line, XML prolog or DOCTYPE,
    so it can be put into a Markdown page as one raw HTML block.  Numbers use
    ``numerals`` ("thai"/"arabic"; default: Thai digits for Thai, Arabic for
    English).  Raises ``RuntimeError`` when Graphviz is missing.
    """
    numerals = numerals or ("thai" if lang == "th" else "arabic")
    svg = render_flowchart(procedure, lang, "svg", cache_dir).read_text(encoding="utf-8")
    prefix = f"hbfc-{_safe_stem(procedure.id)}-{lang}"
    title = f"{_s('figure_title', lang)}: {procedure.title.get(lang)}"
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\n?", "", svg, flags=re.S)  # node names such as "s3" are no help
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r"<a xlink:title=\"[^\"]*\">\n?|</a>\n?", "", svg)  # tooltips duplicate the labels
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{prefix}-title" class="hb-flowchart-svg" ', 1,
    )
    svg = re.sub(r"(<svg [^>]*>)", lambda m: m.group(1) + f'\n<title id="{prefix}-title">{html.escape(title)}</title>',
                 svg, count=1)
    svg = "\n".join(line for line in svg.splitlines() if line.strip())
    items = [f"<li>{html.escape(t('start', lang))}</li>"] if procedure.steps[0].kind is not StepKind.start else []
    for i, step in enumerate(procedure.steps):
        text = html.escape(_label_text(step.short, step.text, lang))
        item = f"<li>{digits(i + 1, numerals)}. {text}"
        if step.branches:
            item += "<ul>" + "".join(
                f"<li>{html.escape(b.label.get(lang))} → "
                f"{html.escape(branch_target_text(procedure, i, b.goto, lang, numerals))}</li>"
                for b in step.branches
            ) + "</ul>"
        items.append(item + "</li>")
    if procedure.steps[-1].kind is not StepKind.end:
        items.append(f"<li>{html.escape(t('end', lang))}</li>")
    details = (
        f'<details class="hb-flowchart-text"><summary>{html.escape(_s("text_alternative", lang))}</summary>\n'
        f'<ol class="hb-flow-steps">\n' + "\n".join(items) + "\n</ol>\n</details>"
    )
    return f'<figure class="hb-flowchart" id="{prefix}">\n{svg}\n{details}\n</figure>'


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
TABLE_LINE_WIDTH = {"terminal": 95.0, "process": 105.0, "document": 105.0, "decision": 78.0}


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
                arrow_in=pos > 0, arrow_out=pos < len(chart.nodes) - 1 and step.kind is not StepKind.end,
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
TABLE_SHAPES = {"terminal": (26.0, 3.2, 4.4), "process": (34.0, 4.0, 4.4), "document": (34.0, 6.4, 4.4),
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


def _shape_html(row: TableRow) -> str:
    w, base, per_line = TABLE_SHAPES[row.kind]
    h = round(base + per_line * len(row.lines), 1)
    label = "<br>".join(html.escape(line) for line in row.lines)
    arrow = '<div class="hb-fc-arrow"></div>' if row.arrow_in else ""
    top = base / 2 - (1.4 if row.kind == "document" else 0)  # the wave takes the bottom of a document
    return (f'{arrow}<div class="hb-fc-shape hb-fc-{row.kind}" style="width:{w}mm;height:{h}mm;'
            f'padding-top:{top:.1f}mm;background-image:url(&quot;{_data_uri(_shape_svg(row.kind, w, h))}&quot;)">'
            f'<div class="hb-fc-label">{label}</div></div>')


def flowchart_table_html(procedure: Procedure, lang: str, numerals: str = "thai") -> str:
    """HTML ``<table class="hb-fc-table">`` of the row-aligned flowchart (style: :data:`FLOWCHART_TABLE_CSS`).

    Columns: ลำดับที่ | ผังขั้นตอน | รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ (English
    headings for ``lang="en"``).  Each row draws its step's symbol (an SVG
    without text) with the label on top as HTML text, so that WeasyPrint and
    browsers shape the Thai correctly; a line through the flow column joins
    the rows, an arrowhead enters each shape, and a decision lists its
    branches beside the outgoing line ("↑ ไป ๓" for a loop back).  No blank
    lines (safe in Markdown).
    """
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
        details = html.escape(row.details)
        if row.substeps:
            details += '<ol class="hb-fc-sub">' + "".join(f"<li>{html.escape(s)}</li>" for s in row.substeps) + "</ol>"
        body.append(
            f'<tr class="hb-fc-row-{row.kind}"><td class="hb-fc-no">{row.number}</td>'
            f'<td class="{flow_class}"><div class="hb-fc-cell">{_shape_html(row)}{notes}</div></td>'
            f"<td>{details}</td><td class=\"hb-fc-time\">{html.escape(row.duration)}</td>"
            f'<td class="hb-fc-who">{html.escape(row.responsible)}</td></tr>'
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
    "TABLE_COLUMNS",
]
