"""The printed operations manual as a Word document (``manuals/<id>.docx``).

:func:`write_manual_docx` lays out the writer-neutral
:class:`generator.manual.ManualContent` with python-docx: cover, publication
memo, preface, table of contents, introduction, one chapter per procedure,
appendix and back cover.  The PDF writer (:mod:`generator.manual_pdf`) lays out
the same content; this module decides nothing about *what* the manual says.

Rules implemented here and their sources:

* Page: A4 (210 × 297 mm; python-docx's default template is US Letter), margins
  3 cm left, 2 cm right, 2.5 cm top, 2 cm bottom, TH Sarabun New 16 pt (issue 5,
  "Printed operations manuals").  TH Sarabun New is the official font of Thai
  government documents (Cabinet resolution of 7 September 2553 / 2010).
* Thai text is "complex script" in WordprocessingML (ECMA-376 part 1, 17.3.2.26
  ``rFonts`` and 17.3.2.39 ``szCs``): Word takes its font from ``w:cs`` and its
  size from ``w:szCs``, and bold from ``w:bCs``.  python-docx sets none of them, so
  every style used here gets ``w:ascii``/``w:hAnsi``/``w:cs``/``w:eastAsia``,
  ``w:sz`` + ``w:szCs``, ``w:lang w:bidi="th-TH"``, and loses the theme-font
  attributes (``w:asciiTheme`` …), which would override the named font.
* The publication memo follows form 8 (บันทึกข้อความ) of the Regulation of the
  Office of the Prime Minister on Correspondence B.E. 2526 (ระเบียบสำนักนายกรัฐมนตรี
  ว่าด้วยงานสารบรรณ พ.ศ. ๒๕๒๖): the Garuda emblem 1.5 cm high at the top left,
  the word "บันทึกข้อความ" 29 pt bold centred, then the lines ส่วนราชการ, ที่ …
  วันที่, เรื่อง and เรียน; the labels are printed bold 20 pt as on the usual
  typed template of the form, the values sit on dotted lines (here a right tab
  stop with a dot leader).  Body paragraphs start 2.5 cm in.  Every memo line has an
  exact height (1.35 times its size): Word with TH Sarabun New and LibreOffice with the
  font it substitutes (Laksaman, drawn a third larger, 2 em a line) give the lines the
  same height, and the memo stays on one page in both; the opinions of the approval
  chain stand one under the other beside the author's signature, the director's order
  (☐ ทราบ ☐ อนุญาต ☐ อนุมัติ ☐ ลงนาม) under it (:mod:`.memo`).
* Numbers of sections and items are already in :class:`ManualContent` (Thai
  or Arabic digits by the office's choice); Word auto-numbering is never used,
  so the document prints the same numbers as the PDF and the site.
* LibreOffice takes table column widths from ``w:tblGrid`` only, Word from
  ``w:tcW``: both are written.  Table header rows repeat on each page
  (``w:tblHeader``); rows may split across pages (no ``w:cantSplit``): a row
  taller than the space left on a page would otherwise be clipped at the page
  foot (measured in LibreOffice 7.4 on the example group manual).
* Flowchart row pictures are 4 mm narrower than their cell: LibreOffice pads
  cells even with zero margins, and a picture as wide as its cell is pushed
  right and cropped.  Table and body text gets U+200B between Thai words
  (PyThaiNLP) and U+2060 before an opening bracket followed by Thai, names and
  "เขต ๑" get U+00A0 (:meth:`_Writer.breaks`, :meth:`_Writer.glue`): LibreOffice
  then breaks no Thai word of the example group manual.
* Sections: cover; memo (top margin 1.5 cm); front matter numbered ก ข ค
  (``w:pgNumType w:fmt="thaiLetters"``, restarted at 1); introduction, each
  chapter and the appendix, numbered ๑ ๒ ๓ (``thaiNumbers``; ``decimal`` for an
  office with ``numerals: arabic``; restarted at 1 once) with their title as running header; back cover without number.
  LibreOffice 7.4 prints ก ข for ``thaiLetters`` but Arabic digits for
  ``thaiNumbers``; Word prints ๑ ๒ ๓.  No DOCX encoding gives Thai digits in
  LibreOffice 7.4: writerfilter's ``ConvertNumberingType``
  (writerfilter/source/dmapper/ConversionHelper.cxx) lists ``thaiNumbers`` and
  ``thaiCounting`` among the formats it does not map and returns ARABIC for
  them; ``ConvertCustomNumberFormat`` knows only "001, 002, 003, ..." and its
  4- and 5-digit forms; ``lcl_ParseNumberingType`` (DomainMapper_Impl.cxx)
  maps the PAGE/PAGEREF switches ``\\* ThaiArabic``, ``\\* ThaiCardText`` and
  ``\\* ThaiLetter`` all to CHARS_THAI (ก ข ค) and nothing to the native
  numbering that would print ๑ ๒ ๓.  Measured: fmt ``thaiNumbers``,
  ``thaiCounting``, ``hindiNumbers``, ``custom`` with ``w:format="๑, ๒, ๓, ..."``,
  and PAGE with ``\\* THAIARABIC``, ``\\* DBNUM1``, ``\\# "[NatNum1]0"`` or a
  Thai ``w:lang`` all print 3; ``\\* ThaiArabic`` prints ค.  So fields carry no
  format switch and Word takes the sections' formats.
* The contents are typed lines whose page numbers are ``PAGEREF`` fields to
  bookmarks at the headings: LibreOffice computes them while laying out (no
  update), Word fills them in on opening (``w:updateFields``).  A TOC field
  shows no page numbers until the reader updates it.  LibreOffice prints every
  PAGEREF in Arabic digits (it ignores the target's format and any switch), so
  the preface's line carries a typed ก (front matter page 1) and the contents'
  own line a PAGE field (ค on its own page, in both).

The package: this module holds the public API (:func:`write_manual_docx`) and
:class:`_Writer`, which builds the document part by part (:meth:`_Writer.build`)
from one mixin per concern: :mod:`.sections` (page setup, sections, page
numbers, headers, bookmarks), :mod:`.styles` (styles, settings, properties),
:mod:`.paragraphs`, :mod:`.text` (Thai word breaks, no-break spaces),
:mod:`.covers`, :mod:`.memo`, :mod:`.contents`, :mod:`.chapters`,
:mod:`.tables` and :mod:`.flowchart_rows`; :mod:`.measures` (layout
constants), :mod:`.xml` (low-level OOXML helpers) and :mod:`.assets` (emblem,
QR code) hold plain functions.  :func:`_flowchart_module` stays here, so a
test that replaces ``generator.manuals.docx._flowchart_module`` changes what
:class:`_Writer` uses.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docx import Document

import generator.flowchart as flowchart
import generator.flowchart.table as fc_table
from generator.cache import Memo, digest, tool_fingerprint
from generator.model.loader import Handbook
from generator.manuals.linebreaks import handbook_words
from generator.manuals.content import ManualContent, manual_content, protected_names
from generator.model.documents import Manual
# The helpers below are re-exported: they were importable from ``generator.manuals.docx``
# when it was one module.
from generator.manuals.docx.measures import (  # noqa: F401
    PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM,
    TEXT_WIDTH_MM, MEMO_EMBLEM_HEIGHT_MM, MEMO_HEADING_PT, MEMO_LABEL_PT, MEMO_INDENT_MM, MEMO_TOP_MM,
    COVER_EMBLEM_HEIGHT_MM, QR_SIZE_MM, INDENT_MM, ITEM_HANG_MM, ITEM_STEP_MM, FLOW_COLUMNS_MM, FLOW_SHAPE_MM,
    FLOW_SHAPE_MAX_MM, STANDARD_COLUMNS_MM, HEADER_SHADING)
from generator.manuals.docx.xml import (  # noqa: F401
    _RPR_ORDER, _PPR_ORDER, _TBLPR_ORDER, _TCPR_ORDER, _STYLE_ORDER, _THEME_ATTRS, _child, _set, _twips,
    _font_rpr, _black, _field, _remove_theme_fonts)
from generator.manuals.docx.text import (  # noqa: F401
    _w, _THAI, _NUMBER_WITH_WORD, _THAI_START, _THAI_END, _trie, _words, _split_compound, _thai_tokens,
    _body_align, _chapter_heading, _section_heading)
from generator.manuals.docx.assets import _emblem_path, _qr_png  # noqa: F401
from generator.manuals.docx.flowchart_rows import _FlowRow, _row_height_mm  # noqa: F401
from generator.manuals.docx.sections import SectionsMixin
from generator.manuals.docx.styles import StylesMixin
from generator.manuals.docx.paragraphs import ParagraphsMixin
from generator.manuals.docx.text import TextMixin
from generator.manuals.docx.covers import CoversMixin
from generator.manuals.docx.memo import MemoMixin
from generator.manuals.docx.contents import ContentsMixin
from generator.manuals.docx.chapters import ChaptersMixin
from generator.manuals.docx.tables import TablesMixin
from generator.manuals.docx.flowchart_rows import FlowchartMixin

# --------------------------------------------------------------------------- public API


def write_manual_docx(handbook: Handbook, manual: Manual, lang: str, path: Path, *,
                      font: str = "TH Sarabun New", size_pt: float = 16, cache_dir: Path) -> Path:
    """Write ``manual`` in ``lang`` as a Word document at ``path`` and return ``path``.

    Inputs: the validated ``handbook``, one of its ``manual`` definitions, the
    language ``lang`` ("th" or "en"), the target ``path`` (its folder must
    exist), the body ``font`` (a family name; Word and LibreOffice substitute
    a similar installed font when it is missing) and its size ``size_pt`` in
    points (headings are derived from it: chapter titles +4 pt, cover title
    +12 pt).  ``cache_dir`` holds generated images (QR code, and the flowchart
    pictures of :mod:`generator.flowchart` when that module is available); it
    is created when missing.

    Output: an A4 .docx (see the module docstring for the rules and their
    sources).  The file is written to a temporary file in the same folder and
    moved over ``path`` with :func:`os.replace`, so a reader never sees a
    half-written manual and a failure leaves the old file untouched.

    Errors: ``FileNotFoundError`` when the office emblem named in office.yml
    is missing, ``OSError`` when ``path`` cannot be written; ``KeyError`` only
    for ids the loader has already validated.
    """
    path = Path(path)
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    content = manual_content(handbook, manual, lang)
    emblem = _emblem_path(handbook)
    # the flowchart tables' rows of earlier runs (charts and wrapped labels), shared with the PDF writer
    fc_table.load_table_lines(cache_dir / "flowcharts" / "table-lines.json", tool_fingerprint(("print",)))
    writer = _Writer(handbook, content, font, size_pt, cache_dir, emblem)
    document = writer.build()
    writer.word_memo.save()
    fc_table.save_table_lines()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        document.save(str(tmp))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------------- the writer


class _Writer(SectionsMixin, StylesMixin, ParagraphsMixin, TextMixin, CoversMixin, MemoMixin, ContentsMixin,
              ChaptersMixin, TablesMixin, FlowchartMixin):
    """Builds one python-docx Document from one :class:`ManualContent`.

    Its methods live in the mixins, one per concern (see the package docstring).
    """

    def __init__(self, handbook: Handbook, content: ManualContent, font: str, size_pt: float,
                 cache_dir: Path, emblem: Path | None):
        self.handbook = handbook
        self.c = content
        self.lang = content.lang
        self.font = font
        self.size = size_pt
        self.half = round(size_pt * 2)
        self.table_size = size_pt - 2  # table text, as in printed Thai manuals (14 pt with 16 pt body)
        self.cache_dir = cache_dir
        self.emblem = emblem
        self.doc = Document()
        self.flowchart = _flowchart_module()
        self.names = protected_names(handbook, self.lang)
        # Thai word cuts of earlier builds (the office's words, each text's break hints): an edit cuts its own text only
        self.word_memo = Memo(cache_dir / "docx-thai-words.marshal", tool_fingerprint(("print",)))
        self.words = frozenset(handbook_words(handbook, self.lang, self.word_memo))
        self.names_key = digest(*self.names)  # the cuts depend on the names added to the dictionary

    # ---------------------------------------------------------------- document setup

    def build(self):
        self._page()
        self._styles()
        self._settings()
        self._properties()
        parts = self.c.parts
        if "cover" in parts:
            self.cover()
        if self.c.memo is not None:
            self.memo(self.c.memo)
        if "preface" in parts or "contents" in parts:
            self.section("front")
        if "preface" in parts:
            self.preface()
        if "contents" in parts:
            self.contents()
        if "introduction" in parts:
            self.section("main", (self.c.introduction_title or _w("introduction", self.lang)))
            self.introduction()
        if self.c.unit_parts:  # a group manual: each work unit's part page, then its chapters
            for index, part in enumerate(self.c.unit_parts, start=1):
                self.section("main", part.title)
                self.unit_part(part, index)
                for chapter in part.chapters:
                    self.section("main", _chapter_heading(chapter, self.lang))
                    self.chapter(chapter)
        for chapter in ([] if self.c.unit_parts else self.c.chapters):
            self.section("main", _chapter_heading(chapter, self.lang))
            self.chapter(chapter)
        if self.c.appendix and "appendix" in parts:
            self.section("main", _w("appendix", self.lang))
            self.appendix()
        if "back_cover" in parts:
            self.section("none")
            self.back_cover()
        return self.doc


def _flowchart_module():
    """:mod:`generator.flowchart`, which draws the flowchart pictures (tests replace this function to leave them out)."""
    return flowchart
