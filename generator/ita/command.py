"""``handbook ita``: print the answers of the ITA report and write its CSV and JSON.

Moved verbatim from ``generator/ita/kit.py`` (issue 22): ``ita_command``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.ita.files import report_rows, write_ita_files
from generator.ita.report import ItaError, ita_report
from generator.model.criteria import CRITERIA_FILE, load_criteria
from generator.model.diagnostics import CheckFailed
from generator.model.handbook import Handbook


# --------------------------------------------------------------------------- command


def ita_command(handbook: Handbook, root: Path, year: int | None, output_dir: Path | None) -> int:
    """``handbook ita [--year N] [--output DIR]``: print the answers and write the CSV and JSON.

    Reads the years table (:func:`load_criteria`), builds the report of
    ``year`` (default: the latest year at or before the office's fiscal year),
    prints each item (code, answer, URL, explanation, evidence URLs, gaps with
    file, line and field) and writes ``ita-<year>.csv`` and ``ita-<year>.json``
    into ``output_dir`` (default ``ROOT/ita``).  Returns 0 on success (gaps are
    reported, not failures), 1 when the criteria file has errors, 2 when the
    year is not in the table.
    """
    try:
        criteria = load_criteria(root)
    except CheckFailed as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"handbook ita: {CRITERIA_FILE} has errors", file=sys.stderr)
        return 1
    try:
        report = ita_report(handbook, criteria, year)
    except ItaError as exc:
        print(f"handbook ita: {exc}", file=sys.stderr)
        return 2
    rows = report_rows(report, "th")
    print(f"ITA {report.year.year} — {report.year.source.get('th')}")
    for result, row in zip(report.items, rows):
        code = row["code"] or "?"
        print(f"\n[{code}] {row['title']}: {row['answer']}" + ("" if result.item.verified else "  (item code not verified)"))
        if row["url"]:
            print(f"  URL: {row['url']}")
        print(f"  คำอธิบาย: {row['explanation']}")
        for url in row["urls"]:
            print(f"    {url}")
        gaps = result.gaps()
        if gaps:
            print(f"  gaps ({len(gaps)}):")
            for gap in gaps:
                print(f"    {gap.full()}" + ("" if gap.required else " (does not change the answer)"))
    folder = Path(output_dir) if output_dir else Path(root) / "ita"
    for path in write_ita_files(report, folder):
        print(path)
    return 0
