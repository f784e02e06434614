"""The publication memo (form 8, บันทึกข้อความ), signature blocks and the approvals.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt

from generator.manuals.content import MemoContent
from generator.manuals.docx.measures import (
    TEXT_WIDTH_MM, MEMO_EMBLEM_HEIGHT_MM, MEMO_HEADING_PT, MEMO_INDENT_MM, MEMO_TOP_MM)
from generator.manuals.docx.text import _w


class MemoMixin:
    """Publication memo, signatures and approvals."""

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
