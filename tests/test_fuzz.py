"""Fuzz test (issue 14): mutated copies of the example office never crash the loader or ``check``,
and every error names a file, line and column.  Bounded to ~30 s here; ``make fuzz`` (bench/fuzz.py)
runs 2,000 inputs."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "fuzz.py"


def _harness():
    spec = importlib.util.spec_from_file_location("handbook_fuzz", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mutations_change_the_files():
    """The harness really mutates (so the fuzz test below cannot pass by loading the originals)."""
    fuzz = _harness()
    rng = random.Random(3)
    text = (fuzz.EXAMPLE / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8")
    changed = [fuzz.mutate(text, rng)[0] != text for _ in range(50)]
    assert sum(changed) >= 45


def test_fuzz_loader_and_check():
    fuzz = _harness()
    problems: list[str] = []
    counts = fuzz.run(inputs=400, seconds=30, seed=random.SystemRandom().randrange(10**6), report=problems.append)
    assert counts["inputs"] >= 50
    assert counts["clear"] > 0  # the mutations do produce errors
    assert problems == [], "\n\n".join(problems[:5])
