"""Shared fixtures: the bundled example project, a small project to break, built sites."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/browser.py
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
"""A copy of the bundled example office: tests read it, never the top-level content (that is the office's own)."""


class Project:
    """A copy of a project in a temporary folder, with helpers to edit its files."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def line_of(self, rel: str, needle: str) -> int:
        """1-based line number of the first line containing ``needle``."""
        for number, line in enumerate(self.read(rel).splitlines(), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {rel}")


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    """A fresh copy of tests/fixtures/mini (one procedure, one officer)."""
    target = tmp_path / "project"
    shutil.copytree(MINI, target)
    shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return Project(target)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example office (tests/fixtures/example) built once into a temporary site folder."""
    from generator.build import build

    out = tmp_path_factory.mktemp("example")
    return build(EXAMPLE, site_dir=out / "site", docs_dir=out / "docs")
