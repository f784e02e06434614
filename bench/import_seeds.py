"""Import benchmark (b): the real manuals in /work/shared/seeds (text extracted from PDF/DOCX).

Imports seeds 000 (a group director's manual, many procedures), 001 (a personal
manual, procedures with a flowchart table) and 003 (a personal manual made of
work-standard tables) and compares what was found with the hand-made example
procedures that came from them (tests/fixtures/example): procedures found,
how many match an example procedure by title, and for the matched ones which
parts are filled in the draft and in the example.  The seeds hold real names:
nothing of them is printed but titles and counts.

Run: ``.venv/bin/python bench/import_seeds.py [SEEDS_DIR]`` (default /work/shared/seeds,
or ../shared/seeds beside the clone).
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.importers.run import import_sources  # noqa: E402
from generator.model.loader import require_handbook  # noqa: E402

PARTS = ["objectives", "scope", "definitions", "steps", "durations", "responsible", "standards",
         "indicators", "outcomes", "forms", "references", "legal_basis"]


def seeds_dir() -> Path | None:
    for candidate in ([Path(sys.argv[1])] if len(sys.argv) > 1 else []) + [
            Path("/work/shared/seeds"), ROOT.parent / "shared" / "seeds"]:
        if candidate.is_dir():
            return candidate
    return None


def parts_of_draft(data: dict) -> set[str]:
    out = {k for k in ("objectives", "scope", "definitions", "indicators", "outcomes", "forms", "references",
                       "legal_basis") if data.get(k) and data[k] != ["(ยังไม่ได้ระบุ)"]}
    steps = [s for s in data.get("steps", []) if s.get("text") != "(ยังไม่ได้ระบุ)"]
    if steps:
        out.add("steps")
    for key, name in (("duration", "durations"), ("responsible", "responsible"), ("standard", "standards")):
        if any(key in s for s in steps):
            out.add(name)
    return out


def parts_of_procedure(p) -> set[str]:
    out = {k for k in ("objectives", "scope", "definitions", "indicators", "outcomes", "forms", "references",
                       "legal_basis") if getattr(p, k)}
    out.add("steps")
    for key, name in (("duration", "durations"), ("responsible", "responsible"), ("standard", "standards")):
        if any(getattr(s, key) for s in p.steps):
            out.add(name)
    return out


#: Headings as a reader finds them in the raw text (a short line starting with the heading's words,
#: after any Markdown marks and item number): what the text has, counted independently of the importer.
TEXT_HEADINGS = {
    "objectives": r"วัตถุประสงค์",
    "scope": r"ขอบเขต|ขอบข่าย",
    "definitions": r"คำจำกัดความ|นิยามศัพท์|คำนิยาม",
    "steps": r"ขั้นตอนการปฏิบัติงาน|ขั้นตอนการดำเนินงาน|ขั้นตอนการปฏิบัติ$",
    "flowchart": r"flow\s*chart|ผังขั้นตอน|แผนผัง",
    "indicators": r"ตัวชี้วัด",
    "references": r"เอกสาร\s*/?\s*หลักฐาน|เอกสารอ้างอิง",
}


def text_has(path: Path) -> dict[str, int]:
    """Per part, the number of heading lines in the raw text of ``path`` that name it."""
    import re

    counts = {k: 0 for k in TEXT_HEADINGS}
    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = re.sub(r"^[\s#*\-•○●▪➤►]*(?:\(?[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[.)]?\s*)?", "", raw).strip(" *")
        if not line or len(line) > 60 or "\t" in raw or "…" in line or re.search(r"\s[0-9๐-๙]+$", line):
            continue  # not a heading: a table row, a contents line with its page number
        for key, pattern in TEXT_HEADINGS.items():
            if re.match(pattern, line, re.IGNORECASE):
                counts[key] += 1
                break
    return counts


def structure(seeds: Path) -> None:
    """Per seed: the parts its text has (heading lines) against the parts the drafts found, and the steps."""
    from generator.importers.writer import to_yaml

    print("structure per seed: parts the text has (heading lines) → procedures whose draft has the part")
    for prefix in ("000", "001", "003"):
        for path in sorted(seeds.glob(f"{prefix}_*.txt")):
            with tempfile.TemporaryDirectory() as tmp:
                result = import_sources([path], Path(tmp))
            procs = [d for d in result.drafts if d.kind == "procedure"]
            has = text_has(path)
            got = {k: 0 for k in TEXT_HEADINGS}
            for d in procs:
                data = d.data
                for k in ("objectives", "scope", "indicators", "references"):
                    got[k] += bool(data.get(k)) and data[k] != ["(ยังไม่ได้ระบุ)"]
                got["definitions"] += bool(data.get("definitions"))
                got["steps"] += any(s.get("text") != "(ยังไม่ได้ระบุ)" for s in data.get("steps", []))
                got["flowchart"] += "picture" in to_yaml(d) or "ผัง" in d.steps_from
            steps = [len(d.data.get("steps", [])) for d in procs]
            print(f"  seed {prefix}: {len(procs)} procedures; steps per procedure {steps}")
            print("    " + "; ".join(f"{k} {has[k]} → {got[k]}" for k in TEXT_HEADINGS)
                  + "  (flowchart: a picture noted with a # TODO, or steps read from a flowchart table)")
            sources = sorted({d.steps_from.split(' (')[0].split(' under')[0] for d in procs if d.steps_from})
            print("    steps taken from: " + " | ".join(sources))


def main() -> int:
    seeds = seeds_dir()
    if seeds is None:
        print("no seeds folder (/work/shared/seeds or ../shared/seeds): skipped")
        return 0
    handbook = require_handbook(ROOT / "tests" / "fixtures" / "example")
    examples = {p.title.get("th"): p for p in handbook.procedures.values()}
    matched_total = found_total = 0
    filled = {k: [0, 0] for k in PARTS}  # part → [in draft and example, in example]
    extra = {k: 0 for k in PARTS}
    for prefix in ("000", "001", "003"):
        files = sorted(seeds.glob(f"{prefix}_*.txt"))
        if not files:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            result = import_sources(files, Path(tmp))
        procs = [d for d in result.drafts if d.kind == "procedure"]
        officer = next((d for d in result.drafts if d.kind == "officer"), None)
        matched = 0
        for d in procs:
            close = difflib.get_close_matches(d.data["title"], list(examples), n=1, cutoff=0.6)
            if not close:
                continue
            matched += 1
            want, got = parts_of_procedure(examples[close[0]]), parts_of_draft(d.data)
            for k in PARTS:
                if k in want:
                    filled[k][1] += 1
                    filled[k][0] += k in got
                elif k in got:
                    extra[k] += 1
        found_total += len(procs)
        matched_total += matched
        who = "personal manual (officer found: " + ", ".join(officer.found) + ")" if officer and officer.data.get(
            "name") != "(ยังไม่ได้ระบุ)" else "group manual (no officer named)"
        print(f"seed {prefix}: {len(procs)} procedures found, {matched} match an example procedure by title; {who}"
              + ("; errors: " + " | ".join(result.errors) if result.errors else ""))
    print(f"all: {found_total} procedures found, {matched_total} matched to example procedures")
    structure(seeds)
    print("parts filled in the drafts, where the example procedure has them (drafts also filling parts the example lacks);")
    print("the example procedures were completed by hand: the seeds themselves mostly lack times, roles, forms and laws")
    for k in PARTS:
        have, want = filled[k]
        if want:
            print(f"  {k:12s} {have:3d}/{want:<3d} ({100 * have / want:5.1f} %)" + (f"  +{extra[k]}" if extra[k] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
