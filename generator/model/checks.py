"""Completeness warnings: what a valid project still lacks.

Two kinds, both warnings (``handbook check --strict`` makes them errors):

* missing English text, when the office publishes in English;
* what the ITA criterion for staff operations manuals checks — the OIT item
  "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่" (o10 in ITA 2567, O8 in
  ITA 2568) asks for the job title, the steps, the time of each step, the
  responsible role and the related laws.  A procedure missing one of these
  is warned about here and does not count for that item on the ITA page.

And what an office must fill in before it publishes (:func:`fill_in_warnings`):
a manual whose memo has no approval chain (its comment and order blocks
would be missing), contact fields and texts still holding the placeholders
that ``handbook init`` writes or the bundled example office's values (marks
in ``templates/init/placeholders.yml``), and a missing office emblem.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Iterable

from generator.model.diagnostics import Diagnostic, format_path
from generator.model.flow import end_step_acts
from generator.model.handbook import Handbook, Source, iter_texts


def completeness_warnings(handbook: Handbook) -> list[Diagnostic]:
    """Return the warnings for ``handbook``: missing English text and ITA gaps, file by file."""
    out: list[Diagnostic] = []
    if "en" in handbook.office.languages:
        items = [("office", handbook.office)]
        items += [(f"procedure:{pid}", p) for pid, p in handbook.procedures.items()]
        items += [(f"officer:{oid}", o) for oid, o in handbook.officers.items()]
        for key, model in items:
            out.extend(_missing_english(handbook.sources[key], model))
    for pid, procedure in handbook.procedures.items():
        source = handbook.sources[f"procedure:{pid}"]
        gaps = service_gaps(procedure) if procedure.is_service else ita_staff_manual_gaps(procedure)
        for loc, message, hint in gaps:
            line, col = source.at(loc, key=True)
            out.append(Diagnostic(source.display, line, col, format_path(loc), message, hint, "warning"))
    out.extend(fill_in_warnings(handbook))
    out.extend(drawing_warnings(handbook))
    return out


def drawing_warnings(handbook: Handbook) -> list[Diagnostic]:
    """What would print or draw something the author did not mean, as warnings (Thai first, then English).

    * a step of ``kind: end`` that does something (ส่งมอบข้อมูล rather than สิ้นสุด;
      :func:`generator.model.flow.end_step_acts`): the flowchart draws it as a box followed by a
      terminal of its own, so that a branch to the end (a refusal) does not read as if it led into the
      action; the fix is to drop ``kind: end`` (the chart then ends with สิ้นสุด by itself);
    * an appendix item of a manual without ``file:``: its page holds only a title and a sentence, where a
      reviewer expects the signed order; the fix is to attach the PDF or remove the item.
    """
    out: list[Diagnostic] = []
    for pid, procedure in handbook.procedures.items():
        source = handbook.sources[f"procedure:{pid}"]
        for i, step in enumerate(procedure.steps):
            if end_step_acts(step):
                line, col = source.at(("steps", i, "kind"))
                label = (step.short or step.text).th
                out.append(Diagnostic(
                    source.display, line, col, format_path(("steps", i, "kind")),
                    f'เป็นจุดสิ้นสุด (kind: end) แต่มีงานที่ต้องทำ "{label}": ผังงานจึงวาดงานนี้เป็นกล่อง แล้วต่อด้วย '
                    f'"สิ้นสุด" อีกจุดหนึ่ง / is an end step (kind: end) that does something ("{label}"): the '
                    "flowchart draws it as a box followed by its own end terminal",
                    "ลบบรรทัด kind: end ของขั้นตอนนี้ (ผังงานจะจบด้วย \"สิ้นสุด\" เอง) หรือเขียนขั้นตอนนี้ว่า "
                    "\"สิ้นสุด\" / delete this step's kind: end line (the chart ends with สิ้นสุด by itself), "
                    "or make the step just \"สิ้นสุด\"",
                    "warning"))
    for mid, manual in handbook.manuals.items():
        if "appendix" not in manual.parts:
            continue
        source = handbook.sources[f"manual:{mid}"]
        for i, item in enumerate(manual.appendix):
            if item.file:
                continue
            line, col = source.at(("appendix", i), key=False)
            out.append(Diagnostic(
                source.display, line, col, format_path(("appendix", i, "file")),
                f'ภาคผนวก "{item.title.th}" ไม่มีไฟล์แนบ: หน้าภาคผนวกจะมีเพียงชื่อเรื่องและข้อความ ผู้ตรวจจะไม่เห็นคำสั่งที่ลงนามแล้ว'
                f' / the appendix item "{item.title.th}" has no file: its page holds only a title and text, not the '
                "signed document a reviewer looks for",
                "แนบไฟล์ PDF ด้วย file: appendix/<ชื่อไฟล์>.pdf (เทียบกับโฟลเดอร์ของไฟล์คู่มือ) หรือลบรายการนี้ / "
                "attach the PDF with file: appendix/<name>.pdf (relative to the manual file), or remove the item",
                "warning"))
    return out


PLACEHOLDERS_FILE = Path(__file__).resolve().parents[2] / "templates" / "init" / "placeholders.yml"
CONTACT_FIELDS = ("address", "phone", "email", "website", "handbook_url")
"""Office fields printed on the memo, the back cover and the site, which must be the office's own."""


@functools.lru_cache(maxsize=1)
def init_placeholders() -> dict:
    """The contents of ``templates/init/placeholders.yml`` (what ``handbook init`` writes for the
    office to replace): ``placeholder_markers``, ``example_markers`` (lists of str) and ``defaults``
    (field → value).  Read once; do not change the returned dict."""
    import yaml

    return yaml.safe_load(PLACEHOLDERS_FILE.read_text(encoding="utf-8"))


def _markers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = init_placeholders()
    return tuple(data["placeholder_markers"]), tuple(data["example_markers"])


def fill_in_markers() -> tuple[str, ...]:
    """Every mark of a placeholder or of an example-office value (``templates/init/placeholders.yml``)."""
    placeholder, example = _markers()
    return placeholder + example


def fill_in_warnings(handbook: Handbook) -> list[Diagnostic]:
    """What the office must still fill in, as warnings, file by file.

    * office.yml: a contact field (:data:`CONTACT_FIELDS`) holding a
      placeholder or an example-office value; any other text holding a
      placeholder; no ``emblem``, or an emblem file that does not exist;
    * officers/<id>.yml: a text holding a placeholder (e.g. an approval chain
      copied from the commented template without filling it in);
    * manuals/<id>.yml: a memo whose author has no ``approval_chain``.
    """
    placeholder, example = _markers()
    out: list[Diagnostic] = []
    office = handbook.office
    source = handbook.sources.get("office")
    if source is not None:
        flagged = set()
        for field in CONTACT_FIELDS:
            value = getattr(office, field)
            texts = [value] if isinstance(value, str) else [value.get(lang) for lang in ("th", "en") if value.has(lang)]
            for text in texts:
                kind = _which(text, placeholder, example)
                if kind and field not in flagged:
                    flagged.add(field)
                    out.append(_warning(source, (field,), kind, text,
                                        "write the office's own value: it is printed on the memo, the back cover "
                                        "and the site"))
        for loc, text in iter_texts(office):
            if loc[:1] in [(f,) for f in flagged]:
                continue
            for lang in ("th", "en"):
                if text.has(lang) and _which(text.get(lang), placeholder, ()):
                    out.append(_warning(source, loc, "placeholder", text.get(lang), "write the office's own text"))
                    break
        if not office.emblem:
            line, col = source.at(("name",), key=True)
            out.append(Diagnostic(source.display, line, col, "emblem", "is missing",
                                  "add emblem: emblem.png (the office emblem, a file next to office.yml); the memo "
                                  "is printed without it meanwhile", "warning"))
        elif not (source.path.parent / office.emblem).is_file():
            line, col = source.at(("emblem",))
            out.append(Diagnostic(source.display, line, col, "emblem", f'the file "{office.emblem}" does not exist',
                                  "give the path of the emblem image relative to office.yml", "warning"))
    for oid, officer in handbook.officers.items():
        src = handbook.sources[f"officer:{oid}"]
        for loc, text in iter_texts(officer):
            for lang in ("th", "en"):
                if text.has(lang) and _which(text.get(lang), placeholder, ()):
                    out.append(_warning(src, loc, "placeholder", text.get(lang), "write the real name or text"))
                    break
    for mid, manual in handbook.manuals.items():
        if manual.memo is None or "memo" not in manual.parts:
            continue
        author = handbook.officers.get(manual.author)
        if author is not None and author.approval_chain is None:
            src = handbook.sources[f"manual:{mid}"]
            line, col = src.at(("memo",), key=True)
            out.append(Diagnostic(
                src.display, line, col, "memo",
                "has no approval chain: the memo would lack the comment blocks and the director's order",
                f"add approval_chain: (group_director, deputy_director, director) to officers/{manual.author}.yml",
                "warning"))
    return out


def _which(text: str, placeholder: tuple[str, ...], example: tuple[str, ...]) -> str:
    if any(m in text for m in placeholder):
        return "placeholder"
    if any(m in text for m in example):
        return "example"
    return ""


def _warning(source: Source, loc: tuple, kind: str, value: str, hint: str) -> Diagnostic:
    line, col = source.at(loc)
    shown = value if len(value) <= 40 else value[:40] + "…"
    message = (f'still holds the placeholder "{shown}"' if kind == "placeholder"
               else f'still holds the example office\'s value "{shown}"')
    return Diagnostic(source.display, line, col, format_path(loc), message, hint, "warning")


def _missing_english(source: Source, model) -> Iterable[Diagnostic]:
    for loc, text in iter_texts(model):
        # a text without Thai letters (ITA, e-Budget, Smart OBEC) reads the same in English
        if not text.has("en") and re.search(r"[\u0e00-\u0e7f]", text.th):
            line, col = source.at(loc)
            yield Diagnostic(
                source.display, line, col, format_path(loc), "has no English text",
                'write it as {th: "…", en: "…"}; the English site shows the Thai text meanwhile',
                "warning",
            )


def ita_staff_manual_gaps(procedure) -> list[tuple[tuple, str, str]]:
    """What ``procedure`` lacks for the ITA staff-manual item.

    Returns a list of ``(loc, message, hint)``; empty when the procedure has
    the job title, steps, the time and the responsible role of every step, and
    at least one related law or regulation.
    """
    gaps: list[tuple[tuple, str, str]] = []
    for i, step in enumerate(procedure.steps):
        if step.duration is None:
            gaps.append((("steps", i, "duration"), "is missing",
                         'add how long this step takes, e.g. "๓ วันทำการ" (ITA asks for the time of each step)'))
        if step.responsible is None:
            gaps.append((("steps", i, "responsible"), "is missing",
                         'add who does this step, e.g. "นักวิเคราะห์นโยบายและแผน" (ITA asks for the responsible role)'))
    if not procedure.legal_basis:
        gaps.append((("legal_basis",), "is missing",
                     "list the laws and regulations this work follows (ITA asks for the related laws)"))
    return gaps


#: Fields of a service that ITA item O9 and the คู่มือสำหรับประชาชน ask for → what to write there.
SERVICE_FIELDS: dict[str, str] = {
    "responsible_unit": 'add the unit responsible for the service, e.g. "กลุ่มนโยบายและแผน สพป.ตัวอย่าง เขต ๑" '
                        "(ITA O9 asks for the channel or responsible unit)",
    "channels": "add where and when the service is given: place, hours, phone, online address "
                "(ITA O9 asks for the service channels)",
    "total_time": 'add the total time of the service, e.g. "๕ วันทำการ" (ITA O9 asks for the time)',
    "fees": 'list the fees, or write no_fee: true when the service is free (ITA O9: "no fee" must be stated, not left blank)',
    "documents": "list the documents the applicant brings, or write no_documents: true "
                 "(ITA O9 asks for the documents required)",
    "complaints": "add where to complain about the service: place or body, phone, e-mail, online address "
                  "(the คู่มือสำหรับประชาชน has a complaint channel)",
}


def service_gaps(procedure) -> list[tuple[tuple, str, str]]:
    """What a service (``kind: service``) lacks for ITA item O9 and the คู่มือสำหรับประชาชน.

    Returns ``(loc, message, hint)`` for each empty field of :data:`SERVICE_FIELDS`
    (``loc`` is ``("service", field)``, or ``("service",)`` when the whole
    ``service:`` block is missing), in that order.  ``fees`` counts as given
    with ``no_fee: true`` and ``documents`` with ``no_documents: true``.  The
    criteria are those of O9 as copied publicly from the NACC list (ITA 2568–2569):
    steps, time, channels or responsible unit, fee, documents.
    """
    service = procedure.service
    if service is None:
        return [(("service",), "is missing: a service needs its channels, time, fee and documents",
                 "add a service: block with responsible_unit, channels, total_time, fees (or no_fee: true), "
                 "documents (or no_documents: true) and complaints")]
    gaps = []
    for field, hint in SERVICE_FIELDS.items():
        value = getattr(service, field)
        given = bool(value) or (field == "fees" and service.no_fee) or (field == "documents" and service.no_documents)
        if not given:
            gaps.append((("service", field), "is missing", hint))
    return gaps
