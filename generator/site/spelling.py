"""Search that forgives: the office's abbreviations and the other spellings of codes, for the search index.

What the browser does with a query (misspellings, words typed with spaces, dotted abbreviations) is
in ``templates/site/thai-query.js``; this module gives it the office's own data, at build time:

1. :func:`abbreviation_pairs`: the abbreviations (อักษรย่อ) of the office and what they stand for,
   taken from its data only, never from a list in the tool:

   * ``glossary:`` in ``office.yml`` (:class:`generator.model.documents.GlossaryEntry`);
   * the definitions (คำจำกัดความ) of every procedure: a term written ``<full> (<short>)``
     (``ชุมชนการเรียนรู้ทางวิชาชีพ (PLC)``), a term that is itself an abbreviation with its meaning
     (``สพฐ.`` → ``สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน``), and, inside a meaning,
     ``<short> หมายถึง <full>``, or ``<full> (<short>)`` for a Thai short form made of the full
     form's letters in order.

   :func:`write_glossary` writes them into the generated Markdown folder of each language
   (``search/handbook_glossary.json``), so that they are part of what the site cache hashes, and
   MkDocs copies the file to the built site, where the search pass reads it
   (:func:`read_glossary`, which removes it: the visitor's browser gets the pairs inside the search
   worker).

2. :func:`extra_terms`: the terms the prebuilt index (``generator.site.search.build_prebuilt_index``)
   adds to a document beside the words of its text, so that a query of one form finds the others:

   * codes written with hyphens or dots (``e-Budget``, ``E-Service``) also as one word
     (``ebudget``), the form a query of ``eBudget`` or ``EBUDGET`` has (the index splits words at
     hyphens and lowercases them);
   * Thai abbreviations written with a dot after each letter (``ก.ค.ศ.``) also joined (``กคศ``);
   * for every abbreviation of the office whose full form the text contains, the abbreviation
     (``plc`` for a page that writes ``ชุมชนการเรียนรู้ทางวิชาชีพ``), as many times as the full form.

   Scores of the other words do not change (lunr's BM25 with Material's ``b = 0`` has no document
   length), so the added terms only make pages findable.

Keys: :func:`short_key` (lowercase, no dots, hyphens or spaces: ``สพฐ.`` → ``สพฐ``, ``e-Budget`` →
``ebudget``) and :func:`compact` (lowercase, no spaces, U+200B, dots or hyphens), the same as the
worker computes for a query.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

#: Name of the glossary file in the generated Markdown folder and in the built site (``search/``).
GLOSSARY_FILE = "search/handbook_glossary.json"

_THAI_CONSONANTS = "\u0e01-\u0e2e"
_THAI_ABBREVIATION = re.compile(rf"[{_THAI_CONSONANTS}][{_THAI_CONSONANTS}.]{{1,11}}")
_LATIN_ABBREVIATION = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]{1,14}")
_TAG = re.compile(r"<[^>]*>")
_NOT_KEY = re.compile(r"[\s\u200b.\-]+")
_SQUEEZE = str.maketrans("", "", " \t\r\n\f\v\u00a0\u200b.-")  # what _NOT_KEY removes, for str.translate
_TERM_WITH_SHORT = re.compile(r"^(?P<full>.*\S)\s*\((?P<short>[^()]{2,16})\)\s*$")
_MEANS = re.compile(r"(?:^|\s)(?P<short>\S{2,16}?)\s*หมายถึง\s*(?P<full>\S+)")
_FULL_THEN_SHORT = re.compile(r"(?P<full>[\u0e00-\u0e7f]{4,})\s*\((?P<short>[^()\s]{2,16})\)")
#: Codes written with hyphens or dots between Latin letters or digits (e-Budget, E-Service, B.E.).
_JOINED_LATIN = re.compile(r"(?<![\w@/.\-])[A-Za-z0-9]+(?:[\-.][A-Za-z0-9]+){1,2}(?![\w@/\-]|\.\w)")
#: Thai abbreviations with a dot after each letter or pair of letters (ก.ค.ศ., ส.พ.ฐ.).
_DOTTED_THAI = re.compile(rf"(?<![{_THAI_CONSONANTS}.])(?:[{_THAI_CONSONANTS}]{{1,3}}\.){{2,}}")


def short_key(text: str) -> str:
    """The search key of an abbreviation or code: lowercase, without dots, hyphens, spaces or U+200B.

    ``"สพฐ."`` → ``"สพฐ"``, ``"e-Budget"`` → ``"ebudget"``.
    """
    return _NOT_KEY.sub("", text).lower()


def compact(text: str) -> str:
    """``text`` without HTML tags, spaces, U+200B, dots or hyphens, lowercase: to find a full form in a page."""
    return _NOT_KEY.sub("", _TAG.sub(" ", text)).lower()


def looks_like_abbreviation(text: str) -> bool:
    """Whether ``text`` is written like an abbreviation or a code.

    Thai: consonants and dots only, 2–12 characters (``สพฐ.``, ``กศจ``, ``ก.ค.ศ.``).  Latin: 2–15
    letters, digits, ``&``, ``.`` or ``-`` with at least two capitals (``PLC``, ``eMENSCR``) or a
    hyphen (``e-Budget``).  An ordinary word (``Monitoring``) is not one.
    """
    text = text.strip()
    if _THAI_ABBREVIATION.fullmatch(text):
        return len(short_key(text)) >= 2
    if _LATIN_ABBREVIATION.fullmatch(text):
        return sum(c.isupper() for c in text) >= 2 or ("-" in text and len(text) <= 12)
    return False


def _first_phrase(text: str) -> str:
    """The start of a meaning up to its first space, comma or bracket (the name an abbreviation stands for)."""
    return re.split(r"[\s,;()]", text.strip(), maxsplit=1)[0]


def _initials_of(short: str, full: str) -> bool:
    """Whether the Thai abbreviation ``short`` is made of letters of ``full``, in order, starting with its first.

    (``กศจ`` of ``คณะกรรมการศึกษาธิการจังหวัด`` is not: the office writes the pair in a definition or
    the glossary instead.)  Checked for pairs found in running text, where the words before a
    bracket are not always what the bracket abbreviates.
    """
    letters = short_key(short)
    if not re.fullmatch(rf"[{_THAI_CONSONANTS}]+", letters):
        return False
    consonants = re.sub(rf"[^{_THAI_CONSONANTS}]", "", full)
    if not consonants or consonants[0] != letters[0]:
        return False
    at = 0
    for letter in letters:
        at = consonants.find(letter, at) + 1
        if at == 0:
            return False
    return True


def abbreviation_pairs(handbook, lang: str) -> list[tuple[str, str]]:
    """The office's abbreviations and their full forms in ``lang``, as ``[(short, full), …]``.

    ``handbook``: the loaded :class:`generator.model.loader.Handbook` (its office's ``glossary`` and its
    procedures' ``definitions``; see the module docstring for the forms read).  Pairs whose keys
    (:func:`short_key`, :func:`compact`) repeat are given once; a full form shorter than four
    characters is left out.  The order is the glossary's, then the procedures'.
    """
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(short: str, full: str) -> None:
        short, full = short.strip(), full.strip()
        key = (short_key(short), compact(full))
        if len(key[0]) < 2 or len(key[1]) < 4 or key[0] == key[1] or key in seen:
            return
        seen.add(key)
        pairs.append((short, full))

    for entry in getattr(handbook.office, "glossary", None) or []:
        add(entry.short.get(lang), entry.full.get(lang))
    for procedure in handbook.procedures.values():
        for definition in procedure.definitions:
            term, meaning = definition.term.get(lang), definition.meaning.get(lang)
            found = _TERM_WITH_SHORT.match(term)
            if found and looks_like_abbreviation(found["short"]):
                add(found["short"], found["full"])
            elif looks_like_abbreviation(term):
                add(term, _first_phrase(meaning))
            for match in _MEANS.finditer(meaning) if "หมายถึง" in meaning else ():
                if looks_like_abbreviation(match["short"]):
                    add(match["short"], match["full"])
            for match in _FULL_THEN_SHORT.finditer(meaning) if "(" in meaning else ():  # only a Thai short form
                if looks_like_abbreviation(match["short"]) and _initials_of(match["short"], match["full"]):
                    add(match["short"], match["full"])
    return pairs


def write_glossary(handbook, lang: str, docs_dir: Path) -> Path:
    """Write :func:`abbreviation_pairs` of ``lang`` to ``docs_dir/search/handbook_glossary.json``.

    The file is ``{"pairs": [[short, full], …]}``.  Returns its path; raises ``OSError`` when it
    cannot be written.
    """
    path = Path(docs_dir) / GLOSSARY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pairs": abbreviation_pairs(handbook, lang)}, ensure_ascii=False), encoding="utf-8")
    return path


def read_glossary(site_dir: Path) -> list[tuple[str, str]]:
    """The pairs :func:`write_glossary` wrote, read from the built site, whose copy is then removed.

    Returns ``[]`` when the site has no glossary file or it cannot be read (a site built without it).
    """
    path = Path(site_dir) / GLOSSARY_FILE
    try:
        pairs = [(str(s), str(f)) for s, f in json.loads(path.read_text(encoding="utf-8"))["pairs"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    path.unlink(missing_ok=True)
    return pairs


class Glossary:
    """The office's abbreviations, ready for the index and the worker.

    ``pairs``: ``[(short, full), …]`` (:func:`abbreviation_pairs`).
    """

    def __init__(self, pairs: list[tuple[str, str]]):
        self.keys = [(short_key(short), compact(full)) for short, full in pairs]

    def worker_data(self) -> dict:
        """What the worker needs: ``{"glossary": [[short key, full key], …], "abbreviations": [Thai short keys]}``."""
        thai = sorted({s for s, _ in self.keys if re.search(r"[\u0e00-\u0e7f]", s)})
        return {"glossary": [list(k) for k in self.keys], "abbreviations": thai}

    def extra_terms(self, value) -> Counter:
        """The terms to add to a field whose value (HTML text, or a list of them) is ``value``.

        See the module docstring: joined codes, joined dotted Thai abbreviations, and the office's
        abbreviations whose full form the text contains.  Returns a :class:`collections.Counter` of
        term → times (terms are lowercase, as the index's).
        """
        out: Counter = Counter()
        if not value:
            return out
        values = value if isinstance(value, list) else [value]
        for text in values:
            plain = str(text)
            if "<" in plain:
                plain = _TAG.sub(" ", plain)
            if "-" in plain or "." in plain:
                plain = plain.replace("\u200b", "")
                for match in _JOINED_LATIN.finditer(plain):
                    key = short_key(match.group(0))
                    if len(key) >= 3 and re.search(r"[a-z]", key):
                        out[key] += 1
            if "." in plain:
                for match in _DOTTED_THAI.finditer(plain):
                    out[short_key(match.group(0))] += 1
            if self.keys:
                squeezed = plain.translate(_SQUEEZE).lower()
                for short, full in self.keys:
                    if full in squeezed:
                        out[short] += squeezed.count(full)
        return out
