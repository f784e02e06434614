"""Search benchmark: Thai queries typed into the real search box of the built site.

Builds the bundled example twice, with the project's Thai search and with stock
mkdocs-material search (same pages), types every query of
``bench/search_queries.yml`` into each site's search box in headless Chromium,
and prints hits@1, hits@3 (an expected page among the first 1 or 3 result
pages; for a query with ``section``, that page's first section result must be
that section), by kind of query and for ordinary and hard queries, the search
index size and the build time.

Run: ``make bench`` or ``.venv/bin/python bench/search.py [--show]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser, serve  # noqa: E402
from generator.build import build  # noqa: E402
from generator.site.search import apply_thai_search  # noqa: E402


#: Kinds of query (bench/search_queries.yml) that are ordinary; every other kind is "hard".
ORDINARY = ("word", "compound", "phrase", "title", "section")
HARD = ("misspelling", "abbreviation", "code", "spaced", "colloquial", "english")

#: Per result page (in order): its path and the anchor of its best section result (Material lists a
#: page's sections best first, after the page itself, those scoring below the page folded under "more").
_SECTIONS = r"""els => els.map(li => {
  const links = Array.from(li.querySelectorAll("a.md-search-result__link"));
  const href = a => new URL(a.getAttribute("href"), location.href);
  const page = links.length ? href(links[0]).pathname.replace(/^\//, "").replace(/\.html$/, "") : "";
  const section = links.map(href).find(u => u.hash);
  return [page, section ? decodeURIComponent(section.hash.slice(1)) : ""];
})"""


def _hit(item: dict, rows: list[tuple[str, str]], k: int) -> bool:
    """Whether an expected page (and, with ``section``, its first section result) is among the first ``k`` pages."""
    for page, section in rows[:k]:
        if (item["expect"] == "any" or page in item["expect"]) and (not item.get("section") or section == item["section"]):
            return True
    return False


def measure(site: Path, queries: list[dict], show: bool = False) -> dict:
    """Type each query into ``site``'s search box; return hit counts (overall and by kind) and misses.

    Returns ``{"hits1", "hits3", "n", "misses": [(query, first three pages)], "by_kind": {kind: [hits@1,
    hits@3, n]}, "outside": [requests to other hosts]}``.
    """
    hits1 = hits3 = 0
    misses = []
    by_kind: dict[str, list[int]] = {}
    with serve(site) as base, Browser() as browser:
        browser.open_search(base)
        for item in queries:
            browser.search(item["q"])
            rows = [tuple(r) for r in browser.page.eval_on_selector_all(".md-search-result__list > li", _SECTIONS)]
            ok1, ok3 = _hit(item, rows, 1), _hit(item, rows, 3)
            hits1 += ok1
            hits3 += ok3
            counts = by_kind.setdefault(item["kind"], [0, 0, 0])
            counts[0] += ok1
            counts[1] += ok3
            counts[2] += 1
            if not ok1:
                misses.append((item["q"], item["kind"], ok3, rows[:3]))
            if show:
                print(("  ok  " if ok1 else "  ok3 " if ok3 else "  MISS") + f" [{item['kind']}] {item['q']} → {rows[:3]}")
        outside = list(browser.outside)
    return {"hits1": hits1, "hits3": hits3, "n": len(queries), "misses": misses, "by_kind": by_kind,
            "outside": outside}


def _share(hits: int, n: int) -> str:
    return f"{hits}/{n} ({100 * hits / n:.0f} %)" if n else "–"


def print_table(rows: list) -> None:
    """Print hits@1 and hits@3 by kind of query, each search side by side (a Markdown table)."""
    names = [name for name, *_ in rows]
    print("| kind of query | " + " | ".join(f"{n} hits@1 | {n} hits@3" for n in names) + " |")
    print("|---|" + "---|---|" * len(names))
    kinds = list(dict.fromkeys(k for _n, r, *_ in rows for k in r["by_kind"]))
    groups = [(k, [k]) for k in kinds] + [("ordinary (" + ", ".join(ORDINARY) + ")", list(ORDINARY)),
                                         ("hard (" + ", ".join(HARD) + ")", list(HARD)), ("all", kinds)]
    for label, members in groups:
        cells = []
        for _name, r, *_ in rows:
            h1 = sum(r["by_kind"].get(k, [0, 0, 0])[0] for k in members)
            h3 = sum(r["by_kind"].get(k, [0, 0, 0])[1] for k in members)
            n = sum(r["by_kind"].get(k, [0, 0, 0])[2] for k in members)
            cells += [_share(h1, n), _share(h3, n)]
        print(f"| {label} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every query and its results")
    parser.add_argument("--handbook-only", action="store_true", help="skip stock Material")
    args = parser.parse_args()
    queries = yaml.safe_load((ROOT / "bench" / "search_queries.yml").read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        stock = build(ROOT, site_dir=out / "stock" / "site", docs_dir=out / "stock" / "docs", thai_search=False,
                      manuals=False)
        build_seconds = time.perf_counter() - start
        ours = out / "thai" / "site"
        shutil.copytree(stock, ours)
        start = time.perf_counter()
        apply_thai_search(ours)  # the step `handbook build` adds to the Thai site
        added = time.perf_counter() - start
        sites = (("stock mkdocs-material", stock, build_seconds), ("handbook", ours, build_seconds + added))
        for name, site, seconds in sites[1:] if args.handbook_only else sites:
            index = site / "search" / "handbook_index.json"  # the prebuilt index (generator/site/search.py)
            if not index.exists():
                index = site / "search" / "search_index.json"
            worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
            wordcut = (site / "assets" / "javascripts" / "lunr" / "wordcut.js").exists()
            print(f"{name}: measuring {len(queries)} queries …", flush=True)
            result = measure(site, queries, args.show)
            rows.append((name, result, seconds, index.stat().st_size, worker.stat().st_size, wordcut))
    print()
    print(f"{'search':24} {'hits@1':>12} {'hits@3':>12} {'index KB':>9} {'worker KB':>10} {'wordcut.js':>10} {'build s':>8}")
    for name, r, seconds, index_size, worker_size, wordcut in rows:
        print(f"{name:24} {r['hits1']:>3}/{r['n']} {100 * r['hits1'] / r['n']:5.1f}% {r['hits3']:>3}/{r['n']} "
              f"{100 * r['hits3'] / r['n']:5.1f}% {index_size / 1024:9.0f} {worker_size / 1024:10.0f} "
              f"{'shipped' if wordcut else 'no':>10} {seconds:8.1f}")
    print(f"added build time of Thai search (segmenting the index, patching the worker): {added:.2f} s "
          f"(site build without manuals: {build_seconds:.1f} s)")
    print()
    print_table(rows)
    for name, r, *_ in rows:
        print(f"{name}: not first ({len(r['misses'])}):")
        for q, kind, ok3, res in r["misses"]:
            print(f"  {'top 3' if ok3 else 'miss '} [{kind}] {q} → {res}")
        if r["outside"]:
            print(f"  requests to other hosts: {r['outside']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
