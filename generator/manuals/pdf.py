"""PDF writer of the printed operations manuals (WeasyPrint, HTML + CSS paged media).

Layout rules and their sources:

* A4, margins 3 cm left / 2 cm right / 2.5 cm top / 2 cm bottom, the
  publication memo after form 8 (บันทึกข้อความ) of the Regulation of the Office
  of the Prime Minister on Correspondence B.E. 2526: emblem 1.5 cm high at the
  top left, the heading บันทึกข้อความ centred, ส่วนราชการ / ที่ / วันที่ / เรื่อง
  with dotted leaders, เรียน, body paragraphs indented 2.5 cm, signature
  blocks (``templates/print/manual.css``).
* Type size.  The official look is TH Sarabun New 16 pt.  Sarabun (the open
  family derived from it, embedded here) was rescaled to Latin metrics, as
  TLWG did for Laksaman, its other derivative: measured with fontTools, the
  Thai consonant ก is 0.586 em tall in Sarabun and 0.602 em in Laksaman, while
  16 pt TH Sarabun New is conventionally set beside 12 pt Latin type.  So the
  body is Sarabun 12 pt (ratio 0.75) and every official size is scaled by
  :data:`TH_SARABUN_SCALE` (the memo heading, 29 pt in TH Sarabun, is 21.75 pt).
* Thai digits in page numbers, numbering, dates and counts when the office
  chooses Thai digits; front matter numbered ก ข ค (``@counter-style
  thai-alpha``), the body from ๑ (``counter(page, thai)``), restarted with
  named pages (``@page main:nth(1 of main) { counter-reset: page 1 }``).
* A chapter starts on a new page; long tables repeat their header; headings
  are kept with what follows; the chapter title runs in the page header.
* The text layer is corrected for Thai by :mod:`generator.pdftext`.
* A manual is laid out in pieces (the body chapters, the page-number
  footers, the front matter with the contents' numbers written in), cached
  by content and joined (:mod:`generator.manuals.pdfjoin`): an edit lays out
  only its chapter again, and the pieces of one manual run in parallel.  The
  memo alone is one document (:func:`write_whole_pdf`).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import os
import re
import tempfile
from pathlib import Path

import jinja2
from markupsafe import Markup

import generator.flowchart as fc
import generator.flowchart.table as fc_table
import generator.manuals.pdfjoin as pdfjoin
import generator.manuals.pdftext as pdftext
from generator.manuals.appendix import PDF_TEXT_BLOCK_MM, pdf_appendix_pages
from generator.cache import Store, digest, store_for, tool_fingerprint
from generator.fonts import FACES, FAMILY, font_path
from generator.i18n import t
from generator.model.loader import Handbook
from generator.manuals.content import ManualContent, manual_content, num, protected_names, step_rows
from generator.manuals.linebreaks import WORD_AND_MARK, keep_marks, running_title, words_pattern
from generator.model.documents import Manual

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "print"
TH_SARABUN_SCALE = 0.75
"""Size of Sarabun that looks like TH Sarabun New of the same nominal size (see module docstring)."""

#: Template label → key of :mod:`generator.i18n` (the one table of fixed strings).
LABEL_KEYS = {
    "unit": "memo_unit", "ref": "memo_number", "date": "memo_date", "subject": "memo_subject", "to": "memo_to",
    "signed": "sign", "ack": "acknowledged", "approve": "permitted", "other": "other", "preface": "preface",
    "contents": "contents", "topic": "contents_topic", "page": "contents_page", "introduction": "introduction",
    "appendix": "appendix", "procedure_name": "procedure_name", "means": "means", "col_no": "col_short_no",
    "col_activity": "col_activity", "col_standard": "col_standard", "memo_heading": "memo_heading",
    "attached": "attached", "order_approved": "order_approved", "order_signed": "order_signed",
}


RUNNING_HEADER_PT = 10
"""Size of the running header (``@top-right`` in manual.css)."""


def _font_css() -> str:
    rules = []
    for stem, weight, style in FACES:
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; src: url("{font_path(stem).as_uri()}"); '
                     f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


def keep_words(text: str) -> Markup:
    """Let a short display line (a title, a cover line) break only at its spaces.

    Pango's Thai line breaking relies on a dictionary and may cut unknown names
    (ศรี|สุข) or compounds at a syllable; titles read better broken at the
    spaces their author put in.
    """
    return Markup(" ").join(Markup('<span class="nobr">{}</span>').format(part) for part in text.split(" "))


URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:)]")
"""A web address in running text (ends before trailing punctuation)."""
NUMBER_WITH_WORD = re.compile(r"(?<!\S)(\S{1,8}) ([๐-๙0-9][๐-๙0-9.,/:]*)(?!\S)")
"""A short word and the number after it ("เขต ๑", "พ.ศ. ๒๕๗๐", "ภายใน ๑๕"): printed on one line."""


def print_markup(text: str, names: tuple[str, ...] = (), words: tuple[str, ...] = ()) -> Markup:
    """``text`` as HTML for print: escaped, with the spans that control where lines break.

    * web addresses in ``<span class="url">`` (``overflow-wrap: anywhere``:
      a long address breaks anywhere rather than running out of its cell);
    * each of ``names`` (office names, personal names) breaks only at its own
      spaces, and never inside a word (Pango's Thai dictionary cuts unknown
      proper names: ศรี|สุข);
    * a short word and the number after it ("เขต ๑") stay on one line;
    * each of ``words`` is never cut (not used for the manuals: WeasyPrint 70 finds no break between
      adjacent no-wrap spans, so Thai text made of them runs out of its table cell, seen 2026-12-05);
    * ๆ and ฯ stay with the letters before them (:data:`WORD_AND_MARK`, e.g. คณะกรรมการเขตฯ);
    * the space before ๆ, ฯ and a closing bracket is a NO-BREAK SPACE (:func:`keep_marks`), so no
      line starts with one of them.

    No characters are added (a space may become a no-break space), so the PDF
    text layer is the source text.  Returns safe markup for the template.
    """
    text = keep_marks(text)
    protected: list[tuple[int, int, str]] = []
    for match in URL.finditer(text):
        protected.append((match.start(), match.end(), "url"))
    for name in sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s < end and start < e for s, e, _ in protected):
                protected.append((start, end, "name"))
            start = text.find(name, end)
    for match in NUMBER_WITH_WORD.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e, _ in protected):
            protected.append((match.start(), match.end(), "nobr"))
    for pattern in (words_pattern(words), WORD_AND_MARK):
        if pattern is None:
            continue
        taken = sorted(protected)
        for match in pattern.finditer(text):
            overlapping = [p for p in taken if p[0] < match.end() and match.start() < p[1]]
            if not overlapping:
                protected.append((match.start(), match.end(), "nobr"))
            elif pattern is WORD_AND_MARK and all(p[2] == "nobr" for p in overlapping):  # เขตฯ inside a kept piece
                for p in overlapping:
                    protected.remove(p)
                protected.append((min(match.start(), *(p[0] for p in overlapping)),
                                  max(match.end(), *(p[1] for p in overlapping)), "nobr"))
    out: list[Markup] = []
    position = 0
    for start, end, kind in sorted(protected):
        out.append(Markup.escape(text[position:start]))
        piece = text[start:end]
        if kind == "url":
            out.append(Markup('<span class="url">{}</span>').format(piece))
        elif kind == "nobr":
            out.append(Markup('<span class="nobr">{}</span>').format(piece))
        else:
            out.append(_keep_name(piece))
        position = end
    out.append(Markup.escape(text[position:]))
    return Markup("").join(out)


def _keep_name(name: str) -> Markup:
    """A proper name broken only at its spaces; a number stays with the word before it (เขต ๑)."""
    parts = name.split(" ")
    groups: list[str] = []
    for part in parts:
        if groups and re.fullmatch(r"[๐-๙0-9][๐-๙0-9.,/]*", part):
            groups[-1] += " " + part
        else:
            groups.append(part)
    return Markup(" ").join(Markup('<span class="nobr">{}</span>').format(g) for g in groups)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["keep_words"] = keep_words
    return env


def _qr_data_uri(url: str) -> str:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=1, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _grayscale(png: Path) -> Path:
    """A grayscale copy of a flowchart PNG, cached beside it (a quarter of the RGBA data to embed)."""
    gray = png.with_name(png.stem + ".gray.png")
    if not gray.exists():
        from PIL import Image

        with Image.open(png) as image:
            background = Image.new("RGBA", image.size, "white")
            flat = Image.alpha_composite(background, image.convert("RGBA")).convert("L")
            # parallel workers make the same figure (a procedure in two manuals): one temporary name each,
            # else one worker's rename hands the other a half-written file or takes its file away
            part = gray.with_name(f".{gray.stem}.{os.getpid()}.part.png")
            flat.save(part, dpi=image.info.get("dpi", (300, 300)))
            part.replace(gray)
    return gray


def _fallback_flowchart_table(rows, lang: str) -> Markup:
    e = Markup.escape  # YAML text is text, never markup (WeasyPrint would fetch an <img> it names)
    head = "".join(f"<th>{e(x)}</th>" for x in ([t("col_no", lang), t("col_flow", lang), t("col_detail", lang),
                                                  t("col_duration", lang), t("col_responsible", lang)]))
    body = []
    for r in rows:
        branches = "".join(f"<li>{e(b)} → {e(g)}</li>" for b, g in r.branches)
        body.append(f'<tr><td class="n">{e(r.number)}</td><td>{e(r.short)}</td><td>{e(r.text)}'
                    f'{"<ul class=branches>" + branches + "</ul>" if branches else ""}</td>'
                    f"<td>{e(r.duration)}</td><td>{e(r.responsible)}</td></tr>")
    return Markup(f'<table class="grid flow"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def render_html(handbook: Handbook, manual: Manual, lang: str, *, memo_only: bool = False,
                cache_dir: Path | None = None) -> str:
    """The manual (or its memo alone) as one HTML document for WeasyPrint."""
    content: ManualContent = manual_content(handbook, manual, lang)
    emblem = None
    if handbook.office.emblem:
        path = (handbook.sources["office"].path.parent / handbook.office.emblem).resolve()
        emblem = path.as_uri() if path.exists() else None
    cache = Path(cache_dir or handbook.root / ".cache").resolve()

    tx = functools.partial(print_markup, names=protected_names(handbook, lang))
    fc_table.load_table_lines(cache / "flowcharts" / "table-lines.json", tool_fingerprint(("print",)))

    def flowchart(procedure) -> Markup:
        try:
            table = fc.flowchart_table_html(procedure, lang, content.numerals, markup=lambda text: str(tx(text)))
            diagram = _grayscale(fc.render_flowchart(procedure, lang, "png", cache / "flowcharts"))
            alt = Markup.escape(f"{t('flowchart', lang)}: {procedure.title.get(lang)}")
            figure = (f'<figure class="diagram"><img src="{diagram.as_uri()}" alt="{alt}">'
                      f"<figcaption>{t('flowchart', lang)}</figcaption></figure>")
            return Markup(table + figure)
        except (ImportError, AttributeError, RuntimeError, FileNotFoundError):
            return _fallback_flowchart_table(step_rows(handbook, procedure, lang), lang)

    flow_css = ""
    try:
        flow_css = getattr(fc, "FLOWCHART_TABLE_CSS", "")
    except ImportError:
        pass
    template = _environment().get_template("manual.html.j2")
    html = template.render(
        c=content, L={name: t(key, lang) for name, key in LABEL_KEYS.items()},
        parts={"cover": not memo_only, "memo": True, "back": not memo_only}, memo_only=memo_only,
        emblem=emblem, qr=_qr_data_uri(content.back_cover_url), font_css=Markup(_font_css()),
        css=Markup((TEMPLATES / "manual.css").read_text(encoding="utf-8")), flowchart_css=Markup(flow_css),
        num=lambda v: num(handbook, lang, v), rows=lambda p: step_rows(handbook, p, lang), flowchart=flowchart,
        tx=tx, running=lambda title: running_title(title, RUNNING_HEADER_PT),
        appendix_pages=pdf_appendix_pages(handbook, manual, cache, memo_only), appendix_box=PDF_TEXT_BLOCK_MM,
    )
    fc_table.save_table_lines()  # the labels wrapped for the tables, for the next process
    return html


def write_manual_pdf(handbook: Handbook, manual: Manual, lang: str, path: Path, *, memo_only: bool = False,
                     cache_dir: Path | None = None, store=None) -> Path:
    """Write the manual (or, with ``memo_only``, its publication memo) as a PDF at ``path``.

    The PDF has the title, author and language in its metadata, bookmarks
    from the headings, tags (WeasyPrint's ``pdf_tags``), a corrected Thai
    text layer, and the appendix's PDF files as attachments.  Written to a temporary file first and renamed, so a failure
    never leaves a half-written PDF.  Raises ``ValueError`` when the manual
    has no memo and ``memo_only`` is asked.

    A manual is laid out in pieces (:mod:`generator.manuals.pdfjoin`), one
    after the other in this process, each cached in ``store`` (a
    :class:`generator.cache.Store`; default: the project's
    ``.cache/outputs``), so that writing it again after a change lays out
    only the changed chapters.  :func:`generator.manuals.jobs.make_manuals`
    runs the same steps spread over worker processes.
    """
    if memo_only:
        return write_whole_pdf(handbook, manual, lang, path, memo_only=True, cache_dir=cache_dir)
    store = store if store is not None else store_for(Path(cache_dir).parent if cache_dir else handbook.root)
    plan = plan_pdf(handbook, manual, lang, cache_dir=cache_dir)
    metas = []
    for index, key in enumerate(plan.keys):
        if store.get(PIECES, key) is None:
            make_piece(store.root, key, pdfjoin.body_document(plan.split, index), plan.base_url)
        metas.append(pdfjoin.read_meta(store.entry(PIECES, key) / "meta.json"))
    for step in finish_steps(plan, metas):
        if store.get(PIECES, step.key) is None:
            make_piece(store.root, step.key, step.html, plan.base_url, attachments=step.attachments)
    return join_pdf(plan, store, path)


def write_whole_pdf(handbook: Handbook, manual: Manual, lang: str, path: Path, *, memo_only: bool = False,
                    cache_dir: Path | None = None) -> Path:
    """Write the manual (or its memo) as one WeasyPrint document, not in pieces (the memo; and the reference the pieces are tested against)."""
    import weasyprint

    if memo_only and manual.memo is None:
        raise ValueError(f"manual {manual.id} has no memo")
    pdftext.install()
    pdfjoin.install_png_passthrough()
    html = render_html(handbook, manual, lang, memo_only=memo_only, cache_dir=cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        # appendix PDFs (e.g. the signed duty-assignment order) travel inside the manual as attachments
        attachments = [] if memo_only else [weasyprint.Attachment(filename=name, description=description)
                                            for name, description in _attachments(handbook, manual, lang)]
        weasyprint.HTML(string=html, base_url=str(handbook.root)).write_pdf(tmp, pdf_tags=True, attachments=attachments)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# --------------------------------------------------------------------------- the manual in pieces

PIECES = "pdf-pieces"
"""Kind of the cache entries of the pieces (:class:`generator.cache.Store`): ``file.pdf`` and ``meta.json``."""


def _attachments(handbook: Handbook, manual: Manual, lang: str) -> list[tuple[str, str]]:
    """(file path, description) of the appendix PDFs the manual carries as attachments."""
    return [(str(handbook.sources[f"manual:{manual.id}"].path.parent / item.file), item.title.get(lang))
            for item in manual.appendix if item.file and "appendix" in manual.parts]


@dataclasses.dataclass(frozen=True)
class PdfPlan:
    """A manual's PDF as pieces: the cut HTML, the cache key of each body piece, the front's attachments."""

    split: pdfjoin.Split
    keys: tuple[str, ...]
    base_url: str
    attachments: tuple[tuple[str, str], ...]


@dataclasses.dataclass(frozen=True)
class Step:
    """A piece laid out after the body: the footer document or the front (``attachments`` for the front)."""

    name: str
    key: str
    html: str
    attachments: tuple[tuple[str, str], ...] = ()


_FILE_URL = re.compile(r"""file://[^"')\s]+""")


@functools.lru_cache(maxsize=256)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    return digest(Path(path).read_bytes())


def piece_key(html: str, files: tuple[str, ...] = ()) -> str:
    """Cache key of one piece: its HTML, the bytes of every local file it names (fonts, flowchart images), ``files``, the tool.

    The tool's fingerprint (:func:`generator.cache.tool_fingerprint`) covers
    the generator's code, the print templates and the library versions.
    """
    from urllib.parse import unquote, urlsplit

    parts = []
    for name in sorted({unquote(urlsplit(url).path) for url in _FILE_URL.findall(html)} | set(files)):
        try:
            stat = os.stat(name)
            parts.append(name + "=" + _file_digest(name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            parts.append(name + "=missing")
    return digest("pdf-piece", tool_fingerprint(("print",)), html, *parts)


def plan_pdf(handbook: Handbook, manual: Manual, lang: str, *, cache_dir: Path | None = None) -> PdfPlan:
    """Render the manual's HTML and cut it into pieces (:func:`generator.manuals.pdfjoin.split_html`), with their keys."""
    html = render_html(handbook, manual, lang, cache_dir=cache_dir)
    split = pdfjoin.split_html(html)
    keys = tuple(piece_key(pdfjoin.body_document(split, i)) for i in range(len(split.pieces)))
    return PdfPlan(split=split, keys=keys, base_url=str(handbook.root),
                   attachments=tuple(_attachments(handbook, manual, lang)))


def finish_steps(plan: PdfPlan, metas: list[dict]) -> list[Step]:
    """The pieces made once the body pieces' page counts are known (``metas``: their metadata, in order)."""
    footers = pdfjoin.footer_document(plan.split, [name for meta in metas for name in meta["names"]])
    front = pdfjoin.front_document(plan.split, pdfjoin.body_anchors(metas))
    files = tuple(name for name, _description in plan.attachments)
    descriptions = tuple(description or "" for _name, description in plan.attachments)
    return [Step("footers", piece_key(footers), footers),
            Step("front", piece_key(front + "\0".join(descriptions), files), front, plan.attachments)]


def make_piece(store_root: Path, key: str, html: str, base_url: str,
               attachments: tuple[tuple[str, str], ...] = ()) -> dict:
    """Lay one piece out into the cache entry ``key`` of the store at ``store_root``; return its metadata."""
    import weasyprint

    store = Store(Path(store_root))
    metas = []

    def fill(folder: Path) -> None:
        files = [weasyprint.Attachment(filename=name, description=description) for name, description in attachments]
        meta = pdfjoin.render(html, base_url, folder / "file.pdf", attachments=files)
        pdfjoin.write_meta(meta, folder / "meta.json")
        metas.append(meta)

    entry = store.put(PIECES, key, fill)
    return metas[0] if metas else pdfjoin.read_meta(entry / "meta.json")


def join_pdf(plan: PdfPlan, store, path: Path) -> Path:
    """Join the cached pieces of ``plan`` (all made) into the manual's PDF at ``path``."""
    entries = [store.entry(PIECES, key) for key in plan.keys]
    metas = [pdfjoin.read_meta(entry / "meta.json") for entry in entries]
    footers, front = finish_steps(plan, metas)
    front_entry, footer_entry = store.entry(PIECES, front.key), store.entry(PIECES, footers.key)
    return pdfjoin.join((front_entry / "file.pdf", pdfjoin.read_meta(front_entry / "meta.json")),
                        [(entry / "file.pdf", meta) for entry, meta in zip(entries, metas)],
                        footer_entry / "file.pdf", path)
