"""Low-level OOXML helpers: children at their schema position (``_child``), attributes,
twips, run fonts for all four scripts (``w:cs``/``w:szCs``), black text, complex fields,
removal of theme fonts.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


# --------------------------------------------------------------------------- low-level XML helpers

_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
_TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark")
_STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
                "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
                "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _child(parent, tag: str, order: tuple[str, ...]):
    """The child ``w:tag`` of ``parent``, created at its schema position when missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = set(order[order.index(tag) + 1:])
    for index, existing in enumerate(parent):
        local = existing.tag.rsplit("}", 1)[-1]
        if local in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _set(element, **attrs: str) -> None:
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _font_rpr(rpr, font: str, half_points: int | None, bold: bool | None = None) -> None:
    """Named fonts for all four scripts, Latin and complex-script size, Thai language; no theme fonts."""
    fonts = _child(rpr, "rFonts", _RPR_ORDER)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    _set(fonts, ascii=font, hAnsi=font, cs=font, eastAsia=font)
    if bold is not None:
        for tag in ("b", "bCs"):
            element = _child(rpr, tag, _RPR_ORDER)
            if not bold:
                _set(element, val="0")
    if half_points is not None:
        _set(_child(rpr, "sz", _RPR_ORDER), val=half_points)
        _set(_child(rpr, "szCs", _RPR_ORDER), val=half_points)
    lang = _child(rpr, "lang", _RPR_ORDER)
    _set(lang, val="en-US", eastAsia="en-US", bidi="th-TH")


def _black(rpr) -> None:
    color = _child(rpr, "color", _RPR_ORDER)
    for attr in ("themeColor", "themeShade", "themeTint"):
        color.attrib.pop(qn(f"w:{attr}"), None)
    _set(color, val="000000")


def _field(paragraph, instruction: str, result: str = "") -> None:
    """A complex field ``instruction`` with a cached ``result`` in ``paragraph``."""
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        _set(element, fldCharType=kind)
        run._r.append(element)
    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(result)
    char("end")


def _remove_theme_fonts(root) -> None:
    for fonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
