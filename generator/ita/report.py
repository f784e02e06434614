"""The ITA report: which OIT items about manuals the office meets, the evidence, and the gaps — from the model alone.

In the Integrity and Transparency Assessment (ITA) run yearly by the NACC, the
Open Data Integrity and Transparency assessment (OIT) asks the agency, for each
item, for an answer ("has" / "has not"), the URL on its own website where the
evidence is, and an explanation.  Two items concern manuals (GLOSSARY.md,
"Transparency assessment"):

* คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่ (staff operations manuals; o10 in
  ITA 2567, O8 in ITA 2568): the job title, the steps, the time of each step
  and the related laws;
* คู่มือหรือมาตรฐานการให้บริการ / คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการ
  หรือผู้มาติดต่อ (service manuals for the public; O9 in ITA 2568–2570): the steps,
  the time, the channel or responsible unit, the fee ("no fee" stated, never
  blank) and the required documents, answered from the services
  (``kind: service`` procedures) and the service manuals.

The item codes, titles and criteria of each ITA year are data, in
``ita/criteria.yml`` (:mod:`generator.model.criteria`).  What is checked is
code (:data:`generator.model.criteria.CHECKS`): each criterion of the data file
names one check.  The staff-manual checks are those of
:func:`generator.model.checks.ita_staff_manual_gaps` (the warnings of ``handbook
check``), so the page and the checker never disagree.

This module imports the model only: :func:`ita_report` gives an
:class:`ItaReport`; its writers are the rows, CSV and JSON
(:mod:`generator.ita.files`) and the page (:mod:`generator.ita.page`).

Moved verbatim from ``generator/ita/kit.py`` (issue 22): ``_GAP_CHECK``,
``_SERVICE_CHECK``, ``_GAP_TH``, ``ItaError``, ``Gap``, ``ProcedureEvidence``,
``ManualEvidence``, ``ItemResult``, ``ItaReport``, ``ita_report``,
``_procedure_gaps``, ``_staff_item``, ``_uncounted_gaps``, ``_service_item``,
``_join``, ``_criteria_phrase``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from generator.model.checks import ita_staff_manual_gaps, service_gaps
from generator.model.criteria import CRITERIA_FILE, Criterion, ItaCriteria, ItaItem, ItaYear
from generator.model.diagnostics import format_path
from generator.model.documents import Manual, Procedure
from generator.model.handbook import Handbook
from generator.model.manuals import manual_procedures, memo_has_approvals


#: Field of :func:`generator.checks.ita_staff_manual_gaps` → the check it belongs to.
_GAP_CHECK = {"duration": "step_time", "responsible": "job_title", "legal_basis": "laws"}

#: Field of :func:`generator.checks.service_gaps` → the check it belongs to (None: not an ITA criterion).
_SERVICE_CHECK = {"service": "steps", "responsible_unit": "channel_or_unit", "channels": "channel_or_unit",
                  "total_time": "step_time", "fees": "fee", "documents": "documents", "complaints": None}

#: Thai wording of each gap, by the field it concerns: (message, hint).  The English comes from the checks.
_GAP_TH = {
    "duration": ("ยังไม่ได้ระบุระยะเวลาของขั้นตอน", 'เพิ่ม duration: เช่น "๓ วันทำการ" (ITA ตรวจระยะเวลาของแต่ละขั้นตอน)'),
    "responsible": ("ยังไม่ได้ระบุผู้รับผิดชอบขั้นตอน", 'เพิ่ม responsible: เช่น "นักวิเคราะห์นโยบายและแผน"'),
    "legal_basis": ("ยังไม่ได้ระบุกฎหมายที่เกี่ยวข้อง", "เพิ่ม legal_basis: กฎหมายและระเบียบที่งานนี้ปฏิบัติตาม"),
    "service": ("ยังไม่มีข้อมูลงานบริการ", "เพิ่มส่วน service: ช่องทาง ระยะเวลา ค่าธรรมเนียม และเอกสารหลักฐาน"),
    "responsible_unit": ("ยังไม่ได้ระบุหน่วยงานที่รับผิดชอบ", "เพิ่ม responsible_unit: ในส่วน service:"),
    "channels": ("ยังไม่ได้ระบุช่องทางการให้บริการ", "เพิ่ม channels: สถานที่ เวลาเปิดให้บริการ โทรศัพท์ หรือช่องทางออนไลน์"),
    "total_time": ("ยังไม่ได้ระบุระยะเวลาดำเนินการรวม", 'เพิ่ม total_time: เช่น "๕ วันทำการ"'),
    "fees": ("ยังไม่ได้ระบุค่าธรรมเนียม", "เพิ่ม fees: หรือเขียน no_fee: true หากไม่มีค่าธรรมเนียม (ห้ามเว้นว่าง)"),
    "documents": ("ยังไม่ได้ระบุเอกสารหลักฐาน", "เพิ่ม documents: หรือเขียน no_documents: true หากไม่ต้องใช้เอกสาร"),
    "complaints": ("ยังไม่ได้ระบุช่องทางการร้องเรียน", "เพิ่ม complaints: หน่วยงาน โทรศัพท์ อีเมล หรือช่องทางออนไลน์"),
}


class ItaError(Exception):
    """A request that cannot be answered, e.g. an ITA year missing from the table."""


# --------------------------------------------------------------------------- the report


@dataclasses.dataclass(frozen=True)
class Gap:
    """Something an item's criteria need and the YAML lacks: where (file, line, field) and how to fix it.

    ``required`` false: the gap is listed but does not keep the evidence from counting.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    required: bool = True
    message_th: str = ""
    hint_th: str = ""

    def text(self, lang: str = "en") -> str:
        """``procedures/budget-transfer.yml: steps[1].duration is missing`` (in Thai with ``lang`` "th")."""
        if lang == "th" and self.message_th:
            return f"{self.file}: {self.field} {self.message_th}" if self.field else f"{self.file}: {self.message_th}"
        return f"{self.file}: {self.field} {self.message}" if self.field else f"{self.file}: {self.message}"

    def hint_in(self, lang: str) -> str:
        """The hint in ``lang`` (Thai when known, else English)."""
        return self.hint_th if lang == "th" and self.hint_th else self.hint

    def full(self) -> str:
        """``file:line:col: field message — hint``, the form of ``handbook check``."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = f"{self.field} {self.message}" if self.field else self.message
        return f"{where}: {what}" + (f" — {self.hint}" if self.hint else "")


@dataclasses.dataclass(frozen=True)
class ProcedureEvidence:
    """A procedure page offered for an item; ``counts`` when it has no required gap."""

    procedure: Procedure
    counts: bool
    gaps: tuple[Gap, ...]


@dataclasses.dataclass(frozen=True)
class ManualEvidence:
    """A printed manual offered for an item; ``counts`` when it and all its procedures meet the criteria."""

    manual: Manual
    procedures: tuple[str, ...]
    counts: bool
    gaps: tuple[Gap, ...]


@dataclasses.dataclass(frozen=True)
class ItemResult:
    """The answer to one OIT item: ``answer`` true is "has" (มี)."""

    item: ItaItem
    answer: bool
    procedures: tuple[ProcedureEvidence, ...]
    manuals: tuple[ManualEvidence, ...]
    notes: tuple[Gap, ...]
    """Gaps of the item itself (no evidence at all, code not known)."""

    @property
    def anchor(self) -> str:
        """Anchor of the item on the ITA page: its kind, the same every year (the code changes)."""
        return self.item.item

    def gaps(self) -> list[Gap]:
        """Every gap of the item: its own, then the manuals', then the procedures'."""
        out = list(self.notes)
        for m in self.manuals:
            out.extend(m.gaps)
        for p in self.procedures:
            out.extend(p.gaps)
        return out


@dataclasses.dataclass(frozen=True)
class ItaReport:
    """What the office answers for the OIT items about manuals of one ITA year."""

    handbook: Handbook
    year: ItaYear
    items: tuple[ItemResult, ...]
    reason: Literal["fiscal_year", "latest_before", "requested"] = "fiscal_year"
    """Why this year: the office's fiscal year, the latest known year before it, or asked for (``--year``)."""


def ita_report(handbook: Handbook, criteria: ItaCriteria, year: int | None = None) -> ItaReport:
    """Check the handbook against the OIT items about manuals of one ITA year.

    ``year`` (Buddhist era) defaults to the latest year of the table that is
    not after the office's fiscal year.  For the staff-manual item, each
    procedure counts when it meets every required criterion (checks of
    :func:`generator.checks.ita_staff_manual_gaps`: a step without its time
    does not count), and each manual (``handbook.manuals``) counts when all
    its procedures count and, if the year asks for it, it has its publication
    memo.  The service-manual item (O9) is answered from the services
    (``kind: service``) and the service manuals (:func:`_service_item`).
    The report's ``reason`` says why the year was chosen: the office's fiscal
    year, the latest known year before it, or the year asked for.

    Returns an :class:`ItaReport`.  Raises :class:`ItaError` when ``year`` is
    not in the table, or no year of the table is at or before the fiscal year.
    """
    known = sorted(y.year for y in criteria.years)
    reason = "requested" if year is not None else (
        "fiscal_year" if handbook.office.fiscal_year in known else "latest_before")
    if year is None:
        earlier = [y for y in known if y <= handbook.office.fiscal_year]
        if not earlier:
            raise ItaError(f"{CRITERIA_FILE} has no ITA year at or before the fiscal year "
                           f"{handbook.office.fiscal_year} (known years: {', '.join(map(str, known))})")
        year = earlier[-1]
    block = criteria.year(year)
    if block is None:
        raise ItaError(f"ITA {year} is not in {CRITERIA_FILE} (known years: {', '.join(map(str, known))}); "
                       "add its item codes and criteria there")
    index = criteria.years.index(block)
    items = []
    for j, item in enumerate(block.items):
        if item.item == "staff-manual":
            result = _staff_item(handbook, item)
        else:
            result = _service_item(handbook, item)
        if item.code is None:
            loc = ("years", index, "items", j, "code")
            result = dataclasses.replace(result, notes=result.notes + (Gap(
                CRITERIA_FILE, 0, 0, format_path(loc), f"is not known for ITA {year}",
                "look the item number up in the NACC ITA manual of that year and write it in ita/criteria.yml",
                required=False, message_th=f"ยังไม่ทราบรหัสข้อของ ITA ปี {year}",
                hint_th="ตรวจรหัสข้อในคู่มือการประเมิน ITA ของปีนั้น แล้วเขียนใน ita/criteria.yml"),))
        items.append(result)
    return ItaReport(handbook, block, tuple(items), reason)


def _procedure_gaps(handbook: Handbook, procedure: Procedure, checks: dict[str, Criterion]) -> list[Gap]:
    source = handbook.sources[f"procedure:{procedure.id}"]
    gaps = []
    service = procedure.is_service
    found = service_gaps(procedure) if service else ita_staff_manual_gaps(procedure)
    fields = {str(loc[-1]) for loc, _m, _h in found}
    for loc, message, hint in found:
        field = str(loc[-1])
        check = _SERVICE_CHECK.get(field) if service else _GAP_CHECK.get(field)
        criterion = checks.get(check) if check else None
        if check is not None and criterion is None:
            continue  # this year's item does not ask for it
        required = criterion.required if criterion else not service
        if service and field in ("responsible_unit", "channels") and not {"responsible_unit", "channels"} <= fields:
            required = False  # the criterion asks for the channels *or* the responsible unit
        line, column = source.at(loc, key=True)
        th_message, th_hint = _GAP_TH.get(field, ("", ""))
        gaps.append(Gap(source.display, line, column, format_path(loc), message, hint, required, th_message, th_hint))
    return gaps


def _staff_item(handbook: Handbook, item: ItaItem) -> ItemResult:
    checks = {c.check: c for c in item.criteria}
    procedures = []
    for procedure in handbook.procedures.values():
        if procedure.is_service:
            continue  # services answer the service-manual item
        gaps = _procedure_gaps(handbook, procedure, checks)
        procedures.append(ProcedureEvidence(procedure, not any(g.required for g in gaps), tuple(gaps)))
    counted = {p.procedure.id for p in procedures if p.counts}

    manuals = []
    for manual in sorted(handbook.manuals.values(), key=lambda m: (m.kind != "group", m.id)):
        if manual.kind == "service":
            continue
        source = handbook.sources[f"manual:{manual.id}"]
        ids = tuple(p.id for p in manual_procedures(handbook, manual))
        gaps = []
        if not ids:
            line, column = source.at(("procedures",), key=True)
            gaps.append(Gap(source.display, line, column, "procedures", "is empty: the manual has no procedures",
                            "list its procedures, or give its author procedures in officers/<id>.yml",
                            message_th="ว่าง: คู่มือนี้ไม่มีกระบวนการ",
                            hint_th="ระบุกระบวนการของคู่มือ หรือระบุกระบวนการของผู้จัดทำใน officers/<id>.yml"))
        gaps += _uncounted_gaps(source, manual, ids, counted)
        if "publication_memo" in checks and manual.memo is None:
            line, column = source.at(("memo",), key=True)
            gaps.append(Gap(source.display, line, column, "memo", "is missing",
                            "add memo: with its date: the signed memo requesting permission to publish is the evidence "
                            "the office may publish the manual", checks["publication_memo"].required,
                            "ยังไม่มีบันทึกข้อความขออนุญาตเผยแพร่",
                            "เพิ่ม memo: พร้อมวันที่ บันทึกที่ลงนามแล้วเป็นหลักฐานการได้รับอนุญาตให้เผยแพร่"))
        elif "publication_memo" in checks and not memo_has_approvals(handbook, manual):
            line, column = source.at(("memo",), key=True)
            gaps.append(Gap(source.display, line, column, "memo",
                            "has no approval chain, so it is no evidence of permission",
                            f"add approval_chain: to officers/{manual.author}.yml (group_director, deputy_director, "
                            "director)", checks["publication_memo"].required,
                            "ไม่มีลำดับผู้บังคับบัญชาที่ให้ความเห็นและอนุญาต จึงยังไม่เป็นหลักฐานการได้รับอนุญาต",
                            f"เพิ่ม approval_chain: ในไฟล์ officers/{manual.author}.yml (group_director, deputy_director, director)"))
        manuals.append(ManualEvidence(manual, ids, not any(g.required for g in gaps), tuple(gaps)))

    notes = []
    if not handbook.manuals:
        notes.append(Gap("manuals/", 0, 0, "", "there are no manuals to print",
                         "add manuals/<id>.yml (a group manual and a personal manual per officer)", required=False,
                         message_th="ยังไม่มีคู่มือสำหรับพิมพ์",
                         hint_th="เพิ่ม manuals/<id>.yml (คู่มือของกลุ่ม และคู่มือรายบุคคลของแต่ละคน)"))
    answer = bool(counted) or any(m.counts for m in manuals)
    return ItemResult(item, answer, tuple(procedures), tuple(manuals), tuple(notes))


def _uncounted_gaps(source, manual: Manual, ids: tuple[str, ...], counted: set[str]) -> list[Gap]:
    """One gap for each procedure of ``manual`` (``ids``, in its order) that does not count (not in ``counted``).

    The line is that of the procedure in ``manuals/<id>.yml``'s ``procedures:``
    list, or of the key when the list is left out (the author's procedures).
    """
    gaps = []
    for i, pid in enumerate(ids):
        if pid in counted:
            continue
        loc = ("procedures", i) if manual.procedures else ("procedures",)
        line, column = source.at(loc, key=not manual.procedures)
        gaps.append(Gap(source.display, line, column, format_path(loc),
                        f'contains "{pid}", which does not meet the criteria',
                        f"complete procedures/{pid}.yml (see its gaps), or leave it out of this manual",
                        message_th=f'มี "{pid}" ซึ่งยังไม่ครบตามเกณฑ์',
                        hint_th=f"เติม procedures/{pid}.yml ให้ครบ (ดูสิ่งที่ยังขาด) หรือนำออกจากคู่มือนี้"))
    return gaps


def _service_item(handbook: Handbook, item: ItaItem) -> ItemResult:
    """The service-manual item (O9): the services (``kind: service``) and the service manuals.

    A service counts when it has every required criterion of the item
    (:func:`generator.checks.service_gaps`); a service manual
    (``manuals/<id>.yml`` with ``kind: service``) counts when all its services
    count.  The answer is "has" when a service or a service manual counts.
    """
    checks = {c.check: c for c in item.criteria}
    services = []
    for procedure in handbook.procedures.values():
        if not procedure.is_service:
            continue
        gaps = _procedure_gaps(handbook, procedure, checks)
        services.append(ProcedureEvidence(procedure, not any(g.required for g in gaps), tuple(gaps)))
    counted = {p.procedure.id for p in services if p.counts}
    manuals = []
    for manual in sorted(handbook.manuals.values(), key=lambda m: m.id):
        if manual.kind != "service":
            continue
        source = handbook.sources[f"manual:{manual.id}"]
        ids = tuple(p.id for p in manual_procedures(handbook, manual))
        gaps = []
        if not ids:
            line, column = source.at(("procedures",), key=True)
            gaps.append(Gap(source.display, line, column, "procedures", "is empty: the manual has no services",
                            "add procedures with kind: service, or list them here",
                            message_th="ว่าง: คู่มือนี้ไม่มีงานบริการ",
                            hint_th="เพิ่มกระบวนการที่มี kind: service หรือระบุไว้ในรายการนี้"))
        gaps += _uncounted_gaps(source, manual, ids, counted)
        manuals.append(ManualEvidence(manual, ids, not any(g.required for g in gaps), tuple(gaps)))
    notes = []
    if not services:
        notes.append(Gap(
            "procedures/", 0, 0, "",
            "no procedure is a service to the public: add kind: service and a service: block to the procedures "
            "the public or schools ask for",
            "a service manual needs, for each service, " + _criteria_phrase(item, "en"),
            message_th="ยังไม่มีงานบริการ (kind: service) ในคู่มือ",
            hint_th="เพิ่ม kind: service และส่วน service: ให้กระบวนการที่ประชาชนหรือสถานศึกษาขอรับบริการ"))
    elif not manuals:
        notes.append(Gap("manuals/", 0, 0, "", "there is no service manual to print",
                         "add manuals/<id>.yml with kind: service", required=False,
                         message_th="ยังไม่มีคู่มือสำหรับประชาชนสำหรับพิมพ์",
                         hint_th="เพิ่ม manuals/<id>.yml ที่มี kind: service"))
    answer = bool(counted) or any(m.counts for m in manuals)
    return ItemResult(item, answer, tuple(services), tuple(manuals), tuple(notes))


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    if lang == "th":
        return " ".join(parts[:-1]) + " และ" + parts[-1]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _criteria_phrase(item: ItaItem, lang: str) -> str:
    # the explanation names the criteria without their notes in brackets ("(ระบุว่า … หากไม่มี)")
    return _join([re.sub(r"\s*\([^)]*\)", "", c.text.get(lang)) for c in item.criteria if c.required], lang)
