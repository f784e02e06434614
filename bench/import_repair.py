"""Import benchmark (c): Thai text repair — on real extracted text, and on text broken on purpose.

First, the real damage: every pair of ``tests/fixtures/import/real_damage.tsv``
(hand-checked; words quoted in issue 19 from a real published manual, and the
seeds' wording as poppler's pdftotext extracts it from PDFs that LibreOffice
made in four Thai fonts) is repaired on its own and counted restored when it
comes back exactly; the sound lines of the seeds (/work/shared/seeds, when
present) are repaired and every word changed is counted (the rule: none).

Takes the Thai sentences of the example procedures (tests/fixtures/example),
breaks about one word in four in one of the ways legacy PDF fonts and
exporters break Thai — SARA AM split into NIKHAHIT + SARA AA or into a space +
SARA AA, a tone mark put before its vowel or a vowel displaced onto the next
consonant, glyphs in the private-use area U+F700–U+F71A, a space inside a
word, a doubled mark — repairs the text with
:func:`generator.importers.thai_repair.repair_text`, and prints the share of
broken words restored (the word's characters come back unchanged, compared
by character alignment), per kind of damage, and the share of unbroken words
the repair changed (false repairs).

Run: ``.venv/bin/python bench/import_repair.py [--sentences N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pythainlp.tokenize import word_tokenize  # noqa: E402

from generator.importers.thai_repair import PUA_MAP, repair_text  # noqa: E402
from generator.model.loader import iter_texts, require_handbook  # noqa: E402

UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
TO_PUA = {}
for pua, char in PUA_MAP.items():
    TO_PUA.setdefault(char, pua)


def _am_split(w):
    return w.replace("\u0e33", "\u0e4d\u0e32", 1) if "\u0e33" in w else None


def _am_space(w):
    return w.replace("\u0e33", " \u0e32", 1) if "\u0e33" in w else None


def _tone_first(w):
    m = re.search(f"([{UPPER}\u0e38\u0e39])([{TONES}])", w)
    return w[:m.start()] + m.group(2) + m.group(1) + w[m.end():] if m else None


def _displaced(w):
    m = re.search(f"([\u0e01-\u0e2e])([{UPPER}])([{TONES}])([\u0e01-\u0e2e])", w)
    return w[:m.start()] + m.group(1) + m.group(3) + m.group(4) + m.group(2) + w[m.end():] if m else None


def _pua(w):
    chars = [c for c in w if c in TO_PUA and c not in "\u0e10\u0e0d"]
    return "".join(TO_PUA.get(c, c) if c in chars else c for c in w) if chars else None


def _space(w, rnd=random.Random(0)):
    cuts = [i for i in range(2, len(w) - 1) if re.match(r"[\u0e01-\u0e2e\u0e40-\u0e44]", w[i])]
    if len(w) < 4 or not cuts:
        return None
    i = rnd.choice(cuts)
    return w[:i] + " " + w[i:]


def _doubled(w):
    m = re.search(f"[{TONES}]", w)
    return w[:m.end()] + m.group(0) + w[m.end():] if m else None


def _misplaced(w):
    """The marks of a consonant written after the letter that follows it (จัด → จดั), as extractors
    that sort glyphs by x write them."""
    m = re.search(f"([\u0e01-\u0e2e])([{UPPER}\u0e38\u0e39{TONES}]+)([\u0e01-\u0e2e\u0e40-\u0e44])", w)
    return w[:m.start()] + m.group(1) + m.group(3) + m.group(2) + w[m.end():] if m else None


def _replacement(w, rnd=random.Random(2)):
    """One Thai letter or mark that the extractor could not map: U+FFFD."""
    at = [i for i, c in enumerate(w) if "\u0e01" <= c <= "\u0e4e"]
    if len(w) < 3 or not at:
        return None
    i = rnd.choice(at)
    return w[:i] + "\ufffd" + w[i + 1:]


DAMAGES = {"ำ → ํา": _am_split, "ำ → space+า": _am_space, "tone before vowel": _tone_first,
           "vowel displaced": _displaced, "private-use glyphs": _pua, "space inside word": _space,
           "doubled mark": _doubled, "mark after next letter": _misplaced, "U+FFFD": _replacement}


def real_pairs() -> int:
    """Repair the hand-checked real pairs; print the share restored (exactly), per source."""
    import unicodedata

    path = ROOT / "tests" / "fixtures" / "import" / "real_damage.tsv"
    per: dict[str, list[int]] = {}
    misses = []
    sound_changed = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        damaged, correct, source = line.split("\t")
        kind = "issue 19 (real manual)" if source == "issue-19" else "pdftotext of the seeds' wording"
        ok = repair_text(damaged) == unicodedata.normalize("NFC", correct)
        per.setdefault(kind, [0, 0])
        per[kind][0] += ok
        per[kind][1] += 1
        sound_changed += repair_text(correct) != correct
        if not ok:
            misses.append(f"{damaged} → {repair_text(damaged)} (want {correct})")
    ok = sum(v[0] for v in per.values())
    total = sum(v[1] for v in per.values())
    print(f"real extracted damage ({path.relative_to(ROOT)}): {ok}/{total} restored ({100 * ok / total:.1f} %); "
          f"correct forms changed: {sound_changed}/{total}")
    for kind, (k, n) in per.items():
        print(f"  {kind:32s} {k:3d}/{n:<3d}")
    for m in misses:
        print("  missed:", m)
    return ok


def seeds_sound() -> None:
    """Repair every Thai line of the seeds (their text is sound): count the words changed."""
    import time

    seeds = next((p for p in (Path("/work/shared/seeds"), ROOT.parent / "shared" / "seeds") if p.is_dir()), None)
    if seeds is None:
        print("seeds: no /work/shared/seeds or ../shared/seeds: skipped")
        return
    lines = [x for f in sorted(seeds.glob("*.txt")) for x in f.read_text(encoding="utf-8").split("\n")
             if re.search("[\u0e01-\u0e4e]", x)]
    start = time.process_time()
    changed_letters, changed_spaces = [], 0
    for line in lines:
        fixed = repair_text(line)
        if fixed == line:
            continue
        if fixed.replace(" ", "") == line.replace(" ", ""):
            changed_spaces += 1
        else:
            sm = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
            changed_letters += [f"{line[max(0, i1 - 2):i2 + 2]!r}→{fixed[max(0, j1 - 2):j2 + 2]!r}"
                                for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    cpu = time.process_time() - start
    print(f"seeds' text ({len(lines)} Thai lines of {seeds}): letters changed in {len(changed_letters)} place(s) "
          f"{' '.join(changed_letters)}; lines where only a space between two words was removed: {changed_spaces}; "
          f"{cpu:.1f} s CPU")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    real_pairs()
    seeds_sound()
    print()
    rnd = random.Random(args.seed)
    handbook = require_handbook(ROOT / "tests" / "fixtures" / "example")
    sentences = []
    for p in handbook.procedures.values():
        for _loc, text in iter_texts(p):
            th = text.get("th")
            if th and len(th) > 20 and re.search("[\u0e01-\u0e4e]", th):
                sentences.append(th)
    rnd.shuffle(sentences)
    sentences = sentences[: args.sentences]
    per = {k: [0, 0] for k in DAMAGES}
    clean_total = clean_changed = 0
    lines_equal = 0
    for sentence in sentences:
        words = word_tokenize(sentence, engine="newmm")
        broken_words, spans, kinds = [], [], []
        at = 0
        for w in words:
            kind = None
            if re.search("[\u0e01-\u0e4e]", w) and rnd.random() < 0.25:
                options = [(k, f(w)) for k, f in DAMAGES.items()]
                options = [(k, b) for k, b in options if b and b != w]
                if options:
                    kind, b = rnd.choice(options)
                    broken_words.append(b)
            if kind is None:
                broken_words.append(w)
            spans.append((at, at + len(w)))
            kinds.append(kind)
            at += len(w)
        broken = "".join(broken_words)
        repaired = repair_text(broken)
        lines_equal += repaired == sentence
        equal = [False] * len(sentence)
        inserted = set()  # positions in the sentence before which the repair left extra characters
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, sentence, repaired, autojunk=False).get_opcodes():
            if tag == "equal":
                for i in range(i1, i2):
                    equal[i] = True
            elif tag == "insert":
                inserted.add(i1)
        # a word is restored when its characters come back and nothing is left inside it
        for (s, e), kind, w in zip(spans, kinds, words):
            ok = all(equal[s:e]) and not any(s < i < e for i in inserted)
            if kind:
                per[kind][1] += 1
                per[kind][0] += ok
                if args.show and not ok:
                    print(f"  {kind}: {w!r} → {repaired[max(0, s - 3):e + 3]!r}")
            elif re.search("[\u0e01-\u0e4e]", w):
                clean_total += 1
                clean_changed += not ok
                if args.show and not ok:
                    print(f"  unbroken word changed: {w!r} → {repaired[max(0, s - 3):e + 3]!r} (in {broken!r})")
    restored = sum(v[0] for v in per.values())
    total = sum(v[1] for v in per.values())
    print(f"{len(sentences)} sentences, {total} words broken: {restored}/{total} restored ({100 * restored / total:.1f} %); "
          f"{lines_equal}/{len(sentences)} sentences fully restored")
    for kind, (ok, n) in per.items():
        if n:
            print(f"  {kind:20s} {ok:4d}/{n:<4d} ({100 * ok / n:5.1f} %)")
    print(f"unbroken Thai words changed by the repair: {clean_changed}/{clean_total} "
          f"({100 * clean_changed / max(1, clean_total):.1f} %)")
    kept = sum(repair_text(x).count(" ") >= x.count(" ") for x in sentences)
    print(f"unbroken sentences (spaces between words as written) left as they were: "
          f"{sum(repair_text(x) == x for x in sentences)}/{len(sentences)}; spaces all kept in {kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
