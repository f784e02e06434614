"""Scale benchmark: a synthetic office of 1,000 procedures (100 officers, 10 work units).

Generates the office into a temporary folder from the bundled example's
procedures and officers (ids, titles and names numbered; every text is
real Thai from the example), then prints:

* site build times (``handbook build`` without the printed manuals, each in
  a fresh process as a user runs it): cold (empty ``.cache``), warm (nothing
  changed), and after editing one step of one procedure;
* the time of each phase of each build (``generator.build.PHASES``);
* peak memory: all the processes of the build together (resident memory of
  the build and its children summed, sampled every 50 ms), the build process
  alone (``getrusage``) and each MkDocs process (its ``VmHWM``);
* the site: total size, the size of the home page, the Thai search index raw
  and gzip-compressed;
* search in headless Chromium with the CPU slowed 4× (CDP
  ``Emulation.setCPUThrottlingRate``), timed inside the page: from the page's
  load event until search is ready (the worker has loaded the index), and from
  the last keystroke of a query until its results are rendered (median and
  worst of the queries below, pasted and typed a character at a time).
  ``--search-only SITE`` times search on a site that is already built.

Goals (issue 13): ≤ 120 s cold, ≤ 10 s after one edit, ≤ 1 GB, search
ready ≤ 1.5 s after load, results ≤ 300 ms after a keystroke.

Run: ``.venv/bin/python bench/scale.py [--procedures 1000] [--no-search] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

QUERIES = ["งานสารบรรณ", "แผนปฏิบัติการประจำปี", "งบประมาณ", "สารบรรณ", "eMENSCR", "จัดสรรงบประมาณ",
           # issue 20: corrected misspellings, a section with a work, a code joined
           "งบประมาน", "สารบัน", "ตัวชี้วัด งานสารบรรณ", "e-Budget"]
UNIT_NAMES = ["งานธุรการ", "งานข้อมูลสารสนเทศ", "งานนโยบายและแผน", "งานจัดตั้งสถานศึกษา", "งานวิเคราะห์งบประมาณ",
              "งานติดตามประเมินผล", "งานแผนงานโครงการ", "งานประกันคุณภาพ", "งานยุทธศาสตร์", "งานบริหารความเสี่ยง"]


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _NoAliases(yaml.SafeDumper):
    """The handbook refuses YAML anchors and aliases: write repeated values out in full."""

    def ignore_aliases(self, data):
        return True


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")


def _numbered(text, n: int):
    if isinstance(text, dict):
        return {k: f"{v} ({n})" for k, v in text.items()}
    return f"{text} ({n})"


def make_office(dest: Path, procedures: int = 1000, officers: int = 100, units: int = 10) -> Path:
    """Write a synthetic office into ``dest``: ``procedures`` procedures over ``officers`` officers and ``units`` units.

    Procedure ``i`` is a copy of an example procedure (round robin), with id
    ``p-0001``…, its title numbered, in work unit ``i mod units``, owned by
    officer ``i mod officers``.  No manual definitions.  Returns ``dest``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE / "ita", dest / "ita")
    shutil.copyfile(EXAMPLE / "mkdocs.yml", dest / "mkdocs.yml")
    office = _load(EXAMPLE / "office.yml")
    template_unit = office["group"]["work_units"][0]
    office["group"]["work_units"] = [
        {**template_unit, "id": f"unit-{u:02d}", "name": {"th": UNIT_NAMES[u % len(UNIT_NAMES)] + f" {u + 1}",
                                                          "en": f"Work unit {u + 1}"},
         "procedures": [f"p-{i + 1:04d}" for i in range(u, procedures, units)]}
        for u in range(units)
    ]
    office.pop("redirects", None)
    _dump(dest / "office.yml", office)
    sources = [_load(p) for p in sorted((EXAMPLE / "procedures").glob("*.yml"))]
    people = [_load(p) for p in sorted((EXAMPLE / "officers").glob("*.yml"))]
    owned: dict[int, list[str]] = {o: [] for o in range(officers)}
    for i in range(procedures):
        proc = dict(sources[i % len(sources)])
        pid = f"p-{i + 1:04d}"
        proc.update(id=pid, title=_numbered(proc["title"], i + 1), work_unit=f"unit-{i % units:02d}",
                    owners=[f"o-{i % officers:03d}"])
        owned[i % officers].append(pid)
        _dump(dest / "procedures" / f"{pid}.yml", proc)
    for o in range(officers):
        person = dict(people[o % len(people)])
        person.update(id=f"o-{o:03d}", name=_numbered(person["name"], o + 1), work_unit=f"unit-{o % units:02d}",
                      procedures=owned[o])
        person.pop("approval_chain", None)
        _dump(dest / "officers" / f"o-{o:03d}.yml", person)
    return dest


def _tree_rss_kib(pid: int) -> int:
    """Resident memory (KiB, ``VmRSS``) of process ``pid`` and all its descendants at this moment (0 when gone)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in (Path("/proc") / str(current) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def timed_build(root: Path) -> dict:
    """Run one site build (no manuals) in a fresh process; return seconds, phases and peak memory (MiB).

    Memory: ``self_mib`` is the build process's own peak (``getrusage``);
    ``mkdocs_mib`` the peak of each MkDocs process by language (``VmHWM``,
    measured inside it); ``tree_mib`` the largest sum of the resident memory
    of the build and all its child processes at one moment (sampled every
    50 ms: what the machine must hold).
    """
    code = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pathlib import Path\n"
        "t = time.perf_counter()\n"
        "import generator.build as b\n"
        f"b.build(Path({str(root)!r}), manuals=False)\n"
        "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'load': b.PHASES.get('load', 0.0),\n"
        "  'phases': b.PHASES, 'mkdocs_mib': {k: v / 1024 for k, v in b.MKDOCS_PEAKS.items()},\n"
        "  'cpu': me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,\n"
        "  'self_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(stderr[-3000:])
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - start
    figures["tree_mib"] = peak / 1024
    figures["loadavg"] = os.getloadavg()[1]  # the machine's load over the last 5 minutes
    return figures


def _phases(figures: dict) -> str:
    return "    phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in figures["phases"].items() if v >= 0.05)


def _split(figures: dict) -> str:
    return (f"; YAML load and checks {figures['load']:.1f} s (the loader: issue 14), "
            f"the rest {figures['seconds'] - figures['load']:.1f} s; CPU time of all its processes "
            f"{figures['cpu']:.1f} s (what the build costs whatever the machine's load; "
            f"5-minute load average {figures['loadavg']:.1f} on {os.cpu_count()} cores)")


def edit_one_procedure(root: Path) -> None:
    """Change the Thai text of the first step of the first procedure (what an officer does)."""
    path = root / "procedures" / "p-0001.yml"
    data = _load(path)
    step = data["steps"][0]
    if isinstance(step["text"], dict):
        step["text"]["th"] = "แก้ไขแล้ว " + step["text"]["th"]
    else:
        step["text"] = "แก้ไขแล้ว " + step["text"]
    _dump(path, data)


#: Timestamps taken inside the page (performance.now(), ms): the load event, search ready (the result
#: panel's text changes from Material's "initializing" text, which happens when the worker answers
#: "ready"), the last keystroke that changed the query (key-up), and the moment the page has rendered
#: the worker's answer to every query it sent (Material renders results in its message handler).
_TIMING = """
(() => {
  const T = window.__hbTiming = { sent: 0, got: 0 };
  addEventListener("load", () => { T.load = performance.now(); });
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2) T.sent++;
    return post.apply(this, arguments);
  };
  const listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen.call(this, type, listener, options);
    return listen.call(this, type, function (event) {
      const out = typeof listener === "function" ? listener.call(this, event) : listener.handleEvent(event);
      if (event.data && event.data.type === 3) {
        T.got++; T.doneAt = performance.now();
        // the handbook's worker answers only the newest of the queries waiting, and says which
        T.answered = event.data.data && event.data.data.query;
      }
      return out;
    }, options);
  };
  document.addEventListener("DOMContentLoaded", () => {
    const meta = document.querySelector(".md-search-result__meta");
    const box = document.querySelector("input.md-search__input");
    if (!meta || !box) return;
    const initial = meta.textContent;
    new MutationObserver(() => {
      if (T.ready === undefined && meta.textContent !== initial) T.ready = performance.now();
    }).observe(meta, { childList: true, characterData: true, subtree: true });
    box.addEventListener("keyup", () => {
      if (box.value !== T.value) { T.value = box.value; T.keyup = performance.now(); }
    }, true);
  });
})();
"""


def search_timings(site: Path, queries: list[str] = QUERIES, throttle: float = 4.0, typed: bool = False) -> dict:
    """Search ready time after load and results time after the last keystroke, CPU slowed ``throttle``×.

    Times are taken inside the page (:data:`_TIMING`): ``ready_s`` from the load event until the
    worker is ready (the result panel leaves Material's "initializing" text), and per query from the
    last key-up that changed the query until the page has rendered the answer to the query in the
    box (the handbook's worker says which query it answered; for stock Material: until every query
    sent is answered).  ``typed``: each query is typed a character at a time (120 ms apart, each character
    searches, as with a Thai input method); otherwise it is pasted at once.  ``wall_*`` are the same
    figures seen from Playwright (with its polling and round trips).

    Returns ``{"ready_s", "wall_ready_s", "results_ms": [ms per query], "wall_ms": [...],
    "hits": [result pages listed per query]}``.
    """
    from browser import Browser, serve

    with serve(site) as base, Browser() as browser:
        page = browser.page
        page.add_init_script(_TIMING)
        cdp = browser.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(base, wait_until="load")
        loaded = time.perf_counter()
        page.wait_for_selector("input.md-search__input", state="attached")
        page.click("label.md-search__icon, .md-search__input", timeout=5000)
        page.wait_for_function("() => window.__hbTiming.ready !== undefined", timeout=120000, polling=20)
        wall_ready = time.perf_counter() - loaded
        timing = page.evaluate("() => window.__hbTiming")
        box = page.locator("input.md-search__input")
        done = ("() => { const t = window.__hbTiming, value = document.querySelector('input.md-search__input').value;"
                " return (t.answered === undefined ? t.got === t.sent : t.answered === value) && t.doneAt > t.keyup"
                " && document.querySelectorAll('.md-search-result__list > li').length > 0 }")
        times, walls, hits = [], [], []
        for query in queries:
            box.fill("")
            box.press("End")
            page.wait_for_function("() => document.querySelectorAll('.md-search-result__list > li').length === 0"
                                   " && (window.__hbTiming.answered === undefined ? window.__hbTiming.got === window.__hbTiming.sent"
                                   " : window.__hbTiming.answered === '')", timeout=20000)
            if typed:
                box.type(query, delay=120)
            else:
                box.fill(query)
            start = time.perf_counter()
            box.press("End")  # the key-up Material searches on (a pasted query already searched on input)
            page.wait_for_function(done, timeout=20000, polling=10)
            walls.append((time.perf_counter() - start) * 1000)
            t = page.evaluate("() => window.__hbTiming")
            times.append(t["doneAt"] - t["keyup"])
            hits.append(page.eval_on_selector_all(".md-search-result__list > li", "els => els.length"))
    return {"ready_s": (timing["ready"] - timing["load"]) / 1000, "wall_ready_s": wall_ready,
            "results_ms": times, "wall_ms": walls, "hits": hits}


def index_figures(site: Path) -> dict:
    """Sizes of the files a visitor's browser downloads for search: Material's ``search_index.json``
    and, on a handbook site, the prebuilt ``handbook_index.json`` (KB raw and gzip-compressed)."""
    out = {}
    for path in sorted((site / "search").glob("*.json")):
        data = path.read_bytes()
        out[path.name] = (len(data) / 1e3, len(gzip.compress(data, 6)) / 1e3)
    return out


def site_figures(site: Path) -> dict:
    prebuilt = [site / "search" / "handbook_index.json", site / "search" / "handbook_texts.json"]
    if all(p.is_file() for p in prebuilt):  # the prebuilt index and its texts (generator/site/search.py)
        index = b"".join(p.read_bytes() for p in prebuilt)
    else:
        index = (site / "search" / "search_index.json").read_bytes()
    files = [p for p in site.rglob("*") if p.is_file()]
    extra = sorted((site / "search").glob("*.json"))
    return {
        "site_mb": sum(p.stat().st_size for p in files) / 1e6,
        "html_mb": sum(p.stat().st_size for p in files if p.suffix == ".html") / 1e6,
        "home_kb": (site / "index.html").stat().st_size / 1e3,
        "index_mb": len(index) / 1e6,
        "index_gzip_kb": len(gzip.compress(index, 6)) / 1e3,
        "search_files": {p.name: round(p.stat().st_size / 1e3, 1) for p in extra},
    }


def print_search(site: Path) -> None:
    """Print :func:`search_timings` for pasted and for typed queries."""
    for typed in (False, True):
        search = search_timings(site, typed=typed)
        ms, wall = search["results_ms"], search["wall_ms"]
        how = "typed a character at a time" if typed else "pasted"
        print(f"search (Chromium, CPU 4× slower), queries {how}: ready {search['ready_s']:.2f} s after load "
              f"(goal ≤ 1.5 s; {search['wall_ready_s']:.2f} s seen from Playwright); results after the last "
              f"keystroke median {statistics.median(ms):.0f} ms, worst {max(ms):.0f} ms (goal ≤ 300 ms; seen from "
              f"Playwright median {statistics.median(wall):.0f}, worst {max(wall):.0f}; {len(ms)} queries, "
              f"result pages {search['hits']})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--procedures", type=int, default=1000)
    parser.add_argument("--officers", type=int, default=None, help="default: procedures / 10")
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--no-search", action="store_true", help="skip the browser timings")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    parser.add_argument("--search-only", type=Path, default=None, metavar="SITE",
                        help="only time search on this built site folder")
    args = parser.parse_args()
    if args.search_only:
        files = ", ".join(f"{name} {raw:,.0f} KB ({gz:,.0f} KB gzip)" for name, (raw, gz) in index_figures(args.search_only).items())
        print(f"search files downloaded: {files}", flush=True)
        print_search(args.search_only)
        return 0
    officers = args.officers or max(1, args.procedures // 10)
    tmp = None
    if args.keep:
        root = args.keep
        shutil.rmtree(root, ignore_errors=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="handbook-scale-")
        root = Path(tmp.name) / "office"
    try:
        start = time.perf_counter()
        make_office(root, args.procedures, officers, args.units)
        print(f"office: {args.procedures} procedures, {officers} officers, {args.units} work units "
              f"(generated in {time.perf_counter() - start:.1f} s)", flush=True)
        cold = timed_build(root)
        print(f"site build cold:          {cold['seconds']:6.1f} s   (goal ≤ 120 s)" + _split(cold), flush=True)
        print(_phases(cold), flush=True)
        warm = timed_build(root)
        print(f"site build, nothing changed: {warm['seconds']:6.1f} s" + _split(warm), flush=True)
        print(_phases(warm), flush=True)
        edit_one_procedure(root)
        edited = timed_build(root)
        print(f"site build after one edit: {edited['seconds']:6.1f} s   (goal ≤ 10 s)" + _split(edited), flush=True)
        print(_phases(edited), flush=True)
        runs = (cold, warm, edited)
        peak_self = max(f["self_mib"] for f in runs)
        peak_mkdocs = max((m for f in runs for m in f["mkdocs_mib"].values()), default=0.0)
        peak_tree = max(f["tree_mib"] for f in runs)
        print(f"peak memory: all processes of the build together {peak_tree:.0f} MiB (goal ≤ 1 GB = 954 MiB; "
              f"cold {cold['tree_mib']:.0f}, nothing changed {warm['tree_mib']:.0f}, one edit {edited['tree_mib']:.0f}); "
              f"build process alone {peak_self:.0f} MiB, largest MkDocs process {peak_mkdocs:.0f} MiB "
              f"(one edit: {', '.join(f'{k} {v:.0f}' for k, v in edited['mkdocs_mib'].items()) or 'none'})", flush=True)
        figures = site_figures(root / "site")
        print(f"site: {figures['site_mb']:.0f} MB ({figures['html_mb']:.0f} MB HTML), home page "
              f"{figures['home_kb']:.0f} KB; Thai search index {figures['index_mb']:.1f} MB raw, "
              f"{figures['index_gzip_kb']:.0f} KB gzip", flush=True)
        files = ", ".join(f"{name} {raw:,.0f} KB ({gz:,.0f} KB gzip)" for name, (raw, gz) in index_figures(root / "site").items())
        print(f"search files downloaded: {files}", flush=True)
        if not args.no_search:
            print_search(root / "site")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
