"""OCR for scanned manuals: PDF pages without a text layer → a PDF with one, by ocrmypdf.

Real manuals are often scans: a page with no characters in its text layer.  ``handbook import
--ocr`` runs `ocrmypdf <https://ocrmypdf.readthedocs.io>`_ (Debian packages ``ocrmypdf`` and
``tesseract-ocr-tha``; ``scripts/install-system-packages.sh ocr``) with Tesseract's Thai and English
models on those pages only (``--skip-text``: pages that have text are kept as they are), then the
reader reads the new PDF like any other and the Thai repair runs on its text.
"""

from __future__ import annotations

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
    """``None`` when ocrmypdf and Tesseract's Thai data are installed, else what is missing (a sentence)."""
    if shutil.which("ocrmypdf") is None:
        return "ocrmypdf is not installed"
    if shutil.which("tesseract") is None:
        return "tesseract is not installed"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return "tesseract does not run"
    if "tha" not in langs.split():
        return "Tesseract's Thai data (tesseract-ocr-tha) is not installed"
    return None


def ocr_pdf(path: Path, output: Path | None = None, timeout: float = 1800) -> Path:
    """Run ocrmypdf on the pages of ``path`` without text (Thai + English); return the new PDF's path
    (``output``, or a file in a new temporary folder).  Raises :class:`OcrProblem` when OCR is not
    installed (with how to install it) or fails (with ocrmypdf's last message)."""
    missing = available()
    if missing:
        raise OcrProblem(f"{missing}: {INSTALL_HINT}")
    if output is None:
        output = Path(tempfile.mkdtemp(prefix="handbook-ocr-")) / Path(path).name
    command = ["ocrmypdf", "-l", "tha+eng", "--skip-text", "--output-type", "pdf", "--quiet",
               str(path), str(output)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise OcrProblem(f"OCR took longer than {int(timeout)} s; OCR fewer pages at a time "
                         "(split the PDF), or give the Word file") from None
    except OSError as exc:
        raise OcrProblem(f"ocrmypdf could not be started ({exc}); {INSTALL_HINT}") from None
    if done.returncode not in (0, 6) or not output.exists():  # 6: some pages already had text (fine)
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise OcrProblem(f"OCR failed (ocrmypdf exit {done.returncode}: {last[:200]}); "
                         "try another scan of the document, or give the Word file")
    return output
