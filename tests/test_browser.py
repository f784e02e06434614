"""The built site in headless Chromium: no outside requests, Thai search, language switch.

A smaller version of ``bench/search.py`` (which types all 50 queries and compares
with stock search).
"""

from __future__ import annotations

import os
import shutil

import pytest

pytestmark = pytest.mark.browser

if not shutil.which("chromium") and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)

from browser import Browser, serve  # noqa: E402

PAGES = ["index.html", "units/budget.html", "procedures/annual-action-plan.html", "officers/kamonwan-s.html",
         "en/index.html", "en/procedures/budget-transfer.html", "en/officers/sudarat-m.html", "404.html",
         "procedures/education-data-request.html", "ita.html", "en/ita.html"]

# one or more queries of each kind of bench/search_queries.yml
QUERIES = [
    ("สารบรรณ", "procedures/records-management"),             # a word inside งานสารบรรณ
    ("ตรวจราชการ", "procedures/inspection-reporting"),         # inside การตรวจราชการ
    ("แผนปฏิบัติการประจำปี", "procedures/annual-action-plan"),  # a phrase typed without spaces
    ("โรงเรียนขนาดเล็ก", "procedures/small-schools"),
    ("ประชุมภายใน", "procedures/internal-meetings"),
    ("กศจ", "procedures/annual-action-plan"),                  # abbreviation (สพป./กศจ. style)
    ("ระบบeMENSCR", "procedures/emenscr-reporting"),            # English inside Thai, no space
    ("Smart OBEC", "procedures/records-management"),
]


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def base(example_site):
    with serve(example_site) as url:
        yield url


def test_no_request_leaves_the_site(browser, base):
    browser.outside.clear()
    for path in PAGES:
        response = browser.page.goto(base + path)
        assert response is not None and (response.ok or path == "404.html"), path
        browser.page.wait_for_load_state("networkidle")
        font = browser.page.evaluate("() => document.fonts.check('16px Sarabun')")
        assert font, f"Sarabun is not loaded on {path}"
    assert browser.outside == []


def test_thai_search_finds_the_page(browser, base):
    browser.open_search(base)
    misses = []
    for query, expected in QUERIES:
        results = browser.search(query)
        if expected not in results[:3]:
            misses.append((query, results[:3]))
    assert misses == []


def test_search_needs_no_wordcut(example_site):
    assert not (example_site / "assets" / "javascripts" / "lunr" / "wordcut.js").exists()


def test_page_text_has_no_zero_width_space(example_site):
    for html in list(example_site.glob("procedures/*.html"))[:5]:
        assert "\u200b" not in html.read_text(encoding="utf-8"), html.name


def test_language_switch_keeps_the_page(browser, base):
    browser.page.goto(base + "procedures/budget-transfer.html")
    browser.page.wait_for_load_state("networkidle")
    browser.page.hover(".md-header__option .md-select")
    browser.page.click('a.md-select__link[hreflang="en"]')
    browser.page.wait_for_url("**/en/procedures/budget-transfer.html", timeout=10000)
    assert browser.page.evaluate("document.documentElement.lang") == "en"
    browser.page.hover(".md-header__option .md-select")
    browser.page.click('a.md-select__link[hreflang="th"]')
    browser.page.wait_for_url("**/procedures/budget-transfer.html", timeout=10000)
    assert "/en/" not in browser.page.url


def _top_result(browser) -> dict:
    """The first result of the open search panel: its title and the text shown under the title."""
    return browser.page.evaluate("""() => {
        const article = document.querySelector('.md-search-result__list > li.md-search-result__item article');
        const title = article.querySelector('h1, h2');
        return {title: title.innerText.trim(), text: article.innerText.replace(title.innerText, '').trim(),
                html: document.querySelector('.md-search-result__list').innerHTML};
    }""")


@pytest.mark.parametrize("query, expected, lead", [
    # a procedure found by its title: under it, the start of its objectives
    ("แผนปฏิบัติการประจำปี", "procedures/annual-action-plan", "เพื่อจัดทำแผนปฏิบัติการประจำปีของสำนักงานเขตพื้นที่การศึกษา"),
    ("ประชุมภายใน", "procedures/internal-meetings", None),
    # an officer page: the position first (indexed so that a query naming it finds the officer), then the
    # start of the duties (long nested lists), not all of them
    ("กมลวรรณ", "officers/kamonwan-s", "ตำแหน่งนักวิเคราะห์นโยบายและแผน"),
])
def test_top_result_shows_the_page_text(browser, base, query, expected, lead):
    browser.open_search(base)
    results = browser.search(query)
    assert results and results[0] == expected, results[:3]
    top = _top_result(browser)
    # more than the title: at least a line of the page's own text
    assert len(top["text"]) >= 30, top
    assert not top["text"].startswith(top["title"]), top
    # ... but only its start: one short paragraph, not the whole section
    assert len(top["text"]) <= 300, top
    if lead:
        assert lead in top["text"], top
    # the index's word boundaries (U+200B) are never shown, in titles or texts
    assert "\u200b" not in top["html"]
    assert "\u200b" not in browser.page.inner_text(".md-search-result")
