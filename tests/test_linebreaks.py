"""Thai line breaks (issue 21): no broken word, no line starting with ๆ, ฯ or a closing bracket, in the PDF,
the DOCX (LibreOffice: tests/test_manual_docx.py) and on the site; the office's own words as break hints."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.manuals.linebreaks import (
    broken_lines, count_breaks, handbook_words, is_one_word, keep_marks, office_words)
from generator.model.loader import require_handbook

ROOT = Path(__file__).resolve().parent / "fixtures" / "example"


@pytest.fixture(scope="module")
def handbook():
    return require_handbook(ROOT)


def test_keep_marks_glues_mai_yamok_paiyannoi_and_closing_brackets_to_the_word_before():
    assert keep_marks("งานอื่น ๆ ตามที่ได้รับมอบหมาย") == "งานอื่น\u00a0ๆ ตามที่ได้รับมอบหมาย"
    assert keep_marks("กรุงเทพ ฯ และ (ตัวอย่าง )") == "กรุงเทพ\u00a0ฯ และ (ตัวอย่าง\u00a0)"
    assert keep_marks("ค่าใช้จ่าย ฯลฯ") == "ค่าใช้จ่าย ฯลฯ", "ฯลฯ may start a line"
    assert keep_marks("ไม่มี") == "ไม่มี"


def test_count_breaks_finds_each_kind():
    words = ("บูรณาการ", "ผู้รับผิดชอบ")
    text = "การตรวจราชการแบบบูรณา\nการ ตามนโยบาย\nผู้\nรับผิดชอบงาน และงานอื่น\nๆ ของกลุ่ม (ตัวอย่าง\n) ต่อไป งบประมา\nณ"
    found = count_breaks(text, words)
    assert found["cut"] == ["บูรณา|การ", "งบประมา|ณ"]
    assert found["split"] == ["ผู้|รับผิดชอบ"]
    assert len(found["marks"]) == 2 and "|ๆ ของ" in found["marks"][0] and "|) ต่อไป" in found["marks"][1]
    assert len(broken_lines(text, words)) == 5
    # a line end between two words, a space or an abbreviation is no break
    assert count_breaks("การศึกษาของ\nสำนักงาน\nพ.ศ. ๒๕๖๙\nฯลฯ", words) == {"marks": [], "cut": [], "split": []}


def test_office_words_come_from_the_office_own_texts(handbook):
    words = handbook_words(handbook)
    assert "บูรณาการ" in words and "ผู้รับผิดชอบ" in words and "ยุทธศาสตร์" in words
    assert "หนังสือราชการ" not in words, "a phrase of two words may break between them"
    assert not any(" " in w or "ๆ" in w for w in words)
    assert is_one_word("บูรณาการ") and not is_one_word("พนักงานธุรการ")
    # from any office's texts: a word it does not use is not in its list
    assert office_words(["งานบูรณาการข้อมูล"]) == ("บูรณาการ",) or "บูรณาการ" in office_words(["งานบูรณาการข้อมูล"])
    assert "ยุทธศาสตร์" not in office_words(["งานบูรณาการข้อมูล"])
    assert handbook_words(handbook, "en") == ()


def test_docx_text_keeps_office_words_and_marks_together(handbook):
    from generator.manuals.docx.text import TextMixin

    writer = TextMixin()
    writer.lang, writer.names, writer.words = "th", (), frozenset(handbook_words(handbook))
    text = writer.glue(writer.breaks("การตรวจราชการแบบบูรณาการและงานอื่น ๆ ของคณะกรรมการเขตฯ"))
    assert "บูร\u2060ณา\u2060การ" in text, text
    assert "อื่น\u00a0ๆ" in text and "เขต\u2060ฯ" in text
    assert text.replace("\u2060", "").replace("\u200b", "").replace("\u00a0", " ") == \
        "การตรวจราชการแบบบูรณาการและงานอื่น ๆ ของคณะกรรมการเขตฯ"
    plain = writer.breaks("แบบบูรณาการ", keep_words=False)
    assert "\u2060" not in plain


def test_print_markup_keeps_marks_with_their_word():
    from generator.manuals.pdf import print_markup

    html = str(print_markup("คณะกรรมการเขตฯ ให้ความเห็นชอบ และงานอื่น ๆ ที่เกี่ยวข้อง"))
    assert re.search(r'<span class="nobr">[^<]*เขตฯ</span>', html), html
    assert "อื่น\u00a0ๆ" in html


def test_example_group_manual_pdf_breaks_no_word_and_starts_no_line_with_a_mark(handbook, example_site):
    """WeasyPrint (Pango) as built for the site: the group manual has no cut word and no line that starts with
    ๆ, ฯ or a closing bracket (before: คณะกรรมการเขต|ฯ in a flowchart label)."""
    pdf = example_site / "manuals" / "policy-planning-group.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = count_breaks(text, handbook_words(handbook))
    assert found["marks"] == [] and found["cut"] == [], found


def test_site_pages_keep_mai_yamok_with_its_word(example_site):
    """The site's text has no breakable space before ๆ (อื่น ๆ): a line never starts with it."""
    checked = 0
    for page in sorted((example_site / "procedures").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article") or soup
        for node in article.find_all(string=re.compile("ๆ")):
            if node.find_parent(["script", "style", "svg"]):
                continue
            checked += 1
            assert not re.search(r"[ \t\n]ๆ", str(node)), (page.name, str(node)[:80])
    assert checked > 0


def header_lines(pdf: Path, top_mm: float = 24.0, skip: int = 2) -> dict[int, int]:
    """Page number → how many lines of text stand above ``top_mm`` from the top (the running header), after
    the first ``skip`` pages (the cover, and the memo whose heading stands high)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = {}
    limit = top_mm * 72 / 25.4
    for number, body in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", out, re.S), start=1):
        tops = sorted(float(y) for y in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"', body) if float(y) < limit)
        lines = 0
        last = None
        for y in tops:
            if last is None or y - last > 6:
                lines += 1
            last = y
        if number > skip:
            found[number] = lines
    return found


def test_running_header_is_one_line_in_the_pdf(example_site):
    """The longest example chapter title (the inspection-reporting work, 179 mm at 10 pt) is shortened with …
    so that the running header stays on one line on every page."""
    from generator.manuals.linebreaks import running_title

    long = "การติดตามและรายงานการตรวจราชการตามนโยบายการตรวจราชการกระทรวงศึกษาธิการ และการตรวจราชการแบบบูรณาการ"
    short = running_title(long, 10)
    assert short.endswith("…") and long.startswith(short[:-1].rstrip()) and len(short) < len(long)
    assert running_title("งานสารบรรณ", 10) == "งานสารบรรณ"
    pdf = example_site / "manuals" / "policy-planning-group.pdf"
    lines = header_lines(pdf)
    assert max(lines.values()) == 1, {page: n for page, n in lines.items() if n > 1}
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "…" in text
