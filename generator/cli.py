"""The ``handbook`` command line.

Sub-commands: ``check`` (validate the YAML), ``build`` (site and manuals into
``site/``), ``manual`` (printed manuals), ``flowchart`` (one procedure's
chart), ``ita`` (the ITA publication kit), ``schema`` (export JSON Schemas),
``serve`` (preview the built site), ``init`` (start a new office), ``edit``
(the browser editor), ``users`` (who may sign in to the editor on a network).

Exit codes (also in the user guide, guide/*/commands.md):

* 0 — done;
* 1 — problems found in the office's files (YAML errors, ``--strict``
  warnings, a failed site build), each reported as file:line:col;
* 2 — bad usage: an unknown option, id or officer, a missing flag, a file
  that ``init`` will not overwrite;
* 3 — an unexpected error: one line on the screen, the traceback in a log
  file (``.cache/handbook-error.log`` in the project, else a temporary file),
  as pip does;
* 130 — interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.model.checks import fill_in_markers
from generator.model.diagnostics import CheckFailed, to_json
from generator.model.loader import load_handbook
from generator.model.loader import DRAFT_SUFFIX
from generator.model.schema import write_schemas


def _cmd_check(args: argparse.Namespace) -> int:
    _handbook, diagnostics = load_handbook(args.root)
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity == "warning"]
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.format == "json":
        print(to_json(diagnostics))
        return 1 if failed else 0
    for d in diagnostics:
        print(d.format())
    summary = f"{len(errors)} error(s), {len(warnings)} warning(s)"
    if errors:  # completeness warnings are only worked out for a project without errors
        summary = f"{len(errors)} error(s); warnings are listed once the errors are fixed"
    _hint_init(args.root)
    if failed:
        print(f"handbook check: {summary}" + (" (--strict: warnings count as errors)" if not errors else ""),
              file=sys.stderr)
        return 1
    print(f"handbook check: OK, {summary}", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.root / "schema"):
        print(path)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build  # deferred: MkDocs, Jinja2, Pillow, PyThaiNLP (the build's libraries)

    try:
        result = build(args.root, site_dir=args.site_dir, strict=args.strict)
    except CheckFailed as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        _hint_init(args.root)
        print("handbook build: stopped, the YAML has errors; site/ was not changed", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"handbook build: failed: {exc}; site/ was not changed", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, permissions …: the old site stays (generator/publish.py)
        print(f"handbook build: failed: {exc.strerror or exc} ({exc.filename or ''}); site/ was not changed",
              file=sys.stderr)
        return 1
    print(f"handbook build: site written to {result}; open {result / 'index.html'}")
    _warn_placeholders(args.root)
    _note_drafts(args.root)
    return 0


def _note_drafts(root: Path) -> None:
    """After a build: name the drafts of handbook edit (``*.draft.yml``) that the build left out."""
    drafts = sorted(f"{p.parent.name}/{p.name}" for folder in ("procedures", "officers", "manuals")
                    for p in (Path(root) / folder).glob(f"*{DRAFT_SUFFIX}"))
    if drafts:
        names = ", ".join(drafts[:3]) + (" …" if len(drafts) > 3 else "")
        print(f"handbook build: left out {len(drafts)} draft(s) saved with errors in handbook edit ({names}); "
              "open them in handbook edit, fix the errors and save", file=sys.stderr)


def _warn_placeholders(root: Path) -> None:
    """After a build: say so when office.yml or an officer file still holds placeholders (a cheap text scan)."""
    markers = fill_in_markers()
    files = [root / "office.yml", *sorted((root / "officers").glob("*.yml"))]
    found = []
    for path in files:
        try:
            text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                             if not line.lstrip().startswith("#"))
        except OSError:
            continue
        if any(marker in text for marker in markers):
            found.append(path.name if path.parent == root else f"{path.parent.name}/{path.name}")
    if found:
        names = ", ".join(found[:3]) + (" …" if len(found) > 3 else "")
        print(f"handbook build: {names} still {'holds' if len(found) == 1 else 'hold'} placeholder or example values, "
              "printed as they are in the manuals: run handbook check to see which", file=sys.stderr)


def _loaded(args: argparse.Namespace):
    handbook, diagnostics = load_handbook(args.root)
    if handbook is None:
        for d in diagnostics:
            print(d.format(), file=sys.stderr)
        _hint_init(args.root)
        print("stopped: the YAML has errors (run handbook check)", file=sys.stderr)
    return handbook


def _hint_init(root: Path) -> None:
    """Say how to start when the folder holds no office at all."""
    if not (Path(root) / "office.yml").exists():
        print(f"{root} has no office.yml: start a new office with `handbook init {root}` "
              f"(or `handbook init --example {root}` for the example)", file=sys.stderr)


def _cmd_manual(args: argparse.Namespace) -> int:
    import time

    from generator.manuals.jobs import jobs_for, make_manuals  # deferred: the manual writers (WeasyPrint, python-docx)

    handbook = _loaded(args)
    if handbook is None:
        return 1
    if args.group:
        ids = [m.id for m in handbook.manuals.values() if m.kind == "group"]
    elif args.officer:
        if args.officer not in handbook.officers:
            print(f'"{args.officer}" is not an officer; known: {", ".join(handbook.officers)}', file=sys.stderr)
            return 2
        ids = [m.id for m in handbook.manuals.values() if m.kind == "personal" and m.author == args.officer]
    elif args.id:
        ids = [args.id] if args.id in handbook.manuals else []
    else:
        ids = list(handbook.manuals)
    if not ids:
        print("no manual definition matches: add one as manuals/<id>.yml with three lines — id: <id>, "
              "kind: personal (or group), author: <officer id> (guide: Getting started)", file=sys.stderr)
        return 2
    formats = args.format.split(",") if args.format else None
    jobs = jobs_for(handbook, ids, [args.lang] if args.lang else None, formats)
    start = time.perf_counter()
    for job, seconds in make_manuals(handbook, args.output, jobs):
        print(f"{args.output / job.target}  ({seconds:.1f} s)")
    print(f"handbook manual: {len(jobs)} file(s) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _cmd_flowchart(args: argparse.Namespace) -> int:
    from generator.flowchart import flowchart_command  # deferred: Pillow, PyThaiNLP, Graphviz

    handbook = _loaded(args)
    if handbook is None:
        return 1
    if args.procedure not in handbook.procedures:
        print(f'"{args.procedure}" is not a procedure; known: {", ".join(handbook.procedures)}', file=sys.stderr)
        return 2
    path = flowchart_command(handbook, args.procedure, args.format, args.lang, args.output, args.root / ".cache")
    print(path)
    return 0


def _cmd_ita(args: argparse.Namespace) -> int:
    from generator.ita.command import ita_command  # deferred: the ITA writers (Jinja2, the site writer)

    handbook = _loaded(args)
    if handbook is None:
        return 1
    return ita_command(handbook, args.root, args.year, args.output)


def _cmd_serve(args: argparse.Namespace) -> int:
    from generator.build import serve  # deferred: MkDocs, Jinja2, Pillow, PyThaiNLP (the build's libraries)

    return serve(args.root, site_dir=args.site_dir, port=args.port, host=args.host)


def _cmd_import(args: argparse.Namespace) -> int:
    from generator.importers.run import import_sources  # deferred: pdfplumber, python-docx
    from generator.importers.thai_repair import repair_text  # deferred: PyThaiNLP's dictionary

    if args.repair_text:
        path = Path(args.repair_text)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: cannot be read as UTF-8 text ({getattr(exc, 'strerror', None) or exc}); "
                  "give a .txt file saved as UTF-8", file=sys.stderr)
            return 1
        sys.stdout.write(repair_text(text))
        return 0
    into = args.into if args.into is not None else args.root
    if not args.sources and not args.remove_sample:
        print("handbook import: give the manuals to import (.docx, .pdf, .txt, .md), or --repair-text FILE",
              file=sys.stderr)
        return 2
    errors = False
    if args.sources:
        result = import_sources(args.sources, into, force=args.force, ocr=args.ocr)
        for line in result.report:
            print(line)
        for line in result.errors:
            print(line, file=sys.stderr)
        if result.written or result.updated:
            print(f"handbook import: {len(result.written)} draft file(s) written, {len(result.updated)} updated; "
                  "look for # TODO in them, then run handbook check", file=sys.stderr)
        errors = bool(result.errors)
    if args.remove_sample and not errors:
        from generator.importers.merge import remove_sample  # deferred: the importers (pdfplumber, python-docx, ruamel.yaml)

        done = remove_sample(into)
        for line in done:
            print(line)
        if not done:
            print(f"handbook import: {into} has no example procedure from handbook init to remove", file=sys.stderr)
    return 1 if errors else 0


_INIT_QUESTIONS = [
    # (attribute, flag, question, required)
    ("name_th", "--name-th", "ชื่อหน่วยงาน (ภาษาไทย) / the office's Thai name", True),
    ("short_name_th", "--short-name", "ชื่อย่อ / short name, e.g. สพป.ตัวอย่าง เขต ๑", True),
    ("group_th", "--group", "ชื่อกลุ่ม / the group, e.g. กลุ่มนโยบายและแผน", True),
    ("officer_name_th", "--officer-name", "ชื่อ-สกุลผู้จัดทำคู่มือ / the first officer's full name", True),
    ("officer_position_th", "--officer-position", "ตำแหน่ง / the officer's position", True),
    ("officer_id", "--officer-id", "รหัสบุคลากร (a-z 0-9 -) / the officer's id, e.g. somchai-j "
     "(default: from --officer-name-en, else officer-1)", False),
    ("fiscal_year", "--fiscal-year", "ปีงบประมาณ พ.ศ. (ต.ค.–ก.ย.) / fiscal year, Buddhist era, October–September "
     "(default: the current one)", False),
    ("languages", "--languages", "ภาษา th หรือ th,en / languages (default: th)", False),
    ("name_en", "--name-en", "the office's English name (empty: none)", False),
]


def _cmd_init(args: argparse.Namespace) -> int:
    from generator.init import (InitError, OfficeAnswers, ask_answers, check_fiscal_year, check_languages,
                                check_officer_id, init_office, officer_id_from)  # deferred: Jinja2, PyYAML (the office templates)

    folder = args.dir if args.dir is not None else args.root
    try:
        if args.example:
            written = init_office(folder, example=True)
        else:
            given = {attr: getattr(args, attr) for attr, _flag, _question, _required in _INIT_QUESTIONS}
            given["officer_name_en"] = args.officer_name_en
            if (Path(folder) / "office.yml").exists():
                raise InitError(f"{folder} already has office.yml; nothing was written — choose an empty folder, "
                                "or move office.yml, procedures/, officers/ and manuals/ away first")
            if sys.stdin.isatty() and not args.no_input:
                print("handbook init: a few questions about the office (Enter takes the value in brackets; "
                      "Ctrl+C leaves without writing anything)", file=sys.stderr)
                try:
                    values = ask_answers(given, say=lambda text: print(text, file=sys.stderr))
                except EOFError:  # Ctrl+D: take the flags and answers given so far
                    print(file=sys.stderr)
                    values = {k: v for k, v in given.items() if v is not None}
            else:
                values = {k: v for k, v in given.items() if v is not None}
            if not values.get("officer_id") and values.get("officer_name_en"):
                values["officer_id"] = officer_id_from(values["officer_name_en"]) or "officer-1"
            missing = [flag for attr, flag, _q, required in _INIT_QUESTIONS if required and not values.get(attr)]
            if missing:
                print(f"handbook init: give {', '.join(missing)} (or run it in a terminal to be asked); "
                      "nothing was written", file=sys.stderr)
                return 2
            checks = (("fiscal_year", "--fiscal-year", check_fiscal_year), ("languages", "--languages", check_languages),
                      ("officer_id", "--officer-id", check_officer_id))
            for attr, flag, check in checks:
                if isinstance(values.get(attr), str):
                    value, why = check(values[attr])
                    if value is None:
                        print(f"handbook init: {flag} {why}", file=sys.stderr)
                        return 2
                    values[attr] = value
            languages = values.pop("languages", ["th"])
            for attr in ("short_name_en", "group_en", "officer_position_en", "address_th",
                         "address_en", "phone", "email", "website", "handbook_url", "numerals"):
                if getattr(args, attr, None):
                    values[attr] = getattr(args, attr)
            written = init_office(folder, OfficeAnswers(languages=languages, **values))
    except InitError as exc:
        print(f"handbook init: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nhandbook init: stopped (Ctrl+C); nothing was written in {folder}", file=sys.stderr)
        return 130
    for path in written:
        print(path)
    print(f"handbook init: {len(written)} file(s) written in {folder}; next: handbook --root {folder} check, "
          "then handbook --root {folder} build".replace("{folder}", str(folder)), file=sys.stderr)
    return 0


def _cmd_edit(args: argparse.Namespace) -> int:
    from generator.editor.files import EditorError  # deferred: ruamel.yaml and the editor, for handbook edit only
    from generator.editor.server import run  # deferred: the editor's server, for handbook edit only

    try:
        return run(args.root, host=args.host, port=args.port, browser=not args.no_browser)
    except EditorError as exc:
        print(f"handbook edit: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"handbook edit: cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
              "try another --port", file=sys.stderr)
        return 2


def _cmd_users(args: argparse.Namespace) -> int:
    import getpass

    from generator.editor import auth  # deferred: argon2, for handbook users only

    root = args.root
    if args.action == "list":
        for officer in auth.load_users(root):
            print(officer)
        return 0
    if not args.officer:
        print("handbook users: give the officer id, e.g. handbook users add somchai-j", file=sys.stderr)
        return 2
    if args.action == "remove":
        if not auth.remove_user(root, args.officer):
            print(f'handbook users: "{args.officer}" has no password', file=sys.stderr)
            return 2
        print(f"handbook users: {args.officer} removed", file=sys.stderr)
        return 0
    if not (Path(root) / "officers" / f"{args.officer}.yml").exists():
        print(f'handbook users: "{args.officer}" is not an officer (no officers/{args.officer}.yml)', file=sys.stderr)
        return 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"รหัสผ่านของ / password for {args.officer}: ")
        if getpass.getpass("อีกครั้ง / again: ") != password:
            print("handbook users: the two passwords differ; nothing changed", file=sys.stderr)
            return 2
    try:
        path = auth.add_user(root, args.officer, password)
    except ValueError as exc:
        print(f"handbook users: {exc}", file=sys.stderr)
        return 2
    print(f"handbook users: {args.officer} can sign in ({path}, keep it out of git)", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``handbook`` command."""
    p = argparse.ArgumentParser(prog="handbook", description="Handbook generator for Thai public offices.")
    p.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current folder)")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="validate every YAML file and cross-reference")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(func=_cmd_check)

    b = sub.add_parser("build", help="check, then build the site into site/")
    b.add_argument("--site-dir", type=Path, default=None, help="output folder (default: ROOT/site)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.set_defaults(func=_cmd_build)

    m = sub.add_parser("manual", help="make printed manuals (PDF, DOCX)")
    who = m.add_mutually_exclusive_group()
    who.add_argument("--officer", help="the personal manual of this officer id")
    who.add_argument("--group", action="store_true", help="the group manual")
    who.add_argument("--id", help="the manual with this id (manuals/<id>.yml)")
    m.add_argument("--format", help="pdf, docx or pdf,docx (default: the manual's formats)")
    m.add_argument("--lang", choices=["th", "en"], help="one language (default: the manual's languages)")
    m.add_argument("--output", type=Path, default=Path("out"), help="output folder (default: out/)")
    m.set_defaults(func=_cmd_manual)

    f = sub.add_parser("flowchart", help="draw one procedure's flowchart")
    f.add_argument("procedure", help="procedure id")
    f.add_argument("--format", choices=["svg", "png", "pdf"], default="svg")
    f.add_argument("--lang", choices=["th", "en"], default="th")
    f.add_argument("-o", "--output", type=Path, default=None, help="output file (default: out/<id>.<format>)")
    f.set_defaults(func=_cmd_flowchart)

    i = sub.add_parser("ita", help="the ITA publication kit: items, URLs, explanations, CSV and JSON")
    i.add_argument("--year", type=int, default=None, help="ITA year (BE), e.g. 2568")
    i.add_argument("--output", type=Path, default=None, help="folder for the CSV and JSON")
    i.set_defaults(func=_cmd_ita)

    im = sub.add_parser("import", help="draft procedure YAML from existing manuals (DOCX, PDF, text)")
    im.add_argument("sources", nargs="*", type=Path, help="manuals to import: .docx, .pdf, .txt or .md")
    im.add_argument("--into", type=Path, default=None, help="project folder for the drafts (default: --root)")
    im.add_argument("--force", action="store_true", help="replace draft files that already exist")
    im.add_argument("--remove-sample", action="store_true",
                    help="remove the example procedure handbook init wrote (procedures/correspondence.yml) "
                         "and its id from officers/*.yml and office.yml")
    im.add_argument("--ocr", action="store_true",
                    help="read scanned PDF pages with OCR (Tesseract with its Thai data: "
                         "apt-get install ocrmypdf tesseract-ocr-tha)")
    im.add_argument("--repair-text", metavar="FILE", default=None,
                    help="print FILE with its Thai text repaired, line for line, and stop")
    im.set_defaults(func=_cmd_import)

    s = sub.add_parser("schema", help="export the JSON Schemas into schema/")
    s.set_defaults(func=_cmd_schema)

    v = sub.add_parser("serve", help="serve the built site on localhost for preview")
    v.add_argument("--site-dir", type=Path, default=None)
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 opens it to the network)")
    v.set_defaults(func=_cmd_serve)

    e = sub.add_parser("edit", help="edit the handbook in the browser (a local web editor)")
    e.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    e.add_argument("--host", default="127.0.0.1",
                   help="address (default 127.0.0.1: this computer only; 0.0.0.0 opens it to the office network "
                        "and needs sign-in: handbook users add)")
    e.add_argument("--no-browser", action="store_true", help="do not open the browser")
    e.set_defaults(func=_cmd_edit)

    u = sub.add_parser("users", help="officers who may sign in to handbook edit on the office network")
    u.add_argument("action", choices=["add", "remove", "list"])
    u.add_argument("officer", nargs="?", help="officer id (officers/<id>.yml)")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    u.set_defaults(func=_cmd_users)

    n = sub.add_parser("init", help="start a new office: office.yml, one procedure, one officer, a manual")
    n.add_argument("dir", nargs="?", type=Path, default=None, help="folder of the new office (default: --root)")
    n.add_argument("--example", action="store_true", help="copy the bundled example office instead")
    n.add_argument("--no-input", action="store_true", help="never ask: take the flags only")
    for attr, flag, question, _required in _INIT_QUESTIONS:
        n.add_argument(flag, dest=attr, default=None, help=question)
    n.add_argument("--short-name-en", dest="short_name_en", help="English short name")
    n.add_argument("--group-en", dest="group_en", help="the group's English name")
    n.add_argument("--officer-name-en", dest="officer_name_en", help="the officer's name in English")
    n.add_argument("--officer-position-en", dest="officer_position_en", help="the officer's position in English")
    n.add_argument("--address", dest="address_th", help="postal address (Thai)")
    n.add_argument("--address-en", dest="address_en", help="postal address (English)")
    n.add_argument("--phone", help="telephone number")
    n.add_argument("--email", help="e-mail address")
    n.add_argument("--website", help="the office's website, https://…")
    n.add_argument("--handbook-url", dest="handbook_url", help="where the handbook site will be published, https://…")
    n.add_argument("--numerals", choices=["thai", "arabic"], help="digits of Thai documents (default thai)")
    n.set_defaults(func=_cmd_init)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the ``handbook`` command with ``argv``; return the exit code (see the module docstring).

    Never raises for bad input or a failure inside the generator: problems
    in the office's files are reported as file:line:col lines (exit 1); an
    unexpected exception prints one line naming a log file that holds the
    traceback (exit 3).
    """
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(f"handbook {args.command}: interrupted", file=sys.stderr)
        return 130
    except CheckFailed as exc:  # e.g. ita/criteria.yml, read by build and ita
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"handbook {args.command}: stopped, the files above have errors", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — the safety net: one line, traceback in a log file
        log = _write_error_log(args.root, exc)
        what = " ".join(f"{type(exc).__name__}: {exc}".split())
        if len(what) > 300:
            what = what[:300] + " …"
        print(f"handbook {args.command}: unexpected error ({what}); the details are in {log} — "
              "please send that file to whoever looks after the handbook", file=sys.stderr)
        return 3


ERROR_LOG = Path(".cache") / "handbook-error.log"
"""Where the traceback of an unexpected error goes, relative to the project folder."""


def _write_error_log(root: Path, exc: BaseException) -> Path:
    """Write the traceback of ``exc`` to ``root/.cache/handbook-error.log``, else to a temporary file; return its path."""
    import datetime as _dt
    import tempfile
    import traceback

    text = (f"handbook {' '.join(sys.argv[1:])}\n{_dt.datetime.now().isoformat(timespec='seconds')}\n\n"
            + "".join(traceback.format_exception(exc)))
    try:
        path = Path(root).resolve() / ERROR_LOG
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        fd, name = tempfile.mkstemp(prefix="handbook-error-", suffix=".log")
        with open(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return Path(name)
