"""Print speed against plain text (issue 21): the group manual's PDF per page ÷ the same Thai text as plain paragraphs.

In one run, on the example office (a copy: nothing of the office is touched):

* **plain text**: the group manual's text (every block of its HTML: headings,
  paragraphs, table cells, list items) as plain ``<p>`` paragraphs in Sarabun
  12 pt on A4 with the manual's margins, laid out and written by WeasyPrint as
  one document in this process (the floor: what WeasyPrint costs for this much
  Thai text without tables);
* **the command**: ``handbook manual --id policy-planning-group --format pdf --lang th``
  in a fresh process, as a user runs it (YAML load, the PDF in pieces on the
  worker processes, its memo; no piece cache: the command makes a fresh one);
* **the pieces alone**: the same PDF made by
  :func:`generator.manuals.jobs.make_manuals` in this process's worker pool
  with an empty piece cache (no process start, no YAML load, no memo).

Each is the median of 3 runs after one warm-up.  "Per page" divides by the
pages of that output (the plain text takes fewer pages than the manual).  CPU
is user + system time of every process involved (this one and its children);
wall time depends on the machine's load, which is printed.  Goal: the
command's ratio ≤ 1.0.

Run: ``.venv/bin/python bench/print_speed.py``.
"""

from __future__ import annotations

import html as html_module
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUP = "policy-planning-group"
BLOCK_END = re.compile(r"</(?:p|td|th|li|h1|h2|h3|div|dt|dd|figcaption|tr)>|<br>")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def plain_text_html(manual_html: str) -> tuple[str, int]:
    """The text of a manual's HTML as plain paragraphs (one ``<p>`` a block), Sarabun 12 pt, A4; and its length in characters."""
    from generator.manuals.pdf import _font_css

    body = manual_html.split("<body>", 1)[1]
    body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)
    text = html_module.unescape(re.sub(r"<[^>]+>", "", BLOCK_END.sub("\n", body)))
    paragraphs = [p for p in (re.sub(r"\s+", " ", line).strip() for line in text.split("\n")) if p]
    document = ('<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>' + _font_css()
                + "@page { size: A4; margin: 2.5cm 2cm 2cm 3cm; } body { font-family: Sarabun; font-size: 12pt; "
                "line-height: 1.5; } p { margin: 0 0 0.4em 0; }</style></head><body>"
                + "".join(f"<p>{html_module.escape(p)}</p>" for p in paragraphs) + "</body></html>")
    return document, sum(len(p) for p in paragraphs)


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> int:
    import weasyprint

    from generator.cache import Store
    from generator.manuals.jobs import jobs_for, make_manuals
    from generator.manuals.pdf import render_html
    from generator.model.loader import require_handbook

    with tempfile.TemporaryDirectory(prefix="handbook-print-speed-") as tmp:
        out = Path(tmp)
        project = out / "office"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", "docs", ".git", "out", "tests",
                                                                     "bench", "generator", "templates", "*.egg-info",
                                                                     "node_modules", ".cache"))
        handbook = require_handbook(project)
        load_before = os.getloadavg()[0]
        plain_html, characters = plain_text_html(render_html(handbook, handbook.manuals[GROUP], "th"))
        command = [sys.executable, "-m", "generator", "--root", str(project), "manual", "--id", GROUP,
                   "--format", "pdf", "--lang", "th", "--output", str(out / "command")]
        jobs = [j for j in jobs_for(handbook, [GROUP], langs=["th"], formats=["pdf"]) if j.kind == "pdf"]

        plain, command_runs, pieces = [], [], []
        for run in range(4):  # the first run warms the caches (fonts, flowcharts, the Thai dictionary)
            start, cpu = time.perf_counter(), _cpu()
            document = weasyprint.HTML(string=plain_html).render()
            document.write_pdf(out / "plain.pdf")
            plain.append((time.perf_counter() - start, _cpu() - cpu, len(document.pages)))

            start, cpu = time.perf_counter(), _cpu()
            result = subprocess.run(command, capture_output=True, text=True, cwd=project,
                                    env={**os.environ, "PYTHONPATH": str(ROOT)})
            if result.returncode != 0:
                raise RuntimeError(result.stderr[-3000:])
            command_runs.append((time.perf_counter() - start, _cpu() - cpu, _pages(out / "command" / jobs[0].target)))

            start, cpu = time.perf_counter(), _cpu()
            make_manuals(handbook, out / "pieces", jobs, store=Store(out / f"store-{run}"))
            pieces.append((time.perf_counter() - start, _cpu() - cpu, _pages(out / "pieces" / jobs[0].target)))

        def per_page(runs) -> tuple[float, float, int]:
            runs = runs[1:]
            pages = runs[0][2]
            return (1000 * statistics.median(r[0] for r in runs) / pages,
                    1000 * statistics.median(r[1] for r in runs) / pages, pages)

        p_wall, p_cpu, p_pages = per_page(plain)
        c_wall, c_cpu, c_pages = per_page(command_runs)
        s_wall, s_cpu, s_pages = per_page(pieces)
        print(f"load average before: {load_before:.1f}; after: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
        print(f"plain Thai paragraphs ({characters:,} characters, {p_pages} pages), one WeasyPrint document: "
              f"wall {p_wall:.1f} ms a page, CPU {p_cpu:.1f} ms a page")
        print(f"group manual PDF, `handbook manual` ({c_pages} pages + memo): wall {c_wall:.1f} ms a page, "
              f"CPU {c_cpu:.1f} ms a page")
        print(f"group manual PDF, pieces only (worker pool, no piece cache): wall {s_wall:.1f} ms a page, "
              f"CPU {s_cpu:.1f} ms a page")
        print(f"print ratio (the command per page ÷ plain text per page): wall {c_wall / p_wall:.2f}, "
              f"CPU {c_cpu / p_cpu:.2f}   goal ≤ 1.0")
        print(f"print ratio, pieces only: wall {s_wall / p_wall:.2f}, CPU {s_cpu / p_cpu:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
