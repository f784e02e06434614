"""Readers: a manual in DOCX, PDF or text → one stream of blocks in reading order.

Every reader returns a list of :class:`Block` — a paragraph of text (with the
heading level when the source marks it) or a table (rows of cell texts) —
so that :mod:`generator.importers.sections` needs to know nothing about file
formats.  Readers raise :class:`ImportProblem` with a plain message for a file
they cannot read (missing, encrypted, scanned PDF without text, empty).

* DOCX (python-docx): body paragraphs and tables in document order; the
  number of an automatically numbered paragraph (Word's numbering) is
  rebuilt as text ("1.", "1.1", "(1)") from its level and position.
* PDF (pdfplumber): characters with positions; lines are rebuilt in the
  order the PDF draws them (so Thai marks stay with their consonant), tables
  are found from their ruling lines so that cells stay cells, running heads
  and page numbers are dropped; the text is then repaired
  (:mod:`generator.importers.thai_repair`).
* Text (.txt, .md): one block per paragraph; ``#`` headings, tab-separated
  lines (tables), ``- ``/``•`` bullets and Markdown bold/HTML tags as the
  seeds' extraction wrote them; repaired like PDF text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from generator.importers import spacing
from generator.importers.blocks import Block, ImportProblem
from generator.importers.ocr import OcrProblem, ocr_text, pages_without_text
from generator.importers.sections import section_key
from generator.importers.thai_repair import lost_sara_am, repair_line, repair_text


SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def read_source(path: Path, repair: bool = True, ocr: bool = False) -> list[Block]:
    """Read ``path`` (.docx, .pdf, .txt or .md) into blocks; raise :class:`ImportProblem` when it cannot.

    ``ocr``: a PDF's pages without a text layer are first read with OCR (:mod:`.ocr`)."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(f"{path}: no such file; check the name and the folder")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem(f"{path}: cannot read {suffix or 'files without an extension'}; "
                            "give a .docx, .pdf, .txt or .md file (save a .doc as .docx in Word first)")
    if path.stat().st_size == 0:
        raise ImportProblem(f"{path}: the file is empty; give the manual itself")
    spacing.use(None)
    NOTES.clear()
    if suffix == ".docx":
        blocks = read_docx(path)
    elif suffix == ".pdf":
        blocks = read_pdf(path, repair, ocr)
    else:
        blocks = read_text(path, repair)
    blocks = [_without_invisible(b) for b in blocks]
    if not any(b.text.strip() or b.rows for b in blocks):
        raise ImportProblem(f"{path}: the file has no text; give the manual itself")
    return blocks


#: Invisible characters that writers put in as line-break hints between Thai words (zero-width
#: space, word joiner, zero-width no-break space): no part of the text.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


def _without_invisible(block: Block) -> Block:
    """``block`` without the invisible break hints of :data:`_INVISIBLE`, no-break spaces as spaces."""
    def fix(text: str) -> str:
        return _INVISIBLE.sub("", text).replace("\u00a0", " ")

    block.text = fix(block.text)
    block.lines = [fix(x) for x in block.lines]
    if block.rows is not None:
        block.rows = [[fix(c) if c else c for c in row] for row in block.rows]
    return block


# --------------------------------------------------------------------------- text


_BULLET = re.compile(r"^\s*(?:[-*•○●▪➤►]\s+)+")
_TAGS = re.compile(r"<[^>]+>")


def _clean(line: str) -> str:
    line = line.replace("**", "").replace("\u00a0", " ")
    line = re.sub(r"<input[^>]*>", "", line)
    line = re.sub(r"<a [^>]*>([^<]*)</a>", r"\1", line)
    line = _TAGS.sub("", line)
    return re.sub(r"[ \t]+", " ", line).strip()


def read_text(path: Path, repair: bool = True) -> list[Block]:
    """Read a .txt/.md manual: paragraphs, ``#`` headings, tab-separated tables, bullets (stripped)."""
    try:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp874")  # Thai Windows encoding of older files
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(f"{path}: cannot read the text ({exc}); save it as UTF-8 text") from None
    return text_blocks(text, repair, path.name)


def text_blocks(text: str, repair: bool = True, name: str = "") -> list[Block]:
    """Split ``text`` (the content of a .txt/.md manual) into blocks; see :func:`read_text`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if repair:
        text = repair_text(text)
    spacing.use(spacing.Spacing([_clean(x) for x in text.split("\n")]))
    blocks: list[Block] = []
    para: list[str] = []
    para_line = 0
    table: list[list[str]] = []
    table_line = 0
    para_continues = False

    def flush_para():
        nonlocal para
        if para:
            blocks.append(Block(_join_lines(para), 0, None, f"line {para_line}", list(para)))
        para = []

    def flush_table():
        nonlocal table
        if table:
            blocks.append(Block(rows=table, where=f"line {table_line}"))
        table = []

    for n, raw in enumerate(text.split("\n"), start=1):
        hard_break = raw.endswith("  ")
        if "\t" in raw.strip("\n") and raw.strip():
            flush_para()
            if not table:
                table_line = n
            cells = [_cell(c) for c in raw.split("\t")]
            table.append(cells)
            continue
        flush_table()
        line = raw.rstrip()
        if not line.strip():
            flush_para()
            continue
        heading = re.match(r"^\s*(#{1,6})\s+(.*)$", line)
        if heading:
            flush_para()
            blocks.append(Block(_clean(heading.group(2)), len(heading.group(1)), None, f"line {n}"))
            continue
        bulleted = bool(_BULLET.match(line))
        cleaned = _clean(_BULLET.sub("", line))
        if not cleaned:
            continue
        if bulleted or _starts_numbered(cleaned) or (para and not para_continues):
            flush_para()
        if not para:
            para_line = n
        para.append(cleaned)
        para_continues = hard_break
    flush_para()
    flush_table()
    return blocks


def _cell(text: str) -> str:
    text = re.sub(r"</p>\s*<p>", "\n", text)
    return "\n".join(x for x in (_clean(p) for p in text.split("\n")) if x)


_NUMBER_START = re.compile(r"^\(?[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[.)]\s|^\(?[0-9๐-๙]+(?:\.[0-9๐-๙]+)+\s|^[ก-ฮ][.)]\s")


def _starts_numbered(line: str) -> bool:
    return bool(_NUMBER_START.match(line))


#: Words that Thai official writing puts a space before (clauses and list items joined by them),
#: and abbreviations (สพฐ.): a wrapped line starting with one gets the space back.
_SPACE_BEFORE = re.compile(r"^(?:และ(?!แผน)|หรือ|โดย|เพื่อ|ซึ่ง|ตลอดจน|รวมทั้ง|ทั้งนี้|หาก|แต่|[\u0e01-\u0e2e]{2,5}\.)")


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph: as the document writes the same letters elsewhere
    (:mod:`generator.importers.spacing`); without evidence, no space between two Thai letters
    (Thai wraps without spaces), except before a conjunction or an abbreviation (``_SPACE_BEFORE``)."""
    out = lines[0]
    for line in lines[1:]:
        evidence = spacing.space_at_join(out, line)
        if evidence is not None:
            out += (" " if evidence else "") + line
        elif re.search(r"[\u0e01-\u0e4e]$", out) and re.match(r"^[\u0e01-\u0e4e]", line) \
                and not _SPACE_BEFORE.match(line):
            out += line
        else:
            out += " " + line
    return out


# --------------------------------------------------------------------------- docx


def read_docx(path: Path) -> list[Block]:
    """Read a .docx: paragraphs (heading level from the style) and tables, in document order."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a broken or protected file
        raise ImportProblem(f"{path}: Word cannot be read ({type(exc).__name__}); open it in Word and "
                            "save it again as .docx (not password-protected)") from None
    blocks: list[Block] = []
    counters: dict[tuple[str, int], int] = {}
    for n, element in enumerate(document.element.body.iterchildren(), start=1):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(element, document)
            text = p.text.replace("\t", " ").strip()
            number = _docx_number(p, counters)
            if number:
                text = f"{number} {text}"
            if not text:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            level = 0
            m = re.match(r"(?:Heading|หัวเรื่อง)\s*(\d)", style)
            if m:
                level = int(m.group(1))
            elif style == "Title":
                level = 1
            blocks.append(Block(re.sub(r"\s+", " ", text), level, None, f"paragraph {n}"))
        elif tag == "tbl":
            table = Table(element, document)
            rows = []
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append("\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
                rows.append(cells)
            blocks.append(Block(rows=rows, where=f"table at paragraph {n}"))
    return blocks


def _docx_number(paragraph, counters: dict[tuple[str, int], int]) -> str:
    """The text of Word's automatic number of ``paragraph`` ("1.", "1.1", "(1)"), or ""."""
    ppr = paragraph._p.pPr
    numpr = ppr.numPr if ppr is not None else None
    if (numpr is None or numpr.numId is None) and paragraph.style is not None:
        style_ppr = paragraph.style.element.pPr  # numbering given by the style (List Number …)
        numpr = style_ppr.numPr if style_ppr is not None else None
    if numpr is None or numpr.numId is None:
        return ""
    num_id = str(numpr.numId.val)
    level = int(numpr.ilvl.val) if numpr.ilvl is not None and numpr.ilvl.val is not None else 0
    if num_id == "0":
        return ""
    counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
    for (nid, lvl) in list(counters):
        if nid == num_id and lvl > level:
            del counters[(nid, lvl)]
    fmt = _docx_level_format(paragraph, num_id, level)
    values = [counters.get((num_id, i), 1) for i in range(level + 1)]
    if fmt:
        text = fmt
        for i, v in enumerate(values, start=1):
            text = text.replace(f"%{i}", str(v))
        return text if re.search(r"\d", text) else "-"
    return ".".join(str(v) for v in values) + ("." if level == 0 else "")


def _docx_level_format(paragraph, num_id: str, level: int) -> str:
    try:
        numbering = paragraph.part.numbering_part.element
    except Exception:  # no numbering part
        return ""
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    w = "{%s}" % ns["w"]
    for num in numbering.findall("w:num", ns):
        if num.get(w + "numId") == num_id:
            abstract = num.find("w:abstractNumId", ns).get(w + "val")
            for an in numbering.findall("w:abstractNum", ns):
                if an.get(w + "abstractNumId") == abstract:
                    for lvl in an.findall("w:lvl", ns):
                        if lvl.get(w + "ilvl") == str(level):
                            fmt = lvl.find("w:numFmt", ns)
                            text = lvl.find("w:lvlText", ns)
                            if fmt is not None and fmt.get(w + "val") == "bullet":
                                return "-"
                            return text.get(w + "val") if text is not None else ""
    return ""


# --------------------------------------------------------------------------- pdf

_THAI_MARK = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


#: What the last :func:`read_pdf` has to say that does not stop the import (pages without text).
NOTES: list[str] = []


def read_pdf(path: Path, repair: bool = True, ocr: bool = False) -> list[Block]:
    """Read a PDF with pdfplumber: lines in drawing order, tables as cells, running heads dropped.

    Pages without a text layer (scans) are named in :data:`NOTES`; with ``ocr`` they are read
    with OCR first (:func:`generator.importers.ocr.ocr_text`).  Raises :class:`ImportProblem` when no
    page has text (and ``ocr`` is off or OCR is not installed)."""
    NOTES.clear()
    if ocr:
        try:
            empty = pages_without_text(path)
        except Exception:  # noqa: BLE001 — an unreadable PDF: the reader below says so
            empty = []
        if empty:
            try:
                pages = ocr_text(path)
            except OcrProblem as exc:
                raise ImportProblem(f"{path}: {exc}") from None
            blocks = read_pdf(path, repair, ocr=False) if len(empty) < len(pages) else []
            for number, text in enumerate(pages, start=1):
                if text is not None and text.strip():
                    page = text_blocks(text, repair)
                    for b in page:
                        b.where = f"page {number} (OCR)"
                    at = next((i for i, b in enumerate(blocks) if _page_of(b) > number), len(blocks))
                    blocks[at:at] = page
            NOTES[:] = [f"{path}: page(s) {_pages(empty)} had no text layer (scanned) and were read with OCR "
                        "(Tesseract, Thai and English): check the text of these pages against the paper"]
            return blocks
    try:
        import pdfplumber

        pdf = pdfplumber.open(str(path))
        pages = list(pdf.pages)
    except Exception as exc:  # pdfminer raises many kinds for encrypted or broken files
        name = type(exc).__name__ + repr(exc)
        hint = ("it is protected by a password: open it, print it to a new PDF without protection"
                if "Password" in name or "Encrypt" in name or "crypt" in name.lower()
                else "it is not a readable PDF: export it again from Word, or give the .docx")
        raise ImportProblem(f"{path}: cannot be read ({hint})") from None
    blocks: list[Block] = []
    lines_per_page: list[list[tuple[float, float, str, float]]] = []
    tables_per_page: list[list[tuple[float, list[list[str]]]]] = []
    with pdf:
        empty = [n for n, p in enumerate(pages, start=1) if not p.chars]
        if len(empty) == len(pages):
            raise ImportProblem(f"{path}: no page has a text layer (page(s) {_pages(empty)} are scans): read it with "
                                "OCR: handbook import --ocr (needs ocrmypdf and tesseract-ocr-tha: "
                                "scripts/install-system-packages.sh ocr), or give the Word file")
        if empty:
            NOTES.append(f"{path}: page(s) {_pages(empty)} have no text layer (scanned) and were skipped; "
                         "to read them, import with --ocr")
        for page in pages:
            tables = []
            boxes = []
            for table in page.find_tables():
                rows = []
                for row in table.rows:
                    cells = []
                    for cell in row.cells:
                        if cell is None:  # part of a merged cell: keep the column positions
                            cells.append("")
                            continue
                        chars = [c for c in page.chars if _inside(c, cell)]
                        cells.append("\n".join(t.lstrip("\x01") for _x, _top, _r, t in _lines(chars)))
                    rows.append(cells)
                tables.append((table.bbox[1], rows))
                boxes.append(table.bbox)
            free = [c for c in page.chars if not any(_inside(c, b) for b in boxes)]
            lines_per_page.append([(top, x0, text, right) for x0, top, right, text in _lines(free)])
            # (a leading \x01 marks a bold line: a bold line after plain text starts a new paragraph)
            tables_per_page.append(tables)
        running = _running_lines(lines_per_page, pages)
        lost_am = lost_sara_am("\n".join(t for lines in lines_per_page for _t, _x, t, _r in lines))
        raw_lines = [t.lstrip("\x01") for lines in lines_per_page for _t, _x, t, _r in lines]
        raw_lines += [x for tables in tables_per_page for _top, rows in tables for r in rows for c in r
                      for x in c.split("\n")]
        spacing.use(spacing.Spacing([repair_line(x, lost_am) if repair else x for x in raw_lines]))
        for number, (lines, tables) in enumerate(zip(lines_per_page, tables_per_page), start=1):
            edge = max((r for _t, _x, _s, r in lines), default=0.0)
            items: list[tuple[float, object]] = [(top, (x0, text, right)) for top, x0, text, right in lines
                                                 if (round(top), text) not in running
                                                 and not re.fullmatch(r"[-–\s]*[0-9๐-๙]+[-–\s]*", text)]
            items += [(top, rows) for top, rows in tables]
            items.sort(key=lambda it: it[0])
            para: list[str] = []
            last_top = None
            last_short = last_bold = False
            for top, item in items:
                if isinstance(item, list):
                    if para:
                        blocks.append(Block(_join_lines(para), where=f"page {number}"))
                        para = []
                    rows = [["\n".join(repair_line(x, lost_am) for x in c.split("\n")) if repair else c for c in r]
                            for r in item]
                    if rows and len(rows[0]) > 1 and len(blocks) and blocks[-1].is_table and _same_header(blocks[-1].rows, rows):
                        blocks[-1].rows.extend(rows[1:])
                    elif rows and sum(bool(c) for r in rows for c in r) >= 2:
                        blocks.append(Block(rows=rows, where=f"page {number}"))
                    last_top = None
                    continue
                x0, text, right = item
                bold = text.startswith("\x01")
                text = text.lstrip("\x01")
                if repair:
                    text = repair_line(text, lost_am)
                gap = (top - last_top) if last_top is not None else 0
                if para and (_starts_numbered(text) or gap > 24 or _looks_heading(text) or last_short
                             or (bold and not last_bold)):
                    blocks.append(Block(_join_lines(para), where=f"page {number}"))
                    para = []
                para.append(text)
                last_top = top
                last_bold = bold
                last_short = right < edge - 0.12 * page_width(pages[number - 1])
                if _looks_heading(text):
                    blocks.append(Block(_join_lines(para), where=f"page {number}"))
                    para = []
            if para:
                blocks.append(Block(_join_lines(para), where=f"page {number}"))
    return blocks


def _page_of(block: Block) -> int:
    m = re.match(r"page (\d+)", block.where)
    return int(m.group(1)) if m else 0


def _pages(numbers: list[int]) -> str:
    """"1–3, 5": page numbers as ranges."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(out)


def page_width(page) -> float:
    """Width of a pdfplumber page in points."""
    return float(page.width)


def _looks_heading(text: str) -> bool:
    return section_key(text) is not None


def _same_header(a: list[list[str]], b: list[list[str]]) -> bool:
    return bool(a and b) and [re.sub(r"\s", "", x) for x in a[0]] == [re.sub(r"\s", "", x) for x in b[0]]


def _inside(char: dict, box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _lines(chars: list[dict]) -> list[tuple[float, float, float, str]]:
    """Rebuild text lines from ``chars`` in drawing order: (x0, top, right, text) per line, top to bottom.

    A new line starts when the baseline moves by more than half the font size; a space is put where
    the gap to the right edge reached so far is wider than a fifth of the font size (never before a
    Thai mark, whose box overlaps its consonant).
    """
    lines: list[list] = []  # [baseline, x0, right, size, text]
    for c in chars:
        text = c["text"]
        size = c.get("size") or 10
        base = c["bottom"]
        current = None
        for line in reversed(lines[-3:]):
            if abs(line[0] - base) < size * 0.5 or (_THAI_MARK.fullmatch(text or " ") and abs(line[0] - base) < size):
                current = line
                break
        if current is None:
            lines.append([base, c["x0"], c["x1"], size, text, 0])
            current = lines[-1]
            current[5] += "bold" in (c.get("fontname") or "").lower()
            continue
        current[5] += "bold" in (c.get("fontname") or "").lower()
        if text.strip() and not _THAI_MARK.fullmatch(text) and c["x0"] - current[2] > size * 0.2 \
                and not current[4].endswith(" "):
            current[4] += " "
        current[4] += text
        current[2] = max(current[2], c["x1"])
        current[1] = min(current[1], c["x0"])
    out = []
    for base, x0, right, size, text, bold in sorted(lines, key=lambda l: (round(l[0] - l[3]), l[1])):
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            out.append((x0, base - size, right, ("\x01" if bold * 2 > len(text) else "") + text))
    return out


def _running_lines(pages_lines: list[list[tuple[float, float, str, float]]], pages) -> set[tuple[int, str]]:
    """Lines repeated at the same height on three or more pages, near the top or bottom edge."""
    count: Counter = Counter()
    for page, lines in zip(pages, pages_lines):
        for top, _x0, text, _right in lines:
            if top < page.height * 0.1 or top > page.height * 0.9:
                count[(round(top), text)] += 1
    return {k for k, v in count.items() if v >= 3}
