"""The cover (emblem, title, cover lines, fiscal year) and the back cover (QR code of the site).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from generator.manuals.docx.measures import COVER_EMBLEM_HEIGHT_MM, QR_SIZE_MM
from generator.manuals.docx.text import _w
from generator.manuals.docx.assets import _qr_png


class CoversMixin:
    """Cover and back cover."""

    # ---------------------------------------------------------------- parts

    def cover(self) -> None:
        c = self.c
        top = self.par(align=WD_ALIGN_PARAGRAPH.CENTER, before=24, after=24)
        if self.emblem is not None:
            self.image(top, self.emblem, height_mm=COVER_EMBLEM_HEIGHT_MM)
        else:  # keep the emblem's space, so covers with and without one look alike
            top.paragraph_format.line_spacing = Mm(COVER_EMBLEM_HEIGHT_MM)
        title = self.new_paragraph(c.title, "Title")
        title.paragraph_format.space_before = Pt(36)
        title.paragraph_format.space_after = Pt(48)
        for line in c.cover_lines:
            self.par(line, bold=True, size=self.size + 4, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.par(c.fiscal_year, bold=True, size=self.size + 4, align=WD_ALIGN_PARAGRAPH.CENTER, before=36)

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
