"""Writers of the ITA report as data: one row per item (answer, URL, explanation, evidence), the CSV and the JSON.

All URLs are public, from ``office.handbook_url``; a procedure's page is
``procedures/<id>.html`` and a manual's files ``manuals/<id>.pdf|docx`` and
``manuals/<id>-memo.pdf`` (:mod:`generator.model.manuals`), named by id.

Moved verbatim from ``generator/ita/kit.py`` (issue 22): ``_base``, ``page_url``, ``procedure_url``,
``_file_lang``, ``_href``, ``_Link``, ``_manual_links``, ``_evidence_urls``, ``report_rows``,
``csv_cell``, ``CSV_COLUMNS``, ``write_ita_files``, ``_t``, ``_explanation``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from generator.i18n import STRINGS
from generator.i18n import t as ui
from generator.ita.report import ItaReport, ItemResult, _criteria_phrase
from generator.model.documents import Manual
from generator.model.handbook import Handbook
from generator.model.manuals import manual_path, manual_url, memo_has_approvals
from generator.text import digits


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
