"""The one table of fixed UI strings, in Thai and English.

Section headings and labels of every writer (site, manuals, ITA page) come
from :data:`STRINGS`, so the Thai site, the English site and the printed
manuals always use the same terms.  Terms follow ``GLOSSARY.md``.
"""

from __future__ import annotations

from generator.text import digits

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
    "scope_of_mission": {"th": "ขอบข่ายภารกิจ", "en": "Scope of work of the"},
    "part": {"th": "ส่วนที่", "en": "Part"},
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
    "work_units": {"th": "กลุ่มงาน", "en": "Work units"},
    "procedure_count": {"th": "จำนวนกระบวนการ", "en": "Procedures"},
    "officer_count": {"th": "จำนวนบุคลากร", "en": "Officers"},
    "units_note": {"th": "เลือกกลุ่มงานเพื่อดูกระบวนการปฏิบัติงานทั้งหมดของกลุ่มงานนั้น หรือค้นหาด้วยช่องค้นหาด้านบน",
                   "en": "Choose a work unit to see all of its procedures, or use the search box above."},
    # flowcharts
    "col_no_flow": {"th": "ลำดับที่", "en": "No."},
    "flow_text_alternative": {"th": "ผังขั้นตอนในรูปแบบข้อความ", "en": "The flowchart as text"},
    "flow_back_to": {"th": "ไป", "en": "back to"},
    "flow_go_to": {"th": "ไป", "en": "to"},
    "flow_figure_title": {"th": "ผังขั้นตอนการปฏิบัติงาน", "en": "Flowchart"},
    # ITA publication kit
    "ita_page_title": {"th": "ข้อมูลสำหรับการประเมิน ITA: คู่มือการปฏิบัติงาน", "en": "ITA evidence: operations manuals"},
    "ita_intro": {
        "th": "หน้านี้รวบรวมคำตอบ URL และคำอธิบาย สำหรับข้อของแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ที่เกี่ยวกับคู่มือ "
              "ในการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {year} "
              "ผู้ดูแลเว็บไซต์คัดลอกไปกรอกในระบบการประเมินได้ทันที",
        "en": "This page gives, for each item of the Open Data Integrity and Transparency assessment (OIT) about manuals "
              "in the Integrity and Transparency Assessment (ITA) of fiscal year {year} (B.E.), the answer, the URL "
              "and the explanation to enter in the assessment system.",
    },
    "ita_source": {"th": "ที่มาของรหัสข้อและเกณฑ์", "en": "Source of the item codes and criteria"},
    "ita_year_fiscal": {
        "th": "เกณฑ์ที่ใช้: ITA ประจำปีงบประมาณ พ.ศ. {year} ซึ่งตรงกับปีงบประมาณปัจจุบันของ{office} (พ.ศ. {fiscal})",
        "en": "Criteria applied: ITA of fiscal year {year} (B.E.), the current fiscal year of {office} ({fiscal}).",
    },
    "ita_year_latest": {
        "th": "เกณฑ์ที่ใช้: ITA ประจำปีงบประมาณ พ.ศ. {year} ซึ่งเป็นปีล่าสุดที่มีเกณฑ์ก่อนปีงบประมาณปัจจุบันของ{office} "
              "(พ.ศ. {fiscal}) เพราะยังไม่มีเกณฑ์ของปี พ.ศ. {fiscal}",
        "en": "Criteria applied: ITA of fiscal year {year} (B.E.), the latest year with known criteria before the current "
              "fiscal year of {office} ({fiscal}), whose criteria are not known yet.",
    },
    "ita_year_requested": {
        "th": "เกณฑ์ที่ใช้: ITA ประจำปีงบประมาณ พ.ศ. {year} ตามที่ขอ (ปีงบประมาณปัจจุบันของ{office} คือ พ.ศ. {fiscal})",
        "en": "Criteria applied: ITA of fiscal year {year} (B.E.), as requested (the current fiscal year of {office} "
              "is {fiscal}).",
    },
    "ita_services": {"th": "งานบริการ", "en": "Services"},
    "ita_service_manuals": {"th": "คู่มือสำหรับประชาชน (ไฟล์)", "en": "Service manuals (files)"},
    "ita_service_manual": {"th": "คู่มือสำหรับประชาชน", "en": "Service manual"},
    "ita_unverified": {
        "th": "ยังไม่ได้ตรวจทานรหัสข้อกับคู่มือการประเมิน ITA ของสำนักงาน ป.ป.ช. ประจำปีนี้ โปรดตรวจสอบก่อนกรอก",
        "en": "The item code has not been compared with this year's NACC ITA manual: check it before entering it.",
    },
    "ita_code_unknown": {"th": "(ตรวจสอบรหัสข้อในคู่มือ ITA)", "en": "(look up the item code in the ITA manual)"},
    "ita_answer": {"th": "คำตอบ", "en": "Answer"},
    "ita_url": {"th": "URL", "en": "URL"},
    "ita_explanation": {"th": "คำอธิบาย", "en": "Explanation"},
    "ita_has": {"th": "มี", "en": "has"},
    "ita_has_not": {"th": "ไม่มี", "en": "has not"},
    "ita_criteria": {"th": "สิ่งที่ข้อนี้ตรวจ", "en": "What the item checks"},
    "ita_optional": {"th": "ไม่กระทบคำตอบ", "en": "does not change the answer"},
    "ita_manuals": {"th": "คู่มือการปฏิบัติงาน (ไฟล์)", "en": "Operations manuals (files)"},
    "ita_memo": {"th": "บันทึกข้อความขออนุญาตเผยแพร่", "en": "Publication memo"},
    "ita_files": {"th": "ไฟล์", "en": "Files"},
    "ita_evidence_urls": {"th": "URL ของหลักฐานแต่ละรายการ", "en": "URL of each piece of evidence"},
    "ita_status": {"th": "สถานะ", "en": "Status"},
    "ita_complete": {"th": "ครบตามเกณฑ์", "en": "meets the criteria"},
    "ita_incomplete": {"th": "ยังไม่ครบ", "en": "incomplete"},
    "ita_gaps": {"th": "สิ่งที่ยังขาด", "en": "What is missing"},
    "ita_no_gaps": {"th": "ครบทุกเกณฑ์", "en": "Nothing is missing."},
    "ita_group_manual": {"th": "คู่มือของกลุ่ม", "en": "Group manual"},
    "ita_kind": {"th": "ประเภท", "en": "Kind"},
    "ita_public_url": {"th": "URL สาธารณะ", "en": "Public URL"},
    "ita_redirects": {"th": "ที่อยู่เดิมที่ยังใช้ได้", "en": "Old addresses that still work"},
    "ita_redirects_intro": {
        "th": "กระบวนการที่เปลี่ยนชื่อหรือรวมกับงานอื่น ยังเปิดได้จากที่อยู่เดิม ซึ่งจะพาไปยังหน้าใหม่",
        "en": "Procedures that were renamed or merged still open from their old address, which leads to the new page.",
    },
    "ita_moved": {"th": "หน้านี้ย้ายไปที่", "en": "This page has moved to"},
    # language switcher and back cover
    "language_name": {"th": "ไทย", "en": "English"},
    "structure": {"th": "โครงสร้างการแบ่งส่วนราชการ", "en": "Organisational structure"},
    "phone": {"th": "โทรศัพท์", "en": "Telephone"},
    "email": {"th": "อีเมล", "en": "E-mail"},
    # printed manuals
    "memo_heading": {"th": "บันทึกข้อความ", "en": "Memorandum"},
    "memo_unit": {"th": "ส่วนราชการ", "en": "From"},
    "memo_number": {"th": "ที่", "en": "Ref."},
    "memo_date": {"th": "วันที่", "en": "Date"},
    "memo_subject": {"th": "เรื่อง", "en": "Subject"},
    "memo_to": {"th": "เรียน", "en": "To"},
    "sign": {"th": "ลงชื่อ", "en": "Signed"},
    "acknowledged": {"th": "ทราบ", "en": "Acknowledged"},
    "permitted": {"th": "อนุญาต", "en": "Permitted"},
    "order_approved": {"th": "อนุมัติ", "en": "Approved"},
    "order_signed": {"th": "ลงนาม", "en": "Signed"},
    "other": {"th": "อื่น ๆ", "en": "Other"},
    "preface": {"th": "คำนำ", "en": "Preface"},
    "contents": {"th": "สารบัญ", "en": "Contents"},
    "contents_topic": {"th": "เรื่อง", "en": "Topic"},
    "contents_page": {"th": "หน้า", "en": "Page"},
    "introduction": {"th": "บทนำ", "en": "Introduction"},
    "appendix": {"th": "ภาคผนวก", "en": "Appendix"},
    "attached": {"th": "เอกสารแนบ", "en": "Attached document"},
    "procedure_name": {"th": "ชื่องาน", "en": "Procedure"},
    "col_no_wrapping": {"th": "ลำดับ ที่", "en": "No."},
    "col_short_no": {"th": "ที่", "en": "No."},
    "scan": {"th": "สแกนเพื่อเปิดคู่มือฉบับออนไลน์", "en": "Scan to open the online handbook"},
    "ita_page": {"th": "การเปิดเผยข้อมูลสาธารณะ (ITA)", "en": "Open data for the ITA"},
    # services and the service manual (คู่มือสำหรับประชาชน, Licensing Facilitation Act B.E. 2558 form; issue 12)
    "service_manual": {"th": "คู่มือสำหรับประชาชน", "en": "Service manual for the public"},
    "services": {"th": "งานบริการ", "en": "Services"},
    "service": {"th": "งานบริการ", "en": "Service"},
    "service_name": {"th": "ชื่อกระบวนงาน", "en": "Service"},
    "service_unit": {"th": "หน่วยงานที่รับผิดชอบ", "en": "Responsible unit"},
    "service_channels": {"th": "ช่องทางการให้บริการ", "en": "Service channels"},
    "service_place": {"th": "สถานที่/ช่องทางการให้บริการ", "en": "Place / channel"},
    "service_hours": {"th": "ระยะเวลาเปิดให้บริการ", "en": "Opening hours"},
    "service_online": {"th": "บริการออนไลน์", "en": "Online"},
    "service_conditions": {"th": "หลักเกณฑ์ วิธีการ เงื่อนไข", "en": "Rules, methods and conditions"},
    "service_steps": {"th": "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ", "en": "Steps, time and responsible unit"},
    "service_total_time": {"th": "ระยะเวลาดำเนินการรวม", "en": "Total time"},
    "service_documents": {"th": "รายการเอกสารหลักฐานประกอบ", "en": "Documents required"},
    "service_document": {"th": "รายการเอกสาร", "en": "Document"},
    "service_issued_by": {"th": "หน่วยงานผู้ออกเอกสาร", "en": "Issued by"},
    "service_originals": {"th": "ฉบับจริง", "en": "Originals"},
    "service_copies": {"th": "สำเนา", "en": "Copies"},
    "service_note": {"th": "หมายเหตุ", "en": "Note"},
    "service_fees": {"th": "ค่าธรรมเนียม", "en": "Fees"},
    "service_no_fee": {"th": "ไม่มีค่าธรรมเนียม", "en": "No fee"},
    "service_no_documents": {"th": "ไม่ต้องใช้เอกสารหลักฐาน", "en": "No documents are required"},
    "service_complaints": {"th": "ช่องทางการร้องเรียน", "en": "Complaint channels"},
    "service_forms": {"th": "ตัวอย่างแบบฟอร์ม", "en": "Forms"},
    "service_not_given": {"th": "ยังไม่ได้ระบุ", "en": "not given yet"},
    "service_about": {"th": "งานบริการนี้คืออะไร", "en": "What the service is"},
    "service_front": {"th": "ก่อนขอรับบริการ", "en": "Before you ask for a service"},
    "service_covers": {"th": "คู่มือนี้ครอบคลุม", "en": "What this manual covers"},
    "service_how_to_use": {"th": "วิธีใช้คู่มือ", "en": "How to use this manual"},
    "service_contacts": {"th": "ติดต่อสอบถามและร้องเรียน", "en": "Contact and complaints"},
    "service_if": {"th": "กรณี", "en": "If"},
    "service_go_on": {"th": "ดำเนินการ", "en": "go on to"},
    "service_ends": {"th": "สิ้นสุดการให้บริการ", "en": "the service ends"},
    "search_dialog": {"th": "ค้นหาในคู่มือ", "en": "Search the handbook"},
}


def branch_target_text(procedure, index: int, goto: str, lang: str, numerals: str) -> str:
    """Where a branch of step ``index`` (0-based) of ``procedure`` leads, in words.

    "ขั้นตอนถัดไป" / "the next step", "สิ้นสุด" / "end", or "ขั้นตอนที่ ๖" / "step 6"
    (the target step's number in ``numerals``: "thai" or "arabic").  A ``goto``
    that names no step is returned as it is (the loader rejects those).
    """
    if goto == "next":
        return t("branch_next", lang) if index + 1 < len(procedure.steps) else t("branch_end", lang)
    if goto == "end":
        return t("branch_end", lang)
    for number, step in enumerate(procedure.steps, start=1):
        if step.id == goto:
            return f"{t('step_n', lang)} {digits(number, numerals)}"
    return goto


def t(key: str, lang: str) -> str:
    """Return the UI string ``key`` in ``lang`` ("th" or "en").

    Raises ``KeyError`` for an unknown key, so that a typo in a template
    fails the build instead of printing nothing.
    """
    return STRINGS[key][lang]
