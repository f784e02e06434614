"""The ``handbook`` command line.

Sub-commands: ``check`` (validate the YAML), ``build`` (site and manuals into
``site/``), ``manual`` (printed manuals), ``flowchart`` (one procedure's
chart), ``ita`` (the ITA publication kit), ``schema`` (export JSON Schemas),
``serve`` (preview the built site).
Exit codes: 0 success, 1 errors in the YAML or a failed build, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.model.diagnostics import CheckFailed, to_json
from generator.model.loader import load_handbook


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
    if failed:
        print(f"handbook check: {summary}" + (" (--strict: warnings count as errors)" if not errors else ""),
              file=sys.stderr)
        return 1
    print(f"handbook check: OK, {summary}", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from generator.model.schema import write_schemas

    for path in write_schemas(args.root / "schema"):
        print(path)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from generator.build import build

    try:
        result = build(args.root, site_dir=args.site_dir, strict=args.strict)
    except CheckFailed as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
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
    return 0


def _loaded(args: argparse.Namespace):
    from generator.model.loader import load_handbook

    handbook, diagnostics = load_handbook(args.root)
    if handbook is None:
        for d in diagnostics:
            print(d.format(), file=sys.stderr)
        print("stopped: the YAML has errors (run handbook check)", file=sys.stderr)
    return handbook


def _cmd_manual(args: argparse.Namespace) -> int:
    import time

    from generator.manuals.jobs import jobs_for, make_manuals

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
        print("no manual definition matches: add one in manuals/<id>.yml (see the bundled ones)", file=sys.stderr)
        return 2
    formats = args.format.split(",") if args.format else None
    jobs = jobs_for(handbook, ids, [args.lang] if args.lang else None, formats)
    start = time.perf_counter()
    for job, seconds in make_manuals(handbook, args.output, jobs):
        print(f"{args.output / job.target}  ({seconds:.1f} s)")
    print(f"handbook manual: {len(jobs)} file(s) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def _cmd_flowchart(args: argparse.Namespace) -> int:
    from generator.flowchart import flowchart_command

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
    from generator.ita.kit import ita_command

    handbook = _loaded(args)
    if handbook is None:
        return 1
    return ita_command(handbook, args.root, args.year, args.output)


def _cmd_serve(args: argparse.Namespace) -> int:
    from generator.build import serve

    return serve(args.root, site_dir=args.site_dir, port=args.port, host=args.host)


def _cmd_import(args: argparse.Namespace) -> int:
    from generator.importers.run import import_sources
    from generator.importers.thai_repair import repair_text

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
    if not args.sources:
        print("handbook import: give the manuals to import (.docx, .pdf, .txt, .md), or --repair-text FILE",
              file=sys.stderr)
        return 2
    into = args.into if args.into is not None else args.root
    result = import_sources(args.sources, into, force=args.force)
    for line in result.report:
        print(line)
    for line in result.errors:
        print(line, file=sys.stderr)
    if result.written:
        print(f"handbook import: {len(result.written)} draft file(s) written; look for # TODO in them, "
              "then run handbook check", file=sys.stderr)
    return 1 if result.errors else 0


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
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the ``handbook`` command with ``argv``; return the exit code."""
    args = parser().parse_args(argv)
    return args.func(args)
