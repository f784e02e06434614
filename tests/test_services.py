"""Services to the public (kind: service, issue 12): model, check warnings, service page, service manual."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE
from generator.i18n import t
from generator.manuals.content import manual_content, manual_procedures
from generator.model.checks import SERVICE_FIELDS, service_gaps
from generator.model.loader import iter_texts, load_handbook, require_handbook

SERVICE = "procedures/education-data-request.yml"


@pytest.fixture
def office(tmp_path):
    """A copy of the example office (tests/fixtures/example) to edit."""
    from conftest import Project

    target = tmp_path / "office"
    shutil.copytree(EXAMPLE, target, ignore=lambda folder, names: [n for n in names if n in {"site", "docs", ".cache", "out"}])
    return Project(target)


def squash(text: str) -> str:
    return re.sub(r"[\s\u200b\u2060\ufeff]+", "", unicodedata.normalize("NFKC", text))  # zero-width marks are line-break hints only


def _warnings(project, file: str) -> dict[str, object]:
    handbook, diagnostics = load_handbook(project.root)
    assert handbook is not None, [d.format() for d in diagnostics if d.severity == "error"]
    return {d.path: d for d in diagnostics if d.file == file and d.severity == "warning"}


# --------------------------------------------------------------------------- model and check


def test_example_services_are_complete():
    handbook = require_handbook(EXAMPLE)
    services = [p for p in handbook.procedures.values() if p.is_service]
    assert {p.id for p in services} == {"education-data-request", "school-plan-consultation"}
    for service in services:
        assert service_gaps(service) == [], service.id
        assert all(text.has("en") for _loc, text in iter_texts(service)), service.id  # full English


def test_check_warns_about_each_o9_field_left_empty(office):
    text = office.read(SERVICE)
    start, end = text.index("  responsible_unit:"), text.index("revision:")
    office.write(SERVICE, text[:start] + "  conditions:\n    - ยื่นคำขอในวันทำการ\n\n" + text[end:])
    found = _warnings(office, SERVICE)
    for field in SERVICE_FIELDS:
        warning = found[f"service.{field}"]
        assert warning.message == "is missing" and warning.line > 0, field
        assert warning.hint == SERVICE_FIELDS[field]
    assert "no_fee: true" in found["service.fees"].hint and "ITA O9" in found["service.fees"].hint
    assert "no_documents: true" in found["service.documents"].hint


def test_no_fee_and_no_documents_count_as_stated(office):
    office.replace(SERVICE, "  no_fee: true\n", "  fees:\n    - {th: ค่าถ่ายเอกสาร แผ่นละ ๑ บาท, en: Photocopies 1 baht a page}\n")
    text = office.read(SERVICE)
    start, end = text.index("  documents:"), text.index("  complaints:")
    office.write(SERVICE, text[:start] + "  no_documents: true\n" + text[end:])
    assert not any(path.startswith("service") for path in _warnings(office, SERVICE))


def test_service_block_without_kind_is_an_error(office):
    office.replace(SERVICE, "kind: service\n", "")
    handbook, diagnostics = load_handbook(office.root)
    assert handbook is None
    (error,) = [d for d in diagnostics if d.severity == "error"]
    assert error.file == SERVICE and "add kind: service" in error.message


def test_a_service_without_its_block_is_warned_once(office):
    text = office.read(SERVICE)
    office.write(SERVICE, text[:text.index("service:\n")] + text[text.index("revision:"):])
    found = _warnings(office, SERVICE)
    assert "service" in found and "add a service: block" in found["service"].hint
    assert not any(path.startswith("service.") for path in found)


# --------------------------------------------------------------------------- service manual content


def test_service_manual_holds_the_services_only():
    handbook = require_handbook(EXAMPLE)
    manual = handbook.manuals["service-manual"]
    assert [p.id for p in manual_procedures(handbook, manual)] == ["education-data-request", "school-plan-consultation"]
    group = handbook.manuals["policy-planning-group"]
    assert not any(p.is_service for p in manual_procedures(handbook, group))
    content = manual_content(handbook, manual, "th")
    chapter = content.chapters[0]
    titles = [s.title for s in chapter.sections]
    # what a citizen asks first comes first (issue 21): what it is, who may ask, where and when, documents,
    # fees, time, complaints; then the steps, the flowchart, the forms and the laws
    assert titles == [t(k, "th") for k in ("service_about", "service_conditions", "service_unit", "service_channels",
                                           "service_documents", "service_fees", "service_total_time",
                                           "service_complaints", "service_steps")] \
        + [t("flowchart", "th")] + [t(k, "th") for k in ("service_forms", "legal_basis")]
    steps = next(s for s in chapter.sections if s.key == "service_steps")
    decision = steps.items[2]
    assert "→" not in decision.text + decision.detail and "(" not in decision.detail.split("กรณี")[0]
    assert "กรณีอนุญาต ดำเนินการขั้นตอนถัดไป" in decision.detail
    assert "กรณีไม่อนุญาต (แจ้งเหตุผลเป็นหนังสือ) สิ้นสุดการให้บริการ" in decision.detail
    # its own front matter, not the staff manual's introduction
    headings = [title for title, _paras, _items in content.introduction]
    assert headings == ["คู่มือนี้ครอบคลุม", "วิธีใช้คู่มือ", "ติดต่อสอบถามและร้องเรียน"]
    assert content.introduction_title == "ก่อนขอรับบริการ"
    assert not any("อำนาจหน้าที่" in h or "แนวคิด" in h or "โครงสร้าง" in h for h in headings)
    contacts = [item.text for item in content.introduction[2][2]]
    assert handbook.office.phone in contacts[0] and any("ศูนย์ดำรงธรรม" in c for c in contacts)
    # its memo asks to publish a คู่มือสำหรับประชาชน, never a คู่มือการปฏิบัติงาน
    memo = " ".join([content.memo.subject, *content.memo.body])
    assert "คู่มือการปฏิบัติงาน" not in memo and "คู่มือสำหรับประชาชน" in memo
    fees = next(s for s in chapter.sections if s.key == "service_fees")
    assert [i.text for i in fees.items] == ["ไม่มีค่าธรรมเนียม"]
    documents = next(s for s in chapter.sections if s.key == "service_documents")
    assert documents.items[1].text == "บัตรประจำตัวประชาชน (สำเนา ๑ ฉบับ) หน่วยงานผู้ออกเอกสาร กรมการปกครอง (หมายเหตุ กรณีบุคคลยื่นคำขอ)"
    assert content.title == "คู่มือสำหรับประชาชน กลุ่มนโยบายและแผน"
    assert "พระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ" in content.preface[0]
    en = manual_content(handbook, manual, "en").chapters[0]
    assert [i.text for i in next(s for s in en.sections if s.key == "service_fees").items] == ["No fee"]



def test_service_manual_front_matter_fields_replace_the_standard_text():
    from generator.model.documents import Manual

    handbook = require_handbook(EXAMPLE)
    data = handbook.manuals["service-manual"].model_dump(exclude_none=True)
    data.update(covers=[{"th": "คู่มือนี้บอกวิธีขอข้อมูล"}], how_to_use=["อ่านหัวข้อเอกสารก่อน"],
                contacts=[{"place": "ห้องบริการ ชั้น ๑", "phone": "0 1234 5678"}])
    manual = Manual.model_validate(data)
    content = manual_content(handbook, manual, "th")
    (_c, covers, listed), (_h, how, _), (_k, _, contacts) = content.introduction
    assert covers == ["คู่มือนี้บอกวิธีขอข้อมูล"] and [i.text for i in listed] == [
        "การขอข้อมูลสารสนเทศทางการศึกษา", handbook.procedures["school-plan-consultation"].title.th]
    assert how == ["อ่านหัวข้อเอกสารก่อน"]
    assert [i.text for i in contacts] == ["ห้องบริการ ชั้น ๑ โทรศัพท์ 0 1234 5678"]
    # a staff manual keeps its introduction
    group = manual_content(handbook, handbook.manuals["policy-planning-group"], "th")
    assert group.introduction_title == "บทนำ" and any("อำนาจหน้าที่" in h for h, _p, _i in group.introduction)


# --------------------------------------------------------------------------- the built site and files


def _article(site, rel: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    for word in soup.select("span.w"):
        word.unwrap()
    soup.smooth()
    return soup.select_one("article")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_service_page_has_every_section_and_text(example_site, lang):
    handbook = require_handbook(EXAMPLE)
    prefix = "" if lang == "th" else "en/"
    for pid in ("education-data-request", "school-plan-consultation"):
        procedure = handbook.procedures[pid]
        article = _article(example_site, f"{prefix}procedures/{pid}.html")
        ids = [h.get("id") for h in article.select("h2")]
        for section in ("channels", "steps", "flowchart", "total-time", "documents", "fees", "complaints", "revision"):
            assert section in ids, (pid, section)
        text = re.sub(r"\s+", " ", article.get_text(" "))
        for loc, value in iter_texts(procedure):
            if loc[-1] != "short":
                assert re.sub(r"\s+", " ", value.get(lang)).strip() in text, (pid, loc)
        assert t("service_no_fee", lang) in text
        assert article.select_one(f'.hb-downloads a[href$="manuals/service-manual.pdf"]') is not None
    table = _article(example_site, f"{prefix}procedures/education-data-request.html").select_one("table.hb-documents")
    assert len(table.select("tbody tr")) == 3


def test_ita_page_links_services_and_service_manual(example_site):
    soup = BeautifulSoup((example_site / "ita.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="service-manual")
    assert section is not None
    hrefs = {a["href"] for a in soup.select("a[href]")}
    for href in ("procedures/education-data-request.html", "procedures/school-plan-consultation.html",
                 "manuals/service-manual.pdf", "manuals/service-manual.docx", "manuals/service-manual-memo.pdf"):
        assert href in hrefs and (example_site / href).is_file(), href
    answer = soup.select("table.hb-ita-answer")[1]
    assert answer.select_one("strong").get_text() == "มี"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_service_manual_pdf_and_docx_say_it(example_site):
    pdf = example_site / "manuals" / "service-manual.pdf"
    text = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for phrase in ("คู่มือสำหรับประชาชน", "การขอข้อมูลสารสนเทศทางการศึกษา", "ช่องทางการให้บริการ",
                   "ระยะเวลาดำเนินการรวม", "รายการเอกสารหลักฐานประกอบ", "ไม่มีค่าธรรมเนียม", "ช่องทางการร้องเรียน",
                   "ศูนย์ดำรงธรรมกระทรวงมหาดไทย"):
        assert squash(phrase) in text, phrase
    with zipfile.ZipFile(example_site / "manuals" / "service-manual.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    words = squash(re.sub(r"<[^>]+>", "", xml))
    for phrase in ("ไม่มีค่าธรรมเนียม", "การขอรับคำปรึกษาการจัดทำแผนปฏิบัติการประจำปีของสถานศึกษา",
                   "หนังสือขอรับคำปรึกษาของสถานศึกษา(ฉบับจริง๑ฉบับ)"):
        assert squash(phrase) in words, phrase
