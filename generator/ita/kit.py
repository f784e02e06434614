"""ITA publication kit: what the office hands to the assessors for the OIT items about manuals.

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
``ita/criteria.yml`` (validated by :class:`ItaCriteria`), so the office can
update them when the NACC publishes a new year's manual without touching code.
The source of each year is written in that file; none of the codes there has
been compared with the NACC manuals themselves (they come from the project's
GLOSSARY.md and issue 6), and the file says so (``verified: false``).

What this module checks is code (:data:`CHECKS`): each criterion of the data
file names one check.  The staff-manual checks are those of
:func:`generator.checks.ita_staff_manual_gaps` (the warnings of ``handbook
check``), so the page and the checker never disagree.

Public functions: :func:`load_criteria`, :func:`ita_report`,
:func:`report_rows`, :func:`write_ita_files`, :func:`render_ita_page`,
:func:`redirect_pages`, :func:`ita_command`.

Stable URLs: a procedure's page is ``procedures/<id>.html`` and a manual's
files ``manuals/<id>.pdf|docx`` and ``manuals/<id>-memo.pdf``
(:mod:`generator.manual`), named by id, never by title, so last year's links
keep working; a renamed or removed procedure keeps a redirect page
(``office.redirects``, :func:`redirect_pages`).
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import sys
from pathlib import Path
from typing import Literal

from markupsafe import Markup
from pydantic import Field, ValidationError

from generator.model.checks import ita_staff_manual_gaps, service_gaps
from generator.model.diagnostics import CheckFailed, Diagnostic, format_path, relative
from generator.i18n import STRINGS
from generator.site.pages import heading_anchor, insert_untranslated_note, md_escape, one_line, page_environment
from generator.i18n import t as ui
from generator.model.loader import Handbook, explain
from generator.manuals.content import manual_path, manual_procedures, manual_title, manual_url, memo_has_approvals, person
from generator.model.documents import Manual, Procedure, Strict
from generator.text import Text, digits
from generator.model.yamlsource import YamlError, load_yaml

CRITERIA_FILE = "ita/criteria.yml"
"""The years table, relative to the project root."""

BUNDLED_CRITERIA = Path(__file__).resolve().parents[2] / CRITERIA_FILE
"""The table shipped with the generator, used when a project has none of its own."""

PAGE = "ita.md"
"""Path of the ITA page in each language's docs folder (``ita.html`` on the site)."""

ItemKind = Literal["staff-manual", "service-manual"]
CheckId = Literal["job_title", "steps", "step_time", "laws", "publication_memo", "channel_or_unit", "fee", "documents"]

#: What each check looks at.  Adding a check id to ``ita/criteria.yml`` needs an entry here and code below.
CHECKS: dict[str, str] = {
    "job_title": "every step names the responsible role (steps[n].responsible); owners have a position",
    "steps": "the procedure has steps (always true of a valid procedure)",
    "step_time": "every step has a time (steps[n].duration)",
    "laws": "the procedure lists related laws or regulations (legal_basis)",
    "publication_memo": "each manual has its publication memo (memo in manuals/<id>.yml)",
    "channel_or_unit": "a service names its channels or responsible unit (service.channels, service.responsible_unit)",
    "fee": 'a service states its fees, or "no fee" (service.fees or service.no_fee)',
    "documents": "a service lists the documents required, or none (service.documents or service.no_documents)",
}

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


# --------------------------------------------------------------------------- the years table


class Criterion(Strict):
    """One thing the item asks for."""

    check: CheckId = Field(description="Which check applies (see generator/ita.py, CHECKS).")
    text: Text = Field(description="The criterion as the NACC manual words it, used in the explanation.")
    required: bool = Field(True, description="false: listed as a gap but does not change the answer.")


class ItaItem(Strict):
    """One OIT item about manuals in one ITA year."""

    item: ItemKind = Field(description="Which item this is: staff-manual or service-manual.")
    code: str | None = Field(
        description="Item number as printed in that year's NACC manual, e.g. O8; null when not known.",
        pattern=r"^[A-Za-z]{1,3}[0-9]{1,3}$", examples=["O8"],
    )
    verified: bool = Field(False, description="true once code, title and criteria were compared with the NACC manual.")
    title: Text = Field(description="Title of the item as printed in the NACC manual.")
    criteria: list[Criterion] = Field(min_length=1, description="What the item asks for.")


class ItaYear(Strict):
    """The OIT items about manuals of one ITA year (a Buddhist-era fiscal year)."""

    year: int = Field(ge=2560, le=2700, description="ITA fiscal year in the Buddhist era.", examples=[2568])
    source: Text = Field(description="The document the codes and criteria come from, as printed on the public ITA page.")
    note: str | None = Field(None, description="Notes for whoever maintains this file (never published).")
    items: list[ItaItem] = Field(min_length=1, description="The items about manuals.")


class ItaCriteria(Strict):
    """The whole years table, ``ita/criteria.yml``."""

    years: list[ItaYear] = Field(min_length=1, description="One block per ITA year.")

    def year(self, year: int) -> ItaYear | None:
        """The block of ``year``, or ``None``."""
        return next((y for y in self.years if y.year == year), None)


class ItaError(Exception):
    """A request that cannot be answered, e.g. an ITA year missing from the table."""


def load_criteria(root: Path) -> ItaCriteria:
    """Read and validate ``ita/criteria.yml`` of the project at ``root``.

    Falls back to the table shipped with the generator (:data:`BUNDLED_CRITERIA`)
    when the project has none.  Returns an :class:`ItaCriteria`.  Raises
    :class:`~generator.diagnostics.CheckFailed` whose diagnostics give file,
    line, column, field and a hint (as ``handbook check`` does) for a YAML
    error, a wrong or missing key, or a year / item written twice.
    """
    root = Path(root)
    path = root / CRITERIA_FILE
    if not path.is_file():
        path = BUNDLED_CRITERIA
    display = relative(path, root)
    try:
        document = load_yaml(path)
    except YamlError as exc:
        raise CheckFailed([Diagnostic(display, exc.line, exc.column, "", exc.message, exc.hint)]) from exc
    except OSError as exc:
        raise CheckFailed([Diagnostic(display, 0, 0, "", f"the file cannot be read ({exc.strerror})",
                                      f"restore {CRITERIA_FILE} from the generator")]) from exc
    if not isinstance(document.data, dict):
        raise CheckFailed([Diagnostic(display, 1, 1, "", "the file should be a mapping with a years: list",
                                      f"restore {CRITERIA_FILE} from the generator and edit it")])
    try:
        criteria = ItaCriteria.model_validate(document.data)
    except ValidationError as exc:
        diagnostics = []
        for error in exc.errors(include_url=False):
            loc, message, hint, at_key = explain(error, ItaCriteria, document.data)
            line, column = document.position(loc, key=at_key)
            diagnostics.append(Diagnostic(display, line, column, format_path(loc), message, hint))
        raise CheckFailed(diagnostics) from exc

    diagnostics = []
    seen_years: dict[int, int] = {}
    for i, year in enumerate(criteria.years):
        if year.year in seen_years:
            loc = ("years", i, "year")
            line, column = document.position(loc)
            diagnostics.append(Diagnostic(display, line, column, format_path(loc),
                                          f"{year.year} is already given in years[{seen_years[year.year] + 1}]",
                                          "keep one block per ITA year"))
        seen_years.setdefault(year.year, i)
        seen_items: set[str] = set()
        for j, item in enumerate(year.items):
            if item.item in seen_items:
                loc = ("years", i, "items", j, "item")
                line, column = document.position(loc)
                diagnostics.append(Diagnostic(display, line, column, format_path(loc),
                                              f'"{item.item}" is already an item of {year.year}',
                                              "keep one entry per item and year"))
            seen_items.add(item.item)
    if diagnostics:
        raise CheckFailed(diagnostics)
    return criteria


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


# --------------------------------------------------------------------------- URLs and rows


def _base(handbook: Handbook, lang: str) -> str:
    base = handbook.office.handbook_url.rstrip("/") + "/"
    return base if lang == handbook.office.languages[0] else base + f"{lang}/"


def page_url(handbook: Handbook, path: str, lang: str = "th") -> str:
    """Public URL of a site path (``procedures/x.html``) in ``lang``, from ``office.handbook_url``."""
    return _base(handbook, lang) + path


def procedure_url(handbook: Handbook, procedure_id: str, lang: str = "th") -> str:
    """Public URL of a procedure's page: ``<handbook_url>[en/]procedures/<id>.html``, named by the id."""
    return page_url(handbook, f"procedures/{procedure_id}.html", lang)


def _file_lang(handbook: Handbook, manual: Manual, lang: str) -> str:
    """Language of the manual file linked from a page in ``lang``: that language when made, else the first."""
    return lang if lang in manual.languages else manual.languages[0]


def _href(handbook: Handbook, path: str, file_lang: str, page_lang: str) -> str:
    """Link from the ITA page (``ita.md`` at the root of ``page_lang``) to ``path`` of ``file_lang``."""
    first = handbook.office.languages[0]
    if file_lang == page_lang:
        return path
    prefix = "" if file_lang == first else f"{file_lang}/"
    return ("../" if page_lang != first else "") + prefix + path


@dataclasses.dataclass(frozen=True)
class _Link:
    label: str
    href: str
    url: str


def _manual_links(handbook: Handbook, manual: Manual, lang: str) -> tuple[list[_Link], _Link | None]:
    file_lang = _file_lang(handbook, manual, lang)
    files = [_Link(kind.upper(), _href(handbook, manual_path(manual.id, kind), file_lang, lang),
                   manual_url(handbook, manual.id, kind, file_lang)) for kind in manual.formats]
    memo = None
    if memo_has_approvals(handbook, manual):  # a memo nobody approves is no evidence
        memo = _Link(_t("memo", lang), _href(handbook, manual_path(manual.id, "memo"), file_lang, lang),
                     manual_url(handbook, manual.id, "memo", file_lang))
    return files, memo


def _evidence_urls(handbook: Handbook, result: ItemResult, lang: str) -> list[str]:
    urls = []
    for m in result.manuals:
        if m.counts:
            files, memo = _manual_links(handbook, m.manual, lang)
            urls.extend(link.url for link in files)
            if memo:
                urls.append(memo.url)
    urls.extend(procedure_url(handbook, p.procedure.id, lang) for p in result.procedures if p.counts)
    return urls


def report_rows(report: ItaReport, lang: str) -> list[dict]:
    """One row per OIT item, as the CSV, the JSON and the page give it.

    Keys: ``year`` (int), ``item`` (staff-manual / service-manual), ``code``
    ("" when not known), ``title``, ``answer`` (มี / ไม่มี, or has / has not),
    ``url`` (the item's section of the ITA page, the one URL to paste; "" for
    "has not"), ``urls`` (every evidence URL: manual files, memos, procedure
    pages), ``explanation`` (ready to paste) and ``gaps`` (``file: field
    message`` strings).  All URLs are public, from ``office.handbook_url``.
    """
    handbook = report.handbook
    rows = []
    for result in report.items:
        rows.append({
            "year": report.year.year,
            "item": result.item.item,
            "code": result.item.code or "",
            "title": result.item.title.get(lang),
            "answer": _t("has" if result.answer else "has_not", lang),
            "url": page_url(handbook, "ita.html", lang) + f"#{result.anchor}" if result.answer else "",
            "urls": _evidence_urls(handbook, result, lang) if result.answer else [],
            "explanation": _explanation(handbook, result, lang),
            "gaps": [g.text(lang) for g in result.gaps()],
        })
    return rows


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading apostrophe (OWASP, "CSV Injection"), which Excel
    and LibreOffice show as text; numbers are left as they are.
    """
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


CSV_COLUMNS = ["year", "item", "code", "title", "answer", "url", "urls", "explanation", "gaps"]
"""Columns of ``ita-<year>.csv``; list cells (urls, gaps) hold one value per line."""


def write_ita_files(report: ItaReport, folder: Path) -> list[Path]:
    """Write ``ita-<year>.csv`` (UTF-8 with BOM, so Excel shows Thai) and ``ita-<year>.json`` into ``folder``.

    Both hold :func:`report_rows` in Thai, the language of the assessment
    system; in the CSV, list cells join their values with line breaks.  The
    JSON is ``{"year", "source", "items": rows}``.  Returns the two paths.
    Raises ``OSError`` when the folder cannot be written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = report_rows(report, "th")
    year = report.year.year
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell("\n".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    csv_path = folder / f"ita-{year}.csv"
    csv_path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    json_path = folder / f"ita-{year}.json"
    data = {"year": year, "source": report.year.source.get("th"), "items": rows}
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [csv_path, json_path]


# --------------------------------------------------------------------------- texts




def _t(key: str, lang: str) -> str:
    """An ITA page string (``ita_<key>`` in :mod:`generator.i18n`), else a general UI string."""
    if f"ita_{key}" in STRINGS:
        return STRINGS[f"ita_{key}"][lang]
    return ui(key, lang)


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    if lang == "th":
        return " ".join(parts[:-1]) + " และ" + parts[-1]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _criteria_phrase(item: ItaItem, lang: str) -> str:
    # the explanation names the criteria without their notes in brackets ("(ระบุว่า … หากไม่มี)")
    return _join([re.sub(r"\s*\([^)]*\)", "", c.text.get(lang)) for c in item.criteria if c.required], lang)


def _explanation(handbook: Handbook, result: ItemResult, lang: str) -> str:
    """The ready-to-paste explanation of one item (Thai digits in Thai when the office uses them)."""
    office = handbook.office
    name, group = office.name.get(lang), office.group.name.get(lang)
    style = office.digit_style(lang)
    phrase = _criteria_phrase(result.item, lang)
    if result.item.item == "service-manual":
        if not result.procedures:
            if lang == "th":
                return (f"คู่มือการปฏิบัติงานของ{group} {name} ไม่มีกระบวนงานให้บริการประชาชน "
                        "จึงไม่มีคู่มือหรือมาตรฐานการให้บริการสำหรับข้อนี้")
            return (f"The operations handbook of the {group} of {name} holds no service to the public, "
                    "so it has no service manual for this item.")
        if not result.answer:
            if lang == "th":
                return f"{name} ยังไม่มีคู่มือสำหรับประชาชนที่ระบุ{phrase}ครบถ้วน"
            return f"{name} has no service manual yet that states {phrase} in full."
        n = digits(sum(p.counts for p in result.procedures), style)
        manuals = [m for m in result.manuals if m.counts]
        m = digits(len(manuals), style)
        if lang == "th":
            text = (f"{name} โดย{group} ได้จัดทำคู่มือสำหรับประชาชน (คู่มือการขอรับบริการ) จำนวน {n} งานบริการ "
                    f"ซึ่งระบุ{phrase} เผยแพร่เป็นหน้าเว็บไซต์ของหน่วยงาน")
            if manuals:
                text += f" และจัดทำเป็นเอกสารคู่มือสำหรับประชาชน จำนวน {m} เล่ม ให้ดาวน์โหลด"
            return text
        text = (f"{name}, through its {group}, has prepared a service manual for the public covering {n} services, "
                f"stating {phrase}, published as pages of its website")
        if manuals:
            text += f" and as {m} printed service manuals to download"
        return text + "."
    if not result.answer:
        if lang == "th":
            return f"{name} ยังไม่มีคู่มือการปฏิบัติงานของเจ้าหน้าที่ที่ระบุ{phrase}ครบถ้วน"
        return f"{name} has no staff operations manual yet that states {phrase} in full."
    n = digits(sum(p.counts for p in result.procedures), style)
    manuals = [m for m in result.manuals if m.counts]
    m = digits(len(manuals), style)
    with_memo = bool(manuals) and all(memo_has_approvals(handbook, x.manual) for x in manuals)
    if lang == "th":
        text = (f"{name} โดย{group} ได้จัดทำคู่มือการปฏิบัติงานของเจ้าหน้าที่ จำนวน {n} กระบวนงาน "
                f"ซึ่งระบุ{phrase} เผยแพร่เป็นหน้าเว็บไซต์ของหน่วยงาน")
        if manuals:
            text += f" และจัดทำเป็นเอกสารคู่มือการปฏิบัติงาน จำนวน {m} เล่ม ให้ดาวน์โหลด"
        if with_memo:
            text += " โดยได้รับอนุญาตให้เผยแพร่ตามบันทึกข้อความขออนุญาตเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของแต่ละเล่ม"
        return text
    text = (f"{name}, through its {group}, has prepared staff operations manuals for {n} procedures, "
            f"stating {phrase}, published as pages of its website")
    if manuals:
        text += f" and as {m} printed manuals to download"
    if with_memo:
        text += ", with each manual's memo requesting permission to publish on the website as evidence"
    return text + "."


# --------------------------------------------------------------------------- the page


def render_ita_page(handbook: Handbook, report: ItaReport, lang: str) -> str:
    """The ITA page in ``lang`` as Markdown, from ``templates/site/ita.md.j2``.

    The page is ``ita.md`` at the root of the language's docs folder; its links
    are relative to it (``procedures/x.html``, ``manuals/x.pdf``; an English
    page links ``../manuals/x.pdf`` for a manual made in Thai only).  It shows,
    per item, the rows of :func:`report_rows` (answer, URL, explanation), the
    criteria, the manuals with their files and publication memo, the
    procedures, and the gaps by file and field.  Raises
    ``jinja2.TemplateError`` for a broken template.
    """
    style = handbook.office.digit_style(lang)
    untranslated = [0]

    def tr(text: Text | None) -> str:
        if text is None:
            return ""
        if not text.has(lang):
            untranslated[0] += 1
            return Markup('<span class="hb-untranslated" lang="th">{}</span>').format(one_line(text.th))
        return one_line(text.get(lang))

    md = md_escape

    rows = report_rows(report, lang)
    items = []
    for result, row in zip(report.items, rows):
        manuals = []
        for m in result.manuals:
            files, memo = _manual_links(handbook, m.manual, lang)
            title = manual_title(m.manual, lang)
            if m.manual.kind == "personal":
                kind = _t("personal_manual", lang)
                author = handbook.officers.get(m.manual.author)
                if author is not None:
                    title += " — " + person(handbook, author, lang).name
            elif m.manual.kind == "service":
                kind = _t("service_manual", lang)
            else:
                kind = _t("group_manual", lang)
            manuals.append({"evidence": m, "title": title, "kind": kind, "files": files, "memo": memo})
        procedures = [{"evidence": p, "href": f"procedures/{p.procedure.id}.html",
                       "url": procedure_url(handbook, p.procedure.id, lang)} for p in result.procedures]
        items.append({"result": result, "row": row, "manuals": manuals, "procedures": procedures,
                      "gaps": result.gaps()})

    redirects = [{"old": old, "new": new, "title": handbook.procedures[new].title,
                  "url": procedure_url(handbook, old, lang), "href": f"procedures/{old}.html"}
                 for old, new in handbook.office.redirects.items() if new in handbook.procedures]

    env = page_environment()
    env.globals.update({
        "tr": tr, "md": md, "t": lambda key: _t(key, lang), "num": lambda v: digits(v, style),
        "lang": lang, "office": handbook.office, "numerals": style, "anchor": heading_anchor,
    })
    office = handbook.office
    key = {"fiscal_year": "year_fiscal", "latest_before": "year_latest", "requested": "year_requested"}[report.reason]
    year_statement = _t(key, lang).format(
        year=digits(report.year.year, style), fiscal=digits(office.fiscal_year, style), office=office.name.get(lang))
    body = env.get_template("ita.md.j2").render(report=report, year=report.year, items=items, redirects=redirects,
                                                year_statement=year_statement)
    if untranslated[0] and lang != "th":
        body = insert_untranslated_note(body, lang)
    return body


# --------------------------------------------------------------------------- redirects


def redirect_pages(handbook: Handbook) -> dict[str, str]:
    """Small HTML pages that keep the address of a renamed or removed procedure working.

    For each ``office.redirects`` entry (old id → new id) and each language of
    the site, returns ``{"procedures/<old>.html" (or "en/procedures/<old>.html"):
    html}``; the HTML sends the browser to ``<new>.html`` (relative, same
    folder) with ``<meta http-equiv="refresh">``, names the new page's public
    URL as ``rel=canonical`` (so search engines move to it) and shows a link for
    readers without automatic redirects.  The loader has already checked that
    each new id is a procedure and each old id is not.
    """
    out: dict[str, str] = {}
    first = handbook.office.languages[0]
    for old, new in handbook.office.redirects.items():
        procedure = handbook.procedures.get(new)
        if procedure is None:  # pragma: no cover - the loader rejects it
            continue
        for lang in handbook.office.languages:
            prefix = "" if lang == first else f"{lang}/"
            title = html.escape(procedure.title.get(lang))
            target = html.escape(f"{new}.html")
            canonical = html.escape(procedure_url(handbook, new, lang))
            out[f"{prefix}procedures/{old}.html"] = (
                "<!DOCTYPE html>\n"
                f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{title}</title>\n"
                f'<meta http-equiv="refresh" content="0; url={target}">\n'
                f'<link rel="canonical" href="{canonical}">\n'
                '<meta name="robots" content="noindex">\n'
                "</head>\n<body>\n"
                f'<p>{html.escape(_t("moved", lang))} <a href="{target}">{title}</a></p>\n'
                "</body>\n</html>\n"
            )
    return out


# --------------------------------------------------------------------------- command


def ita_command(handbook: Handbook, root: Path, year: int | None, output_dir: Path | None) -> int:
    """``handbook ita [--year N] [--output DIR]``: print the answers and write the CSV and JSON.

    Reads the years table (:func:`load_criteria`), builds the report of
    ``year`` (default: the latest year at or before the office's fiscal year),
    prints each item (code, answer, URL, explanation, evidence URLs, gaps with
    file, line and field) and writes ``ita-<year>.csv`` and ``ita-<year>.json``
    into ``output_dir`` (default ``ROOT/ita``).  Returns 0 on success (gaps are
    reported, not failures), 1 when the criteria file has errors, 2 when the
    year is not in the table.
    """
    try:
        criteria = load_criteria(root)
    except CheckFailed as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"handbook ita: {CRITERIA_FILE} has errors", file=sys.stderr)
        return 1
    try:
        report = ita_report(handbook, criteria, year)
    except ItaError as exc:
        print(f"handbook ita: {exc}", file=sys.stderr)
        return 2
    rows = report_rows(report, "th")
    print(f"ITA {report.year.year} — {report.year.source.get('th')}")
    for result, row in zip(report.items, rows):
        code = row["code"] or "?"
        print(f"\n[{code}] {row['title']}: {row['answer']}" + ("" if result.item.verified else "  (item code not verified)"))
        if row["url"]:
            print(f"  URL: {row['url']}")
        print(f"  คำอธิบาย: {row['explanation']}")
        for url in row["urls"]:
            print(f"    {url}")
        gaps = result.gaps()
        if gaps:
            print(f"  gaps ({len(gaps)}):")
            for gap in gaps:
                print(f"    {gap.full()}" + ("" if gap.required else " (does not change the answer)"))
    folder = Path(output_dir) if output_dir else Path(root) / "ita"
    for path in write_ita_files(report, folder):
        print(path)
    return 0


__all__ = [
    "CRITERIA_FILE", "Criterion", "Gap", "ItaCriteria", "ItaError", "ItaItem", "ItaReport", "ItaYear", "ItemResult",
    "ManualEvidence", "ProcedureEvidence", "ita_command", "ita_report", "load_criteria", "page_url", "procedure_url",
    "redirect_pages", "render_ita_page", "report_rows", "write_ita_files",
]
