"""Recognise the parts of Thai operations manuals in a block stream.

Input: the :class:`~generator.importers.blocks.Block` list of one source.
Output: :class:`Found` — the procedures (title, sections, step tables) and,
for a personal manual, the officer (name, position, duties).

The headings recognised are those met in real manuals (the seeds of this
project and the manuals the generator writes): ชื่องาน / ชื่อกระบวนการ,
วัตถุประสงค์, ขอบเขต(ของงาน), คำจำกัดความ / นิยามศัพท์,
ขั้นตอนการปฏิบัติงาน, ผังขั้นตอน / Flow Chart, มาตรฐานงาน /
มาตรฐานการปฏิบัติงาน, ตัวชี้วัด, ผลสำเร็จที่คาดหวัง, แบบฟอร์มที่ใช้,
เอกสาร / หลักฐานอ้างอิง, กฎหมาย ระเบียบ — each possibly numbered in Thai or
Arabic digits (``๒.``, ``2)``, ``(2)``, ``ก.``) or bulleted.

A procedure begins at its objectives heading (its title is the ชื่องาน
entry or the line just before), or at "มาตรฐานการปฏิบัติงาน เรื่อง …"
(manuals made of work-standard tables, seed 003).  Item numbers are read
only for their *style* (``1.``, ``1.1``, ``1)``, ``(1)``, ``ก.``, bullet), never
for their value, so a repeated or skipped number (8.2 twice) changes nothing.
"""

from __future__ import annotations

import dataclasses
import re

from generator.importers.blocks import Block
from generator.importers.spacing import space_at_join

DIGIT = "0-9๐-๙"
_NUM = re.compile(
    rf"^\s*(?:[-•○●▪➤►]\s*)?(?P<num>\([{DIGIT}]+\)|[{DIGIT}]+(?:\.[{DIGIT}]+)*[.)]?|[ก-ฮ][.)])(?=\s|$)\s*"
)
_BULLET = re.compile(r"^\s*[-•○●▪➤►]\s+")

SECTION_PATTERNS: list[tuple[str, str]] = [
    ("title", r"ชื่องาน|ชื่อกระบวนการ|ชื่อกระบวนงาน|ชื่อกระบวนการทำงาน"),
    ("objectives", r"วัตถุประสงค์(?:ของงาน|ของกระบวนการ)?"),
    ("scope", r"ขอบเขต(?:ของงาน|งาน|การปฏิบัติงาน|ของกระบวนการ)?|ขอบข่ายงาน"),
    ("definitions", r"คำจำกัดความ|นิยามศัพท์(?:เฉพาะ)?|คำนิยาม(?:ศัพท์)?|นิยาม"),
    ("steps", r"(?:ขั้น)?ตอน(?:การ)?ปฏิบัติ(?:งาน)?|ขั้นตอนการดำเนินงาน|ขั้นตอนการทำงาน|ขั้นตอนการดำเนินการ|วิธีการปฏิบัติงาน"),
    ("flowchart", r"(?:แผน)?ผัง(?:ขั้นตอน|งาน|กระบวนการ)[^.]{0,40}|flow\s*chart[^.]{0,40}"),
    ("standards", r"มาตรฐาน(?:งาน|การปฏิบัติงาน|คุณภาพงาน)"),
    ("indicators", r"ตัวชี้วัด(?:ความสำเร็จ)?(?:ของงาน)?|ตัวชี้วัดและเป้าหมาย"),
    ("outcomes", r"ผลสำเร็จ(?:ที่คาดหวัง|ของงาน)?|ผลที่คาดว่าจะได้รับ|ผลลัพธ์ที่คาดหวัง"),
    ("forms", r"แบบฟอร์ม(?:ที่ใช้)?(?:ในการปฏิบัติงาน)?|ฟอร์มที่ใช้"),
    ("references", r"เอกสาร\s*/?\s*หลักฐาน(?:อ้างอิง)?|เอกสารอ้างอิง|หลักฐานอ้างอิง|เอกสารที่เกี่ยวข้อง"),
    ("legal_basis", r"กฎหมาย[^.]{0,40}|ระเบียบ(?:ที่เกี่ยวข้อง|และกฎหมาย[^.]{0,30})|ข้อกฎหมาย[^.]{0,30}"),
    ("duties", r"ลักษณะงานที่ปฏิบัติ|งานในหน้าที่(?:ที่)?รับผิดชอบ|หน้าที่(?:และ)?ความรับผิดชอบ|ภาระงาน(?:ที่รับผิดชอบ)?"),
    ("end", r"ภาคผนวก|บรรณานุกรม|ข้อเสนอแนะ"),
]
_SECTIONS = [(key, re.compile(rf"(?:{pattern})", re.IGNORECASE)) for key, pattern in SECTION_PATTERNS]
SECTION_NAMES = {
    "title": "ชื่องาน", "objectives": "วัตถุประสงค์", "scope": "ขอบเขตของงาน", "definitions": "คำจำกัดความ",
    "steps": "ขั้นตอนการปฏิบัติงาน", "flowchart": "ผังขั้นตอน (flowchart)", "standards": "มาตรฐานการปฏิบัติงาน",
    "indicators": "ตัวชี้วัด", "outcomes": "ผลสำเร็จที่คาดหวัง", "forms": "แบบฟอร์มที่ใช้",
    "references": "เอกสาร/หลักฐานอ้างอิง", "legal_basis": "กฎหมาย ระเบียบ",
}


def strip_number(text: str) -> tuple[str, str]:
    """Split a leading item number or bullet off ``text``: ``("๕.๑", "rest")``, ``("-", …)`` or ``("", text)``."""
    m = _NUM.match(text)
    if m:
        return m.group("num"), text[m.end():].strip()
    m = _BULLET.match(text)
    if m:
        return "-", text[m.end():].strip()
    return "", text.strip()


def number_style(number: str) -> str:
    """The style of an item number: "dot" (1.), "dotted2" (1.1), "dotted3" (1.1.1), "close" (1)),
    "paren" ((1)), "letter" (ก.), "bullet" (- •), "bare" (1) or "" (none)."""
    if not number:
        return ""
    if number == "-":
        return "bullet"
    if number.startswith("("):
        return "paren"
    if re.fullmatch(r"[ก-ฮ][.)]", number):
        return "letter"
    if number.endswith(")"):
        return "close"
    parts = [p for p in number.rstrip(".").split(".") if p]
    if len(parts) == 1:
        return "dot" if number.endswith(".") else "bare"
    return "dotted2" if len(parts) == 2 else "dotted3"


def section_key(text: str) -> str | None:
    """The section a heading line names ("objectives", "steps" …), or None; see :data:`SECTION_PATTERNS`."""
    key, _rest = section_heading(text)
    return key if _rest is None else None


def section_heading(text: str) -> tuple[str | None, str | None]:
    """``(key, rest)`` when ``text`` is a section heading, ``rest`` being text after "heading:" or None."""
    _number, body = strip_number(text)
    body = body.strip().strip("*").strip()
    if not body or len(body) > 70:
        m = re.match(r"^([^:：]{2,40})\s*[:：]\s*(.+)$", body or "")
        if not m:
            return None, None
        head, rest = m.group(1).strip(), m.group(2).strip()
    else:
        m = re.match(r"^([^:：]{2,40})\s*[:：]\s*(.*)$", body)
        head, rest = (m.group(1).strip(), m.group(2).strip() or None) if m else (body, None)
    head = re.sub(r"\s+", " ", head).rstrip(" .")
    glued = re.match(r"^(คำจำกัดความ|นิยามศัพท์)\s*(\S.*(?:หมายถึง|หมายความว่า).*)$", body)
    if glued:  # "๔. คำจำกัดความพัฒนานโยบาย หมายถึง …": heading and first definition in one line
        return "definitions", glued.group(2)
    for key, pattern in _SECTIONS:
        if pattern.fullmatch(head) or pattern.fullmatch(head.replace(" ", "")):
            if key == "legal_basis" and re.search(r"พ\.ศ\.|[๐-๙0-9]{4}", head):
                return None, None
            return key, rest
    return None, None


# --------------------------------------------------------------------------- items


@dataclasses.dataclass
class Item:
    """A list item of a section: its printed number, text and sub-items."""

    number: str
    text: str
    children: list["Item"] = dataclasses.field(default_factory=list)


def parse_items(texts: list[str]) -> list[Item]:
    """Nest the lines of a section into items by numbering style.

    The first style met is the top level; each new style met under an item
    goes one level deeper; a style met before returns to its level.  Lines
    without a number continue the item before them (a wrapped line), or
    become items of their own when nothing precedes them.
    """
    top: list[Item] = []
    levels: list[str] = []  # style of each open level
    stack: list[Item] = []
    for raw in texts:
        for line in _split_inline(raw):
            number, text = strip_number(line)
            if not text:
                continue
            style = number_style(number)
            if not style:
                if stack:
                    stack[-1].text = _join(stack[-1].text, text)
                else:
                    top.append(Item("", text))
                continue
            if style in levels:
                depth = levels.index(style)
                del levels[depth + 1:]
                del stack[depth:]
            else:
                depth = len(levels) if stack else 0
                if not stack:
                    levels[:] = [style]
                else:
                    levels.append(style)
            item = Item(number, text)
            (stack[depth - 1].children if depth > 0 and len(stack) >= depth else top).append(item)
            del stack[depth:]
            stack.append(item)
    return top


def _split_inline(text: str) -> list[str]:
    """Split "… ๔.๑ a ๔.๒ b" (sub-steps written in one table cell or line) into lines."""
    parts = re.split(rf"\s+(?=[{DIGIT}]+\.[{DIGIT}]+\s)|\n", text)
    return [p for p in parts if p.strip()]


def _join(a: str, b: str) -> str:
    """``a`` and its wrapped continuation ``b``: a space as the document writes these letters elsewhere
    (:mod:`generator.importers.spacing`); without evidence none between two Thai letters, else one."""
    evidence = space_at_join(a, b)
    if evidence is not None:
        return f"{a} {b}" if evidence else a + b
    if re.search(r"[\u0e01-\u0e4e]$", a) and re.match(r"^[\u0e01-\u0e4e]", b):
        return a + b
    return f"{a} {b}"


# --------------------------------------------------------------------------- procedures


@dataclasses.dataclass
class FoundProcedure:
    """A procedure found in a source: title, the blocks of each section, its step tables."""

    title: str
    where: str
    sections: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    tables: list[list[list[str]]] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class FoundOfficer:
    """The author of a manual: name (None for a group manual that names no one), position, duties."""

    name: str | None
    position: str | None
    level: str | None
    duties: list[Item]


@dataclasses.dataclass
class Found:
    """Everything recognised in one source."""

    procedures: list[FoundProcedure]
    officer: FoundOfficer | None
    unit_hint: str


_STANDARD_TITLE = re.compile(r"^มาตรฐาน(?:การปฏิบัติงาน|งาน)\s*เรื่อง\s*(.+)$")


def find(blocks: list[Block]) -> Found:
    """Find the procedures (and the officer of a personal manual) in ``blocks``."""
    keys: list[str | None] = []
    rests: list[str | None] = []
    for b in blocks:
        key, rest = (None, None) if b.is_table else section_heading(b.text)
        keys.append(key)
        rests.append(rest)

    anchors: list[tuple[int, int, str]] = []  # (region start, body start, title)
    for i, b in enumerate(blocks):
        if b.is_table:
            continue
        m = _STANDARD_TITLE.match(strip_number(b.text)[1])
        if m:
            anchors.append((i, i + 1, strip_number(m.group(1))[1]))
            continue
        if keys[i] == "standards" and i + 1 < len(blocks) and not blocks[i + 1].is_table \
                and blocks[i + 1].text.startswith("เรื่อง"):
            anchors.append((i, i + 2, strip_number(blocks[i + 1].text[len("เรื่อง"):].strip())[1]))
            continue
        if keys[i] == "objectives":
            start, title = _title_before(blocks, keys, rests, i)
            if title:
                anchors.append((start, start, title))
    anchors.sort()
    procedures: list[FoundProcedure] = []
    for n, (start, body, title) in enumerate(anchors):
        end = anchors[n + 1][0] if n + 1 < len(anchors) else len(blocks)
        found = FoundProcedure(title, blocks[start].where)
        current: str | None = None
        for i in range(body, end):
            b = blocks[i]
            if b.is_table:
                found.tables.append(b.rows or [])
                continue
            if keys[i] == "end":
                break
            if keys[i] in ("title",) and current is None:
                current = "title"
                continue
            if keys[i] == "duties":
                break
            if keys[i]:
                current = keys[i]
                found.sections.setdefault(current, [])
                if rests[i]:
                    found.sections[current].append(rests[i])
                continue
            if current and current != "title":
                found.sections[current].append(b.text)
        if found.sections.get("steps") or any(_columns(t[0]) for t in found.tables if t):
            procedures.append(found)
    first = anchors[0][0] if anchors else len(blocks)
    return Found(procedures, _officer(blocks[:first], keys[:first]), _unit_hint(blocks[:first]))


def _title_before(blocks: list[Block], keys, rests, i: int) -> tuple[int, str]:
    """The title of the procedure whose objectives heading is ``blocks[i]``: (start index, title)."""
    for j in range(i - 1, max(-1, i - 4), -1):
        b = blocks[j]
        if b.is_table:
            return 0, ""
        if keys[j] == "title":
            return j, rests[j] or (blocks[j + 1].text if j + 1 < i else "")
        if keys[j]:
            return 0, ""  # another section right before: the group's own objectives, not a procedure
        if j + 1 < i and keys[j + 1] is None and j + 1 != i:
            continue
        _num, text = strip_number(b.text)
        if 0 < len(text) <= 200:
            # a title heading split over two lines just before (รื่อง … / ของ …): use the numbered line
            for k in range(j - 1, max(-1, j - 2), -1):
                if keys[k] == "title":
                    return k, text
            return j, text
    return 0, ""


_NAME = re.compile(r"^(?:ชื่อ(?:\s*-\s*สกุล)?\s*[:：]?\s*)?((?:นาย|นางสาว|นาง|ว่าที่\s*ร\.?\s*ต\.?\s*(?:หญิง)?|ดร\.)\s*\S+\s+\S+)$")


def _officer(blocks: list[Block], keys) -> FoundOfficer | None:
    """The author named before the first procedure (personal manual), with position and duties."""
    name = position = level = None
    duties: list[str] = []
    in_duties = False
    for b, key in zip(blocks, keys):
        if b.is_table:
            continue
        text = b.text.strip()
        for k, part in enumerate(b.lines or [text]):
            m = _NAME.match(part.strip())
            if m and name is None:
                name = re.sub(r"\s+", " ", m.group(1))
                if position is None and k + 1 < len(b.lines):
                    position = b.lines[k + 1].strip()
        m = re.match(r"^ตำแหน่ง\s*[:：]?\s*(.+)$", text)
        if m and position is None:
            position = m.group(1).strip()
        if key == "duties":
            in_duties = True
            duties = []
            continue
        if in_duties:
            if b.level and not strip_number(text)[0] and duties:
                in_duties = False
                continue
            if name and text.startswith(name):
                if position is None:
                    position = text[len(name):].strip() or None
                continue
            duties.append(text)
    if name and position is None:
        for i, b in enumerate(blocks):
            if not b.is_table and name in b.text and i + 1 < len(blocks) and not blocks[i + 1].is_table:
                rest = b.text.split(name, 1)[1].strip()
                position = rest or blocks[i + 1].text.strip()
                break
    if position:
        m = re.match(r"^(.*?)\s*(?:ระดับ\s*)?(ชำนาญการพิเศษ|ชำนาญการ|ชำนาญงาน|ปฏิบัติการ|ปฏิบัติงาน|อาวุโส|เชี่ยวชาญ)$",
                     position)
        if m and m.group(1):
            position, level = m.group(1).strip(), m.group(2)
    if name is None and position is None:
        return None
    return FoundOfficer(name, position, level, parse_items(duties))


def _unit_hint(blocks: list[Block]) -> str:
    """Text before the first procedure, where the work unit (กลุ่มงาน …) is usually named."""
    return " ".join(b.text for b in blocks[:40] if not b.is_table)


# --------------------------------------------------------------------------- tables

_COLUMN_WORDS = [
    ("number", r"^(?:ลำดับ(?:ที่)?|ที่|ขั้นที่|ข้อ)$"),
    ("chart", r"ผัง"),
    ("standard", r"มาตรฐาน"),
    ("duration", r"ระยะเวลา|เวลา"),
    ("responsible", r"ผู้รับผิดชอบ|ผู้ปฏิบัติ|ผู้ดำเนินการ"),
    ("text", r"รายละเอียด|กิจกรรม|วิธีปฏิบัติ|ขั้นตอน|กระบวนการ|งาน"),
]


def _columns(header: list[str]) -> dict[str, int]:
    """Map a step table's header row to column indexes: number, chart, text, duration, responsible, standard."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        cell = re.sub(r"\s+", "", cell or "")
        for key, pattern in _COLUMN_WORDS:
            if key not in found and re.search(pattern, cell):
                found[key] = i
                break
    return found if "text" in found and len(found) >= 2 else {}


@dataclasses.dataclass
class TableRow:
    """One step row of a flowchart or work-standard table."""

    number: str
    text: str
    duration: str
    responsible: str
    standard: str
    chart: str = ""
    """Text drawn in the flowchart column (a shape's label, branch labels), lines kept."""


def table_rows(tables: list[list[list[str]]]) -> list[TableRow]:
    """The step rows of ``tables`` (header rows, start/end rows and empty rows dropped), in order."""
    out: list[TableRow] = []
    for table in tables:
        if not table:
            continue
        columns = _columns(table[0])
        if not columns:
            continue
        for row in table[1:]:
            if _columns(row) == columns:
                continue  # the header repeated on a new page

            def cell(key: str) -> str:
                i = columns.get(key)
                return (row[i] or "").strip() if i is not None and i < len(row) else ""

            text = cell("text")
            number = re.sub(r"\s+", "", cell("number"))
            if not text:
                continue
            out.append(TableRow(number, text, _flat(cell("duration")), _flat(cell("responsible")),
                                _flat(cell("standard")), _chart_text(row, columns)))
    return out


def _chart_text(row: list[str], columns: dict[str, int]) -> str:
    """The flowchart column of ``row``: its cell and any unnamed cells up to the next named column
    (a PDF table may cut a drawn shape into several cells)."""
    start = columns.get("chart")
    if start is None:
        return ""
    end = min([i for i in columns.values() if i > start] + [len(row)])
    return "\n".join((c or "").strip() for c in row[start:end] if (c or "").strip())


def _flat(text: str) -> str:
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        out = _join(out, line)
    return "" if out in ("-", "–") else out
