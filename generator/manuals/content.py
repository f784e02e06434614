"""The printed operations manual (คู่มือการปฏิบัติงาน): what it contains, in writer-neutral form.

A manual is defined by ``manuals/<id>.yml`` (:class:`generator.model.Manual`).
This module decides its content once — procedures, title, memo text, preface,
introduction, numbering — and the PDF writer (:mod:`generator.manual_pdf`) and
the DOCX writer (:mod:`generator.manual_docx`) lay the same content out.

Its files have stable addresses on the site, named by the manual's id (not its
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
from generator.text import Text, digits, format_date

MANUALS_FOLDER = "manuals"


def manual_path(manual_id: str, kind: str) -> str:
    """Path of a manual file relative to its language's site root.

    ``kind`` is "pdf", "docx" or "memo" (the memo alone, as PDF).
    """
    if kind == "memo":
        return f"{MANUALS_FOLDER}/{manual_id}-memo.pdf"
    return f"{MANUALS_FOLDER}/{manual_id}.{kind}"


def manual_url(handbook: Handbook, manual_id: str, kind: str, lang: str = "th") -> str:
    """Public URL of a manual file, from the office's ``handbook_url``."""
    base = handbook.office.handbook_url.rstrip("/") + "/"
    if lang != handbook.office.languages[0]:
        base += f"{lang}/"
    return base + manual_path(manual_id, kind)


def manual_procedures(handbook: Handbook, manual: Manual) -> list[Procedure]:
    """The procedures of ``manual`` in order: as listed, else the author's (personal) or all (group)."""
    if manual.procedures:
        ids = manual.procedures
    elif manual.kind == "personal":
        ids = handbook.officers[manual.author].procedures
    else:
        ids = list(handbook.procedures)
    return [handbook.procedures[i] for i in ids]


def manuals_of_officer(handbook: Handbook, officer_id: str) -> list[Manual]:
    """Personal manuals whose author is ``officer_id``."""
    return [m for m in handbook.manuals.values() if m.kind == "personal" and m.author == officer_id]


def manuals_with_procedure(handbook: Handbook, procedure_id: str) -> list[Manual]:
    """Manuals that contain ``procedure_id``, group manual first."""
    found = [m for m in handbook.manuals.values() if any(p.id == procedure_id for p in manual_procedures(handbook, m))]
    return sorted(found, key=lambda m: (m.kind != "group", m.id))


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
    """The manual's title: its own, else คู่มือการปฏิบัติงาน / Operations manual."""
    return manual.title.get(lang) if manual.title else t("manual", lang)


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
    if office.mandate:
        intro.append((f"{t('mandate', lang)} {office.name.get(lang)}",
                      [office.mandate_source.get(lang)] if office.mandate_source else [],
                      _plain_items(handbook, lang, office.mandate)))
    if office.structure:
        intro.append((f"{t('structure', lang)} {office.name.get(lang)}", [], _plain_items(handbook, lang, office.structure)))
    intro.append((f"{t('mandate', lang)} {group.name.get(lang)}",
                  [group.mandate_source.get(lang)] if group.mandate_source else [],
                  _plain_items(handbook, lang, group.mandate)))
    if group.concept:
        intro.append((t("concept", lang), [c.get(lang) for c in group.concept], []))
    if group.objectives:
        intro.append((t("group_objectives", lang), [], _plain_items(handbook, lang, group.objectives)))
    if manual.kind == "personal" and author_officer.duties:
        intro.append((t("duties", lang), [f"{author.name} {author.position}"], _duties(handbook, lang, author_officer.duties)))

    chapters = [chapter(handbook, p, lang, i) for i, p in enumerate(procedures, start=1)]
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
                         frozenset(manual.parts))


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
    if lang == "th":
        subject = text_or("ขออนุญาตเผยแพร่คู่มือการปฏิบัติงานบนเว็บไซต์ของหน่วยงาน", memo.subject, lang)
        to = f"ผู้อำนวยการ{office.name.get(lang)}"
        body = [p.get(lang) for p in memo.body] or [
            f"ด้วยข้าพเจ้า {author.name} ตำแหน่ง{author.position} {group} ได้จัดทำ{kind_th} "
            f"จำนวน {num(handbook, lang, len(procedures))} กระบวนการ เพื่อใช้เป็นแนวทางในการปฏิบัติงาน"
            f" อันจะส่งผลต่อการพัฒนาคุณภาพการศึกษาของ{office.name.get(lang)}ต่อไป",
            f"ในการนี้ เพื่อให้เป็นไปตามแนวทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
            f" ประจำปีงบประมาณ พ.ศ. {fy} จึงขออนุญาตเผยแพร่คู่มือการปฏิบัติงานดังกล่าวบนเว็บไซต์ของ"
            f"{office.name.get(lang)} {url}",
        ]
        closing = "จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต"
    else:
        subject = text_or("Request for permission to publish the operations manual on the office website", memo.subject, lang)
        to = f"Director of {office.name.get(lang)}"
        body = [p.get(lang) for p in memo.body] or [
            f"I, {author.name}, {author.position}, {group}, have prepared the "
            f"{'personal operations manual' if manual.kind == 'personal' else 'operations manual of the ' + group}"
            f" ({len(procedures)} procedures) to guide the work and improve the quality of education of {office.name.get(lang)}.",
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
        for label, role in zip(labels, ("group_director", "deputy_director", "director")):
            approvals.append((label, person(handbook, getattr(chain, role), lang)))
    return MemoContent(f"{unit} {group} {office.short_name.get(lang)}", memo.number or "...............................",
                       date_text(handbook, lang, memo.date), subject, to, body, closing, author, approvals)


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
