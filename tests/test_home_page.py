"""The home page: every procedure for a small office, the work units only for a large one (issue 13)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from conftest import EXAMPLE
from generator.model.loader import load_handbook
from generator.site import pages
from generator.site.pages import render_pages


def _home(root: Path, lang: str) -> str:
    handbook, _diagnostics = load_handbook(root)
    assert handbook is not None
    return next(p.markdown for p in render_pages(handbook, lang) if p.path == "index.md")


def test_small_office_home_lists_every_procedure_and_officer():
    handbook, _diagnostics = load_handbook(EXAMPLE)
    home = _home(EXAMPLE, "th")
    assert len(handbook.procedures) <= pages.HOME_LIST_LIMIT
    for pid in handbook.procedures:
        assert f'href="procedures/{pid}.html"' in home
    for oid in handbook.officers:
        assert f'href="officers/{oid}.html"' in home
    assert "hb-units" not in home


def test_large_office_home_lists_work_units_with_counts(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_scale", Path(__file__).resolve().parent.parent / "bench" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    root = scale.make_office(tmp_path / "office", procedures=14, officers=3, units=4)
    monkeypatch.setattr(pages, "HOME_LIST_LIMIT", 10)  # 14 procedures count as a large office here
    for lang, digits in (("th", "๔"), ("en", "4")):
        home = _home(root, lang)
        assert "procedures/" not in home and "officers/" not in home  # no procedure or officer is listed
        rows = re.findall(r'<tr><td class="hb-no"[^>]*>[^<]*</td><td class="hb-title"[^>]*>'
                          r'<a href="units/(unit-\d\d)\.html">[^<]+</a></td><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td></tr>',
                          home)
        # units 0 and 1 hold 4 procedures (0, 4, 8, 12 / 1, 5, 9, 13), units 2 and 3 hold 3; one officer each but unit 3
        assert [(u, n) for u, n, _o in rows] == [("unit-00", digits), ("unit-01", digits),
                                                 ("unit-02", "๓" if lang == "th" else "3"),
                                                 ("unit-03", "๓" if lang == "th" else "3")]
