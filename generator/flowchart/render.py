"""Graphviz: dot source from the graph, running dot with Sarabun, the cached files, the site figure."""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from generator.cache import digest, tool_fingerprint
from generator.i18n import branch_target_text, t
from generator.model.documents import Procedure, StepKind
from generator.text import digits
from generator.flowchart.graph import Edge, Flowchart, _label_text, _s, _targets, flowchart_graph
from generator.flowchart.style import BOX_WIDTH, DPI, EDGE_FONT_SIZE, FONT, FONT_SIZE, INSTALL_HINT
from generator.graphviz import _dot_binary, graphviz_version

NodeKind = Literal["terminal", "process", "decision", "document"]
Format = Literal["svg", "pdf-svg", "png", "pdf"]

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
            attrs.append(f"label={_dot_str(' ' + edge.label + ' ')}")
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
    cache_dir = Path(cache_dir)
    pointer = _index_path(procedure, lang, fmt, cache_dir)
    if pointer is not None:
        try:
            known = cache_dir / pointer.read_text(encoding="utf-8").strip()
            if known.is_file() and known.parent == cache_dir:
                return known
        except OSError:
            pass
    chart = flowchart_graph(procedure, lang)
    images = sorted({(_document_image_name(len(n.lines)), _document_size(len(n.lines)))
                     for n in chart.nodes if n.kind == "document"})
    source = to_dot(chart)
    if fmt == "png":
        source = _fit_pixels(source, procedure, lang, cache_dir)
    target = _cached_render(source, fmt, cache_dir, f"{_safe_stem(procedure.id)}-{lang}", images=images)
    if pointer is not None:
        _atomic_write(pointer, target.name.encode("utf-8"))
    return target


MAX_PNG_PIXELS = 40_000_000
"""Largest flowchart PNG drawn (width × height).  At 300 dpi a procedure of
150 steps would need some 330 million pixels: beyond Pillow's limit, and more
than a gigabyte of memory.  Such charts are drawn smaller (Graphviz ``size``);
the writers fit every chart to the page anyway."""


def _fit_pixels(source: str, procedure: Procedure, lang: str, cache_dir: Path) -> str:
    """``source`` with a Graphviz ``size`` that keeps its 300 dpi PNG within :data:`MAX_PNG_PIXELS`."""
    svg = render_flowchart(procedure, lang, "svg", cache_dir).read_text(encoding="utf-8")
    found = re.search(r'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', svg)
    if not found:
        return source
    width_in, height_in = float(found[1]) / 72, float(found[2]) / 72
    pixels = width_in * DPI * height_in * DPI
    if pixels <= MAX_PNG_PIXELS:
        return source
    scale = (MAX_PNG_PIXELS / pixels) ** 0.5
    end = source.rstrip().rindex("}")
    return source[:end] + f'size="{width_in * scale:.2f},{height_in * scale:.2f}";\n}}\n'


def _index_path(procedure: Procedure, lang: str, fmt: str, cache_dir: Path) -> Path | None:
    """Where the name of the drawn file of (procedure, lang, fmt) is remembered, keyed before any work.

    The key is the procedure's ``model_dump_json``, the language, the format
    and the tool's fingerprint (generator source, font and Graphviz versions, no templates:
    :func:`generator.cache.tool_fingerprint`), so that with every image
    cached neither the graph nor the label wrapping is computed again
    (11.6 s at 400 procedures before; measured 2026-11-30).  ``None`` when
    the procedure cannot be dumped (the plain path is then taken).
    """
    try:
        data = procedure.model_dump_json()
    except Exception:  # not a pydantic model (tests pass stand-ins): no shortcut
        return None
    key = digest("flowchart", tool_fingerprint(()), data, lang, fmt, _POSTPROCESS_VERSION)[:32]
    return cache_dir / "index" / f"{key}.name"


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
    path.parent.mkdir(parents=True, exist_ok=True)
    # a unique temporary name: several worker processes may draw the same symbol at once
    fd, buf = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".png")
    os.close(fd)
    try:
        img.save(buf, format="PNG", dpi=(DPI, DPI))
        os.chmod(buf, 0o644)
        os.replace(buf, path)
    finally:
        Path(buf).unlink(missing_ok=True)
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
    pointer = _index_path(procedure, lang, "svg", Path(cache_dir))
    saved = pointer.with_name(f"{pointer.stem}.{numerals}.figure.html") if pointer is not None else None
    if saved is not None and saved.is_file():  # same procedure, language, digits and tool: same figure
        return saved.read_text(encoding="utf-8")
    figure = _figure_html(procedure, lang, cache_dir, numerals)
    if saved is not None:
        _atomic_write(saved, figure.encode("utf-8"))
    return figure


def _figure_html(procedure: Procedure, lang: str, cache_dir: Path, numerals: str) -> str:
    """:func:`flowchart_figure_html` without its cache."""
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
    if _targets(procedure)[1] == "end":  # an implicit end terminal (also after an end step that acts)
        items.append(f"<li>{html.escape(t('end', lang))}</li>")
    details = (
        f'<details class="hb-flowchart-text"><summary>{html.escape(_s("text_alternative", lang))}</summary>\n'
        f'<ol class="hb-flow-steps">\n' + "\n".join(items) + "\n</ol>\n</details>"
    )
    return f'<figure class="hb-flowchart" id="{prefix}">\n{svg}\n{details}\n</figure>'




# --------------------------------------------------------------------------- drawn positions


def drawn_layout(procedure: Procedure, lang: str, fmt: Format, cache_dir: Path) -> dict:
    """Where Graphviz places every box, edge and edge label of the chart drawn for ``fmt``.

    Runs ``dot -Tjson`` on exactly the source :func:`render_flowchart` draws for ``fmt`` (the PNG's
    source carries its ``size``).  Returns ``{"nodes": {id: (x0, y0, x1, y1)}, "edges": [{"id", "source",
    "target", "points": [(x, y), …] (the Bézier control points), "label": text or None, "label_box":
    (x0, y0, x1, y1) or None}]}`` in points, y up, before any ``size`` scaling (which scales every
    position alike).  For the tests that check that an edge label stands beside its own edge and
    crosses no other edge or box.  Raises ``RuntimeError`` when Graphviz is missing or fails.
    """
    import json

    cache_dir = Path(cache_dir)
    chart = flowchart_graph(procedure, lang)
    source = to_dot(chart)
    if fmt == "png":
        source = _fit_pixels(source, procedure, lang, cache_dir)
    images = sorted({(_document_image_name(len(n.lines)), _document_size(len(n.lines)))
                     for n in chart.nodes if n.kind == "document"})
    image_dir = cache_dir / "images"
    for name, size in images:
        _document_png(image_dir / name, size)
    data = json.loads(_run_dot(source, ["-Tjson", f"-Gimagepath={image_dir.resolve()}"], cache_dir))
    objects = data.get("objects", [])
    nodes = {}
    for obj in objects:
        x, y = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * 36, float(obj["height"]) * 36
        nodes[obj["name"]] = (x - w, y - h, x + w, y + h)
    edges = []
    for edge in data.get("edges", []):
        points = [tuple(p) for op in edge.get("_draw_", []) if op["op"] == "b" for p in op["points"]]
        box = None
        for op in edge.get("_ldraw_", []) + edge.get("_xldraw_", []):
            if op["op"] == "T":
                (x, y), width, size = op["pt"], float(op["width"]), float(edge.get("fontsize", 14))
                left = x - width / 2 if op["align"] == "c" else x - width if op["align"] == "r" else x
                box = (left, y - size * 0.3, left + width, y + size * 0.9) if box is None else (
                    min(box[0], left), min(box[1], y - size * 0.3), max(box[2], left + width),
                    max(box[3], y + size * 0.9))
        edges.append({"id": edge.get("id"), "source": objects[edge["tail"]]["name"],
                      "target": objects[edge["head"]]["name"], "points": points,
                      "label": edge.get("label") or edge.get("xlabel"), "label_box": box})
    return {"nodes": nodes, "edges": edges}
