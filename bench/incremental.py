"""Incremental build benchmark on the example office (21 procedures, 4 officers, 5 manuals = 15 files).

Copies tests/fixtures/example to a temporary folder and times ``handbook build``
(site and every manual file), each in a fresh process as a user runs it:

* cold: empty ``.cache``;
* nothing changed;
* one procedure edited (the Thai text of one step): its pages, the Thai
  site, the manuals containing it;
* one officer edited (a duty): their page and personal manual.

Goals (issue 13): nothing changed ≤ 10 % of cold; (issue 21) one edited procedure ≤ 15 % of cold, and
its site part (the build less its wait for the manuals, which are made beside the site) ≤ 3 s.  Each line gives the build's wall time, the
CPU time of its process and its children, and the phases of ``generator.build.PHASES``.

Run: ``.venv/bin/python bench/incremental.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"

_CODE = """
import json, sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
from pathlib import Path
import generator.build as b
import generator.model.loader as loader
spent = {{}}
load = b.load_handbook
def timed_load(*a, **k):
    s = time.perf_counter(); out = load(*a, **k); spent['load'] = time.perf_counter() - s; return out
b.load_handbook = timed_load
stores = []
import generator.cache as c
prune = c.Store.prune
def keep(self, *a, **k):
    stores.append(self); return prune(self, *a, **k)
c.Store.prune = keep
b.build(Path({project!r}), manuals={manuals!r})
import resource
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{'seconds': time.perf_counter() - t, 'load': spent.get('load', 0),
                  'made': stores[0].misses, 'reused': stores[0].hits, 'phases': dict(b.PHASES),
                  'cpu': own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime}}))
"""


def timed_build(project: Path, manuals: bool = True) -> dict:
    """One ``handbook build`` in a fresh process: seconds, YAML load seconds, outputs made and reused."""
    code = _CODE.format(root=str(ROOT), project=str(project), manuals=manuals)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _line(name: str, figures: dict, cold: float | None = None) -> str:
    share = f" = {100 * figures['seconds'] / cold:4.1f} % of cold" if cold else ""
    made = ", ".join(f"{k} {v}" for k, v in sorted(figures["made"].items())) or "nothing"
    manuals = figures["phases"].get("manuals", 0.0)
    return (f"{name:<28} {figures['seconds']:6.1f} s{share}  (CPU {figures['cpu']:.1f} s; YAML load "
            f"{figures['load']:.1f} s; manuals {manuals:.1f} s beside the site, site ready after "
            f"{_site_part(figures):.1f} s; made: {made})")


def _site_part(figures: dict) -> float:
    """Seconds until the site is ready: the build less its wait for the manuals made beside the site."""
    return figures["seconds"] - figures["phases"].get("manuals wait", figures["phases"].get("manuals", 0.0))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="handbook-incremental-") as tmp:
        project = Path(tmp) / "office"
        shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".cache", "site", "docs"))  # a cold start
        cold = timed_build(project)
        print(_line("build cold (site + 15 files)", cold), flush=True)
        warm = timed_build(project)
        print(_line("nothing changed", warm, cold["seconds"]) + "   goal ≤ 10 %", flush=True)
        path = project / "procedures" / "budget-allocation.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("th: เสนอผลการจัดสรรงบประมาณ", "th: เสนอผลการจัดสรรงบประมาณประจำปี", 1),
                        encoding="utf-8")
        edited = timed_build(project)
        print(_line("one procedure edited", edited, cold["seconds"]) + "   goal ≤ 15 %", flush=True)
        site = _site_part(edited)
        print(f"one-edit ratio: {edited['seconds'] / cold['seconds']:.3f} of cold (goal ≤ 0.15); its site part "
              f"{site:.1f} s (goal ≤ 3 s); phases: "
              + ", ".join(f"{k} {v:.2f}" for k, v in sorted(edited["phases"].items(), key=lambda kv: -kv[1])),
              flush=True)
        path = project / "officers" / "sudarat-m.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("th: งานสารบรรณ", "th: งานสารบรรณและธุรการ", 1), encoding="utf-8")
        officer = timed_build(project)
        print(_line("one officer edited", officer, cold["seconds"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
