"""The DOCX operations manual (generator.manual_docx) on the bundled example office.

The XML is checked directly (page, styles with complex-script font and size,
tables with grid and repeated header rows, memo, contents field), then the
file is converted with LibreOffice and the PDF is checked with poppler
(page size, Thai text, fonts).

generator.flowchart is written in parallel: the XML and PDF tests use the
writer's own fallback (short labels in bordered boxes) so that they do not
depend on Graphviz; a fake flowchart module checks the picture path.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import time
import types
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import generator.manuals.docx as manual_docx
from generator.model.loader import require_handbook
from generator.manuals.content import manual_procedures
from generator.manuals.docx import write_manual_docx

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture
MANUALS = ["kamonwan-s", "policy-planning-group"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FONT = "TH Sarabun New"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def mm_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


@pytest.fixture(scope="module")
def handbook():
    return require_handbook(ROOT)


@pytest.fixture(scope="module")
def docx_files(handbook, tmp_path_factory) -> dict[str, Path]:
    """Both example manuals, Thai, written without generator.flowchart (text-box fallback)."""
    out = tmp_path_factory.mktemp("docx")
    files = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(manual_docx, "_flowchart_module", lambda: None)
        for manual_id in MANUALS:
            files[manual_id] = write_manual_docx(handbook, handbook.manuals[manual_id], "th",
                                                 out / f"{manual_id}.docx", cache_dir=out / "cache")
    return files


def xml(path: Path, part: str):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def paragraphs(document) -> list[str]:
    return ["".join(p.itertext()) for p in document.iter(q("p"))]


@pytest.mark.parametrize("manual_id", MANUALS)
def test_page_is_a4_with_the_manual_margins(docx_files, manual_id):
    document = xml(docx_files[manual_id], "word/document.xml")
    sections = document.findall(".//w:sectPr", NS)
    assert sections
    for sect in sections:
        size = sect.find("w:pgSz", NS)
        assert (int(size.get(q("w"))), int(size.get(q("h")))) == (mm_twips(210), mm_twips(297))
        margins = sect.find("w:pgMar", NS)
        expected = {"left": 30, "right": 20, "top": 25, "bottom": 20}
        for side, mm in expected.items():
            assert abs(int(margins.get(q(side))) - mm_twips(mm)) <= 1, side
        # page numbers: a PAGE field in the footer
    with zipfile.ZipFile(docx_files[manual_id]) as archive:
        footers = [n for n in archive.namelist() if re.match(r"word/footer\d*\.xml", n)]
        assert any(b"PAGE" in archive.read(n) for n in footers)


@pytest.mark.parametrize("manual_id", MANUALS)
def test_styles_carry_the_thai_font_and_size(docx_files, manual_id):
    styles = xml(docx_files[manual_id], "word/styles.xml")
    for fonts in styles.iter(q("rFonts")):
        theme = [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
        assert not theme, f"theme font attributes {theme} override the named font"
    expected = {"Normal": 32, "Heading1": 40, "Heading2": 32, "Title": 56, "TableGrid": 32, "TOC1": 32, "TOC2": 32}
    for style_id, half_points in expected.items():
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert style is not None, style_id
        rpr = style.find("w:rPr", NS)
        fonts = rpr.find("w:rFonts", NS)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert fonts.get(q(attr)) == FONT, (style_id, attr)
        assert rpr.find("w:sz", NS).get(q("val")) == str(half_points), style_id
        assert rpr.find("w:szCs", NS).get(q("val")) == str(half_points), style_id
        assert rpr.find("w:lang", NS).get(q("bidi")) == "th-TH", style_id
    for style_id in ("Heading1", "Heading2"):
        rpr = styles.find(f"w:style[@w:styleId='{style_id}']/w:rPr", NS)
        assert rpr.find("w:b", NS) is not None and rpr.find("w:bCs", NS) is not None, "Thai bold needs w:bCs"
        assert styles.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:keepNext", NS) is not None
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(q("cs")) == FONT
    assert defaults.find("w:szCs", NS).get(q("val")) == "32"


def test_font_and_size_are_configurable(handbook, tmp_path, monkeypatch):
    monkeypatch.setattr(manual_docx, "_flowchart_module", lambda: None)
    path = write_manual_docx(handbook, handbook.manuals["kamonwan-s"], "th", tmp_path / "m.docx",
                             font="Sarabun", size_pt=14, cache_dir=tmp_path / "cache")
    normal = xml(path, "word/styles.xml").find("w:style[@w:styleId='Normal']/w:rPr", NS)
    assert normal.find("w:rFonts", NS).get(q("cs")) == "Sarabun"
    assert normal.find("w:szCs", NS).get(q("val")) == "28"


@pytest.mark.parametrize("manual_id", MANUALS)
def test_content_procedures_memo_and_contents(handbook, docx_files, manual_id):
    document = xml(docx_files[manual_id], "word/document.xml")
    text = paragraphs(document)
    joined = "\n".join(text)
    manual = handbook.manuals[manual_id]
    titles = [p.title.get("th") for p in manual_procedures(handbook, manual)]
    headings = [
        "".join(p.itertext()) for p in document.iter(q("p"))
        if p.find("w:pPr/w:pStyle[@w:val='Heading1']", NS) is not None
    ]
    for title in titles:
        assert title in headings, f"no chapter heading for {title}"
    # the chapters start on a new page, in the manual's order
    positions = [headings.index(title) for title in titles]
    assert positions == sorted(positions)
    for label in ("บันทึกข้อความ", "ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน", "☐ ทราบ", "☐ อนุญาต",
                  "คำนำ", "สารบัญ", "บทนำ", "ผังขั้นตอนการปฏิบัติงาน (Flow Chart)", "มาตรฐานการปฏิบัติงาน"):
        assert label in joined, label
    # the memo's label lines end with a right tab stop with a dot leader
    memo_line = next(p for p in document.iter(q("p")) if "".join(p.itertext()).startswith("ส่วนราชการ"))
    assert memo_line.find("w:pPr/w:tabs/w:tab[@w:leader='dot']", NS) is not None
    heading = next(r for r in document.iter(q("r")) if "".join(r.itertext()) == "บันทึกข้อความ")
    assert heading.find("w:rPr/w:szCs", NS).get(q("val")) == "58"  # 29 pt, form 8
    # section numbers are typed text, never Word auto-numbering
    assert document.find(".//w:numPr", NS) is None
    assert "๒. วัตถุประสงค์" in text
    # the contents: a TOC field Word updates on opening, with the headings as its cached result
    instructions = " ".join(t.text for t in document.iter(q("instrText")))
    assert 'TOC \\o "1-1" \\h' in instructions
    settings = xml(docx_files[manual_id], "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(q("val")) == "true"
    toc_entries = [
        "".join(p.itertext()) for p in document.iter(q("p"))
        if p.find("w:pPr/w:pStyle[@w:val='TOC1']", NS) is not None
    ]
    for title in titles:
        assert title in toc_entries
    if manual.appendix:
        assert "ภาคผนวก" in text and manual.appendix[0].title.get("th") in text
    # back cover: the QR code is an embedded PNG
    with zipfile.ZipFile(docx_files[manual_id]) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())


@pytest.mark.parametrize("manual_id", MANUALS)
def test_tables_have_a_grid_and_repeat_their_header(handbook, docx_files, manual_id):
    document = xml(docx_files[manual_id], "word/document.xml")
    tables = [t for t in document.iter(q("tbl")) if t.find("w:tblPr/w:tblStyle", NS) is not None]
    chapters = len(manual_procedures(handbook, handbook.manuals[manual_id]))
    flow = [t for t in tables if len(t.findall("w:tblGrid/w:gridCol", NS)) == 5]
    standards = [t for t in tables if len(t.findall("w:tblGrid/w:gridCol", NS)) == 3]
    assert len(flow) == chapters and len(standards) == chapters
    for table in tables:
        widths = [int(c.get(q("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
        assert all(w > 0 for w in widths)
        assert abs(sum(widths) - mm_twips(160)) <= 5, "the table fills the 160 mm text width"
        assert table.find("w:tblPr/w:tblLayout", NS).get(q("type")) == "fixed"
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        for row in rows:
            assert row.find("w:trPr/w:cantSplit", NS) is not None
            cells = row.findall("w:tc", NS)
            assert [int(c.find("w:tcPr/w:tcW", NS).get(q("w"))) for c in cells] == widths
    header = "".join(flow[0].find("w:tr", NS).itertext())
    for column in ("ลำดับ", "ผังขั้นตอน", "รายละเอียดงาน", "ระยะเวลา", "ผู้รับผิดชอบ"):
        assert column in header
    header = "".join(standards[0].find("w:tr", NS).itertext())
    for column in ("ที่", "กิจกรรม/วิธีปฏิบัติ", "มาตรฐานการปฏิบัติงาน"):
        assert column in header


def _png(path: Path, width_px: int, height_px: int) -> Path:
    from PIL import Image

    Image.new("RGB", (width_px, height_px), "white").save(path, dpi=(300, 300))
    return path


def test_flowchart_pictures_when_the_flowchart_module_provides_them(handbook, tmp_path, monkeypatch):
    calls = {"shapes": 0, "figures": 0}

    def rows(procedure, lang, numerals):
        return [types.SimpleNamespace(number=str(i), kind="process", label=s.text.get(lang), details=s.text.get(lang),
                                      substeps=(), duration="", responsible="")
                for i, s in enumerate(procedure.steps, start=1)]

    def shape(row, cache_dir, width_mm=35, height_mm=16):
        calls["shapes"] += 1
        return _png(Path(cache_dir) / f"shape-{calls['shapes']}.png", round(width_mm / 25.4 * 300), 200)

    def figure(procedure, lang, cache_dir):
        calls["figures"] += 1
        return _png(Path(cache_dir) / f"figure-{procedure.id}.png", 1200, 4000)

    fake = types.SimpleNamespace(flowchart_table_rows=rows, table_shape_png=shape, flowchart_png_for_docx=figure)
    monkeypatch.setattr(manual_docx, "_flowchart_module", lambda: fake)
    manual = handbook.manuals["kamonwan-s"]
    path = write_manual_docx(handbook, manual, "th", tmp_path / "m.docx", cache_dir=tmp_path / "cache")
    procedures = manual_procedures(handbook, manual)
    assert calls["figures"] == len(procedures)
    assert calls["shapes"] == sum(len(p.steps) for p in procedures)
    document = xml(path, "word/document.xml")
    assert len(document.findall(".//w:drawing", NS)) >= calls["shapes"] + calls["figures"]
    # the shape cells have no margins, so that the pictures of consecutive rows join
    assert document.find(".//w:tc/w:tcPr/w:tcMar/w:left[@w:w='0']", NS) is not None
    # a tall figure is scaled to fit the page (EMU: 914400 per inch)
    extents = [int(e.get("cy")) for e in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    assert max(extents) <= (297 - 25 - 20) / 25.4 * 914400


def test_the_file_is_replaced_atomically(handbook, tmp_path, monkeypatch):
    monkeypatch.setattr(manual_docx, "_flowchart_module", lambda: None)
    target = tmp_path / "m.docx"
    target.write_bytes(b"old")

    def broken_save(self, path):
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("docx.document.Document.save", broken_save)
    with pytest.raises(OSError):
        write_manual_docx(handbook, handbook.manuals["kamonwan-s"], "th", target, cache_dir=tmp_path / "cache")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "m.docx"]


def test_a_missing_emblem_is_reported(handbook, tmp_path, monkeypatch):
    handbook = dataclasses.replace(handbook, office=handbook.office.model_copy(update={"emblem": "no-such-garuda.png"}))
    with pytest.raises(FileNotFoundError, match="no-such-garuda.png"):
        write_manual_docx(handbook, handbook.manuals["kamonwan-s"], "th", tmp_path / "m.docx",
                          cache_dir=tmp_path / "cache")


def test_emblem_on_cover_and_memo(handbook, tmp_path, monkeypatch):
    monkeypatch.setattr(manual_docx, "_flowchart_module", lambda: None)
    emblem = _png(tmp_path / "garuda.png", 300, 330)
    # an absolute path stays absolute when joined to office.yml's folder
    handbook = dataclasses.replace(handbook, office=handbook.office.model_copy(update={"emblem": str(emblem)}))
    path = write_manual_docx(handbook, handbook.manuals["kamonwan-s"], "th", tmp_path / "m.docx",
                             cache_dir=tmp_path / "cache")
    document = xml(path, "word/document.xml")
    heights = [int(e.get("cy")) for e in
               document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    assert round(heights[0] / 36000) == 40  # cover emblem, 4 cm
    assert round(heights[1] / 36000) == 15  # memo emblem, 1.5 cm (form 8)


# --------------------------------------------------------------------------- LibreOffice


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing on CI: run scripts/install-system-packages.sh (libreoffice-writer-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed: scripts/install-system-packages.sh installs it")
    for tool in ("pdfinfo", "pdftotext", "pdffonts"):
        if not shutil.which(tool):
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing on CI (poppler-utils)")
            pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


@pytest.fixture(scope="module")
def pdf_files(docx_files, tmp_path_factory) -> dict[str, Path]:
    soffice = _soffice()
    out = tmp_path_factory.mktemp("pdf")
    env = dict(os.environ, HOME=str(out / "home"))
    pdfs = {}
    for manual_id, docx in docx_files.items():
        start = time.monotonic()
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       env=env, check=True, capture_output=True, timeout=300)
        print(f"LibreOffice converted {manual_id} in {time.monotonic() - start:.1f} s")
        pdfs[manual_id] = out / f"{manual_id}.pdf"
        assert pdfs[manual_id].exists()
    return pdfs


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("manual_id", MANUALS)
def test_libreoffice_pdf_is_a4_with_the_thai_text(handbook, pdf_files, manual_id):
    pdf = pdf_files[manual_id]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and abs(float(size[1]) - 595.3) < 1 and abs(float(size[2]) - 841.9) < 1, info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pages > 10
    # -raw keeps the content-stream order, in which Thai marks follow their base letters
    text = _squash(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                                  capture_output=True, text=True, check=True).stdout)
    manual = handbook.manuals[manual_id]
    for procedure in manual_procedures(handbook, manual):
        assert _squash(procedure.title.get("th")) in text, procedure.title.get("th")
    for phrase in ("บันทึกข้อความ", "ส่วนราชการ", "จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต", "ผังขั้นตอน",
                   "ปีงบประมาณพ.ศ.๒๕๗๐", "มาตรฐานการปฏิบัติงาน", "ผู้รับผิดชอบ"):
        assert _squash(phrase) in text, phrase


@pytest.mark.parametrize("manual_id", MANUALS)
def test_libreoffice_pdf_uses_a_thai_font(pdf_files, manual_id):
    listing = subprocess.run(["pdffonts", str(pdf_files[manual_id])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    names = [line.split()[0].split("+", 1)[-1] for line in listing if line.strip()]
    assert names
    embedded = [line.split()[-5] for line in listing if line.strip()]
    assert all(flag == "yes" for flag in embedded), "every font is embedded"
    # A font that has Thai glyphs, by fontconfig: the requested one or LibreOffice's substitute.
    thai = subprocess.run(["fc-list", ":lang=th", "family", "postscriptname"], capture_output=True, text=True).stdout
    thai_names = {re.sub(r"[\s-]", "", n).lower() for line in thai.splitlines() for part in line.split(":")
                  for n in part.split("=")[-1].split(",")}
    families = {re.sub(r"[\s-]", "", n.split("-")[0].split(",")[0]).lower() for n in names}
    assert families & thai_names or any(f.startswith(("thsarabun", "sarabun")) for f in families), (names, thai_names)
