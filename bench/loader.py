"""Loader benchmark: milliseconds per procedure file, at 21 and 400 procedures.

Copies the procedures of ``tests/fixtures/example`` (21 files) into a temporary
project, renamed round-robin up to 400 files, and times

* ``parse``: :func:`generator.model.yamlsource.load_yaml` (read + LibYAML parse
  + positions of every value), per file;
* ``load``: :func:`generator.model.loader.load_handbook` of the whole project
  (parse + validation + cross-references), divided by the number of procedures.

Prints the median of 3 runs.  Target (issue 13): ≤ 5 ms a file.

Run: ``.venv/bin/python bench/loader.py``.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.model.loader import load_handbook  # noqa: E402
from generator.model.yamlsource import load_yaml  # noqa: E402

EXAMPLE = ROOT / "tests" / "fixtures" / "example"


def synthetic(project: Path, count: int) -> None:
    """Make ``project`` a copy of the example office with ``count`` procedures (copies get new ids)."""
    shutil.copytree(EXAMPLE, project)
    sources = sorted((EXAMPLE / "procedures").glob("*.yml"))
    for i in range(len(sources), count):
        src = sources[i % len(sources)]
        new_id = f"{src.stem}-copy{i}"
        text = src.read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
        (project / "procedures" / f"{new_id}.yml").write_text(text, encoding="utf-8")


def median_time(func, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    print(f"PyYAML {yaml.__version__}, LibYAML: {yaml.__with_libyaml__}")
    for count in (21, 400):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "office"
            synthetic(project, count)
            files = sorted((project / "procedures").glob("*.yml"))
            parse = median_time(lambda: [load_yaml(f) for f in files])
            load = median_time(lambda: load_handbook(project, warnings=False))
            print(f"{count:4d} procedures: parse {1000 * parse / count:.2f} ms/file, "
                  f"parse+validate (whole project) {1000 * load / count:.2f} ms/file, total {load:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
