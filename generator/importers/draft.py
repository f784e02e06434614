"""Drafts: recognised sections → the data of ``procedures/<id>.yml`` and ``officers/<id>.yml``.

A draft keeps the source's wording.  Every value the model needs but the
source does not give (objectives, scope, work unit, revision) gets a
placeholder that passes ``handbook check`` and a ``# TODO`` note; so does
what the ITA staff-manual item asks for and the source lacks (the time and
the responsible role of each step, the related laws).  Notes are keyed by the
path of the value they concern (``("steps", 2, "duration")``).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re

from generator.importers.sections import (
    DIGIT, SECTION_NAMES, FoundOfficer, FoundProcedure, Item, _join, parse_items, strip_number, table_rows,
)
from generator.wordcut import dictionary

PLACEHOLDER = "(ยังไม่ได้ระบุ)"
LIST_PARTS = ("indicators", "outcomes", "forms", "references", "legal_basis")


@dataclasses.dataclass
class Draft:
    """One file to write: ``kind`` ("procedure"/"officer"), ``id``, ``data`` (plain dict in key order),
    ``todos`` (path tuple → note), ``found`` (section keys recognised, for the report)."""

    kind: str
    id: str
    data: dict
    todos: dict[tuple, str]
    found: list[str]
    missing: list[str]
    source: str
    steps_from: str = ""
    """Which list of the source became ``steps`` (written as a comment above ``steps:``)."""


def slug(text: str, fallback: str) -> str:
    """An id (a-z, 0-9, hyphens; at most 48 characters) from Thai or English ``text`` (PyThaiNLP romanisation)."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate import romanize

    parts: list[str] = []
    for word in word_tokenize(text, custom_dict=dictionary(), engine="newmm", keep_whitespace=False):
        if re.search(r"[\u0e01-\u0e4e]", word):
            word = romanize(word, engine="royin")
        word = re.sub(r"[^a-z0-9]+", "", word.lower())
        if word:
            parts.append(word)
        if len("-".join(parts)) > 40:
            break
    ident = "-".join(parts)[:48].strip("-")
    return ident if re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident or "") else fallback


def _texts(lines: list[str]) -> list[str]:
    """Items of a list section as plain texts (top-level items; sub-items joined to their item)."""
    out = []
    for item in parse_items(lines):
        text = item.text
        for child in item.children:
            text = f"{text} {child.number} {child.text}".strip()
        out.append(text)
    return [t for t in out if t]


def _substeps(items: list[Item]) -> list:
    out = []
    for item in items:
        if item.children:
            out.append({"text": item.text, "substeps": _substeps(item.children)})
        else:
            out.append(item.text)
    return out


def _definitions(lines: list[str]) -> tuple[list[dict], list[str]]:
    """Definitions from "term หมายถึง meaning" paragraphs (also the term alone on the paragraph before)."""
    defs: list[dict] = []
    loose: list[str] = []
    meaning_word = r"(?:หมายถึง|หมายความว่า|หมายความถึง|คือ)"
    texts = [strip_number(line)[1] for line in lines]
    for i, text in enumerate(texts):
        m = re.match(rf"^(.{{1,120}}?)\s*{meaning_word}\s*(.+)$", text)
        lead = re.match(rf"^{meaning_word}\s*(.+)$", text)
        term_next = i + 1 < len(texts) and re.match(rf"^{meaning_word}\s", texts[i + 1]) and len(text) <= 120
        if lead and i > 0 and re.match(rf"^{meaning_word}\s", text) and _is_term(texts[i - 1]):
            defs.append({"term": texts[i - 1].strip(" :"), "meaning": lead.group(1).strip()})
        elif term_next:
            continue
        elif m:
            defs.append({"term": m.group(1).strip(" :"), "meaning": m.group(2).strip()})
        elif defs:
            defs[-1]["meaning"] = _join(defs[-1]["meaning"], text)
        else:
            loose.append(text)
    return defs, loose


def _is_term(text: str) -> bool:
    return 0 < len(text) <= 120 and not re.search(r"หมายถึง|หมายความว่า", text)


def procedure_draft(found: FoundProcedure, ident: str, work_unit: str, owner: str, unit_note: str,
                    approver: str, source: str) -> Draft:
    """The draft of ``procedures/<ident>.yml`` for ``found``; see the module docstring."""
    todos: dict[tuple, str] = {}
    parts = [k for k in SECTION_NAMES if found.sections.get(k)]
    data: dict = {"id": ident, "title": found.title, "work_unit": work_unit, "owners": [owner]}
    todos[("id",)] = "the id names the file and the page address; shorten it if you like (a-z, 0-9, -)"
    if unit_note:
        todos[("work_unit",)] = unit_note
    todos[("owners",)] = (f"{owner} is the author of the imported manual; list the officers who do this work "
                          "(each officers/<id>.yml must list this procedure too)")

    for key, label in (("objectives", "วัตถุประสงค์"), ("scope", "ขอบเขตของงาน")):
        texts = _texts(found.sections.get(key, []))
        if texts:
            data[key] = texts
        else:
            data[key] = [PLACEHOLDER]
            todos[(key,)] = f"not found in the source: write the {label} ({key})"

    defs, loose = _definitions(found.sections.get("definitions", []))
    if defs:
        data["definitions"] = defs
    if loose:
        todos[("definitions",)] = "not understood as 'term หมายถึง meaning': " + " / ".join(loose)[:300]

    rows = table_rows(found.tables)
    step_items = parse_items(found.sections.get("steps", []))
    steps_from = ""
    if len(step_items) == 1 and step_items[0].children and names_the_work(step_items[0].text, found.title):
        head = step_items[0]
        step_items = head.children
        steps_from = (f"the items {_span(step_items)} under \"{head.number} {head.text}\" (that heading repeats the "
                      "work's name, so its items are the steps)")
    elif step_items:
        steps_from = f"the numbered list {_span(step_items)} under ขั้นตอนการปฏิบัติงาน" + (
            " (their sub-items as substeps)" if any(i.children for i in step_items) else "")
    elif rows:
        steps_from = "the rows of the step table (" + ", ".join(_columns_named(found)) + ")"
    steps: list[dict] = []
    if step_items:
        for item in step_items:
            step: dict = {"text": item.text}
            if item.children:
                step["substeps"] = _substeps(item.children)
            steps.append(step)
    else:
        for row in rows:
            items = parse_items([row.text])
            step = {"text": items[0].text if items else row.text}
            if items and (items[0].children or len(items) > 1):
                step["substeps"] = _substeps(items[0].children + items[1:])
            steps.append(step)
    if rows:
        by_number = _rows_by_step(rows, len(steps))
        for i, step in enumerate(steps):
            row = by_number.get(i)
            if row is None:
                continue
            if row.duration:
                step["duration"] = row.duration
            if row.responsible:
                step["responsible"] = row.responsible
            if row.standard:
                step["standard"] = row.standard
        if "steps" not in parts:
            parts.append("steps")
        parts.append("step table")
    if steps and _decisions(steps, _rows_by_step(rows, len(steps)) if rows else {}, todos):
        parts.append("decisions")
    standards = _texts(found.sections.get("standards", []))
    if standards and not any("standard" in s for s in steps):
        todos[("steps",)] = ("the source gives work standards (มาตรฐานงาน) for the whole procedure: put each under "
                             "standard: of the step it concerns — " + " / ".join(standards)[:400])
    if "flowchart" in found.sections and not any(row.chart for row in rows):
        todos[("steps",)] = ((todos[("steps",)] + "; ") if ("steps",) in todos else "") + (
            "the source's flowchart (ผังขั้นตอน / Flow Chart) is drawn as pictures, not text: check these steps "
            "against it (decisions are kind: decision with branches:)")
    if not steps:
        steps_from = ""
        steps = [{"text": PLACEHOLDER}]
        todos[("steps",)] = "no steps found in the source: write the steps (ขั้นตอนการปฏิบัติงาน)"
    ordered = []
    for i, step in enumerate(steps):
        ordered.append({k: step[k] for k in ("id", "kind", "text", "duration", "responsible", "standard", "substeps",
                                             "branches") if k in step})
        missing = [w for k, w in (("duration", "how long it takes"), ("responsible", "who does it")) if k not in step]
        if missing:
            todos[("steps", i)] = "ITA asks for " + " and ".join(missing) + " (duration:, responsible:)"
    data["steps"] = ordered
    if any("duration" in s for s in ordered):
        parts.append("step times")
    if any("responsible" in s for s in ordered):
        parts.append("responsible roles")
    if any("standard" in s for s in ordered) and "standards" not in parts:
        parts.append("standards")

    for key in LIST_PARTS:
        texts = _texts(found.sections.get(key, []))
        if texts:
            data[key] = texts
    if "legal_basis" not in data:
        todos[("legal_basis",)] = "ITA asks for the related laws and regulations (กฎหมาย ระเบียบ): list them here"
        data["legal_basis"] = []
    today = _dt.date.today()
    data["revision"] = {"version": "1.0", "effective": f"{today.year}-10-01" if today.month >= 10
                        else f"{today.year - 1}-10-01", "approved_by": approver}
    todos[("revision",)] = "check the version, the effective date (YYYY-MM-DD, Common Era) and who approved it"
    if found.notes:
        todos[("title",)] = "; ".join(found.notes)
    wanted = ["objectives", "scope", "steps", "step times", "responsible roles", "legal_basis"]
    missing = [w for w in wanted if w not in parts]
    return Draft("procedure", ident, data, todos, parts, missing, source, steps_from)


def names_the_work(heading: str, title: str) -> bool:
    """True when a numbered heading under the steps section only repeats the work's name ``title``
    ("5.1 งานติดตามประเมินผล" in the procedure งานติดตามประเมินผล): equal or one inside the other, after
    dropping spaces and punctuation, or at least 80 % alike (difflib ratio).  Rule source: issue 19 (a real
    one-procedure manual whose only steps heading was "5.1 <the work's title>" followed by 1) … 5))."""
    import difflib

    def norm(text: str) -> str:
        return re.sub(r"[\s\-–.,:()\"“”]", "", re.sub(r"^(?:งาน|การ|กระบวนการ|เรื่อง)", "", text.strip()))

    a, b = norm(heading), norm(title)
    if not a or not b:
        return False
    return a == b or (len(a) >= 4 and (a in b or b in a)) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _span(items: list[Item]) -> str:
    """"1) … 5)" — the first and last numbers of a list (or its length when unnumbered)."""
    first, last = items[0].number, items[-1].number
    if not first:
        return f"({len(items)} items)"
    return first if len(items) == 1 else f"{first} … {last}"


def _columns_named(found: FoundProcedure) -> list[str]:
    for table in found.tables:
        if table and any(table[0]):
            return [re.sub(r"\s+", " ", c).strip() for c in table[0] if c and c.strip()][:5]
    return []


#: Answers of a decision as Thai manuals label their branches (approval, checking): "เห็นชอบ",
#: "ไม่อนุมัติ", "ไม่ครบถ้วน" …
_ANSWER = r"(?:ไม่)?(?:เห็นชอบ|อนุมัติ|อนุญาต|ผ่าน|ถูกต้อง|ครบถ้วน|ใช่)"
#: A branch: an answer, then (within 40 characters, across a line end) "→" or "ไป(ที่)", an optional
#: "ขั้นตอนที่" and the step it leads to: "ไม่เห็นชอบ → ไปขั้นตอนที่ ๓", "↑ ไม่เห็นชอบ⏎ไป ๕",
#: "– ไม่อนุมัติ: ไปที่ ขั้นตอนที่ 2", "เห็นชอบ → ขั้นตอนถัดไป".
_BRANCH = re.compile(rf"(?P<label>{_ANSWER})(?:(?!{_ANSWER})[\s\S]){{0,40}}?(?:→\s*|ไป(?:ที่)?\s*)+"
                     rf"(?:ขั้นตอนที่\s*)?(?P<target>[0-9๐-๙]+|ขั้นตอนถัดไป|สิ้นสุด)")
#: What marks a step as a decision without saying where it leads: a diamond, a question, an approval.
_DECISION_HINT = re.compile(rf"[?？◇◆]|หาก{_ANSWER}|{_ANSWER}\s*$")


def _decisions(steps: list[dict], rows: dict[int, object], todos: dict[tuple, str]) -> int:
    """Make decision steps of ``steps`` (in place); return how many were made.

    A step is a decision when its flowchart cell or its text names branches (see :data:`_BRANCH`):
    it gets ``kind: decision`` and ``branches`` — the answers given, and the opposite answer
    ("เห็นชอบ" for "ไม่เห็นชอบ") to the next step when only the negative one is written (the
    flowchart's way down); the step a branch leads back to gets an ``id`` (``step-N``).  A step that
    only looks like one (a diamond, a question mark, an approval; :data:`_DECISION_HINT`) stays a
    plain step with a ``# TODO``.  Rule source: the flowchart tables of the seed manuals and of the
    project's own manuals (diamond, "↑ ไม่เห็นชอบ ไป N").
    """
    made = 0
    digits = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    for i, step in enumerate(steps):
        row = rows.get(i)
        chart = getattr(row, "chart", "") if row is not None else ""
        source = "\n".join(x for x in (chart, row.text if row is not None else step["text"]) if x)
        branches: list[dict] = []
        for m in _BRANCH.finditer(source):
            label, target = m.group("label"), m.group("target")
            if target == "ขั้นตอนถัดไป":
                goto = "next"
            elif target == "สิ้นสุด":
                goto = "end"
            else:
                n = int(target.translate(digits))
                if not 1 <= n <= len(steps) or n - 1 == i:
                    continue
                goto = f"#{n - 1}"
            if all(b["label"] != label for b in branches):
                branches.append({"label": label, "goto": goto})
        if len(branches) == 1 and branches[0]["label"].startswith("ไม่"):
            branches.insert(0, {"label": branches[0]["label"][3:], "goto": "next" if i + 1 < len(steps) else "end"})
        if len(branches) < 2:
            if branches or _DECISION_HINT.search(chart) or _DECISION_HINT.search(step["text"]):
                todos[("steps", i, "text")] = ("this looks like a decision (a diamond, a question or an approval) but the "
                                               "source does not say where each answer leads: if it is one, add "
                                               "kind: decision and branches: (label, goto: next / end / a step id)")
            continue
        for branch in branches:
            if branch["goto"].startswith("#"):
                target = steps[int(branch["goto"][1:])]
                target.setdefault("id", f"step-{int(branch['goto'][1:]) + 1}")
                branch["goto"] = target["id"]
        step["kind"] = "decision"
        step["branches"] = branches
        todos[("steps", i, "branches")] = "read from the flowchart: check each answer and where it leads"
        made += 1
    return made


def _rows_by_step(rows, n_steps: int) -> dict[int, object]:
    """Step index → table row: by the row's number when every row has one, else by order."""
    numbers = []
    for row in rows:
        m = re.match(rf"^([{DIGIT}]+)", row.number)
        numbers.append(int(m.group(1).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))) if m else None)
    if all(numbers) and len(set(numbers)) == len(numbers):
        return {n - 1: row for n, row in zip(numbers, rows) if 0 < n <= n_steps}
    return {i: row for i, row in enumerate(rows[:n_steps])}


def officer_draft(officer: FoundOfficer, ident: str, work_unit: str, unit_note: str, procedures: list[str],
                  source: str) -> Draft:
    """The draft of ``officers/<ident>.yml``: name, position, level, duties and the imported procedures."""
    todos: dict[tuple, str] = {}
    data: dict = {"id": ident}
    if officer.name:
        data["name"] = officer.name
    else:
        data["name"] = PLACEHOLDER
        todos[("name",)] = "the manual names no one: write the full name with title (นาย/นาง/นางสาว)"
    data["position"] = officer.position or PLACEHOLDER
    if not officer.position:
        todos[("position",)] = "not found in the source: write the position"
    if officer.level:
        data["level"] = officer.level
    data["work_unit"] = work_unit
    if unit_note:
        todos[("work_unit",)] = unit_note
    if officer.duties:
        data["duties"] = _duties(officer.duties)
    data["procedures"] = procedures
    found = [k for k in ("name", "position", "duties") if k in data and data[k] != PLACEHOLDER]
    return Draft("officer", ident, data, todos, found, [k for k in ("name", "position", "duties") if k not in found],
                 source)


def _duties(items: list[Item]) -> list:
    out = []
    for item in items:
        out.append({"text": item.text, "items": _duties(item.children)} if item.children else item.text)
    return out
