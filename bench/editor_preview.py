"""Editor benchmark (issue 18): time from a change in the form to its checks and its preview.

On a temporary copy of ``tests/fixtures/example`` (23 procedures), for

* ``budget-allocation`` — the longest real procedure of the example (12 steps, from a published manual);
* ``long-30`` — the same procedure's steps repeated up to 30 steps (the issue's target: a 30-step procedure);

times, per change (each run changes one step's text, so the flowchart must be drawn again by Graphviz,
as it must after a real edit):

* ``check``: :meth:`generator.editor.server.App.check` — the whole project loaded with the unsaved text
  (the same checks as ``handbook check``);
* ``preview``: :func:`generator.editor.preview.page_html` — the procedure's page through the site
  templates and its flowchart (Graphviz ``dot``), as the ``/api/preview`` route makes it.

Prints the median of 5 changes: wall-clock ms, CPU ms of this process (for the preview, with its
Graphviz child processes), and the load average.  Target: check + preview < 1 s.

Run: ``.venv/bin/python bench/editor_preview.py``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.editor import files, forms  # noqa: E402
from generator.editor.preview import page_html  # noqa: E402
from generator.editor.server import App  # noqa: E402
from generator.model.documents import Procedure  # noqa: E402


def _long(root: Path, steps: int = 30) -> None:
    text = (root / "procedures" / "budget-allocation.yml").read_text(encoding="utf-8")
    data = files.plain(files.load_round_trip(text))
    plain_steps = [s for s in data["steps"] if not s.get("branches") and not s.get("id")
                   and s.get("kind", "process") == "process"]
    body = [dict(plain_steps[i % len(plain_steps)]) for i in range(steps - 2)]
    data["id"] = "long-30"
    last = {k: v for k, v in data["steps"][-1].items() if k not in ("branches", "id")}
    data["steps"] = [data["steps"][0], *body, {**last, "kind": "end"}]
    (root / "procedures" / "long-30.yml").write_text(files.render("procedure", None, data), encoding="utf-8")
    officer = root / "officers" / f"{data['owners'][0]}.yml"
    tree = files.load_round_trip(officer.read_text(encoding="utf-8"))
    tree["procedures"].append("long-30")
    officer.write_text(files.dump_round_trip(tree), encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (Graphviz)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(app: App, pid: str, runs: int = 5) -> dict:
    """Median wall and CPU milliseconds of check and preview over ``runs`` changes of procedure ``pid``."""
    schema = forms.base_schema("procedure")
    opened = app.open_file("procedure", pid)
    walls = {"check": [], "preview": []}
    cpus = {"check": [], "preview": []}
    for run in range(runs):
        form = opened["data"]
        form["steps"][1]["text"]["th"] = form["steps"][1]["text"]["th"].rstrip("๐๑๒๓๔๕๖๗๘๙") + "๑" * (run + 1)
        w, c = time.perf_counter(), time.process_time()
        result = app.check("procedure", pid, form)
        walls["check"].append(time.perf_counter() - w)
        cpus["check"].append(time.process_time() - c)
        assert result["ok"], result["fields"][:3]
        data = forms.to_file(form, schema)
        procedure = Procedure.model_validate(data)
        w, c = time.perf_counter(), _cpu()
        page_html(result.handbook, procedure, app.cache)
        walls["preview"].append(time.perf_counter() - w)
        cpus["preview"].append(_cpu() - c)
    return {k: (statistics.median(walls[k]) * 1000, statistics.median(cpus[k]) * 1000) for k in walls}


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    try:
        root = work / "office"
        shutil.copytree(ROOT / "tests" / "fixtures" / "example", root)
        _long(root)
        app = App(root)
        app.good_handbook()
        print(f"editor: change → check and preview (median of 5), load average {os.getloadavg()[0]:.2f}")
        for pid in ("budget-allocation", "long-30"):
            figures = measure(app, pid)
            steps = len(Procedure.model_validate(files.plain(files.load_round_trip(
                (root / "procedures" / f"{pid}.yml").read_text(encoding="utf-8")))).steps)
            total = figures["check"][0] + figures["preview"][0]
            print(f"  {pid:18} {steps:2} steps: check {figures['check'][0]:6.0f} ms wall ({figures['check'][1]:5.0f} ms CPU)"
                  f", preview {figures['preview'][0]:6.0f} ms wall ({figures['preview'][1]:5.0f} ms CPU)"
                  f", together {total:6.0f} ms")
        print(f"  load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
