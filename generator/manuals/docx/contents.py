"""Front matter: the preface and the table of contents (typed lines with ``PAGEREF`` fields to
bookmarks at the headings).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from generator.i18n import t
from generator.text import digits
from generator.manuals.docx.measures import TEXT_WIDTH_MM
from generator.manuals.docx.xml import _field
from generator.manuals.docx.text import _w, _chapter_heading, _section_heading


_FIRST_PAGE = "first page"  # contents targets that are no bookmark: page 1 of the front matter,
_THIS_PAGE = "this page"  # the contents' own first page


class ContentsMixin:
    """Preface and table of contents."""

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

        LibreOffice 7.4 prints every PAGEREF in Arabic digits, whatever the
        target page's format or the field's ``\\*`` switch (measured), so the
        front matter's own lines do without one: the preface starts the front
        matter, always page ก (typed), and the contents' own line stands on
        the contents' first page, whose number a PAGE field gives in the
        section's format (ค in both Word and LibreOffice).
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
            entries.append((1, _w("preface", self.lang), _FIRST_PAGE))
        entries.append((1, _w("contents", self.lang), _THIS_PAGE))
        if "introduction" in self.c.parts:
            entries.append((1, (self.c.introduction_title or _w("introduction", self.lang)), "_hb_intro"))
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
        first = "ก" if self.lang == "th" else "i"  # page 1 of the front matter (sections.py: thaiLetters, lowerRoman)
        for level, text, target in entries:
            paragraph = self.new_paragraph(style=self.toc_styles[level])
            paragraph.add_run(f"{text}\t")
            if target == _FIRST_PAGE:
                paragraph.add_run(first)
            elif target == _THIS_PAGE:
                _field(paragraph, "PAGE", first if "preface" not in self.c.parts else "")
            else:
                _field(paragraph, f"PAGEREF {target} \\h", "")

    def _name_heading(self) -> str:
        """"๑. ชื่องาน": the first section of every chapter."""
        return f"{digits(1, self.c.numerals)}. {t('procedure_name', self.lang)}"
