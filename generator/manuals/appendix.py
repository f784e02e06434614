"""Pages of the appendix PDFs (the duty-assignment order, คำสั่ง, …) as images for the printed manuals.

A manual's ``appendix:`` item may name a PDF (``file:``, relative to the
manual file).  Real manuals print that document's pages in their appendix,
after the item's title, so the officer's printed manual shows the order
itself.  Both writers do the same: each page of the PDF becomes one page of
the appendix, an image fitted to the text block (:meth:`AppendixPage.fit_mm`), counted in
the page numbering and under the appendix's entry in the contents.  The PDF
writer also keeps the file itself as a PDF attachment.

Rules and their sources:

* Pages are rasterised with PDFium (pypdfium2) at :data:`RENDER_DPI` = 150 dpi;
  fitted into the 160 mm text block an A4 page is printed at about 76 %, so
  at about 200 dpi on paper: small print (a 10 pt signature block) stays
  sharp, and a page is 0.1–0.4 MB.  A page without colour is stored in grayscale.  A page is stored
  as PNG, or as JPEG (quality 85) when that is smaller than the PNG by half
  (a photographed or scanned page, whose noise PNG compresses badly).
* The images are cached under ``<project>/.cache/appendix/<key>/`` where the
  key is a SHA-256 of the PDF's bytes, the resolution, the pypdfium2 version
  and :data:`RENDER_VERSION`, so a rebuild does not render them again; an
  entry is written to a temporary folder and renamed, so a killed build or
  two parallel jobs (the PDF and the DOCX of the same manual) never leave or
  read a half-written entry.
* Bad files are refused by ``handbook check`` (:mod:`generator.model.attachments`);
  should a file change between the check and the rendering,
  :class:`AppendixError` names the manual file, line and field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.model.attachments import PDF_HINT, POINT_MM, pdf_problem

RENDER_DPI = 150
"""Resolution of the page images, in dots per inch (see the module docstring)."""
RENDER_VERSION = "1"
"""Part of the cache key: change it when the way pages are rendered or stored changes."""
JPEG_QUALITY = 85
PDF_TEXT_BLOCK_MM = (160.0, 248.0)
"""Width × height (mm) a page image may take in the PDF manual: the A4 text block (210 − 30 − 20 mm by
297 − 25 − 20 mm) less 4 mm of height, so that the line the image sits on never spills onto a second page."""

DOCX_TEXT_BLOCK_MM = (160.0, 240.0)
"""Width × height (mm) a page picture may take in the DOCX manual: the A4 text block less 12 mm of height,
as Word and LibreOffice add the picture's line spacing and would push a full-height picture to a new page."""


class AppendixError(RuntimeError):
    """An appendix file that cannot be printed; the message names the manual file, line and field."""


@dataclasses.dataclass(frozen=True)
class AppendixPage:
    """One page of an appendix PDF: its image (PNG or JPEG) and the page's size in mm."""

    image: Path
    width_mm: float
    height_mm: float

    def fit_mm(self, box_width_mm: float, box_height_mm: float) -> tuple[float, float]:
        """Width and height (mm) of this page scaled to fit ``box_width_mm`` × ``box_height_mm``, never enlarged."""
        scale = min(1.0, box_width_mm / self.width_mm, box_height_mm / self.height_mm)
        return round(self.width_mm * scale, 2), round(self.height_mm * scale, 2)


def _pypdfium2_version() -> str:
    try:
        from importlib import metadata

        return metadata.version("pypdfium2")
    except Exception:  # noqa: BLE001 - only part of a cache key
        return "unknown"


def cache_key(pdf: Path, dpi: int = RENDER_DPI) -> str:
    """SHA-256 (hex, 24 characters) of the PDF's bytes, ``dpi``, the pypdfium2 version and :data:`RENDER_VERSION`."""
    h = hashlib.sha256()
    h.update(f"{RENDER_VERSION}|{dpi}|{_pypdfium2_version()}|".encode())
    h.update(Path(pdf).read_bytes())
    return h.hexdigest()[:24]


def _save_page(image, target_stem: Path) -> Path:
    """Save a PIL image as ``<stem>.png`` or, when less than half its size, ``<stem>.jpg``; return the path."""
    import io

    from PIL import ImageChops

    thumbnail = image.copy()
    thumbnail.thumbnail((400, 400))
    red, green, blue = thumbnail.convert("RGB").split()

    coloured = max(ImageChops.difference(red, green).getextrema()[1],
                   ImageChops.difference(green, blue).getextrema()[1]) > 24
    image = image.convert("RGB" if coloured else "L")
    dpi = (RENDER_DPI, RENDER_DPI)
    png = io.BytesIO()
    image.save(png, format="PNG", optimize=False, dpi=dpi)
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=JPEG_QUALITY, dpi=dpi)
    if jpeg.tell() * 2 < png.tell():
        path, data = target_stem.with_suffix(".jpg"), jpeg.getvalue()
    else:
        path, data = target_stem.with_suffix(".png"), png.getvalue()
    path.write_bytes(data)
    return path


def render_pages(pdf: Path, cache_dir: Path, dpi: int = RENDER_DPI) -> list[AppendixPage]:
    """Every page of ``pdf`` as an image, rendered once and cached under ``cache_dir/appendix``.

    Inputs: the path of a PDF that :func:`generator.model.attachments.pdf_problem`
    accepts, the project's cache folder (created when missing) and the
    resolution in dpi.  Output: one :class:`AppendixPage` per page, in order.
    Raises ``ValueError`` with the reason when the file cannot be rendered
    (a password, no pages, damaged …) and ``OSError`` when the cache cannot
    be written.
    """
    pdf = Path(pdf)
    key = cache_key(pdf, dpi)
    entry = Path(cache_dir) / "appendix" / key
    cached = _read_entry(entry)
    if cached is not None:
        return cached
    problem = pdf_problem(pdf)
    if problem:
        raise ValueError(problem)
    import pypdfium2

    if entry.exists():  # a damaged entry (a file deleted by hand): render it again
        shutil.rmtree(entry, ignore_errors=True)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=entry.parent))
    try:
        listed = []
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    width, height = page.get_size()
                    bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255), draw_annots=True)
                    image = _save_page(bitmap.to_pil(), tmp / f"page-{index + 1:03d}")
                finally:
                    page.close()
                listed.append({"image": image.name, "width_mm": round(width * POINT_MM, 3),
                               "height_mm": round(height * POINT_MM, 3)})
        finally:
            document.close()
        (tmp / "pages.json").write_text(json.dumps(listed), encoding="utf-8")
        try:
            os.rename(tmp, entry)
        except OSError:  # another job (the DOCX of the same manual) finished first: use its entry
            cached = _read_entry(entry)
            if cached is None:
                raise
            return cached
    except pypdfium2.PdfiumError as exc:
        raise ValueError(f"could not be rendered ({exc})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [AppendixPage(entry / p["image"], p["width_mm"], p["height_mm"]) for p in listed]


def _read_entry(entry: Path) -> list[AppendixPage] | None:
    """The pages of a complete cache entry, or ``None`` when it is missing or damaged."""
    try:
        pages = [AppendixPage(entry / p["image"], p["width_mm"], p["height_mm"])
                 for p in json.loads((entry / "pages.json").read_text(encoding="utf-8"))]
    except (ValueError, KeyError, TypeError, OSError):
        return None
    return pages if pages and all(page.image.is_file() for page in pages) else None


def appendix_pages(handbook, manual, cache_dir: Path) -> list[list[AppendixPage]]:
    """The page images of each of ``manual.appendix``'s items (an empty list for an item without ``file:``).

    Inputs: the validated ``handbook``, one of its manual definitions and the
    project's cache folder.  Output: one list per appendix item, in order.
    Raises :class:`AppendixError` ("manuals/x.yml:12:11: appendix[1].file the
    file "order.pdf" is protected by a password — …") when a file cannot be
    rendered, and ``OSError`` when the cache cannot be written.
    """
    source = handbook.sources[f"manual:{manual.id}"]
    result = []
    for index, item in enumerate(manual.appendix):
        if not item.file:
            result.append([])
            continue
        try:
            result.append(render_pages(Path(source.path).parent / item.file, Path(cache_dir)))
        except (ValueError, FileNotFoundError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) else "does not exist"
            line, column = source.at(("appendix", index, "file"))
            raise AppendixError(f'{source.display}:{line}:{column}: appendix[{index + 1}].file the file '
                                f'"{item.file}" {reason} — {PDF_HINT}') from exc
    return result


def pdf_appendix_pages(handbook, manual, cache_dir: Path, memo_only: bool = False) -> list[list[AppendixPage]]:
    """:func:`appendix_pages` for the PDF writer's template; empty lists when the appendix is not printed.

    The appendix is not printed in the memo alone (``memo_only``) nor when
    the manual's ``parts`` leave it out.  Same errors as :func:`appendix_pages`.
    """
    if memo_only or "appendix" not in manual.parts:
        return [[] for _item in manual.appendix]
    return appendix_pages(handbook, manual, cache_dir)
