"""Tables: the table builder (widths in ``w:tblGrid`` and ``w:tcW``, borders, repeated header rows,
splittable rows), header and cell text, and the work-standard table.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from generator.i18n import t
from generator.manuals.content import StepRow
from generator.manuals.docx.measures import STANDARD_COLUMNS_MM, HEADER_SHADING
from generator.manuals.docx.xml import _TBLPR_ORDER, _TCPR_ORDER, _child, _set, _twips
from generator.manuals.docx.text import _w


class TablesMixin:
    """Table building and the work-standard table."""

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
