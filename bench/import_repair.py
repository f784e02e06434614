"""Import benchmark (c): Thai text repair on text broken on purpose.

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


DAMAGES = {"ำ → ํา": _am_split, "ำ → space+า": _am_space, "tone before vowel": _tone_first,
           "vowel displaced": _displaced, "private-use glyphs": _pua, "space inside word": _space,
           "doubled mark": _doubled}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
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
