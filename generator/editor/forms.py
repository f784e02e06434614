"""The editor's forms: the JSON Schemas of the model reshaped for a form, and data between file and form shape.

The model (``generator/model/documents.py``) stays the one source: the form
schema is pydantic's JSON Schema (the one ``handbook schema`` writes), changed
only where a form needs it:

* a bilingual text (``Text``: a string, or ``{th, en}``) is always the object
  ``{th, en}`` — a Thai box and an optional English box;
* the short forms (a sub-step or a duty written as just its text) are the
  object form;
* "this or nothing" (``anyOf [X, null]``) is X: an empty box means "not given";
* ids of the office's own things become choices (``oneOf`` of ``const`` with a
  title): work units, officers and procedures (:func:`form_schema`);
* labels are Thai first, English second (:data:`LABELS`, glossary terms).

:func:`to_form` turns file data into form data; :func:`to_file` turns form
data back into file data (empty values dropped, a Thai-only text written as a
plain string, defaults not written unless the file had them).
"""

from __future__ import annotations

import copy
from typing import Any

from generator.model.documents import MODELS

#: Field name → Thai label / English label (GLOSSARY.md terms).
LABELS: dict[str, str] = {
    "id": "รหัส (อักษรอังกฤษตัวเล็ก ตัวเลข ขีด) / id",
    "title": "ชื่องาน / title",
    "work_unit": "กลุ่มงาน / work unit",
    "owners": "ผู้รับผิดชอบงาน (เจ้าหน้าที่) / owners",
    "objectives": "วัตถุประสงค์ / objectives",
    "scope": "ขอบเขตของงาน / scope",
    "definitions": "คำจำกัดความ / definitions",
    "term": "คำ / term",
    "meaning": "ความหมาย / meaning",
    "steps": "ขั้นตอนการปฏิบัติงาน / procedure steps",
    "kind": "ชนิด / kind",
    "text": "ข้อความ / text",
    "short": "ข้อความสั้นในผังขั้นตอน / short label for the flowchart",
    "duration": "ระยะเวลา / duration",
    "responsible": "ผู้รับผิดชอบ / responsible",
    "standard": "มาตรฐานการปฏิบัติงาน / work standard",
    "substeps": "ขั้นตอนย่อย / sub-steps",
    "branches": "ทางเลือกของการตัดสินใจ / branches of the decision",
    "label": "ผลการพิจารณา / what was decided",
    "goto": "ไปที่ขั้นตอน / goes to step",
    "indicators": "ตัวชี้วัด / indicators",
    "outcomes": "ผลสำเร็จที่คาดหวัง / expected outcomes",
    "forms": "แบบฟอร์มที่ใช้ / forms used",
    "references": "เอกสาร/หลักฐานอ้างอิง / reference documents and evidence",
    "legal_basis": "กฎหมาย ระเบียบ และเอกสารที่เกี่ยวข้อง / laws, regulations and related documents",
    "revision": "ฉบับปรับปรุง / revision",
    "version": "ฉบับที่ / version",
    "effective": "วันที่มีผล / effective date",
    "approved_by": "ผู้อนุมัติ / approved by",
    "service": "ข้อมูลงานบริการ (คู่มือสำหรับประชาชน) / service",
    "responsible_unit": "หน่วยงานที่รับผิดชอบ / responsible unit",
    "channels": "ช่องทางการให้บริการ / service channels",
    "place": "สถานที่ / place",
    "hours": "ระยะเวลาเปิดให้บริการ / opening hours",
    "phone": "โทรศัพท์ / telephone",
    "email": "อีเมล / e-mail",
    "online": "บริการออนไลน์ / online",
    "conditions": "หลักเกณฑ์ วิธีการ เงื่อนไข / conditions",
    "total_time": "ระยะเวลาดำเนินการรวม / total time",
    "fees": "ค่าธรรมเนียม / fees",
    "no_fee": "ไม่มีค่าธรรมเนียม / no fee",
    "documents": "เอกสารหลักฐานประกอบ / documents required",
    "issued_by": "หน่วยงานผู้ออกเอกสาร / issued by",
    "originals": "จำนวนฉบับจริง / originals",
    "copies": "จำนวนสำเนา / copies",
    "unit": "หน่วยนับ / unit",
    "note": "หมายเหตุ / note",
    "no_documents": "ไม่ต้องใช้เอกสาร / no documents needed",
    "complaints": "ช่องทางการร้องเรียน / complaint channels",
    "name": "ชื่อ / name",
    "short_name": "ชื่อย่อ / short name",
    "parent_bodies": "หน่วยงานต้นสังกัด / parent bodies",
    "address": "ที่อยู่ / address",
    "website": "เว็บไซต์ / website",
    "handbook_url": "ที่อยู่เว็บไซต์คู่มือ / handbook URL",
    "emblem": "ตราสัญลักษณ์ (ไฟล์ภาพ) / emblem",
    "mandate": "อำนาจหน้าที่ / powers and duties",
    "mandate_source": "ที่มาของอำนาจหน้าที่ / source of the mandate",
    "structure": "โครงสร้างการแบ่งส่วนราชการ / organisational structure",
    "group": "กลุ่ม / group",
    "concept": "แนวคิด / concept",
    "work_units": "กลุ่มงาน / work units",
    "description": "คำอธิบาย / description",
    "procedures": "งาน / procedures",
    "fiscal_year": "ปีงบประมาณ (พ.ศ.) / fiscal year (BE)",
    "numerals": "ตัวเลข / digits",
    "languages": "ภาษา / languages",
    "redirects": "ที่อยู่เดิมของงานที่เปลี่ยนรหัส / redirects",
    "position": "ตำแหน่ง / position",
    "level": "ระดับ / level",
    "position_number": "ตำแหน่งเลขที่ / position number",
    "duties": "ลักษณะงานที่ปฏิบัติ / duties performed",
    "items": "รายการย่อย / parts",
    "approval_chain": "ผู้ลงนามในบันทึกข้อความ / approval chain",
    "group_director": "ผู้อำนวยการกลุ่ม / group director",
    "deputy_director": "รองผู้อำนวยการ / deputy director",
    "director": "ผู้อำนวยการ / director",
    "officer": "เจ้าหน้าที่ / officer",
    "author": "ผู้จัดทำ / author",
    "memo": "บันทึกข้อความ / memorandum",
    "number": "ที่ / ref. no.",
    "date": "วันที่ / date",
    "subject": "เรื่อง / subject",
    "body": "ข้อความ / body",
    "preface": "คำนำ / preface",
    "appendix": "ภาคผนวก / appendix",
    "file": "ไฟล์ PDF / PDF file",
    "parts": "ส่วนของคู่มือ / parts",
    "formats": "ชนิดไฟล์ / files to make",
    "editors": "ผู้แก้ไขได้ทุกไฟล์ / editors of every file",
}

#: Field name → Thai help under the label (the model's English description follows it).
HELP: dict[str, str] = {
    "title": "ชื่อที่แสดงบนเว็บไซต์และในคู่มือ",
    "work_unit": "กลุ่มงานที่งานนี้สังกัด",
    "owners": "ติ๊กเจ้าหน้าที่ที่รับผิดชอบงานนี้ (ระบบเพิ่มงานนี้ในข้อมูลของเจ้าหน้าที่ให้เมื่อบันทึก)",
    "objectives": "ข้อละหนึ่งวัตถุประสงค์",
    "steps": "เรียงตามลำดับที่ทำจริง เลขข้อระบบใส่ให้เอง",
    "short": "ไม่บังคับ: ข้อความสั้นที่แสดงในกล่องของผังขั้นตอน ถ้าเว้นว่างจะใช้ข้อความของขั้นตอน",
    "duration": "เช่น \"๓ วันทำการ\" หรือ \"ตุลาคม – พฤศจิกายน\"",
    "responsible": "ตำแหน่งผู้ทำขั้นตอนนี้ เช่น นักวิเคราะห์นโยบายและแผน",
    "standard": "มาตรฐานการปฏิบัติงานของขั้นตอนนี้",
    "substeps": "ขั้นตอนย่อย ๑) ๒) … ของขั้นตอนนี้",
    "branches": "เฉพาะขั้นตอน \"ตัดสินใจ\": ผลการพิจารณาแต่ละทางและขั้นตอนที่งานไปต่อ (อย่างน้อย ๒ ทาง)",
    "goto": "ขั้นตอนถัดไป สิ้นสุด หรือย้อนกลับไปขั้นตอนที่ต้องแก้",
    "revision": "ฉบับที่ วันที่มีผล และผู้อนุมัติ",
    "effective": "วันที่ตามปฏิทินสากล (ค.ศ.) เช่น 2025-10-01 คือ ๑ ตุลาคม ๒๕๖๘",
    "procedures": "งานที่เกี่ยวข้อง เลือกจากงานของสำนักงาน",
    "duties": "ลักษณะงานที่ปฏิบัติ ข้อละหนึ่งหน้าที่",
    "approval_chain": "ผู้ให้ความเห็นและอนุญาตในบันทึกข้อความขอเผยแพร่คู่มือ",
    "officer": "เลือกเจ้าหน้าที่ หรือเว้นว่างแล้วกรอกชื่อและตำแหน่ง",
}

#: Choice value → Thai / English title, for the model's fixed choices.
CHOICES: dict[str, str] = {
    "start": "เริ่มต้น / start", "process": "ดำเนินการ / process", "decision": "ตัดสินใจ / decision",
    "document": "เอกสาร / document", "end": "สิ้นสุด / end",
    "procedure": "งานภายใน / procedure", "service": "งานบริการ / service",
    "personal": "รายบุคคล / personal", "group": "ของกลุ่ม / group",
    "thai": "เลขไทย ๑๒๓ / Thai", "arabic": "เลขอารบิก 123 / Arabic",
    "th": "ไทย / Thai", "en": "อังกฤษ / English", "pdf": "PDF", "docx": "DOCX (Word)",
    "cover": "ปก / cover", "memo": "บันทึกข้อความ / memo", "preface": "คำนำ / preface",
    "contents": "สารบัญ / contents", "introduction": "บทนำ / introduction", "appendix": "ภาคผนวก / appendix",
    "back_cover": "ปกหลัง / back cover",
}

TEXT_SCHEMA = {
    "type": "object",
    "properties": {
        "th": {"type": "string", "title": "ภาษาไทย / Thai", "minLength": 1},
        "en": {"type": "string", "title": "ภาษาอังกฤษ (ไม่บังคับ) / English (optional)"},
    },
    "required": ["th"],
    "additionalProperties": False,
}


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _reshape(node: Any, field: str = "") -> Any:
    """Apply the changes listed in the module docstring to one schema node, depth first."""
    if isinstance(node, list):
        return [_reshape(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if not _is_null(o)]
        objects = [o for o in options if "$ref" in o or "properties" in o]
        if len(options) == 2 and objects and any(o.get("title") == "Text in Thai and English" for o in options):
            options = [o for o in objects if o.get("title") != "Text in Thai and English"]  # short form of a sub-step / duty
        if len(options) == 1:
            rest = {k: v for k, v in node.items() if k != "anyOf"}
            if rest.get("default", 0) is None:
                rest.pop("default")
            node = {**options[0], **{k: v for k, v in rest.items() if k not in ("title",)}}
    out = {}
    required = set(node.get("required", []))
    for key, value in node.items():
        if key == "properties":
            out[key] = {name: _optional_text(_reshape(sub, name), name in required) for name, sub in value.items()}
        elif key in ("examples",):
            continue
        else:
            out[key] = _reshape(value)
    if field and field in LABELS:
        out["title"] = LABELS[field]
    if field and field in HELP:
        english = out.get("description", "")
        out["description"] = HELP[field] + (f" ({english})" if english else "")
    if "enum" in out and all(isinstance(v, str) for v in out["enum"]):
        values = out.pop("enum")
        out["oneOf"] = [{"const": v, "title": CHOICES.get(v, v)} for v in values]
        out.setdefault("type", "string")
    if out.get("type") == "array" and isinstance(out.get("items"), dict) and "enum" in out["items"]:
        values = out["items"].pop("enum")
        out["items"]["oneOf"] = [{"const": v, "title": CHOICES.get(v, v)} for v in values]
        out["uniqueItems"] = True
    return out


def _optional_text(schema: dict, required: bool) -> dict:
    """An optional bilingual text points at ``TextOptional`` (no star on its Thai box)."""
    if not required and schema.get("$ref") == "#/$defs/Text":
        return {**schema, "$ref": "#/$defs/TextOptional"}
    return schema


#: $defs name → Thai / English title of one item of a list.
ITEM_TITLES = {
    "Step": "ขั้นตอน / step", "SubStep": "ขั้นตอนย่อย / sub-step", "Branch": "ทางเลือก / branch",
    "Definition": "คำจำกัดความ / definition", "WorkUnit": "กลุ่มงาน / work unit", "Channel": "ช่องทาง / channel",
    "RequiredDocument": "เอกสาร / document", "Duty": "หน้าที่ / duty", "AppendixItem": "ภาคผนวก / appendix item",
    "Signatory": "ผู้ลงนาม / signatory", "Memo": "บันทึกข้อความ / memorandum", "Revision": "ฉบับปรับปรุง / revision",
    "Service": "งานบริการ / service", "Group": "กลุ่ม / group", "ApprovalChain": "ผู้ลงนาม / approval chain",
}


def base_schema(kind: str) -> dict:
    """The form schema of ``kind`` without the office's ids (see module docstring)."""
    schema = MODELS[kind].model_json_schema()
    schema = _reshape(schema)
    defs = schema.setdefault("$defs", {})
    defs["Text"] = copy.deepcopy(TEXT_SCHEMA)
    defs["TextOptional"] = {**copy.deepcopy(TEXT_SCHEMA), "required": []}
    defs["TextOptional"]["properties"]["th"] = {"type": "string", "title": "ภาษาไทย / Thai"}
    for name, sub in list(defs.items()):
        if name in ITEM_TITLES and isinstance(sub, dict):
            sub["title"] = ITEM_TITLES[name]
            sub.pop("description", None)
    schema.pop("title", None)
    schema.pop("description", None)
    return schema


def _choice(ids: dict[str, str]) -> dict:
    return {"type": "string", "oneOf": [{"const": i, "title": f"{label} ({i})" if label else i}
                                        for i, label in ids.items()]} if ids else {"type": "string"}


def _set(schema: dict, path: list[str], choices: dict, many: bool = False) -> None:
    """Put ``choices`` on the property at ``path`` (``$defs`` names allowed as the first part)."""
    node = schema
    for part in path[:-1]:
        node = node["$defs"][part] if part in node.get("$defs", {}) and node is schema else node["properties"][part]
    prop = node["properties"][path[-1]]
    keep = {k: v for k, v in prop.items() if k in ("title", "description", "default", "minItems")}
    if many:
        node["properties"][path[-1]] = {**keep, "type": "array", "items": {**_choice(choices), "title": ""},
                                        "uniqueItems": True}
    else:
        node["properties"][path[-1]] = {**keep, **_choice(choices)}


def form_schema(kind: str, ids: dict[str, dict[str, str]]) -> dict:
    """The form schema of ``kind`` with the office's own ids as choices.

    ``ids`` maps ``"work_units"``, ``"officers"`` and ``"procedures"`` to
    ``{id: Thai name}``.  The targets of a decision's branches (step ids,
    ``next``, ``end``) change while the user types: the front end fills them.
    """
    schema = base_schema(kind)
    units, officers, procedures = ids.get("work_units", {}), ids.get("officers", {}), ids.get("procedures", {})
    if kind == "procedure":
        step_id = schema["$defs"]["Step"]["properties"]["id"]
        step_id["title"] = "รหัสขั้นตอน / step id"
        step_id["description"] = "ไม่ต้องกรอก: ระบบตั้งให้เมื่อทางเลือกของการตัดสินใจส่งงานมาที่ขั้นตอนนี้"
        schema["$defs"]["Step"]["properties"]["kind"]["description"] = \
            "สัญลักษณ์ในผังขั้นตอน: เริ่มต้น ดำเนินการ ตัดสินใจ เอกสาร หรือสิ้นสุด"
        schema["properties"]["kind"]["description"] = \
            "งานภายใน หรืองานบริการประชาชน/สถานศึกษา (งานบริการจะอยู่ในคู่มือสำหรับประชาชน)"
        _set(schema, ["work_unit"], units)
        _set(schema, ["owners"], officers, many=True)
    elif kind == "officer":
        _set(schema, ["work_unit"], units)
        _set(schema, ["procedures"], procedures, many=True)
        _set(schema, ["Signatory", "officer"], officers)
    elif kind == "manual":
        schema["properties"]["title"]["title"] = "ชื่อคู่มือ / title of the manual"
        _set(schema, ["author"], officers)
        _set(schema, ["procedures"], procedures, many=True)
    elif kind == "office":
        _set(schema, ["WorkUnit", "procedures"], procedures, many=True)
        _set(schema, ["editors"], officers, many=True)
    return schema


# --------------------------------------------------------------------------- data shapes


def _deref(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _is_text(schema: dict) -> bool:
    return schema.get("$ref") in ("#/$defs/Text", "#/$defs/TextOptional")


def to_form(value: Any, schema: dict, root: dict | None = None) -> Any:
    """File data → form data, following the form ``schema`` (texts as ``{th, en}``, short forms as objects)."""
    root = root or schema
    if _is_text(schema):
        return {"th": value} if isinstance(value, str) else value
    node = _deref(schema, root)
    if isinstance(value, dict) and "properties" in node:
        return {k: to_form(v, node["properties"][k], root) if k in node["properties"] else v for k, v in value.items()}
    if isinstance(value, (str, dict)) and "properties" in node and "text" in node["properties"]:
        return to_form({"text": value}, schema, root)  # a short form: "- ส่งหนังสือ"
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        return [to_form(v, node["items"], root) for v in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def to_file(value: Any, schema: dict, old: Any = None, root: dict | None = None) -> Any:
    """Form data → file data: empty values and unchanged defaults dropped, a Thai-only text as a plain string.

    ``old`` is the file's data as read (plain), used to keep a key the file
    already had even when it holds the default value, and to keep the short
    form of a sub-step or a duty.
    """
    root = root or schema
    if _is_text(schema):
        if not isinstance(value, dict):
            return value
        th, en = (value.get("th") or "").strip("\n"), (value.get("en") or "").strip()
        if not th and not en:
            return None
        return {"th": th, "en": en} if en else th
    node = _deref(schema, root)
    if isinstance(value, dict) and "properties" in node:
        out = {}
        olds = old if isinstance(old, dict) else {}
        for key, sub in value.items():
            prop = node["properties"].get(key)
            if prop is None:
                out[key] = sub
                continue
            converted = to_file(sub, prop, olds.get(key), root)
            if _empty(converted) and key not in node.get("required", []):
                continue
            default = _deref(prop, root).get("default", prop.get("default", object()))
            if converted == default and key not in olds:
                continue
            out[key] = converted
        if set(out) == {"text"} and set(node["properties"]) - {"text"} <= {"substeps", "items"} \
                and not isinstance(old, dict):
            return out["text"]  # the short form, as it is written by hand
        return out
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        olds = old if isinstance(old, list) else []
        items = [to_file(v, node["items"], olds[i] if i < len(olds) else None, root) for i, v in enumerate(value)]
        return [i for i in items if not _empty(i)]
    if isinstance(value, str) and node.get("type") == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    return value
