"""The command line: manual, flowchart and ita sub-commands on the bundled example."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture


def test_manual_for_one_officer(tmp_path, capsys):
    code = main(["--root", str(ROOT), "manual", "--officer", "sudarat-m", "--format", "pdf", "--output", str(tmp_path)])
    assert code == 0
    pdf = tmp_path / "manuals" / "sudarat-m.pdf"
    assert len(PdfReader(pdf).pages) > 10
    assert (tmp_path / "manuals" / "sudarat-m-memo.pdf").exists()
    assert not (tmp_path / "manuals" / "sudarat-m.docx").exists()
    assert "sudarat-m.pdf" in capsys.readouterr().out


def test_manual_unknown_officer_is_a_clear_error(tmp_path, capsys):
    assert main(["--root", str(ROOT), "manual", "--officer", "nobody", "--output", str(tmp_path)]) == 2
    assert '"nobody" is not an officer' in capsys.readouterr().err


def test_flowchart_command(tmp_path):
    target = tmp_path / "chart.svg"
    assert main(["--root", str(ROOT), "flowchart", "budget-transfer", "--format", "svg", "-o", str(target)]) == 0
    svg = target.read_text(encoding="utf-8")
    assert "<svg" in svg and "เริ่มต้น" in svg and "ไม่อนุมัติ" in svg


def test_ita_command_writes_csv_and_json(tmp_path, capsys):
    assert main(["--root", str(ROOT), "ita", "--year", "2568", "--output", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "ita-2568.json").read_text(encoding="utf-8"))
    staff = next(row for row in data["items"] if row["item"] == "staff-manual")
    assert staff["code"] == "O8" and staff["answer"] == "มี"
    assert (tmp_path / "ita-2568.csv").read_bytes().startswith(b"\xef\xbb\xbf")
