"""Manual benchmark: the group manual (PDF and DOCX separately, ms a page), one ~40-page personal manual,
and all manuals of the example office.

Prints wall-clock seconds and pages (medians of 3 runs, after one warm-up run
that fills the flowchart cache and loads the Thai dictionaries):

* the group manual's PDF as one WeasyPrint document in this process (as
  before issue 13), for comparison within the same run;
* the group manual's PDF laid out from nothing (an empty piece cache) in the
  worker pool (:func:`generator.manuals.jobs.make_manuals`, one process a
  core): the cold print; then after one procedure's step text changed (one
  piece laid out again, the manual joined);
* the group manual's DOCX (one job; "a page" = a page of the PDF);
* one personal manual's PDF in this process (:func:`write_manual_pdf`, pieces
  one after the other, empty piece cache);
* every manual file of the example office in the worker pool.

Targets: issue 13, ≤ 40 ms a page for the group manual (PDF and DOCX);
issue 5, under 2 s for a 40-page PDF, under 20 s for all manuals of the example office.

Run: ``.venv/bin/python bench/manuals.py``.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from generator.cache import Store  # noqa: E402
from generator.model.loader import require_handbook  # noqa: E402
from generator.manuals.pdf import write_manual_pdf, write_whole_pdf  # noqa: E402
from generator.manuals.jobs import jobs_for, make_manuals  # noqa: E402

GROUP = "policy-planning-group"
EDITED = ("budget-allocation", "th: เสนอผลการจัดสรรงบประมาณ", "th: เสนอผลการจัดสรรงบประมาณประจำปี")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker pool)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median(runs: list[float]) -> str:
    return f"median {statistics.median(runs):.2f} s (runs: {', '.join(f'{t:.2f}' for t in runs)})"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        project = out / "office"  # a copy: the edit below must not touch the office's files
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "site", "docs", ".git", "out", "tests",
                                                                     "bench", "generator", "templates", "*.egg-info"))
        handbook = require_handbook(project)
        group_pdf = [j for j in jobs_for(handbook, [GROUP], langs=["th"], formats=["pdf"]) if j.kind == "pdf"]
        group_docx = jobs_for(handbook, [GROUP], langs=["th"], formats=["docx"])
        write_manual_pdf(handbook, handbook.manuals[GROUP], "th", out / "warm.pdf", store=Store(out / "warm"))
        pages = len(PdfReader(out / "warm.pdf").pages)
        workers = os.cpu_count() or 1
        load = f"{os.getloadavg()[0]:.1f}"

        cold, edited, whole, cold_cpu, whole_cpu = [], [], [], [], []
        for run in range(3):
            start, cpu = time.perf_counter(), time.process_time()
            write_whole_pdf(handbook, handbook.manuals[GROUP], "th", out / "whole.pdf")
            whole.append(time.perf_counter() - start)
            whole_cpu.append(time.process_time() - cpu)
            store = Store(out / f"pieces-{run}")
            start, cpu = time.perf_counter(), _cpu()
            make_manuals(handbook, out / "group", group_pdf, store=store)
            cold.append(time.perf_counter() - start)
            cold_cpu.append(_cpu() - cpu)
            path = project / "procedures" / f"{EDITED[0]}.yml"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(EDITED[1], EDITED[2], 1), encoding="utf-8")
            try:
                changed = require_handbook(project)
                store = Store(store.root)
                start = time.perf_counter()
                make_manuals(changed, out / "group", group_pdf, store=store)
                edited.append(time.perf_counter() - start)
            finally:
                path.write_text(text, encoding="utf-8")
        print(f"load average before: {load}; after: {os.getloadavg()[0]:.1f} (2 cores: above 2, every figure is slower)")
        print(f"group manual PDF ({pages} pages), cold, in pieces on {workers} workers: {_median(cold)} = "
              f"{1000 * statistics.median(cold) / pages:.0f} ms a page   goal ≤ 40 ms a page")
        print(f"  CPU time (all processes): {1000 * statistics.median(cold_cpu) / pages:.0f} ms a page")
        print(f"group manual PDF as one WeasyPrint document (before issue 13), one process: {_median(whole)} = "
              f"{1000 * statistics.median(whole) / pages:.0f} ms a page; CPU {1000 * statistics.median(whole_cpu) / pages:.0f} ms a page")
        print(f"group manual PDF after one step edited ({store.misses.get('pdf-pieces', 0)} piece laid out, "
              f"{store.hits.get('pdf-pieces', 0)} reused): {_median(edited)} = "
              f"{1000 * statistics.median(edited) / pages:.0f} ms a page")
        docx = []
        for _ in range(3):
            start = time.perf_counter()
            make_manuals(handbook, out / "group", group_docx, workers=1)
            docx.append(time.perf_counter() - start)
        print(f"group manual DOCX (one job; {pages} PDF pages): {_median(docx)} = "
              f"{1000 * statistics.median(docx) / pages:.0f} ms a page   goal ≤ 40 ms a page")

        # the personal manual closest to 40 pages
        sizes = {}
        for mid, manual in handbook.manuals.items():
            if manual.kind == "personal":
                pdf = write_manual_pdf(handbook, manual, "th", out / f"{mid}.pdf", store=Store(out / "sizes"))
                sizes[mid] = len(PdfReader(pdf).pages)
        mid = min(sizes, key=lambda m: abs(sizes[m] - 40))
        times = []
        for run in range(3):
            start = time.perf_counter()
            write_manual_pdf(handbook, handbook.manuals[mid], "th", out / "one.pdf", store=Store(out / f"one-{run}"))
            times.append(time.perf_counter() - start)
        print(f"one personal manual ({mid}, {sizes[mid]} pages, PDF, one process, no cache): {_median(times)}")

        jobs = jobs_for(handbook)
        start = time.perf_counter()
        results = make_manuals(handbook, out / "all", jobs)
        total = time.perf_counter() - start
        pdf_pages = sum(len(PdfReader(out / "all" / j.target).pages) for j, _ in results if j.target.endswith(".pdf"))
        print(f"all manuals of the example office: {len(jobs)} files ({pdf_pages} PDF pages, PDF + DOCX + memos), "
              f"{total:.1f} s on {min(len(jobs), workers)} workers")
        slowest = sorted(results, key=lambda r: -r[1])[:3]
        for job, seconds in slowest:
            print(f"  {job.target}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
