"""Where Thai lines may break: the office's own words kept whole, ไม้ยมก (ๆ), ไปยาลน้อย (ฯ) and closing brackets
kept with the word before them; and a count of the lines a laid-out manual breaks wrongly.

Thai has no spaces between words; every layout engine finds line breaks with its own dictionary: Pango
(libthai) in WeasyPrint, ICU in LibreOffice and Chromium, Word its own.  Each knows general words but not
an office's compounds, and cuts them at a syllable that is itself a word (บูรณา|การ, measured in the example
group manual laid out by LibreOffice 7.4, 5 times).  And a space written before ๆ (อื่น ๆ, the spelling of
the Royal Institute) is a break opportunity to all of them, so a line may start with ๆ.

* :func:`office_words` — the office's frequent words, from its own procedures (no hard-coded list): the
  break hints of every writer keep them whole.
* :func:`keep_marks` — a NO-BREAK SPACE (U+00A0) instead of the space before ๆ and ฯ and a closing bracket,
  so that no line starts with one of them (Unicode line breaking, UAX #14: GL, no break either side).
* :func:`broken_lines` — the lines of extracted text (``pdftotext -raw``) that end inside a word or start
  with ๆ, ฯ or a closing bracket: the figure ``make bench`` prints and the tests check.
"""

from __future__ import annotations

import collections
import functools
import re
import unicodedata

from generator.flowchart.labels import text_width
from generator.model.loader import iter_texts
from generator.wordcut import dictionary_with, syllables as cut_syllables

THAI_RUN = re.compile("[\u0e01-\u0e4e]+")
THAI_WORD = re.compile("^[\u0e01-\u0e4e]+$")
MARKS_AFTER = "ๆฯ)]}”’"
"""Characters that never start a line: ไม้ยมก, ไปยาลน้อย, closing brackets and quotes."""
_SPACE_BEFORE_MARK = re.compile(r"[ \t]+(?=[ๆ)\]}”’]|ฯ(?!ลฯ))")
WORD_AND_MARK = re.compile("[\u0e01-\u0e4e]{1,4}\u00a0?[ๆฯ](?!ลฯ)")
"""ไม้ยมก or ไปยาลน้อย with the letters before it (เขตฯ, อื่น ๆ): one unbreakable piece in print."""
_CLUSTER_START = re.compile("[\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46]")


def keep_marks(text: str) -> str:
    """``text`` with a NO-BREAK SPACE in place of the spaces before ๆ, ฯ (not ฯลฯ, which may start a line)
    and a closing bracket or quote: อื่น ๆ → อื่น\u00a0ๆ.  The text prints the same; NFKC gives the source back."""
    return _SPACE_BEFORE_MARK.sub("\u00a0", text)


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _tokens(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, custom_dict=dictionary_with(tuple(sorted(set(extra)))), engine="newmm",
                         keep_whitespace=False)


def is_one_word(token: str) -> bool:
    """Whether Thai readers see the dictionary entry ``token`` as one word that must not break.

    PyThaiNLP's dictionary holds words (บูรณาการ, ผู้รับผิดชอบ, ยุทธศาสตร์) and also phrases of
    several words (หนังสือราชการ, พนักงานธุรการ, องค์กรปกครองส่วนท้องถิ่น), which may break between their
    words.  Rule: at most four syllables (PyThaiNLP's syllable dictionary), and no cut into two dictionary
    words of two syllables or more each (หนังสือ|ราชการ is such a cut; บูรณา|การ, ผู้|รับผิดชอบ are not).
    """
    syllables = cut_syllables(token)
    if len(syllables) < 2 or len(syllables) > 4:
        return False
    words = _dictionary()
    for k in range(2, len(syllables) - 1):
        left, right = "".join(syllables[:k]), "".join(syllables[k:])
        if left in words and right in words:
            return False
    return True


def office_words(texts, *, min_count: int = 1, min_length: int = 5, memo=None) -> tuple[str, ...]:
    """The office's own frequent words: dictionary words of at least ``min_length`` letters (marks count)
    that its texts use at least ``min_count`` times and that readers see as one word (:func:`is_one_word`),
    longest first.

    ``texts`` is an iterable of Thai strings (every text of the office's procedures, for instance).  Words
    are found by PyThaiNLP (``newmm``, its dictionary); a word of two to four syllables such as บูรณาการ,
    งบประมาณ or ยุทธศาสตร์ is what a layout engine may cut at a syllable that is a word by itself.  The
    result feeds the writers' break hints (PDF, DOCX, site), so that these words never break.

    ``memo`` (optional, a :class:`generator.cache.Memo`) keeps each Thai run's candidate words and each
    word's :func:`is_one_word` between builds: cutting every text of the office again took 1.2 s in each
    worker process that writes a DOCX (2026-12-05), where an edit changes one text.
    """
    counts: collections.Counter[str] = collections.Counter()
    words = _dictionary() if memo is None else None
    for text in texts:
        for run in THAI_RUN.findall(text):
            if len(run) < min_length:
                continue
            key = f"office-words\0{min_length}\0{run}"
            found = memo.get(key) if memo is not None else None
            if found is None:
                words = words if words is not None else _dictionary()
                found = tuple(token for token in _tokens(run) if len(token) >= min_length and THAI_WORD.match(token)
                              and token in words and "ๆ" not in token)
                if memo is not None:
                    memo.put(key, found)
            counts.update(found)

    def one_word(word: str) -> bool:
        if memo is None:
            return is_one_word(word)
        key = f"one-word\0{word}"
        found = memo.get(key)
        if found is None:
            found = is_one_word(word)
            memo.put(key, found)
        return found

    return tuple(sorted((w for w, n in counts.items() if n >= min_count and one_word(w)),
                        key=lambda w: (-len(w), w)))


def handbook_words(handbook, lang: str = "th", memo=None) -> tuple[str, ...]:
    """:func:`office_words` of every text of the office, its procedures and officers, in ``lang``
    (computed once per loaded handbook in a process; ``memo`` as in :func:`office_words`)."""
    if lang != "th":
        return ()
    return _handbook_words(id(handbook), handbook, memo)


_CACHE: dict[int, tuple[object, tuple[str, ...]]] = {}


def _handbook_words(key: int, handbook, memo=None) -> tuple[str, ...]:
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is handbook:
        return cached[1]
    texts = []
    for model in [handbook.office, *handbook.procedures.values(), *handbook.officers.values()]:
        texts.extend(text.th for _loc, text in iter_texts(model))
    words = office_words(texts, memo=memo)
    _CACHE.clear()
    _CACHE[key] = (handbook, words)
    return words


@functools.lru_cache(maxsize=4096)
def syllables(word: str) -> tuple[str, ...]:
    """``word`` cut into its syllables (PyThaiNLP's syllable dictionary): บูรณาการ → บูร ณา การ."""
    return tuple(cut_syllables(word)) or (word,)


def clusters(word: str) -> list[str]:
    """``word`` cut into its printed clusters: a letter with the marks above and below it (ผู้ → one)."""
    out: list[str] = []
    for char in word:
        if out and not _CLUSTER_START.match(char):
            out[-1] += char
        else:
            out.append(char)
    return out


def _is_words(piece: str) -> bool:
    """Whether ``piece`` is a dictionary word or made of dictionary words (ความเห็นชอบ), not a cut syllable."""
    dictionary = _dictionary()
    return piece in dictionary or all(token in dictionary for token in _tokens(piece))


def count_breaks(text: str, words: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The wrong line breaks of ``text`` in three kinds (see :func:`broken_lines`):

    * ``"marks"`` — a line that starts with ๆ, ฯ or a closing bracket;
    * ``"cut"`` — a line that ends inside a word with a piece that is no word and no run of words
      (บูรณา|การ, งบประมา|ณ, ค|ณะกรรมการ): a broken word;
    * ``"split"`` — one of the office's ``words`` split between two words it is made of (ผู้|รับผิดชอบ):
      readable, but the office's word is broken.
    """
    found: dict[str, list[str]] = {"marks": [], "cut": [], "split": []}
    for left, right in _line_ends(text, words):
        if left is None:
            found["marks"].append(right)
        elif not _is_words(left) or not _is_words(right):
            found["cut"].append(f"{left}|{right}")
        else:
            found["split"].append(f"{left}|{right}")
    return found


def broken_lines(text: str, words: tuple[str, ...] = ()) -> list[str]:
    """The wrong line breaks of ``text`` (a laid-out document's text, one printed line per line).

    A line that starts with ๆ, ฯ (not ฯลฯ) or a closing bracket; and a line that ends inside a word: the
    Thai letters at the end of the line and at the start of the next, joined and cut into words by
    PyThaiNLP with ``words`` (the office's, :func:`office_words`) added to its dictionary, have the line
    end inside one of ``words`` (บูรณา|การ, ผู้|รับผิดชอบ), or inside a dictionary word of three letters
    or more neither of whose pieces is a word (งบประมา|ณ).  Returns ``"left|right"`` for each, in order.  Zero-width
    characters (U+200B, U+2060) are ignored; text is NFC-normalised.
    """
    return [f"{left}|{right}" if left is not None else right for left, right in _line_ends(text, words)]


def _line_ends(text: str, words: tuple[str, ...]):
    """Yield ``(left, right)`` for each line end inside a word (:func:`broken_lines`' rule), and
    ``(None, "<end of line>|<start of next>")`` for each line that starts with ๆ, ฯ or a closing bracket."""
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\u2060", "")
    lines = [line.strip() for line in text.splitlines()]
    office = set(words)
    dictionary = _dictionary()
    for before, after in zip(lines, lines[1:]):
        if after[:1] and after[0] in MARKS_AFTER and not after.startswith("ฯลฯ"):
            yield None, f"{before[-8:]}|{after[:8]}"
            continue
        tail, head = re.search("[\u0e01-\u0e4e]+$", before), re.match("[\u0e01-\u0e4e]+", after)
        if not tail or not head:
            continue
        if after[len(head.group()):len(head.group()) + 1] == ".":  # an abbreviation (พ.ศ., สพป.) starts the line
            continue
        left_run, right_run = tail.group()[-14:], head.group()[:14]
        joined, cut, position = left_run + right_run, len(left_run), 0
        for token in _tokens(joined, tuple(words)):
            end = position + len(token)
            if position < cut < end:
                left, right = joined[position:cut], joined[cut:end]
                if token in office or (
                        token in dictionary and len(token) >= 3 and left not in dictionary and right not in dictionary):
                    yield left, right
            position = end


@functools.lru_cache(maxsize=16)
def words_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """One regular expression that finds any of ``words`` (longest first); ``None`` for no words."""
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


RUNNING_HEADER_MM = 140.0
"""Widest running header (the chapter title at the top right of body pages), millimetres: the text block is
160 mm wide; the rest keeps the header clear of the page's left edge of text."""


def running_title(title: str, size_pt: float, width_mm: float = RUNNING_HEADER_MM) -> str:
    """``title`` as the running header: whole when it fits on one line ``width_mm`` wide at ``size_pt`` in
    Sarabun (the PDF's font; LibreOffice's substitute for TH Sarabun New is measured with a larger size
    by the DOCX writer), else cut at a Thai word boundary (PyThaiNLP) or a space and ended with "…".
    A long chapter title otherwise wraps the header onto two lines.  Never returns an empty string."""
    limit = width_mm * 72 / 25.4
    title = " ".join(title.split())
    if text_width(title, size_pt) <= limit:
        return title
    from pythainlp.tokenize import word_tokenize  # deferred: PyThaiNLP (its dictionary loads in seconds)

    out = ""
    for token in word_tokenize(title, custom_dict=dictionary_with(), engine="newmm", keep_whitespace=True):
        if text_width((out + token).rstrip() + "…", size_pt) > limit:
            break
        out += token
    out = out.rstrip(" ,;:-–(")
    if not out:  # one word wider than the line: cut by letters
        for char in title:
            if text_width(out + char + "…", size_pt) > limit:
                break
            out += char
    return out + "…"
