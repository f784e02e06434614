"""Reading a PDF's text page by page, for tests (poppler's ``pdftotext``)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path


def squash(text: str) -> str:
    """``text`` in NFKC without any white space: compares Thai text whatever the line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pages_text(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (``pdftotext -layout``, NFKC), in page order, one string a page."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [unicodedata.normalize("NFKC", page) for page in out.split("\f")][:-1]  # the text ends with a form feed
