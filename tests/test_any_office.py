"""Any office, day one: offices of many shapes check and build (cold, then warm) with every manual made.

Shapes (issue 9): one officer and one procedure; no English at all; Arabic
digits; no decisions; decisions that loop back; a procedure of 150 steps;
names and titles of 200 Thai characters without a space; every optional field
missing; 60 procedures.  Hypothesis draws small offices of random shape; the
big shapes are fixed examples with manuals limited to what the shape needs
(PDF builds are slow).  ``bench/any_office.py`` runs many more examples.

Also here: ``handbook init`` (a new office checks and builds at once), the
safety net of the command line (one line and a log file, never a traceback),
the modes of the published files, the hand-made odd offices of
``tests/fixtures/odd-*``, and the *generic* checks of the office's own content
at the top level (``test_own_content_*``): the only tests that read it, run
again on an office made by ``handbook init`` by
:func:`test_make_test_passes_on_an_office_made_by_init`.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.cli import main
from generator.manuals.content import manual_path
from generator.model.loader import load_handbook

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
THAI = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮะาิีึืุูเแโใไำ่้๊๋็์"


# --------------------------------------------------------------------------- writing an office


def thai_word(n: int, seed: int = 0) -> str:
    """``n`` Thai characters without a space, starting with a consonant (valid, if meaningless, text)."""
    consonants = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอ"
    vowels = "าิีุู"
    out = []
    for i in range(n):
        pool = consonants if i % 3 != 1 else vowels
        out.append(pool[(i * 7 + seed) % len(pool)])
    return "".join(out)


def text(th: str, en: str | None) -> object:
    return {"th": th, "en": en} if en else th


def office_files(*, officers: int = 1, procedures: int = 1, steps: int | list[int] = 3, english: bool = True,
                 numerals: str = "thai", decisions: bool = True, loops: bool = True, long_names: bool = False,
                 optional: bool = True, manuals: list[dict] | None = None, group_manual: bool = False,
                 formats: tuple[str, ...] = ("pdf", "docx")) -> dict:
    """A valid office as ``{relative path: data}``; procedures are dealt round-robin to the officers.

    ``steps`` is the step count of every procedure, or one count per procedure.
    ``manuals`` overrides the default (one personal manual per officer, PDF and DOCX, with a memo).
    """
    en = (lambda s: s) if english else (lambda s: None)
    name = thai_word(200, 1) if long_names else "สำนักงานทดสอบ"
    office = {
        "name": text(name, en("Test Office")),
        "short_name": text("สนง.ทดสอบ", en("TO")),
        "parent_bodies": [text("กระทรวงทดสอบ", en("Ministry of Tests"))],
        "address": text("๑ ถนนทดสอบ", en("1 Test Road")),
        "phone": "0 2000 0000",
        "email": "plan@office.test",
        "website": "https://www.office.test",
        "handbook_url": "https://handbook.office.test/",
        "fiscal_year": 2570,
        "numerals": numerals,
        "languages": ["th", "en"] if english else ["th"],
        "group": {"name": text(thai_word(200, 2) if long_names else "กลุ่มทดสอบ", en("Test Group")),
                  "mandate": [text("หน้าที่", en("Duty"))],
                  "work_units": [{"id": "unit", "name": text("งานหนึ่ง", en("Unit one"))}]},
    }
    if optional:
        office["mandate"] = [text("อำนาจหน้าที่ของสำนักงาน", en("Mandate"))]
        office["structure"] = [text("กลุ่มทดสอบ", en("Test Group"))]
        office["group"]["concept"] = [text("แนวคิด", en("Concept"))]
        office["group"]["objectives"] = [text("วัตถุประสงค์", en("Objective"))]
    files: dict[str, object] = {"office.yml": office}
    oids = [f"officer-{i + 1}" for i in range(officers)]
    owned: dict[str, list[str]] = {o: [] for o in oids}
    counts = steps if isinstance(steps, list) else [steps] * procedures
    for p in range(procedures):
        pid = f"procedure-{p + 1}"
        owner = oids[p % len(oids)]
        owned[owner].append(pid)
        step_list = []
        for s in range(counts[p]):
            step = {"text": text(f"ขั้นตอนที่ {s + 1} ทำงาน", en(f"Step {s + 1}"))}
            if s == 0 and s < counts[p] - 1:
                step["id"] = "first"
            if optional:
                step.update(duration=text("๑ วัน", en("1 day")), responsible=text("เจ้าหน้าที่", en("Officer")),
                            standard=text("ถูกต้อง", en("Correct")), substeps=[text("ย่อย", en("Sub"))])
            if decisions and 0 < s < counts[p] - 1 and s % 4 == 2:
                back = "first" if loops else "end"
                step.update(kind="decision", branches=[{"label": text("ใช่", en("Yes")), "goto": "next"},
                                                        {"label": text("ไม่ใช่", en("No")), "goto": back}])
            step_list.append(step)
        procedure = {"id": pid, "title": text(thai_word(200, p) if long_names else f"งานที่ {p + 1}", en(f"Work {p + 1}")),
                     "work_unit": "unit", "owners": [owner], "objectives": [text("เพื่อทดสอบ", en("To test"))],
                     "scope": [text("ทั้งหมด", en("All"))], "steps": step_list,
                     "revision": {"version": "1", "effective": "2026-10-01", "approved_by": text("ผู้อำนวยการ", en("Director"))}}
        if optional:
            procedure.update(definitions=[{"term": text("คำ", en("Term")), "meaning": text("ความหมาย", en("Meaning"))}],
                             indicators=[text("ตัวชี้วัด", en("Indicator"))], outcomes=[text("ผล", en("Outcome"))],
                             forms=[text("แบบ", en("Form"))], references=[text("อ้างอิง", en("Reference"))],
                             legal_basis=[text("ระเบียบ", en("Regulation"))])
        files[f"procedures/{pid}.yml"] = procedure
    chain = {"group_director": {"officer": oids[0]},
             "deputy_director": {"name": text("นายรอง ทดสอบ", en("Mr Deputy")), "position": text("รองผู้อำนวยการ", en("Deputy"))},
             "director": {"name": text("นายผู้อำนวยการ ทดสอบ", en("Mr Director")), "position": text("ผู้อำนวยการ", en("Director"))}}
    for i, oid in enumerate(oids):
        officer = {"id": oid, "name": text(thai_word(200, 3 + i) if long_names else f"นายทดสอบ คนที่{i + 1}", en(f"Mr Test {i + 1}")),
                   "position": text("นักวิเคราะห์นโยบายและแผน", en("Policy and Plan Analyst")), "work_unit": "unit",
                   "procedures": owned[oid]}
        if optional:
            officer.update(level=text("ชำนาญการ", en("Professional")), position_number="12",
                           duties=[{"text": text("งาน", en("Work")), "items": [text("ย่อย", en("Part"))]}],
                           approval_chain=chain)
        files[f"officers/{oid}.yml"] = officer
    if manuals is None:
        manuals = [{"id": oid, "kind": "personal", "author": oid, "memo": {}, "formats": list(formats)}
                   for oid in oids if owned[oid]]
        if group_manual:
            manuals.append({"id": "group", "kind": "group", "author": oids[0], "formats": ["docx"]})
    for manual in manuals:
        manual = dict(manual)
        if english and "languages" not in manual:
            manual["languages"] = ["th", "en"]
        files[f"manuals/{manual['id']}.yml"] = manual
    return files


def write_office(root: Path, files: dict) -> Path:
    """Write ``files`` (from :func:`office_files`) and the base mkdocs.yml into ``root``; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / "example" / "mkdocs.yml", root / "mkdocs.yml")
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


# --------------------------------------------------------------------------- what every office must pass


def assert_checks_and_builds_twice(root: Path) -> None:
    """``check`` has no error; ``build`` runs cold then warm; every manual exists in every format; modes 0644/0755."""
    handbook, diagnostics = load_handbook(root)
    errors = [d.format() for d in diagnostics if d.severity == "error"]
    assert handbook is not None and errors == []
    for run in ("cold", "warm"):
        site = build(root)
        assert (site / "index.html").is_file(), run
        for manual in handbook.manuals.values():
            for lang in manual.languages:
                prefix = "" if lang == handbook.office.languages[0] else f"{lang}/"
                kinds = list(manual.formats) + (["memo"] if manual.memo is not None and "pdf" in manual.formats else [])
                for kind in kinds:
                    path = site / (prefix + manual_path(manual.id, kind))
                    assert path.is_file(), f"{run}: {path} is missing"
                    head = path.read_bytes()[:4]
                    assert head == (b"%PDF" if kind in ("pdf", "memo") else b"PK\x03\x04"), path
                    if kind == "docx":
                        assert "word/document.xml" in zipfile.ZipFile(path).namelist()
        assert_publishable(site)
    assert not [p for p in root.iterdir() if p.name.startswith(".handbook-build-")]


def assert_publishable(site: Path) -> None:
    """Every file under ``site`` is 0644 and every folder 0755."""
    wrong = []
    for path in [site, *site.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        want = 0o755 if path.is_dir() else 0o644
        if mode != want:
            wrong.append(f"{path.relative_to(site)}: {oct(mode)}")
    assert wrong == []


# --------------------------------------------------------------------------- shapes


def test_smallest_office_no_english_arabic_digits_no_decisions_nothing_optional(tmp_path):
    """One officer, one procedure of one step, Thai only, Arabic digits, no decision, no optional field."""
    root = write_office(tmp_path / "office", office_files(english=False, numerals="arabic", decisions=False,
                                                          optional=False, steps=1))
    assert_checks_and_builds_twice(root)


def test_60_procedures_one_of_150_steps_names_of_200_thai_characters(tmp_path):
    """60 procedures, one of 150 steps whose decisions loop back; the office, group, officers and procedure
    titles are 200 Thai characters without a space.

    The manual is limited to what the shape needs (the 150-step procedure and
    one more, DOCX): a cold PDF build of it takes over a minute on the loaded
    2-core machine.  ``bench/any_office.py`` makes the PDF and the group manual
    of all 60 procedures too.
    """
    files = office_files(officers=2, procedures=60, steps=[150] + [3] * 59, english=False, long_names=True,
                         manuals=[{"id": "long", "kind": "personal", "author": "officer-1",
                                   "procedures": ["procedure-1", "procedure-3"], "formats": ["docx"]}])
    assert_checks_and_builds_twice(write_office(tmp_path / "office", files))


FORMATS = tuple(os.environ.get("ANY_OFFICE_FORMATS", "docx").split(","))
"""Formats of the random offices' manuals: DOCX in ``make test`` (PDF is made by the fixed shapes above);
``bench/any_office.py`` sets pdf,docx."""


@st.composite
def offices(draw):
    """Small offices of random shape (see :func:`office_files`)."""
    procedures = draw(st.integers(1, 3))
    return office_files(
        officers=draw(st.integers(1, 2)),
        procedures=procedures,
        steps=draw(st.lists(st.integers(1, 9), min_size=procedures, max_size=procedures)),
        english=draw(st.booleans()),
        numerals=draw(st.sampled_from(["thai", "arabic"])),
        decisions=draw(st.booleans()),
        loops=draw(st.booleans()),
        long_names=draw(st.booleans()),
        optional=draw(st.booleans()),
        group_manual=draw(st.booleans()),
        formats=FORMATS,
    )


@settings(max_examples=int(os.environ.get("ANY_OFFICE_EXAMPLES", "2")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=offices())
def test_random_offices_check_and_build_twice(tmp_path_factory, files):
    assert_checks_and_builds_twice(write_office(tmp_path_factory.mktemp("office") / "office", files))


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("odd-*")))
def test_odd_offices(tmp_path, name):
    """Hand-made odd offices (tests/fixtures/odd-*): check without errors, build twice, every manual made."""
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    shutil.copyfile(FIXTURES / "example" / "mkdocs.yml", root / "mkdocs.yml")
    assert_checks_and_builds_twice(root)


# --------------------------------------------------------------------------- handbook init


INIT_FLAGS = ["--name-th", "สำนักงานเขตพื้นที่การศึกษาทดลอง", "--short-name", "สพท.ทดลอง", "--group", "กลุ่มนโยบายและแผน",
              "--officer-name", "นางสาวทดลอง ใจดี", "--officer-position", "นักวิเคราะห์นโยบายและแผน",
              "--officer-id", "tester", "--fiscal-year", "2570", "--languages", "th,en", "--name-en", "Trial Office",
              "--no-input"]


def test_init_writes_an_office_that_checks_and_builds(tmp_path, capsys):
    root = tmp_path / "new"
    assert main(["init", str(root), *INIT_FLAGS]) == 0
    for rel in ("office.yml", "procedures/correspondence.yml", "officers/tester.yml", "manuals/tester.yml", "mkdocs.yml",
                "schema/office.schema.json"):
        assert (root / rel).is_file(), rel
    for rel in ("office.yml", "procedures/correspondence.yml", "officers/tester.yml", "manuals/tester.yml"):
        assert (root / rel).read_text(encoding="utf-8").startswith("# yaml-language-server: $schema="), rel
    manual = yaml.safe_load((root / "manuals/tester.yml").read_text(encoding="utf-8"))
    assert {"id", "kind", "author"} <= set(manual)
    handbook, diagnostics = load_handbook(root)
    assert handbook is not None
    assert handbook.office.name.th == "สำนักงานเขตพื้นที่การศึกษาทดลอง" and handbook.office.name.en == "Trial Office"
    assert handbook.office.fiscal_year == 2570 and handbook.office.languages == ["th", "en"]
    messages = {(d.file, d.path): d.message for d in diagnostics}
    # what the office must fill in is said, with the key to add
    assert "placeholder" in messages[("office.yml", "address")]
    assert "placeholder" in messages[("office.yml", "email")]
    assert messages[("office.yml", "emblem")] == "is missing"
    assert "approval chain" in messages[("manuals/tester.yml", "memo")]
    capsys.readouterr()
    assert main(["--root", str(root), "build"]) == 0
    assert "placeholder" in capsys.readouterr().err
    assert (root / "site" / "manuals" / "tester.pdf").is_file()
    assert (root / "site" / "manuals" / "tester.docx").is_file()
    assert main(["--root", str(root), "build"]) == 0


def test_init_refuses_to_overwrite(tmp_path, capsys):
    root = tmp_path / "new"
    root.mkdir()
    (root / "office.yml").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(root), *INIT_FLAGS]) == 2
    err = capsys.readouterr().err
    assert "already has office.yml" in err and "nothing was written" in err
    assert (root / "office.yml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in root.iterdir()) == ["office.yml"]


def test_init_with_arabic_digits_writes_its_example_procedure_in_arabic_digits(tmp_path):
    """An office that chose Arabic digits gets none of the Thai ones in the procedure init writes (its times and
    the regulation's year), so the printed flowchart table reads "ภายใน 1 วันทำการ" like its step numbers."""
    root = tmp_path / "new"
    assert main(["init", str(root), *INIT_FLAGS, "--numerals", "arabic"]) == 0
    text = next((root / "procedures").glob("*.yml")).read_text(encoding="utf-8")
    assert "ภายใน 1 วันทำการ" in text and "พ.ศ. 2526" in text
    assert not re.search("[\u0e50-\u0e59]", text)
    thai = tmp_path / "thai"
    assert main(["init", str(thai), *INIT_FLAGS]) == 0
    assert "ภายใน ๑ วันทำการ" in next((thai / "procedures").glob("*.yml")).read_text(encoding="utf-8")


def test_init_without_a_terminal_asks_for_the_missing_flags(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    assert main(["init", str(tmp_path / "new"), "--name-th", "สำนักงาน"]) == 2
    err = capsys.readouterr().err
    assert "--short-name" in err and "--officer-name" in err
    assert not (tmp_path / "new").exists()


def test_init_example_copies_the_example_office(tmp_path):
    assert main(["init", str(tmp_path / "ex"), "--example"]) == 0
    handbook, _diagnostics = load_handbook(tmp_path / "ex")
    assert handbook is not None and len(handbook.procedures) >= 20 and len(handbook.manuals) >= 2


# --------------------------------------------------------------------------- never a traceback


def test_unexpected_error_is_one_line_and_a_log(mini, capsys, monkeypatch):
    import generator.build

    def boom(*_a, **_k):
        raise ValueError("something inside broke\nsecond line")

    monkeypatch.setattr(generator.build, "build", boom)
    assert main(["--root", str(mini.root), "build"]) == 3
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err and "Traceback" not in captured.out
    assert "something inside broke second line" in lines[0]
    log = mini.root / ".cache" / "handbook-error.log"
    assert str(log) in lines[0]
    assert "Traceback" in log.read_text(encoding="utf-8") and "ValueError" in log.read_text(encoding="utf-8")


def test_error_log_goes_to_a_temporary_file_when_the_project_is_unusable(tmp_path, capsys, monkeypatch):
    import generator.build

    monkeypatch.setattr(generator.build, "build", lambda *_a, **_k: 1 / 0)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    assert main(["--root", str(blocked), "build"]) == 3
    line = capsys.readouterr().err.strip()
    logged = Path(line.split("the details are in ")[1].split(" — ")[0])
    assert logged.is_file() and "ZeroDivisionError" in logged.read_text(encoding="utf-8")
    logged.unlink()


def test_manual_docx_into_a_new_folder(mini, tmp_path, capsys):
    """The DOCX job creates its own folder (it used to write into one only the PDF job made)."""
    mini.write("manuals/sudarat-m.yml", "id: sudarat-m\nkind: personal\nauthor: sudarat-m\n")
    out = tmp_path / "new" / "folder"
    assert main(["--root", str(mini.root), "manual", "--officer", "sudarat-m", "--format", "docx", "--output", str(out)]) == 0
    path = out / "manuals" / "sudarat-m.docx"
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o644


def test_manual_without_definitions_does_not_point_at_bundled_ones(mini, tmp_path, capsys):
    assert main(["--root", str(mini.root), "manual", "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bundled" not in err and "kind: personal" in err and "author:" in err


def test_summary_never_says_zero_warnings_behind_errors(mini, capsys):
    mini.replace("procedures/records-management.yml", "owners: [sudarat-m]", "owners: [nobody]")
    assert main(["--root", str(mini.root), "check"]) == 1
    err = capsys.readouterr().err
    assert "0 warning(s)" not in err and "warnings are listed once the errors are fixed" in err


# --------------------------------------------------------------------------- the office's own content (generic)


def test_own_content_checks_without_errors():
    """The office's own files at the top level (whatever they are) load without errors."""
    handbook, diagnostics = load_handbook(REPO)
    assert handbook is not None, "\n".join(d.format() for d in diagnostics if d.severity == "error")


def test_own_content_site_builds_links_resolve_no_outside_requests(tmp_path):
    """The office's own site builds (manuals aside); every local link resolves; nothing is fetched from elsewhere."""
    from bs4 import BeautifulSoup

    site = build(REPO, site_dir=tmp_path / "site", docs_dir=tmp_path / "docs", manuals=False)
    broken, outside = [], []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # MkDocs writes its links from the site's root URL, wherever it is served
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for node in soup.find_all(tag):
                url = node.get(attr)
                if not url or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
                    continue
                if "://" in url or url.startswith("//"):
                    fetched = tag != "a" and not (tag == "link" and {"canonical", "alternate"} & set(node.get("rel") or []))
                    if fetched:
                        outside.append(f"{page.relative_to(site)}: {url}")
                    continue
                target = (page.parent / url.split("#")[0].split("?")[0])
                if "manuals/" in url and url.endswith((".pdf", ".docx")):
                    continue  # manuals are not built here
                if target.is_dir():
                    target = target / "index.html"
                if not target.exists():
                    broken.append(f"{page.relative_to(site)}: {url}")
    assert outside == []
    assert broken == []


def test_make_test_passes_on_an_office_made_by_init(tmp_path):
    """Replace the example by an office made with ``handbook init``: the generic tests of the content pass.

    The tool's files are copied without the office's (office.yml, procedures/,
    officers/, manuals/); ``handbook init`` writes a new office there, then the
    ``test_own_content_*`` tests run in that copy.  Every other test reads
    fixtures under tests/, which this test checks by collecting them all too.
    """
    project = tmp_path / "project"
    office_owned = {"office.yml", "procedures", "officers", "manuals", "site", "docs", ".cache", ".venv", ".git",
                    "out", ".pytest_cache", ".hypothesis"}
    shutil.copytree(REPO, project, ignore=lambda folder, names: [
        n for n in names if (Path(folder) == REPO and n in office_owned)
        or n in ("__pycache__", ".cache", ".hypothesis", ".pytest_cache")])
    env = {**os.environ, "PYTHONPATH": str(project)}
    made = subprocess.run([sys.executable, "-m", "generator", "init", *INIT_FLAGS], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "tests/test_any_office.py", "-k", "own_content"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout
    collected = subprocess.run([sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider"],
                               cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert collected.returncode == 0, collected.stdout[-3000:]


# --------------------------------------------------------------------------- the memo and its approval chain


def test_memo_never_asks_the_author_to_approve_their_own_manual():
    """The group director's manuals (odd-director-writes) go to the deputy director, then the director."""
    from generator.manuals.content import manual_content

    handbook, _d = load_handbook(FIXTURES / "odd-director-writes")
    for mid in ("director", "group"):
        memo = manual_content(handbook, handbook.manuals[mid], "th").memo
        assert [label for label, _p in memo.approvals] == [
            "ความเห็นของรองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา", "คำสั่งของผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"]
        assert [p.name for _l, p in memo.approvals] == ["นายรอง ผู้อำนวยการ", "นายใหญ่ ผู้อำนวยการ"]
        assert memo.author.name == "นางผู้อำนวยการ กลุ่มแผน"


def test_memo_without_approval_chain_is_warned_and_no_ita_evidence(mini):
    from generator.ita.files import report_rows
    from generator.ita.report import ita_report
    from generator.model.criteria import load_criteria

    mini.write("manuals/sudarat-m.yml", "id: sudarat-m\nkind: personal\nauthor: sudarat-m\nmemo: {date: 2026-11-02}\n")
    handbook, _d = load_handbook(mini.root)
    staff = next(r for r in ita_report(handbook, load_criteria(mini.root)).items if r.item.item == "staff-manual")
    assert not [g for g in staff.manuals[0].gaps if "approval chain" in g.message]
    text = mini.read("officers/sudarat-m.yml")
    mini.write("officers/sudarat-m.yml", text[:text.index("approval_chain:")])
    handbook, diagnostics = load_handbook(mini.root)
    memo = [d for d in diagnostics if d.file == "manuals/sudarat-m.yml" and d.path == "memo"]
    assert len(memo) == 1 and "approval chain" in memo[0].message and "approval_chain:" in memo[0].hint
    assert "officers/sudarat-m.yml" in memo[0].hint
    report = ita_report(handbook, load_criteria(mini.root))
    staff = next(r for r in report.items if r.item.item == "staff-manual")
    assert [g.field for g in staff.manuals[0].gaps if "approval chain" in g.message] == ["memo"]
    row = next(r for r in report_rows(report, "th") if r["item"] == "staff-manual")
    assert not any(u.endswith("sudarat-m-memo.pdf") for u in row["urls"])
    assert "บันทึกข้อความขออนุญาตเผยแพร่" not in row["explanation"]


def test_placeholders_and_example_values_are_warned(mini):
    mini.replace("office.yml", 'phone: "0 4599 0001"', 'phone: "(เบอร์โทรศัพท์ยังไม่กรอก)"')
    _h, diagnostics = load_handbook(mini.root)
    found = {d.path: d.message for d in diagnostics if d.file == "office.yml"}
    assert found["phone"].startswith("still holds the placeholder")
    assert found["address"].startswith("still holds the example office's value")
    assert "example.go.th" in found["email"]
    mini.replace("office.yml", "email: plan@srisuk1.example.go.th", "email: plan@real-office.go.th")
    _h, diagnostics = load_handbook(mini.root)
    assert "email" not in {d.path for d in diagnostics if d.file == "office.yml"}


def test_init_asks_in_a_terminal_for_what_the_flags_do_not_give(tmp_path, monkeypatch, capsys):
    class Terminal:
        def isatty(self):
            return True

    answers = iter(["สำนักงานถามตอบ", "สนง.ถาม", "กลุ่มถามตอบ", "2571", "th", "นายถาม ตอบ", "เจ้าหน้าที่", "", "asker"])
    asked = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or next(answers))
    assert main(["init", str(tmp_path / "asked"), "--phone", "0 1234 5678"]) == 0
    assert len(asked) == 9 and "ชื่อหน่วยงาน" in asked[0]
    handbook, _d = load_handbook(tmp_path / "asked")
    assert handbook is not None and handbook.office.name.th == "สำนักงานถามตอบ" and handbook.office.fiscal_year == 2571
    assert list(handbook.officers) == ["asker"] and handbook.office.phone == "0 1234 5678"
    assert handbook.office.languages == ["th"]
