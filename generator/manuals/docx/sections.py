"""Page setup and sections: A4 page and margins of the first section, one section per part
with its page numbering (ก ข ค / ๑ ๒ ๓ / none) and running header, bookmarks for the contents.
"""

from __future__ import annotations

from generator.manuals.linebreaks import RUNNING_HEADER_MM, running_title

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from generator.manuals.docx.measures import (
    PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM)
from generator.manuals.docx.xml import _set, _field


class SectionsMixin:
    """Page size, sections, page numbers, running headers and bookmarks."""

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
            self._shrink_break_paragraph()
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
            # one line: LibreOffice's substitute font is a third larger than TH Sarabun New, which is set
            # like Sarabun at three quarters of its size (README, Printed manuals)
            self.run(head, running_title(header, (self.size - 2) * 0.75 * 4 / 3, RUNNING_HEADER_MM + 15),
                     size=self.size - 2)
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

    def _shrink_break_paragraph(self) -> None:
        """Make the empty paragraph that python-docx adds to carry a section break 1 pt high.

        ``add_section`` ends the previous section with a new empty paragraph
        holding its ``w:sectPr``; at full line height (a line of LibreOffice's
        substitute font is 2 em) it can push the section's last table (the
        memo's approvals) onto a page of its own.
        """
        body = self.doc.element.body
        paragraphs = body.findall(qn("w:p"))
        if not paragraphs or paragraphs[-1].find(qn("w:pPr") + "/" + qn("w:sectPr")) is None:
            return
        ppr = paragraphs[-1].find(qn("w:pPr"))
        sectpr = ppr.find(qn("w:sectPr"))
        spacing = OxmlElement("w:spacing")
        _set(spacing, before="0", after="0", line="20", lineRule="exact")
        rpr = OxmlElement("w:rPr")
        for tag in ("sz", "szCs"):
            size = OxmlElement(f"w:{tag}")
            _set(size, val="2")
            rpr.append(size)
        sectpr.addprevious(spacing)  # pPr order: … spacing … rPr, sectPr
        sectpr.addprevious(rpr)

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
