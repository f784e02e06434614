"""Import benchmark (a): round trip of the example office through its own printed manuals.

Writes the group manual of ``tests/fixtures/example`` (its work procedures) as DOCX
and PDF with the project's writers (generator.manuals), imports each file with
``handbook import`` (generator.importers) and compares the drafts with the YAML
they came from, field by field: title, objectives, scope, definitions (term and
meaning), every step's text, time (duration) and responsible role, indicators,
forms, references.  Prints the share of fields equal, exactly and ignoring
white space (a PDF loses the spaces at line ends: Thai wraps without them),
per format.  Aim (issue 11): at least 95 % of fields equal.

Run: ``.venv/bin/python bench/import_roundtrip.py [--manuals DIR] [--show]``
(``--manuals`` reuses manuals made before: DIR/manuals/<id>.docx and .pdf).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.importers.run import import_sources  # noqa: E402
from generator.manuals.content import manual_procedures  # noqa: E402
from generator.manuals.jobs import jobs_for, make_manuals  # noqa: E402
from generator.model.loader import require_handbook  # noqa: E402

EXAMPLE = ROOT / "tests" / "fixtures" / "example"
MANUAL = "policy-planning-group"


def _norm(text) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = re.sub(r"\s+", " ", text).strip()
    return "" if text in ("-", "–") else text


def fields(title, objectives, scope, definitions, steps, indicators, forms, references) -> dict[str, str]:
    """Flatten one procedure into named comparable fields (``"steps[3].duration"`` → text)."""
    out = {"title": title}
    for name, items in (("objectives", objectives), ("scope", scope), ("indicators", indicators),
                        ("forms", forms), ("references", references)):
        for i, x in enumerate(items):
            out[f"{name}[{i}]"] = x
    for i, (term, meaning) in enumerate(definitions):
        out[f"definitions[{i}].term"] = term
        out[f"definitions[{i}].meaning"] = meaning
    for i, (text, duration, responsible) in enumerate(steps):
        out[f"steps[{i}].text"] = text
        out[f"steps[{i}].duration"] = duration
        out[f"steps[{i}].responsible"] = responsible
    return {k: _norm(v) for k, v in out.items()}


def original_fields(procedure) -> dict[str, str]:
    th = lambda t: t.get("th") if t is not None else None  # noqa: E731
    return fields(th(procedure.title), [th(x) for x in procedure.objectives], [th(x) for x in procedure.scope],
                  [(th(d.term), th(d.meaning)) for d in procedure.definitions],
                  [(th(s.text), th(s.duration), th(s.responsible)) for s in procedure.steps],
                  [th(x) for x in procedure.indicators], [th(x) for x in procedure.forms],
                  [th(x) for x in procedure.references])


def draft_fields(data: dict) -> dict[str, str]:
    return fields(data.get("title"), data.get("objectives", []), data.get("scope", []),
                  [(d["term"], d["meaning"]) for d in data.get("definitions", [])],
                  [(s.get("text"), s.get("duration"), s.get("responsible")) for s in data.get("steps", [])],
                  data.get("indicators", []), data.get("forms", []), data.get("references", []))


def compare(procedures, drafts, show: bool) -> tuple[int, int, int, int]:
    """(fields, equal, equal ignoring white space, procedures found) for the drafts of one import.

    ``procedures``: those the manual holds (the group manual leaves the services out: they
    have their own service manual)."""
    by_title = {_norm(d.data["title"]): d for d in drafts if d.kind == "procedure"}
    total = equal = loose = found = 0
    for procedure in procedures:
        want = original_fields(procedure)
        draft = by_title.get(_norm(procedure.title.get("th")))
        got = draft_fields(draft.data) if draft else {}
        found += draft is not None
        for key in sorted(set(want) | set(got)):
            total += 1
            a, b = want.get(key, None), got.get(key, None)
            if a == b:
                equal += 1
            if a is not None and b is not None and a.replace(" ", "") == b.replace(" ", ""):
                loose += 1
            elif show:
                print(f"  {procedure.id} {key}:\n    want {a!r}\n    got  {b!r}")
    return total, equal, loose, found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--manuals", type=Path, default=None, help="folder with manuals/<id>.docx and .pdf made before")
    parser.add_argument("--show", action="store_true", help="print every field that differs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "example"
        shutil.copytree(EXAMPLE, project)
        handbook = require_handbook(project)
        out = args.manuals
        if out is None:
            out = tmp / "out"
            start = time.perf_counter()
            make_manuals(handbook, out, jobs_for(handbook, [MANUAL], ["th"], ["docx", "pdf"]))
            print(f"manuals written in {time.perf_counter() - start:.0f} s")
        procedures = manual_procedures(handbook, handbook.manuals[MANUAL])
        ok = True
        for fmt in ("docx", "pdf"):
            start = time.perf_counter()
            result = import_sources([out / "manuals" / f"{MANUAL}.{fmt}"], tmp / f"import-{fmt}")
            seconds = time.perf_counter() - start
            total, equal, loose, found = compare(procedures, result.drafts, args.show)
            print(f"{fmt.upper()}: {found}/{len(procedures)} procedures found; "
                  f"{equal}/{total} fields equal ({100 * equal / total:.1f} %), "
                  f"{loose}/{total} ignoring white space ({100 * loose / total:.1f} %); import {seconds:.1f} s")
            ok = ok and not result.errors
            for line in result.errors:
                print("  error:", line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
