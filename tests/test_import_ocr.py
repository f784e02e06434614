"""Scanned PDFs: pages without a text layer are named per page; ``handbook import --ocr`` reads them with
Tesseract (one small page here: the figures of a longer scan are measured by bench/import_ocr.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.fonts import font_path
from generator.importers import ocr
from generator.importers.ocr import tsv_text
from generator.importers.run import import_sources

STEPS = ["ศึกษาแผนการใช้จ่ายงบประมาณ", "ติดตามผลการเบิกจ่ายเป็นรายไตรมาส", "รายงานผลต่อผู้อำนวยการ"]


def _pdf(path: Path, pages: list[str]) -> Path:
    from weasyprint import HTML

    body = "".join(f'<div style="page-break-after: always">{p}</div>' for p in pages)
    HTML(string=f"""<html><head><style>@font-face {{ font-family: S; src: url('{font_path("Sarabun-Regular").as_uri()}'); }}
        @page {{ size: A5; margin: 15mm; }} body {{ font-family: S; font-size: 16pt; }} p {{ margin: 0 0 4pt; }}
        </style></head><body>{body}</body></html>""").write_pdf(str(path))
    return path


MANUAL_PAGE = ("<p>๑. ชื่องาน: งานติดตามงบประมาณ</p><p>๒. วัตถุประสงค์</p><p>เพื่อให้การใช้จ่ายเป็นไปตามแผน</p>"
               "<p>๓. ขั้นตอนการปฏิบัติงาน</p>" + "".join(f"<p>๓.{'๑๒๓'[i]} {s}</p>" for i, s in enumerate(STEPS)))


def _scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """The pages of ``pdf`` as images only (no text layer), like a scanner makes them."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out.with_suffix(""))], check=True)
    images = [Image.open(p).convert("L") for p in sorted(out.parent.glob(out.stem + "-*.png"))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def test_tesseract_letters_are_joined_by_their_gaps():
    tsv = "level\tpage\tblock\tpar\tline\tword\tleft\ttop\twidth\theight\tconf\ttext\n" + "".join(
        f"5\t1\t1\t1\t1\t{n}\t{left}\t0\t{w}\t40\t90\t{t}\n" for n, (left, w, t) in enumerate(
            [(0, 20, "๕.๒"), (25, 20, "ส"), (47, 20, "ถา"), (69, 20, "น"), (120, 20, "แล"), (142, 10, "ะ")]))
    assert tsv_text(tsv) == "๕.๒ สถาน และ\n"


def test_a_scan_without_ocr_says_which_pages_and_how_to_install(tmp_path, capsys):
    scanned = _scan(_pdf(tmp_path / "m.pdf", [MANUAL_PAGE]), tmp_path / "scan.pdf")
    assert main(["--root", str(tmp_path / "office"), "import", str(scanned)]) == 1
    err = capsys.readouterr().err
    assert "page(s) 1 are scans" in err and "--ocr" in err and "tesseract-ocr-tha" in err


def test_a_partly_scanned_pdf_names_the_pages_without_text(tmp_path):
    text_pdf = _pdf(tmp_path / "t.pdf", [MANUAL_PAGE])
    scanned = _scan(_pdf(tmp_path / "s.pdf", ["<p>หน้าที่สแกนมา</p>"]), tmp_path / "scan.pdf")
    both = tmp_path / "both.pdf"
    subprocess.run(["pdfunite", str(text_pdf), str(scanned), str(both)], check=True)
    result = import_sources([both], tmp_path / "office")
    assert result.errors == []
    assert any("page(s) 2 have no text layer" in line and "--ocr" in line for line in result.report)


def test_ocr_missing_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    scanned = _scan(_pdf(tmp_path / "m.pdf", [MANUAL_PAGE]), tmp_path / "scan.pdf")
    result = import_sources([scanned], tmp_path / "office", ocr=True)
    assert len(result.errors) == 1 and "apt-get install ocrmypdf tesseract-ocr-tha" in result.errors[0]


@pytest.mark.skipif(ocr.available() is not None, reason="OCR not installed (scripts/install-system-packages.sh ocr)")
def test_import_ocr_reads_a_scanned_page(tmp_path, capsys):
    scanned = _scan(_pdf(tmp_path / "m.pdf", [MANUAL_PAGE]), tmp_path / "scan.pdf")
    office = tmp_path / "office"
    assert main(["--root", str(office), "import", "--ocr", str(scanned)]) == 0
    out = capsys.readouterr().out
    assert "page(s) 1 had no text layer (scanned) and were read with OCR" in out
    (path,) = (office / "procedures").glob("*.yml")
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [s["text"] for s in data["steps"]] == STEPS
