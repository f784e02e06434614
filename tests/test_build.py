"""`handbook build`: atomic, safe with what the user wrote, and every section on the page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.build import MARKER, build
from generator.cli import main
from generator.model.diagnostics import CheckFailed

PROC = "procedures/records-management.yml"


def test_build_makes_both_languages(mini):
    site = build(mini.root)
    assert (site / "index.html").exists()
    assert (site / "procedures" / "records-management.html").exists()
    assert (site / "officers" / "sudarat-m.html").exists()
    assert (site / "en" / "procedures" / "records-management.html").exists()
    assert (mini.root / "docs" / "th" / "procedures" / "records-management.md").exists()
    html = (site / "procedures" / "records-management.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("html")["lang"] == "th"
    for link in soup.select("a.headerlink"):
        link.decompose()
    assert soup.find("h1").get_text(strip=True) == "งานสารบรรณ"


def test_failed_build_leaves_site_untouched(mini, capsys):
    site = build(mini.root)
    page = site / "procedures" / "records-management.html"
    before = page.read_bytes()
    listing = sorted(p.relative_to(site) for p in site.rglob("*"))
    mini.replace(PROC, "work_unit: administration", "work_unit: [oops")
    assert main(["--root", str(mini.root), "build"]) == 1
    err = capsys.readouterr().err
    assert f"{PROC}:" in err and "YAML syntax error" in err
    assert "site/ was not changed" in err
    assert page.read_bytes() == before
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == listing
    leftovers = [p.name for p in mini.root.iterdir() if p.name.startswith(".handbook-build-")]
    assert leftovers == []


def test_failed_mkdocs_leaves_site_untouched(mini, capsys):
    site = build(mini.root)
    before = (site / "index.html").read_bytes()
    mini.write("mkdocs.yml", mini.read("mkdocs.yml") + "\nplugins:\n  - no-such-plugin\n")
    assert main(["--root", str(mini.root), "build"]) == 1
    assert "mkdocs build" in capsys.readouterr().err
    assert (site / "index.html").read_bytes() == before
    assert not [p for p in mini.root.iterdir() if p.name.startswith((".handbook-build-", ".site-old"))]


def test_build_never_replaces_a_folder_it_did_not_make(mini, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RuntimeError, match="was not made by handbook build"):
        build(mini.root, site_dir=precious)
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_rebuild_replaces_its_own_site(mini):
    site = build(mini.root)
    assert (site / MARKER).exists()
    (site / "stale.html").write_text("old", encoding="utf-8")
    build(mini.root)
    assert not (site / "stale.html").exists()


def test_strict_build_fails_on_warnings(mini):
    mini.replace(PROC, "  en: Correspondence and records management\nwork_unit", "work_unit")
    with pytest.raises(CheckFailed):
        build(mini.root, strict=True)
    build(mini.root)


def test_english_fallback_is_marked(mini):
    mini.replace(PROC, "  en: Correspondence and records management\nwork_unit", "work_unit")
    site = build(mini.root)
    soup = BeautifulSoup((site / "en" / "procedures" / "records-management.html").read_text(encoding="utf-8"), "html.parser")
    note = soup.select_one(".hb-fallback-note")
    assert note is not None and "not been translated" in note.get_text()
    thai = BeautifulSoup((site / "procedures" / "records-management.html").read_text(encoding="utf-8"), "html.parser")
    assert thai.select_one(".hb-fallback-note") is None
