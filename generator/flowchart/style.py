"""Sizes, fonts and column headings shared by the flowchart outputs (points, inches, dpi)."""

FONT = "Sarabun"
FONT_SIZE = 12.0  # points, node labels of the standalone diagram
EDGE_FONT_SIZE = 10.5  # points, branch labels
DPI = 300  # print resolution of PNG output

#: Maximum label line width, in points at FONT_SIZE (Sarabun Thai letters are
#: about 6.9 pt wide at 12 pt, so 150 pt ≈ 21 Thai characters).
LINE_WIDTH = {"process": 150.0, "document": 150.0, "terminal": 150.0, "decision": 100.0}

BOX_WIDTH = 2.4  # inches, process and document boxes (all the same width: a neat column)

#: Column headings of the flowchart table (keys of :mod:`generator.i18n`).
TABLE_COLUMNS = ("col_no_flow", "col_flow", "col_detail", "col_duration", "col_responsible")

from generator.graphviz import INSTALL_HINT  # noqa: E402,F401  (moved to generator/graphviz.py, issue 22)
