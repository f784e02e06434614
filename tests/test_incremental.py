"""Incremental builds: an edit re-makes exactly the outputs made from what changed, and nothing stale survives.

One scenario on a copy of tests/fixtures/mini grown to two procedures and two
manuals (a personal DOCX with both procedures, a group PDF + DOCX with the
second only), rebuilt after each kind of edit: nothing, a procedure, an
officer, the office, a manual definition, a site template, a print template,
a deleted procedure.  After each build it checks which manual files and
which language sites were made again (the rest came from the cache), and
that the outputs show the edit and keep no trace of what was there before.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import generator.build as build_module
import generator.cache as cache
from generator.site.search import search_entries
import generator.manuals.jobs as jobs_module
import generator.manuals.pdf as pdf_module
import generator.site.pages as pages_module
from generator.build import build

P1, P2 = "records-management", "meeting-minutes"
OFFICER = "sudarat-m"
OLD_NAME, NEW_NAME = "นางสาวสุดารัตน์ มีสุข", "นางสาวสุดารัตน์ ทดลองแก้"


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = re.sub(r"[\u200b\u2060]", "", re.sub(r"<[^>]+>", "", xml))  # zero-width line-break hints
    return text.replace("\xa0", " ")  # names are held together by no-break spaces


def _page_text(path: Path) -> str:
    """A built page's text without its tags (Thai words are wrapped in <span class="w"> to keep them whole)."""
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _site_text(site: Path) -> str:
    """Every HTML page and the search index of the built site, one string."""
    parts = [_page_text(p) for p in sorted(site.rglob("*.html"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(site.rglob("search_index.json"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(site.rglob("handbook_*.json"))]  # the prebuilt index
    return "\n".join(parts)


@pytest.fixture
def project(mini, tmp_path, monkeypatch):
    """mini + a second procedure + two manuals, with the tool's templates copied to a folder the test may edit."""
    second = mini.read(f"procedures/{P1}.yml").replace(f"id: {P1}", f"id: {P2}", 1)
    second = second.replace("th: งานสารบรรณ", "th: งานจดรายงานการประชุม", 1)
    second = second.replace("en: Correspondence and records management", "en: Meeting minutes", 1)
    mini.write(f"procedures/{P2}.yml", second)
    mini.replace(f"officers/{OFFICER}.yml", f"procedures:\n  - {P1}\n", f"procedures:\n  - {P1}\n  - {P2}\n")
    mini.write("manuals/personal.yml", f"id: personal\nkind: personal\nauthor: {OFFICER}\nformats: [docx]\n")
    mini.write("manuals/second.yml", f"id: second\nkind: group\nauthor: {OFFICER}\nprocedures: [{P2}]\n"
                                     "title: {th: คู่มือเล่มที่สอง, en: Second manual}\nparts: [cover]\n")
    templates = tmp_path / "templates"
    shutil.copytree(cache.TEMPLATES, templates)
    monkeypatch.setattr(cache, "TEMPLATES", templates)
    monkeypatch.setattr(pages_module, "TEMPLATES", templates)
    monkeypatch.setattr(pdf_module, "TEMPLATES", templates / "print")
    cache.tool_fingerprint.cache_clear()
    yield mini
    cache.tool_fingerprint.cache_clear()


class Recorder:
    """Which manual files and language sites the last build made (not taken from the cache)."""

    def __init__(self, monkeypatch):
        self.manuals: list[str] = []
        self.sites: list[str] = []
        make, run = jobs_module.make_manuals, build_module._run_mkdocs

        def make_manuals(handbook, out, jobs, workers=None):
            self.manuals += [j.target for j in jobs]
            return make(handbook, out, jobs, workers=1)  # one process: the monkeypatched templates hold

        def run_mkdocs(configs, then=None):
            self.sites += [lang for lang, *_ in configs]
            return run(configs, then)

        monkeypatch.setattr(jobs_module, "make_manuals", make_manuals)
        monkeypatch.setattr(build_module, "_run_mkdocs", run_mkdocs)

    def build(self, root: Path) -> Path:
        self.manuals, self.sites = [], []
        cache.tool_fingerprint.cache_clear()  # each `handbook build` is a new process
        return build(root)


def test_each_kind_of_edit_remakes_exactly_what_it_feeds(project, monkeypatch):
    rec = Recorder(monkeypatch)
    personal, second_pdf, second_docx = "manuals/personal.docx", "manuals/second.pdf", "manuals/second.docx"

    # cold: everything is made
    site = rec.build(project.root)
    assert sorted(rec.manuals) == sorted([personal, second_pdf, second_docx])
    assert sorted(rec.sites) == ["en", "th"]
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    # nothing changed: nothing is made, every file is the same
    site = rec.build(project.root)
    assert rec.manuals == [] and rec.sites == []
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    assert [k for k in after if after[k] != before[k]] == []

    # a procedure (Thai text of one step): its manual and the Thai site only
    project.replace(f"procedures/{P1}.yml", "th: รับหนังสือจากกลุ่มอำนวยการ", "th: รับหนังสือด่วนจากกลุ่มอำนวยการ")
    site = rec.build(project.root)
    assert rec.manuals == [personal]
    assert rec.sites == ["th"]
    page = _page_text(site / "procedures" / f"{P1}.html")
    assert "รับหนังสือด่วนจากกลุ่มอำนวยการ" in page
    index = "".join(p.read_text(encoding="utf-8") for p in sorted((site / "search").glob("*.json")))
    assert "ด่วน" in index
    assert "รับหนังสือด่วนจากกลุ่มอำนวยการ" in _docx_text(site / personal)
    assert (site / second_docx).read_bytes() == before[Path(second_docx)]
    assert (site / "en" / "procedures" / f"{P1}.html").read_bytes() == before[Path("en/procedures") / f"{P1}.html"]

    # an officer (name): every manual they sign, both languages; the old name is gone everywhere
    project.replace(f"officers/{OFFICER}.yml", f"th: {OLD_NAME}", f"th: {NEW_NAME}")
    site = rec.build(project.root)
    assert sorted(rec.manuals) == sorted([personal, second_pdf, second_docx])
    assert "th" in rec.sites
    text = _site_text(site)
    assert NEW_NAME in _page_text(site / "officers" / f"{OFFICER}.html")
    assert OLD_NAME not in text
    assert NEW_NAME in _docx_text(site / personal) and OLD_NAME not in _docx_text(site / personal)

    # the office (phone number): every output
    project.replace("office.yml", 'phone: "0 4599 0001"', 'phone: "0 4599 0777"')
    site = rec.build(project.root)
    assert sorted(rec.manuals) == sorted([personal, second_pdf, second_docx])
    assert sorted(rec.sites) == ["en", "th"]
    assert "0 4599 0777" in _docx_text(site / personal)

    # a manual definition (title of the second manual): that manual's files, and the pages linking to it
    project.replace("manuals/second.yml", "คู่มือเล่มที่สอง", "คู่มือเล่มใหม่")
    site = rec.build(project.root)
    assert sorted(rec.manuals) == sorted([second_pdf, second_docx])
    assert "คู่มือเล่มใหม่" in _pdf_text(site / second_pdf)
    page = _page_text(site / "procedures" / f"{P2}.html")
    assert "คู่มือเล่มใหม่" in page and "คู่มือเล่มที่สอง" not in _site_text(site)

    # a site template: the pages (both languages), no manual
    template = cache.TEMPLATES / "site" / "procedure.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nhb-template-edit-marker\n", encoding="utf-8")
    site = rec.build(project.root)
    assert rec.manuals == []
    assert sorted(rec.sites) == ["en", "th"]
    assert "hb-template-edit-marker" in (site / "procedures" / f"{P2}.html").read_text(encoding="utf-8")

    # a print template: the PDF again (and, the tool's fingerprint having changed, every file)
    css = cache.TEMPLATES / "print" / "manual.css"
    css.write_text(css.read_text(encoding="utf-8") + '\n@page { @bottom-left { content: "HBCSSMARK"; } }\n',
                   encoding="utf-8")
    site = rec.build(project.root)
    assert second_pdf in rec.manuals
    assert "HBCSSMARK" in _pdf_text(site / second_pdf)

    # a deleted procedure (and the manual that held only it): its page, files and index entries are gone
    (project.root / "procedures" / f"{P2}.yml").unlink()
    (project.root / "manuals" / "second.yml").unlink()
    project.replace(f"officers/{OFFICER}.yml", f"  - {P2}\n", "")
    site = rec.build(project.root)
    assert not (site / "procedures" / f"{P2}.html").exists()
    assert not (site / "en" / "procedures" / f"{P2}.html").exists()
    assert not list(site.rglob("second*"))
    assert "งานจดรายงานการประชุม" not in _site_text(site)
    assert "งานจดรายงานการประชุม" not in _docx_text(site / personal)
    assert rec.manuals == [personal]

    # the cache keeps what the last build used (and one spare per kind), not every old version
    store = project.root / ".cache" / "outputs"
    assert len(list((store / "site").iterdir())) <= 2 + 1


def test_search_segmentation_cache_gives_the_same_index(mini, tmp_path, monkeypatch):
    """The Thai search pass with the previous build's segmentations writes the same index and worker."""
    import generator.site.search as search
    from generator.site.search import apply_thai_search

    stock = build(mini.root, site_dir=tmp_path / "stock", docs_dir=tmp_path / "docs", thai_search=False,
                  manuals=False)
    cache_file = tmp_path / "segments.json"
    outputs = []
    for name, cache_path in [("plain", None), ("first", cache_file), ("second", cache_file)]:
        site = tmp_path / name
        shutil.copytree(stock, site)
        if name == "second":  # everything comes from the first run's file: no segmentation at all
            monkeypatch.setattr(search, "segment_text", lambda text: pytest.fail(f"segmented again: {text[:40]}"))
        apply_thai_search(site, cache_path)
        worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
        index = b"".join(p.read_bytes() for p in sorted((site / "search").glob("*.json")))  # with the prebuilt files
        outputs.append((index, worker.read_bytes()))
    assert cache_file.exists()
    assert outputs[0] == outputs[1] == outputs[2]
    assert "\u200b" in outputs[0][0].decode("utf-8")


def _scale_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_scale", Path(__file__).resolve().parent.parent / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_one_edit_re_renders_only_its_pages_and_equals_a_full_build(tmp_path, monkeypatch):
    """A larger office (24 procedures): a step added to one procedure re-renders its page and the pages listing
    it (MkDocs dirty mode), the result is byte for byte what a full build makes, and the search index is complete."""
    import yaml

    scale = _scale_module()
    root = scale.make_office(tmp_path / "office", procedures=24, officers=4, units=3)
    monkeypatch.setattr(build_module, "PARALLEL_PAGES", 10)  # a "large" office: full builds one language at a time
    runs: list[tuple[str, bool]] = []
    run = build_module._run_mkdocs
    monkeypatch.setattr(build_module, "_run_mkdocs", lambda configs, then=None: (
        runs.extend((c[0], c[3]) for c in configs), run(configs, then))[1])
    site = build(root, manuals=False)
    assert sorted(runs) == [("en", False), ("th", False)]
    before = _files(site)

    # p-0001 (unit-00, officer o-000) gets one more step: its page, the count of steps in the lists of its unit,
    # its officer and the home page change, and the ITA page (its evidence dates); the navigation does not
    path = root / "procedures" / "p-0001.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["steps"].append({"short": {"th": "ตรวจทานขั้นสุดท้าย", "en": "Final check"},
                          "text": {"th": "ตรวจทานเอกสารขั้นสุดท้ายก่อนเสนอผู้บริหารฉบับทดสอบ",
                                   "en": "Final check of the papers zebraword"}})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    runs.clear()
    site = build(root, manuals=False)
    assert sorted(runs) == [("en", True), ("th", True)]
    after = _files(site)
    assert after.keys() == before.keys()
    rewritten = {rel for rel in after if rel.endswith(".html") and after[rel][1] != before[rel][1]}
    listing = {"procedures/p-0001.html", "units/unit-00.html", "officers/o-000.html", "ita.html", "404.html"}
    home = {"index.html"} if "p-0001.html" in before["index.html"][0].decode("utf-8") else set()
    assert rewritten == listing | home | {f"en/{p}" for p in listing | home}
    assert "ตรวจทานเอกสารขั้นสุดท้าย" in re.sub(r"<[^>]+>", "", after["procedures/p-0001.html"][0].decode("utf-8"))

    # the same bytes as a full build of the same sources (a fresh cache)
    shutil.rmtree(root / ".cache")
    runs.clear()
    full = build(root, site_dir=tmp_path / "full", docs_dir=tmp_path / "full-docs", manuals=False)
    assert sorted(runs) == [("en", False), ("th", False)]
    fresh = _files(full)
    assert fresh.keys() == after.keys()
    assert [rel for rel in fresh if fresh[rel][0] != after[rel][0]] == []

    # the index has every page, with its title, and the new text
    for lang, base in (("th", site), ("en", site / "en")):
        index = {"docs": search_entries(base)}  # the prebuilt index the browser loads, read back
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        pages = {p.relative_to(base).as_posix() for p in base.rglob("*.html")
                 if not p.relative_to(base).as_posix().startswith(("en/", "404"))}
        assert pages <= locations, sorted(pages - locations)[:5]
        text = json.dumps(index, ensure_ascii=False).replace("\u200b", "")
        assert ("ตรวจทานเอกสารขั้นสุดท้าย" if lang == "th" else "zebraword") in text
        assert sum(doc["location"].startswith("procedures/p-0001.html") for doc in index["docs"]) >= 2


def test_a_published_file_changed_in_place_is_not_served_again(mini):
    """Site files are hard links into the cache: one edited in place (by hand, by a deploy script) makes the
    cache entry unusable, and the next build writes the page again from its sources."""
    site = build(mini.root, manuals=False)
    page = site / "procedures" / f"{P1}.html"
    good = page.read_bytes()
    with open(page, "ab") as handle:  # in place: the same inode as the cache's copy
        handle.write(b"<!-- tampered -->")
    site = build(mini.root, manuals=False)
    assert (site / "procedures" / f"{P1}.html").read_bytes() == good
    stored = [p for p in (mini.root / ".cache" / "outputs" / "site").rglob(f"{P1}.html")]
    assert stored and all(b"tampered" not in p.read_bytes() for p in stored)
