"""Can an appendix PDF (a manual's ``appendix: - file:``) be printed in the manual?

The printed manuals show each page of an attached PDF (typically the signed
duty-assignment order, คำสั่ง) as a page of their appendix
(:mod:`generator.manuals.appendix`), so the file must be a PDF that PDFium
(pypdfium2) opens without a password and renders in reasonable time and
memory.  :func:`pdf_problem` says, in plain words, why a file cannot be used;
``handbook check`` and every build report it with the manual file and line
(:func:`generator.model.loader._check_appendix_files`).
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_PDF_BYTES = 50 * 1024 * 1024
"""Largest appendix PDF accepted (50 MB: a scanned order of a few dozen pages is 1–10 MB)."""
MAX_PDF_PAGES = 60
"""Most pages an appendix PDF may have (each becomes a printed page of the manual)."""
MAX_PAGE_MM = 600.0
"""Longest side of a page, in mm (A2 is 594 mm): larger pages are posters, not documents to print in A4."""
PDF_HINT = ("replace it with a PDF of the document that opens without a password (scan or print it again to PDF), "
            "or remove this file: line")
"""How to fix any problem :func:`pdf_problem` reports."""
POINT_MM = 25.4 / 72
"""One PDF unit (1/72 in) in mm."""


def pdf_problem(path: Path) -> str | None:
    """Why the PDF at ``path`` cannot be printed in a manual's appendix, or ``None`` when it can.

    Input: the path of an existing, readable regular file (the loader has
    checked that).  Output: a phrase completing "the file "x.pdf" …", e.g.
    "is not a PDF file", "is protected by a password", "has no pages",
    "has 80 pages; an appendix file may have at most 60".  Never raises.
    Checks, in order: size (:data:`MAX_PDF_BYTES`), the ``%PDF-`` header,
    that PDFium opens it without a password, its page count
    (1 … :data:`MAX_PDF_PAGES`) and each page's size (:data:`MAX_PAGE_MM`).
    """
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if size > MAX_PDF_BYTES:
        return f"is {size / 1024 / 1024:.0f} MB; an appendix file may have at most {MAX_PDF_BYTES // 1024 // 1024} MB"
    if b"%PDF-" not in head:  # the PDF standard allows some bytes before the header
        return "is not a PDF file"
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        # PDFium's error code is global and may be left over from an earlier file: look at the file itself
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return f"cannot be read ({exc.strerror})"
        if re.search(rb"/Encrypt\b", data):
            return "is protected by a password (encrypted)"
        if re.search(rb"/Type\s*/Pages\b", data) and not re.search(rb"/Count\s+[1-9]", data):
            return "has no pages"  # PDFium refuses a document without pages
        return "is damaged or is not a PDF file that can be read"
    try:
        count = len(document)
        if count == 0:
            return "has no pages"
        if count > MAX_PDF_PAGES:
            return f"has {count} pages; an appendix file may have at most {MAX_PDF_PAGES}"
        for index in range(count):
            page = document[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            longest = max(width, height) * POINT_MM
            if not (0 < width and 0 < height) or longest > MAX_PAGE_MM:
                return (f"has a page ({index + 1}) of {width * POINT_MM:.0f} × {height * POINT_MM:.0f} mm; "
                        f"pages may be at most {MAX_PAGE_MM:.0f} mm on their longest side")
    except pypdfium2.PdfiumError:
        return "is damaged or is not a PDF file that can be read"
    finally:
        document.close()
    return None
