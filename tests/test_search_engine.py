"""The prebuilt search index (generator/site/search.py) and the worker's engine (templates/site/search-engine.js).

The engine must answer exactly as Material's own worker does on the same documents: the browser test
builds a copy of the example site that uses Material's worker and index, and compares the results
(pages, sections, scores and highlighted text) of the same queries in both sites.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from generator.site.search import (PREBUILT, TEXTS, ZWSP, build_prebuilt_index, patch_search_worker,
                                   prebuilt_supported, search_entries, write_prebuilt_index)

CONFIG = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}


def test_index_has_the_terms_material_would_index():
    docs = [{"location": "a.html", "title": "Budget Plan", "text": "<p>The plan of the <b>office</b></p>"},
            {"location": "a.html#x", "title": "Plan-B", "text": "plan plan"},
            {"location": "b.html", "title": "Memo", "text": ""}]
    index = build_prebuilt_index(CONFIG, docs)
    assert index["fields"] == ["title", "text", "tags"]
    assert index["terms"] == ["b", "budget", "memo", "office", "plan"]  # lowercase, no tags, no stop words
    plan = index["postings"][index["terms"].index("plan")]
    # title: documents 0 and 1 (gap 1), once each; text: document 0 once, document 1 twice
    assert plan == [[0, 1, 1, 1], [0, 1, 1, 2], []]
    assert index["docs"][1] == ["a.html#x", "Plan-B", "plan plan"]


def test_unsupported_configurations_keep_materials_index():
    assert prebuilt_supported(CONFIG)
    assert not prebuilt_supported({**CONFIG, "pipeline": ["stopWordFilter", "stemmer"]})
    assert not prebuilt_supported({**CONFIG, "lang": ["en", "de"]})
    with pytest.raises(ValueError):
        build_prebuilt_index({**CONFIG, "pipeline": ["stemmer"]}, [])


def test_built_site_ships_the_prebuilt_index(example_site):
    for site in (example_site, example_site / "en"):
        stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert stub["docs"] == [] and stub["config"]["fields"]
        index = json.loads((site / "search" / PREBUILT).read_text(encoding="utf-8"))
        assert re.fullmatch(r"handbook_texts\.json\?v=[0-9a-f]{16}", index["texts"])
        texts = json.loads((site / "search" / TEXTS).read_text(encoding="utf-8"))
        assert len(texts) == len(index["docs"]) and all(row[2] == "" for row in index["docs"])
        worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).read_text(encoding="utf-8")
        assert re.search(r'self\.__handbookIndex = "\.\./\.\./\.\./search/handbook_index\.json\?v=[0-9a-f]{16}"', worker)
        assert "/* search-engine */" in worker and "/* thai-query */" in worker
    entries = search_entries(example_site)
    assert all(ZWSP not in e["title"] + e["text"] for e in entries)
    assert any(e["location"] == "procedures/records-management.html" for e in entries)
    assert len({e["location"] for e in entries}) == len(entries)


def _plain_copy(site, dest):
    """A copy of the built Thai site whose engine ranks exactly as Material: no page ranking
    (``RANK_PAGES``) and an index without the added forms of codes and abbreviations (issue 20)."""
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("en"))
    prebuilt = json.loads((dest / "search" / PREBUILT).read_text(encoding="utf-8"))
    stub = json.loads((dest / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = json.loads((dest / "search" / TEXTS).read_text(encoding="utf-8"))
    docs = [{"location": r[0], "title": r[1], "text": t, **(r[3] if len(r) > 3 else {})}
            for r, t in zip(prebuilt["docs"], texts)]
    (dest / "search" / "search_index.json").write_text(json.dumps({"config": stub["config"], "docs": docs}), encoding="utf-8")
    write_prebuilt_index(dest)  # the worker's address of the index keeps the old ?v=: the server ignores it
    worker = next((dest / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    text = worker.read_text(encoding="utf-8")
    assert "var RANK_PAGES = true;" in text
    worker.write_text(text.replace("var RANK_PAGES = true;", "var RANK_PAGES = false;"), encoding="utf-8")
    return dest


def _material_copy(site, dest):
    """A copy of the built Thai site that searches with Material's own worker and index (the old way)."""
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("en"))
    prebuilt = json.loads((dest / "search" / PREBUILT).read_text(encoding="utf-8"))
    stub = json.loads((dest / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = json.loads((dest / "search" / TEXTS).read_text(encoding="utf-8"))
    docs = [{"location": r[0], "title": r[1], "text": t, **(r[3] if len(r) > 3 else {})}
            for r, t in zip(prebuilt["docs"], texts)]
    (dest / "search" / "search_index.json").write_text(
        json.dumps({"config": stub["config"], "docs": docs}, ensure_ascii=False), encoding="utf-8")
    (dest / "search" / PREBUILT).unlink()
    import material

    workers = dest / "assets" / "javascripts" / "workers"
    worker = next(workers.glob("search.*.min.js"))
    original = os.path.join(os.path.dirname(material.__file__), "templates", "assets", "javascripts", "workers", worker.name)
    vocabulary = json.loads(re.match(r"self\.__thaiVocabulary = (.*);\n", worker.read_text(encoding="utf-8")).group(1))
    worker.write_text(open(original, encoding="utf-8").read(), encoding="utf-8")
    patch_search_worker(dest, set(vocabulary["words"]), set(vocabulary["parts"]))
    return dest


@pytest.mark.browser
def test_engine_answers_as_materials_worker(example_site, tmp_path):
    if not shutil.which("chromium") and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed (make test installs it)")
    from browser import Browser, serve

    stock = _material_copy(example_site, tmp_path / "material")
    queries = ["งานสารบรรณ", "สารบรรณ", "แผนปฏิบัติการประจำปี", "ระบบeMENSCR", "Smart OBEC", "+งบประมาณ -สารบรรณ",
               "title:แผน", "กศจ.เห็นชอบ"]

    def results(site):
        found = {}
        with serve(site) as base, Browser() as browser:
            browser.open_search(base)
            for query in queries:
                browser.search(query)
                found[query] = (browser.page.eval_on_selector_all(".md-search-result__list a.md-search-result__link", _ARTICLES),
                                browser.page.inner_text(".md-search-result__meta"))
        return found

    ours, materials = results(_plain_copy(example_site, tmp_path / "ours")), results(stock)
    for query in queries:
        assert ours[query][0], query
        assert ours[query] == (_best_sections(materials[query][0]), materials[query][1]), query


def _best_sections(rows: list, sections: int = 5) -> list:
    """Material's results as the engine sends them: each page with its best ``sections`` sections
    (Material lists a page's sections best first; the engine sends the best five, SECTIONS)."""
    out, page, count = [], None, 0
    for row in rows:
        path = row[0].split("#")[0].split("?")[0]
        if "#" not in row[0]:
            page, count = path, 0
            out.append(row)
        elif path == page and count < sections:
            count += 1
            out.append(row)
    return out


#: Every result (page or section) as [address, score, heading, has a highlighted word in its text,
#: missing terms].  The text itself differs on purpose: the engine sends an excerpt around the first
#: match where Material sends the whole section.
_ARTICLES = r"""els => els.map(a => {
  const article = a.querySelector("article"), heading = article.querySelector("h1, h2");
  const text = article.cloneNode(true);
  text.querySelectorAll("h1, h2, .md-search-result__icon, .md-search-result__terms, nav").forEach(e => e.remove());
  const terms = article.querySelector(".md-search-result__terms");
  return [a.getAttribute("href").replace(/^https?:\/\/[^/]+\//, ""), article.dataset.mdScore,
          heading ? heading.innerHTML : "", text.innerHTML.includes("<mark>"), terms ? terms.innerHTML : ""];
})"""


def test_long_texts_are_sent_as_an_excerpt_around_the_first_match(example_site):
    if not shutil.which("chromium") and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed (make test installs it)")
    from browser import Browser, serve

    with serve(example_site) as base, Browser() as browser:
        browser.open_search(base)
        browser.search("Smart OBEC")  # found in the long steps table of records-management
        teasers = browser.page.eval_on_selector_all(
            ".md-search-result__list article", "els => els.map(e => [e.querySelector('h1, h2').textContent, e.innerHTML])")
    steps = [html for title, html in teasers if title == "ขั้นตอนการปฏิบัติงาน"]
    assert steps, teasers
    text = re.sub(r"<h[12]>.*?</h[12]>", "", steps[0])
    visible = re.sub(r"<[^>]+>", "", text)
    assert "<mark>Smart</mark>" in text and visible.startswith("…") and visible.endswith("…")
    assert len(visible.replace(" ", "")) <= 322, visible  # 320 characters and the two "…"
