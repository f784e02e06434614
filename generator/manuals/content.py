"""The printed operations manual (คู่มือการปฏิบัติงาน): what it contains, in writer-neutral form.

A manual is defined by ``manuals/<id>.yml`` (:class:`generator.model.Manual`).
This module decides its content once — procedures, title, memo text, preface,
introduction, numbering — and the PDF writer (:mod:`generator.manual_pdf`) and
the DOCX writer (:mod:`generator.manual_docx`) lay the same content out.

Its files have stable addresses on the site (:mod:`generator.model.manuals`), named by the manual's id (not its
title), so that the URLs given to ITA assessors keep working year after year:
``manuals/<id>.pdf``, ``manuals/<id>.docx`` and ``manuals/<id>-memo.pdf`` (the
publication memo alone, the evidence of permission to publish), under the
language's root (``en/manuals/...`` for English).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt

from generator.i18n import branch_target_text, t
from generator.model.loader import Handbook
from generator.model.documents import Manual, Officer, Procedure, Signatory
from generator.model.manuals import (  # noqa: F401  (moved there, issue 22; still importable from here)
    MANUALS_FOLDER, manual_path, manual_procedures, manual_url, manuals_of_officer, manuals_with_procedure,
    memo_has_approvals,
)
from generator.text import Text, digits, format_date


@dataclasses.dataclass(frozen=True)
class Person:
    """A name and position as printed in signature blocks."""

    name: str
    position: str


def person(handbook: Handbook, signatory: Signatory | Officer, lang: str) -> Person:
    """Resolve an officer or a signatory to the name and position printed under a signature."""
    if isinstance(signatory, Officer):
        officer = signatory
    elif signatory.officer:
        officer = handbook.officers[signatory.officer]
    else:
        return Person(signatory.name.get(lang), signatory.position.get(lang))  # type: ignore[union-attr]
    position = officer.position.get(lang)
    if officer.level:
        position += (" ระดับ" if lang == "th" else ", ") + officer.level.get(lang)
    return Person(officer.name.get(lang), position)


def manual_title(manual: Manual, lang: str) -> str:
    """The manual's title: its own, else คู่มือการปฏิบัติงาน / Operations manual (คู่มือสำหรับประชาชน for services)."""
    if manual.title:
        return manual.title.get(lang)
    return t("service_manual" if manual.kind == "service" else "manual", lang)


def numerals(handbook: Handbook, lang: str) -> str:
    """Digit style of a manual in ``lang``: the office's choice in Thai, Arabic in English."""
    return handbook.office.digit_style(lang)


def num(handbook: Handbook, lang: str, value: object) -> str:
    """``value`` written with the manual's digits."""
    return digits(value, numerals(handbook, lang))


def fiscal_year_line(handbook: Handbook, lang: str) -> str:
    """"ปีงบประมาณ พ.ศ. ๒๕๗๐" / "Fiscal year 2027 (BE 2570)"."""
    year = handbook.office.fiscal_year
    if lang == "th":
        return f"ปีงบประมาณ พ.ศ. {num(handbook, lang, year)}"
    return f"Fiscal year {year - 543} (B.E. {year})"


def date_text(handbook: Handbook, lang: str, day: _dt.date | None) -> str:
    """A date in the manual's language and digits, or dots to fill in by hand."""
    if day is None:
        return "................................"
    return format_date(day, lang, numerals(handbook, lang))


def text_or(default: str, text: Text | None, lang: str) -> str:
    """``text`` in ``lang`` when given, else ``default``."""
    return text.get(lang) if text else default


# --------------------------------------------------------------------------- content


@dataclasses.dataclass
class Item:
    """A numbered item: ``number`` as printed (``"๕.๑"``, ``"๑)"``), its text and sub-items."""

    number: str
    text: str
    children: list["Item"] = dataclasses.field(default_factory=list)
    detail: str = ""
    """A paragraph printed under the text, before the children (a work unit's description); "" for none."""


@dataclasses.dataclass
class Section:
    """A numbered section of a procedure chapter (``"๒"`` วัตถุประสงค์ …).

    ``kind`` tells the writer how to lay it out: "items" (numbered items),
    "definitions" (term/meaning pairs in ``pairs``), "flowchart" (the
    row-aligned flowchart table) or "standards" (the work-standard table).
    """

    number: str
    key: str
    title: str
    kind: str = "items"
    items: list[Item] = dataclasses.field(default_factory=list)
    pairs: list[tuple[str, str]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Chapter:
    """One procedure of the manual: its title and numbered sections."""

    number: str
    procedure: Procedure
    title: str
    sections: list[Section]
    page_url: str


@dataclasses.dataclass
class UnitPart:
    """A part of a group manual: one work unit and its chapters (ส่วนที่ ๑ งานธุรการ).

    ``number`` is the part's number in the manual's digits, ``label`` the
    printed "ส่วนที่ ๑" / "Part 1", ``title`` the unit's name, ``description``
    its description from ``office.yml`` ("" when it has none), ``chapters``
    the manual's chapters of this unit, in manual order.
    """

    number: str
    label: str
    unit_id: str
    title: str
    description: str
    chapters: list[Chapter]


@dataclasses.dataclass
class StepRow:
    """One step as a table row (flowchart and work-standard tables)."""

    number: str
    kind: str
    short: str
    text: str
    duration: str
    responsible: str
    standard: str
    branches: list[tuple[str, str]]


@dataclasses.dataclass
class MemoContent:
    """What the publication memo says, ready to lay out."""

    unit: str
    number: str
    date: str
    subject: str
    to: str
    body: list[str]
    closing: str
    author: Person
    approvals: list[tuple[str, Person]]


@dataclasses.dataclass
class ManualContent:
    """The whole manual in one language, writer-neutral (strings already in digits of choice)."""

    manual: Manual
    lang: str
    numerals: str
    title: str
    cover_lines: list[str]
    fiscal_year: str
    memo: MemoContent | None
    preface: list[str]
    preface_signature: list[str]
    introduction: list[tuple[str, list[str], list[Item]]]
    chapters: list[Chapter]
    appendix: list[tuple[str, list[str], str | None]]
    back_cover: list[str]
    back_cover_url: str
    author: Person
    office_name: str
    parts: frozenset[str] = frozenset()
    unit_parts: list[UnitPart] = dataclasses.field(default_factory=list)
    """Group manual only: the chapters grouped under their work units (empty for other kinds)."""
    introduction_title: str = ""
    """Heading of the introduction: บทนำ; a service manual's own front matter is ก่อนขอรับบริการ."""


def _items(handbook: Handbook, lang: str, prefix: str, texts: list[Text]) -> list[Item]:
    return [Item(num(handbook, lang, f"{prefix}.{i}"), x.get(lang)) for i, x in enumerate(texts, start=1)]


def _substeps(handbook: Handbook, lang: str, subs, depth: int = 0) -> list[Item]:
    out = []
    for i, sub in enumerate(subs, start=1):
        number = num(handbook, lang, f"{i})" if depth == 0 else f"({i})")
        out.append(Item(number, sub.text.get(lang), _substeps(handbook, lang, sub.substeps, depth + 1)))
    return out


def step_rows(handbook: Handbook, procedure: Procedure, lang: str) -> list[StepRow]:
    """The steps of ``procedure`` as table rows, numbered with the manual's digits."""
    style = numerals(handbook, lang)
    rows = []
    for i, step in enumerate(procedure.steps, start=1):
        branches = [(b.label.get(lang), branch_target_text(procedure, i - 1, b.goto, lang, style))
                    for b in step.branches]
        rows.append(StepRow(
            num(handbook, lang, i), step.kind.value, (step.short or step.text).get(lang), step.text.get(lang),
            step.duration.get(lang) if step.duration else "–", step.responsible.get(lang) if step.responsible else "–",
            step.standard.get(lang) if step.standard else "–", branches,
        ))
    return rows


def chapter(handbook: Handbook, procedure: Procedure, lang: str, number: int) -> Chapter:
    """The chapter of ``procedure``: sections numbered from ๑ (the title) as in Thai manuals."""
    sections: list[Section] = []

    def add(key: str, kind: str = "items", items=None, pairs=None):
        n = num(handbook, lang, len(sections) + 2)
        sections.append(Section(n, key, t(key, lang), kind, items or [], pairs or []))
        return n

    n = num(handbook, lang, len(sections) + 2)
    add("objectives", items=_items(handbook, lang, n, procedure.objectives))
    n = num(handbook, lang, len(sections) + 2)
    add("scope", items=_items(handbook, lang, n, procedure.scope))
    if procedure.definitions:
        add("definitions", "definitions", pairs=[(d.term.get(lang), d.meaning.get(lang)) for d in procedure.definitions])
    n = num(handbook, lang, len(sections) + 2)
    steps = [Item(num(handbook, lang, f"{n}.{i}"), s.text.get(lang), _substeps(handbook, lang, s.substeps))
             for i, s in enumerate(procedure.steps, start=1)]
    add("steps", items=steps)
    add("flowchart", "flowchart")
    if any(s.standard for s in procedure.steps):
        add("work_standards", "standards")
    for key in ("indicators", "outcomes", "forms", "references", "legal_basis"):
        texts = getattr(procedure, key)
        if texts:
            n = num(handbook, lang, len(sections) + 2)
            add(key, items=_items(handbook, lang, n, texts))
    prefix = "" if lang == handbook.office.languages[0] else f"{lang}/"
    url = handbook.office.handbook_url.rstrip("/") + f"/{prefix}procedures/{procedure.id}.html"
    return Chapter(num(handbook, lang, number), procedure, procedure.title.get(lang), sections, url)


def channel_text(channel, lang: str) -> str:
    """One service or complaint channel as a line: place, hours, phone, e-mail, online address."""
    parts = [channel.place.get(lang)]
    if channel.hours:
        parts.append(f"{t('service_hours', lang)} {channel.hours.get(lang)}")
    if channel.phone:
        parts.append(f"{t('phone', lang)} {channel.phone}")
    if channel.email:
        parts.append(f"{t('email', lang)} {channel.email}")
    if channel.online:
        parts.append(f"{t('service_online', lang)} {channel.online}")
    return " · ".join(parts) if lang != "th" else " ".join(parts)


def document_text(handbook: Handbook, document, lang: str) -> str:
    """A required document as a line: name, originals and copies, issuing body, remark."""
    unit = document.unit.get(lang) if document.unit else ("ฉบับ" if lang == "th" else "")
    counts = []
    if lang == "th":
        if document.originals:
            counts.append(f"ฉบับจริง {num(handbook, lang, document.originals)} {unit}")
        if document.copies:
            counts.append(f"สำเนา {num(handbook, lang, document.copies)} {unit}")
    else:
        if document.originals:
            counts.append(f"{document.originals} original{'s' if document.originals > 1 else ''}")
        if document.copies:
            counts.append(f"{document.copies} cop{'ies' if document.copies > 1 else 'y'}")
    text = document.name.get(lang)
    if counts:
        text += f" ({', '.join(counts)})" if lang != "th" else f" ({' '.join(counts)})"
    if document.issued_by:
        text += f"; {t('service_issued_by', lang)}: {document.issued_by.get(lang)}" if lang != "th" \
            else f" {t('service_issued_by', lang)} {document.issued_by.get(lang)}"
    if document.note:
        text += f" ({t('service_note', lang)}: {document.note.get(lang)})" if lang != "th" \
            else f" ({t('service_note', lang)} {document.note.get(lang)})"
    return text


def service_step_items(handbook: Handbook, procedure: Procedure, lang: str, prefix: str) -> list[Item]:
    """The steps of a service as numbered items for the public: the step's text, then on a line below its time
    and responsible unit and, for a decision, where each answer leads in words ("กรณีอนุญาต ดำเนินการขั้นตอนถัดไป
    กรณีไม่อนุญาต (แจ้งเหตุผลเป็นหนังสือ) สิ้นสุดการให้บริการ"), never arrows."""
    style = numerals(handbook, lang)
    items = []
    for i, step in enumerate(procedure.steps, start=1):
        extra = []
        if step.duration:
            extra.append(f"{t('col_duration', lang)} {step.duration.get(lang)}")
        if step.responsible:
            extra.append(f"{t('col_responsible', lang)} {step.responsible.get(lang)}")
        for b in step.branches:
            if b.goto == "end" or b.goto == "next" and i == len(procedure.steps):
                where = t("service_ends", lang)
            else:
                where = f"{t('service_go_on', lang)}{'' if lang == 'th' else ' '}" + \
                    branch_target_text(procedure, i - 1, b.goto, lang, style)
            label = b.label.get(lang)
            extra.append(f"{t('service_if', lang)}{label} {where}" if lang == "th"
                         else f"{t('service_if', lang)} {label[:1].lower() + label[1:]}: {where}")
        detail = (" " if lang == "th" else "; ").join(extra)
        items.append(Item(num(handbook, lang, f"{prefix}.{i}"), step.text.get(lang), detail=detail))
    return items


def service_chapter(handbook: Handbook, procedure: Procedure, lang: str, number: int) -> Chapter:
    """The chapter of a service, in the order of the คู่มือสำหรับประชาชน (Licensing Facilitation Act B.E. 2558).

    What a citizen asks first comes first.  Sections (numbered from ๒; ๑ is the service's name): what the
    service is (its objectives and scope), who may ask and on what conditions, the responsible unit, where
    and when (service channels), documents required, fees (ไม่มีค่าธรรมเนียม when free), total time,
    complaint channels; then the steps with their time and responsible unit (branches told in words), the
    flowchart, forms and laws.  Every section is a list of numbered items (or the flowchart table), so the
    PDF and DOCX writers lay it out as they do a procedure chapter.  A field left empty prints "ยังไม่ได้ระบุ".
    """
    service = procedure.service
    missing = t("service_not_given", lang)
    sections: list[Section] = []

    def add(key: str, texts: list[str], kind: str = "items") -> None:
        n = num(handbook, lang, len(sections) + 2)
        items = [Item(num(handbook, lang, f"{n}.{i}"), x) for i, x in enumerate(texts, start=1)]
        sections.append(Section(n, key, t(key, lang), kind, items))

    about = [x.get(lang) for x in [*procedure.objectives, *procedure.scope]]
    if about:
        add("service_about", about)
    if service and service.conditions:
        add("service_conditions", [c.get(lang) for c in service.conditions])
    unit = [service.responsible_unit.get(lang)] if service and service.responsible_unit else [missing]
    add("service_unit", unit)
    add("service_channels", [channel_text(c, lang) for c in service.channels] if service and service.channels else [missing])
    if service and service.documents:
        documents = [document_text(handbook, d, lang) for d in service.documents]
    else:
        documents = [t("service_no_documents", lang) if service and service.no_documents else missing]
    add("service_documents", documents)
    if service and service.fees:
        fees = [f.get(lang) for f in service.fees]
    else:
        fees = [t("service_no_fee", lang) if service and service.no_fee else missing]
    add("service_fees", fees)
    add("service_total_time", [service.total_time.get(lang)] if service and service.total_time else [missing])
    add("service_complaints",
        [channel_text(c, lang) for c in service.complaints] if service and service.complaints else [missing])
    n = num(handbook, lang, len(sections) + 2)
    sections.append(Section(n, "service_steps", t("service_steps", lang), "items",
                            service_step_items(handbook, procedure, lang, n)))
    n = num(handbook, lang, len(sections) + 2)
    sections.append(Section(n, "flowchart", t("flowchart", lang), "flowchart"))
    if procedure.forms:
        add("service_forms", [f.get(lang) for f in procedure.forms])
    if procedure.legal_basis:
        add("legal_basis", [x.get(lang) for x in procedure.legal_basis])
    prefix = "" if lang == handbook.office.languages[0] else f"{lang}/"
    url = handbook.office.handbook_url.rstrip("/") + f"/{prefix}procedures/{procedure.id}.html"
    return Chapter(num(handbook, lang, number), procedure, procedure.title.get(lang), sections, url)


def service_front_matter(handbook: Handbook, manual: Manual, lang: str,
                         procedures: list[Procedure]) -> list[tuple[str, list[str], list[Item]]]:
    """The service manual's own short front matter, in place of the staff manual's introduction (mandate,
    structure, duties, แนวคิด), which is no help to a citizen: what the manual covers, how to use it, and the
    office's contact and complaint channels.  Each part is the manual's own text (``covers``, ``how_to_use``,
    ``contacts`` in ``manuals/<id>.yml``) or a standard one.  Returns ``(heading, paragraphs, items)`` as
    :attr:`ManualContent.introduction`."""
    office = handbook.office
    th = lang == "th"
    titles = [p.title.get(lang) for p in procedures]
    listed = _plain_items(handbook, lang, [Text(th=x) for x in titles])
    if manual.covers:
        covers = [p.get(lang) for p in manual.covers]
    elif th:
        covers = [f"คู่มือนี้บอกวิธีขอรับบริการของ{office.group.name.get(lang)} {office.name.get(lang)} "
                  f"จำนวน {num(handbook, lang, len(procedures))} งานบริการ ตามพระราชบัญญัติการอำนวยความสะดวก"
                  "ในการพิจารณาอนุญาตของทางราชการ พ.ศ. ๒๕๕๘ ได้แก่"]
    else:
        covers = [f"This manual tells you how to ask for the {len(procedures)} services of the "
                  f"{office.group.name.get(lang)}, {office.name.get(lang)}, under the Licensing Facilitation Act "
                  "B.E. 2558 (2015):"]
    if manual.how_to_use:
        how = [p.get(lang) for p in manual.how_to_use]
    elif th:
        how = ["แต่ละงานบริการเริ่มด้วยสิ่งที่ผู้ขอรับบริการควรทราบก่อน ได้แก่ งานบริการนี้คืออะไร ใครขอรับบริการได้"
               " และมีเงื่อนไขอย่างไร ยื่นคำขอได้ที่ใดและเมื่อใด เอกสารที่ต้องใช้ ค่าธรรมเนียม ระยะเวลา"
               " และช่องทางการร้องเรียน จากนั้นจึงเป็นขั้นตอนการให้บริการ แผนผัง และตัวอย่างแบบฟอร์ม",
               "โปรดเตรียมเอกสารให้ครบถ้วนก่อนยื่นคำขอ ระยะเวลาเริ่มนับเมื่อเจ้าหน้าที่ได้รับคำขอและเอกสารครบถ้วนแล้ว"]
    else:
        how = ["Each service starts with what you need to know first: what it is, who may ask and on what "
               "conditions, where and when to ask, the documents, the fee, the time and where to complain; then "
               "come its steps, its flowchart and its forms.",
               "Please bring every document when you apply: the time counts from a complete request."]
    if manual.contacts:
        contacts = [channel_text(c, lang) for c in manual.contacts]
    else:
        office_line = [office.name.get(lang), office.address.get(lang), f"{t('phone', lang)} {office.phone}",
                       f"{t('email', lang)} {office.email}", office.website]
        contacts = [(" " if th else ", ").join(x for x in office_line if x)]
        for procedure in procedures:
            for channel in (procedure.service.complaints if procedure.service else []):
                line = channel_text(channel, lang)
                if line not in contacts:
                    contacts.append(line)
    return [
        (t("service_covers", lang), covers, listed),
        (t("service_how_to_use", lang), how, []),
        (t("service_contacts", lang), [], _plain_items(handbook, lang, [Text(th=x) for x in contacts])),
    ]


def manual_content(handbook: Handbook, manual: Manual, lang: str) -> ManualContent:
    """Assemble everything ``manual`` says in ``lang``.

    Returns a :class:`ManualContent`.  Raises ``KeyError`` only for ids the
    loader has already validated.
    """
    office = handbook.office
    group = office.group
    author_officer = handbook.officers[manual.author]
    author = person(handbook, author_officer, lang)
    procedures = manual_procedures(handbook, manual)
    if manual.kind == "group":
        procedures = by_work_unit(handbook, procedures)
    unit = handbook.work_unit(author_officer.work_unit)
    title = manual_title(manual, lang)

    cover = []
    if manual.kind == "personal":
        cover += [author.name, author.position, f"{unit.name.get(lang)}"]
    cover += [group.name.get(lang), office.name.get(lang)] + [b.get(lang) for b in office.parent_bodies]

    memo = None
    if manual.memo is not None and "memo" in manual.parts:
        memo = _memo(handbook, manual, lang, author, author_officer, procedures)

    titles = [p.title.get(lang) for p in procedures]
    if manual.preface:
        preface = [p.get(lang) for p in manual.preface]
    elif manual.kind == "service" and lang == "th":
        preface = [
            f"คู่มือสำหรับประชาชนฉบับนี้จัดทำขึ้นโดย{group.name.get(lang)} {office.name.get(lang)} เพื่อให้ประชาชน"
            " สถานศึกษา และผู้มาติดต่อ ทราบหลักเกณฑ์ ช่องทาง ขั้นตอน ระยะเวลา ค่าธรรมเนียม และเอกสารหลักฐาน"
            " ที่ใช้ในการขอรับบริการ ตามแนวทางของพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ"
            " พ.ศ. ๒๕๕๘",
            f"คู่มือประกอบด้วยงานบริการ จำนวน {num(handbook, lang, len(procedures))} งาน ได้แก่ " + " ".join(titles),
            "หวังเป็นอย่างยิ่งว่าคู่มือฉบับนี้จะช่วยให้ผู้รับบริการได้รับความสะดวกและได้รับบริการที่มีมาตรฐานเดียวกัน",
        ]
    elif manual.kind == "service":
        preface = [
            f"This service manual of the {group.name.get(lang)}, {office.name.get(lang)}, tells the public, schools "
            "and visitors the rules, channels, steps, time, fees and documents of each service, following the "
            "Licensing Facilitation Act B.E. 2558 (2015).",
            f"It contains {len(procedures)} services: " + "; ".join(titles) + ".",
            "We hope it makes our services easy to use and the same for everyone.",
        ]
    elif lang == "th":
        whose = (f"ของ {author.name} ตำแหน่ง{author.position} {group.name.get(lang)}" if manual.kind == "personal"
                 else f"ของ{group.name.get(lang)}")
        preface = [
            f"คู่มือการปฏิบัติงานฉบับนี้จัดทำขึ้น{whose} {office.name.get(lang)} เพื่อใช้เป็นแนวทางในการปฏิบัติงาน"
            f" ให้ผู้ปฏิบัติงานเข้าใจขั้นตอน ระยะเวลา ผู้รับผิดชอบ มาตรฐานการปฏิบัติงาน และกฎหมายที่เกี่ยวข้อง"
            f" สามารถปฏิบัติงานแทนกันได้ และงานมีมาตรฐานเดียวกัน",
            f"คู่มือประกอบด้วยกระบวนการปฏิบัติงาน จำนวน {num(handbook, lang, len(procedures))} กระบวนการ ได้แก่ "
            + " ".join(titles),
            "หวังเป็นอย่างยิ่งว่าคู่มือการปฏิบัติงานฉบับนี้จะเป็นประโยชน์ต่อการปฏิบัติงานให้มีประสิทธิภาพต่อไป",
        ]
    else:
        whose = f"of {author.name}, {author.position}, " if manual.kind == "personal" else "of the "
        preface = [
            f"This operations manual {whose}{group.name.get(lang)}, {office.name.get(lang)}, guides the work: "
            "the steps, time frames, responsible roles, work standards and related laws of each procedure, so that "
            "colleagues can stand in for one another and the work keeps one standard.",
            f"It contains {len(procedures)} procedures: " + "; ".join(titles) + ".",
            "We hope it helps everyone work efficiently.",
        ]
    signature = [author.name, author.position, office.name.get(lang)]

    intro: list[tuple[str, list[str], list[Item]]] = []
    if manual.kind == "service":
        pass  # its own front matter below, not the staff manual's introduction
    elif office.mandate:
        intro.append((f"{t('mandate', lang)} {office.name.get(lang)}",
                      [office.mandate_source.get(lang)] if office.mandate_source else [],
                      _plain_items(handbook, lang, office.mandate)))
    if office.structure and manual.kind != "service":
        intro.append((f"{t('structure', lang)} {office.name.get(lang)}", [], _plain_items(handbook, lang, office.structure)))
    if manual.kind != "service":
        intro.append((f"{t('mandate', lang)} {group.name.get(lang)}",
                      [group.mandate_source.get(lang)] if group.mandate_source else [],
                      _plain_items(handbook, lang, group.mandate)))
        if group.concept:
            intro.append((t("concept", lang), [c.get(lang) for c in group.concept], []))
        if group.objectives:
            intro.append((t("group_objectives", lang), [], _plain_items(handbook, lang, group.objectives)))
    else:
        intro = service_front_matter(handbook, manual, lang, procedures)
    if manual.kind == "personal" and author_officer.duties:
        intro.append((t("duties", lang), [f"{author.name} {author.position}"], _duties(handbook, lang, author_officer.duties)))

    chapters = [(service_chapter if p.is_service else chapter)(handbook, p, lang, i)
                for i, p in enumerate(procedures, start=1)]
    unit_parts: list[UnitPart] = []
    if manual.kind == "group":
        unit_parts = _unit_parts(handbook, lang, chapters)
        intro.append((f"{t('scope_of_mission', lang)} {group.name.get(lang)}", [],
                      _scope_items(handbook, lang, unit_parts)))
    appendix = [(a.title.get(lang), [x.get(lang) for x in a.text],
                 str(handbook.sources[f"manual:{manual.id}"].path.parent / a.file) if a.file else None)
                for a in manual.appendix]
    back = [office.name.get(lang), office.address.get(lang),
            f"{t('phone', lang)} {office.phone}", f"{t('email', lang)} {office.email}", office.website]
    target = "officers/" + manual.author if manual.kind == "personal" else "index"
    prefix = "" if lang == office.languages[0] else f"{lang}/"
    url = office.handbook_url.rstrip("/") + f"/{prefix}{target}.html"
    return ManualContent(manual, lang, numerals(handbook, lang), title, cover, fiscal_year_line(handbook, lang), memo,
                         preface, signature, intro, chapters, appendix, back, url, author, office.name.get(lang),
                         frozenset(manual.parts), unit_parts,
                         t("service_front" if manual.kind == "service" else "introduction", lang))


def by_work_unit(handbook: Handbook, procedures: list[Procedure]) -> list[Procedure]:
    """``procedures`` grouped by work unit, units in ``office.yml`` order; the order within a unit is kept.

    A group manual prints each unit's chapters together under its part
    heading, as the real group manuals do (seed 000: งานธุรการ, งานข้อมูล
    สารสนเทศ, งานนโยบายและแผน …), so its chapters are numbered in this order.
    """
    rank = {unit.id: i for i, unit in enumerate(handbook.office.group.work_units)}
    return sorted(procedures, key=lambda p: rank.get(p.work_unit, len(rank)))  # stable: keeps the order within


def _unit_parts(handbook: Handbook, lang: str, chapters: list[Chapter]) -> list[UnitPart]:
    """The parts of a group manual: one per work unit that has chapters, numbered ส่วนที่ ๑, ๒ … in order."""
    parts: list[UnitPart] = []
    for unit in handbook.office.group.work_units:
        own = [c for c in chapters if c.procedure.work_unit == unit.id]
        if not own:
            continue
        number = num(handbook, lang, len(parts) + 1)
        parts.append(UnitPart(number, f"{t('part', lang)} {number}", unit.id, unit.name.get(lang),
                              unit.description.get(lang) if unit.description else "", own))
    return parts


def _scope_items(handbook: Handbook, lang: str, parts: list[UnitPart]) -> list[Item]:
    """ขอบข่ายภารกิจ: each work unit (๑. งานธุรการ) with its description, and its works (๑.๑ งานสารบรรณ …).

    The layout of the real group manual (seed 000, "ขอบข่ายภารกิจ"): the units
    numbered ๑. ๒., the works of each numbered ๑.๑ ๑.๒ under it.
    """
    items = []
    for i, part in enumerate(parts, start=1):
        works = [Item(num(handbook, lang, f"{i}.{j}"), c.title) for j, c in enumerate(part.chapters, start=1)]
        items.append(Item(num(handbook, lang, f"{i}."), part.title, works, part.description))
    return items


def _plain_items(handbook: Handbook, lang: str, texts: list[Text]) -> list[Item]:
    return [Item(num(handbook, lang, f"{i}."), x.get(lang)) for i, x in enumerate(texts, start=1)]


THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def duty_marker(handbook: Handbook, lang: str, index: int, depth: int) -> str:
    """The marker of the ``index``-th (from 1) duty at nesting ``depth`` (from 0), distinct per level as in
    Thai official documents: ๑. → ๑) → (๑) → ก. → (ก) (a. and (a) in English); deeper levels repeat (ก)."""
    if depth < 3:
        return num(handbook, lang, [f"{index}.", f"{index})", f"({index})"][depth])
    letters = THAI_LETTERS if lang == "th" else LATIN_LETTERS
    letter = letters[(index - 1) % len(letters)]
    return f"{letter}." if depth == 3 else f"({letter})"


def _duties(handbook: Handbook, lang: str, duties, depth: int = 0) -> list[Item]:
    out = []
    for i, duty in enumerate(duties, start=1):
        number = duty_marker(handbook, lang, i, depth)
        out.append(Item(number, duty.text.get(lang), _duties(handbook, lang, duty.items, depth + 1)))
    return out


def _memo(handbook: Handbook, manual: Manual, lang: str, author: Person, officer: Officer,
          procedures: list[Procedure]) -> MemoContent:
    """The memo, laid out after form 8 (บันทึกข้อความ) of the Correspondence Regulation B.E. 2526."""
    office = handbook.office
    memo = manual.memo
    assert memo is not None
    unit = handbook.work_unit(officer.work_unit).name.get(lang)
    group = office.group.name.get(lang)
    fy = num(handbook, lang, office.fiscal_year)
    url = office.handbook_url
    kind_th = "คู่มือการปฏิบัติงานรายบุคคล" if manual.kind == "personal" else "คู่มือการปฏิบัติงาน" + group
    what_th = "คู่มือการปฏิบัติงาน"
    purpose_th = (f"จำนวน {num(handbook, lang, len(procedures))} กระบวนการ เพื่อใช้เป็นแนวทางในการปฏิบัติงาน"
                  f" อันจะส่งผลต่อการพัฒนาคุณภาพการศึกษาของ{office.name.get(lang)}ต่อไป")
    if manual.kind == "service":  # a manual for the public, not for staff: it never calls itself คู่มือการปฏิบัติงาน
        kind_th, what_th = "คู่มือสำหรับประชาชน" + group, "คู่มือสำหรับประชาชน"
        purpose_th = (f"จำนวน {num(handbook, lang, len(procedures))} งานบริการ เพื่อให้ประชาชนและผู้มาติดต่อทราบหลักเกณฑ์"
                      " ช่องทาง ขั้นตอน ระยะเวลา ค่าธรรมเนียม และเอกสารที่ใช้ในการขอรับบริการ"
                      " ตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. ๒๕๕๘")
    if lang == "th":
        subject = text_or(f"ขออนุญาตเผยแพร่{what_th}บนเว็บไซต์ของหน่วยงาน", memo.subject, lang)
        to = f"ผู้อำนวยการ{office.name.get(lang)}"
        body = [p.get(lang) for p in memo.body] or [
            f"ด้วยข้าพเจ้า {author.name} ตำแหน่ง{author.position} {group} ได้จัดทำ{kind_th} {purpose_th}",
            f"ในการนี้ เพื่อให้เป็นไปตามแนวทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
            f" ประจำปีงบประมาณ พ.ศ. {fy} จึงขออนุญาตเผยแพร่{what_th}ดังกล่าวบนเว็บไซต์ของ"
            f"{office.name.get(lang)} {url}",
        ]
        closing = "จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต"
    else:
        what = "service manual for the public" if manual.kind == "service" else "operations manual"
        subject = text_or(f"Request for permission to publish the {what} on the office website", memo.subject, lang)
        to = f"Director of {office.name.get(lang)}"
        body = [p.get(lang) for p in memo.body] or [
            f"I, {author.name}, {author.position}, {group}, have prepared the "
            f"{'personal operations manual' if manual.kind == 'personal' else 'service manual of the ' + group if manual.kind == 'service' else 'operations manual of the ' + group}"
            + (f" ({len(procedures)} services) so that the public knows the rules, channels, steps, time, fees and "
               "documents of each service, under the Licensing Facilitation Act B.E. 2558 (2015)."
               if manual.kind == "service" else
               f" ({len(procedures)} procedures) to guide the work and improve the quality of education of "
               f"{office.name.get(lang)}."),
            f"In line with the Integrity and Transparency Assessment (ITA) of fiscal year {office.fiscal_year}, I request "
            f"permission to publish it on the website of {office.name.get(lang)}, {url}",
        ]
        closing = "For your consideration and permission."
    chain = officer.approval_chain
    approvals: list[tuple[str, Person]] = []
    if chain:
        labels = {"th": ["ความเห็นของผู้อำนวยการกลุ่ม", "ความเห็นของรองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
                         "คำสั่งของผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"],
                  "en": ["Opinion of the Group Director", "Opinion of the Deputy Director", "Order of the Director"]}[lang]
        roles = ("group_director", "deputy_director", "director")
        # the author never approves their own manual: the chain starts above them
        # (the group director's personal manual goes to the deputy director)
        own = [i for i, role in enumerate(roles) if _is_author(handbook, getattr(chain, role), officer)]
        start = own[-1] + 1 if own else 0
        for label, role in list(zip(labels, roles))[start:]:
            approvals.append((label, person(handbook, getattr(chain, role), lang)))
    return MemoContent(f"{unit} {group} {office.short_name.get(lang)}", memo.number or "...............................",
                       date_text(handbook, lang, memo.date), subject, to, body, closing, author, approvals)


def _is_author(handbook: Handbook, signatory: Signatory, author: Officer) -> bool:
    """Whether ``signatory`` is ``author``: the same officer id, or the same Thai name."""
    if signatory.officer:
        return signatory.officer == author.id
    return signatory.name is not None and signatory.name.get("th").split() == author.name.get("th").split()


def protected_names(handbook: Handbook, lang: str) -> tuple[str, ...]:
    """Proper names that must not break inside a word: the office's short name, its place name, every officer's.

    The place name is the office's short name without its leading abbreviation
    (สพป.ศรีสุข เขต ๑ → ศรีสุข เขต ๑): inside the full office name, which is
    too long to keep on one line in a narrow column, it is the part that
    Pango's dictionary would cut (ศรี|สุข), while the generic words before it
    (สำนักงานเขตพื้นที่การศึกษาประถมศึกษา) break between words as usual; the
    place alone (ศรีสุข) is kept whole wherever it appears (จังหวัดศรีสุข).
    """
    office = handbook.office
    short = office.short_name.get(lang) if office.short_name else ""
    names = [short]
    first, _, rest = short.partition(" ")
    if "." in first:
        place = first.rsplit(".", 1)[1]
        names += [(place + (" " + rest if rest else "")).strip(), place]
    for officer in handbook.officers.values():
        names.append(officer.name.get(lang))
    return tuple(n for n in names if n)
