"""Live validation in the editor: the same checks as ``handbook check``, told in Thai next to each field.

:func:`validate` writes the form's data into the file's text (as a save
would), loads the whole project with that text in place of the file
(``load_handbook(..., overrides=...)``: the same loader, models and
cross-file checks as ``handbook check``) and returns the problems of this
file by field, plus those the change causes in other files.

Messages are the loader's (English), put into Thai by :func:`thai` for the
common cases; the English text is always kept second, so nothing is lost
for a message this table does not know.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from generator.editor import files
from generator.model.diagnostics import Diagnostic
from generator.model.loader import Handbook, load_handbook

#: (English pattern of a loader message, Thai message); groups are copied into the Thai text.
_MESSAGES: list[tuple[str, str]] = [
    (r"^is missing$", "ยังไม่ได้กรอก"),
    (r"^is missing: (.*)$", "ยังไม่ได้กรอก"),
    (r"^is empty$", "ยังว่างอยู่"),
    (r"^needs at least one item$", "ต้องมีอย่างน้อย ๑ รายการ"),
    (r"^has more than (\d+) items$", "มีเกิน {0} รายการ"),
    (r'^(".*") is not a valid id$', "{0} ไม่ใช่รหัสที่ใช้ได้"),
    (r"^(.*) is not in the expected form$", "{0} เขียนไม่ตรงรูปแบบ"),
    (r"^(.*) is not allowed$", "{0} ไม่ใช่ค่าที่เลือกได้"),
    (r"^(.*) is out of range$", "{0} อยู่นอกช่วงที่รับได้"),
    (r"^should be (.*), not (.*)$", "ชนิดข้อมูลไม่ถูกต้อง"),
    (r"^is ([\d,]+) characters long", "ยาว {0} ตัวอักษร เกินที่กำหนด"),
    (r"^is not a known key here", "ไม่ใช่ช่องที่รู้จัก"),
    (r'^(".*") is not an officer$', "{0} ไม่ใช่เจ้าหน้าที่ของสำนักงาน"),
    (r'^(".*") is not a procedure$', "{0} ไม่ใช่งานที่มีอยู่"),
    (r'^(".*") is not a work unit of office.yml$', "{0} ไม่ใช่กลุ่มงานของสำนักงาน"),
    (r'^names "(.*)", but officers/.* does not list this procedure$',
     "ระบุ {0} เป็นผู้รับผิดชอบ แต่ข้อมูลเจ้าหน้าที่ {0} ยังไม่ได้ระบุงานนี้"),
    (r'^lists "(.*)", but procedures/.* does not name (.*) among its owners$',
     "ระบุงาน {0} แต่งานนั้นยังไม่ได้ระบุ {1} เป็นผู้รับผิดชอบ"),
    (r'^names the procedure "(.*)", which does not exist$', "ระบุงาน {0} ซึ่งไม่มีอยู่"),
    (r'^lists "(.*)", but that procedure belongs to the work unit "(.*)"$', "ระบุงาน {0} แต่งานนั้นอยู่ในกลุ่มงาน \"{1}\""),
    (r'^(".*") does not match the file name (.*)$', "รหัส {0} ไม่ตรงกับชื่อไฟล์ {1}"),
    (r'^(".*") is already used by (.*)$', "รหัส {0} ซ้ำกับ {1}"),
    (r"^a decision needs at least two branches$", "การตัดสินใจต้องมีทางเลือกอย่างน้อย ๒ ทาง"),
    (r"^only a decision step can have branches", "มีทางเลือกได้เฉพาะขั้นตอนชนิด \"ตัดสินใจ\""),
    (r'^(".*") is not the id of a step in this procedure$', "{0} ไม่ใช่รหัสของขั้นตอนในงานนี้"),
    (r'^"next" from the last step leads nowhere$', "\"ขั้นตอนถัดไป\" จากขั้นตอนสุดท้ายไม่มีที่ไป"),
    (r"^cannot be reached from the start", "ไปไม่ถึงขั้นตอนนี้จากจุดเริ่มต้น: ไม่มีขั้นตอนหรือทางเลือกใดนำมาที่นี่"),
    (r"^never leads to the end", "งานไปไม่ถึงจุดสิ้นสุด: วนกลับหรือหยุดอยู่ที่นี่"),
    (r"^has no English text$", "ยังไม่มีข้อความภาษาอังกฤษ"),
    (r'^still holds the placeholder "(.*)"$', "ยังเป็นข้อความตัวอย่าง \"{0}\""),
    (r"^still holds the example office's value", "ยังเป็นข้อมูลของสำนักงานตัวอย่าง"),
    (r"^is not a valid web address|^is not a web address", "ไม่ใช่ที่อยู่เว็บที่ถูกต้อง (ขึ้นต้นด้วย https://)"),
    (r"^is a draft saved with errors", "เป็นฉบับร่างที่บันทึกไว้ทั้งที่มีข้อผิดพลาด ระบบจะข้ามไฟล์นี้เมื่อสร้างเว็บไซต์"),
    (r"^YAML syntax error", "ไฟล์เขียนผิดรูปแบบ YAML"),
    (r"^has no approval chain", "ยังไม่มีผู้ลงนาม: บันทึกข้อความจะไม่มีช่องความเห็นและคำสั่งของผู้อำนวยการ"),
    (r'^the file "(.*)" does not exist$', "ไม่พบไฟล์ \"{0}\""),
    (r"^service: is given but kind is not service", "มีข้อมูลงานบริการ แต่ชนิดของงานไม่ใช่ \"งานบริการ\""),
    (r"^give either officer, or both name and position$", "เลือกเจ้าหน้าที่ หรือกรอกทั้งชื่อและตำแหน่ง"),
]

_HINTS: list[tuple[str, str]] = [
    (r'^did you mean "(.*)"\?$', "หมายถึง \"{0}\" หรือไม่"),
    (r"^write the text, or delete the line if the field is optional$", "กรอกข้อความ หรือเว้นว่างถ้าช่องนี้ไม่บังคับ"),
    (r"^use lower-case English letters, digits and hyphens", "ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และขีด (-) เช่น budget-allocation"),
    (r"^add a line starting with - under", "กดปุ่ม \"เพิ่ม\" เพื่อเพิ่มรายการ"),
    (r"^add how long this step takes", "ระบุระยะเวลาของขั้นตอน เช่น \"๓ วันทำการ\" (ITA ถามระยะเวลาของแต่ละขั้นตอน)"),
    (r"^add branches", "เพิ่มทางเลือก เช่น \"เห็นชอบ\" ไปขั้นตอนถัดไป และ \"ไม่เห็นชอบ\" กลับไปขั้นตอนที่ต้องแก้"),
    (r"^add kind: decision to this step", "เปลี่ยนชนิดของขั้นตอนเป็น \"ตัดสินใจ\" หรือลบทางเลือกออก"),
    (r"^write goto: end$", "เลือก \"สิ้นสุด\""),
    (r"^let one branch go on", "ให้ทางเลือกหนึ่งไปต่อ: \"ขั้นตอนถัดไป\" หรือ \"สิ้นสุด\""),
    (r"^give each (.*) its own id$", "ตั้งรหัสที่ไม่ซ้ำกัน"),
    (r"^add (.*) to procedures in officers/(.*)\.yml, or remove (.*) here$",
     "เพิ่มงานนี้ในข้อมูลของเจ้าหน้าที่ {1} หรือลบ {2} ออกจากที่นี่"),
    (r"^add (.*) to owners in procedures/(.*)\.yml, or remove (.*) here$",
     "เพิ่ม {0} เป็นผู้รับผิดชอบในงาน {1} หรือลบงาน {2} ออกจากที่นี่"),
    (r"^move it to the list of (.*), or change work_unit in procedures/(.*)\.yml$",
     "ย้ายงานนี้ไปไว้ในรายการของกลุ่มงาน {0} หรือเปลี่ยนกลุ่มงานของงาน {1}"),
    (r'^(?:add officers/.*; )?did you mean "(.*)"\?$', "หมายถึง \"{0}\" หรือไม่"),
    (r"^(?:add officers/(.*)\.yml; )?known officers: (.*)$", "เลือกเจ้าหน้าที่ที่มีอยู่: {1}"),
    (r"^known (.*): (.*)$", "ที่มีอยู่: {1}"),
    (r"^check the spelling$", "ตรวจการสะกด"),
    (r"^shorten it", "ตัดให้สั้นลง เก็บรายละเอียดไว้ในข้อความของขั้นตอน"),
    (r"^write the real name or text|^write the office's own text", "กรอกข้อมูลจริงของสำนักงาน"),
    (r"^write the office's own value", "กรอกข้อมูลของสำนักงานเอง: ข้อความนี้พิมพ์ในบันทึกข้อความ ปกหลัง และเว็บไซต์"),
    (r"^add emblem:", "เพิ่มตราสัญลักษณ์ของสำนักงาน (ไฟล์ภาพ PNG หรือ JPEG ในโฟลเดอร์ของโครงการ) ระหว่างนี้บันทึกข้อความจะพิมพ์โดยไม่มีตรา"),
    (r"^add who does this step", "ระบุผู้รับผิดชอบขั้นตอน เช่น \"นักวิเคราะห์นโยบายและแผน\" (ITA ถามผู้รับผิดชอบของแต่ละขั้นตอน)"),
    (r"^list the laws and regulations", "ระบุกฎหมายและระเบียบที่งานนี้ยึดถือ (ITA ถามกฎหมายที่เกี่ยวข้อง)"),
    (r"^add the unit responsible for the service", "ระบุหน่วยงานที่รับผิดชอบงานบริการ (ITA O9)"),
    (r"^add where and when the service is given", "ระบุช่องทางการให้บริการ: สถานที่ เวลา โทรศัพท์ บริการออนไลน์ (ITA O9)"),
    (r"^add the total time of the service", "ระบุระยะเวลาดำเนินการรวม เช่น \"๕ วันทำการ\" (ITA O9)"),
    (r"^list the fees", "ระบุค่าธรรมเนียม หรือเลือก \"ไม่มีค่าธรรมเนียม\" (ITA O9 ต้องระบุ ห้ามเว้นว่าง)"),
    (r"^list the documents the applicant brings", "ระบุเอกสารที่ผู้ขอรับบริการต้องใช้ หรือเลือก \"ไม่ต้องใช้เอกสาร\" (ITA O9)"),
    (r"^add where to complain", "ระบุช่องทางการร้องเรียน: หน่วยงาน โทรศัพท์ อีเมล หรือบริการออนไลน์"),
    (r"^add a service: block", "กรอก \"ข้อมูลงานบริการ\": หน่วยงาน ช่องทาง ระยะเวลา ค่าธรรมเนียม เอกสาร และช่องทางร้องเรียน"),
    (r"^open it in handbook edit", "เปิดไฟล์นี้ในโปรแกรมแก้ไข แก้ข้อผิดพลาด แล้วบันทึก"),
    (r"^write the English text", "เพิ่มข้อความภาษาอังกฤษ หรือปล่อยว่างไว้ (เว็บไซต์ภาษาอังกฤษจะแสดงภาษาไทยแทน)"),
]


def _translate(text: str, table: list[tuple[str, str]]) -> str:
    for pattern, thai in table:
        match = re.search(pattern, text)
        if match:
            return thai.format(*match.groups())
    return ""


def thai(diagnostic: Diagnostic) -> dict:
    """One diagnostic for the editor: Thai message and hint first, the English ones kept.

    Returns ``{"file", "path", "severity", "message", "hint", "message_en", "hint_en", "line"}``;
    ``message``/``hint`` are Thai, or the English text when the table has no Thai for it.
    """
    message = _translate(diagnostic.message, _MESSAGES) or diagnostic.message
    hint = _translate(diagnostic.hint, _HINTS) if diagnostic.hint else ""
    return {
        "file": diagnostic.file, "path": diagnostic.path, "severity": diagnostic.severity, "line": diagnostic.line,
        "message": message, "hint": hint or diagnostic.hint,
        "message_en": diagnostic.message, "hint_en": diagnostic.hint,
    }


def path_parts(path: str) -> list[str | int]:
    """``steps[3].branches[1].goto`` → ``["steps", 2, "branches", 0, "goto"]`` (indexes back to 0-based)."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) - 1 if index else name)
    return parts


def nested_errors(items: list[dict]) -> dict:
    """The problems of one file as react-jsonschema-form ``extraErrors``: ``{steps: {2: {__errors: [...]}}}``."""
    tree: dict = {}
    for item in items:
        node = tree
        for part in path_parts(item["path"]):
            node = node.setdefault(str(part), {})
        text = item["message"] + (f" — {item['hint']}" if item["hint"] else "")
        if item["severity"] == "warning":
            text = "คำเตือน: " + text
        node.setdefault("__errors", []).append(text)
    return tree


class Result(dict):
    """Validation result: ``{"ok", "errors", "warnings", "fields", "others", "text", "seconds"}`` plus ``handbook``."""


def validate(root: Path, kind: str, ident: str, data: dict, base_text: str | None,
             linked: dict[Path, str] | None = None) -> Result:
    """Check ``data`` (file shape) as the file (kind, id) of the project ``root``.

    Returns a :class:`Result`: ``fields`` the problems of this file (each a
    :func:`thai` dict, ``nested`` the same as ``extraErrors``), ``others``
    those the change causes or leaves in other files, ``ok`` true when this
    file has no error, ``text`` the YAML that a save would write, and
    ``handbook`` the loaded project (``None`` when any file has an error).
    ``linked`` maps other files to the text they get in the same save (the
    officers' lists of procedures kept in step with a procedure's owners).
    """
    start = time.perf_counter()
    root = Path(root).resolve()
    path = files.file_path(root, kind, ident)
    text = files.render(kind, base_text, data)
    handbook, diagnostics = load_handbook(root, overrides={**(linked or {}), path: text})
    display = path.relative_to(root).as_posix()
    mine = [thai(d) for d in diagnostics if d.file == display]
    others = [thai(d) for d in diagnostics if d.file != display]
    errors = sum(d["severity"] == "error" for d in mine)
    result = Result(
        ok=errors == 0, errors=errors, warnings=len(mine) - errors, fields=mine, nested=nested_errors(mine),
        others=others, text=text, seconds=round(time.perf_counter() - start, 3),
    )
    result.handbook = handbook  # type: ignore[attr-defined]
    return result


def warnings_by_file(diagnostics: list[Diagnostic]) -> dict[str, dict[str, int]]:
    """File → ``{"errors": n, "warnings": n}``, for the home screen."""
    out: dict[str, dict[str, int]] = {}
    for d in diagnostics:
        counts = out.setdefault(d.file, {"errors": 0, "warnings": 0})
        counts["errors" if d.severity == "error" else "warnings"] += 1
    return out


def project(root: Path) -> tuple[Handbook | None, list[Diagnostic]]:
    """The project as ``handbook check`` sees it (drafts skipped)."""
    return load_handbook(Path(root).resolve())


__all__ = ["validate", "thai", "nested_errors", "path_parts", "project", "warnings_by_file", "Any"]
