"""Inputs that once ended in a traceback (issue 14): each now gets a file:line:col error naming the
field and the fix, ``check`` catches it (exit 1), and ``build`` stops before writing anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model.loader import load_handbook

PROC = "procedures/records-management.yml"
OFFICER = "officers/sudarat-m.yml"
OFFICE = "office.yml"


def errors(project) -> list:
    handbook, diagnostics = load_handbook(project.root)
    found = [d for d in diagnostics if d.severity == "error"]
    assert handbook is None and found, "the input should have been refused"
    return found


def one_error(project, file: str, needle: str, line_of: str | None = None):
    """The single error of ``file`` containing ``needle``; it has a line and column (and the line of ``line_of``)."""
    found = [d for d in errors(project) if d.file == file and needle in d.format()]
    assert found, f"no error with {needle!r} in {[d.format() for d in errors(project)]}"
    error = found[0]
    assert error.line > 0 and error.column > 0, error.format()
    assert error.hint, error.format()
    if line_of is not None:
        assert error.line == project.line_of(file, line_of), error.format()
    return error


def set_line(project, file: str, prefix: str, new_line: str) -> None:
    """Replace the first line of ``file`` starting with ``prefix``."""
    lines = project.read(file).splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[index] = new_line
    project.write(file, "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- YAML itself


@pytest.mark.parametrize("depth", [300, 10_000])
def test_deep_nesting(mini, depth):
    set_line(mini, PROC, "owners:", "owners: " + "[" * depth + "]" * depth)
    error = one_error(mini, PROC, "nested more than", line_of="owners:")
    assert "indentation" in error.hint


def test_huge_fiscal_year(mini):
    set_line(mini, OFFICE, "fiscal_year:", "fiscal_year: " + "9" * 5000)
    error = one_error(mini, OFFICE, "5,000 digits", line_of="fiscal_year:")
    assert "2569" in error.hint


def test_huge_version(mini):
    mini.replace(PROC, "  version:", "  version: " + "1" * 5000 + "\n  old_version:")
    one_error(mini, PROC, "5,000 digits")


def test_impossible_date(mini):
    text = mini.read(PROC)
    import re

    mini.write(PROC, re.sub(r"effective: .*", "effective: 2025-02-30", text, count=1))
    error = one_error(mini, PROC, '"2025-02-30" is not a real date', line_of="effective:")
    assert "YYYY-MM-DD" in error.hint


@pytest.mark.parametrize("escape, code", [(r"\0", "U+0000"), (r"\x07", "U+0007"), (r"\e", "U+001B")])
def test_control_character_escapes(mini, escape, code):
    mini.replace(PROC, "  th: งานสารบรรณ\n", f'  th: "งาน{escape}สารบรรณ"\n')
    error = one_error(mini, PROC, code, line_of='th: "งาน')
    assert "control character" in error.message


def test_raw_control_character(mini):
    mini.replace(PROC, "  th: งานสารบรรณ\n", "  th: งาน\x07สารบรรณ\n")
    one_error(mini, PROC, "U+0007", line_of="th: งาน")


def test_lone_surrogate(mini):
    mini.replace(PROC, "  th: งานสารบรรณ\n", '  th: "งาน\\ud800"\n')
    error = one_error(mini, PROC, "escape", line_of='th: "งาน')
    assert "character" in error.hint


@pytest.mark.parametrize("tag", ["!!int x", "!!float x", "!!timestamp x", "!!python/object:os.system x"])
def test_explicit_tags(mini, tag):
    set_line(mini, OFFICE, "fiscal_year:", f"fiscal_year: {tag}")
    error = one_error(mini, OFFICE, "is not allowed", line_of="fiscal_year:")
    assert "tag" in error.message


def test_invalid_literal_in_a_text_field(mini):
    mini.replace(PROC, "  th: งานสารบรรณ\n", "  th: [a, b]\n")
    one_error(mini, PROC, "should be text")


# --------------------------------------------------------------------------- limits on lengths


def test_long_office_name(mini):
    mini.replace(OFFICE, "  th: สำนักงานเขตพื้นที่การศึกษาประถมศึกษาศรีสุข เขต ๑\n", "  th: " + "ก" * 400 + "\n")
    error = one_error(mini, OFFICE, "400 characters long")
    assert error.path == "name"
    assert "shorten" in error.hint


def test_long_step_label(mini):
    mini.replace(PROC, "    short: {th: รับหนังสือราชการ, en: Receive official letters}",
                 "    short: {th: " + "รับหนังสือ" * 330 + ", en: Receive official letters}")
    error = one_error(mini, PROC, "3,300 characters long")
    assert error.path == "steps[1].short"


def test_huge_title(mini):
    mini.replace(PROC, "  th: งานสารบรรณ\n", "  th: " + "a" * 170_000 + "\n")
    error = one_error(mini, PROC, "170,000 characters long")
    assert error.path == "title"


def test_long_phone(mini):
    set_line(mini, OFFICE, "phone:", "phone: \"" + "1" * 500 + "\"")
    one_error(mini, OFFICE, "at most 300")


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize("url", ['https://x.example/"><script>alert(1)</script>', "javascript:alert(1)",
                                 "https://", "https://a b.example/"])
def test_handbook_url_must_be_a_url(mini, url):
    set_line(mini, OFFICE, "handbook_url:", f"handbook_url: '{url}'")
    error = one_error(mini, OFFICE, "web address", line_of="handbook_url:")
    assert "https://" in error.hint


def test_website_must_be_a_url(mini):
    set_line(mini, OFFICE, "website:", "website: 'https://x.example/\" onmouseover=\"alert(1)'")
    one_error(mini, OFFICE, "web address", line_of="website:")


def test_email_with_markup(mini):
    set_line(mini, OFFICE, "email:", "email: 'a\"><img>@x.example.go.th'")
    one_error(mini, OFFICE, "email", line_of="email:")


# --------------------------------------------------------------------------- files and paths


@pytest.mark.parametrize("key", ["../../../../x/pwned", "/tmp/pwned", "Old Page"])
def test_redirect_key_must_be_an_id(mini, key):
    mini.write(OFFICE, mini.read(OFFICE) + f'redirects:\n  "{key}": records-management\n')
    error = one_error(mini, OFFICE, "not a valid id")
    assert error.path.startswith("redirects")


def emblem(mini, value: str):
    mini.write(OFFICE, mini.read(OFFICE) + f"emblem: '{value}'\n")


def test_emblem_missing(mini):
    emblem(mini, "images/emblem.png")
    error = one_error(mini, OFFICE, "does not exist", line_of="emblem:")
    assert "PNG or JPEG" in error.hint


def test_emblem_not_an_image(mini):
    mini.write("images/emblem.png", "not an image")
    emblem(mini, "images/emblem.png")
    one_error(mini, OFFICE, "is not a PNG or JPEG image", line_of="emblem:")


def test_emblem_absolute_path(mini):
    emblem(mini, "/etc/hostname")
    one_error(mini, OFFICE, "relative to this file", line_of="emblem:")


def test_emblem_parent_folder(mini):
    emblem(mini, "../../../../etc/hostname")
    one_error(mini, OFFICE, '".."', line_of="emblem:")


def test_emblem_symlink_out_of_project(mini, tmp_path):
    outside = tmp_path / "outside.png"
    from PIL import Image

    Image.new("RGB", (10, 10)).save(outside)
    (mini.root / "images").mkdir()
    os.symlink(outside, mini.root / "images" / "emblem.png")
    emblem(mini, "images/emblem.png")
    one_error(mini, OFFICE, "leads outside the project", line_of="emblem:")


def test_emblem_device_and_pipe(mini):
    (mini.root / "images").mkdir()
    os.symlink("/dev/zero", mini.root / "images" / "zero.png")
    os.mkfifo(mini.root / "images" / "pipe.png")
    emblem(mini, "images/zero.png")
    one_error(mini, OFFICE, "leads outside the project", line_of="emblem:")
    mini.replace(OFFICE, "emblem: 'images/zero.png'", "emblem: 'images/pipe.png'")
    one_error(mini, OFFICE, "is not a file", line_of="emblem:")


def test_good_emblem_passes(mini):
    from PIL import Image

    (mini.root / "images").mkdir()
    Image.new("RGB", (40, 40), "red").save(mini.root / "images" / "emblem.png")
    emblem(mini, "images/emblem.png")
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None, [d.format() for d in diagnostics]


MANUAL = """id: sudarat-m
kind: personal
author: sudarat-m
formats: [pdf]
appendix:
  - title: คำสั่ง
    file: '{file}'
"""


@pytest.mark.parametrize("file, needle", [
    ("../../../../etc/passwd", '".."'),
    ("/etc/hostname", "relative to this file"),
    ("link.pdf", "leads outside the project"),
    ("notes.pdf", "is not a PDF file"),
    ("missing.pdf", "does not exist"),
])
def test_appendix_files(mini, file, needle):
    os.makedirs(mini.root / "manuals")
    os.symlink("/etc/hostname", mini.root / "manuals" / "link.pdf")
    mini.write("manuals/notes.pdf", "just text")
    mini.write("manuals/sudarat-m.yml", MANUAL.format(file=file))
    error = one_error(mini, "manuals/sudarat-m.yml", needle, line_of="file:")
    assert error.path == "appendix[1].file"


def test_appendix_pdf_inside_project_passes(mini):
    import weasyprint

    os.makedirs(mini.root / "manuals")
    weasyprint.HTML(string="<p>คำสั่ง</p>").write_pdf(mini.root / "manuals" / "order.pdf")  # a PDF that prints
    mini.write("manuals/sudarat-m.yml", MANUAL.format(file="order.pdf"))
    handbook, diagnostics = load_handbook(mini.root)
    assert handbook is not None, [d.format() for d in diagnostics]


def test_ita_criteria_checked(mini):
    mini.write("ita/criteria.yml", "years:\n  - year: 2568\n    source: x\n    items: []\n")
    found = [d for d in errors(mini) if d.file == "ita/criteria.yml"]
    assert found and found[0].line == 4, [d.format() for d in found]


# --------------------------------------------------------------------------- the commands


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_commands_exit_1_without_traceback_and_write_nothing(mini):
    set_line(mini, OFFICE, "fiscal_year:", "fiscal_year: !!int x")
    mini.replace(PROC, "  th: งานสารบรรณ\n", '  th: "งาน\\0"\n')
    for args in (["check"], ["build"], ["manual"], ["ita"]):
        result = run(args, mini.root)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert "office.yml:" in result.stderr + result.stdout
    assert not (mini.root / "site").exists() and not (mini.root / "docs").exists()
    assert not list(mini.root.glob(".handbook-build-*"))


def test_too_many_steps(mini):
    text = mini.read(PROC)
    start = text.index("steps:\n") + len("steps:\n")
    mini.write(PROC, text[:start] + "  - text: ทำงาน\n" * 201 + text[start:])
    error = one_error(mini, PROC, "more than 200 items")
    assert error.path == "steps"


def test_flowchart_of_long_labels_is_bounded(mini):
    """A 3,000-character step (the most allowed) and long branch labels draw a chart of a printable size."""
    from PIL import Image

    from generator.flowchart.render import render_flowchart
    from generator.model.loader import require_handbook

    mini.replace(PROC, "    short: {th: รับหนังสือราชการ, en: Receive official letters}\n", "")
    text = mini.read(PROC)
    start = text.index("steps:\n") + len("steps:\n")
    mini.write(PROC, text[:start] + "  - text: " + "รับหนังสือ" * 300 + "\n" + text[start:])
    handbook = require_handbook(mini.root)
    png = render_flowchart(handbook.procedures["records-management"], "th", "png", mini.root / ".cache")
    with Image.open(png) as image:
        assert image.width * image.height < Image.MAX_IMAGE_PIXELS


def _draw_symbol(args):
    barrier, path = args
    from generator.flowchart.render import _document_png

    barrier.wait(timeout=60)
    _document_png(Path(path), (1.0, 0.6))
    return True


def test_flowchart_symbol_writers_do_not_collide(tmp_path):
    """Workers drawing the same document symbol at once each use their own temporary file (it was one fixed name)."""
    import multiprocessing

    from PIL import Image

    path = tmp_path / "cache" / "hb-document-1000x600.png"
    with multiprocessing.Manager() as manager:
        barrier = manager.Barrier(6)
        with multiprocessing.get_context("fork").Pool(6) as pool:
            assert pool.map(_draw_symbol, [(barrier, str(path))] * 6) == [True] * 6
    with Image.open(path) as image:
        assert image.size == (300, 180)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
