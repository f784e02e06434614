"""The ``handbook`` command line.

Sub-commands: ``check`` (validate the YAML), ``build`` (site into ``site/``),
``schema`` (export JSON Schemas), ``serve`` (preview the built site).
Exit codes: 0 success, 1 errors in the YAML or a failed build, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import CheckFailed, to_json
from .loader import load_handbook


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
    from .schema import write_schemas

    for path in write_schemas(args.root / "schema"):
        print(path)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

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
    print(f"handbook build: site written to {result}; open {result / 'index.html'}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .build import serve

    return serve(args.root, site_dir=args.site_dir, port=args.port)


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

    s = sub.add_parser("schema", help="export the JSON Schemas into schema/")
    s.set_defaults(func=_cmd_schema)

    v = sub.add_parser("serve", help="serve the built site on localhost for preview")
    v.add_argument("--site-dir", type=Path, default=None)
    v.add_argument("--port", type=int, default=8000)
    v.set_defaults(func=_cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the ``handbook`` command with ``argv``; return the exit code."""
    args = parser().parse_args(argv)
    return args.func(args)
