"""Printed manuals (PDF): text layer, fonts, page numbers, structure, metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.model.loader import require_handbook
from generator.manuals.content import manual_procedures

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture

if not shutil.which("pdftotext"):
    pytest.skip("poppler-utils is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def handbook():
    return require_handbook(ROOT)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pages_text(pdf: Path, mode: str = "-layout") -> list[str]:
    """Text of each page by pdftotext; ``-raw`` keeps content-stream order (Thai marks stay after
    their consonant), ``-layout`` keeps the page layout (for headers and footers)."""
    out = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [unicodedata.normalize("NFKC", page) for page in out.split("\f")]


def test_every_manual_and_memo_is_built(example_site, handbook):
    for manual in handbook.manuals.values():
        for kind in manual.formats:
            assert (example_site / "manuals" / f"{manual.id}.{kind}").stat().st_size > 10_000
        if manual.memo is not None:
            memo = example_site / "manuals" / f"{manual.id}-memo.pdf"
            assert len(PdfReader(memo).pages) == 1, "the memo fits on one page"
            assert "บันทึกข้อความ" in squash("".join(pages_text(memo)))


def test_text_layer_equals_source_text(example_site, handbook):
    """pdftotext gives back the Thai text (งาน, not งำน) after NFKC normalisation."""
    manual = handbook.manuals["kamonwan-s"]
    text = squash("".join(pages_text(example_site / "manuals" / "kamonwan-s.pdf", "-raw")))
    checked = 0
    for procedure in manual_procedures(handbook, manual):
        for step in procedure.steps:
            assert squash(step.text.th) in text, step.text.th
            checked += 1
        for item in procedure.objectives + procedure.legal_basis:
            assert squash(item.th) in text, item.th
    assert checked > 20
    assert "งำน" not in text


def test_fonts_are_embedded_sarabun(example_site):
    out = subprocess.run(["pdffonts", str(example_site / "manuals" / "kamonwan-s.pdf")],
                         capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all("Sarabun" in row[0] for row in rows), out
    assert all(row[-5] == "yes" for row in rows), "every font embedded"


def test_a4_metadata_bookmarks(example_site, handbook):
    reader = PdfReader(example_site / "manuals" / "kamonwan-s.pdf")
    box = reader.pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 210 and round(float(box.height) * 25.4 / 72) == 297
    info = reader.metadata
    assert info.title.startswith("คู่มือการปฏิบัติงาน") and "กมลวรรณ" in info.author
    outline = [squash(item.title) for item in reader.outline if not isinstance(item, list)]
    for procedure in manual_procedures(handbook, handbook.manuals["kamonwan-s"]):
        assert squash(procedure.title.th) in outline
    assert reader.trailer["/Root"].get("/Lang") == "th"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "tagged PDF"


def test_page_numbers_thai_letters_then_thai_digits(example_site, handbook):
    pages = pages_text(example_site / "manuals" / "kamonwan-s.pdf")
    footers = [page.strip().splitlines()[-1].strip() if page.strip() else "" for page in pages]
    preface = next(i for i, page in enumerate(pages) if page.strip().startswith(unicodedata.normalize("NFKC", "คำนำ")))
    assert footers[preface] == "ก"
    assert footers[preface + 1] == "ข"  # contents
    intro = next(i for i, page in enumerate(pages) if page.strip() and unicodedata.normalize("NFKC", "บทนำ") == page.strip().splitlines()[0].strip()
                 or unicodedata.normalize("NFKC", "บทนำ") in page.strip().splitlines()[1:2])
    assert footers[intro] == "๑"
    assert footers[intro + 1] == "๒"
    # the contents give each chapter's page, in Thai digits, and each chapter starts on that page
    toc = pages[preface + 1]
    for procedure in manual_procedures(handbook, handbook.manuals["kamonwan-s"])[:3]:
        line = next(line for line in toc.splitlines() if unicodedata.normalize("NFKC", procedure.title.th)[:15] in line)
        number = re.search(r"([๐-๙]+)\s*$", line).group(1)
        arabic = int(number.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
        page = pages[intro + arabic - 1]
        assert squash(procedure.title.th)[:10] in squash(page), procedure.id


def test_chapter_title_runs_in_the_header(example_site, handbook):
    pages = pages_text(example_site / "manuals" / "kamonwan-s.pdf")
    procedure = manual_procedures(handbook, handbook.manuals["kamonwan-s"])[0]
    starts = [i for i, page in enumerate(pages)
              if squash(procedure.title.th) in squash(page) and squash("๑. ชื่องาน") in squash(page)
              and "....." not in page]  # not the contents, which list each chapter's sections
    follow = pages[starts[0] + 1]
    assert squash(procedure.title.th)[:12] in squash(follow.strip().splitlines()[0])


def test_english_dates_and_digits_when_arabic(tmp_path, handbook):
    from generator.manuals.pdf import write_manual_pdf

    pdf = write_manual_pdf(handbook, handbook.manuals["kamonwan-s"], "en", tmp_path / "en.pdf", memo_only=True)
    text = "".join(pages_text(pdf))
    assert "Memorandum" in text and "2 November 2026" in text
    assert not re.search("[๐-๙]", text)


def test_parts_and_attached_appendix(tmp_path):
    """A manual definition chooses its parts; an appendix PDF travels inside as an attachment."""
    import shutil as sh

    import weasyprint

    from generator.manuals.pdf import write_manual_pdf

    project = tmp_path / "project"
    sh.copytree(ROOT, project, ignore=sh.ignore_patterns(".venv", "site", "docs", ".cache", ".git", "out"))
    weasyprint.HTML(string="<p>คำสั่งมอบหมายงาน</p>").write_pdf(project / "manuals" / "order.pdf")
    (project / "manuals" / "short.yml").write_text(
        "id: short\nkind: personal\nauthor: sudarat-m\nparts: [cover, appendix]\n"
        "appendix:\n  - title: คำสั่ง\n    file: order.pdf\n", encoding="utf-8")
    handbook = require_handbook(project)
    pdf = write_manual_pdf(handbook, handbook.manuals["short"], "th", tmp_path / "short.pdf")
    reader = PdfReader(pdf)
    assert "order.pdf" in reader.attachments
    pages = pages_text(pdf)
    first_lines = [squash(page.strip().splitlines()[0]) for page in pages if page.strip()]
    for heading in ("สารบัญ", "คำนำ", "บันทึกข้อความ", "บทนำ"):
        assert squash(heading) not in first_lines, heading
    text = squash("".join(pages))
    assert squash("ภาคผนวก") in first_lines and squash("เอกสารแนบ: order.pdf") in text


# --------------------------------------------------------------------------- print fidelity (issue 10)


def test_text_layer_has_every_step_of_the_whole_group_manual(example_site, handbook):
    """pdftotext, in its default (reading-order) mode and in -raw mode, gives every step text of every
    procedure of the group manual verbatim (whitespace aside): no tone mark moved to the next line."""
    manual = handbook.manuals["policy-planning-group"]
    pdf = example_site / "manuals" / "policy-planning-group.pdf"
    for mode in ("-nopgbrk", "-raw"):
        text = squash("".join(pages_text(pdf, mode)))
        steps = [step.text.th for procedure in manual_procedures(handbook, manual) for step in procedure.steps]
        missing = [step for step in steps if squash(step) not in text]
        assert len(steps) > 100 and not missing, (mode, len(missing), missing[:5])


@pytest.fixture(scope="module")
def group_layout(handbook):
    """The group manual laid out by WeasyPrint (pages of boxes), rendered once for the layout tests."""
    import weasyprint

    import generator.manuals.pdftext as pdftext
    from generator.manuals.pdf import render_html

    pdftext.install()
    html = render_html(handbook, handbook.manuals["policy-planning-group"], "th")
    return weasyprint.HTML(string=html, base_url=str(handbook.root)).render()


def _walk(box, cell=None):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TableCellBox):
        cell = box
    yield box, cell
    for child in getattr(box, "children", None) or []:
        yield from _walk(child, cell)


def test_no_text_runs_out_of_its_table_cell(group_layout):
    """Every line of text in a table cell ends inside the cell's padding box (long web addresses break)."""
    from weasyprint.formatting_structure import boxes

    out = []
    for number, page in enumerate(group_layout.pages, start=1):
        for box, cell in _walk(page._page_box):
            if isinstance(box, boxes.TextBox) and cell is not None and box.text.strip():
                # the padding box: a flow cell's branch notes use the width of the column under its symbol
                excess = box.position_x + box.width - (cell.padding_box_x() + cell.padding_width())
                trailing_space = box.text != box.text.rstrip()
                if excess > 0.5 and not (trailing_space and excess < 2):
                    out.append((number, box.text, round(excess, 1)))
    assert not out, out
    urls = [box.text for page in group_layout.pages for box, cell in _walk(page._page_box)
            if isinstance(box, boxes.TextBox) and cell is not None and "example.go.th" in box.text]
    assert urls, "the example's procedures print a web address in a table cell"


def test_flowchart_tables_start_with_at_least_two_rows(group_layout):
    from weasyprint.formatting_structure import boxes

    first_parts = {}
    for number, page in enumerate(group_layout.pages, start=1):
        for box, _ in _walk(page._page_box):
            if isinstance(box, boxes.TableBox) and "hb-fc-table" in (box.element.get("class") or ""):
                if box.element not in first_parts:
                    rows = [row for group in box.children if not group.is_header for row in group.children]
                    first_parts[box.element] = (number, len(rows))
    assert len(first_parts) >= 15
    short = [(page, rows) for page, rows in first_parts.values() if rows < 2]
    assert not short, f"flowchart tables starting with fewer than two rows (page, rows): {short}"


def test_flowchart_tables_end_with_at_least_two_rows(group_layout):
    """A flowchart table never leaves its last row (the end terminal, สิ้นสุด) alone on the next page."""
    from weasyprint.formatting_structure import boxes

    last_parts = {}
    for number, page in enumerate(group_layout.pages, start=1):
        for box, _ in _walk(page._page_box):
            if isinstance(box, boxes.TableBox) and "hb-fc-table" in (box.element.get("class") or ""):
                rows = [row for group in box.children if not group.is_header for row in group.children]
                last_parts[box.element] = (number, len(rows), rows[-1].element if rows else None)
    assert len(last_parts) >= 15
    short = [(page, count) for table, (page, count, last) in last_parts.items()
             if count < 2 and last is table.findall(".//tr")[-1]]
    assert not short, f"flowchart tables ending with one row alone on a page (page, rows): {short}"


def test_flowchart_loop_back_is_drawn_beside_its_rows(group_layout):
    """The loop back of the example's สารบรรณ chart ("ต้องแก้ไข ไป ๒") is drawn: the decision's flow cell and its
    target's carry the loop's layers, and those cells sit one above the other on the same page."""
    from weasyprint.formatting_structure import boxes

    found = {}
    for number, page in enumerate(group_layout.pages, start=1):
        for box, _ in _walk(page._page_box):
            if isinstance(box, boxes.TableCellBox) and "hb-fc-flow" in (box.element.get("class") or ""):
                layers = box.style["background_image"]
                if len(layers) > 2:  # the symbol and the centre line, plus a loop's layers
                    found.setdefault(number, []).append((box.position_y, len(layers), "".join(box.element.itertext())))
    loops = [(page, cells) for page, cells in found.items() if any("ต้องแก้ไข" in text for _y, _n, text in cells)]
    assert loops, found
    page, cells = loops[0]
    decision = [y for y, _n, text in cells if "ต้องแก้ไข" in text]
    target = [y for y, n, text in cells if "จัดทำหนังสือ" in text and n == 4]  # symbol, arrow, channel, centre line
    assert decision and target and target[0] < decision[0], cells


def test_names_and_numbers_do_not_split(group_layout, handbook):
    """No line break inside an officer's name part, the office's place name (ศรี|สุข) or "เขต ๑"."""
    from weasyprint.formatting_structure import boxes

    from generator.manuals.pdf import protected_names

    parts = {part for name in protected_names(handbook, "th") for part in name.split(" ") if len(part) > 1}
    assert "ศรีสุข" in parts
    broken = []
    for number, page in enumerate(group_layout.pages, start=1):
        for box, _ in _walk(page._page_box):
            if not (isinstance(box, boxes.BlockContainerBox) and box.children
                    and isinstance(box.children[0], boxes.LineBox)):
                continue
            lines = ["".join(b.text for b, _ in _walk(line) if isinstance(b, boxes.TextBox)) for line in box.children]
            for before, after in zip(lines, lines[1:]):
                joined = before.rstrip() + "|" + after.lstrip()
                cut = len(before.rstrip())
                if re.search(r"เขต\s*\|\s*[๐-๙]", joined):
                    broken.append((number, joined[cut - 10:cut + 10]))
                for part in parts:
                    glued = joined[max(0, cut - len(part)):cut] + joined[cut + 1:cut + 1 + len(part)]
                    if part in glued and not (glued.startswith(part) or glued.endswith(part)):
                        broken.append((number, part, joined[cut - 12:cut + 12]))
    assert not broken, broken


def test_memo_is_one_page_with_the_emblem_and_the_directors_choices(tmp_path, handbook):
    """The ครุฑ from office.yml's emblem at the top left of the บันทึกข้อความ; the order lists ทราบ /
    อนุญาต / อนุมัติ / ลงนาม; the whole memo on one page."""
    import dataclasses

    from PIL import Image

    from generator.manuals.pdf import write_manual_pdf

    emblem = tmp_path / "garuda.png"
    Image.new("RGB", (300, 330), "black").save(emblem)
    with_emblem = dataclasses.replace(handbook, office=handbook.office.model_copy(update={"emblem": str(emblem)}))
    pdf = write_manual_pdf(with_emblem, handbook.manuals["policy-planning-group"], "th", tmp_path / "memo.pdf",
                           memo_only=True, cache_dir=tmp_path / "cache")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    images = reader.pages[0].images
    assert len(images) == 1
    text = squash("".join(pages_text(pdf)))
    for word in ("บันทึกข้อความ", "ทราบ", "อนุญาต", "อนุมัติ", "ลงนาม"):
        assert squash(word) in text, word
    # top left: the emblem's box starts at the left margin, above the heading
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    heading_y = float(re.search(r'yMin="([\d.]+)"[^>]*>บันทึกข้อความ<', unicodedata.normalize("NFC", out)).group(1))
    assert heading_y < 120


def test_nested_duties_have_a_distinct_marker_per_level(handbook):
    from generator.manuals.content import duty_marker

    markers = [duty_marker(handbook, "th", 1, depth) for depth in range(5)]
    assert markers == ["๑.", "๑)", "(๑)", "ก.", "(ก)"]
    assert [duty_marker(handbook, "en", 2, depth) for depth in range(5)] == ["2.", "2)", "(2)", "b.", "(b)"]


def test_personal_contents_list_each_chapters_sections(example_site, handbook):
    pages = pages_text(example_site / "manuals" / "kamonwan-s.pdf")
    first = next(i for i, page in enumerate(pages) if page.strip().startswith("สารบัญ"))
    contents = squash("".join(pages[first:first + 4]))
    chapters = manual_procedures(handbook, handbook.manuals["kamonwan-s"])
    assert contents.count(squash("๑. ชื่องาน")) == len(chapters)
    assert contents.count(squash("วัตถุประสงค์")) >= len(chapters)


# --------------------------------------------------------------------------- group manual: work units (issue 10)


def _unit_parts(handbook, manual_id):
    """(part label "ส่วนที่ ๑", unit, its procedures in manual order) for each work unit with procedures."""
    from generator.text import digits

    procedures = manual_procedures(handbook, handbook.manuals[manual_id])
    parts = []
    for unit in handbook.office.group.work_units:
        own = [p for p in procedures if p.work_unit == unit.id]
        if own:
            parts.append((f"ส่วนที่ {digits(len(parts) + 1, 'thai')}", unit, own))
    return parts


def test_group_manual_groups_its_chapters_under_their_work_units(example_site, handbook):
    """The contents list each work unit (ส่วนที่ ๑ งานธุรการ) with its chapters under it; each unit has a
    part page with its description, followed by its chapters; the introduction has ขอบข่ายภารกิจ."""
    pages = pages_text(example_site / "manuals" / "policy-planning-group.pdf")
    parts = _unit_parts(handbook, "policy-planning-group")
    assert len(parts) >= 3
    first = next(i for i, page in enumerate(pages) if page.strip().startswith("สารบัญ"))
    contents = squash("".join(pages[first:first + 3]))
    position = 0
    for label, unit, procedures in parts:
        position = contents.index(squash(f"{label} {unit.name.th}"), position)
        for procedure in procedures:  # listed after their unit heading, in order
            position = contents.index(squash(procedure.title.th), position)
    # part pages, then each unit's chapters after its part page and before the next one
    part_pages = [next(i for i, page in enumerate(pages) if i > first + 2 and squash(label) in squash(page)
                       and squash(unit.name.th) in squash(page) and squash(unit.description.th) in squash(page))
                  for label, unit, _ in parts]
    assert part_pages == sorted(part_pages)
    bounds = part_pages[1:] + [len(pages)]
    for (label, unit, procedures), start, end in zip(parts, part_pages, bounds):
        for procedure in procedures:
            chapter = next(i for i, page in enumerate(pages) if squash("๑. ชื่องาน") in squash(page)
                           and squash(procedure.title.th) in squash(page))
            assert start < chapter < end, (label, procedure.id)
    # ขอบข่ายภารกิจ: every unit with its description and its works, before the first part page
    scope = next(i for i, page in enumerate(pages) if i > first + 2 and squash("ขอบข่ายภารกิจ") in squash(page))
    text = squash("".join(pages[scope:part_pages[0]]))
    position = text.index(squash("ขอบข่ายภารกิจ"))
    for i, (_, unit, procedures) in enumerate(parts, start=1):
        position = text.index(squash(unit.name.th), position)
        assert squash(unit.description.th) in text
        for procedure in procedures:
            position = text.index(squash(procedure.title.th), position)


def test_personal_manual_has_no_work_unit_parts(example_site):
    pages = pages_text(example_site / "manuals" / "kamonwan-s.pdf")
    text = squash("".join(pages))
    assert squash("ส่วนที่ ๑") not in text and squash("ขอบข่ายภารกิจ") not in text
