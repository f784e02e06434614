"""Any office, the long run: the big shapes with every manual as PDF and DOCX, and many random offices.

``make test`` keeps these short (tests/test_any_office.py: two random offices
with DOCX manuals, the 150-step procedure in a DOCX manual only).  This script
builds, cold then warm, and prints the seconds of each build:

* 60 procedures (one of 150 steps, loop-backs, 200-character Thai names) with
  the group manual of all 60 and a personal manual of the 150-step procedure,
  each as PDF and DOCX;
* then runs the Hypothesis test with ``ANY_OFFICE_EXAMPLES`` examples
  (default 20) whose manuals are PDF and DOCX.

Usage: ``.venv/bin/python bench/any_office.py [--examples N]`` (or ``make bench-any-office``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("ANY_OFFICE_EXAMPLES", "20")))
    args = parser.parse_args()

    from test_any_office import assert_checks_and_builds_twice, office_files, write_office  # noqa: E402

    from generator.build import build

    files = office_files(officers=2, procedures=60, steps=[150] + [3] * 59, english=False, long_names=True,
                         manuals=[{"id": "group", "kind": "group", "author": "officer-1", "memo": {}},
                                  {"id": "long", "kind": "personal", "author": "officer-1",
                                   "procedures": ["procedure-1"], "memo": {}}])
    with tempfile.TemporaryDirectory() as tmp:
        root = write_office(Path(tmp) / "office", files)
        for run in ("cold", "warm"):
            start = time.perf_counter()
            build(root)
            print(f"60 procedures, group manual and 150-step manual (PDF+DOCX): {run} build "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
        assert_checks_and_builds_twice(root)  # every file exists, modes 0644/0755
    start = time.perf_counter()
    env = {**os.environ, "ANY_OFFICE_EXAMPLES": str(args.examples), "ANY_OFFICE_FORMATS": "pdf,docx"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/test_any_office.py", "-k", "random_offices"], cwd=REPO, env=env)
    print(f"{args.examples} random offices (PDF+DOCX), each built twice: {time.perf_counter() - start:.1f} s "
          f"({'passed' if result.returncode == 0 else 'FAILED'})")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
