"""Accessibility of the built site in headless Chromium (issue 12): WCAG 2.0/2.1 A and AA by axe-core,
Thai words never broken inside, table headers kept on phones, names and languages of controls,
the flowchart's description, readable search results, search without key events, stable heading ids.

axe-core comes from the npm registry as a test dependency (tests/package.json, installed by
``scripts/install-system-packages.sh test``); its ``axe.min.js`` is injected into each page.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

if not shutil.which("chromium") and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

from browser import Browser, serve  # noqa: E402

#: One page of each type, in both languages.
PAGES = ["index.html", "units/budget.html", "procedures/annual-action-plan.html",
         "procedures/education-data-request.html", "officers/kamonwan-s.html", "ita.html", "404.html",
         "en/index.html", "en/units/information.html", "en/procedures/budget-transfer.html",
         "en/procedures/school-plan-consultation.html", "en/officers/sudarat-m.html", "en/ita.html", "en/404.html"]
WIDTHS = [1280, 390]

#: Thai line breaks inside one text node between two Thai letters: with every word of the page in its own
#: span.w (generator/site/pages.py), such a break is a break inside a word.  Hidden text and the search
#: panel (closed, filled by Material's script) are not looked at.
BREAKS_INSIDE_WORDS = r"""() => {
  const thai = /[\u0e00-\u0e7f]/, found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const text = node.data, el = node.parentElement;
    if (!thai.test(text) || !el || el.closest('svg, script, style') || !el.getClientRects().length) continue;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (el.closest('.md-search__output')) continue;  // Material's search panel: closed, and filled by script
    const range = document.createRange();
    let bottom = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r) { bottom = null; continue; }
      if (bottom !== null && r.top >= bottom - 1 && thai.test(text[i]) && thai.test(text[i - 1]))
        found.push(text.slice(Math.max(0, i - 10), i) + '|' + text.slice(i, i + 10));
      bottom = r.bottom;
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def base(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def browser(request):
    with Browser(width=request.param, height=900) as b:
        b.width = request.param
        yield b


def _open(browser, url: str) -> None:
    browser.page.goto(url)
    browser.page.wait_for_load_state("networkidle")


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: ./scripts/install-system-packages.sh test")
def test_axe_finds_no_wcag21_aa_violation(browser, base):
    script = AXE.read_text(encoding="utf-8")
    violations = {}
    for path in PAGES:
        _open(browser, base + path)
        browser.page.add_script_tag(content=script)
        found = browser.page.evaluate("""async () => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
          return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""")
        if found:
            violations[path] = found
    assert violations == {}


def test_no_thai_word_breaks_inside_itself(browser, base):
    broken = {}
    for path in ["procedures/annual-action-plan.html", "procedures/budget-allocation.html",
                 "procedures/education-data-request.html", "ita.html", "index.html", "officers/thanakorn-b.html"]:
        _open(browser, base + path)
        found = browser.page.evaluate(BREAKS_INSIDE_WORDS)
        if found:
            broken[path] = found[:5]
        overflow = browser.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
    assert broken == {}


def test_a_page_title_longer_than_a_phone_screen_stays_on_it(browser, base):
    """A very long Thai name as an officer page's title (one word wider than 390 px at the title's size)
    wraps instead of running off the screen."""
    _open(browser, base + "officers/thanakorn-b.html")
    name = "นางสาวสมศรีประเสริฐวงศ์ กิตติวรากุลศักดิ์ศรีสวัสดิ์"
    sticking_out = browser.page.evaluate("""(name) => {
      const h1 = document.querySelector('.md-content h1');
      h1.innerHTML = name.split(' ').map(w => '<span class="w">' + w + '</span>').join(' ');
      const limit = h1.parentElement.getBoundingClientRect().right;
      return Math.max(0, ...Array.from(h1.getClientRects()).map(r => r.right - limit),
                      h1.scrollWidth - h1.clientWidth);
    }""", name)
    assert sticking_out <= 1, sticking_out


def test_the_check_for_broken_words_can_fail(browser, base):
    """Without the word spans the browser's own dictionary cuts words (งบ|ประมาณ): the check sees it."""
    if browser.width != 390:
        pytest.skip("one width is enough")
    _open(browser, base + "procedures/budget-allocation.html")
    browser.page.add_style_tag(content="span.w { white-space: normal !important }"
                                       " .md-typeset .hb-steps td { width: 6em !important; display: table-cell !important }")
    browser.page.evaluate("document.querySelectorAll('span.w').forEach(s => s.replaceWith(s.textContent));"
                          "document.body.normalize()")
    assert browser.page.evaluate(BREAKS_INSIDE_WORDS)


def _column_headers(browser) -> list[str]:
    cdp = browser.context.new_cdp_session(browser.page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [n.get("name", {}).get("value", "") for n in nodes
            if not n.get("ignored") and n.get("role", {}).get("value") == "columnheader"]


def test_steps_table_keeps_its_headers_for_assistive_technology(browser, base):
    _open(browser, base + "procedures/budget-transfer.html")
    assert _column_headers(browser) == ["ลำดับ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ", "มาตรฐานการปฏิบัติงาน"]
    display = browser.page.evaluate("getComputedStyle(document.querySelector('.hb-steps thead')).display")
    assert display != "none"
    if browser.width == 390:  # cards: each cell shows its label, the header row is out of sight
        box = browser.page.evaluate("document.querySelector('.hb-steps thead').getBoundingClientRect().height")
        assert box <= 1


def test_controls_have_names_and_languages(browser, base):
    for path, lang, label in [("index.html", "th", "ค้นหาในคู่มือ"), ("en/index.html", "en", "Search the handbook")]:
        _open(browser, base + path)
        assert browser.page.get_attribute(".md-search[role=dialog]", "aria-label") == label
        links = browser.page.eval_on_selector_all("a.md-select__link[hreflang]",
                                                  "els => els.map(e => [e.getAttribute('hreflang'), e.getAttribute('lang')])")
        assert links and all(h == l for h, l in links), links


def test_flowchart_is_described_by_its_text_alternative(browser, base):
    _open(browser, base + "procedures/budget-transfer.html")
    described = browser.page.get_attribute("svg.hb-flowchart-svg", "aria-describedby")
    assert described and browser.page.locator(f"#{described} li").count() >= 3
    cdp = browser.context.new_cdp_session(browser.page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    image = next(n for n in nodes if n.get("role", {}).get("value") == "image"
                 and "ผังขั้นตอน" in n.get("name", {}).get("value", ""))
    assert "description" in image and len(image["description"]["value"]) > 40


def test_headings_have_stable_readable_ids(browser, base):
    for path, ids in [("procedures/annual-action-plan.html", ["objectives", "scope", "steps", "flowchart", "legal-basis"]),
                      ("en/procedures/annual-action-plan.html", ["objectives", "scope", "steps", "flowchart", "legal-basis"]),
                      ("index.html", ["mandate", "procedures-by-unit", "unit-budget", "officers"]),
                      ("ita.html", ["staff-manual", "staff-manual-gaps", "service-manual", "service-manual-procedures"])]:
        _open(browser, base + path)
        found = browser.page.eval_on_selector_all("article h1, article h2, article h3", "els => els.map(e => e.id)")
        assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in found), (path, found)
        for i in ids:
            assert i in found, (path, i)


def test_search_works_without_key_events_and_results_start_with_text(browser, base):
    if browser.width != 1280:
        pytest.skip("one width is enough")
    browser.open_search(base)
    box = browser.page.locator("input.md-search__input")
    box.fill("ข้อมูลสารสนเทศทางการศึกษา")  # an "input" event only, as pasting with the mouse or an IME gives
    browser.page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__list > li').length > 0", timeout=10000)
    first = browser.page.inner_text(".md-search-result__list > li:first-child")
    assert "ผู้รับผิดชอบ" not in first.split("\n")[0]
    teasers = browser.page.eval_on_selector_all(".md-search-result__teaser", "els => els.map(e => e.textContent)")
    for teaser in teasers:
        assert not re.match(r"\s*(กลุ่มงาน|ตำแหน่ง|หน่วยงานที่รับผิดชอบ)", teaser), teaser
