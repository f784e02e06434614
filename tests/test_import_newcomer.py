"""The newcomer's path (issue 19): ``handbook init`` with an officer, ``handbook import`` of a manual that
officer wrote, check, build — and the structure of a manual whose only steps heading repeats the work's name."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.importers.merge import merge_officer, remove_sample, sample_procedure
from generator.importers.run import import_sources
from generator.importers.writer import to_yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
MANUAL = FIXTURES / "one_work_manual.txt"
STEPS = ["ศึกษาแผนการใช้จ่ายงบประมาณและเป้าหมายการเบิกจ่าย", "จัดทำเครื่องมือติดตามการใช้จ่ายงบประมาณ",
         "ติดตามผลการเบิกจ่ายงบประมาณเป็นรายไตรมาส", "วิเคราะห์ปัญหาและอุปสรรคในการใช้จ่ายงบประมาณ",
         "รายงานผลการใช้จ่ายงบประมาณต่อผู้บังคับบัญชา"]
INIT = ["--no-input", "--name-th", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดลอง เขต ๒", "--short-name", "สพป.ทดลอง เขต ๒",
        "--group", "กลุ่มนโยบายและแผน", "--officer-id", "somchai-j", "--officer-name", "นายสมชาย ใจดี",
        "--officer-position", "นักวิเคราะห์นโยบายและแผน"]


def _init(folder: Path) -> None:
    assert main(["init", str(folder), *INIT]) == 0


# --------------------------------------------------------------------------- structure


def test_the_items_under_a_heading_that_repeats_the_works_name_are_the_steps(tmp_path):
    result = import_sources([MANUAL], tmp_path)
    (draft,) = [d for d in result.drafts if d.kind == "procedure"]
    assert [s["text"] for s in draft.data["steps"]] == STEPS
    assert not any("substeps" in s for s in draft.data["steps"])
    text = to_yaml(draft)
    assert '# Steps: the items 1) … 5) under "5.1 งานติดตามและประเมินผลการใช้จ่ายงบประมาณ"' in text
    # the flowchart is a picture (its heading has nothing under it): a TODO, not invented steps
    assert "drawn as pictures" in text


def test_a_steps_heading_that_names_another_work_keeps_its_items_as_substeps(tmp_path):
    source = tmp_path / "m.txt"
    source.write_text(MANUAL.read_text(encoding="utf-8").replace(
        "5.1 งานติดตามและประเมินผลการใช้จ่ายงบประมาณ", "5.1 การวางแผนการเบิกจ่ายรายไตรมาสของสถานศึกษา"), encoding="utf-8")
    result = import_sources([source], tmp_path / "out")
    (draft,) = [d for d in result.drafts if d.kind == "procedure"]
    assert len(draft.data["steps"]) == 1 and len(draft.data["steps"][0]["substeps"]) == 5
    assert "# Steps: the numbered list 5.1 under ขั้นตอนการปฏิบัติงาน (their sub-items as substeps)" in to_yaml(draft)


# --------------------------------------------------------------------------- into an existing office


def test_import_into_an_office_from_init_adds_to_its_officer_and_keeps_what_was_written(tmp_path):
    office = tmp_path / "office"
    _init(office)
    officer_file = office / "officers" / "somchai-j.yml"
    before = officer_file.read_text(encoding="utf-8")
    result = import_sources([MANUAL], office)
    assert result.errors == []
    assert [p.name for p in result.updated] == ["somchai-j.yml"]
    assert not any(p.parent.name == "officers" for p in result.written)  # no second officer file
    after = officer_file.read_text(encoding="utf-8")
    data = yaml.safe_load(after)
    (proc,) = [d for d in result.drafts if d.kind == "procedure"]
    assert data["procedures"] == ["correspondence", proc.id]
    assert data["duties"] == ["งานสารบรรณของกลุ่ม"]  # what the officer wrote is kept, not replaced
    # every comment line of the file is still there, in the same order
    assert [x for x in after.splitlines() if x.lstrip().startswith("#")] == \
        [x for x in before.splitlines() if x.lstrip().startswith("#")]
    assert proc.data["owners"] == ["somchai-j"] and proc.data["work_unit"] == "general"
    # the sample procedure is offered for removal, not removed
    assert (office / "procedures" / "correspondence.yml").exists()
    assert any("--remove-sample" in line for line in result.report)


def test_merge_fills_only_empty_fields_and_keeps_flow_lists_and_comments(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("id: a  # the id\nname: นางสาวทดสอบ ระบบ\nposition: \"(ตำแหน่งยังไม่กรอก)\"\nwork_unit: plan\n"
                    "procedures: [one]   # mine\n# the end\n", encoding="utf-8")
    done = merge_officer(path, {"position": "นักวิเคราะห์", "work_unit": "other", "duties": ["x"],
                                "procedures": ["one", "two"]})
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data == {"id": "a", "name": "นางสาวทดสอบ ระบบ", "position": "นักวิเคราะห์", "work_unit": "plan",
                    "duties": ["x"], "procedures": ["one", "two"]}
    assert "# the id" in text and "# mine" in text and text.rstrip().endswith("# the end")
    assert "procedures + two" in done and "position filled in" in done and "work_unit filled in" not in done
    assert merge_officer(path, {"procedures": ["two"]}) == []  # nothing to add: file untouched


def test_remove_sample_takes_the_id_out_everywhere(tmp_path):
    office = tmp_path / "office"
    _init(office)
    assert sample_procedure(office) is not None
    done = remove_sample(office)
    assert len(done) == 3
    assert not (office / "procedures" / "correspondence.yml").exists()
    assert yaml.safe_load((office / "officers" / "somchai-j.yml").read_text(encoding="utf-8"))["procedures"] == []
    assert remove_sample(office) == []


def test_newcomer_path_init_import_check_build(tmp_path, capsys):
    """init → import of a manual written by init's officer (→ --remove-sample) → check → build: the procedure is
    on the built site and in that officer's personal manual (PDF text and DOCX XML)."""
    office = tmp_path / "office"
    _init(office)
    assert main(["--root", str(office), "import", str(MANUAL), "--remove-sample"]) == 0
    out = capsys.readouterr().out
    assert "already in the office" in out and "correspondence.yml: removed" in out
    assert main(["--root", str(office), "check"]) == 0
    assert main(["--root", str(office), "build"]) == 0
    (page,) = [p for p in (office / "site" / "procedures").glob("*.html")]
    from bs4 import BeautifulSoup

    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text("")
    assert all(step in html for step in STEPS)
    officer_page = (office / "site" / "officers" / "somchai-j.html").read_text(encoding="utf-8")
    assert page.name in officer_page
    pdf = subprocess.run(["pdftotext", str(office / "site" / "manuals" / "somchai-j.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "งานติดตามและประเมินผลการใช้จ่ายงบประมาณ" in pdf.replace("\n", "")
    import zipfile

    with zipfile.ZipFile(office / "site" / "manuals" / "somchai-j.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    import re

    # (the DOCX writer marks word breaks, joins the office's own words and keeps ๆ with the word before)
    text = re.sub(r"<[^>]+>", "", xml).replace("\u200b", "").replace("\u2060", "").replace("\u00a0", " ")
    assert all(step in text for step in STEPS)
    assert "รับหนังสือราชการและลงทะเบียนรับ" not in text  # the sample procedure is gone from the manual


@pytest.mark.parametrize("existing", ["officers/somchai-c.yml"])
def test_an_officer_with_the_same_id_but_another_name_gets_a_new_id(tmp_path, existing):
    office = tmp_path / "office"
    _init(office)
    (office / existing).write_text("id: somchai-c\nname: นายสมชัย ใจเย็น\nposition: ผู้ช่วย\nwork_unit: general\n"
                                   "procedures: [correspondence]\n", encoding="utf-8")
    source = tmp_path / "m.txt"
    source.write_text(MANUAL.read_text(encoding="utf-8").replace("นายสมชาย ใจดี", "นายสมชาย ใจกว้าง"), encoding="utf-8")
    result = import_sources([source], office)
    assert result.errors == []
    (officer,) = [d for d in result.drafts if d.kind == "officer"]
    assert officer.id not in ("somchai-c", "somchai-j")
    assert "ใจเย็น" in (office / existing).read_text(encoding="utf-8")
