"""A manual's PDF laid out in pieces and joined (generator/manuals/pdfjoin.py) is the whole-document PDF:
same pages, page numbers, contents, links, outline, tags; and an edit lays out only its chapter again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cache import Store
from generator.manuals.content import manual_procedures
from generator.model.loader import require_handbook
from pdfpages import pages_text, squash

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
PROCEDURES = ["budget-allocation", "budget-request", "records-management", "internal-meetings"]

if not shutil.which("pdftotext"):
    pytest.skip("poppler-utils is not installed (make test installs it)", allow_module_level=True)


def footer(page: str) -> str:
    return page.strip().splitlines()[-1].strip() if page.strip() else ""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The example office with a small group manual: two work units, a memo, an attached appendix PDF."""
    import weasyprint

    root = tmp_path_factory.mktemp("pieces") / "office"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".cache", "site", "docs"))
    weasyprint.HTML(string="<p>คำสั่งมอบหมายงาน</p>").write_pdf(root / "manuals" / "order.pdf")
    (root / "manuals" / "small-group.yml").write_text(
        "id: small-group\nkind: group\nauthor: pornthip-w\n"
        f"procedures: [{', '.join(PROCEDURES)}]\n"
        "memo:\n  number: ศธ ๐๔๐๙๙/๑๕๒\n  date: 2026-11-02\n"
        "appendix:\n  - title: {th: คำสั่งมอบหมายงาน}\n    file: order.pdf\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def made(project, tmp_path_factory):
    """(whole-document PDF, piece-wise PDF, its store) of the small group manual."""
    from generator.manuals.pdf import write_manual_pdf, write_whole_pdf

    out = tmp_path_factory.mktemp("made")
    handbook = require_handbook(project)
    manual = handbook.manuals["small-group"]
    whole = write_whole_pdf(handbook, manual, "th", out / "whole.pdf")
    store = Store(out / "store")
    pieces = write_manual_pdf(handbook, manual, "th", out / "pieces.pdf", store=store)
    return whole, pieces, store


def test_split_cuts_every_chapter_and_keeps_the_part_page_with_its_first_chapter(project):
    from generator.manuals import pdfjoin
    from generator.manuals.pdf import render_html

    handbook = require_handbook(project)
    split = pdfjoin.split_html(render_html(handbook, handbook.manuals["small-group"], "th"))
    # introduction, (part + chapter, chapter) for budget, (part + chapter, chapter) for administration, appendix + back
    assert len(split.pieces) == 6
    assert 'class="main intro"' in split.pieces[0]
    assert 'class="main part"' in split.pieces[1] and 'id="ch-' in split.pieces[1]
    assert 'class="appendix"' in split.pieces[-1] and 'class="back"' in split.pieces[-1]
    assert 'id="contents"' in split.front and "mainmatter" not in split.front
    assert split.numerals == "thai"


def test_pieces_give_the_same_pages_and_page_numbers_as_one_document(made):
    whole, pieces, store = made
    assert store.misses["pdf-pieces"] == 8  # six body pieces, the page numbers, the front
    a, b = pages_text(whole), pages_text(pieces)
    assert len(a) == len(b) == len(PdfReader(pieces).pages) > 15
    assert [footer(page) for page in a] == [footer(page) for page in b]
    assert [squash(page) for page in a] == [squash(page) for page in b]  # every page's text, headers included
    assert any(re.fullmatch("[๐-๙]+", footer(page)) for page in b) and any(footer(page) == "ก" for page in b)


def test_contents_numbers_and_links_point_at_the_chapters(made, project):
    _whole, pieces, _store = made
    handbook = require_handbook(project)
    pages = pages_text(pieces)
    reader = PdfReader(pieces)
    contents = next(i for i, page in enumerate(pages) if page.strip().startswith("สารบัญ"))
    dests = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    links = {}
    for annot in reader.pages[contents].get("/Annots", []):
        annot = annot.get_object()
        assert "/A" not in annot, "no link of the contents is left as a web address"
        links[str(annot["/Dest"])] = dests[str(annot["/Dest"])]
    for procedure in manual_procedures(handbook, handbook.manuals["small-group"]):
        line = next(line for line in pages[contents].splitlines() if squash(procedure.title.th) in squash(line))
        number = re.search(r"([๐-๙]+)\s*$", line).group(1)
        chapter = next(i for i, page in enumerate(pages) if footer(page) == number)
        assert squash(procedure.title.th) in squash(pages[chapter]) and squash("๑. ชื่องาน") in squash(pages[chapter])
        assert links[f"ch-{procedure.id}"] == chapter
    assert links["preface"] < contents and "intro" in links and "appendix" in links


def test_outline_tags_metadata_attachments_as_one_document(made):
    whole, pieces, _store = made
    a, b = PdfReader(whole), PdfReader(pieces)

    def tree(reader, items):
        out = []
        for item in items:
            if isinstance(item, list):
                out.append(tree(reader, item))
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
        return out

    assert tree(a, a.outline) == tree(b, b.outline)
    assert any(isinstance(item, list) for item in b.outline), "nested bookmarks"
    assert a.metadata.title == b.metadata.title and a.metadata.author == b.metadata.author
    root = b.trailer["/Root"]
    assert root["/Lang"] == "th" and "order.pdf" in b.attachments
    structure = root["/StructTreeRoot"].get_object()
    nums = structure["/ParentTree"].get_object()["/Nums"]
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == sorted(keys) and keys[:len(b.pages)] == list(range(len(b.pages)))
    assert [int(page["/StructParents"]) for page in b.pages] == list(range(len(b.pages)))
    page_ids = {page.indirect_reference.idnum for page in b.pages}
    document = structure["/K"][0].get_object()
    for kid in document["/K"]:
        kid = kid.get_object()
        assert kid.raw_get("/P").idnum == structure["/K"][0].idnum
        if "/Pg" in kid:
            assert kid.raw_get("/Pg").idnum in page_ids


def test_same_input_same_bytes_and_an_edit_lays_out_only_its_chapter(made, project, tmp_path):
    from generator.manuals.jobs import jobs_for, make_manuals

    _whole, pieces, _store = made
    handbook = require_handbook(project)
    store = Store(tmp_path / "store")
    job = [j for j in jobs_for(handbook, ["small-group"], formats=["pdf"]) if j.kind == "pdf"]
    make_manuals(handbook, tmp_path / "a", job, workers=2, store=store)  # from scratch, in two worker processes
    first = tmp_path / "a" / job[0].target
    assert first.read_bytes() == pieces.read_bytes()
    before = pages_text(first)

    path = project / "procedures" / "budget-allocation.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("th: เสนอผลการจัดสรรงบประมาณ", "th: เสนอผลการจัดสรรงบประมาณประจำปี", 1), encoding="utf-8")
    try:
        edited = require_handbook(project)
        store = Store(store.root)
        make_manuals(edited, tmp_path / "b", job, workers=1, store=store)
    finally:
        path.write_text(text, encoding="utf-8")
    assert store.misses == {"pdf-pieces": 1} and store.hits == {"pdf-pieces": 7}
    after = pages_text(tmp_path / "b" / job[0].target)
    assert len(after) == len(before)
    changed = [i for i, (x, y) in enumerate(zip(before, after)) if squash(x) != squash(y)]
    title = squash("งานจัดสรรงบประมาณ")
    assert changed and all(title in squash(after[i]) for i in changed), "only the edited chapter's pages change"
    assert any(squash("ประจำปี") in squash(after[i]) for i in changed)


def test_grayscale_png_is_embedded_without_encoding_again(tmp_path):
    """The flowchart figure's grayscale PNG goes into the PDF as its own IDAT data: the same bytes WeasyPrint's
    decode-and-encode gives for it (same pixels), and other PNGs (colour, alpha) still go WeasyPrint's way."""
    import io

    from PIL import Image
    from weasyprint.images import RasterImage

    import generator.manuals.pdfjoin as pdfjoin

    original = RasterImage._get_png_data
    gray = Image.linear_gradient("L").resize((300, 200))
    gray_file = io.BytesIO()
    gray.save(gray_file, format="PNG")
    expected = original(Image.open(io.BytesIO(gray_file.getvalue())))
    assert pdfjoin._png_idat(gray_file.getvalue()) == expected
    pdfjoin.install_png_passthrough()
    assert RasterImage._get_png_data(Image.open(io.BytesIO(gray_file.getvalue()))) == expected
    colour = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(colour, format="PNG")
    assert pdfjoin._png_idat(colour.getvalue()) is None
    assert RasterImage._get_png_data(Image.open(io.BytesIO(colour.getvalue()))) == original(
        Image.open(io.BytesIO(colour.getvalue())))
