"""The manual's main parts: introduction, a group manual's work-unit part pages, one chapter per
procedure, and the appendix.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.i18n import t
from generator.manuals.appendix import DOCX_TEXT_BLOCK_MM, appendix_pages
from generator.manuals.content import (Chapter, Item, UnitPart,
                                       step_rows)
from generator.text import digits
from generator.manuals.docx.measures import INDENT_MM
from generator.manuals.docx.text import _w, _body_align, _chapter_heading, _section_heading


class ChaptersMixin:
    """Introduction, unit part pages, chapters and appendix."""

    def introduction(self) -> None:
        self.bookmark(self.heading((self.c.introduction_title or _w("introduction", self.lang)), 1, page_break=True, center=True), "_hb_intro")
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
        """ภาคผนวก: each item's title and text; each page of an item's PDF (the order, คำสั่ง) as a page.

        The pages are pictures of :func:`generator.manuals.appendix.appendix_pages`
        (rendered once, cached), each on its own page, fitted to
        :data:`generator.manuals.appendix.DOCX_TEXT_BLOCK_MM`.  Raises
        :class:`generator.manuals.appendix.AppendixError` for a PDF that cannot be rendered.
        """
        pages = appendix_pages(self.handbook, self.c.manual, self.cache_dir)
        self.bookmark(self.heading(_w("appendix", self.lang), 1, page_break=True, center=True), "_hb_appendix")
        for index, (title, paragraphs, file) in enumerate(self.c.appendix):
            self.bookmark(self.heading(title, 2), f"_hb_appendix{index + 1}")
            for text in paragraphs:
                self.body(text)
            if file:
                self.par(f"{_w('attached', self.lang)}: {Path(file).name}", indent_first_mm=INDENT_MM)
            for page in pages[index]:
                width, height = page.fit_mm(*DOCX_TEXT_BLOCK_MM)
                paragraph = self.par(align=WD_ALIGN_PARAGRAPH.CENTER, page_break=True, before=0, after=0)
                self.image(paragraph, page.image, width_mm=width, height_mm=height)
