"""Search benchmark: Thai queries typed into the real search box of the built site.

Builds the bundled example twice, with the project's Thai search and with stock
mkdocs-material search (same pages), types every query of
``bench/search_queries.yml`` into each site's search box in headless Chromium,
and prints hits@1, hits@3 (an expected page among the first 1 or 3 result
pages), the search index size and the build time.

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


def measure(site: Path, queries: list[dict], show: bool = False) -> dict:
    """Type each query into ``site``'s search box; return hit counts and misses."""
    hits1 = hits3 = 0
    misses = []
    by_kind: dict[str, list[int]] = {}
    with serve(site) as base, Browser() as browser:
        browser.open_search(base)
        for item in queries:
            results = browser.search(item["q"])
            ok1 = bool(results) and results[0] in item["expect"]
            ok3 = any(r in item["expect"] for r in results[:3])
            hits1 += ok1
            hits3 += ok3
            by_kind.setdefault(item["kind"], [0, 0])
            by_kind[item["kind"]][0] += ok3
            by_kind[item["kind"]][1] += 1
            if not ok3:
                misses.append((item["q"], results[:3]))
            if show:
                print(("  ok  " if ok3 else "  MISS") + f" {item['q']} → {results[:3]}")
        outside = list(browser.outside)
    return {"hits1": hits1, "hits3": hits3, "n": len(queries), "misses": misses, "by_kind": by_kind,
            "outside": outside}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every query and its results")
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
        for name, site, seconds in (("stock mkdocs-material", stock, build_seconds),
                                    ("handbook (PyThaiNLP)", ours, build_seconds + added)):
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
    for name, r, *_ in rows:
        kinds = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in r["by_kind"].items())
        print(f"{name} hits@3 by kind: {kinds}")
        for q, res in r["misses"]:
            print(f"  miss: {q} → {res}")
        if r["outside"]:
            print(f"  requests to other hosts: {r['outside']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
