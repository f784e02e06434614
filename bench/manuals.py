"""Manual benchmark: one ~40-page personal manual, and all manuals of the example office.

Prints wall-clock seconds (median of 3 for the single manual, after one warm-up
run that fills the flowchart cache) and pages.  Targets (issue 5): under 2 s for
a 40-page PDF, under 20 s for all manuals of the example office on a 2-core machine.

Run: ``.venv/bin/python bench/manuals.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from generator.model.loader import require_handbook  # noqa: E402
from generator.manuals.pdf import write_manual_pdf  # noqa: E402
from generator.manuals.jobs import jobs_for, make_manuals  # noqa: E402


def main() -> int:
    handbook = require_handbook(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # the personal manual closest to 40 pages
        sizes = {}
        for mid, manual in handbook.manuals.items():
            if manual.kind == "personal":
                pdf = write_manual_pdf(handbook, manual, "th", out / f"{mid}.pdf")
                sizes[mid] = len(PdfReader(pdf).pages)
        mid = min(sizes, key=lambda m: abs(sizes[m] - 40))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            write_manual_pdf(handbook, handbook.manuals[mid], "th", out / "one.pdf")
            times.append(time.perf_counter() - start)
        print(f"one personal manual ({mid}, {sizes[mid]} pages, PDF): median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")

        jobs = jobs_for(handbook)
        start = time.perf_counter()
        results = make_manuals(handbook, out / "all", jobs)
        total = time.perf_counter() - start
        pages = sum(len(PdfReader(out / "all" / j.target).pages) for j, _ in results if j.target.endswith(".pdf"))
        print(f"all manuals of the example office: {len(jobs)} files ({pages} PDF pages, PDF + DOCX + memos), "
              f"{total:.1f} s on {min(len(jobs), __import__('os').cpu_count() or 1)} workers")
        slowest = sorted(results, key=lambda r: -r[1])[:3]
        for job, seconds in slowest:
            print(f"  {job.target}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
