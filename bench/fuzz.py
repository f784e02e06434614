"""Fuzzing the loader and ``handbook check`` with mutated copies of the example office.

Each input is one file of ``tests/fixtures/example`` (office, procedures, officers, manuals,
ITA criteria) changed by one to three random mutations — a line deleted, duplicated or
re-indented, two characters swapped, a scalar replaced by a list, a mapping, a number, a huge
number, null, a date or a boolean, the file truncated, a YAML special character or a stray Thai
combining mark inserted — then the whole project is loaded and checked
(:func:`generator.model.loader.load_handbook`, as ``handbook check`` does).

Each input ends in one of:

* ``clean`` — no error;
* ``clear`` — errors, every one with a file, line and column;
* ``no location`` — an error without a line;
* ``crash`` — an exception (a traceback for the user).

Targets (issue 14): 0 crashes in ≥ 2,000 inputs, every error with a location.

Run: ``.venv/bin/python bench/fuzz.py [--inputs 2000] [--seconds N] [--seed 1]``; prints the
counts and each failing input (seed, file, mutations) so that it can be replayed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.model.loader import load_handbook  # noqa: E402

EXAMPLE = ROOT / "tests" / "fixtures" / "example"
THAI_MARKS = ["\u0e31", "\u0e34", "\u0e47", "\u0e48", "\u0e49", "\u0e4a", "\u0e4b", "\u0e4c", "\u0e3a", "\u0e38"]
SPECIALS = [":", ": ", "{", "}", "[", "]", '"', "'", "&a ", "*a", "!!int ", "!", "#", "|", ">", "- ", "\t", "?",
            "%", "@", "`", "\\", "---\n", "\\0", "\\ud800", ",", "<<: "]
REPLACEMENTS = ["[1, 2]", "{a: b}", "{th: x, en: [1]}", "12", "-7", "3.5", "1e400", "9" * 60, "null", "~", "",
                "2025-02-30", "2025-10-01", "true", "no", "[]", "{}", '"\\x07"', "0x1F", ".nan", "[[[[]]]]",
                "!!timestamp x", "'" + "ก" * 400 + "'", '"a\\u0000b"']


def mutate(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """Return ``text`` changed by 1–3 random mutations, and their names."""
    done = []
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        i = rng.randrange(len(lines)) if lines else 0
        kind = rng.choice(["delete", "duplicate", "indent", "dedent", "swap", "scalar", "scalar", "truncate",
                           "thai_mark", "special"])
        if kind == "delete" and lines:
            del lines[i]
        elif kind == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif kind == "indent" and lines:
            lines[i] = " " * rng.choice([1, 2, 4]) + lines[i]
        elif kind == "dedent" and lines:
            lines[i] = lines[i][rng.choice([1, 2, 4]):] if lines[i].startswith(" ") else lines[i]
        elif kind == "swap" and len(text) > 2:
            j = rng.randrange(len(text) - 1)
            text = text[:j] + text[j + 1] + text[j] + text[j + 2:]
            done.append(kind)
            continue
        elif kind == "scalar" and lines:
            candidates = [k for k, line in enumerate(lines) if ": " in line or line.lstrip().startswith("- ")]
            if candidates:
                k = rng.choice(candidates)
                line = lines[k]
                head = line[: line.index(": ") + 2] if ": " in line else line[: line.index("- ") + 2]
                lines[k] = head + rng.choice(REPLACEMENTS)
        elif kind == "truncate" and len(text) > 1:
            text = text[: rng.randrange(len(text))]
            done.append(kind)
            continue
        elif kind == "thai_mark" and text:
            j = rng.randrange(len(text))
            text = text[:j] + "".join(rng.choices(THAI_MARKS, k=rng.randint(1, 3))) + text[j:]
            done.append(kind)
            continue
        elif kind == "special" and text:
            j = rng.randrange(len(text))
            text = text[:j] + rng.choice(SPECIALS) + text[j:]
            done.append(kind)
            continue
        text = "\n".join(lines)
        done.append(kind)
    return text, done


def targets(project: Path) -> list[Path]:
    """The files to mutate: every YAML file of the project."""
    return sorted(p for p in project.rglob("*.yml") if p.name != "mkdocs.yml")


def classify(project: Path) -> tuple[str, str]:
    """Load and check ``project``; return (outcome, detail)."""
    try:
        _handbook, diagnostics = load_handbook(project)
    except Exception:  # noqa: BLE001 - a crash is what the fuzzer looks for
        return "crash", traceback.format_exc(limit=-3)
    errors = [d for d in diagnostics if d.severity == "error"]
    if not errors:
        return "clean", ""
    unlocated = [d for d in errors if d.line <= 0]
    if unlocated:
        return "no location", unlocated[0].format()
    return "clear", errors[0].format()


def run(inputs: int, seconds: float | None = None, seed: int = 1, report=print) -> Counter:
    """Fuzz ``inputs`` inputs (or until ``seconds`` have passed); return the outcome counts.

    ``report`` is called with a description of every crash and every error without a location.
    """
    rng = random.Random(seed)
    counts: Counter = Counter()
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "office"
        shutil.copytree(EXAMPLE, project)
        files = targets(project)
        originals = {p: p.read_text(encoding="utf-8") for p in files}
        for n in range(inputs):
            if seconds is not None and time.monotonic() - start > seconds:
                break
            path = rng.choice(files)
            text, mutations = mutate(originals[path], rng)
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            outcome, detail = classify(project)
            counts[outcome] += 1
            counts["inputs"] += 1
            if outcome in ("crash", "no location"):
                report(f"[{outcome}] input {n} (seed {seed}): {path.relative_to(project)} {mutations}\n{detail}")
            path.write_text(originals[path], encoding="utf-8")
    counts["seconds"] = round(time.monotonic() - start)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = run(args.inputs, args.seconds, args.seed)
    print(f"inputs tried: {counts['inputs']}, clean: {counts['clean']}, clear errors (with location): "
          f"{counts['clear']}, errors without location: {counts['no location']}, crashes: {counts['crash']} "
          f"({counts['seconds']} s)")
    return 1 if counts["crash"] or counts["no location"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
