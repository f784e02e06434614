"""ITA publication kit (issue 6): items, URLs, completeness, CSV/JSON, page, redirects, criteria errors."""

from __future__ import annotations

import csv
import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from markupsafe import escape

from generator.model.checks import ita_staff_manual_gaps
from generator.model.diagnostics import CheckFailed
from generator.ita.command import ita_command
from generator.ita.files import procedure_url, report_rows, write_ita_files
from generator.ita.page import redirect_pages, render_ita_page
from generator.ita.report import ItaError, ita_report
from generator.model.criteria import load_criteria
from generator.model.loader import load_handbook
from generator.manuals.content import manual_url

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture
SKIP = {"site", "docs", ".venv", ".git", ".pytest_cache", "tests", "bench", "manuals", "__pycache__"}


def _manual(mid: str, kind: str, author: str, memo: bool = True) -> str:
    text = f"id: {mid}\nkind: {kind}\nauthor: {author}\n"
    return text + ("memo:\n  date: 2026-11-02\n" if memo else "")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled office with a group manual and one personal manual per officer."""
    target = tmp_path / "project"
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in SKIP and folder == str(ROOT)])
    manuals = target / "manuals"
    manuals.mkdir()
    (manuals / "group.yml").write_text(_manual("group", "group", "pornthip-w"), encoding="utf-8")
    for officer in (ROOT / "officers").glob("*.yml"):
        (manuals / officer.name).write_text(_manual(officer.stem, "personal", officer.stem), encoding="utf-8")
    return target


def _load(root: Path):
    handbook, diagnostics = load_handbook(root)
    assert handbook is not None, [d.format() for d in diagnostics]
    return handbook


def _report(root: Path, year: int | None = None):
    handbook = _load(root)
    return handbook, ita_report(handbook, load_criteria(root), year)


def _row(rows: list[dict], item: str) -> dict:
    return next(r for r in rows if r["item"] == item)


# --------------------------------------------------------------------------- what the report lists


def _assert_lists_everything(handbook, report):
    rows = report_rows(report, "th")
    staff = _row(rows, "staff-manual")
    base = handbook.office.handbook_url
    assert staff["answer"] == "มี"
    assert staff["url"] == base + "ita.html#staff-manual"
    assert all(url.startswith(base) for url in staff["urls"])
    for manual in handbook.manuals.values():
        if manual.kind == "service":
            continue  # evidence of the service-manual item
        for kind in manual.formats:
            assert manual_url(handbook, manual.id, kind) in staff["urls"]
        if manual.memo is not None:
            assert manual_url(handbook, manual.id, "memo") in staff["urls"]
    complete = [pid for pid, p in handbook.procedures.items() if not p.is_service and not ita_staff_manual_gaps(p)]
    assert complete, "the example should have complete procedures"
    for pid in complete:
        assert procedure_url(handbook, pid) in staff["urls"]
    return staff


def test_report_lists_every_manual_and_complete_procedure(project):
    handbook, report = _report(project)
    assert report.year.year == 2570 and report.reason == "fiscal_year"  # the office's fiscal year is in the table
    assert len(handbook.manuals) == 5
    staff = _assert_lists_everything(handbook, report)
    assert staff["code"] == "O8"
    assert "๒๑ กระบวนงาน" in staff["explanation"] and "๕ เล่ม" in staff["explanation"]
    assert "บันทึกข้อความขออนุญาตเผยแพร่" in staff["explanation"]
    assert not re.search("[๐-๙]", "".join(staff["urls"]))  # Arabic digits in URLs
    en = _row(report_rows(report, "en"), "staff-manual")
    assert "21 procedures" in en["explanation"] and en["answer"] == "has"
    assert all(u.startswith(handbook.office.handbook_url + "en/") or "/manuals/" in u for u in en["urls"])


def test_bundled_example_as_it_is(tmp_path):
    """The bundled project itself (its manuals/ folder may still be in progress)."""
    handbook, diagnostics = load_handbook(ROOT)
    if handbook is None:
        pytest.skip("the bundled project has errors right now: " + "; ".join(d.format() for d in diagnostics[:3]))
    report = ita_report(handbook, load_criteria(ROOT))
    _assert_lists_everything(handbook, report)


def test_year_2567_uses_its_own_code(project):
    _handbook, report = _report(project, 2567)
    assert _row(report_rows(report, "th"), "staff-manual")["code"] == "o10"


def test_service_item_is_has_not_without_services(mini):
    handbook = _load(mini.root)
    report = ita_report(handbook, load_criteria(mini.root))
    service = _row(report_rows(report, "th"), "service-manual")
    assert service["answer"] == "ไม่มี" and service["url"] == "" and service["urls"] == []
    assert service["code"] == "O9"
    assert any(g.startswith("procedures/: ยังไม่มีงานบริการ") for g in service["gaps"])
    en = _row(report_rows(report, "en"), "service-manual")
    assert any(g.startswith("procedures/: no procedure is a service to the public") for g in en["gaps"])
    assert "ไม่มีกระบวนงานให้บริการประชาชน" in service["explanation"]


def test_unknown_code_is_said_not_guessed(project):
    _handbook, report = _report(project, 2567)
    service = _row(report_rows(report, "en"), "service-manual")
    assert service["code"] == "" and any("code is not known" in g for g in service["gaps"])


def test_service_item_answers_from_the_services(project):
    handbook, report = _report(project)
    service = _row(report_rows(report, "th"), "service-manual")
    assert service["code"] == "O9" and service["answer"] == "มี"
    assert service["url"] == handbook.office.handbook_url + "ita.html#service-manual"
    services = [pid for pid, p in handbook.procedures.items() if p.is_service]
    assert sorted(services) == ["education-data-request", "school-plan-consultation"]
    for pid in services:
        assert procedure_url(handbook, pid) in service["urls"]
    assert "จำนวน ๒ งานบริการ" in service["explanation"]
    assert service["gaps"] == ["manuals/: ยังไม่มีคู่มือสำหรับประชาชนสำหรับพิมพ์"]  # this copy has no service manual
    staff = _row(report_rows(report, "th"), "staff-manual")
    assert not any(procedure_url(handbook, pid) in staff["urls"] for pid in services)


def test_a_service_without_its_fee_does_not_count(project):
    path = project / "procedures" / "education-data-request.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  no_fee: true\n", "", 1), encoding="utf-8")
    handbook, report = _report(project)
    th = _row(report_rows(report, "th"), "service-manual")
    assert procedure_url(handbook, "education-data-request") not in th["urls"]
    assert procedure_url(handbook, "school-plan-consultation") in th["urls"]
    assert "procedures/education-data-request.yml: service.fees ยังไม่ได้ระบุค่าธรรมเนียม" in th["gaps"]
    en = _row(report_rows(report, "en"), "service-manual")
    assert "procedures/education-data-request.yml: service.fees is missing" in en["gaps"]
    assert "จำนวน ๑ งานบริการ" in th["explanation"]


def test_the_service_manual_is_evidence_of_o9(tmp_path):
    """The example office as it is (with its service manual): O9 lists the manual's files and the service pages."""
    target = tmp_path / "office"
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in {"site", "docs", ".cache"}])
    handbook, report = _report(target)
    service = _row(report_rows(report, "th"), "service-manual")
    assert service["answer"] == "มี"
    for kind in ("pdf", "docx", "memo"):
        assert manual_url(handbook, "service-manual", kind) in service["urls"]
    staff = _row(report_rows(report, "th"), "staff-manual")
    assert manual_url(handbook, "service-manual", "pdf") not in staff["urls"]
    page = render_ita_page(handbook, report, "th")
    assert 'href="manuals/service-manual.pdf"' in page and 'href="procedures/education-data-request.html"' in page
    assert "คู่มือสำหรับประชาชน" in page


def test_unknown_or_too_early_year(project):
    handbook = _load(project)
    criteria = load_criteria(project)
    with pytest.raises(ItaError, match="ITA 2590 is not in ita/criteria.yml"):
        ita_report(handbook, criteria, 2590)
    early = handbook.office.model_copy(update={"fiscal_year": 2560})
    with pytest.raises(ItaError, match="no ITA year at or before"):
        ita_report(type(handbook)(handbook.root, early, handbook.procedures, handbook.officers,
                                  handbook.sources, handbook.manuals), criteria)


# --------------------------------------------------------------------------- completeness


def test_removing_step_times_drops_the_procedure(project):
    path = project / "procedures" / "budget-transfer.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^ +duration:.*\n", "", text, flags=re.M), encoding="utf-8")
    handbook, report = _report(project)
    staff = _row(report_rows(report, "th"), "staff-manual")
    assert staff["answer"] == "มี"
    assert procedure_url(handbook, "budget-transfer") not in staff["urls"]
    assert procedure_url(handbook, "budget-allocation") in staff["urls"]
    assert "procedures/budget-transfer.yml: steps[1].duration ยังไม่ได้ระบุระยะเวลาของขั้นตอน" in staff["gaps"]
    assert "๒๐ กระบวนงาน" in staff["explanation"]
    # the manuals holding it no longer count either, and say why (in Thai and in English)
    assert 'manuals/thanakorn-b.yml: procedures มี "budget-transfer" ซึ่งยังไม่ครบตามเกณฑ์' in staff["gaps"]
    en = _row(report_rows(report, "en"), "staff-manual")
    assert "procedures/budget-transfer.yml: steps[1].duration is missing" in en["gaps"]
    assert 'manuals/thanakorn-b.yml: procedures contains "budget-transfer", which does not meet the criteria' \
        in en["gaps"]
    assert manual_url(handbook, "thanakorn-b", "pdf") not in staff["urls"]
    assert manual_url(handbook, "kamonwan-s", "pdf") in staff["urls"]
    page = render_ita_page(handbook, report, "th")
    assert "procedures/budget-transfer.yml: steps[1].duration ยังไม่ได้ระบุระยะเวลาของขั้นตอน" in page
    assert "procedures/budget-transfer.yml: steps[1].duration is missing" in render_ita_page(handbook, report, "en")


def test_manual_without_memo_is_listed_with_a_gap(project):
    (project / "manuals" / "sudarat-m.yml").write_text(_manual("sudarat-m", "personal", "sudarat-m", memo=False),
                                                       encoding="utf-8")
    handbook, report = _report(project)
    staff = _row(report_rows(report, "th"), "staff-manual")
    assert "manuals/sudarat-m.yml: memo ยังไม่มีบันทึกข้อความขออนุญาตเผยแพร่" in staff["gaps"]
    assert "manuals/sudarat-m.yml: memo is missing" in _row(report_rows(report, "en"), "staff-manual")["gaps"]
    assert manual_url(handbook, "sudarat-m", "pdf") in staff["urls"]  # the memo does not change the answer
    assert "ขออนุญาตเผยแพร่" not in staff["explanation"]  # no claim of permission for every manual


def test_urls_are_named_by_id_not_title(project):
    handbook, report = _report(project)
    before = _row(report_rows(report, "th"), "staff-manual")["urls"]
    path = project / "procedures" / "budget-transfer.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "th: งานบริหารงบประมาณและการโอนเปลี่ยนแปลงงบประมาณ", "th: งานโอนงบประมาณ (ชื่อใหม่)", 1), encoding="utf-8")
    _handbook, report = _report(project)
    assert _row(report_rows(report, "th"), "staff-manual")["urls"] == before


# --------------------------------------------------------------------------- files and page


def test_csv_and_json_equal_the_rows(project, tmp_path):
    _handbook, report = _report(project)
    rows = report_rows(report, "th")
    csv_path, json_path = write_ita_files(report, tmp_path / "out")
    assert csv_path.name == "ita-2570.csv" and json_path.name == "ita-2570.json"
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Thai text as UTF-8
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        from_csv = list(csv.DictReader(f))
    assert len(from_csv) == len(rows)
    for got, want in zip(from_csv, rows):
        for key, value in want.items():
            if isinstance(value, list):
                assert (got[key].split("\n") if got[key] else []) == value
            else:
                assert got[key] == str(value)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["year"] == 2570 and data["items"] == rows and all(r["year"] == 2570 for r in rows)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_matches_the_rows(project, lang):
    handbook, report = _report(project)
    page = render_ita_page(handbook, report, lang)
    assert page.startswith("---\ntitle: ")
    for row in report_rows(report, lang):
        assert f"{{#{row['item']}}}" in page
        assert f"<strong>{row['answer']}</strong>" in page
        assert str(escape(row["explanation"])) in page
        if row["url"]:
            assert row["url"] in page
        for url in row["urls"]:
            assert url in page
        for gap in row["gaps"]:
            assert str(escape(gap)) in page
    for manual in handbook.manuals:
        prefix = "../" if lang == "en" else ""
        assert f'href="{prefix}manuals/{manual}-memo.pdf"' in page


# --------------------------------------------------------------------------- redirects and links


def _add_redirect(project: Path) -> None:
    office = project / "office.yml"
    office.write_text(office.read_text(encoding="utf-8") + "redirects:\n  budget-plan: budget-allocation\n",
                      encoding="utf-8")


def test_redirect_pages_point_at_the_new_page(project):
    _add_redirect(project)
    handbook = _load(project)
    pages = redirect_pages(handbook)
    assert set(pages) == {"procedures/budget-plan.html", "en/procedures/budget-plan.html"}
    for path, text in pages.items():
        lang = "en" if path.startswith("en/") else "th"
        soup = BeautifulSoup(text, "html.parser")
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=budget-allocation.html"
        assert soup.find("link", rel="canonical")["href"] == procedure_url(handbook, "budget-allocation", lang)
        assert soup.find("a")["href"] == "budget-allocation.html"
        assert soup.find("a").get_text() == handbook.procedures["budget-allocation"].title.get(lang)


def _hrefs(markup: str) -> list[str]:
    soup = BeautifulSoup(markup, "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)] + [l["href"] for l in soup.find_all("link", href=True)]


def test_every_link_of_the_ita_page_works_in_the_built_site(project, tmp_path):
    """Build the site, add the ITA page and redirects as the build will, and follow every link."""
    from generator.build import build

    _add_redirect(project)
    site = build(project, site_dir=tmp_path / "site", docs_dir=tmp_path / "docs")
    handbook, report = _report(project)
    for path, text in redirect_pages(handbook).items():
        (site / path).write_text(text, encoding="utf-8")
    base = handbook.office.handbook_url

    pages: dict[str, str] = {}
    for lang in handbook.office.languages:
        at = "ita.html" if lang == "th" else f"{lang}/ita.html"
        built = site / at
        # the lead's build writes ita.html; until then the rendered page (raw HTML links) stands in for it
        pages[at] = built.read_text(encoding="utf-8") if built.exists() else render_ita_page(handbook, report, lang)
    pages.update({p: (site / p).read_text(encoding="utf-8") for p in redirect_pages(handbook)})

    def exists(target: str) -> bool:
        path = site / target
        if path.is_dir():  # a language root such as ./ or en/
            path = path / "index.html"
        return path.is_file() or target in pages

    def waits(target: str) -> bool:  # a manual file, before the build writes manuals/
        return "manuals/" in target and not (site / "manuals").exists()

    pending, broken, checked = [], [], 0
    for at, markup in pages.items():
        for href in _hrefs(markup):
            parts = urlsplit(href)
            if href.startswith(base):
                target = parts.path[len(urlsplit(base).path):]
            elif not parts.scheme and parts.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(at), parts.path))
            else:
                continue
            checked += 1
            if not exists(target):
                (pending if waits(target) else broken).append(f"{at}: {href} → {target}")
    # every public URL of the CSV/JSON rows, too
    for lang in handbook.office.languages:
        for row in report_rows(report, lang):
            for url in ([row["url"]] if row["url"] else []) + row["urls"]:
                assert url.startswith(base)
                target = urlsplit(url).path[len(urlsplit(base).path):]
                checked += 1
                if not exists(target):
                    (pending if waits(target) else broken).append(url)
    assert checked > 100
    assert not broken, broken
    if pending:
        pytest.skip(f"{len(pending)} links to manual files wait for the build to write manuals/ "
                    f"(PDF/DOCX writers), e.g. {pending[0]}")


# --------------------------------------------------------------------------- the criteria file


def _criteria_copy(project: Path) -> Path:
    return project / "ita" / "criteria.yml"


def test_bad_criteria_file_gives_file_and_line(project):
    path = _criteria_copy(project)
    text = path.read_text(encoding="utf-8")
    text = text.replace("        code: O8\n", "        codes: O8\n", 1).replace("check: laws", "check: law", 1)
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    with pytest.raises(CheckFailed) as failure:
        load_criteria(project)
    found = {d.path: d for d in failure.value.diagnostics}
    codes = found["years[2].items[1].codes"]
    assert codes.file == "ita/criteria.yml"
    assert "codes: O8" in lines[codes.line - 1]
    assert 'did you mean "code"?' in codes.hint
    law = found["years[1].items[1].criteria[4].check"]
    assert "check: law" in lines[law.line - 1] and "is not allowed" in law.message
    assert codes.format().startswith(f"ita/criteria.yml:{codes.line}:")


def test_criteria_syntax_error_and_duplicate_year(project):
    path = _criteria_copy(project)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("  - year: 2568", "  - year: 2567", 1), encoding="utf-8")
    with pytest.raises(CheckFailed) as failure:
        load_criteria(project)
    (d,) = failure.value.diagnostics
    assert d.path == "years[2].year" and "already given in years[1]" in d.message
    assert "year: 2567" in path.read_text(encoding="utf-8").splitlines()[d.line - 1]
    path.write_text(good.replace("code: O8", "code: [O8", 1), encoding="utf-8")
    with pytest.raises(CheckFailed) as failure:
        load_criteria(project)
    assert failure.value.diagnostics[0].file == "ita/criteria.yml" and failure.value.diagnostics[0].line > 0


def test_criteria_fall_back_to_the_bundled_table(mini):
    assert not (mini.root / "ita").exists()
    criteria = load_criteria(mini.root)
    assert {y.year for y in criteria.years} >= {2567, 2568, 2569, 2570}


# --------------------------------------------------------------------------- the command


def test_ita_command(project, tmp_path, capsys):
    handbook = _load(project)
    assert ita_command(handbook, project, None, tmp_path / "out") == 0
    out = capsys.readouterr().out
    assert "[O8]" in out and "https://handbook.srisuk1.example.go.th/ita.html#staff-manual" in out
    assert "[O9]" in out
    assert (tmp_path / "out" / "ita-2570.csv").exists() and (tmp_path / "out" / "ita-2570.json").exists()
    assert ita_command(handbook, project, 2590, tmp_path / "out") == 2
    assert "known years: 2567, 2568, 2569, 2570" in capsys.readouterr().err
    _criteria_copy(project).write_text("years: []\n", encoding="utf-8")
    assert ita_command(handbook, project, None, tmp_path / "out") == 1
    assert "ita/criteria.yml:" in capsys.readouterr().err


# --------------------------------------------------------------------------- which year, said on the page


def _set_fiscal_year(project: Path, year: int) -> None:
    office = project / "office.yml"
    office.write_text(re.sub(r"^fiscal_year: \d+$", f"fiscal_year: {year}", office.read_text(encoding="utf-8"),
                             flags=re.M), encoding="utf-8")


def test_years_2569_and_2570_have_o8_and_o9(project):
    criteria = load_criteria(project)
    for year in (2569, 2570):
        block = criteria.year(year)
        assert [(i.item, i.code, i.verified) for i in block.items] == [
            ("staff-manual", "O8", False), ("service-manual", "O9", False)]
        assert block.items[1].title.th == "คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ"
        assert {c.check for c in block.items[1].criteria} == {"steps", "step_time", "channel_or_unit", "fee", "documents"}
    assert criteria.year(2568).items[1].code == "O9"


@pytest.mark.parametrize("fiscal, year, reason, phrase", [
    (2570, 2570, "fiscal_year", "ซึ่งตรงกับปีงบประมาณปัจจุบันของ"),
    (2572, 2570, "latest_before", "ซึ่งเป็นปีล่าสุดที่มีเกณฑ์ก่อนปีงบประมาณปัจจุบันของ"),
])
def test_page_says_which_year_and_why(project, tmp_path, fiscal, year, reason, phrase):
    _set_fiscal_year(project, fiscal)
    handbook, report = _report(project)
    assert report.year.year == year and report.reason == reason
    page = render_ita_page(handbook, report, "th")
    statement = re.search(r'<p class="hb-ita-year"><strong>(.*?)</strong></p>', page).group(1)
    assert f"ITA ประจำปีงบประมาณ พ.ศ. {'๒๕๗๐'}" in statement and phrase in statement
    assert ("พ.ศ. ๒๕๗๒" in statement) == (fiscal == 2572)
    en = render_ita_page(handbook, report, "en")
    assert f"ITA of fiscal year {year}" in en
    csv_path, json_path = write_ita_files(report, tmp_path / "out")
    assert csv_path.name == f"ita-{year}.csv"
    assert json.loads(json_path.read_text(encoding="utf-8"))["year"] == year
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        assert {row["year"] for row in csv.DictReader(f)} == {str(year)}


def test_thai_page_is_all_thai_and_has_no_internal_notes(project):
    path = project / "procedures" / "budget-transfer.yml"
    path.write_text(re.sub(r"^ +duration:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    (project / "manuals" / "sudarat-m.yml").write_text(_manual("sudarat-m", "personal", "sudarat-m", memo=False),
                                                       encoding="utf-8")
    handbook, report = _report(project)
    page = render_ita_page(handbook, report, "th")
    gaps = re.findall(r'<ul class="hb-ita-gaps">(.*?)</ul>', page, flags=re.S)
    assert gaps, "the page lists the gaps"
    # file paths, field names and YAML keys stay as written; ITA is the assessment's name in Thai too
    text = re.sub(r"<code>.*?</code>|<[^>]+>|[\w./<>-]+\.yml|\bITA\b", " ", "".join(gaps))
    assert "ยังไม่ได้ระบุระยะเวลาของขั้นตอน" in page and "ยังไม่มีบันทึกข้อความขออนุญาตเผยแพร่" in page
    english = re.findall(r"\b(?!memo|duration|no_fee|no_documents|fees|documents|service|manuals|procedures|"
                         r"legal_basis|responsible|responsible_unit|channels|total_time|complaints|kind|id|yml|true)"
                         r"[A-Za-z]{3,}\b", text)
    assert english == [], english
    for internal in ("GLOSSARY", "issue", "ยังไม่ได้ตรวจทาน", "not compared", "verified"):
        assert internal not in page, internal
