"""The flowchart table and figure of a chapter: one row per step with its shape picture (from
:mod:`generator.flowchart` when available, else a text box), row heights, the figure page.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from generator.i18n import t
from generator.manuals.content import Chapter, step_rows
from generator.manuals.docx.measures import (
    PAGE_HEIGHT_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM, TEXT_WIDTH_MM, FLOW_COLUMNS_MM, FLOW_SHAPE_MM,
    FLOW_SHAPE_MAX_MM)
from generator.manuals.docx.xml import _PPR_ORDER, _TCPR_ORDER, _child, _set
from generator.manuals.docx.text import _w


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


class FlowchartMixin:
    """Flowchart table rows and the flowchart figure."""

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
