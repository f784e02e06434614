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
  stop with a dot leader).  Body paragraphs start 2.5 cm in.
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
  right and cropped.  Table text gets U+200B between Thai words (PyThaiNLP),
  names and "เขต ๑" get U+00A0 (:meth:`_Writer.breaks`, :meth:`_Writer.glue`).
* Sections: cover; memo (top margin 1.5 cm); front matter numbered ก ข ค
  (``w:pgNumType w:fmt="thaiLetters"``, restarted at 1); introduction, each
  chapter and the appendix, numbered ๑ ๒ ๓ (``thaiNumbers``, restarted at 1
  once) with their title as running header; back cover without number.
  LibreOffice 7.4 prints ก ข for ``thaiLetters`` but Arabic digits for
  ``thaiNumbers`` (it has no Thai-digit page format for DOCX; checked with the
  field switches ``\\* ThaiArabic`` and ``\\* ThaiLetter`` too, which it prints
  as ก ข); Word prints ๑ ๒ ๓.
* The contents are typed lines whose page numbers are ``PAGEREF`` fields to
  bookmarks at the headings: LibreOffice computes them while laying out (no
  update), Word fills them in on opening (``w:updateFields``).  A TOC field
  shows no page numbers until the reader updates it.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from generator.i18n import t
from generator.model.loader import Handbook
from generator.manuals.content import (Chapter, Item, ManualContent, MemoContent, Section, StepRow, UnitPart,
                                       manual_content, protected_names, step_rows)
from generator.model.documents import Manual
from generator.text import digits

# --------------------------------------------------------------------------- layout constants

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 20
MARGIN_TOP_MM = 25
MARGIN_BOTTOM_MM = 20
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 160 mm

MEMO_EMBLEM_HEIGHT_MM = 15  # form 8: the Garuda 1.5 cm high
MEMO_HEADING_PT = 29  # form 8: "บันทึกข้อความ" 29 pt bold
MEMO_LABEL_PT = 20
MEMO_INDENT_MM = 25  # body paragraphs start 2.5 cm in
MEMO_TOP_MM = 15  # the memo page's top margin: the form starts higher than the manual's pages
COVER_EMBLEM_HEIGHT_MM = 40
QR_SIZE_MM = 35
INDENT_MM = 12.5  # first-line indent of manual paragraphs
ITEM_HANG_MM = 12  # number column of numbered items
ITEM_STEP_MM = 10  # extra indent per nesting level

#: Column widths (mm) of the flowchart table: ลำดับที่ | ผังขั้นตอน | รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ.
FLOW_COLUMNS_MM = (15, 40, 45, 30, 30)
FLOW_SHAPE_MM = FLOW_COLUMNS_MM[1] - 4
"""Width of a flowchart row picture: narrower than its cell, whose padding LibreOffice adds even when
the cell margins are 0 (a picture as wide as the cell is pushed right and cropped)."""
FLOW_SHAPE_MAX_MM = 220
"""Tallest row picture (mm): a row taller than the text height of a page splits, its picture cannot."""
#: Column widths (mm) of the work-standard table: ที่ | กิจกรรม/วิธีปฏิบัติ | มาตรฐานการปฏิบัติงาน.
STANDARD_COLUMNS_MM = (12, 80, 68)
HEADER_SHADING = "D9D9D9"

#: Fixed words of the printed manual that the site does not use (candidates for :mod:`generator.i18n`).


def _w(key: str, lang: str) -> str:
    return {"col_no": t("col_no_wrapping", lang), "flowchart_figure": t("flow_figure_title", lang)}.get(key) or t(key, lang)


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
    writer = _Writer(handbook, content, font, size_pt, cache_dir, emblem)
    document = writer.build()
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


def _emblem_path(handbook: Handbook) -> Path | None:
    """The office emblem (relative to office.yml), or None when office.yml names none."""
    emblem = handbook.office.emblem
    if not emblem:
        return None
    source = handbook.sources.get("office")
    base = Path(source.path).parent if source is not None else Path(handbook.root)
    found = base / emblem
    if not found.is_file():
        raise FileNotFoundError(f"office emblem {found} (office.yml: emblem) does not exist")
    return found


# --------------------------------------------------------------------------- low-level XML helpers

_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
_TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark")
_STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
                "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
                "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _child(parent, tag: str, order: tuple[str, ...]):
    """The child ``w:tag`` of ``parent``, created at its schema position when missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = set(order[order.index(tag) + 1:])
    for index, existing in enumerate(parent):
        local = existing.tag.rsplit("}", 1)[-1]
        if local in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _set(element, **attrs: str) -> None:
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _font_rpr(rpr, font: str, half_points: int | None, bold: bool | None = None) -> None:
    """Named fonts for all four scripts, Latin and complex-script size, Thai language; no theme fonts."""
    fonts = _child(rpr, "rFonts", _RPR_ORDER)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    _set(fonts, ascii=font, hAnsi=font, cs=font, eastAsia=font)
    if bold is not None:
        for tag in ("b", "bCs"):
            element = _child(rpr, tag, _RPR_ORDER)
            if not bold:
                _set(element, val="0")
    if half_points is not None:
        _set(_child(rpr, "sz", _RPR_ORDER), val=half_points)
        _set(_child(rpr, "szCs", _RPR_ORDER), val=half_points)
    lang = _child(rpr, "lang", _RPR_ORDER)
    _set(lang, val="en-US", eastAsia="en-US", bidi="th-TH")


def _black(rpr) -> None:
    color = _child(rpr, "color", _RPR_ORDER)
    for attr in ("themeColor", "themeShade", "themeTint"):
        color.attrib.pop(qn(f"w:{attr}"), None)
    _set(color, val="000000")


def _field(paragraph, instruction: str, result: str = "") -> None:
    """A complex field ``instruction`` with a cached ``result`` in ``paragraph``."""
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        _set(element, fldCharType=kind)
        run._r.append(element)
    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(result)
    char("end")


def _remove_theme_fonts(root) -> None:
    for fonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)


# --------------------------------------------------------------------------- the writer


class _Writer:
    """Builds one python-docx Document from one :class:`ManualContent`."""

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
            self.section("main", _w("introduction", self.lang))
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

    def _page(self) -> None:
        """Page size and margins of the first section (cover and memo: no page number, no header)."""
        section = self.doc.sections[0]
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.left_margin = Mm(MARGIN_LEFT_MM)
        section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.top_margin = Mm(MARGIN_TOP_MM)
        section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
        section.header_distance = Mm(12.5)
        section.footer_distance = Mm(10)
        self._section_used = False  # nothing written in the current section yet
        self._section_fresh = True  # the next paragraph starts a page of its own
        self._main_started = False

    def section(self, kind: str, header: str = "", *, top_mm: float = MARGIN_TOP_MM) -> None:
        """Start a new section on a new page: ``kind`` is "front" (pages ก ข ค, restarted at 1),
        "main" (pages ๑ ๒ ๓, restarted at 1 in the first main section, then continued) or
        "none" (no page number: the back cover); ``header`` runs at the top right of its pages.

        Sections give what Word and LibreOffice both print without updating
        fields: page numbers per part, a running header per chapter, none on
        the cover, memo and back cover (ECMA-376 part 1, 17.6.12 ``pgNumType``).
        """
        if self._section_used:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        else:
            section = self.doc.sections[-1]
        self._section_used = False
        self._section_fresh = True
        section.top_margin = Mm(top_mm)
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        footer = section.footer.paragraphs[0]
        for run in list(footer.runs):
            run._r.getparent().remove(run._r)
        head = section.header.paragraphs[0]
        for run in list(head.runs):
            run._r.getparent().remove(run._r)
        sectpr = section._sectPr
        old = sectpr.find(qn("w:pgNumType"))
        if old is not None:
            sectpr.remove(old)
        if kind == "none":
            return
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE", "1")
        if header:
            head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.run(head, header, size=self.size - 2)
        pg = OxmlElement("w:pgNumType")
        if kind == "front":
            _set(pg, fmt="thaiLetters" if self.lang == "th" else "lowerRoman", start="1")
        else:
            _set(pg, fmt="thaiNumbers" if self.c.numerals == "thai" else "decimal")
            if not self._main_started:
                _set(pg, start="1")
            self._main_started = True
        later = sectpr.find(qn("w:cols"))
        if later is None:
            later = sectpr.find(qn("w:docGrid"))
        (later.addprevious(pg) if later is not None else sectpr.append(pg))

    def bookmark(self, paragraph, name: str) -> None:
        """A bookmark around ``paragraph`` (the target of a contents entry's PAGEREF field)."""
        self._bookmarks = getattr(self, "_bookmarks", 0) + 1
        start = OxmlElement("w:bookmarkStart")
        _set(start, id=self._bookmarks, name=name)
        end = OxmlElement("w:bookmarkEnd")
        _set(end, id=self._bookmarks)
        ppr = paragraph._p.find(qn("w:pPr"))
        (ppr.addnext(start) if ppr is not None else paragraph._p.insert(0, start))
        paragraph._p.append(end)

    def _styles(self) -> None:
        styles = self.doc.styles
        root = styles.element
        _remove_theme_fonts(root)
        # Document defaults: what any style without its own settings inherits.
        rpr_default = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _font_rpr(rpr_default, self.font, self.half)
        ppr_default = root.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = _child(ppr_default, "spacing", _PPR_ORDER)
        _set(spacing, after="0", line="240", lineRule="auto")

        def para(name: str, half: int, bold: bool, *, keep: bool = False, align=None,
                 before: float = 0, after: float = 0):
            style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            element = style.element
            rpr = _child(element, "rPr", _STYLE_ORDER)
            for tag in ("i", "iCs", "caps", "spacing", "kern"):
                found = rpr.find(qn(f"w:{tag}"))
                if found is not None:
                    rpr.remove(found)
            _font_rpr(rpr, self.font, half, bold)
            _black(rpr)
            fmt = style.paragraph_format
            fmt.space_before = Pt(before)
            fmt.space_after = Pt(after)
            fmt.line_spacing = 1.0
            if keep:
                fmt.keep_with_next = True
                fmt.keep_together = True
            if align is not None:
                fmt.alignment = align
            ppr = element.find(qn("w:pPr"))
            if ppr is not None:  # Title carries a bottom border in the default template
                for tag in ("pBdr", "contextualSpacing"):
                    found = ppr.find(qn(f"w:{tag}"))
                    if found is not None:
                        ppr.remove(found)
            return style

        h = self.half
        para("Normal", h, False)
        para("Heading 1", h + 8, True, keep=True, before=0, after=12)
        para("Heading 2", h, True, keep=True, before=6, after=0)
        para("Title", h + 24, True, keep=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
        para("Header", h, False)
        para("Footer", h, False)
        para("Caption", h - 4, False, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.toc_styles = {}
        for level in (1, 2):
            style = para(f"TOC {level}", h, level == 1)
            self.toc_styles[level] = style
            style.element.set(qn("w:styleId"), f"TOC{level}")
            _set(_child(style.element, "name", _STYLE_ORDER), val=f"toc {level}")
            fmt = style.paragraph_format
            fmt.left_indent = Mm(0 if level == 1 else 8)
            fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        # Character styles linked to the headings and the table style.
        for name in ("Heading 1 Char", "Heading 2 Char", "Title Char", "Header Char", "Footer Char"):
            if name in styles:
                rpr = _child(styles[name].element, "rPr", _STYLE_ORDER)
                _font_rpr(rpr, self.font, None)
                color = rpr.find(qn("w:color"))
                if color is not None:
                    _black(rpr)
        grid = styles["Table Grid"]
        _font_rpr(_child(grid.element, "rPr", _STYLE_ORDER), self.font, h)

    def _settings(self) -> None:
        settings = self.doc.settings.element
        # Word fills in the TOC field (page numbers) when the document is opened.
        update = OxmlElement("w:updateFields")
        _set(update, val="true")
        after = {"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                 "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                 "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                 "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"}
        for index, existing in enumerate(settings):
            if existing.tag.rsplit("}", 1)[-1] in after:
                settings.insert(index, update)
                break
        else:
            settings.append(update)
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            _set(theme_lang, bidi="th-TH")

    def _properties(self) -> None:
        props = self.doc.core_properties
        props.title = self.c.title
        props.author = self.c.author.name
        props.subject = self.c.office_name
        props.language = "th-TH" if self.lang == "th" else "en-GB"
        props.keywords = self.c.fiscal_year

    # ---------------------------------------------------------------- paragraphs

    def par(self, text: str = "", *, bold: bool = False, size: float | None = None, align=None,
            indent_first_mm: float | None = None, left_mm: float | None = None, style: str | None = None,
            page_break: bool = False, before: float | None = None, after: float | None = None,
            keep: bool = False):
        paragraph = self.doc.add_paragraph(style=style)
        if self._section_fresh:
            page_break = False
        self._section_fresh = False
        self._section_used = True
        if text:
            self.run(paragraph, text, bold=bold, size=size)
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        if indent_first_mm is not None:
            fmt.first_line_indent = Mm(indent_first_mm)
        if left_mm is not None:
            fmt.left_indent = Mm(left_mm)
        if page_break:
            fmt.page_break_before = True
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if keep:
            fmt.keep_with_next = True
        return paragraph

    def run(self, paragraph, text: str, *, bold: bool = False, size: float | None = None):
        run = paragraph.add_run(self.glue(text))
        if bold or size is not None:
            rpr = run._r.get_or_add_rPr()
            if bold:
                _child(rpr, "b", _RPR_ORDER)
                _child(rpr, "bCs", _RPR_ORDER)
            if size is not None:
                half = round(size * 2)
                _set(_child(rpr, "sz", _RPR_ORDER), val=half)
                _set(_child(rpr, "szCs", _RPR_ORDER), val=half)
        return run

    def body(self, text: str, indent_mm: float = INDENT_MM):
        return self.par(self.breaks(text), align=_body_align(self.lang), indent_first_mm=indent_mm)

    def heading(self, text: str, level: int, *, page_break: bool = False, center: bool = False):
        paragraph = self.doc.add_heading(text, level)
        if self._section_fresh:
            page_break = False
        self._section_fresh = False
        self._section_used = True
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def items(self, items: list[Item], depth: int = 0, base_mm: float = 0) -> None:
        """Numbered items: the number (already formatted) hangs in its own column."""
        left = base_mm + depth * ITEM_STEP_MM + ITEM_HANG_MM
        for item in items:
            paragraph = self.par(align=_body_align(self.lang), left_mm=left, indent_first_mm=-ITEM_HANG_MM)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(left))
            paragraph.add_run(f"{item.number}\t{self.glue(self.breaks(item.text))}")
            if item.detail:  # a paragraph under the item's text (a work unit's description)
                self.par(self.breaks(item.detail), align=_body_align(self.lang), left_mm=left)
            if item.children:
                self.items(item.children, depth + 1, base_mm)

    def image(self, paragraph, source, *, width_mm: float | None = None, height_mm: float | None = None,
              max_width_mm: float | None = None, max_height_mm: float | None = None):
        """Add a picture (path or PNG bytes) to ``paragraph``, scaled to the given size or limits."""
        stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else str(source)
        run = paragraph.add_run()
        if width_mm is not None or height_mm is not None:
            return run.add_picture(stream, width=Mm(width_mm) if width_mm else None,
                                   height=Mm(height_mm) if height_mm else None)
        shape = run.add_picture(stream)
        scale = 1.0
        if max_width_mm is not None and shape.width > Mm(max_width_mm):
            scale = min(scale, Mm(max_width_mm) / shape.width)
        if max_height_mm is not None and shape.height > Mm(max_height_mm):
            scale = min(scale, Mm(max_height_mm) / shape.height)
        if scale < 1.0:
            shape.width, shape.height = Emu(int(shape.width * scale)), Emu(int(shape.height * scale))
        return shape

    # ---------------------------------------------------------------- parts

    def cover(self) -> None:
        c = self.c
        top = self.par(align=WD_ALIGN_PARAGRAPH.CENTER, before=24, after=24)
        if self.emblem is not None:
            self.image(top, self.emblem, height_mm=COVER_EMBLEM_HEIGHT_MM)
        else:  # keep the emblem's space, so covers with and without one look alike
            top.paragraph_format.line_spacing = Mm(COVER_EMBLEM_HEIGHT_MM)
        title = self.doc.add_paragraph(c.title, style="Title")
        title.paragraph_format.space_before = Pt(36)
        title.paragraph_format.space_after = Pt(48)
        for line in c.cover_lines:
            self.par(line, bold=True, size=self.size + 4, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.par(c.fiscal_year, bold=True, size=self.size + 4, align=WD_ALIGN_PARAGRAPH.CENTER, before=36)

    def memo(self, memo: MemoContent) -> None:
        lang = self.lang
        label = self.size + 4 if lang == "th" else self.size
        self.section("none", top_mm=MEMO_TOP_MM)
        # Emblem 1.5 cm high at the top left, "บันทึกข้อความ" 29 pt bold centred on the same line.
        top = self.par(page_break=True, after=6)
        top.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
        if self.emblem is not None:
            self.image(top, self.emblem, height_mm=MEMO_EMBLEM_HEIGHT_MM)
        else:
            top.paragraph_format.line_spacing = Mm(MEMO_EMBLEM_HEIGHT_MM)
        self.run(top, "\t" + _w("memo_heading", lang), bold=True, size=MEMO_HEADING_PT)

        def line(parts: list[tuple[str, str, float]]):
            """Labels with their values, each value followed by dots up to its right tab stop."""
            paragraph = self.par()
            for label_text, value, stop_mm in parts:
                paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(stop_mm), WD_TAB_ALIGNMENT.RIGHT,
                                                                   WD_TAB_LEADER.DOTS)
                if not paragraph.runs:
                    self.run(paragraph, label_text, bold=True, size=label)
                else:
                    self.run(paragraph, " " + label_text, bold=True, size=label)
                self.run(paragraph, f"  {value}\t")
            return paragraph

        line([(_w("memo_unit", lang), memo.unit, TEXT_WIDTH_MM)])
        line([(_w("memo_number", lang), memo.number, TEXT_WIDTH_MM * 0.5),
              (_w("memo_date", lang), memo.date, TEXT_WIDTH_MM)])
        line([(_w("memo_subject", lang), memo.subject, TEXT_WIDTH_MM)])
        to = self.par(before=3, after=3)
        self.run(to, _w("memo_to", lang) + "  ")
        self.run(to, memo.to)
        for text in memo.body:
            self.body(text, MEMO_INDENT_MM).paragraph_format.space_after = Pt(3)
        self.par(memo.closing, indent_first_mm=MEMO_INDENT_MM + 15, before=3, after=3)
        self.signature(memo.author, left_mm=TEXT_WIDTH_MM * 0.45, before=10)
        if memo.approvals:
            self.approvals(memo.approvals)

    def signature(self, who, *, left_mm: float = 0, container=None, size: float | None = None,
                  before: float = 18) -> None:
        """ลงชื่อ ........ / (name) / position, centred in a column starting at ``left_mm``."""
        dots = "........................." if container is not None else "........................................"
        lines = [f"{_w('sign', self.lang)} {dots}", f"({who.name})", who.position]
        for index, text in enumerate(lines):
            paragraph = container.add_paragraph() if container is not None else self.doc.add_paragraph()
            self.run(paragraph, text, size=size)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt = paragraph.paragraph_format
            fmt.left_indent = Mm(left_mm)
            fmt.keep_with_next = index < len(lines) - 1
            fmt.keep_together = True
            if index == 0:
                fmt.space_before = Pt(before)

    def approvals(self, approvals) -> None:
        """The approval chain in one row of columns, as on the real memos (seed manuals): each opinion
        with its signature, and the director's order with ☐ ทราบ ☐ อนุญาต ☐ อนุมัติ ☐ ลงนาม and the
        signature, in the table size, so that the memo stays on one page."""
        small = self.size - 3
        width = TEXT_WIDTH_MM / len(approvals)
        table = self._table(1, len(approvals), (width,) * len(approvals), borders=False, header=False, split=True)
        last = len(approvals) - 1
        for index, (cell, (label, who)) in enumerate(zip(table.rows[0].cells, approvals)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(6)
            self.run(paragraph, label, bold=True, size=small)
            if index == last:
                choices = [_w(key, self.lang) for key in ("acknowledged", "permitted", "order_approved", "order_signed")]
                for pair in (choices[:2], choices[2:]):
                    boxes = cell.add_paragraph()
                    boxes.paragraph_format.left_indent = Mm(3)
                    self.run(boxes, "    ".join(f"☐ {choice}" for choice in pair), size=small)
            self.signature(who, container=cell, size=small, before=6)

    def preface(self) -> None:
        self.bookmark(self.heading(_w("preface", self.lang), 1, page_break=True, center=True), "_hb_preface")
        for text in self.c.preface:
            self.body(text).paragraph_format.space_after = Pt(6)
        last = len(self.c.preface_signature) - 1
        for index, text in enumerate(self.c.preface_signature):
            self.par(text, align=WD_ALIGN_PARAGRAPH.CENTER, left_mm=TEXT_WIDTH_MM * 0.45,
                     before=24 if index == 0 else None, keep=index < last)

    def contents(self) -> None:
        """สารบัญ: one line per part and chapter, its page number a ``PAGEREF`` field to a bookmark.

        LibreOffice computes a PAGEREF while laying out (no update needed);
        Word fills it in on opening (``w:updateFields``) and prints it in the
        target section's number format (ก ข for the front matter, ๑ ๒ for the
        body).  A TOC field would show no page numbers until updated.
        """
        heading = self.par(_w("contents", self.lang), bold=True, size=self.size + 4,
                           align=WD_ALIGN_PARAGRAPH.CENTER, page_break=True, after=12, keep=True)
        heading.paragraph_format.keep_with_next = True
        self.bookmark(heading, "_hb_contents")
        head = self.par(bold=True, after=6)
        head.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        self.run(head, f"{_w('contents_topic', self.lang)}\t{_w('contents_page', self.lang)}", bold=True)
        entries: list[tuple[int, str, str]] = []
        if "preface" in self.c.parts:
            entries.append((1, _w("preface", self.lang), "_hb_preface"))
        entries.append((1, _w("contents", self.lang), "_hb_contents"))
        if "introduction" in self.c.parts:
            entries.append((1, _w("introduction", self.lang), "_hb_intro"))
        for number, part in enumerate(self.c.unit_parts, start=1):  # group manual: units, their chapters
            entries.append((1, f"{part.label} {part.title}", f"_hb_part{number}"))
            entries += [(2, _chapter_heading(chapter, self.lang), f"_hb_ch{self.c.chapters.index(chapter) + 1}")
                        for chapter in part.chapters]
        for index, chapter in enumerate([] if self.c.unit_parts else self.c.chapters, start=1):
            entries.append((1, _chapter_heading(chapter, self.lang), f"_hb_ch{index}"))
            if self.c.manual.kind == "personal":  # a personal manual lists each chapter's sections
                entries.append((2, self._name_heading(), f"_hb_ch{index}_name"))
                entries += [(2, _section_heading(section), f"_hb_ch{index}_{section.key}")
                            for section in chapter.sections]
        if self.c.appendix and "appendix" in self.c.parts:
            entries.append((1, _w("appendix", self.lang), "_hb_appendix"))
        for level, text, target in entries:
            paragraph = self.doc.add_paragraph(style=self.toc_styles[level])
            paragraph.add_run(f"{text}\t")
            _field(paragraph, f"PAGEREF {target} \\h", "")

    def _name_heading(self) -> str:
        """"๑. ชื่องาน": the first section of every chapter."""
        return f"{digits(1, self.c.numerals)}. {t('procedure_name', self.lang)}"

    def introduction(self) -> None:
        self.bookmark(self.heading(_w("introduction", self.lang), 1, page_break=True, center=True), "_hb_intro")
        for title, paragraphs, items in self.c.introduction:
            self.heading(title, 2)
            for text in paragraphs:
                self.body(text)
            self.items(items)

    def unit_part(self, part: UnitPart, index: int) -> None:
        """A group manual's part page: ส่วนที่ ๑, the work unit's name, its description, its works."""
        self.par(part.label, bold=True, size=self.size + 2, align=WD_ALIGN_PARAGRAPH.CENTER, before=160, keep=True)
        self.bookmark(self.heading(part.title, 1, center=True), f"_hb_part{index}")
        if part.description:
            self.body(part.description)
        self.items([Item(f"{digits(i, self.c.numerals)}.", chapter.title)
                    for i, chapter in enumerate(part.chapters, start=1)], base_mm=6)

    def chapter(self, chapter: Chapter) -> None:
        """A procedure chapter: its title, then ๑. ชื่องาน (the work's name), then its numbered sections."""
        heading = self.heading(_chapter_heading(chapter, self.lang), 1, page_break=True)
        mark = f"_hb_ch{self.c.chapters.index(chapter) + 1}"
        self.bookmark(heading, mark)
        self.bookmark(self.heading(self._name_heading(), 2), f"{mark}_name")
        self.body(chapter.title)
        for section in chapter.sections:
            self.bookmark(self.heading(_section_heading(section), 2), f"{mark}_{section.key}")
            if section.kind == "definitions":
                for term, meaning in section.pairs:
                    paragraph = self.par(align=_body_align(self.lang), indent_first_mm=INDENT_MM)
                    self.run(paragraph, term, bold=True)
                    self.run(paragraph, f" {t('means', self.lang)} {self.breaks(meaning)}")
            elif section.kind == "flowchart":
                self.flow_table(chapter)
                self.flow_figure(chapter)
            elif section.kind == "standards":
                self.standards_table(step_rows(self.handbook, chapter.procedure, self.lang))
            else:
                self.items(section.items)

    def appendix(self) -> None:
        self.bookmark(self.heading(_w("appendix", self.lang), 1, page_break=True, center=True), "_hb_appendix")
        for title, paragraphs, file in self.c.appendix:
            self.heading(title, 2)
            for text in paragraphs:
                self.body(text)
            if file:
                self.par(f"{_w('attached', self.lang)}: {Path(file).name}", indent_first_mm=INDENT_MM)

    def back_cover(self) -> None:
        first = True
        for line in self.c.back_cover:
            self.par(line, bold=first, align=WD_ALIGN_PARAGRAPH.CENTER, page_break=first,
                     before=120 if first else None)
            first = False
        qr = self.par(align=WD_ALIGN_PARAGRAPH.CENTER, before=24)
        self.image(qr, _qr_png(self.c.back_cover_url, self.cache_dir), width_mm=QR_SIZE_MM)
        self.par(_w("scan", self.lang), align=WD_ALIGN_PARAGRAPH.CENTER, size=self.size - 2)
        self.par(self.c.back_cover_url, align=WD_ALIGN_PARAGRAPH.CENTER, size=self.size - 2)

    # ---------------------------------------------------------------- tables

    def _table(self, rows: int, cols: int, widths_mm: tuple[float, ...], *, borders: bool = True,
               header: bool = True, split: bool = False):
        """A fixed-layout table: grid and cell widths set, rows unsplittable, header row repeated."""
        table = self.doc.add_table(rows=rows, cols=cols)
        if borders:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tblpr = table._tbl.tblPr
        _set(_child(tblpr, "tblW", _TBLPR_ORDER), w=_twips(sum(widths_mm)), type="dxa")
        layout = _child(tblpr, "tblLayout", _TBLPR_ORDER)
        _set(layout, type="fixed")
        margins = _child(tblpr, "tblCellMar", _TBLPR_ORDER)
        for side in ("left", "right"):
            _set(_child(margins, side, ("top", "left", "start", "bottom", "right", "end")), w=_twips(1.5), type="dxa")
        grid = table._tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm):
            _set(col, w=_twips(width))
        for r, row in enumerate(table.rows):
            self._row_props(row, header=header and r == 0, split=split)
            for cell, width in zip(row.cells, widths_mm):
                cell.width = Mm(width)
        return table

    def glue(self, text: str) -> str:
        """``text`` with NO-BREAK SPACEs (U+00A0) where a line must not break: inside the office's and
        officers' names (นายประเสริฐ ทองดี, ศรีสุข เขต ๑) and between a short word and its number (เขต ๑)."""
        for name in self.names:
            if " " in name and name in text:
                text = text.replace(name, name.replace(" ", "\u00a0"))
        return _NUMBER_WITH_WORD.sub("\\1\u00a0\\2", text)

    def breaks(self, text: str) -> str:
        """``text`` with a ZERO WIDTH SPACE (U+200B) between Thai words (PyThaiNLP ``newmm``).

        Word and LibreOffice break Thai lines by their own dictionaries and, in
        narrow table columns, cut words they do not know (งบประมา|ณ,
        ผู้อำนว|ยการ, measured in LibreOffice 7.4).  An explicit break
        opportunity at each word boundary lets them break between words.  The
        office's proper names (ศรีสุข) are added to the dictionary so that
        they are never cut; nothing is inserted next to a full stop (กศจ.).
        """
        if self.lang != "th" or not _THAI.search(text):
            return text
        tokens = [piece for token in _thai_tokens(text, self.names) for piece in _split_compound(token, self.names)]
        out = [tokens[0]] if tokens else []
        for index, (before, after) in enumerate(zip(tokens, tokens[1:])):
            thai_pair = _THAI_END.search(before) and _THAI_START.match(after) and len(before) > 1 and len(after) > 1
            after_slash = before == "/" and index > 0 and _THAI_END.search(tokens[index - 1]) and _THAI_START.match(after)
            if (thai_pair or after_slash) and "." not in before + after:
                out.append("\u200b")
            out.append(after)
        return "".join(out)

    def _row_props(self, row, *, header: bool, split: bool = False) -> None:
        trpr = row._tr.get_or_add_trPr()
        if not split and trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
        if header and trpr.find(qn("w:tblHeader")) is None:
            trpr.append(OxmlElement("w:tblHeader"))

    def _header(self, table, titles: list[str]) -> None:
        for cell, title in zip(table.rows[0].cells, titles):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(paragraph, title, bold=True, size=self.table_size)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            shd = _child(cell._tc.get_or_add_tcPr(), "shd", _TCPR_ORDER)
            _set(shd, val="clear", color="auto", fill=HEADER_SHADING)

    def _cell_text(self, cell, text: str, *, center: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        self.run(paragraph, self.breaks(text), size=self.table_size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def flow_table(self, chapter: Chapter) -> None:
        """ลำดับที่ | ผังขั้นตอน | รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ, one row per step.

        With :mod:`generator.flowchart` the rows are its table rows (with the
        implicit start and end rows) and each shape cell holds its PNG, drawn so
        that the pictures of consecutive rows join into one flow (the shape
        cells have no margins); without it, each shape cell holds the step's
        short label in a bordered box.
        """
        lang = self.lang
        rows = self._flow_rows(chapter)
        table = self._table(len(rows) + 1, 5, FLOW_COLUMNS_MM, split=True)
        self._header(table, [_w("col_no", lang), t("col_flow", lang), t("col_detail", lang),
                             t("col_duration", lang), t("col_responsible", lang)])
        for row, flow in zip(table.rows[1:], rows):
            no, shape, detail, duration, responsible = row.cells
            self._cell_text(no, flow.number, center=True)
            paragraph = shape.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if flow.png is not None:
                margins = _child(shape._tc.get_or_add_tcPr(), "tcMar", _TCPR_ORDER)
                for side in ("top", "left", "bottom", "right"):
                    _set(_child(margins, side, ("top", "start", "left", "bottom", "end", "right")), w="0", type="dxa")
                self.image(paragraph, flow.png, width_mm=FLOW_SHAPE_MM)
            else:
                self._shape_box(paragraph, flow.kind, flow.short)
                shape.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self._cell_text(detail, flow.details[0] if flow.details else "")
            for line in flow.details[1:]:
                self.run(detail.add_paragraph(), self.breaks(line), size=self.table_size)
            self._cell_text(duration, flow.duration, center=True)
            self._cell_text(responsible, flow.responsible, center=True)

    def _flow_rows(self, chapter: Chapter) -> list["_FlowRow"]:
        module = self.flowchart
        if module is not None:
            try:
                rows = module.flowchart_table_rows(chapter.procedure, self.lang, self.c.numerals)
                out = []
                for r in rows:
                    details = [r.details, *r.substeps] if r.details else []
                    height = min(FLOW_SHAPE_MAX_MM, _row_height_mm(details, r.duration, r.responsible, self.table_size))
                    png = module.table_shape_png(r, self.cache_dir, width_mm=FLOW_SHAPE_MM, height_mm=height)
                    out.append(_FlowRow(r.number, r.kind, r.label, details, r.duration, r.responsible, png))
                return out
            except (AttributeError, TypeError, RuntimeError):
                pass  # the flowchart module is missing a piece, or Graphviz is missing: text boxes
        lang = self.lang
        out = []
        for step in step_rows(self.handbook, chapter.procedure, lang):
            details = [step.text] + [f"– {label}: {t('branch_to', lang)} {target}" for label, target in step.branches]
            out.append(_FlowRow(step.number, step.kind, step.short, details, step.duration, step.responsible, None))
        return out

    def _shape_box(self, paragraph, kind: str, short: str) -> None:
        """No flowchart pictures: the short label in a bordered box (the symbol's place)."""
        borders = _child(paragraph._p.get_or_add_pPr(), "pBdr", _PPR_ORDER)
        for side in ("top", "left", "bottom", "right"):
            element = _child(borders, side, ("top", "left", "bottom", "right", "between", "bar"))
            _set(element, val="double" if kind in ("start", "end", "terminal") else "single",
                 sz="6", space="2", color="000000")
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(2)
        fmt.right_indent = Mm(2)
        fmt.space_before = Pt(3)
        fmt.space_after = Pt(3)
        prefix = "◇ " if kind == "decision" else ""
        self.run(paragraph, prefix + short, size=self.table_size)

    def flow_figure(self, chapter: Chapter) -> None:
        """The standalone flowchart picture of :mod:`generator.flowchart`, when available."""
        make = getattr(self.flowchart, "flowchart_png_for_docx", None) if self.flowchart else None
        if make is None:
            return
        try:
            png = make(chapter.procedure, self.lang, self.cache_dir)
        except RuntimeError:  # Graphviz missing: the table above still shows the flow
            return
        if png is None:
            return
        paragraph = self.par(align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
        self.image(paragraph, png, max_width_mm=TEXT_WIDTH_MM, max_height_mm=PAGE_HEIGHT_MM
                   - MARGIN_TOP_MM - MARGIN_BOTTOM_MM - 40)
        self.par(f"{_w('flowchart_figure', self.lang)} {chapter.title}", style="Caption", after=6)

    def standards_table(self, rows: list[StepRow]) -> None:
        """ที่ | กิจกรรม/วิธีปฏิบัติ | มาตรฐานการปฏิบัติงาน, one row per step."""
        lang = self.lang
        table = self._table(len(rows) + 1, 3, STANDARD_COLUMNS_MM, split=True)
        self._header(table, [_w("col_short_no", lang), t("col_activity", lang), t("col_standard", lang)])
        for row, step in zip(table.rows[1:], rows):
            no, activity, standard = row.cells
            self._cell_text(no, step.number, center=True)
            self._cell_text(activity, step.text)
            self._cell_text(standard, step.standard)


# --------------------------------------------------------------------------- helpers

_THAI = re.compile("[\u0e01-\u0e5b]")
_NUMBER_WITH_WORD = re.compile(r"(?<![^\s(\u200b])([^\s\u200b]{1,8}) ([๐-๙0-9][๐-๙0-9.,/:]*)(?![^\s)])")
_THAI_START = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44]")
_THAI_END = re.compile("[\u0e01-\u0e3a\u0e45-\u0e4e]$")


@functools.lru_cache(maxsize=4)
def _trie(names: tuple[str, ...]):
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | {part for name in names for part in name.split(" ") if part})


@functools.lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _split_compound(token: str, names: tuple[str, ...]) -> list[str]:
    """A long dictionary compound (ปีงบประมาณ, มีผลกระทบ: 9 letters or more) as its two longest-first words
    (ปี งบประมาณ), so that a narrow column may break inside the compound rather than inside a word;
    proper names and tokens that are not two words are returned whole."""
    if len(token) < 9 or not _THAI.match(token) or any(token in name.split(" ") for name in names):
        return [token]
    words = _words()
    for cut in range(len(token) - 2, 1, -1):
        if token[:cut] in words and token[cut:] in words:
            return [token[:cut], token[cut:]]
    return [token]


def _thai_tokens(text: str, names: tuple[str, ...]) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, custom_dict=_trie(names), engine="newmm", keep_whitespace=True)



@dataclasses.dataclass
class _FlowRow:
    """One row of the flowchart table, from generator.flowchart or from :func:`step_rows`."""

    number: str
    kind: str
    short: str
    details: list[str]
    duration: str
    responsible: str
    png: object  # Path or PNG bytes, or None for the text box


def _body_align(lang: str):
    """Thai body text uses Word's Thai distributed justification, English plain justification."""
    return WD_ALIGN_PARAGRAPH.THAI_JUSTIFY if lang == "th" else WD_ALIGN_PARAGRAPH.JUSTIFY


def _chapter_heading(chapter: Chapter, lang: str) -> str:
    return chapter.title


def _section_heading(section: Section) -> str:
    return f"{section.number}. {section.title}"


def _row_height_mm(details: list[str], duration: str, responsible: str, size_pt: float) -> float:
    """Estimated height (mm) of a flowchart-table row, so that its picture can fill the row.

    The row's flow picture draws the connecting line from its top edge to its
    bottom edge; when the row's text is taller than the picture, Word leaves a
    gap in the line.  The estimate counts Thai base characters (combining marks
    take no width) per column at about 0.55 em each, wraps with 50 % slack, and
    uses a 1.25 line height; overestimating only adds white space.
    """
    def lines(texts: list[str], width_mm: float) -> int:
        per_line = max(1, int((width_mm - 2) / (size_pt * 0.55 * 0.3528)))
        total = 0
        for text in texts:
            base = sum(1 for ch in text if not unicodedata.category(ch).startswith("M"))
            total += max(1, math.ceil(base * 1.5 / per_line))
        return total

    _no, _flow, detail_mm, time_mm, who_mm = FLOW_COLUMNS_MM
    most = max(lines(details or [""], detail_mm), lines([duration], time_mm), lines([responsible], who_mm))
    return max(16.0, most * size_pt * 1.25 * 0.3528 + 3)


def _flowchart_module():
    """:mod:`generator.flowchart` when it exists (it is written in parallel), else None."""
    try:
        import generator.flowchart as flowchart
    except ImportError:
        return None
    return flowchart


def _qr_png(url: str, cache_dir: Path) -> Path:
    """A QR code of ``url`` as PNG (segno, error correction M, 4-module quiet zone), cached by content."""
    import hashlib

    import segno

    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    target = cache_dir / f"qr-{digest}.png"
    if not target.exists():
        partial = target.with_name(f".{target.stem}.{os.getpid()}.part.png")  # parallel jobs: one name each
        segno.make(url, error="m", micro=False).save(str(partial), kind="png", scale=10, border=4)
        partial.replace(target)
    return target
