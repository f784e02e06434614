"""Set-up benchmark: a fresh clone's ``make build`` (venv, installs, the example office's site and manuals).

Clones this repository's committed HEAD into a temporary folder and times
``make .venv/.installed`` (creating the venv and installing the pinned
packages with uv) and then ``make build`` (system-package check and the
whole build, cold).  The uv download cache (``~/.cache/uv``) is used as it is
on this machine; pass ``--cold-cache`` to point uv at an empty one.

Goal (issue 13): a fresh clone's ``make build`` within 2 minutes.

Run: ``.venv/bin/python bench/setup.py [--cold-cache]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold-cache", action="store_true", help="empty uv cache (downloads everything)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handbook-clone-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = dict(os.environ)
        if args.cold_cache:
            env["UV_CACHE_DIR"] = str(Path(tmp) / "uv-cache")
        start = time.perf_counter()
        subprocess.run(["make", ".venv/.installed"], cwd=clone, env=env, check=True, capture_output=True)
        install = time.perf_counter() - start
        subprocess.run(["make", "build"], cwd=clone, env=env, check=True, capture_output=True)
        total = time.perf_counter() - start
        print(f"fresh clone: make build {total:.0f} s (install {install:.0f} s, build {total - install:.0f} s; "
              f"uv cache {'empty' if args.cold_cache else 'as on this machine'}); goal ≤ 120 s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
