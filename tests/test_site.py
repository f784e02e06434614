"""The built example site: a page per procedure, officer and unit, with every section's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.i18n import t
from generator.model.loader import iter_texts, require_handbook

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture
SECTIONS = ["objectives", "scope", "definitions", "steps", "flowchart", "indicators", "outcomes", "forms",
            "references", "legal_basis", "revision"]


@pytest.fixture(scope="module")
def handbook():
    return require_handbook(ROOT)


def page(site: Path, rel: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    for link in soup.select("a.headerlink"):
        link.decompose()
    for word in soup.select("span.w"):  # Thai words kept whole by the build (generator/site/pages.py)
        word.unwrap()
    soup.smooth()
    return soup


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_one_page_per_procedure_officer_and_unit(example_site, handbook):
    for lang_dir in ("", "en/"):
        for pid in handbook.procedures:
            assert (example_site / f"{lang_dir}procedures/{pid}.html").exists(), pid
        for oid in handbook.officers:
            assert (example_site / f"{lang_dir}officers/{oid}.html").exists(), oid
        for unit in handbook.office.group.work_units:
            assert (example_site / f"{lang_dir}units/{unit.id}.html").exists(), unit.id


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_text_of_every_procedure_is_on_its_page(example_site, handbook, lang):
    prefix = "" if lang == "th" else "en/"
    for pid, procedure in handbook.procedures.items():
        soup = page(example_site, f"{prefix}procedures/{pid}.html")
        article = squash(soup.select_one("article").get_text(" "))
        headings = [squash(h.get_text()) for h in soup.select("article h2")]
        for section in ([] if procedure.is_service else SECTIONS):  # services: tests/test_services.py
            if section in ("definitions", "indicators", "outcomes", "forms", "references", "legal_basis") \
                    and not getattr(procedure, section):
                continue
            assert t(section, lang) in headings, (pid, section)
        order = [headings.index(t(s, lang)) for s in SECTIONS if t(s, lang) in headings]
        assert order == sorted(order), (pid, "sections out of the manual's order")
        for loc, text in iter_texts(procedure):
            if loc[-1] == "short" or "branches" in loc and loc[-1] == "label" and False:
                continue
            if loc[-1] == "short":
                continue
            assert squash(text.get(lang)) in article, (pid, loc)


def test_steps_table_columns_and_thai_numbering(example_site, handbook):
    pid, procedure = next(iter(handbook.procedures.items()))
    soup = page(example_site, f"procedures/{pid}.html")
    table = soup.select_one("table.hb-steps")
    assert [squash(th.get_text()) for th in table.select("thead th")] == ["ลำดับ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ", "มาตรฐานการปฏิบัติงาน"]
    numbers = [squash(td.get_text()) for td in table.select("tbody td.hb-no")]
    assert numbers[:3] == ["๑", "๒", "๓"] and len(numbers) == len(procedure.steps)
    en = page(example_site, f"en/procedures/{pid}.html").select_one("table.hb-steps")
    assert [squash(td.get_text()) for td in en.select("tbody td.hb-no")][:3] == ["1", "2", "3"]


def test_summary_box_and_last_updated(example_site, handbook):
    for pid in handbook.procedures:
        soup = page(example_site, f"procedures/{pid}.html")
        summary = squash(soup.select_one(".hb-summary").get_text(" "))
        assert "ปรับปรุงล่าสุด" in summary
        assert re.search(r"[๐-๙]{1,2} \S+ [๐-๙]{4}", squash(soup.select_one(".hb-updated").get_text())), pid


def test_officer_page_lists_duties_and_procedures(example_site, handbook):
    for oid, officer in handbook.officers.items():
        soup = page(example_site, f"officers/{oid}.html")
        text = squash(soup.select_one("article").get_text(" "))
        assert squash(officer.name.th) in text
        for pid in officer.procedures:
            assert soup.select_one(f'a[href="../procedures/{pid}.html"]') is not None, (oid, pid)
        for duty in officer.duties:
            assert squash(duty.text.th) in text


def test_home_lists_every_procedure_by_unit(example_site, handbook):
    soup = page(example_site, "index.html")
    links = {a["href"] for a in soup.select("article a[href]")}
    for pid in handbook.procedures:
        assert f"procedures/{pid}.html" in links
    text = squash(soup.select_one("article").get_text(" "))
    for item in handbook.office.group.mandate:
        assert squash(item.th) in text


def test_internal_links_resolve(example_site):
    missing = []
    for html in example_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a[href]"):
            href = a["href"].split("#")[0]
            if not href or re.match(r"^[a-z]+:", href):
                continue
            target = (example_site / href.lstrip("/")) if href.startswith("/") else (html.parent / href)
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append((str(html.relative_to(example_site)), a["href"]))
    assert missing == []
