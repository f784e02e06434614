"""The publication memo (form 8, บันทึกข้อความ), signature blocks and the approvals.

The memo is one page in Word with TH Sarabun New and in LibreOffice with the
font it substitutes (Laksaman, drawn a third larger at the same size, with a
line height of about 2 em): every memo paragraph has an *exact* line height
(:data:`MEMO_LINE`) so that its lines take the same height whatever the font,
and the approval chain sits in one borderless row of columns, as on the real
memos (seed manuals 000 and 001).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.manuals.content import MemoContent
from generator.manuals.docx.measures import (
    TEXT_WIDTH_MM, MEMO_EMBLEM_HEIGHT_MM, MEMO_HEADING_PT, MEMO_INDENT_MM, MEMO_TOP_MM, MEMO_LINE,
    MEMO_LABEL_LINE, MEMO_SIGN_LEFT, MEMO_SMALLER_PT, MEMO_SMALL_LINE)
from generator.manuals.docx.text import _body_align, _w



COMMENT_LINES = {1: 2, 2: 0}
"""Dotted lines under each opinion (ความเห็นของ…) for the approver's comment, by the number of opinions:
two under one opinion, as on the PDF memo; none when there are two, so that the memo with three
approval levels, the emblem and a long office name stays on one page in LibreOffice (measured
2026-12-05: one line each already moves the chain to the next page)."""


class MemoMixin:
    """Publication memo, signatures and approvals."""

    def _exact(self, paragraph, size: float, factor: float | None = None) -> None:
        """An exact line height for ``paragraph`` whose largest text is ``size`` points: ``factor`` times
        ``size``, by default :data:`MEMO_LINE` (:data:`MEMO_SMALL_LINE` for text smaller than the body)."""
        if factor is None:
            factor = MEMO_LINE if size >= self.size else MEMO_SMALL_LINE
        paragraph.paragraph_format.line_spacing = Pt(round(size * factor * 2) / 2)

    def memo(self, memo: MemoContent) -> None:
        lang = self.lang
        label = self.size + 4 if lang == "th" else self.size
        self.section("none", top_mm=MEMO_TOP_MM)
        # Emblem 1.5 cm high at the top left, "บันทึกข้อความ" 29 pt bold centred on the same line.
        top = self.par(page_break=True, after=0)
        top.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
        if self.emblem is not None:
            _float_top_left(self.image(top, self.emblem, height_mm=MEMO_EMBLEM_HEIGHT_MM))
        top.paragraph_format.line_spacing = Mm(MEMO_EMBLEM_HEIGHT_MM + 1)
        self.run(top, "\t" + _w("memo_heading", lang), bold=True, size=MEMO_HEADING_PT)

        def line(parts: list[tuple[str, str, float]]):
            """Labels with their values, each value followed by dots up to its right tab stop."""
            paragraph = self.par()
            self._exact(paragraph, label, MEMO_LABEL_LINE)
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
        to = self.par(before=2, after=2)
        self._exact(to, self.size)
        self.run(to, _w("memo_to", lang) + "  ")
        self.run(to, memo.to)
        for text in memo.body:
            paragraph = self.par(self.breaks(text, keep_words=False), align=_body_align(lang),
                                 indent_first_mm=MEMO_INDENT_MM)
            paragraph.paragraph_format.space_after = Pt(2)
            self._exact(paragraph, self.size)
        # the closing line goes with the signatures when they must move to the next page
        closing = self.par(memo.closing, indent_first_mm=MEMO_INDENT_MM + 15, before=0, after=0, keep=True)
        self._exact(closing, self.size)
        if memo.approvals:
            self.approvals(memo.author, memo.approvals)
        else:
            self.signature(memo.author, left_mm=TEXT_WIDTH_MM * MEMO_SIGN_LEFT, before=6)

    def signature(self, who, *, left_mm: float = 0, container=None, size: float | None = None,
                  before: float = 18, dated: bool = False) -> None:
        """ลงชื่อ ........ / (name) / position, centred in a column starting at ``left_mm``; with ``dated``
        a last line วันที่ ......./......./....... for the approver to date the signature, as in the PDF."""
        dots = "........................." if size is not None and size < self.size else "........................................"
        lines = [f"{_w('sign', self.lang)} {dots}", f"({who.name})", self.breaks(who.position, compounds=False)]
        if dated:
            lines.append(f"{_w('memo_date', self.lang)} ......./......./.......")
        for index, text in enumerate(lines):
            paragraph = self._cell_paragraph(container) if container is not None else self.doc.add_paragraph()
            self.run(paragraph, text, size=size)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt = paragraph.paragraph_format
            fmt.left_indent = Mm(left_mm)
            fmt.keep_with_next = index < len(lines) - 1 and container is None
            fmt.keep_together = True
            self._exact(paragraph, size or self.size)
            if index == 0:
                fmt.space_before = Pt(before)

    @staticmethod
    def _cell_paragraph(cell):
        """The cell's first paragraph while it is still empty, else a new one."""
        first = cell.paragraphs[0]
        if len(cell.paragraphs) == 1 and not first.runs:
            return first
        return cell.add_paragraph()

    def approvals(self, author, approvals) -> None:
        """The author's signature and the approval chain in one borderless row of two columns, as on
        the real memos (seed manual 001): the opinions (ความเห็นของ…) one under the other on the left,
        beside the author's signature; the director's order (คำสั่งของ…, ☐ ทราบ ☐ อนุญาต ☐ อนุมัติ
        ☐ ลงนาม) and signature under the author's signature on the right.  The row does not split:
        when it cannot fit under the memo's text it moves whole to the next page."""
        small = self.size - MEMO_SMALLER_PT
        left, right = TEXT_WIDTH_MM * MEMO_SIGN_LEFT, TEXT_WIDTH_MM * (1 - MEMO_SIGN_LEFT)
        # no "keep with next" inside the table: LibreOffice makes a table whose paragraphs keep with
        # the next one keep with the following section's first page
        table = self._table(1, 2, (left, right), borders=False, header=False)
        opinions, order = table.rows[0].cells
        for index, (label, who) in enumerate(approvals[:-1]):
            self._approval_label(opinions, label, small, before=2 if index == 0 else 4)
            for _ in range(COMMENT_LINES.get(len(approvals) - 1, 0)):  # dotted lines for the comment
                comment = opinions.add_paragraph()
                self._exact(comment, small)
                self.run(comment, "." * 52, size=small)
            self.signature(who, container=opinions, size=small, before=0, dated=True)
        self.signature(author, container=order, before=2)
        label, who = approvals[-1]
        self._approval_label(order, label, small, before=4)
        choices = [f"☐ {_w(key, self.lang)}" for key in ("acknowledged", "permitted", "order_approved", "order_signed")]
        choices.append(f"☐ {_w('other', self.lang)} ..........................")
        for pair in (choices[:3], choices[3:]):  # three and two, in columns; อื่น ๆ with its dots last
            boxes = order.add_paragraph()
            boxes.paragraph_format.left_indent = Mm(1)
            boxes.paragraph_format.tab_stops.add_tab_stop(Mm(1 + right * 0.3))
            boxes.paragraph_format.tab_stops.add_tab_stop(Mm(1 + right * 0.6))
            self._exact(boxes, small)
            self.run(boxes, "\t".join(pair), size=small)
        self.signature(who, container=order, size=small, before=2, dated=True)

    def _approval_label(self, cell, label: str, size: float, *, before: float, width_mm: float | None = None) -> None:
        """The label of an approval (ความเห็นของ…); with ``width_mm`` (the column's width) a dotted line runs
        from it to the column's edge, the first line of the approver's comment (as on the PDF memo)."""
        paragraph = self._cell_paragraph(cell)
        paragraph.paragraph_format.space_before = Pt(before)
        self._exact(paragraph, size)
        self.run(paragraph, self.breaks(label, compounds=False), bold=True, size=size)
        if width_mm is not None:
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm - 4), WD_TAB_ALIGNMENT.RIGHT,
                                                              WD_TAB_LEADER.DOTS)
            self.run(paragraph, " \t", size=size)


def _float_top_left(shape) -> None:
    """Turn the inline picture ``shape`` into one anchored at the top left of its paragraph, text not
    wrapped around it (``wp:anchor`` with ``wp:wrapNone``, ECMA-376 part 1, 20.4.2.3).

    The memo's first line has an exact height; Word clips an inline picture taller than the space
    above the baseline of such a line, a floating one it does not.
    """
    inline = shape._inline
    anchor = OxmlElement("wp:anchor")
    for key, value in (("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"), ("simplePos", "0"),
                       ("relativeHeight", "251658240"), ("behindDoc", "0"), ("locked", "0"),
                       ("layoutInCell", "1"), ("allowOverlap", "1")):
        anchor.set(key, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for axis, relative in (("H", "column"), ("V", "paragraph")):
        position = OxmlElement(f"wp:position{axis}")
        position.set("relativeFrom", relative)
        offset = OxmlElement("wp:posOffset")
        offset.text = "0"
        position.append(offset)
        anchor.append(position)
    anchor.append(inline.find(qn("wp:extent")))
    effect = OxmlElement("wp:effectExtent")
    for side in "ltrb":
        effect.set(side, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapNone"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        found = inline.find(qn(tag))
        if found is not None:
            anchor.append(found)
    inline.getparent().replace(inline, anchor)

