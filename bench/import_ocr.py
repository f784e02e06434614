"""Import benchmark (d): a scanned manual read with OCR (``handbook import --ocr``).

Renders one example procedure (tests/fixtures/example, default ``budget-request``) as a short
manual page in Sarabun 16 pt with WeasyPrint (numbered headings ชื่องาน, วัตถุประสงค์, ขอบเขตของงาน,
ขั้นตอนการปฏิบัติงาน with one item per step), simulates a scan — pdftoppm at 200 dpi in grey,
turned by 0.4°, Gaussian noise (σ 24 grey levels) and specks, saved as an image-only PDF — then
imports it with OCR (ocrmypdf with Tesseract ``tha+eng``, then the Thai repair) and prints:

* pages without a text layer found (all of them, or the scan is not a scan);
* the share of the procedure's step texts recovered verbatim: (a) as the draft's step texts,
  exactly; (b) anywhere in the OCR'd text, ignoring spaces and line ends;
* the same without the repair, to show what the repair adds;
* time: wall and the CPU time of ocrmypdf and Tesseract (child processes), with the load average.

Needs the Debian packages ocrmypdf and tesseract-ocr-tha (``scripts/install-system-packages.sh ocr``)
and poppler-utils; says so and stops when they are missing.

Run: ``.venv/bin/python bench/import_ocr.py [--procedure ID] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.fonts import font_path  # noqa: E402
from generator.importers.ocr import available, ocr_text, pages_without_text  # noqa: E402
from generator.importers.run import import_sources  # noqa: E402
from generator.importers.sources import text_blocks  # noqa: E402
from generator.model.loader import require_handbook  # noqa: E402

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def render(procedure, path: Path) -> list[str]:
    """Write ``procedure`` as a manual page PDF at ``path``; return its step texts (Thai)."""
    from weasyprint import HTML

    def th(text) -> str:
        return html.escape(text.get("th") if text is not None else "")

    steps = [th(s.text) for s in procedure.steps]
    items = "".join(f"<p>๔.{str(n).translate(THAI_DIGITS)} {t}</p>" for n, t in enumerate(steps, start=1))
    body = f"""<html><head><style>
      @font-face {{ font-family: S; src: url('{font_path("Sarabun-Regular").as_uri()}'); }}
      @font-face {{ font-family: S; font-weight: bold; src: url('{font_path("Sarabun-Bold").as_uri()}'); }}
      @page {{ size: A4; margin: 25mm 20mm; }}
      body {{ font-family: S; font-size: 16pt; line-height: 1.5; }}
      h2 {{ font-size: 16pt; margin: 10pt 0 2pt; }} p {{ margin: 0 0 2pt; }}
    </style></head><body>
      <h2>๑. ชื่องาน: {th(procedure.title)}</h2>
      <h2>๒. วัตถุประสงค์</h2>{"".join(f"<p>{th(o)}</p>" for o in procedure.objectives)}
      <h2>๓. ขอบเขตของงาน</h2>{"".join(f"<p>{th(o)}</p>" for o in procedure.scope)}
      <h2>๔. ขั้นตอนการปฏิบัติงาน</h2>{items}
    </body></html>"""
    HTML(string=body).write_pdf(str(path))
    return [html.unescape(s) for s in steps]


def scan(pdf: Path, out: Path, dpi: int = 200, seed: int = 7) -> int:
    """Rasterise ``pdf`` at ``dpi`` in grey, add a small turn, noise and specks; write an image-only PDF."""
    from PIL import Image, ImageChops, ImageFilter

    rnd = random.Random(seed)
    prefix = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    pages = []
    for png in sorted(out.parent.glob(prefix.name + "-*.png")):
        img = Image.open(png).convert("L").rotate(0.4, resample=Image.BICUBIC, fillcolor=255)
        noise = Image.frombytes("L", img.size, bytes(max(0, min(255, int(rnd.gauss(128, 24))))
                                                      for _ in range(img.size[0] * img.size[1])))
        img = ImageChops.add(img, noise, scale=1.0, offset=-128)  # (seeded: the same scan every run)
        pixels = img.load()
        for _ in range(img.size[0] * img.size[1] // 2000):  # specks of dust
            pixels[rnd.randrange(img.size[0]), rnd.randrange(img.size[1])] = rnd.choice((0, 255))
        pages.append(img.filter(ImageFilter.GaussianBlur(0.6)))
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return len(pages)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedure", default="budget-request")
    parser.add_argument("--keep", type=Path, default=None, help="keep the PDFs and drafts in this folder")
    args = parser.parse_args()
    missing = available()
    if missing:
        print(f"OCR benchmark skipped: {missing} (scripts/install-system-packages.sh ocr)")
        return 0
    handbook = require_handbook(ROOT / "tests" / "fixtures" / "example")
    procedure = handbook.procedures[args.procedure]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    work.mkdir(parents=True, exist_ok=True)
    clean, scanned = work / "rendered.pdf", work / "scanned.pdf"
    steps = render(procedure, clean)
    n_pages = scan(clean, scanned)
    empty = pages_without_text(scanned)
    print(f"procedure {args.procedure}: {len(steps)} steps; rendered {n_pages} page(s), scan-simulated at 200 dpi; "
          f"pages without a text layer: {len(empty)}/{n_pages}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = import_sources([scanned], work / "office", ocr=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    load = Path("/proc/loadavg").read_text().split()[:3]
    if result.errors:
        print("errors:", *result.errors, sep="\n  ")
        return 1
    drafts = [d for d in result.drafts if d.kind == "procedure"]
    got = [s["text"] for d in drafts for s in d.data["steps"]]
    exact = sum(1 for s in steps if s in got)
    pages = ocr_text(scanned)
    repaired = "".join(b.text for p in pages if p for b in text_blocks(p, repair=True))
    raw = "".join(b.text for p in pages if p for b in text_blocks(p, repair=False))

    def norm(text: str) -> str:
        return re.sub(r"\s+", "", text)

    in_repaired = sum(1 for s in steps if norm(s) in norm(repaired))
    in_raw = sum(1 for s in steps if norm(s) in norm(raw))
    print(f"step texts recovered verbatim: as draft steps {exact}/{len(steps)} ({100 * exact / len(steps):.0f} %); "
          f"in the OCR text ignoring spaces {in_repaired}/{len(steps)} after the repair, {in_raw}/{len(steps)} without it")
    print(f"draft: {len(drafts)} procedure(s), {len(got)} steps; title {drafts[0].data['title']!r}" if drafts else "no draft")
    for s in steps:
        if s not in got:
            close = max(got, key=lambda g: len(set(g) & set(s)), default="")
            print(f"  missed: {s}\n     got: {close}")
    print(f"time: import with OCR {wall:.1f} s wall, OCR child processes {cpu:.1f} s CPU; load average {' '.join(load)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
