"""Paragraph building blocks: paragraphs and runs, body text, headings, numbered items with a
hanging number column, pictures.
"""

from __future__ import annotations

import io

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.shape import InlineShape
from docx.shared import Emu, Mm, Pt

from generator.manuals.content import Item
from generator.manuals.docx.measures import INDENT_MM, ITEM_HANG_MM, ITEM_STEP_MM
from generator.manuals.docx.xml import _RPR_ORDER, _child, _set
from generator.manuals.docx.text import _body_align


class ParagraphsMixin:
    """Paragraphs, runs, headings, numbered items and pictures."""

    # ---------------------------------------------------------------- paragraphs

    def style_id(self, style) -> str | None:
        """The id of paragraph style ``style`` (a name such as "Heading 1", or a style object), looked up once.

        python-docx looks a style name up with two XPath scans of styles.xml at
        every paragraph (0.5 s of the group manual's 3.7 s, profiled 2026-12-05);
        the writer asks for the same dozen styles hundreds of times.
        """
        cache = self.__dict__.setdefault("_style_ids", {})
        key = style if isinstance(style, str) else style.name
        if key not in cache:
            cache[key] = self.doc.styles.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        return cache[key]

    def new_paragraph(self, text: str = "", style=None):
        """A paragraph added at the end of the body, in ``style`` (name or style object) when given."""
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def par(self, text: str = "", *, bold: bool = False, size: float | None = None, align=None,
            indent_first_mm: float | None = None, left_mm: float | None = None, style: str | None = None,
            page_break: bool = False, before: float | None = None, after: float | None = None,
            keep: bool = False):
        paragraph = self.new_paragraph(style=style)
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
        paragraph = self.new_paragraph(text, f"Heading {level}")
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
            return self._picture(run, stream, Mm(width_mm) if width_mm else None, Mm(height_mm) if height_mm else None)
        shape = self._picture(run, stream)
        scale = 1.0
        if max_width_mm is not None and shape.width > Mm(max_width_mm):
            scale = min(scale, Mm(max_width_mm) / shape.width)
        if max_height_mm is not None and shape.height > Mm(max_height_mm):
            scale = min(scale, Mm(max_height_mm) / shape.height)
        if scale < 1.0:
            shape.width, shape.height = Emu(int(shape.width * scale)), Emu(int(shape.height * scale))
        return shape

    def _picture(self, run, stream, width=None, height=None) -> InlineShape:
        """``run.add_picture`` without its cost that grows with the document.

        python-docx finds an image already in the package by hashing every
        image part again (SHA-1 of each blob) and numbers the new drawing by an
        XPath scan of the whole body, at every picture: 216 pictures of the
        group manual took 1.1 s of its 3.7 s (profiled 2026-12-05).  Here the
        parts are kept by their hash and the drawing ids counted, with the same
        XML as ``Run.add_picture`` (``CT_Inline.new_pic_inline``).
        """
        part = self.doc.part
        image = Image.from_file(stream)
        parts = self.__dict__.setdefault("_image_parts", {})
        image_part = parts.get(image.sha1)
        if image_part is None:
            # pinned python-docx (constraints.txt): ImageParts._add_image_part names and adds the part
            image_part = parts[image.sha1] = part.package.image_parts._add_image_part(image)
        rid = part.relate_to(image_part, RT.IMAGE)
        cx, cy = image.scaled_dimensions(width, height)
        shape_id = self.__dict__.get("_next_shape_id") or part.next_id
        self._next_shape_id = shape_id + 1
        inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)
        run._r.add_drawing(inline)
        return InlineShape(inline)
