"""Document styles, settings and properties: named fonts for all scripts (``w:cs``), Latin and
complex-script sizes (``w:sz``/``w:szCs``), no theme fonts, ``w:updateFields``, core properties.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.manuals.docx.measures import TEXT_WIDTH_MM
from generator.manuals.docx.xml import (
    _PPR_ORDER, _STYLE_ORDER, _child, _set, _font_rpr, _black, _remove_theme_fonts)


class StylesMixin:
    """Styles, document settings and core properties."""

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
