"""Wrong Thai line breaks in every example manual, as laid out: the PDF (WeasyPrint) and the DOCX as
LibreOffice lays it out (``libreoffice --headless --convert-to pdf``), both read with ``pdftotext -raw``.

Usage: ``.venv/bin/python bench/breaks.py [--root PROJECT]`` (default: the project's own office).  Prints
one row per manual: its pages and, for each of PDF and DOCX, the count of

* ``marks`` — lines that start with ๆ, ฯ or a closing bracket;
* ``cut``   — lines that end inside a word with a piece that is no word (บูรณา|การ, งบประมา|ณ);
* ``split`` — the office's own words split between the words they are made of (ผู้|รับผิดชอบ);

(rules: :func:`generator.manuals.linebreaks.count_breaks`; the office's words:
:func:`generator.manuals.linebreaks.handbook_words`).  ``make bench`` runs it; the test
``tests/test_linebreaks.py`` holds the group manual of the test fixture to zero marks and cuts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def main(argv: list[str]) -> int:
    from generator.manuals.linebreaks import count_breaks, handbook_words
    from generator.model.loader import require_handbook

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    handbook = require_handbook(args.root)
    words = handbook_words(handbook)
    print(f"office words (break hints): {len(words)}; load average {os.getloadavg()[0]:.1f}", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hb-breaks-") as folder:
        out = Path(folder)
        rows = []
        docx_files = []
        for manual_id, manual in handbook.manuals.items():
            if "th" not in manual.languages:
                continue
            subprocess.run([sys.executable, "-m", "generator", "--root", str(args.root), "manual", "--id", manual_id,
                            "--format", "pdf,docx", "--lang", "th", "--output", str(out)],
                           check=True, capture_output=True)
            docx_files.append(out / "manuals" / f"{manual_id}.docx")
            rows.append(manual_id)
        lo = out / "lo"
        subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(lo), *map(str, docx_files)],
                       env=dict(os.environ, HOME=str(out / "home")), check=True, capture_output=True, timeout=1800)
        total = {"pdf": {"marks": 0, "cut": 0, "split": 0}, "docx": {"marks": 0, "cut": 0, "split": 0}}
        print(f"{'manual':<24} {'pages':>5}  {'PDF marks/cut/split':>20}  {'DOCX (LibreOffice) marks/cut/split':>34}")
        for manual_id in rows:
            pdf, lo_pdf = out / "manuals" / f"{manual_id}.pdf", lo / f"{manual_id}.pdf"
            found = {"pdf": count_breaks(pdf_text(pdf), words), "docx": count_breaks(pdf_text(lo_pdf), words)}
            cells = []
            for kind in ("pdf", "docx"):
                counts = {k: len(v) for k, v in found[kind].items()}
                for k, v in counts.items():
                    total[kind][k] += v
                cells.append(f"{counts['marks']}/{counts['cut']}/{counts['split']}")
            print(f"{manual_id:<24} {pages(pdf):>5}  {cells[0]:>20}  {cells[1]:>34}", flush=True)
            for kind in ("pdf", "docx"):
                shown = found[kind]["marks"] + found[kind]["cut"]
                if shown:
                    print(f"    {kind} marks and cuts: {', '.join(shown[:8])}")
        cells = [f"{t['marks']}/{t['cut']}/{t['split']}" for t in total.values()]
        print(f"{'all':<24} {'':>5}  {cells[0]:>20}  {cells[1]:>34}")
    print(f"(made, converted and counted in {time.perf_counter() - started:.0f} s wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
