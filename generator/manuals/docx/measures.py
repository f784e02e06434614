"""Layout constants of the printed manual: A4 page and margins, memo form 8 sizes, indents,
flowchart and work-standard table column widths (millimetres and points).
"""

from __future__ import annotations

# --------------------------------------------------------------------------- layout constants

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 20
MARGIN_TOP_MM = 25
MARGIN_BOTTOM_MM = 20
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 160 mm

MEMO_EMBLEM_HEIGHT_MM = 15  # form 8: the Garuda 1.5 cm high
MEMO_HEADING_PT = 29  # form 8: "บันทึกข้อความ" 29 pt bold
MEMO_LABEL_PT = 20
MEMO_INDENT_MM = 25  # body paragraphs start 2.5 cm in
MEMO_TOP_MM = 15  # the memo page's top margin: the form starts higher than the manual's pages
MEMO_LINE = 1.35
"""Exact line height of the memo's text, times its size (21.5 pt for 16 pt): the same height in Word with
TH Sarabun New (whose marks reach about 0.95 em above and 0.45 em below the baseline) and in LibreOffice
with its substitute Laksaman (single spacing 2 em: the approvals ran onto a second page)."""
MEMO_LABEL_LINE = 1.2  # exact line height of the 20 pt label lines (ส่วนราชการ, ที่, เรื่อง), times 20 pt
MEMO_SIGN_LEFT = 0.45  # the signatures' column starts at this fraction of the text width
MEMO_SMALLER_PT = 3  # the approval chain is set this much smaller than the body (13 pt with 16 pt)
MEMO_SMALL_LINE = 1.3  # its exact line height, times its size (17 pt)
COVER_EMBLEM_HEIGHT_MM = 40
QR_SIZE_MM = 35
INDENT_MM = 12.5  # first-line indent of manual paragraphs
ITEM_HANG_MM = 12  # number column of numbered items
ITEM_STEP_MM = 10  # extra indent per nesting level

#: Column widths (mm) of the flowchart table: ลำดับที่ | ผังขั้นตอน | รายละเอียดงาน | ระยะเวลา | ผู้รับผิดชอบ.
FLOW_COLUMNS_MM = (15, 40, 45, 30, 30)
FLOW_SHAPE_MM = FLOW_COLUMNS_MM[1] - 4
"""Width of a flowchart row picture: narrower than its cell, whose padding LibreOffice adds even when
the cell margins are 0 (a picture as wide as the cell is pushed right and cropped)."""
FLOW_SHAPE_MAX_MM = 220
"""Tallest row picture (mm): a row taller than the text height of a page splits, its picture cannot."""
#: Column widths (mm) of the work-standard table: ที่ | กิจกรรม/วิธีปฏิบัติ | มาตรฐานการปฏิบัติงาน.
STANDARD_COLUMNS_MM = (12, 80, 68)
HEADER_SHADING = "D9D9D9"
