"""Issue 10, print fidelity: the appendix prints the attached PDFs (the order, คำสั่ง) page by page, the
contents keep a long title's page number on its last line, the PDF outline nests chapters under units."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from generator.model.loader import load_handbook, require_handbook
from pdfpages import pages_text, squash

ROOT = Path(__file__).resolve().parent / "fixtures" / "example"
ORDER = ROOT / "manuals" / "appendix" / "order-kamonwan-s.pdf"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "print"

if not shutil.which("pdftotext"):
    pytest.skip("poppler-utils is not installed (make test installs it)", allow_module_level=True)


def first_line(page: str) -> str:
    return page.strip().splitlines()[0].strip() if page.strip() else ""


def footer(page: str) -> str:
    return page.strip().splitlines()[-1].strip() if page.strip() else ""


def thai_int(text: str) -> int:
    return int(text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))


def order_pages() -> int:
    return len(PdfReader(ORDER).pages)


def big_images(page) -> list[tuple[int, int]]:
    """Sizes (px) of the images a pypdf page draws (``Do`` in its content) that are an A4 page rendered at the
    appendix resolution: the order's pages.  (WeasyPrint shares one resource dictionary between pages, so
    ``page.images`` lists every image of the document.)"""
    from generator.manuals.appendix import RENDER_DPI

    a4 = (210 / 25.4 * RENDER_DPI, 297 / 25.4 * RENDER_DPI)
    objects = page["/Resources"].get("/XObject", {})
    sizes = []
    for name in re.findall(rb"/([^\s/]+)\s+Do\b", page.get_contents().get_data()):
        image = objects["/" + name.decode()].get_object()
        if image.get("/Subtype") == "/Image":
            sizes.append((int(image["/Width"]), int(image["/Height"])))
    return [size for size in sizes if abs(size[0] - a4[0]) <= 2 and abs(size[1] - a4[1]) <= 2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example office, with a short personal manual (cover, contents, appendix) to render fast."""
    target = tmp_path / "project"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns("site", "docs", ".cache", "out"))
    return target


SHORT = ("id: short\nkind: personal\nauthor: kamonwan-s\nprocedures: [emenscr-reporting]\n"
         "parts: [cover, contents, appendix]\nappendix:\n  - title: คำสั่งมอบหมายงาน\n{file}")


# --------------------------------------------------------------------------- 1. the appendix prints the order


def test_example_personal_manual_prints_its_order_in_the_appendix(example_site):
    """kamonwan-s.pdf: after the appendix title page come the order's pages, one image each, numbered on."""
    pdf = example_site / "manuals" / "kamonwan-s.pdf"
    pages = pages_text(pdf)
    reader = PdfReader(pdf)
    contents = next(i for i, page in enumerate(pages) if first_line(page) == "สารบัญ")
    start = next(i for i, page in enumerate(pages) if i > contents and first_line(page) == "ภาคผนวก")
    assert squash("คำสั่งมอบหมายงาน") in squash(pages[start])
    count = order_pages()
    for offset in range(1, count + 1):
        page = reader.pages[start + offset]
        assert len(big_images(page)) == 1, f"page {start + offset + 1} shows one page of the order"
        assert thai_int(footer(pages[start + offset])) == thai_int(footer(pages[start])) + offset
    assert not big_images(reader.pages[start]) and not big_images(reader.pages[start + count + 1])
    # the contents give the appendix's page; the order's file still travels inside as an attachment
    line = next(line for page in pages[contents:start] for line in page.splitlines() if "ภาคผนวก" in line)
    assert thai_int(re.search(r"([๐-๙]+)\s*$", line).group(1)) == thai_int(footer(pages[start]))
    assert "order-kamonwan-s.pdf" in reader.attachments


def test_pdf_page_count_grows_by_the_orders_pages_and_images_are_cached(project, tmp_path, monkeypatch):
    import generator.manuals.appendix as appendix
    from generator.manuals.pdf import write_manual_pdf

    shutil.copyfile(ORDER, project / "manuals" / "order.pdf")
    (project / "manuals" / "short.yml").write_text(SHORT.format(file="    file: order.pdf\n"), encoding="utf-8")
    (project / "manuals" / "plain.yml").write_text(SHORT.format(file="").replace("id: short", "id: plain"),
                                                   encoding="utf-8")
    handbook = require_handbook(project)
    cache = tmp_path / "cache"
    with_order = write_manual_pdf(handbook, handbook.manuals["short"], "th", tmp_path / "short.pdf", cache_dir=cache)
    without = write_manual_pdf(handbook, handbook.manuals["plain"], "th", tmp_path / "plain.pdf", cache_dir=cache)
    assert len(PdfReader(with_order).pages) == len(PdfReader(without).pages) + order_pages()
    assert sum(len(big_images(page)) for page in PdfReader(with_order).pages) == order_pages()
    # a rebuild takes the page images from the cache: rendering again would fail here
    monkeypatch.setattr(appendix, "_save_page", lambda *args: pytest.fail("the order was rendered again"))
    write_manual_pdf(handbook, handbook.manuals["short"], "th", tmp_path / "again.pdf", cache_dir=cache)
    assert len(list((cache / "appendix").iterdir())) == 1


def test_cached_pages_survive_parallel_jobs_and_a_damaged_entry_is_rendered_again(tmp_path):
    """The PDF and DOCX jobs of one manual render the same order at once (two processes); a page image
    deleted from the cache by hand is rendered again rather than left out of the manual."""
    import concurrent.futures

    from generator.manuals.appendix import render_pages

    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(render_pages, [ORDER, ORDER], [tmp_path, tmp_path]))
    assert results[0] == results[1] and len(results[0]) == order_pages()
    assert all(page.image.is_file() for page in results[0])
    assert [p.name for p in (tmp_path / "appendix").iterdir()] == [results[0][0].image.parent.name], "no leftovers"
    assert results[0][0].width_mm == pytest.approx(210, abs=0.5) and results[0][0].height_mm == pytest.approx(297, abs=0.5)
    results[0][0].image.unlink()
    again = render_pages(ORDER, tmp_path)
    assert again[0].image.is_file() and len(again) == order_pages()


def test_docx_appendix_has_a_picture_per_page_of_the_order(project, tmp_path):
    from generator.manuals.docx import write_manual_docx

    shutil.copyfile(ORDER, project / "manuals" / "order.pdf")
    (project / "manuals" / "short.yml").write_text(SHORT.format(file="    file: order.pdf\n"), encoding="utf-8")
    handbook = require_handbook(project)
    path = write_manual_docx(handbook, handbook.manuals["short"], "th", tmp_path / "short.docx", cache_dir=tmp_path / "c")
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        media = {name: archive.getinfo(name).file_size for name in archive.namelist() if name.startswith("word/media/")}
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    heading = [m.start() for m in re.finditer("ภาคผนวก", document)][-1]  # the heading, after the contents line
    after = document[heading:]
    drawings = re.findall(r'<w:drawing>.*?r:embed="(rId\d+)".*?</w:drawing>', after, flags=re.S)
    assert len(drawings) == order_pages()
    assert after.count('<w:pageBreakBefore/>') >= order_pages(), "each page of the order on a page of its own"
    for rid in drawings:
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        assert media["word/" + target.group(1)] > 20_000, "a page image, not an icon"
    extents = [int(cx) for cx in re.findall(r'<wp:extent cx="(\d+)"', after)]
    assert all(150 * 36000 <= cx <= 160 * 36000 for cx in extents), "fitted to the 160 mm text block"


def test_libreoffice_prints_the_order_as_pages_of_the_docx(project, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    from generator.manuals.docx import write_manual_docx

    shutil.copyfile(ORDER, project / "manuals" / "order.pdf")
    (project / "manuals" / "short.yml").write_text(SHORT.format(file="    file: order.pdf\n"), encoding="utf-8")
    (project / "manuals" / "plain.yml").write_text(SHORT.format(file="").replace("id: short", "id: plain"),
                                                   encoding="utf-8")
    handbook = require_handbook(project)
    counts = {}
    for name in ("short", "plain"):
        docx = write_manual_docx(handbook, handbook.manuals[name], "th", tmp_path / f"{name}.docx",
                                 cache_dir=tmp_path / "c")
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=240)
        counts[name] = len(PdfReader(tmp_path / f"{name}.pdf").pages)
    assert counts["short"] == counts["plain"] + order_pages()


# --------------------------------------------------------------------------- 1. bad appendix files


MANUAL = "id: sudarat-m\nkind: personal\nauthor: sudarat-m\nformats: [pdf]\nappendix:\n  - title: คำสั่ง\n    file: order.pdf\n"


def _write_pdf(path: Path, pages: int = 1, size: tuple[float, float] = (595, 842), password: str | None = None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(*size)
    if password:
        writer.encrypt(user_password=password, owner_password="owner")
    writer.write(path)


@pytest.mark.parametrize("make, needle", [
    (lambda p: _write_pdf(p, password="secret"), "is protected by a password"),
    (lambda p: _write_pdf(p, pages=0), "has no pages"),
    (lambda p: _write_pdf(p, pages=61), "has 61 pages"),
    (lambda p: _write_pdf(p, size=(3000, 3000)), "of 1058 × 1058 mm"),
    (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage\n%%EOF\n"), "is damaged"),
    (lambda p: p.write_bytes(b"PK\x03\x04 a zip file"), "is not a PDF file"),
])
def test_check_refuses_appendix_pdfs_that_cannot_be_printed(mini, make, needle):
    (mini.root / "manuals").mkdir()
    make(mini.root / "manuals" / "order.pdf")
    mini.write("manuals/sudarat-m.yml", MANUAL)
    _handbook, diagnostics = load_handbook(mini.root)
    errors = [d for d in diagnostics if d.severity == "error"]
    assert len(errors) == 1, [d.format() for d in diagnostics]
    error = errors[0]
    assert error.file == "manuals/sudarat-m.yml" and error.line == mini.line_of("manuals/sudarat-m.yml", "file:")
    assert needle in error.message and error.path == "appendix[1].file" and "PDF" in error.hint


def test_check_refuses_a_huge_appendix_pdf(mini, monkeypatch):
    import generator.model.attachments as attachments

    monkeypatch.setattr(attachments, "MAX_PDF_BYTES", 1024)
    (mini.root / "manuals").mkdir()
    shutil.copyfile(ORDER, mini.root / "manuals" / "order.pdf")
    mini.write("manuals/sudarat-m.yml", MANUAL)
    _handbook, diagnostics = load_handbook(mini.root)
    assert any("an appendix file may have at most" in d.message for d in diagnostics), [d.format() for d in diagnostics]


def test_a_file_spoilt_after_the_check_stops_the_build_with_file_and_line(mini, tmp_path):
    from generator.manuals.appendix import AppendixError
    from generator.manuals.pdf import write_manual_pdf

    (mini.root / "manuals").mkdir()
    shutil.copyfile(ORDER, mini.root / "manuals" / "order.pdf")
    mini.write("manuals/sudarat-m.yml", MANUAL)
    handbook = require_handbook(mini.root)
    _write_pdf(mini.root / "manuals" / "order.pdf", password="secret")
    with pytest.raises(AppendixError) as caught:
        write_manual_pdf(handbook, handbook.manuals["sudarat-m"], "th", tmp_path / "m.pdf", cache_dir=tmp_path / "c")
    line = mini.line_of("manuals/sudarat-m.yml", "file:")
    assert str(caught.value).startswith(f"manuals/sudarat-m.yml:{line}:")
    assert "password" in str(caught.value) and not (tmp_path / "m.pdf").exists()


# --------------------------------------------------------------------------- 2. contents: long titles


def _contents_html(titles: list[tuple[str, str]]) -> str:
    """The contents markup of templates/print/manual.html.j2 with the real manual.css, a target page after it."""
    from generator.manuals.pdf import _font_css

    template = (TEMPLATES / "manual.html.j2").read_text(encoding="utf-8")
    entry = re.search(r'<li class="level-2"><a class="main-entry" href="[^"]*">\{\{ ch.title \}\}(.*?)</a></li>',
                      template).group(1)  # what the template puts after a title (the dot-leader box)
    items = "".join(f'<li class="{cls}"><a class="main-entry" href="#x">{title}{entry}</a></li>'
                    for cls, title in titles)
    css = (TEMPLATES / "manual.css").read_text(encoding="utf-8")
    return (f"<html lang='th'><style>{_font_css()}{css}:root {{ --main-style: thai; --front-style: thai-alpha; }}"
            f"</style><body><div class='frontmatter'><section class='front toc'><ol>{items}</ol></section></div>"
            f"<div class='mainmatter'>" + "<section class='main'><p>x</p></section>" * 120
            + "<section class='main' id='x'><p>x</p></section></div></body></html>")


def test_contents_keep_the_page_number_on_the_last_line_of_a_long_title(tmp_path):
    """Titles of every length from 100 to 200 characters, as chapters (level 2) and work units (bold):
    the page number (three digits) never stands on a line of its own, and stays in one column."""
    import weasyprint

    import generator.manuals.pdftext as pdftext

    base = ("งานสารบรรณ การรับ การส่ง การเก็บรักษา การยืม และการทำลายหนังสือราชการ ทั้งหนังสือภายนอก "
            "หนังสือภายใน หนังสือประทับตรา หนังสือสั่งการ หนังสือประชาสัมพันธ์ และหนังสือราชการทางอิเล็กทรอนิกส์"
            "ของกลุ่มนโยบายและแผน")
    titles = [("level-2", base[:n]) for n in range(100, 200)] + [("toc-part", "ส่วนที่ ๑ " + base[:n])
                                                                for n in range(100, 190)]
    pdftext.install()
    pdf = tmp_path / "toc.pdf"
    weasyprint.HTML(string=_contents_html(titles)).write_pdf(pdf)
    import pdfplumber

    numbered = 0
    with pdfplumber.open(pdf) as document:
        for page in document.pages[:len(document.pages) - 121]:  # the contents, not the 121 pages after them
            lines: dict[int, list] = {}
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=True):
                lines.setdefault(round(word["top"]), []).append(word)
            for top, words in lines.items():
                text = "".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]))
                match = re.search(r"([๐-๙]+)$", text)
                if not match or not text.rstrip("๐๑๒๓๔๕๖๗๘๙").strip("."):
                    assert not match, f"a page number alone on its line: {text!r}"
                    continue
                numbered += 1
                assert thai_int(match.group(1)) == 121
                assert re.search("[ก-๎]", text[:-len(match.group(1))].rstrip(". ")), text
                right = max(w["x1"] for w in words)
                assert abs(right - (page.width - 20 / 25.4 * 72)) < 1.5, f"number not in the column: {text!r}"
    assert numbered == len(titles)


def test_group_manual_contents_with_a_150_character_unit_name(tmp_path):
    """A work unit named with 150 Thai characters: its entry in the contents wraps, and its page number is on
    the line where the name ends (pdftotext), for the unit and for a long chapter title under it."""
    from generator.manuals.pdf import write_manual_pdf

    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("site", "docs", ".cache", "out"))
    unit = ("งานธุรการ งานสารบรรณ งานประสานงานและให้บริการ งานจัดการประชุมภายในกลุ่มนโยบายและแผน "
            "งานจัดการความรู้ภายในกลุ่มนโยบายและแผน และงานสนับสนุนการปฏิบัติราชการของกลุ่มนโยบายและแผนทุกด้าน")[:150]
    assert len(unit) == 150
    office = (project / "office.yml").read_text(encoding="utf-8")
    (project / "office.yml").write_text(office.replace("name: {th: งานธุรการ,", f"name: {{th: {unit},", 1),
                                        encoding="utf-8")
    (project / "manuals" / "units.yml").write_text(
        "id: units\nkind: group\nauthor: pornthip-w\nprocedures: [records-management, coordination-service]\n"
        "parts: [contents]\n", encoding="utf-8")
    handbook = require_handbook(project)
    pdf = write_manual_pdf(handbook, handbook.manuals["units"], "th", tmp_path / "units.pdf", cache_dir=tmp_path / "c")
    pages = pages_text(pdf)
    contents = next(page for page in pages if first_line(page) == "สารบัญ")
    lines = [line for line in contents.splitlines() if line.strip()]
    assert not [line for line in lines if re.fullmatch(r"[\s.]*[๐-๙]+\s*", line)], "a number on a line of its own"
    end = squash(unit)[-12:]
    line = next(line for line in lines if end in squash(line))
    assert re.search(r"[^\s.][\s.]*\.{3,}\s*[๐-๙]+\s*$", line), line
    at = lines.index(line)
    assert squash(unit)[:12] in squash("".join(lines[at - 3:at + 1])), "the name wraps onto at most four lines"


# --------------------------------------------------------------------------- 3. PDF outline


def _outline(pdf: Path) -> list[tuple[str, list]]:
    """The PDF outline as (title, children) pairs (pypdf)."""
    reader = PdfReader(pdf)

    def nest(items) -> list[tuple[str, list]]:
        out: list[tuple[str, list]] = []
        for item in items:
            if isinstance(item, list):
                out[-1] = (out[-1][0], nest(item))
            else:
                out.append((squash(item.title), []))
        return out

    return nest(reader.outline)


def test_group_manual_outline_nests_chapters_under_their_work_units(example_site):
    from generator.manuals.content import manual_procedures
    from generator.text import digits

    handbook = require_handbook(ROOT)
    outline = _outline(example_site / "manuals" / "policy-planning-group.pdf")
    top = [title for title, _children in outline]
    procedures = manual_procedures(handbook, handbook.manuals["policy-planning-group"])
    expected_parts = []
    for unit in handbook.office.group.work_units:
        own = [p for p in procedures if p.work_unit == unit.id]
        if own:
            expected_parts.append((squash(f"ส่วนที่ {digits(len(expected_parts) + 1, 'thai')} {unit.name.th}"), own))
    assert top[:3] == [squash("คำนำ"), squash("สารบัญ"), squash("บทนำ")]
    assert top[3:] == [label for label, _own in expected_parts] + [squash("ภาคผนวก")]
    for (label, own), (title, children) in zip(expected_parts, outline[3:]):
        assert [child for child, _grand in children] == [squash(p.title.th) for p in own], label
        assert all(grand and grand[0][0] == squash("๑. ชื่องาน") for _child, grand in children), "sections below"


def test_personal_manual_outline_has_its_chapters_at_the_top_level(example_site):
    from generator.manuals.content import manual_procedures

    handbook = require_handbook(ROOT)
    outline = _outline(example_site / "manuals" / "kamonwan-s.pdf")
    top = [title for title, _children in outline]
    chapters = [squash(p.title.th) for p in manual_procedures(handbook, handbook.manuals["kamonwan-s"])]
    assert top == [squash("คำนำ"), squash("สารบัญ"), squash("บทนำ"), *chapters, squash("ภาคผนวก")]
    appendix = dict(outline)[squash("ภาคผนวก")]
    assert [title for title, _children in appendix] == [squash("คำสั่งมอบหมายงาน")]
