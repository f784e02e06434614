"""Run every benchmark under bench/ and print their figures (``make bench``).

Order: Thai search quality, print speed against plain text (issue 21), printed manuals, wrong Thai line
breaks in every example manual (PDF and DOCX as LibreOffice lays it out), incremental builds of the example
office, the 1,000-procedure office (site builds, memory, index, throttled
search in Chromium), and the set-up time of a fresh clone.  Set
``BENCH_SKIP`` to a comma-separated list of script names to leave some out
(``BENCH_SKIP=setup.py,scale.py make bench``).
"""

import os
import runpy
import time
from pathlib import Path

SCRIPTS = ["search.py", "print_speed.py", "manuals.py", "breaks.py", "loader.py", "incremental.py", "import_roundtrip.py", "import_seeds.py",
           "import_repair.py", "import_ocr.py", "editor_preview.py", "scale.py", "setup.py"]
skip = {s.strip() for s in os.environ.get("BENCH_SKIP", "").split(",") if s.strip()}

print(f"== make bench, {time.strftime('%Y-%m-%d %H:%M')} (load average {os.getloadavg()[0]:.1f}, "
      f"{os.cpu_count()} cores)", flush=True)
for script in SCRIPTS:
    if script in skip:
        continue
    print(f"== bench/{script}", flush=True)
    try:
        runpy.run_path(str(Path(__file__).parent / script), run_name="__main__")
    except SystemExit as stop:
        if stop.code:
            raise
