"""The one table of fixed UI strings, in Thai and English.

Section headings and labels of every writer (site, manuals, ITA page) come
from :data:`STRINGS`, so the Thai site, the English site and the printed
manuals always use the same terms.  Terms follow ``GLOSSARY.md``.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # sections of a procedure, in the manual's order
    "objectives": {"th": "วัตถุประสงค์", "en": "Objectives"},
    "scope": {"th": "ขอบเขตของงาน", "en": "Scope"},
    "definitions": {"th": "คำจำกัดความ", "en": "Definitions"},
    "steps": {"th": "ขั้นตอนการปฏิบัติงาน", "en": "Procedure steps"},
    "flowchart": {"th": "ผังขั้นตอนการปฏิบัติงาน (Flow Chart)", "en": "Flowchart"},
    "indicators": {"th": "ตัวชี้วัด", "en": "Indicators"},
    "outcomes": {"th": "ผลสำเร็จที่คาดหวัง", "en": "Expected outcomes"},
    "forms": {"th": "แบบฟอร์มที่ใช้", "en": "Forms used"},
    "references": {"th": "เอกสาร/หลักฐานอ้างอิง", "en": "Reference documents and evidence"},
    "legal_basis": {"th": "กฎหมาย ระเบียบ และเอกสารที่เกี่ยวข้อง", "en": "Laws, regulations and related documents"},
    "revision": {"th": "การปรับปรุงเอกสาร", "en": "Revision"},
    "work_standards": {"th": "มาตรฐานการปฏิบัติงาน", "en": "Work standards"},
    # columns of the steps table
    "col_no": {"th": "ลำดับ", "en": "No."},
    "col_step": {"th": "ขั้นตอน", "en": "Step"},
    "col_duration": {"th": "ระยะเวลา", "en": "Time frame"},
    "col_responsible": {"th": "ผู้รับผิดชอบ", "en": "Responsible"},
    "col_standard": {"th": "มาตรฐานการปฏิบัติงาน", "en": "Work standard"},
    "col_activity": {"th": "กิจกรรม/วิธีปฏิบัติ", "en": "Activity / method"},
    "col_flow": {"th": "ผังขั้นตอน", "en": "Flow"},
    "col_detail": {"th": "รายละเอียดงาน", "en": "Details"},
    # summary box
    "work_unit": {"th": "กลุ่มงาน", "en": "Work unit"},
    "group": {"th": "กลุ่ม", "en": "Group"},
    "owners": {"th": "ผู้รับผิดชอบ", "en": "Responsible officers"},
    "version": {"th": "ฉบับที่", "en": "Version"},
    "effective": {"th": "วันที่มีผลบังคับใช้", "en": "Effective date"},
    "approved_by": {"th": "ผู้อนุมัติ", "en": "Approved by"},
    "last_updated": {"th": "ปรับปรุงล่าสุด", "en": "Last updated"},
    "downloads": {"th": "ดาวน์โหลดคู่มือ", "en": "Download the manual"},
    "not_yet": {"th": "ยังไม่มี", "en": "Not yet available"},
    "means": {"th": "หมายถึง", "en": "means"},
    "branch_to": {"th": "ไปที่", "en": "go to"},
    "branch_next": {"th": "ขั้นตอนถัดไป", "en": "the next step"},
    "branch_end": {"th": "สิ้นสุด", "en": "end"},
    "start": {"th": "เริ่มต้น", "en": "Start"},
    "end": {"th": "สิ้นสุด", "en": "End"},
    "step_n": {"th": "ขั้นตอนที่", "en": "step"},
    # site pages
    "home": {"th": "หน้าแรก", "en": "Home"},
    "handbook": {"th": "คู่มือการปฏิบัติงาน", "en": "Operations handbook"},
    "mandate": {"th": "อำนาจหน้าที่", "en": "Powers and duties"},
    "concept": {"th": "แนวคิด", "en": "Concept"},
    "group_objectives": {"th": "วัตถุประสงค์", "en": "Objectives"},
    "work_units": {"th": "กลุ่มงาน", "en": "Work units"},
    "procedures": {"th": "กระบวนการปฏิบัติงาน", "en": "Procedures"},
    "procedures_by_unit": {"th": "กระบวนการปฏิบัติงานแยกตามกลุ่มงาน", "en": "Procedures by work unit"},
    "officers": {"th": "บุคลากร", "en": "Officers"},
    "officer": {"th": "ผู้ปฏิบัติงาน", "en": "Officer"},
    "position": {"th": "ตำแหน่ง", "en": "Position"},
    "level": {"th": "ระดับ", "en": "Level"},
    "position_number": {"th": "ตำแหน่งเลขที่", "en": "Position number"},
    "duties": {"th": "ลักษณะงานที่ปฏิบัติ", "en": "Duties performed"},
    "own_procedures": {"th": "กระบวนการปฏิบัติงานที่รับผิดชอบ", "en": "Procedures owned"},
    "manual": {"th": "คู่มือการปฏิบัติงาน", "en": "Operations manual"},
    "personal_manual": {"th": "คู่มือการปฏิบัติงานรายบุคคล", "en": "Personal operations manual"},
    "fiscal_year": {"th": "ปีงบประมาณ", "en": "Fiscal year"},
    "contact": {"th": "ติดต่อ", "en": "Contact"},
    "no_procedures": {"th": "ยังไม่มีกระบวนการในกลุ่มงานนี้", "en": "This work unit has no procedures yet."},
    "untranslated_note": {
        "th": "บางข้อความในหน้านี้ยังไม่มีฉบับภาษาไทย",
        "en": "Some text on this page has not been translated yet; it is shown in Thai.",
    },
    "steps_count": {"th": "ขั้นตอน", "en": "steps"},
    "ita_page": {"th": "การเปิดเผยข้อมูลสาธารณะ (ITA)", "en": "Open data for the ITA"},
}


def t(key: str, lang: str) -> str:
    """Return the UI string ``key`` in ``lang`` ("th" or "en").

    Raises ``KeyError`` for an unknown key, so that a typo in a template
    fails the build instead of printing nothing.
    """
    return STRINGS[key][lang]
