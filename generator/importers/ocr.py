"""OCR for scanned manuals: PDF pages without a text layer → their text, by Tesseract.

Real manuals are often scans: a page with no characters in its text layer.  ``handbook import
--ocr`` reads those pages only (pages that have text are read from the PDF as usual) with Tesseract's
Thai and English models (Debian packages ``ocrmypdf`` and ``tesseract-ocr-tha``, which bring
Tesseract; ``scripts/install-system-packages.sh ocr``): :func:`ocr_text`.  Tesseract's plain text
(and ocrmypdf's ``--sidecar`` and text layer, made from it) puts a space between every Thai glyph of
a noisy scan, so the letters are joined by their boxes instead (:func:`tsv_text`); the Thai repair
then runs on the text.  (To keep a searchable copy of a scan, run ``ocrmypdf -l tha scan.pdf out.pdf``
yourself: the same packages.)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = ("install OCR with: sudo apt-get install ocrmypdf tesseract-ocr-tha "
                "(or scripts/install-system-packages.sh ocr), then run the import again")


class OcrProblem(Exception):
    """OCR cannot run or failed; ``str(exc)`` says why and what to do."""


def pages_without_text(path: Path) -> list[int]:
    """The 1-based numbers of the pages of the PDF ``path`` that have no character in their text layer."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [n for n, page in enumerate(pdf.pages, start=1) if not page.chars]


def available() -> str | None:
    """``None`` when Tesseract with its Thai data and pdftoppm are installed, else what is missing (a sentence)."""
    if shutil.which("tesseract") is None:
        return "Tesseract (OCR) is not installed"
    if shutil.which("pdftoppm") is None:
        return "pdftoppm (poppler-utils) is not installed"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return "tesseract does not run"
    if "tha" not in langs.split():
        return "Tesseract's Thai data (tesseract-ocr-tha) is not installed"
    return None


def ocr_text(path: Path, timeout: float = 600, dpi: int = 300) -> list[str | None]:
    """The text Tesseract reads on each page of ``path`` that has no text layer: one entry per page,
    ``None`` for a page that has text already (read it from the PDF).

    Each such page is rasterised (pdftoppm, ``dpi``, grey) and read by Tesseract (``tha+eng``) as TSV:
    letters with their boxes.  Letters on a line are joined without a space unless the gap between
    them is wider than 0.55 of the line's median letter height (Tesseract's own text puts a space
    between every Thai glyph of a noisy scan); a paragraph of Tesseract is a paragraph, its lines
    kept as lines.  Raises :class:`OcrProblem` when OCR is not installed or fails on a page."""
    missing = available()
    if missing:
        raise OcrProblem(f"{missing}: {INSTALL_HINT}")
    empty = set(pages_without_text(path))
    count = _page_count(path)
    out: list[str | None] = []
    with tempfile.TemporaryDirectory(prefix="handbook-ocr-") as tmp:
        for number in range(1, count + 1):
            if number not in empty:
                out.append(None)
                continue
            image = Path(tmp) / f"page-{number}"
            try:
                subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(number),
                                "-l", str(number), str(path), str(image)], check=True, capture_output=True,
                               timeout=timeout)
                done = subprocess.run(["tesseract", f"{image}.png", "stdout", "-l", "tha+eng", "--dpi", str(dpi),
                                       "tsv"], capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise OcrProblem(f"OCR of page {number} took longer than {int(timeout)} s; give the Word file") from None
            except (OSError, subprocess.CalledProcessError) as exc:
                raise OcrProblem(f"page {number} could not be made into an image for OCR ({exc}); "
                                 "install poppler-utils (pdftoppm)") from None
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no message"])[-1]
                raise OcrProblem(f"OCR of page {number} failed (tesseract: {last[:200]}); try another scan, "
                                 "or give the Word file")
            out.append(tsv_text(done.stdout))
    return out


def _page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)


def tsv_text(tsv: str) -> str:
    """Text from Tesseract's TSV output (see :func:`ocr_text` for how letters, lines and paragraphs join)."""
    import statistics

    lines: dict[tuple, list[tuple[int, int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
        left, width, height = int(cols[6]), int(cols[8]), int(cols[9])
        lines.setdefault((block, par, line), []).append((left, width, height, cols[11].strip()))
    paragraphs: dict[tuple, list[str]] = {}
    for (block, par, _line), words in sorted(lines.items()):
        words.sort()
        gap = 0.55 * statistics.median(h for _l, _w, h, _t in words)
        text, right = "", None
        for left, width, _h, word in words:
            if right is not None and (left - right > gap or (
                    re.search(r"(?:^|\s)[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[.)]?$", text) and not re.match(r"[0-9๐-๙.]", word))):
                text += " "  # a real gap, or after an item number (๕.๒ สถานศึกษา)
            text += word
            right = left + width
        paragraphs.setdefault((block, par), []).append(text)
    return "\n\n".join("\n".join(p) for p in paragraphs.values()) + "\n"
