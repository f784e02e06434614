"""Run every benchmark under bench/ and print their figures."""

import runpy
from pathlib import Path

for script in ["search.py", "manuals.py", "loader.py", "import_roundtrip.py", "import_seeds.py", "import_repair.py"]:
    print(f"== bench/{script}", flush=True)
    try:
        runpy.run_path(str(Path(__file__).parent / script), run_name="__main__")
    except SystemExit as stop:
        if stop.code:
            raise
