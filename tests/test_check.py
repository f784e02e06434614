"""`handbook check`: each class of error names the right file, line, field and fix."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.cli import main
from generator.model.loader import load_handbook

PROC = "procedures/records-management.yml"
OFFICER = "officers/sudarat-m.yml"


def errors(project):
    _handbook, diagnostics = load_handbook(project.root)
    return [d for d in diagnostics if d.severity == "error"]


def only_error(project):
    found = errors(project)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


def test_mini_project_is_clean(mini):
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None
    # only what an office must fill in itself: the example's contact values and the emblem it lacks
    fill_in = {("office.yml", f) for f in ("address", "phone", "email", "website", "handbook_url", "emblem")}
    assert [d.format() for d in diagnostics if (d.file, d.path) not in fill_in] == []


def test_yaml_syntax_error_names_line_and_column(mini):
    mini.replace(PROC, "  - {th: การส่งหนังสือราชการ, en: Sending official letters}",
                 "  - {th: การส่งหนังสือราชการ, en: Sending, official letters?}")
    error = only_error(mini)
    assert error.file == PROC
    assert error.line == mini.line_of(PROC, "Sending, official")
    # LibYAML reads "official letters?" as a second key; the pure-Python parser calls it a syntax error
    assert "YAML syntax error" in error.message or "comma" in error.message
    assert "quotes" in error.hint


def test_missing_field_names_path_and_example(mini):
    text = mini.read(PROC)
    # remove the title of the procedure
    start = text.index("title:")
    end = text.index("work_unit:")
    mini.write(PROC, text[:start] + text[end:])
    error = only_error(mini)
    assert error.path == "title"
    assert error.message == "is missing"
    assert 'e.g. "งานจัดสรรงบประมาณ"' in error.hint
    assert error.format().startswith(f'{PROC}:2:1: title is missing — add a line "title: …" with the title of the procedure')


def test_missing_step_duration_is_an_ita_warning_with_line(mini):
    line = mini.line_of(PROC, "duration: {th: ๑ – ๒ วันทำการ")
    mini.replace(PROC, "    duration: {th: ๑ – ๒ วันทำการ, en: 1–2 working days}\n", "")
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None
    warning = next(d for d in diagnostics if d.path == "steps[2].duration")
    assert warning.severity == "warning"
    assert warning.format().startswith(f"{PROC}:")
    assert 'steps[2].duration is missing — add how long this step takes, e.g. "๓ วันทำการ"' in warning.format()
    # points at the step that lacks it (its first key), just above the removed line
    assert warning.line < line


def test_unknown_key_suggests_the_right_one(mini):
    mini.replace(PROC, "objectives:", "objectivs:")
    found = errors(mini)
    unknown = next(d for d in found if d.path == "objectivs")
    assert unknown.line == mini.line_of(PROC, "objectivs:")
    assert unknown.column == 1
    assert 'did you mean "objectives"?' in unknown.hint
    assert any(d.path == "objectives" and d.message == "is missing" for d in found)


def test_unknown_key_in_a_step(mini):
    mini.replace(PROC, "    responsible: {th: เจ้าหน้าที่ผู้รับผิดชอบงาน", "    responsable: {th: เจ้าหน้าที่ผู้รับผิดชอบงาน")
    error = only_error(mini)
    assert error.path == "steps[2].responsable"
    assert error.line == mini.line_of(PROC, "responsable:")
    assert error.column == 5
    assert 'did you mean "responsible"?' in error.hint


def test_wrong_type(mini):
    mini.replace(PROC, "owners: [sudarat-m]", "owners: sudarat-m")
    error = only_error(mini)
    assert error.path == "owners"
    assert "should be a list" in error.message
    assert error.line == mini.line_of(PROC, "owners:")


def test_text_given_as_number(mini):
    mini.replace(PROC, "  version: \"1.0\"", "  version: 1.0")
    error = only_error(mini)
    assert error.path == "revision.version"
    assert "should be text" in error.message


def test_empty_required_text(mini):
    mini.replace(PROC, "      th: ผู้มีอำนาจพิจารณาลงนาม\n", "      th: \"  \"\n")
    error = only_error(mini)
    assert error.path == "steps[4].text"
    assert error.message == "is empty"
    assert error.line == mini.line_of(PROC, 'th: "  "')


def test_unknown_officer_in_owners(mini):
    mini.replace(PROC, "owners: [sudarat-m]", "owners: [sudarat-m, sudarat-x]")
    error = only_error(mini)
    assert error.path == "owners[2]"
    assert '"sudarat-x" is not an officer' in error.message
    assert 'did you mean "sudarat-m"?' in error.hint


def test_unknown_procedure_in_officer(mini):
    mini.replace(OFFICER, "  - records-management\n", "  - records-management\n  - record-management\n")
    error = only_error(mini)
    assert error.file == OFFICER
    assert error.path == "procedures[2]"
    assert error.line == mini.line_of(OFFICER, "  - record-management")
    assert 'did you mean "records-management"?' in error.hint


def test_duplicate_procedure_id(mini):
    mini.write("procedures/copy.yml", mini.read(PROC))
    found = errors(mini)
    messages = [d.format() for d in found]
    assert any("procedures/copy.yml" in m and '"records-management" does not match the file name copy.yml' in m for m in messages)
    assert any('"records-management" is already used by procedures/' in m for m in messages)


def test_unknown_branch_target(mini):
    mini.replace(PROC, "goto: draft-letter", "goto: draft-leter")
    error = only_error(mini)
    assert error.path == "steps[3].branches[2].goto"
    assert 'did you mean "draft-letter"?' in error.hint


def test_unknown_work_unit(mini):
    mini.replace(PROC, "work_unit: administration", "work_unit: administation")
    error = only_error(mini)
    assert error.path == "work_unit"
    assert 'did you mean "administration"?' in error.hint


def test_aliases_are_refused(mini):
    mini.replace(PROC, "owners: [sudarat-m]", "owners: &who [sudarat-m]\nforms_alias: *who")
    error = only_error(mini)
    assert "anchors and aliases" in error.message
    assert error.line == mini.line_of(PROC, "&who")


def test_alias_bomb_is_refused_quickly(mini):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    mini.write(PROC, bomb)
    error = only_error(mini)
    assert "anchors and aliases" in error.message


def test_oversized_file_is_refused(mini):
    mini.write(PROC, "# " + "x" * 600_000 + "\n")
    error = only_error(mini)
    assert "larger than" in error.message
    assert "split" in error.hint


def test_duplicate_key(mini):
    mini.replace(PROC, "work_unit: administration", "work_unit: administration\nwork_unit: budget")
    error = only_error(mini)
    assert 'the key "work_unit" is written twice' in error.message
    assert error.line == mini.line_of(PROC, "work_unit: budget")


def test_decision_needs_two_branches(mini):
    mini.replace(PROC, "      - {label: {th: ต้องแก้ไข, en: Needs changes}, goto: draft-letter}\n", "")
    error = only_error(mini)
    assert error.path == "steps[3].branches"
    assert "at least two branches" in error.message


def test_owner_and_officer_lists_must_agree(mini):
    mini.replace(OFFICER, "procedures:\n  - records-management\n", "procedures: []\n")
    error = only_error(mini)
    assert error.file == PROC
    assert "does not list this procedure" in error.message


def test_missing_english_is_a_warning(mini):
    mini.replace(PROC, "  en: Correspondence and records management\nwork_unit", "work_unit")
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None
    warning = next(d for d in diagnostics if d.path == "title")
    assert warning.severity == "warning" and warning.message == "has no English text"


def test_missing_legal_basis_is_an_ita_warning(mini):
    text = mini.read(PROC)
    start, end = text.index("legal_basis:"), text.index("revision:")
    mini.write(PROC, text[:start] + text[end:])
    _handbook, diagnostics = load_handbook(mini.root)
    assert any(d.path == "legal_basis" and d.severity == "warning" and "related laws" in d.hint for d in diagnostics)


def test_cli_exit_codes_strict_and_json(mini, capsys):
    assert main(["--root", str(mini.root), "check"]) == 0
    mini.replace(PROC, "  en: Correspondence and records management\nwork_unit", "work_unit")
    assert main(["--root", str(mini.root), "check"]) == 0
    assert main(["--root", str(mini.root), "check", "--strict"]) == 1
    capsys.readouterr()
    assert main(["--root", str(mini.root), "check", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 0 and report["warnings"] >= 1
    assert report["diagnostics"][0]["file"] == PROC
    mini.replace(PROC, "owners: [sudarat-m]", "owners: [nobody]")
    assert main(["--root", str(mini.root), "check"]) == 1


def test_python_dash_m_generator_works(mini):
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini.root), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stderr


@pytest.mark.parametrize("bad", ["", "- a\n- b\n", "just text\n"])
def test_file_that_is_not_a_mapping(mini, bad):
    mini.write(PROC, bad)
    found = errors(mini)
    assert any(d.file == PROC and d.line == 1 for d in found)


def test_decision_that_never_reaches_the_end(mini):
    mini.replace(PROC, "      - {label: {th: ถูกต้อง, en: Correct}, goto: next}",
                 "      - {label: {th: ถูกต้อง, en: Correct}, goto: draft-letter}")
    error = only_error(mini)
    assert error.path == "steps[3].branches"
    assert "never leads to the end" in error.message
    assert "goto: next" in error.hint
    assert error.line in (mini.line_of(PROC, "    branches:"), mini.line_of(PROC, "    branches:") + 1)


def test_an_end_step_that_acts_is_warned_about_in_thai_then_english(mini):
    mini.replace(PROC, "  - kind: process\n    short: {th: สรุปและประเมินผลระบบ", "  - kind: end\n    short: {th: สรุปและประเมินผลระบบ")
    line = mini.line_of(PROC, "  - kind: end")
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None
    found = [d for d in diagnostics if d.path.endswith(".kind")]
    assert len(found) == 1, [d.format() for d in diagnostics]
    warning = found[0]
    assert warning.severity == "warning" and warning.file == PROC and warning.line == line
    text = warning.format()
    assert "สรุปและประเมินผลระบบ" in text and "kind: end" in text
    assert text.index("จุดสิ้นสุด") < text.index("is an end step") < text.index("ลบบรรทัด") < text.index("delete")
    # an end step that only ends is no action
    mini.replace(PROC, "short: {th: สรุปและประเมินผลระบบ, en: Review the system}", "short: {th: สิ้นสุด, en: End}")
    assert not [d for d in load_handbook(mini.root)[1] if d.path.endswith(".kind")]


def test_an_appendix_item_without_a_file_is_warned_about(mini):
    mini.write("manuals/m.yml", "id: m\nkind: personal\nauthor: sudarat-m\nappendix:\n"
               "  - title: {th: คำสั่งมอบหมายงาน, en: Duty-assignment order}\n"
               "    text: [{th: คำสั่งที่ ๑/๒๕๖๙, en: Order 1/2569}]\n")
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None
    found = [d for d in diagnostics if d.file.endswith("m.yml") and d.path == "appendix[1].file"]
    assert len(found) == 1, [d.format() for d in diagnostics]
    assert found[0].severity == "warning" and found[0].line == 5
    assert "คำสั่งมอบหมายงาน" in found[0].message and "ไม่มีไฟล์แนบ" in found[0].message
    assert "file: appendix/" in found[0].hint
