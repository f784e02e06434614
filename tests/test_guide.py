"""The user guide (``guide/``, issue 22): it builds without warnings, and what it says exists.

* ``mkdocs build --strict`` of both languages gives no warning (broken links and anchors included:
  ``validation`` in ``guide/mkdocs.yml``), with the handbook's fonts, styles and Thai search, and no
  request to another host;
* every ``handbook …`` command line in the guide's code blocks is accepted by the real argument
  parser (sub-command, options, choices), and the cheap ones are run for real against a copy of
  ``tests/fixtures/example``; every option named in an inline ``handbook …`` span exists;
* every YAML example parses, its keys are fields of the model (JSON Schema of ``schema/`` and the ITA
  criteria model), and a whole-file example (``# procedures/<id>.yml`` on its first line) is valid;
* the field tables name only real fields, and the pages on procedures, the office, officers and
  manuals, and services name every field of their models;
* the messages the troubleshooting pages explain are messages the code still prints;
* every ``make`` target the guide names exists, and README.md is at most 150 lines.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import parser as cli_parser
from generator.ita.kit import ItaCriteria
from generator.model.documents import (
    ApprovalChain, AppendixItem, Branch, Channel, Definition, Duty, Group, Manual, Memo, Office, Officer,
    Procedure, RequiredDocument, Revision, Service, Signatory, Step, SubStep, WorkUnit,
)

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "guide"
LANGS = ("th", "en")
EXAMPLE = Path(__file__).parent / "fixtures" / "example"

#: Sub-commands cheap enough to run for real (a build, a manual, a server or an import of missing files is not).
RUN_FOR_REAL = {"check", "schema", "ita", "flowchart", "init"}


def pages(lang: str | None = None) -> list[Path]:
    """The guide's Markdown pages (of one language, or of both)."""
    return sorted(p for lang_ in ([lang] if lang else LANGS) for p in (GUIDE / lang_).glob("*.md"))


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced code block of a Markdown text (indented fences included)."""
    out = []
    for match in re.finditer(r"^( *)```([^\n`]*)\n(.*?)^\1```", text, re.S | re.M):
        indent = len(match.group(1))
        body = "\n".join(line[indent:] for line in match.group(3).split("\n"))
        out.append((match.group(2).strip(), body))
    return out


def command_lines(text: str) -> list[str]:
    """The ``handbook …`` lines of the code blocks of ``text``, continuation lines joined."""
    out = []
    for info, body in code_blocks(text):
        if info not in ("sh", "console", "bash"):  # plain blocks show what commands print
            continue
        body = re.sub(r"\\\n\s*", " ", body)
        for line in body.split("\n"):
            line = line.strip().removeprefix("$ ")
            if line.startswith("handbook ") or line == "handbook":
                out.append(line)
    return out


def split_command(line: str) -> list[str]:
    """The words of a command line without its trailing ``# comment``."""
    return shlex.split(line, comments=True)


def subparsers() -> dict[str, object]:
    """Sub-command name → its argparse parser, from the real ``handbook`` parser."""
    import argparse

    p = cli_parser()
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def parse_error(argv: list[str]) -> str | None:
    """None when the real parser accepts ``argv``; else argparse's message."""
    import contextlib
    import io

    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            cli_parser().parse_args(argv)
    except SystemExit as exc:
        if exc.code:
            return err.getvalue().strip().splitlines()[-1] if err.getvalue().strip() else f"exit {exc.code}"
    return None


# --------------------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """Both languages built with ``mkdocs build --strict`` into a temporary folder; (site, all output)."""
    site = tmp_path_factory.mktemp("guide") / "site"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    output = ""
    for config, target in (("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")):
        run = subprocess.run([*mkdocs, "-f", str(GUIDE / config), "-d", str(target)],
                             capture_output=True, text=True, cwd=ROOT, timeout=600)
        output += run.stdout + run.stderr
        assert run.returncode == 0, f"mkdocs build --strict -f guide/{config} failed:\n{run.stdout}{run.stderr}"
    return site, output


def test_guide_builds_without_warnings(built):
    site, output = built
    assert "WARNING" not in output, output
    for lang, folder in (("th", site), ("en", site / "en")):
        for page in pages(lang):
            html = (folder / page.with_suffix(".html").name).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html, page
        index = (folder / "index.html").read_text(encoding="utf-8")
        assert "assets/fonts/sarabun.css" in index and "assets/handbook.css" in index
        assert (folder / "assets" / "fonts" / "Sarabun-Regular.woff2").stat().st_size > 10_000
        assert 'hreflang="th"' in index and 'hreflang="en"' in index  # the language switch


def test_guide_makes_no_request_to_another_host(built):
    site, _output = built
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        outside = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="((?:https?:)?//[^"]+)"', html)
        assert not outside, f"{path.relative_to(site)} loads {outside}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_guide_has_the_handbooks_thai_search_and_word_breaks(built):
    site, _output = built
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    assert "__thaiVocabulary" in worker and "ขั้นตอน" in worker  # the Thai guide's own words
    page = (site / "procedures.html").read_text(encoding="utf-8")
    assert '<span class="w">' in page  # Thai words kept whole at line ends, as on the handbook site
    english_worker = next((site / "en" / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "thai-query" in english_worker.read_text(encoding="utf-8")


def test_guide_search_finds_thai_words_inside_compounds_in_a_browser(built):
    """The guide's search is the handbook's: a word inside a compound (ย่อย in ขั้นตอนย่อย) is found."""
    from browser import Browser, serve

    site, _output = built
    with serve(site) as url, Browser() as browser:
        browser.open_search(url + "index.html")
        assert browser.search("ขั้นตอนย่อย")[0] == "procedures"
        assert "troubleshooting" in browser.search("ข้อผิดพลาด")
        browser.page.goto(url + "en/publishing.html")
        browser.page.wait_for_load_state("networkidle")
        browser.page.hover(".md-header__option .md-select")
        browser.page.click('a.md-select__link[hreflang="th"]')
        browser.page.wait_for_url(lambda address: "/en/" not in address, timeout=10000)
        assert browser.page.url.endswith("/publishing.html")  # the same page, in Thai
        assert browser.page.evaluate("document.documentElement.lang") == "th"
        assert browser.outside == []


def test_both_languages_have_the_same_pages_all_in_the_navigation():
    names = {lang: sorted(p.name for p in pages(lang)) for lang in LANGS}
    assert names["th"] == names["en"]
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        text = (GUIDE / config).read_text(encoding="utf-8")
        nav = re.findall(r"^  - [^:]+: ([\w-]+\.md)$", text, re.M)
        assert sorted(nav) == names["th"], config


# --------------------------------------------------------------------------- commands


def all_command_lines() -> list[tuple[str, str]]:
    return [(page.relative_to(GUIDE).as_posix(), line)
            for page in pages() for line in command_lines(page.read_text(encoding="utf-8"))]


def test_the_guide_shows_commands():
    lines = all_command_lines()
    assert len(lines) >= 40
    assert {split_command(line)[1] for _page, line in lines} >= {"check", "build", "manual", "flowchart", "ita",
                                                                  "import", "init", "serve", "schema"}


@pytest.mark.parametrize("page, line", all_command_lines())
def test_every_command_example_is_accepted(page, line):
    argv = split_command(line)[1:]
    known = subparsers()
    command = next((word for word in argv if not word.startswith("-") and word in known), None)
    problem = parse_error(argv)
    assert problem is None, f"{page}: `{line}` — {problem}"


def inline_commands() -> list[tuple[str, str]]:
    """Inline code spans ``handbook …`` (command synopses in tables and text)."""
    out = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for _info, body in code_blocks(text):
            text = text.replace(body, "")
        for span in re.findall(r"`(handbook [^`]+)`", text):
            out.append((page.relative_to(GUIDE).as_posix(), span.replace("\\|", "|")))
    return out


@pytest.mark.parametrize("page, span", inline_commands())
def test_every_option_named_inline_exists(page, span):
    known = subparsers()
    words = span.split()[1:]
    root_options = {o for a in cli_parser()._actions for o in a.option_strings}
    command = None
    for i, word in enumerate(words):
        if word.startswith("-"):
            continue
        if i > 0 and words[i - 1] == "--root":
            continue
        command = word
        break
    if command is None or command.startswith(("<", "…")):
        options = {o for o in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", span)}
        assert options <= root_options | {"--help"}, f"{page}: `{span}`"
        return
    assert command in known, f"{page}: `{span}`: handbook has no command {command!r}"
    allowed = {o for a in known[command]._actions for o in a.option_strings} | root_options
    for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", span):
        assert option in allowed, f"{page}: `{span}`: handbook {command} has no option {option}"


def test_cheap_command_examples_run_for_real(tmp_path):
    """check, schema, ita, flowchart and init examples run against a copy of the example office."""
    ran = 0
    for page in pages():  # each page in a fresh copy: the pages of both languages show the same init
        office = tmp_path / page.parent.name / page.stem
        shutil.copytree(EXAMPLE, office, ignore=shutil.ignore_patterns("docs", "site", ".cache", "out"))
        for line in command_lines(page.read_text(encoding="utf-8")):
            argv = split_command(line)[1:]
            command = next((w for i, w in enumerate(argv) if not w.startswith("-")
                            and (i == 0 or argv[i - 1] != "--root")), None)
            if command not in RUN_FOR_REAL:
                continue
            if command == "init" and "--example" not in argv:
                argv = [*argv, "--no-input"]
            run = subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, text=True,
                                 cwd=office, timeout=300)
            # 0 done, 1 problems in the office's files (--strict warnings): both mean the example is right;
            # 2 is bad usage (an unknown id, a missing flag), 3 a crash
            assert run.returncode in (0, 1), f"{page}: `{line}` exited {run.returncode}:\n{run.stderr[-2000:]}"
            assert "Traceback" not in run.stderr
            ran += 1
    assert ran >= 10


# --------------------------------------------------------------------------- fields


def schema_fields() -> set[str]:
    """Every property name of the JSON Schemas of the YAML files and of ``ita/criteria.yml``."""
    names: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    names.update(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    walk(ItaCriteria.model_json_schema())
    return names


def yaml_keys(data, parent: str = "") -> set[str]:
    """Keys of a YAML document, except the ids used as keys of ``redirects``."""
    keys: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if parent != "redirects":
                keys.add(str(key))
            keys |= yaml_keys(value, str(key))
    elif isinstance(data, list):
        for value in data:
            keys |= yaml_keys(value, parent)
    return keys


WHOLE_FILE = {"procedures": Procedure, "officers": Officer, "manuals": Manual}


def yaml_examples() -> list[tuple[str, int, str]]:
    return [(page.relative_to(GUIDE).as_posix(), n, body)
            for page in pages() for n, (info, body) in enumerate(code_blocks(page.read_text(encoding="utf-8")))
            if info == "yaml"]


def test_the_guide_has_yaml_examples():
    assert len(yaml_examples()) >= 20


@pytest.mark.parametrize("page, n, body", yaml_examples())
def test_every_yaml_example_uses_real_fields(page, n, body):
    data = yaml.safe_load(body)
    unknown = yaml_keys(data) - schema_fields()
    assert not unknown, f"{page}, YAML example {n + 1}: no such field {sorted(unknown)}"
    first = body.split("\n", 1)[0]
    whole = re.fullmatch(r"# (procedures|officers|manuals)/([a-z0-9-]+)\.yml", first)
    if whole:
        model = WHOLE_FILE[whole.group(1)]
        model.model_validate(data)
        assert data["id"] == whole.group(2), f"{page}: the id is not the file name"


def field_table_names(text: str) -> list[str]:
    """Backticked names in the first column of tables whose first header is Field / ช่อง."""
    names, in_table = [], False
    for line in text.split("\n"):
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("Field", "field", "ช่อง"):
            in_table = True
            continue
        if in_table and not set(cells[0]) <= set("-: "):
            names += [n.split(":")[0] for n in re.findall(r"`([^`]+)`", cells[0])]
    return names


def test_field_tables_name_real_fields():
    fields = schema_fields()
    seen = 0
    for page in pages():
        for name in field_table_names(page.read_text(encoding="utf-8")):
            assert name in fields, f"{page.relative_to(GUIDE)}: the field table names {name!r}, which is not a field"
            seen += 1
    assert seen >= 150


#: page → models whose every field the page must name (``name``), in both languages.
EVERY_FIELD = {
    "procedures.md": [Procedure, Step, SubStep, Branch, Definition, Revision],
    "getting-started.md": [Office, Group, WorkUnit],
    "officers-manuals.md": [Officer, Duty, ApprovalChain, Signatory, Manual, Memo, AppendixItem],
    "services.md": [Service, Channel, RequiredDocument],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name, models", list(EVERY_FIELD.items()))
def test_pages_name_every_field(lang, name, models):
    text = (GUIDE / lang / name).read_text(encoding="utf-8")
    for model in models:
        missing = [f for f in model.model_fields if f"`{f}`" not in text and f"`{f}:" not in text
                   and not re.search(rf"^\s*-? *{f}:", text, re.M)]
        assert not missing, f"{lang}/{name} does not describe {model.__name__} fields {missing}"


# --------------------------------------------------------------------------- messages, make, README


def generator_source() -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "generator").rglob("*.py")))
    return text.replace("\\'", "'")  # 'the example office\'s value' as printed


@pytest.mark.parametrize("lang", LANGS)
def test_troubleshooting_explains_messages_the_code_prints(lang):
    text = (GUIDE / lang / "troubleshooting.md").read_text(encoding="utf-8")
    source = generator_source()
    fragments = [f for heading in re.findall(r"^### (.+)$", text, re.M) for f in re.findall(r"`([^`]+)`", heading)]
    fragments += [f for f in re.findall(r"^\| `([^`]+)` \|", text, re.M) if re.search("[\u0e00-\u0e7f]", f)]
    assert len(fragments) >= 25
    for fragment in fragments:
        for part in fragment.split("…"):
            part = part.strip()
            assert part in source, f"{lang}/troubleshooting.md explains {fragment!r}, which the code no longer prints"


def test_make_targets_in_the_guide_and_readme_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    texts = [p.read_text(encoding="utf-8") for p in pages()] + [(ROOT / "README.md").read_text(encoding="utf-8")]
    named = {t for text in texts for t in re.findall(r"(?:`|^)make ([a-z][a-z-]*)", text, re.M)}
    assert {"build", "test", "guide"} <= named
    missing = named - targets
    assert not missing, f"the guide names make targets that do not exist: {sorted(missing)}"


def test_readme_is_short_and_points_to_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    assert "make build" in readme and "make test" in readme and "make guide" in readme
    assert "guide/" in readme
    assert re.search("[\u0e00-\u0e7f]", readme)  # Thai first
