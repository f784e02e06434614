"""A manual's PDF laid out in pieces and joined: the pieces in parallel and cached, the contents numbered after.

WeasyPrint lays a long document out in one process (about 60 ms a page for
the flowchart tables of a group manual), and a change to one chapter lays
out the whole manual again.  So the manual's HTML (one document, made by
:func:`generator.manuals.pdf.render_html`) is cut into pieces, each a
complete HTML document with the same ``<head>``:

* **body pieces**: every top-level ``<section>`` of ``<div class="mainmatter">``
  (the introduction, each chapter; a work unit's part page goes with the
  chapter after it; the appendix with everything after it, back cover
  included).  Each is laid out alone with the margin boxes that print the page counter switched off,
  so its PDF does not depend on where it starts and is cached by the digest
  of its HTML alone (:func:`piece_key`);
* **page numbers**: one document of blank ``main`` pages carrying only the
  page-number footers of the whole body (``@page main`` of the manual's own
  CSS: Thai or Arabic digits, restarted at ๑), laid over the body pages when
  they are joined (:func:`footer_document`);
* **the front**: cover, memo, preface, contents.  It is laid out last, when
  the body's page numbers are known: each contents link to a body anchor
  gets its page number as text (``data-page``; the CSS's
  ``target-counter(attr(href), page, var(--main-style))`` reads
  ``attr(data-page)`` instead) and an ``hb-piece:`` address that
  :func:`join` turns back into an internal link.  Its front-matter numbers
  (ก ข ค) are its own.

:func:`join` (pikepdf: qpdf, 20× faster than pypdf here) puts the pages in order and rebuilds what spans the
pieces: named destinations, the contents' links, the outline (from the
``bookmark-level`` of every heading, nested by WeasyPrint's own rule), the
tag tree (each piece's ``Document`` children under one ``Document``, the
parent tree renumbered), the metadata, language and attachments of the front.
Page count, page numbers, running headers (``string-set`` inside each
chapter), the Thai text layer (:mod:`generator.manuals.pdftext`) are those of
the whole-document layout: ``tests/test_pdf_pieces.py`` compares both.

Every step is deterministic (no dates, no random ids), so the same input
gives the same bytes.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from types import SimpleNamespace

SCALE = 0.75
"""CSS px → PDF pt (WeasyPrint's ``zoom=1``)."""
LINK_SCHEME = "hb-piece:"
"""Address given to a front-matter link whose target is in a body piece; :func:`join` makes it internal again."""
MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner", "bottom-left-corner",
                "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner", "left-top", "left-middle",
                "left-bottom", "right-top", "right-middle", "right-bottom")
PAGE_NUMBER_BOX = re.compile(r"@([a-z-]+)\s*\{[^{}]*counter\(\s*page\b")
"""A margin box of the CSS that prints the page counter (``@bottom-center { content: counter(page, …) }``)."""
TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*,\s*var\(\s*--main-style\s*\)\s*\)")
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
SECTION_OR_DIV = re.compile(r"<(/?)(section|div)\b[^>]*>")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@dataclasses.dataclass(frozen=True)
class Split:
    """A manual's HTML cut into pieces (all strings are HTML markup).

    ``head``: everything up to and including ``<body>``; ``front``: the body
    markup before the main matter; ``pieces``: the body markup of each body
    piece, in order; ``numerals``: "thai" or "decimal" (the body's page
    numbers, from the CSS variable ``--main-style``).
    """

    head: str
    front: str
    pieces: tuple[str, ...]
    numerals: str


def _matching_end(html: str, start: int) -> int:
    """Index just after the ``</div>`` or ``</section>`` closing the element opened at ``start``."""
    depth = 0
    for match in SECTION_OR_DIV.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    raise ValueError("unbalanced <div>/<section> in the manual's HTML")


def split_html(html: str) -> Split:
    """Cut the manual's HTML (``templates/print/manual.html.j2``) into the front and the body pieces.

    Raises ``ValueError`` when the HTML has no ``<body>`` or no main matter
    (a memo alone is printed whole).
    """
    head, sep, rest = html.partition("<body>")
    if not sep:
        raise ValueError("the manual's HTML has no <body>")
    body = rest.rsplit("</body>", 1)[0]
    main = re.search(r'<div class="mainmatter">', body)
    if main is None:
        raise ValueError("the manual's HTML has no main matter")
    end = _matching_end(body, main.start())
    inner = body[main.end():end - len("</div>")]
    sections = []
    position = 0
    while True:
        opening = re.compile(r"<section\b[^>]*>").search(inner, position)
        if opening is None:
            break
        close = _matching_end(inner, opening.start())
        classes = (re.search(r'class="([^"]*)"', opening.group(0)) or ["", ""])[1].split()
        sections.append((classes, inner[opening.start():close]))
        position = close
    groups: list[list[str]] = []
    joined_to_next = in_appendix = False
    for classes, markup in sections:
        if groups and (joined_to_next or in_appendix):
            groups[-1].append(markup)
        else:
            groups.append([markup])
        joined_to_next = "part" in classes  # a work unit's part page goes with its first chapter
        in_appendix = in_appendix or "appendix" in classes  # the appendix and what follows: the last piece
    tail = body[end:]
    pieces = ['<div class="mainmatter">\n' + "\n".join(group) + "\n</div>\n" for group in groups]
    if pieces:
        pieces[-1] += tail
    elif tail.strip():
        pieces.append(tail)
    style = re.search(r"--main-style:\s*([a-z-]+)", head)
    return Split(head=head + "<body>", front=body[:main.start()], pieces=tuple(pieces),
                 numerals="thai" if style and style.group(1) == "thai" else "decimal")


def document(split: Split, body: str) -> str:
    """A complete HTML document: the manual's head and ``body`` markup."""
    return split.head + "\n" + body + "\n</body>\n</html>\n"


def _page_number_boxes(split: Split) -> set[str]:
    """The margin boxes whose content uses the page counter, found in the manual's CSS."""
    style = STYLE.search(split.head)
    found = set(PAGE_NUMBER_BOX.findall(style.group(1) if style else "")) & set(MARGIN_BOXES)
    return found or {"bottom-center"}


def _switch_off(split: Split, boxes) -> str:
    """The manual's head with the content of the margin boxes ``boxes`` switched off on every page."""
    rules = "".join(f"@{box} {{ content: none !important; }} " for box in sorted(boxes))
    return split.head.replace("</style>", f"\n@page {{ {rules}}}\n</style>", 1)


def body_document(split: Split, index: int) -> str:
    """HTML of body piece ``index``: the margin boxes with page numbers are switched off (the footer document has them)."""
    return _switch_off(split, _page_number_boxes(split)) + "\n" + split.pieces[index] + "\n</body>\n</html>\n"


def footer_document(split: Split, names: list[str]) -> str:
    """HTML of blank body pages that carry only the body's page numbers (๑ ๒ … or 1 2 …).

    ``names``: the named page (CSS ``page``) of each body page, in order, so
    that each blank page gets the footer its page gets (none on the back cover).
    """
    blank = '<div style="break-before: page; height: 1px; page: {}"></div>'
    head = _switch_off(split, set(MARGIN_BOXES) - _page_number_boxes(split))  # the pieces print the other boxes
    return (head + '\n<div class="mainmatter">' + "".join(blank.format(name or "auto") for name in names)
            + "</div>\n</body>\n</html>\n")


def page_label(number: int, numerals: str) -> str:
    """A body page number as printed: Thai digits or Arabic."""
    return str(number).translate(THAI_DIGITS) if numerals == "thai" else str(number)


def front_document(split: Split, anchors: dict[str, int]) -> str:
    """HTML of the front (cover, memo, preface, contents) with the body's page numbers written in.

    ``anchors``: body anchor (element id) → body page number (1-based).
    Each ``href="#id"`` to a body anchor becomes ``href="hb-piece:id"`` with
    ``data-page`` = the page number as printed, and the CSS's
    ``target-counter(attr(href), page, var(--main-style))`` becomes
    ``attr(data-page)``.  Links to the front's own anchors are unchanged.
    """
    def link(match: re.Match) -> str:
        target = match.group(1)
        if target not in anchors:
            return match.group(0)
        label = page_label(anchors[target], split.numerals)
        return f'href="{LINK_SCHEME}{target}" data-page="{label}"'

    front = re.sub(r'href="#([^"]+)"', link, split.front)
    head = STYLE.sub(lambda m: "<style>" + TARGET_PAGE.sub("attr(data-page)", m.group(1)) + "</style>", split.head, count=1)
    return head + "\n" + front + "\n</body>\n</html>\n"


# --------------------------------------------------------------------------- rendering (in a worker)


@functools.lru_cache(maxsize=8)
def _stylesheet(css: str, base_url: str):
    """The parsed stylesheet with its own font configuration, shared by the pieces of a process.

    Parsing the CSS and loading the @font-face files costs ~0.1 s a document;
    a chapter piece takes 0.1–0.3 s.  The output is the same bytes as with a
    fresh configuration (checked by ``tests/test_pdf_pieces.py``).
    """
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    fonts, counters = FontConfiguration(), CounterStyle()
    return weasyprint.CSS(string=css, base_url=base_url, font_config=fonts, counter_style=counters), fonts, counters


atexit.register(_stylesheet.cache_clear)  # free the font configurations while WeasyPrint's modules are still there


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_idat(data: bytes) -> bytes | None:
    """The image data of an 8-bit grayscale, non-interlaced PNG (its IDAT chunks joined), else ``None``."""
    import struct

    # IHDR: width, height (4 bytes each), bit depth, colour type, compression, filter, interlace
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR" or data[24:26] != b"\x08\x00" or data[28] != 0:
        return None
    out, position = [], 8
    while position + 8 <= len(data):
        length, kind = struct.unpack("!I4s", data[position:position + 8])
        if kind == b"IDAT":
            out.append(data[position + 8:position + 8 + length])
        position += 12 + length
    return b"".join(out) or None


def install_png_passthrough() -> None:
    """Patch WeasyPrint 70 to embed an 8-bit grayscale PNG's compressed data as it is.

    WeasyPrint decodes every PNG and encodes it again with Pillow to get its
    IDAT data (``RasterImage._get_png_data``): about 20 ms of CPU for each
    chapter's flowchart figure (a grayscale PNG at 300 dpi, made by
    :func:`generator.manuals.pdf._grayscale`), 4 % of a manual's print.  The
    IDAT data of an 8-bit grayscale, non-interlaced PNG is already what the
    PDF stream needs (Flate with PNG predictors, one colour, 8 bits), so it is
    passed through; any other image goes the usual way.  Same pixels.
    """
    from weasyprint.images import RasterImage

    original = RasterImage._get_png_data
    if getattr(original, "hb_passthrough", False):
        return

    def _get_png_data(pillow_image):
        source = getattr(pillow_image, "fp", None)
        if pillow_image.format == "PNG" and pillow_image.mode == "L" and hasattr(source, "getvalue"):
            data = _png_idat(source.getvalue())
            if data is not None:
                return data
        return original(pillow_image)

    _get_png_data.hb_passthrough = True
    RasterImage._get_png_data = staticmethod(_get_png_data)


def render(html: str, base_url: str, path: Path, *, attachments: list | None = None) -> dict:
    """Lay ``html`` out with WeasyPrint and write it as a tagged PDF at ``path``; return what :func:`join` needs.

    The returned dict (JSON-able): ``pages`` (count), ``heights`` (CSS px a
    page), ``names`` (the named page of each page, CSS ``page``), ``bookmarks`` (per page: [level, label, x, y, state], CSS px from
    the top left), ``anchors`` (id → [page, x, y] in PDF points).
    ``attachments``: ``weasyprint.Attachment`` objects (the front's).
    Raises what WeasyPrint raises.
    """
    import weasyprint

    import generator.manuals.pdftext as pdftext  # deferred: it imports WeasyPrint (4.3 s)

    pdftext.install()
    install_png_passthrough()
    style = STYLE.search(html)
    css, fonts, counters = _stylesheet(style.group(1) if style else "", base_url)
    bare = STYLE.sub("", html, count=1)
    doc = weasyprint.HTML(string=bare, base_url=base_url).render(stylesheets=[css], font_config=fonts,
                                                                 counter_style=counters)
    meta = {"pages": len(doc.pages), "heights": [], "names": [], "bookmarks": [], "anchors": {}}
    for number, page in enumerate(doc.pages):
        meta["heights"].append(page.height)
        meta["names"].append(page._page_box.page_type.name)
        meta["bookmarks"].append([[level, label, x, y, state] for level, label, (x, y), state in page.bookmarks])
        for name, (x, y, _w, _h) in page.anchors.items():
            if name not in meta["anchors"]:
                meta["anchors"][name] = [number, x * SCALE, (page.height - y) * SCALE]
    doc.write_pdf(str(path), pdf_tags=True, attachments=attachments or [])
    return meta


# --------------------------------------------------------------------------- joining


def body_anchors(metas: list[dict]) -> dict[str, int]:
    """Body anchor → its page number in the body (1-based), from the body pieces' metadata in order."""
    out: dict[str, int] = {}
    offset = 0
    for meta in metas:
        for name, (page, _x, _y) in meta["anchors"].items():
            out.setdefault(name, offset + page + 1)
        offset += meta["pages"]
    return out


def _outline(pdf, metas: list[dict], offsets: list[int]) -> None:
    """The outline of the joined PDF, nested from the ``bookmark-level`` of every heading as WeasyPrint nests them."""
    import pikepdf
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    root: list = []
    skipped: list = []
    last_by_depth = [root]
    previous = 0
    for meta, offset in zip(metas, offsets):
        for number in range(meta["pages"]):
            page = SimpleNamespace(bookmarks=[(level, label, (x, y), state)
                                              for level, label, x, y, state in meta["bookmarks"][number]])
            matrix = Matrix(a=SCALE, d=-SCALE, f=meta["heights"][number] * SCALE)
            previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, offset + number, matrix)

    def items(tree) -> list:
        out = []
        for label, (page, x, y), children, state in tree:
            item = pikepdf.OutlineItem(label, page, pikepdf.PageLocation.XYZ, left=_round(x), top=_round(y), zoom=0)
            item.is_closed = state == "closed"
            item.children.extend(items(children))
            out.append(item)
        return out

    with pdf.open_outline(strict=True) as outline:
        outline.root.extend(items(root))


def _round(value: float) -> float:
    return round(value, 4)


def _stamp(pdf, page, form) -> None:
    """Draw the footer ``form`` (a form XObject of ``pdf``) on ``page`` after its own content, as a pagination artifact.

    The piece's pages share one resource dictionary; each stamped page gets
    its own copy that adds the form.
    """
    import pikepdf

    resources = pikepdf.Dictionary({key: value for key, value in page.obj.Resources.items()})
    xobjects = pikepdf.Dictionary({key: value for key, value in resources.get("/XObject", pikepdf.Dictionary()).items()})
    xobjects["/HbPageNumber"] = form
    resources["/XObject"] = xobjects
    page.obj.Resources = resources
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n/Artifact <</Type /Pagination>> BDC\nq /HbPageNumber Do Q\nEMC\n"))


def join(front: tuple[Path, dict], bodies: list[tuple[Path, dict]], footers: Path | None, out: Path) -> Path:
    """Join the front's PDF, the body pieces' PDFs (with the footer document's page numbers laid over them) at ``out``.

    ``front`` and each of ``bodies``: (PDF path, metadata of :func:`render`);
    ``footers``: the footer document's PDF (one page a body page).  Uses
    pikepdf (qpdf): about 0.3 s for 150 pages where pypdf took 7 s.
    Written to a temporary file first and renamed; the file ID is derived
    from the content (the same input gives the same bytes).  Raises
    ``ValueError`` when the footer document's page count is not the body's.
    """
    import pikepdf

    metas = [front[1]] + [meta for _path, meta in bodies]
    body_pages = sum(meta["pages"] for meta in metas[1:])
    with contextlib.ExitStack() as stack:
        sources = [stack.enter_context(pikepdf.open(path)) for path in [front[0], *(p for p, _m in bodies)]]
        footer_pdf = stack.enter_context(pikepdf.open(footers)) if footers else None
        if footer_pdf is not None and len(footer_pdf.pages) != body_pages:
            raise ValueError(f"footer document has {len(footer_pdf.pages)} pages, the body {body_pages}")
        pdf = stack.enter_context(pikepdf.new())
        offsets = []
        for source in sources:
            offsets.append(len(pdf.pages))
            with warnings.catch_warnings():  # named destinations are rebuilt below, from every piece
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning if hasattr(pikepdf, "PageCopyWarning") else Warning)
                pdf.pages.extend(source.pages)
        if footer_pdf is not None:
            for number in range(body_pages):
                form = pdf.copy_foreign(footer_pdf.pages[number].as_form_xobject())
                _stamp(pdf, pdf.pages[offsets[1] + number], form)
        # named destinations of every piece (ids are unique in the manual's HTML), then the contents' links
        dests: dict[str, object] = {}
        for meta, offset in zip(metas, offsets):
            for name, (page, x, y) in meta["anchors"].items():
                dests.setdefault(name, pikepdf.Array([pdf.pages[offset + page].obj, pikepdf.Name.XYZ,
                                                      _round(x), _round(y), 0]))
        for page in pdf.pages[:metas[0]["pages"]]:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if uri.startswith(LINK_SCHEME):
                    target = uri[len(LINK_SCHEME):]
                    del annot["/A"]
                    annot.Dest = pikepdf.String(target)
                    if "/Contents" in annot:
                        annot.Contents = pikepdf.String(target)
        names = pikepdf.Array()
        for name in sorted(dests):
            names.append(pikepdf.String(name))
            names.append(dests[name])
        tree = pikepdf.Dictionary(Dests=pdf.make_indirect(pikepdf.Dictionary(Names=names)))
        front_root = sources[0].Root
        if "/Names" in front_root and "/EmbeddedFiles" in front_root.Names:
            tree.EmbeddedFiles = pdf.copy_foreign(front_root.Names.EmbeddedFiles)
        pdf.Root.Names = pdf.make_indirect(tree)
        _outline(pdf, metas, offsets)
        _tags(pdf, sources, offsets)
        for key in ("/Lang", "/ViewerPreferences", "/MarkInfo"):
            if key in front_root:
                pdf.Root[key] = _copy(pdf, front_root[key])
        pdf.docinfo = pdf.copy_foreign(sources[0].docinfo)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(fd)
        try:
            pdf.save(tmp, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                     compress_streams=True, linearize=False)
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return out


def _copy(pdf, value):
    """``value`` of another PDF as an object of ``pdf``: indirect objects copied (once: qpdf keeps the mapping), direct ones rebuilt."""
    import pikepdf

    if not isinstance(value, pikepdf.Object):  # a scalar pikepdf gives as a Python value
        return value
    if value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pdf, item) for key, item in value.items()})
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, item) for item in value])
    return value


def _tags(pdf, sources, offsets) -> None:
    """One tag tree for the joined PDF: every piece's ``Document`` children in order, the parent tree renumbered.

    WeasyPrint numbers a piece's parent tree 0…n-1 for its pages
    (``/StructParents``) and n… for its link annotations (``/StructParent``);
    here the pages come first (their index in the joined PDF), then every
    piece's annotations.  Pieces without tags are skipped.
    """
    import pikepdf

    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document_elem = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
    kids = pikepdf.Array()
    page_nums: list = []
    annot_nums: list = []
    total_pages = len(pdf.pages)
    counts = [len(source.pages) for source in sources]
    for source, offset, count in zip(sources, offsets, counts):
        if "/StructTreeRoot" not in source.Root:
            continue
        tree = source.Root.StructTreeRoot
        top = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        children = top.get("/K", pikepdf.Array())
        for child in (children if isinstance(children, pikepdf.Array) else [children]):
            copied = _copy(pdf, child)
            if isinstance(copied, pikepdf.Dictionary):
                copied.P = document_elem
            kids.append(copied)
        nums = tree.ParentTree.get("/Nums", pikepdf.Array())
        for i in range(0, len(nums), 2):
            key, value = int(nums[i]), nums[i + 1]
            value = _copy(pdf, value)
            if key < count:
                page_nums.append((offset + key, value))
            else:
                annot_nums.append((offset, key, value))
        for number in range(count):
            page = pdf.pages[offset + number].obj
            if "/StructParents" in page:
                page.StructParents = offset + number
    nums = pikepdf.Array()
    for key, value in sorted(page_nums, key=lambda kv: kv[0]):
        nums.append(key)
        nums.append(value)
    renumbered = {}
    for index, (offset, old, value) in enumerate(annot_nums, start=total_pages):
        nums.append(index)
        nums.append(value)
        renumbered[(offset, old)] = index
    for offset, count in zip(offsets, counts):
        for page in pdf.pages[offset:offset + count]:
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot and (offset, int(annot.StructParent)) in renumbered:
                    annot.StructParent = renumbered[(offset, int(annot.StructParent))]
    document_elem.K = kids
    root.K = pikepdf.Array([document_elem])
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    pdf.Root.StructTreeRoot = root


def write_meta(meta: dict, path: Path) -> None:
    """Store a piece's metadata next to its PDF (sorted JSON, so the entry's bytes are reproducible)."""
    path.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def read_meta(path: Path) -> dict:
    """A piece's metadata written by :func:`write_meta`."""
    return json.loads(path.read_text(encoding="utf-8"))
