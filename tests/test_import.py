"""handbook import: text, DOCX and PDF manuals → draft YAML that passes check; no overwrite; plain errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import MINI
from generator.cli import main
from generator.importers.run import import_sources
from generator.importers.sections import find, number_style, parse_items, section_key, strip_number, table_rows
from generator.importers.sources import Block, read_source, text_blocks
from generator.model.loader import load_handbook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SEEDS = next((p for p in (Path("/work/shared/seeds"), Path(__file__).resolve().parents[2] / "shared" / "seeds")
              if p.is_dir()), None)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the mini project to import into."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    return root


def _drafts(result, kind="procedure"):
    return {d.data["title"] if kind == "procedure" else d.id: d.data for d in result.drafts if d.kind == kind}


def _errors(root: Path) -> list[str]:
    _handbook, diagnostics = load_handbook(root)
    return [d.format() for d in diagnostics if d.severity == "error"]


# --------------------------------------------------------------------------- numbering and headings


@pytest.mark.parametrize("text, number, style", [
    ("1. งาน", "1.", "dot"), ("๑. งาน", "๑.", "dot"), ("5.1 ศึกษา", "5.1", "dotted2"), ("๕.๑ ศึกษา", "๕.๑", "dotted2"),
    ("๔.๑๔.๔ การจัดสรร", "๔.๑๔.๔", "dotted3"), ("1) วัตถุประสงค์", "1)", "close"), ("๑) ลงทะเบียน", "๑)", "close"),
    ("(1) ศึกษา", "(1)", "paren"), ("(๑) ศึกษา", "(๑)", "paren"), ("ก. ร้อยละ", "ก.", "letter"),
    ("- รายการ", "-", "bullet"), ("• รายการ", "-", "bullet"), ("➤ แนวคิด", "-", "bullet"), ("๒ วัตถุประสงค์", "๒", "bare"),
    ("ไม่มีเลข", "", ""),
])
def test_every_numbering_style_of_the_seeds(text, number, style):
    got_number, rest = strip_number(text)
    assert (got_number, number_style(got_number)) == (number, style)
    assert rest and not rest[0].isspace()


@pytest.mark.parametrize("heading, key", [
    ("ชื่องาน", "title"), ("๑. ชื่อกระบวนการ", "title"), ("๒. วัตถุประสงค์", "objectives"), ("#### ๒ วัตถุประสงค์", None),
    ("1) วัตถุประสงค์", "objectives"), ("๓. ขอบเขตของงาน", "scope"), ("ขอบเขตงาน", "scope"), ("3. ขอบข่ายงาน", "scope"),
    ("๔. คำจำกัดความ", "definitions"), ("นิยามศัพท์", "definitions"), ("นิยามศัพท์เฉพาะ", "definitions"),
    ("๕. ขั้นตอนการปฏิบัติงาน", "steps"), ("๕. ขั้นตอนการปฏิบัติ", "steps"), ("๕. ตอนการปฏิบัติงาน", "steps"),
    ("4) ขั้นตอนการปฏิบัติงาน", "steps"), ("5) Flow Chart การปฏิบัติงาน", "flowchart"),
    ("๖. ผังขั้นตอนการปฏิบัติงาน (Flow Chart)", "flowchart"), ("มาตรฐานงาน", "standards"),
    ("๗. มาตรฐานการปฏิบัติงาน", "standards"), ("6) ตัวชี้วัด", "indicators"), ("ผลสำเร็จที่คาดหวัง", "outcomes"),
    ("แบบฟอร์มที่ใช้", "forms"), ("7) เอกสาร/หลักฐานอ้างอิง", "references"), ("เอกสารอ้างอิง", "references"),
    ("หลักฐานอ้างอิง", "references"), ("๑๒. กฎหมาย ระเบียบ และเอกสารที่เกี่ยวข้อง", "legal_basis"),
    ("กฎหมาย ระเบียบ", "legal_basis"), ("ลักษณะงานที่ปฏิบัติ", "duties"), ("งานในหน้าที่รับผิดชอบ", "duties"),
    ("ภาคผนวก", "end"),
    # not headings: a whole sentence, a law's title, the chapter "process steps" heading of seed 001
    ("กระบวนการขั้นตอนการปฏิบัติงาน", None), ("กฎหมายว่าด้วยการศึกษาแห่งชาติ พ.ศ. ๒๕๔๒", None),
    ("เพื่อให้การดำเนินงานเป็นไปตามวัตถุประสงค์ของสำนักงาน", None),
])
def test_every_section_heading_variant_of_the_seeds(heading, key):
    text = heading.lstrip("# ")
    assert section_key(text) == (key if not heading.startswith("#") else "objectives")


def test_items_nest_by_style_and_a_repeated_number_changes_nothing():
    items = parse_items(["๕.๑ รับหนังสือ", "- ๑) ลงทะเบียน", "(๑) ในระบบ", "๒) เสนอ", "ต่อผู้อำนวยการ",
                         "๕.๒ จัดทำหนังสือ", "๕.๒ ส่งหนังสือ", "๕.๔ ติดตาม ๕.๕ รายงาน"])
    assert [i.text for i in items] == ["รับหนังสือ", "จัดทำหนังสือ", "ส่งหนังสือ", "ติดตาม", "รายงาน"]
    assert [c.text for c in items[0].children] == ["ลงทะเบียน", "เสนอต่อผู้อำนวยการ"]
    assert [c.text for c in items[0].children[0].children] == ["ในระบบ"]


def test_step_table_columns_in_any_order():
    rows = table_rows([[["ผู้รับผิดชอบ", "ระยะเวลา", "ลำดับ", "รายละเอียดงาน", "ผังขั้นตอน"],
                        ["นักวิเคราะห์", "๓ วัน", "๑", "ศึกษาข้อมูล", ""],
                        ["", "", "", "", "สิ้นสุด"]]])
    assert [(r.number, r.text, r.duration, r.responsible) for r in rows] == [("๑", "ศึกษาข้อมูล", "๓ วัน", "นักวิเคราะห์")]


# --------------------------------------------------------------------------- text sources


def test_group_manual_in_text_becomes_one_draft_per_procedure_that_pass_check(project):
    result = import_sources([FIXTURES / "group_manual.txt"], project)
    assert not result.errors
    drafts = _drafts(result)
    assert list(drafts) == ["งานสารบรรณ", "งานจัดสรรงบประมาณ"]
    records = drafts["งานสารบรรณ"]
    assert records["objectives"] == ["เพื่อให้การรับ ส่ง และจัดเก็บหนังสือราชการเป็นไปอย่างถูกต้อง รวดเร็ว และตรวจสอบได้"]
    assert records["scope"] == ["การรับหนังสือราชการ", "การส่งหนังสือราชการ"]
    assert records["definitions"][0]["term"] == "งานสารบรรณ"
    # ๕.๒ written twice in the source: three steps all the same
    assert [s["text"] for s in records["steps"]] == [
        "รับหนังสือจากกลุ่มอำนวยการ", "จัดทำหนังสือราชการตามที่ได้รับมอบหมาย", "ส่งหนังสือราชการและจัดเก็บสำเนา"]
    assert records["steps"][0]["substeps"] == ["ลงทะเบียนรับในระบบ", "เสนอผู้อำนวยการกลุ่มพิจารณา"]
    assert records["indicators"] == ["ร้อยละของหนังสือที่ส่งทันเวลา", "จำนวนหนังสือที่ค้นหาไม่พบ"]
    assert records["outcomes"] == ["การรับส่งหนังสือราชการถูกต้องและรวดเร็ว"]
    assert records["forms"] == ["ทะเบียนหนังสือรับ", "ทะเบียนหนังสือส่ง"]
    assert records["references"] == ["ทะเบียนรับ ส่ง หนังสือราชการ"]
    assert records["legal_basis"][0].startswith("ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ")
    budget = drafts["งานจัดสรรงบประมาณ"]
    assert len(budget["objectives"]) == 2 and budget["scope"] == ["การจัดทำแผนการใช้จ่ายงบประมาณ"]
    assert budget["definitions"] == [{"term": "งบประมาณ", "meaning": "จำนวนเงินที่ได้รับจัดสรรเพื่อใช้จ่ายตามแผน"}]
    assert [s["text"] for s in budget["steps"]] == ["การจัดสรรงบประมาณให้สถานศึกษา", "ติดตามและรายงานผลการใช้จ่ายงบประมาณ"]
    assert budget["steps"][0]["substeps"][1] == {"text": "คณะกรรมการวิเคราะห์และจัดสรรงบประมาณตามกรอบวงเงิน",
                                                 "substeps": ["ตามเกณฑ์จำนวนนักเรียน", "ตามความจำเป็นของสถานศึกษา"]}
    assert _errors(project) == []
    text = (project / "procedures" / f"{result.drafts[1].id}.yml").read_text(encoding="utf-8")
    assert "# TODO: ITA asks for how long it takes and who does it" in text
    assert "# TODO: ITA asks for the related laws" in text
    assert any("งานสารบรรณ" in line for line in result.report) and any("found:" in line for line in result.report)


def test_personal_manual_writes_the_officer_and_reads_the_flowchart_table(project):
    result = import_sources([FIXTURES / "personal_manual.md"], project)
    assert not result.errors
    officer = next(d.data for d in result.drafts if d.kind == "officer")
    assert (officer["name"], officer["position"], officer["level"]) == (
        "นางสาวทดลอง ตัวอย่างดี", "นักวิเคราะห์นโยบายและแผน", "ชำนาญการ")
    assert officer["duties"][0] == {"text": "งานติดตามและรายงานผล",
                                    "items": ["ติดตามผลการดำเนินงานตามแผน", "รายงานผลต่อผู้บังคับบัญชา"]}
    (procedure,) = _drafts(result).values()
    assert procedure["title"] == "งานติดตามและรายงานผลการดำเนินงาน"
    assert procedure["owners"] == [officer["id"]] and officer["procedures"] == [result.drafts[0].id]
    assert [(s["duration"], s["responsible"]) for s in procedure["steps"]][3] == (
        "ภายใน ๕ วันทำการ", "ผู้อำนวยการกลุ่มนโยบายและแผน")
    assert procedure["definitions"][0]["term"] == "การติดตาม (Monitoring)"
    assert (project / "officers" / f"{officer['id']}.yml").exists()
    assert _errors(project) == []


def test_an_officer_already_in_the_project_gets_the_procedures(project):
    """Issue 19: the officer file of the same name is edited in place (procedures added, written values kept)."""
    before = {p.name for p in (project / "officers").glob("*.yml")}
    (project / "officers" / "tester.yml").write_text(
        'id: tester\nname: "นางสาวทดลอง  ตัวอย่างดี"  # as written\nposition: x\nwork_unit: policy-planning\n',
        encoding="utf-8")
    result = import_sources([FIXTURES / "personal_manual.md"], project)
    assert result.errors == [] and [p.name for p in result.updated] == ["tester.yml"]
    assert {p.name for p in (project / "officers").glob("*.yml")} == before | {"tester.yml"}
    text = (project / "officers" / "tester.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    ids = [d.id for d in result.drafts if d.kind == "procedure"]
    assert data["procedures"] == ids and data["position"] == "x" and "# as written" in text
    assert all(d.data["owners"] == ["tester"] and d.data["work_unit"] == "policy-planning"
               for d in result.drafts if d.kind == "procedure")
    assert _errors(project) == []


def test_work_standard_tables_become_procedures_with_standards(project):
    result = import_sources([FIXTURES / "standards_manual.txt"], project)
    drafts = _drafts(result)
    assert list(drafts) == ["งานจัดทำแผนปฏิบัติการประจำปี", "งานจัดตั้ง ยุบ รวม เลิก สถานศึกษา"]
    plan = drafts["งานจัดทำแผนปฏิบัติการประจำปี"]
    assert plan["steps"][0]["standard"] == "รับทราบนโยบายและแจ้งผู้เกี่ยวข้อง (เดือนตุลาคม)"
    assert plan["steps"][1] == {"text": "จัดทำแผนปฏิบัติการประจำปี", "standard": "มีแผนปฏิบัติการที่สอดคล้องกับนโยบาย",
                                "substeps": ["แต่งตั้งคณะกรรมการ", "ประชุมพิจารณาโครงการ"]}
    assert plan["steps"][2]["substeps"] == ["ไตรมาสที่ ๑", "ไตรมาสที่ ๒"]
    assert plan["objectives"] == ["(ยังไม่ได้ระบุ)"]
    text = (project / "procedures" / f"{result.drafts[0].id}.yml").read_text(encoding="utf-8")
    assert "# TODO: not found in the source: write the วัตถุประสงค์" in text
    assert _errors(project) == []


def test_never_overwrites_unless_forced(project):
    first = import_sources([FIXTURES / "group_manual.txt"], project)
    path = first.written[0]
    path.write_text(path.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    again = import_sources([FIXTURES / "group_manual.txt"], project)
    assert again.written == [] and any(str(path) in e and "--force" in e for e in again.errors)
    assert path.read_text(encoding="utf-8").endswith("# my edit\n")
    forced = import_sources([FIXTURES / "group_manual.txt"], project, force=True)
    assert path in forced.written and "# my edit" not in path.read_text(encoding="utf-8")


def test_into_a_folder_without_office_still_writes_valid_drafts(tmp_path):
    result = import_sources([FIXTURES / "group_manual.txt"], tmp_path / "drafts")
    data = yaml.safe_load(result.written[0].read_text(encoding="utf-8"))
    from generator.model.documents import Procedure

    assert Procedure.model_validate(data).work_unit == "work-unit"
    assert "no office.yml" in result.written[0].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- DOCX and PDF


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("งานวิเคราะห์งบประมาณ", 1)
    d.add_heading("๒. วัตถุประสงค์", 2)
    d.add_paragraph("เพื่อวิเคราะห์งบประมาณรายจ่ายให้ถูกต้อง")
    d.add_heading("๓. ขอบเขตของงาน", 2)
    d.add_paragraph("การวิเคราะห์ข้อมูลงบประมาณ", style="List Number")
    d.add_paragraph("การจัดทำรายงานการวิเคราะห์", style="List Number")
    d.add_heading("๕. ขั้นตอนการปฏิบัติงาน", 2)
    d.add_paragraph("๕.๑\tแจ้งสถานศึกษาสำรวจข้อมูล")
    d.add_paragraph("๕.๒\tแต่งตั้งคณะกรรมการ")
    d.add_heading("๖. ผังขั้นตอนการปฏิบัติงาน (Flow Chart)", 2)
    table = d.add_table(rows=3, cols=5)
    for row, cells in zip(table.rows, [["ลำดับ", "ผังขั้นตอน", "รายละเอียดงาน", "ระยะเวลา", "ผู้รับผิดชอบ"],
                                       ["๑", "", "แจ้งสถานศึกษาสำรวจข้อมูล", "๕ วันทำการ", "นักวิเคราะห์นโยบายและแผน"],
                                       ["๒", "", "แต่งตั้งคณะกรรมการ", "๓ วันทำการ", "ผู้อำนวยการ"]]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    d.add_heading("๗. กฎหมาย ระเบียบ", 2)
    d.add_paragraph("๗.๑\tพระราชบัญญัติวิธีการงบประมาณ พ.ศ. ๒๕๖๑")
    d.save(str(path))
    return path


def test_docx_paragraphs_tables_and_word_numbering(project, tmp_path):
    blocks = read_source(_docx(tmp_path / "manual.docx"))
    assert [b.text for b in blocks if "การวิเคราะห์" in b.text and not b.level][:2] == [
        "1. การวิเคราะห์ข้อมูลงบประมาณ", "2. การจัดทำรายงานการวิเคราะห์"]
    result = import_sources([tmp_path / "manual.docx"], project)
    (draft,) = _drafts(result).values()
    assert draft["scope"] == ["การวิเคราะห์ข้อมูลงบประมาณ", "การจัดทำรายงานการวิเคราะห์"]
    assert draft["steps"] == [
        {"text": "แจ้งสถานศึกษาสำรวจข้อมูล", "duration": "๕ วันทำการ", "responsible": "นักวิเคราะห์นโยบายและแผน"},
        {"text": "แต่งตั้งคณะกรรมการ", "duration": "๓ วันทำการ", "responsible": "ผู้อำนวยการ"}]
    assert draft["legal_basis"] == ["พระราชบัญญัติวิธีการงบประมาณ พ.ศ. ๒๕๖๑"]
    assert _errors(project) == []


def _pdf(path: Path) -> Path:
    """A one-page PDF made with WeasyPrint and the project's Thai text-layer fix (as its manuals are)."""
    import weasyprint

    from generator.fonts import font_path
    from generator.manuals import pdftext

    pdftext.install()

    html = f"""<html><head><style>
      @font-face {{ font-family: S; src: url('{font_path("Sarabun-Regular").as_uri()}'); }}
      @font-face {{ font-family: S; font-weight: bold; src: url('{font_path("Sarabun-Bold").as_uri()}'); }}
      body {{ font-family: S; font-size: 14pt; }} table {{ border-collapse: collapse; }}
      td, th {{ border: 1px solid black; padding: 4pt; }}</style></head><body>
      <h1>งานจัดทำแผนปฏิบัติการประจำปี</h1>
      <h2>๒. วัตถุประสงค์</h2><p>๒.๑ เพื่อจัดทำแผนปฏิบัติการประจำปีที่สอดคล้องกับนโยบาย</p>
      <h2>๓. ขอบเขตของงาน</h2><p>๓.๑ การจัดทำแผนปฏิบัติการประจำปี</p>
      <h2>๕. ขั้นตอนการปฏิบัติงาน</h2><p>๕.๑ ศึกษานโยบายและงบประมาณที่ได้รับจัดสรร</p><p>๕.๒ นำเสนอแผนขอความเห็นชอบ</p>
      <h2>๖. ผังขั้นตอนการปฏิบัติงาน</h2>
      <table><tr><th>ลำดับ</th><th>รายละเอียดงาน</th><th>ระยะเวลา</th><th>ผู้รับผิดชอบ</th></tr>
      <tr><td>๑</td><td>ศึกษานโยบายและงบประมาณที่ได้รับจัดสรร</td><td>ตุลาคม</td><td>นักวิเคราะห์นโยบายและแผน</td></tr>
      <tr><td>๒</td><td>นำเสนอแผนขอความเห็นชอบ</td><td>๒ สัปดาห์</td><td>ผู้อำนวยการกลุ่ม</td></tr></table>
      </body></html>"""
    weasyprint.HTML(string=html).write_pdf(str(path))
    return path


def test_pdf_text_with_positions_table_cells_stay_cells(project, tmp_path):
    result = import_sources([_pdf(tmp_path / "manual.pdf")], project)
    assert not result.errors
    (draft,) = _drafts(result).values()
    assert draft["title"] == "งานจัดทำแผนปฏิบัติการประจำปี"
    assert draft["objectives"] == ["เพื่อจัดทำแผนปฏิบัติการประจำปีที่สอดคล้องกับนโยบาย"]
    assert [(s["text"], s["duration"], s["responsible"]) for s in draft["steps"]] == [
        ("ศึกษานโยบายและงบประมาณที่ได้รับจัดสรร", "ตุลาคม", "นักวิเคราะห์นโยบายและแผน"),
        ("นำเสนอแผนขอความเห็นชอบ", "๒ สัปดาห์", "ผู้อำนวยการกลุ่ม")]
    assert _errors(project) == []


# --------------------------------------------------------------------------- errors and the command


def test_unreadable_sources_give_one_plain_line_each(tmp_path, project):
    from pypdf import PdfWriter

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip file")
    scan = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(str(scan))
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter()
    writer.append(str(_pdf(tmp_path / "open.pdf")))
    writer.encrypt("secret")
    writer.write(str(locked))
    odd = tmp_path / "manual.odt"
    odd.write_text("x")
    sources = [empty, broken, scan, locked, odd, FIXTURES / "not_a_manual.txt", tmp_path / "missing.pdf"]
    result = import_sources(sources, project)
    assert result.written == []
    assert len(result.errors) == len(sources)
    for source, error in zip(sources, result.errors):
        assert error.startswith(str(source)) and "\n" not in error and "Traceback" not in error
    assert "empty" in result.errors[0] and "save it again" in result.errors[1]
    assert "OCR" in result.errors[2] and "password" in result.errors[3] and ".docx, .pdf" in result.errors[4]
    assert "no procedure found" in result.errors[5]


def test_command_line_import_and_repair_text(project, tmp_path, capsys):
    assert main(["--root", str(project), "import", str(FIXTURES / "group_manual.txt")]) == 0
    out, err = capsys.readouterr()
    assert "งานสารบรรณ" in out and "found:" in out and "handbook check" in err
    assert main(["--root", str(project), "import", str(FIXTURES / "group_manual.txt")]) == 1
    out, err = capsys.readouterr()
    assert "already exists" in err and "Traceback" not in err
    broken = tmp_path / "broken.txt"
    broken.write_text("งานจัดทําแผนพัฒนาการศึกษาข้นั พ้นื ฐาน\nที ่เกี ่ยวข้อง\n", encoding="utf-8")
    assert main(["import", "--repair-text", str(broken)]) == 0
    out, _err = capsys.readouterr()
    assert out.split("\n")[:2] == ["งานจัดทำแผนพัฒนาการศึกษาขั้นพื้นฐาน", "ที่เกี่ยวข้อง"]
    assert main(["import"]) == 2


# --------------------------------------------------------------------------- the seeds (real manuals)


@pytest.mark.skipif(SEEDS is None, reason="the seed manuals (../shared/seeds) are not beside this clone")
def test_seed_manuals_import_and_pass_check(project):
    files = sorted(SEEDS.glob("00[013]_*.txt"))
    result = import_sources(files, project)
    assert not result.errors
    procedures = [d for d in result.drafts if d.kind == "procedure"]
    officers = [d for d in result.drafts if d.kind == "officer"]
    assert len(procedures) >= 22  # 17 in the group manual, 1 in the personal one, 5 work-standard tables
    assert sum(d.data["name"] != "(ยังไม่ได้ระบุ)" for d in officers) == 2  # the two personal manuals
    assert sum(bool(d.data.get("objectives") != ["(ยังไม่ได้ระบุ)"]) for d in procedures) >= 18
    assert _errors(project) == []


def test_blocks_of_text_sources_keep_tables_headings_and_hard_breaks():
    blocks = text_blocks("## หัวข้อ\n\nบรรทัดหนึ่ง  \nต่อบรรทัด\n\nก\tข\nค\tง\n", repair=False)
    assert [(b.text, b.level) for b in blocks[:2]] == [("หัวข้อ", 2), ("บรรทัดหนึ่งต่อบรรทัด", 0)]
    assert blocks[2].rows == [["ก", "ข"], ["ค", "ง"]]
    assert find([Block("ไม่มีอะไร")]).procedures == []


# --------------------------------------------------------------------------- spaces at line joins


def test_a_line_join_gets_the_space_the_document_writes_elsewhere():
    from generator.importers.spacing import Spacing

    lines = ["นักวิเคราะห์นโยบายและแผน และคณะทำงาน", "ผู้อำนวยการกลุ่มนโยบายและแผน และบุคลากร",
             "ให้เกิดความเข้าใจซึ่งกันและกัน"]
    evidence = Spacing(lines)
    assert evidence.space_between("นักวิเคราะห์นโยบายและแผน", "และคณะกรรมการ") is True
    assert evidence.space_between("แลกเปลี่ยนความรู้ซึ่งกัน", "และกันตลอดไป") is False
    assert evidence.space_between("ศึกษาข้อมูล", "จัดทำรายงาน") is None  # no evidence: the caller's rule


def test_text_source_joins_wrapped_lines_by_the_documents_own_spacing():
    text = ("๑. วัตถุประสงค์\n"
            "นักวิเคราะห์นโยบายและแผน และคณะทำงานร่วมกันจัดทำแผน\n\n"
            "๒. ขอบเขตของงาน\n"
            "การจัดทำแผนโดยนักวิเคราะห์นโยบายและแผน  \n"
            "และคณะทำงานของสำนักงาน\n\n"
            "ความรู้ซึ่งกันและกันของบุคลากร\n\n"
            "แลกเปลี่ยนความรู้ซึ่งกัน  \n"
            "และกันในกลุ่ม\n")
    texts = [b.text for b in text_blocks(text)]
    assert "การจัดทำแผนโดยนักวิเคราะห์นโยบายและแผน และคณะทำงานของสำนักงาน" in texts
    assert "แลกเปลี่ยนความรู้ซึ่งกันและกันในกลุ่ม" in texts  # the rule alone would put a space before และ


# --------------------------------------------------------------------------- decisions


def test_flowchart_rows_with_branches_become_decisions_others_get_a_todo(project):
    result = import_sources([FIXTURES / "decision_manual.txt"], project)
    assert not result.errors
    (draft,) = [d for d in result.drafts if d.kind == "procedure"]
    steps = draft.data["steps"]
    assert steps[2]["kind"] == "decision"
    assert steps[2]["branches"] == [{"label": "เห็นชอบ", "goto": "next"}, {"label": "ไม่เห็นชอบ", "goto": "step-2"}]
    assert steps[1]["id"] == "step-2" and "kind" not in steps[1]
    # a diamond with a question but no branch target stays a plain step, with a note
    assert "kind" not in steps[3] and "branches" not in steps[3]
    text = (project / "procedures" / f"{draft.id}.yml").read_text(encoding="utf-8")
    assert text.count("# TODO: this looks like a decision") == 1
    assert "decisions" in draft.found and _errors(project) == []


@pytest.mark.parametrize("chart, text, branches", [
    ("↑ ไม่อนุมัติ\nไป ๑", "เสนอผู้อำนวยการพิจารณาอนุมัติ", [("อนุมัติ", "end"), ("ไม่อนุมัติ", "step-1")]),  # last step
    ("", "เสนอแผน\n– ไม่เห็นชอบ: ไปที่ ขั้นตอนที่ 1\n– เห็นชอบ: ไปที่ สิ้นสุด", [("ไม่เห็นชอบ", "step-1"), ("เห็นชอบ", "end")]),
    ("", "หากไม่เห็นชอบเอกสาร มอบเจ้าหน้าที่นำกลับไปแก้ไข", None),
    ("", "แจ้งผลการพิจารณาอนุมัติให้สถานศึกษาทราบ", None),
])
def test_branch_labels_as_manuals_write_them(chart, text, branches):
    from generator.importers.draft import _decisions
    from generator.importers.sections import TableRow

    steps = [{"text": "ศึกษาข้อมูล"}, {"text": text}]
    todos: dict = {}
    _decisions(steps, {1: TableRow("๒", text, "", "", "", chart)}, todos)
    if branches is None:
        assert "kind" not in steps[1]
    else:
        assert steps[1]["kind"] == "decision"
        assert [(b["label"], b["goto"]) for b in steps[1]["branches"]] == branches
