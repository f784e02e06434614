"""Repair Thai text extracted from PDFs made with legacy fonts and exporters.

Text taken out of PDFs (and pasted from them) is often damaged in a few
well-known ways; :func:`repair_text` undoes them:

1. Thai glyphs in the private-use area U+F700–U+F71A (the positional variants
   of the legacy Windows/Mac Thai fonts: lowered tone marks, vowels shifted
   left, ฐ/ญ without their tails) are mapped back to their characters;
2. SARA AM written as NIKHAHIT + SARA AA (``ํา``, Unicode's compatibility
   decomposition, or the two glyphs of the font) becomes ``ำ``; SARA AM lost to
   "space + า" (``ท า``) becomes ``ำ`` when the dictionary prefers it;
3. a tone mark written before the upper or lower vowel of its consonant
   (``ท่ี``) is put after it (``ที่``); a vowel displaced onto the next
   consonant (``ข้นั`` for ``ขั้น``, the order of glyphs sorted by position)
   is moved back when the dictionary prefers it;
4. doubled marks (``ก่่``) are written once;
5. spaces inside words — before a combining mark or a following vowel always,
   elsewhere when the dictionary recognises the joined word — are removed;
6. an upper/lower vowel or tone mark written AFTER the letter that follows its
   own consonant (``จดั`` for ``จัด``, ``ประสทิธภิาพ`` for ``ประสิทธิภาพ``,
   ``ขัน้`` for ``ขั้น``, ``ผลสมัฤทธิข์อง`` for ``ผลสัมฤทธิ์ของ``: extractors that
   sort glyphs by their x position, e.g. poppler's ``pdftotext`` on Thai fonts
   whose marks have zero advance) is moved back over its consonant, only inside
   runs the dictionary does not know and only when the moved text reads as
   dictionary words (:func:`_misplaced_marks`);
7. a replacement character U+FFFD (a glyph the extractor could not map) is
   replaced by the Thai letter or mark with which the dictionary reads the
   text as words, and kept when none does (:func:`_replacement_chars`).

A line the dictionary reads as words throughout is never changed by 6 and 7
(a sound word is never changed); the measured rates are in ``bench/import_repair.py``.

"The dictionary prefers" means: PyThaiNLP's word list segments the candidate
with fewer characters outside dictionary words (:func:`unknown_chars`).  The
PUA table follows the glyph assignment of the Microsoft/Apple Thai fonts as
documented in the Thai font encoding notes of libthai and the "Thai PUA" table
in Adobe's glyph list for new fonts (uniF700–uniF71A).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from generator.wordcut import dictionary

#: Private-use glyphs of the legacy Thai fonts → the characters they draw.
PUA_MAP: dict[str, str] = {
    "\uf700": "\u0e10", "\uf701": "\u0e34", "\uf702": "\u0e35", "\uf703": "\u0e36", "\uf704": "\u0e37",
    "\uf705": "\u0e48", "\uf706": "\u0e49", "\uf707": "\u0e4a", "\uf708": "\u0e4b", "\uf709": "\u0e4c",
    "\uf70a": "\u0e48", "\uf70b": "\u0e49", "\uf70c": "\u0e4a", "\uf70d": "\u0e4b", "\uf70e": "\u0e4c",
    "\uf70f": "\u0e0d", "\uf710": "\u0e31", "\uf711": "\u0e4d", "\uf712": "\u0e47", "\uf713": "\u0e48",
    "\uf714": "\u0e49", "\uf715": "\u0e4a", "\uf716": "\u0e4b", "\uf717": "\u0e4c", "\uf718": "\u0e38",
    "\uf719": "\u0e39", "\uf71a": "\u0e3a",
}

CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
UPPER_LOWER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"
TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
MARKS = UPPER_LOWER_VOWELS + TONES
#: Characters that never begin a word: combining marks and following vowels.
NO_START = MARKS + "\u0e30\u0e32\u0e33\u0e45"
THAI = re.compile(r"[\u0e01-\u0e4e]")

_PUA = str.maketrans(PUA_MAP)


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@functools.lru_cache(maxsize=20000)
def unknown_chars(text: str) -> int:
    """Number of Thai characters of ``text`` outside dictionary words (PyThaiNLP newmm segmentation)."""
    from pythainlp.tokenize import word_tokenize

    words = _dictionary()
    return sum(len(w) for w in word_tokenize(text, custom_dict=dictionary(), engine="newmm", keep_whitespace=False)
               if THAI.search(w) and w not in words)


def _score(text: str) -> tuple[int, int]:
    return unknown_chars(text), text.count(" ")


def _rules(text: str) -> str:
    """The repairs that need no dictionary (steps 1, 2 for ``ํา``, 3 for tone order, 4, 5 before marks)."""
    text = text.translate(_PUA)
    text = re.sub("\u0e4d\\s*\u0e32", "\u0e33", text)  # ํา / ํ า → ำ
    text = re.sub(f"([{TONES}])\u0e33", "\\1\u0e33", text)
    # a space before a combining mark or a following vowel is never right
    text = re.sub(f"(?<=[\u0e01-\u0e4e]) +(?=[{NO_START.replace(chr(0x0E32), '')}])", "", text)
    # tone mark before its vowel: canonical order is vowel, then tone
    text = re.sub(f"([{TONES}])([{UPPER_LOWER_VOWELS}])", "\\2\\1", text)
    # doubled marks
    text = re.sub(f"([{MARKS}])\\1+", "\\1", text)
    # SARA AM split with the tone mark between (ํ่า) → ่ำ
    text = re.sub(f"\u0e4d([{TONES}])\u0e32", "\\1\u0e33", text)
    return text


#: consonant, tone, consonant, vowel — and the space an extractor put after the displaced vowel
_DISPLACED = re.compile(f"([{CONSONANTS}])([{TONES}])([{CONSONANTS}])([{UPPER_LOWER_VOWELS}])( ?)")
_SPACE_AA = re.compile(f"([{CONSONANTS}][{TONES}]?) \u0e32")


def _best(text: str, pattern: re.Pattern, fix) -> str:
    """Apply ``fix`` to each match of ``pattern`` in ``text`` when the dictionary prefers the result."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if not m:
            return text
        start, end = max(0, m.start() - 12), min(len(text), m.end() + 12)
        window = text[start:end]
        fixed = window[: m.start() - start] + fix(m) + window[m.end() - start:]
        if _score(fixed) < _score(window):
            text = text[:start] + fixed + text[end:]
            pos = start + len(fixed) - (end - m.end())
        else:
            pos = m.start() + 1


def _space_aa(text: str) -> str:
    """"ท า": SARA AM lost to a space (ทำ), or a stray space before SARA AA (ทา) — the dictionary decides."""
    while True:
        m = _SPACE_AA.search(text)
        if not m:
            return text
        start, end = max(0, m.start() - 12), min(len(text), m.end() + 12)
        window = text[start:end]
        a = window[: m.start() - start] + m.group(1) + "\u0e33" + window[m.end() - start:]
        b = window[: m.start() - start] + m.group(1) + "\u0e32" + window[m.end() - start:]
        text = text[:start] + (a if (_score(a), _tokens(a)) <= (_score(b), _tokens(b)) else b) + text[end:]


def _spans(left: str, right: str) -> bool:
    """True when the dictionary segmentation of ``left + right`` has a word across their boundary."""
    from pythainlp.tokenize import word_tokenize

    at = 0
    for word in word_tokenize(left + right, custom_dict=dictionary(), engine="newmm", keep_whitespace=False):
        if at < len(left) < at + len(word):
            return word in _dictionary()
        at += len(word)
    return False


def _one_word(left: str, right: str) -> bool:
    """True when the word before the space and the word after it make one dictionary word
    that is not a common phrase of two words ("คณะ กรรมการ" → คณะกรรมการ, "ราย งาน" → รายงาน)."""
    from pythainlp.tokenize import word_tokenize

    a = word_tokenize(left, custom_dict=dictionary(), engine="newmm", keep_whitespace=False)
    b = word_tokenize(right, custom_dict=dictionary(), engine="newmm", keep_whitespace=False)
    if not a or not b:
        return False
    joined = a[-1] + b[0]
    return len(joined) >= 4 and joined in _dictionary() and joined not in _PHRASES and (
        len(a[-1]) <= 3 or len(b[0]) <= 3)


#: Dictionary entries that are also ordinary two-word phrases, kept apart when written apart.
_PHRASES = frozenset()


def _join_spaces(text: str, damaged: bool) -> str:
    """Remove a space between two Thai letters when the dictionary reads the joined text better.

    Always when one side is not made of dictionary words and joining helps; when ``damaged`` (the
    line showed other extraction damage) also when a dictionary word spans the space.
    """
    out = text
    pos = 0
    while True:
        m = re.compile(r"(?<=[\u0e01-\u0e4e]) (?=[\u0e01-\u0e2e\u0e40-\u0e44])").search(out, pos)
        if not m:
            return out
        left = out[: m.start()].rsplit(" ", 1)[-1]
        right = out[m.end():].split(" ", 1)[0]
        joined = left + right
        if (re.match(r"^[\u0e01-\u0e2e]{1,5}\.", right) or left.endswith(".")
                or re.search(r"(?:นาย|นางสาว|นาง|ดร\.|ว่าที่)[\u0e01-\u0e4e]+$", left)):
            pos = m.end()  # an abbreviation (สพฐ., กศจ.) or a person's name is written apart on purpose
            continue
        # only when one side is not a run of words by itself
        split = unknown_chars(left) + unknown_chars(right)
        if ((split and unknown_chars(joined) < split)
                or (damaged and unknown_chars(joined) <= split and _spans(left, right))
                or _one_word(left, right)):
            out = out[: m.start()] + out[m.end():]
            pos = m.start()
        else:
            pos = m.end()


def _tokens(text: str) -> int:
    from pythainlp.tokenize import word_tokenize

    return len(word_tokenize(text, custom_dict=dictionary(), engine="newmm", keep_whitespace=False))


_AA = re.compile(f"([{CONSONANTS}][{TONES}]?)\u0e32")


def _restore_am(text: str) -> str:
    """SARA AM lost entirely (ทา for ทำ, the text layer of some PDF writers): put it back where the dictionary
    reads the text with fewer unknown characters or fewer, longer words (จัดทาแผน → จัดทำแผน)."""
    pos = 0
    while True:
        m = _AA.search(text, pos)
        if not m:
            return text
        start, end = max(0, m.start() - 10), min(len(text), m.end() + 10)
        window = text[start:end]
        fixed = window[: m.start() - start] + m.group(1) + "\u0e33" + window[m.end() - start:]
        if (unknown_chars(fixed), _tokens(fixed)) < (unknown_chars(window), _tokens(window)):
            text = text[:start] + fixed + text[end:]
        pos = m.end()


VOWEL_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"
#: Letters a displaced mark may land after: consonants and the vowels written before their consonant.
_BASES = CONSONANTS + "\u0e40\u0e41\u0e42\u0e43\u0e44"
_MAX_SITES = 7


def _known(word: str) -> bool:
    return not THAI.search(word) or word in _dictionary() or len(word) == 1 and word in "ฯๆ"


def _sites(text: str, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """Places in ``text[start:end]`` where marks follow a letter and may belong to the consonant before it:
    ``(consonant index, letter index, end of the letter's marks (and of a space after them, to drop),
    the marks to move back)`` — the whole
    run of marks after the letter, or one of its two marks (``ผ้รูับ``: ู is ผ's, ั is ร's;
    ``ไดรั้บ``: ั is ร's, ้ is ด's)."""
    out = []
    for i in range(max(start, 1), end):
        if text[i] not in _BASES or i + 1 >= len(text) or text[i + 1] not in MARKS:
            continue
        j = i + 1
        while j < len(text) and text[j] in MARKS:
            j += 1
        p = i - 1
        while p >= 0 and text[p] in MARKS:
            p -= 1
        if p < 0 or text[p] not in CONSONANTS:
            continue
        run = text[i + 1:j]
        for move in dict.fromkeys([run] + (list(run) if len(run) == 2 else [])):
            have = text[p + 1:i] + move
            vowels = [c for c in have if c in VOWEL_MARKS]
            tones = [c for c in have if c in TONES]
            if len(vowels) > 1 or len(tones) > 1 or len(have) > 2:
                continue
            out.append((p, i, j, move))
            if text[j:j + 1] == " " and THAI.match(text[j + 1:j + 2] or " "):
                out.append((p, i, j + 1, move))  # and the space the extractor put after the letter
        if text[j:j + 1] == " " and THAI.match(text[j + 1:j + 2] or " "):
            out.append((p, i, j + 1, ""))  # only that space (หน่ วยงาน)
    return out


def _move(text: str, sites: list[tuple[int, int, int, str]]) -> str:
    """``text`` with the marks of each site moved back over its consonant (vowel first, then tone)."""
    for p, i, j, move in sorted(sites, reverse=True):
        marks = "".join(sorted(text[p + 1:i] + move, key=lambda c: c in TONES))
        rest = text[i + 1:j].replace(move, "", 1).rstrip(" ")
        text = text[:p + 1] + marks + text[i] + rest + text[j:]
    return text


@functools.lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, int], float]:
    from pythainlp.corpus import tnc

    freqs = dict(tnc.word_freqs())
    return freqs, math.log(sum(freqs.values()))


def _log_likelihood(text: str) -> float:
    """Unigram log-likelihood of ``text``'s newmm words by the Thai National Corpus frequencies (PyThaiNLP)."""
    from pythainlp.tokenize import word_tokenize

    freqs, log_total = _frequencies()
    return sum(math.log(freqs.get(w, 0) + 0.5) - log_total
               for w in word_tokenize(text, custom_dict=dictionary(), engine="newmm", keep_whitespace=False) if THAI.search(w))


#: How much likelier (natural log) a repaired run of dictionary words must be than the damaged one
#: when both read as words (เก|ดิ → เกิด): a factor of about 3,000.
_LIKELIER = 8.0


def _misplaced_marks(line: str) -> str:
    """Move marks written after the letter that follows their consonant back over it (step 6).

    Input: one line; output: the line, changed only (a) inside runs of tokens the dictionary does not
    know, where the repaired run has fewer characters outside dictionary words, or (b) where a short
    word starting with a marked letter follows a word ending in a bare consonant (เก|ดิ) and the
    repaired run is fewer words, all in the dictionary, and much likelier by the Thai National
    Corpus word frequencies (``_LIKELIER``).  A line the dictionary reads as likely words is never
    changed.  Up to ``_MAX_SITES`` places are tried in every combination; beyond, one at a time.
    """
    from pythainlp.tokenize import word_tokenize

    for _round in range(30):
        tokens = word_tokenize(line, custom_dict=dictionary(), engine="newmm", keep_whitespace=True)
        offsets, at = [], 0
        for t in tokens:
            offsets.append((at, at + len(t)))
            at += len(t)
        candidates = []
        for k, t in enumerate(tokens):
            if t.isspace():
                continue
            if not _known(t):
                if not re.match(r"[\u0e01-\u0e2e]{1,5}\.", line[offsets[k][0]:]):  # an abbreviation (กศจ.) is no damage
                    candidates.append((k, False))
            elif (k > 0 and len(t) <= 4 and t[0] in _BASES and t[1:2] and t[1] in MARKS
                  and tokens[k - 1][-1:] and tokens[k - 1][-1] in CONSONANTS):
                candidates.append((k, True))
        changed = False
        for k, known in candidates:
            ks, ke = offsets[k]
            # the repaired word may span several tokens of the damaged text: look 8 letters around
            first = next(n for n, (_a, b) in enumerate(offsets) if b > ks - 8)
            last = max(n for n, (a, _b) in enumerate(offsets) if a < ke + 8)
            s, e = offsets[first][0], offsets[last][1]
            sites = [x for x in _sites(line, s, e) if x[0] >= s and x[2] <= e and x[2] > ks - 6 and x[0] < ke + 6
                     and "\ufffd" not in line[max(0, x[0] - 3):x[2] + 1]]  # (beside a lost letter: no telling)
            if not sites:
                continue
            window = line[s:e]
            base = (unknown_chars(window), _tokens(window), window.count(" "))
            best, best_score = None, base
            local = [(p - s, i - s, j - s, move) for p, i, j, move in sites]
            if len(local) <= _MAX_SITES:
                combos = [[x for n, x in enumerate(local) if mask >> n & 1] for mask in range(1, 1 << len(local))]
            else:
                combos = [[x] for x in local]
            for combo in combos:
                if any(a[2] > b[0] or a[:2] == b[:2] for a, b in zip(sorted(combo), sorted(combo)[1:])):
                    continue  # overlapping places
                fixed = _move(window, combo)
                score = (unknown_chars(fixed), _tokens(fixed), fixed.count(" "))
                if known:
                    if score[0] == 0 and base[0] == 0 and score[1] < base[1] and score < best_score \
                            and _log_likelihood(fixed) - _log_likelihood(window) > _LIKELIER:
                        best, best_score = fixed, score
                elif score[0] < base[0] and score < best_score:
                    best, best_score = fixed, score
            if best is not None:
                line = line[:s] + best + line[e:]
                changed = True
                break
        if not changed:
            return line
    return line


#: What a replacement character may stand for: every Thai letter and mark (and nothing).
_REPLACEMENTS = [chr(c) for c in range(0x0E01, 0x0E4F) if unicodedata.name(chr(c), "")]


def _replacement_chars(line: str) -> str:
    """Replace each U+FFFD by the Thai character with which the dictionary reads its surroundings as
    words (step 7); keep it where no character does better than the damaged text."""
    pos = 0
    while True:
        at = line.find("\ufffd", pos)
        if at < 0:
            return line
        s = at
        while s > 0 and at - s < 12 and not line[s - 1].isspace():
            s -= 1
        e = at + 1
        while e < len(line) and e - at < 12 and not line[e].isspace():
            e += 1
        window = line[s:e]
        base = unknown_chars(window.replace("\ufffd", ""))
        scored = []
        for c in _REPLACEMENTS:
            fixed = window[: at - s] + c + window[at - s + 1:]
            if "\ufffd" in fixed:
                fixed_eval = fixed.replace("\ufffd", "")
            else:
                fixed_eval = fixed
            scored.append(((unknown_chars(fixed_eval), _tokens(fixed_eval), -_log_likelihood(fixed_eval)), c))
        (unknown, _n, _l), c = min(scored)
        if unknown < base or unknown == 0:  # (the window without the lost letter often reads too: no guide)
            line = line[:at] + c + line[at + 1:]
        pos = at + 1


def lost_sara_am(text: str) -> bool:
    """True when ``text`` (a whole document) has plenty of Thai but not one SARA AM: it was lost in extraction."""
    return len(THAI.findall(text)) >= 100 and "\u0e33" not in text and "\u0e4d" not in text


def repair_line(line: str, lost_am: bool = False) -> str:
    """Repair one line of extracted Thai text; text without Thai is returned unchanged (after the PUA map).

    ``lost_am``: the document lost every SARA AM (see :func:`lost_sara_am`); restore it where the
    dictionary prefers.
    """
    line = unicodedata.normalize("NFC", line)
    damaged = needs_repair(line)
    line = _rules(line)
    if not THAI.search(line):
        return line
    if "\ufffd" in line:
        line = _replacement_chars(line)
    moved = _misplaced_marks(line)
    damaged = damaged or moved != line  # (extractors that misplace marks also put spaces inside words)
    line = _best(moved, _DISPLACED, lambda m: m.group(1) + m.group(4) + m.group(2) + m.group(3))
    line = _space_aa(line)
    line = _join_spaces(line, damaged)
    if lost_am:
        line = _restore_am(line)
    return line


def repair_text(text: str) -> str:
    """Repair every line of ``text`` (see the module docstring); line breaks are kept, so lines still match."""
    lost = lost_sara_am(text)
    return "\n".join(repair_line(line, lost) for line in text.split("\n"))


def needs_repair(text: str) -> bool:
    """True when ``text`` shows one of the damages this module repairs (cheap checks, no dictionary)."""
    return bool(re.search(f"[\uf700-\uf71a\ufffd]|\u0e4d\\s*\u0e32|[{TONES}][{UPPER_LOWER_VOWELS}]|\\s[{NO_START}]", text))
