"""Correct text layer for Thai PDFs made by WeasyPrint 70.

The problem (measured with WeasyPrint 70.0, Pango/HarfBuzz shaping Sarabun):
WeasyPrint writes one ToUnicode entry per glyph, taken from the text of the
glyph's *first* use (``weasyprint/draw/text.py``: the UTF-8 slice from the
glyph's cluster start to the next glyph's cluster start).  Thai shaping
breaks that assumption:

* SARA AM (ำ, U+0E33) is drawn as two glyphs, NIKHAHIT + SARA AA.  The SARA AA
  glyph, first met inside ำ, is recorded as "ำ" — so every later า is
  extracted as ำ (งาน comes out as งำน) — and NIKHAHIT as "" ;
* marks in one cluster with their consonant (ที่) record the whole cluster on
  the consonant glyph and nothing on the marks, so the consonant's later uses
  extract wrongly too.

The fix: before WeasyPrint writes the fonts, every glyph that is the nominal
glyph of a character in the font's ``cmap`` is mapped to that character, and
a glyph reached by a single substitution (GSUB lookup type 1, e.g. Sarabun's
lowered tone marks or ญ/ฐ without their tails) to the character of its source
glyph, and a ligature glyph (GSUB type 4, e.g. a tone mark with NIKHAHIT in
น้ำ) to the characters of its components.  Glyphs of neither kind (true ligatures) keep WeasyPrint's mapping.
Text extracted by ``pdftotext`` then equals the source text after Unicode
normalisation (NFKC), since ำ decomposes to NIKHAHIT + SARA AA (Unicode's
compatibility decomposition of U+0E33).

Glyph order is a second problem.  A tone mark or upper vowel is drawn at its
consonant with a zero or backward advance (ที่, ส่วน, สู่), and text extractors
that rebuild lines from glyph *positions* (``pdftotext`` without ``-raw``,
viewers' select-and-copy) reorder such marks or, at a line end, move them to
the next line (measured on the example group manual: 12 of 150 step texts
not found verbatim by ``pdftotext``: ผู้มีส|่วน, ที|่จำเป็น).  So every line
of Thai text is also wrapped in a marked-content span carrying its source
text as ``/ActualText`` (ISO 32000-1, 14.9.4 "Replacement text"), which
extractors that honour it (poppler's ``pdftotext``, Acrobat) give back
instead of the glyphs; the ToUnicode fix above still serves those that do not.

This patches ``weasyprint.pdf.build_fonts_dictionary`` and
``weasyprint.draw.text.draw_first_line``, so it is tied to the pinned
WeasyPrint version (70.0); :func:`install` refuses other versions.
"""

from __future__ import annotations

import functools
import io

import re

import weasyprint

THAI = re.compile("[\u0e00-\u0e7f]")
"""Lines with at least one Thai character get an ``/ActualText`` span."""
SUPPORTED_VERSIONS = ("70.0",)
_installed = False


@functools.lru_cache(maxsize=32)
def _glyph_characters(font_bytes_hash: str, font_bytes: bytes, index: int) -> dict[int, str]:
    """Glyph id → character for nominal and single-substituted glyphs of one font file."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_bytes), fontNumber=index, lazy=True)
    order = font.getGlyphOrder()
    ids = {name: i for i, name in enumerate(order)}
    by_name: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    for codepoint, name in font.getBestCmap().items():
        owners.setdefault(name, set()).add(chr(codepoint))
    for name, chars in owners.items():
        if len(chars) == 1:
            by_name[name] = next(iter(chars))
    if "GSUB" in font:
        lookups = font["GSUB"].table.LookupList.Lookup if font["GSUB"].table.LookupList else []
        for _ in range(2):  # alternates of alternates
            for lookup in lookups:
                for sub in lookup.SubTable:
                    if lookup.LookupType == 7:  # extension
                        sub = sub.ExtSubTable
                    kind = lookup.LookupType if lookup.LookupType != 7 else sub.__class__.__name__
                    mapping = getattr(sub, "mapping", None)
                    if mapping and kind in (1, "SingleSubst"):
                        for source, target in mapping.items():
                            if source in by_name and target not in by_name:
                                by_name[target] = by_name[source]
                    ligatures = getattr(sub, "ligatures", None)
                    if ligatures and kind in (4, "LigatureSubst"):
                        for first, entries in ligatures.items():
                            for lig in entries:
                                parts = [first, *lig.Component]
                                if lig.LigGlyph not in by_name and all(p in by_name for p in parts):
                                    by_name[lig.LigGlyph] = "".join(by_name[p] for p in parts)
    return {ids[name]: char for name, char in by_name.items() if name in ids}


def fix_to_unicode(font) -> None:
    """Rewrite ``font.to_unicode`` (glyph id → text) of one WeasyPrint font, as described above."""
    characters = _glyph_characters(font.hash, font.file_content, getattr(font, "index", 0) or 0)
    for glyph_id in list(font.to_unicode):
        if glyph_id in characters:
            font.to_unicode[glyph_id] = characters[glyph_id]


def install() -> None:
    """Patch WeasyPrint once so that every PDF it writes gets the corrected text layer.

    Raises ``RuntimeError`` for a WeasyPrint version the patch was not made for.
    """
    global _installed
    if _installed:
        return
    if weasyprint.__version__ not in SUPPORTED_VERSIONS:
        raise RuntimeError(
            f"generator/pdftext.py patches WeasyPrint {', '.join(SUPPORTED_VERSIONS)}, not {weasyprint.__version__}: "
            "check the Thai text-layer fix against the new version before changing the pin"
        )
    import weasyprint.pdf as pdf_module

    original = pdf_module.build_fonts_dictionary

    @functools.wraps(original)
    def build_fonts_dictionary(pdf, fonts, compress, subset, options):
        for font in fonts.values():
            if not font.bitmap:
                fix_to_unicode(font)
        return original(pdf, fonts, compress, subset, options)

    pdf_module.build_fonts_dictionary = build_fonts_dictionary

    import pydyf
    import weasyprint.draw.text as text_module

    draw_first_line = text_module.draw_first_line

    @functools.wraps(draw_first_line)
    def draw_first_line_with_actual_text(stream, textbox, text_overflow, block_ellipsis, matrix):
        text = textbox.text
        if not THAI.search(text) or not text.strip():
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.stream.append(b"/Span")
        stream.stream.append(pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        stream.stream.append(b"BDC")
        try:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.stream.append(b"EMC")

    text_module.draw_first_line = draw_first_line_with_actual_text
    _installed = True
