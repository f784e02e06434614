"""Thai search for the handbook site: word segmentation of the index and of the query.

Measured facts about stock mkdocs-material 9.x search (see ``bench/search``):
its Thai option loads lunr's ``wordcut.js`` (677 KB) but Material's own
tokenizer splits text only at the ``separator`` (whitespace), so a Thai run
such as ``งานจัดทำแผนปฏิบัติการประจำปี`` is one token and a word inside it
(``แผนปฏิบัติการ``) or a phrase typed without spaces is not found.

What this module does instead, all on the built files (no MkDocs internals):

1. :func:`segment_text` cuts every Thai run of the search index
   (``search/search_index.json``) into words with PyThaiNLP's ``newmm``
   dictionary segmenter and joins them with U+200B ZERO WIDTH SPACE; the
   boundaries between Thai and Latin text (``ระบบ(eMENSCR)``) are cut too.  Only
   the index is changed: page text, titles and copied text are untouched.
2. The index configuration gets a ``separator`` that splits at U+200B,
   whitespace and punctuation (brackets, quotes, full stops of abbreviations
   such as ``สพป.``), and the ``en`` pipeline with only lunr's stop-word
   filter (the trimmer's ``\\W`` strips Thai letters; the stemmer is left out
   because Material searches every plain term as a prefix, which a stemmed
   index word does not always start with, and so that the index can be built
   here, see 5).  No lunr language file is needed, so ``wordcut.js`` and
   ``tinyseg.js`` are removed from the site.
3. :func:`patch_search_worker` prepends ``templates/site/assets/thai-query.js``
   to Material's search worker.  It collects the vocabulary of the index
   (the PyThaiNLP words) when the worker is set up, and segments each typed
   query against that vocabulary (maximal matching, fewest unknown
   characters, then fewest words), so that the query is cut exactly like the
   index.  The search box keeps showing what was typed: only the copy of the
   query inside the worker is segmented.
4. The same script cleans the results the worker sends back: U+200B is removed
   from their titles and texts (the segmentation stays in the index), and a
   page-level result with no text (a procedure's text starts under its first
   heading) shows the text of the page's first section, its objectives.
5. :func:`write_prebuilt_index` builds the search index here instead of in
   every visitor's browser (``search/handbook_index.json``: terms and
   postings; ``search/handbook_texts.json``: the texts, loaded after search is
   ready) and the worker answers queries with ``templates/site/search-engine.js``
   (lunr's scores, Material's ranking and highlighting).  Measured at 1,000
   procedures (``bench/scale.py``): ready 11 s → under 1.5 s after load.
   Material's ``search_index.json`` keeps only its configuration.
6. Search that forgives (issue 20): the prebuilt index also holds the other forms of codes and the
   office's abbreviations (:mod:`generator.site.spelling`), the worker corrects misspelled words
   against the index's vocabulary and joins spaced Thai words (``thai-query.js``), and the engine
   ranks a page by its best results and the share of the query found on it (``search-engine.js``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
from collections import Counter
from pathlib import Path

from generator.cache import tool_fingerprint
from generator.wordcut import WordTrie, dictionary_with
from generator.site.pages import TEMPLATES
from generator.site.spelling import Glossary, read_glossary

ZWSP = "\u200b"

#: Split index text and queries at these characters (a JavaScript RegExp).
SEPARATOR = r"[\s\u200b\-_,:;!?=\[\]{}()<>\"'“”‘’/\\|.…·•–—]+"

_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")


class _Segmenter:
    """PyThaiNLP ``newmm`` words, and the dictionary parts of compound words.

    ``newmm`` keeps compounds that are dictionary entries whole (งานสารบรรณ,
    หนังสือราชการ, ตรวจราชการ).  The index keeps them whole too (cutting
    every compound into parts makes common fragments such as งบ or วิ match
    everything); instead :meth:`parts` re-segments a compound with itself
    left out of the dictionary, and the parts join the query vocabulary, so
    that a query word found only inside compounds is searched as "contains".
    """

    def __init__(self):
        from pythainlp.corpus.common import thai_words
        from pythainlp.tokenize import newmm

        self._words = thai_words()
        self._trie = dictionary_with()  # PyThaiNLP's own trie, shared with the other writers (generator.wordcut)
        self._newmm = newmm
        self._parts: dict[str, list[str]] = {}

    def words(self, run: str) -> list[str]:
        return [w for w in self._newmm.segment(run, custom_dict=self._trie) if w.strip()]

    def parts(self, word: str) -> list[str]:
        if word not in self._parts:
            self._parts[word] = [word]
            if len(word) >= 4 and word in self._words:
                parts = self._newmm.segment(word, custom_dict=WordTrie(without=(word,), base=self._trie))
                if len(parts) > 1 and all(p in self._words and len(p) > 1 for p in parts):
                    self._parts[word] = parts
        return self._parts[word]


@functools.lru_cache(maxsize=1)
def _segmenter() -> _Segmenter:
    return _Segmenter()


def segment_text(text: str) -> str:
    """Return ``text`` with every Thai run cut into words, joined by U+200B.

    Thai/non-Thai boundaries are cut as well.  Non-Thai text is unchanged.
    Word boundaries come from PyThaiNLP's ``newmm`` (maximal matching on its
    dictionary, Thai Character Cluster rules).
    """
    segmenter = _segmenter()

    def cut(match: re.Match) -> str:
        return ZWSP + ZWSP.join(segmenter.words(match.group(0))) + ZWSP

    return _THAI_RUN.sub(cut, text)


def thai_words(run: str) -> list[str]:
    """Cut a run of Thai letters into words (PyThaiNLP ``newmm``, the segmenter of the search index).

    Returns ``[run]`` when the words would not give back the run exactly.
    Used to mark line-break opportunities on the pages (``generator.site.pages.mark_word_breaks``).
    """
    words = _segmenter().words(run)
    return words if "".join(words) == run else [run]


def segment_search_index(site_dir: Path) -> dict:
    """Segment the index in place; see :func:`_segment_index`."""
    summary, _words, _parts = _segment_index(site_dir)
    return summary


def _segment_index(site_dir: Path, cache_file: Path | None = None) -> tuple[dict, set[str], set[str]]:
    """Segment the Thai text of ``site_dir/search/search_index.json`` in place.

    With ``cache_file`` (a JSON file the previous build wrote), texts and
    words segmented by the previous build are taken from it instead of being
    segmented again, and the file is rewritten with this build's texts only
    (see :class:`_SegmentCache`): after an edit only the changed pages are
    segmented.

    Sets the index's ``separator`` to :data:`SEPARATOR`, its language to
    ``en`` (no lunr language file, no wordcut.js) and its pipeline to lunr's
    stop-word filter only (no trimmer, no stemmer).  Returns a summary
    ``{"documents": n, "words": n, "bytes": n}``.  Raises ``FileNotFoundError``
    when the site has no search index.
    """
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    vocabulary: set[str] = set()
    splitter = re.compile(SEPARATOR)
    cache = _SegmentCache(cache_file)
    for doc in index["docs"]:
        for field in ("title", "text"):
            if doc.get(field):
                doc[field] = cache.text(doc[field])
                vocabulary.update(w for w in splitter.split(doc[field]) if _THAI_RUN.search(w))
    index["config"]["separator"] = SEPARATOR
    index["config"]["lang"] = ["en"]
    index["config"]["pipeline"] = ["stopWordFilter"]
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    for unused in ("wordcut.js", "tinyseg.js"):
        (site_dir / "assets" / "javascripts" / "lunr" / unused).unlink(missing_ok=True)
    parts = {p for word in vocabulary for p in cache.parts(word) if p != word}
    cache.save()
    summary = {"documents": len(index["docs"]), "words": len(vocabulary), "parts": len(parts),
               "bytes": len(text.encode("utf-8"))}
    return summary, vocabulary, parts


class _SegmentCache:
    """Segmentations of the previous build, read from and written to one JSON file.

    ``{"version": ..., "texts": {sha256 of text: segmented text}, "parts": {word: [parts]}}``.
    Only what the *previous* build wrote is reused (so a cold build does all
    the work, as it would for an office whose pages are all different); the
    file is rewritten with what this build used, so it never grows with old
    texts.  ``version`` is the fingerprint of the generator and of PyThaiNLP
    (:func:`generator.cache.tool_fingerprint`): another version ignores the file.
    A missing or unreadable file is an empty cache.
    """

    def __init__(self, path: Path | None):
        self.path = Path(path) if path else None
        self.version = tool_fingerprint(("site",))
        self.old_texts: dict[str, str] = {}
        self.old_parts: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self.parts_of: dict[str, list[str]] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == self.version:
                    self.old_texts, self.old_parts = data["texts"], data["parts"]
            except (OSError, ValueError, KeyError, TypeError):
                pass

    def text(self, text: str) -> str:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        out = self.old_texts.get(key)
        if out is None:
            out = segment_text(text)
        self.texts[key] = out
        return out

    def parts(self, word: str) -> list[str]:
        out = self.old_parts.get(word)
        if out is None:
            out = _segmenter().parts(word)
        self.parts_of[word] = out
        return out

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"version": self.version, "texts": self.texts, "parts": self.parts_of},
                                  ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, self.path)


def patch_search_worker(site_dir: Path, words: set[str], parts: set[str], prebuilt: dict | None = None,
                        glossary: Glossary | None = None) -> Path:
    """Prepend the Thai query segmenter (and the handbook's search engine) to Material's search worker.

    ``words`` are the Thai words of the index; ``parts`` the words found
    inside its compound words.  Both are written into the worker as its vocabulary.
    ``prebuilt``: the summary :func:`write_prebuilt_index` returned; the worker then loads
    ``search/handbook_index.json`` itself (its address carries the file's hash, so that a browser
    never keeps an old index with a new worker) and answers queries with
    ``templates/site/search-engine.js``.  Without it, Material's own index and handler are used.
    ``glossary``: the office's abbreviations (:class:`generator.site.spelling.Glossary`), written
    into the worker for the query side of abbreviation search.

    Returns the path of the patched worker.  Raises ``RuntimeError`` when the
    worker is not found (a Material version this code was not tested with).
    """
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise RuntimeError("Material's search worker was not found: check the mkdocs-material version pin")
    worker = workers[0]
    data = {"words": sorted(words), "parts": sorted(parts), **(glossary or Glossary([])).worker_data()}
    vocabulary = "self.__thaiVocabulary = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"
    prelude = vocabulary
    if prebuilt is not None:
        # the worker is assets/javascripts/workers/search.*.min.js: the index is three folders up
        prelude += "self.__handbookIndex = " + json.dumps(f"../../../search/{PREBUILT}?v={prebuilt['sha']}") + ";\n"
        prelude += (TEMPLATES / "site" / "search-engine.js").read_text(encoding="utf-8")
    prelude += (TEMPLATES / "site" / "thai-query.js").read_text(encoding="utf-8")
    original = worker.read_text(encoding="utf-8")
    if "/* thai-query */" not in original:
        worker.write_text(prelude + "\n" + original, encoding="utf-8")
    return worker


def patch_result_display(site_dir: Path) -> Path:
    """Give a site that has no Thai search (the English one) the handbook's search worker.

    The index gets the prebuilt form (:func:`write_prebuilt_index`) when its configuration allows,
    and the worker gets ``thai-query.js`` with an empty vocabulary: queries pass unchanged, and a
    page-level result whose text is empty shows the text of the page's first section (see
    ``templates/site/thai-query.js``).  Returns the worker's path; raises ``RuntimeError`` as
    :func:`patch_search_worker`.
    """
    glossary = Glossary(read_glossary(site_dir))
    return patch_search_worker(site_dir, set(), set(), write_prebuilt_index(site_dir, glossary), glossary)


def apply_thai_search(site_dir: Path, cache_file: Path | None = None) -> dict:
    """Make the search of the built site at ``site_dir`` Thai-aware (steps 1–3 above), with a prebuilt index.

    ``cache_file``: segmentations of the previous build (see :func:`_segment_index`).  The office's
    abbreviations are read from the site (:func:`generator.site.spelling.read_glossary`).
    Returns the summary of :func:`_segment_index` with ``prebuilt`` (:func:`write_prebuilt_index`).
    """
    glossary = Glossary(read_glossary(site_dir))
    summary, words, parts = _segment_index(site_dir, cache_file)
    prebuilt = write_prebuilt_index(site_dir, glossary)
    patch_search_worker(site_dir, words, parts, prebuilt, glossary)
    return {**summary, "prebuilt": prebuilt}


# --------------------------------------------------------------------------- prebuilt index
#
# Measured with bench/scale.py (1,000 procedures, Chromium with the CPU slowed 4×): stock Material
# fetches the whole index on the page's main thread (18.8 MB), copies it to its worker and builds the
# lunr index there (6.4 s), and sends every hit of a query back highlighted (up to 5,000 documents,
# 1.4 s).  The handbook's worker instead loads an index built here (:func:`write_prebuilt_index`) and
# answers queries itself (``templates/site/search-engine.js``) with lunr's query language and
# scores and Material's ranking, grouping and highlighting.

#: File of the prebuilt index, next to Material's ``search_index.json`` (which keeps only the configuration).
PREBUILT = "handbook_index.json"
#: The documents' texts, in document order: loaded by the worker after the index, when search is ready.
TEXTS = "handbook_texts.json"
PREBUILT_VERSION = 1

#: lunr.js 2.3.9 ``lunr.stopWordFilter`` (the word list of the lunr version Material bundles).
LUNR_STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been but by can cannot could dear
did do does either else ever every for from get got had has have he her hers him his how however i if in into is it
its just least let like likely may me might most must my neither no nor not of off often on only or other our own
rather said say says she should since so some than that the their them then there these they this tis to too twas us
wants was we were what when where which while who whom why will with would yet you your""".split())

_TAG = re.compile(r"<[^>]*>")
_JS_NON_WORD_START = re.compile(r"^[^A-Za-z0-9_]+")
_JS_NON_WORD_END = re.compile(r"[^A-Za-z0-9_]+$")


def prebuilt_supported(config: dict) -> bool:
    """Whether :func:`build_prebuilt_index` reproduces Material's index for this search ``config``.

    True for the English pipeline (lunr's stop-word filter and trimmer, no stemmer), a single ``en``
    language and a separator that Python's ``re`` reads like JavaScript.
    """
    if list(config.get("lang") or ["en"]) != ["en"]:
        return False
    if not set(config.get("pipeline") or []) <= {"stopWordFilter", "trimmer"}:
        return False
    try:
        re.compile(config.get("separator") or r"[\s\-]+")
    except re.error:
        return False
    return True


def _field_tokens(value, separator: re.Pattern, pipeline: list[str]) -> list[str]:
    """The terms lunr indexes for one field value, as Material's worker makes them.

    Material's tokenizer (``integrations/search/internal/tokenize``) skips HTML tags, splits the text
    between them at the separator and lowercases each piece; lunr's pipeline then trims
    (``trimmer``: non-word ASCII characters at both ends, keeping an emptied token) and drops English
    stop words (``stopWordFilter``).
    """
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    tokens: list[str] = []
    for text in values:
        for section in _TAG.split(str(text)):
            tokens.extend(t.lower() for t in separator.split(section) if t)
    if "trimmer" in pipeline:
        tokens = [_JS_NON_WORD_END.sub("", _JS_NON_WORD_START.sub("", t)) for t in tokens]
    if "stopWordFilter" in pipeline:
        tokens = [t for t in tokens if t not in LUNR_STOP_WORDS]
    return tokens


def build_prebuilt_index(config: dict, docs: list[dict], glossary: Glossary | None = None) -> dict:
    """Build the handbook's prebuilt search index from Material's ``config`` and ``docs``.

    ``docs``: Material's entries ``{"location", "title", "text"[, "tags", "boost"]}`` in index order.
    Returns ``{"version", "fields", "boosts", "separator", "pipeline", "docs", "terms", "postings"}``:
    ``docs`` as ``[location, title, text]`` (plus a dict of ``tags``/``boost`` when present),
    ``terms`` sorted in JavaScript string order, and for term ``i`` ``postings[i]`` one list per
    field of ``[document gap, term frequency, …]`` (gap from the previous document of the list).
    Scores are computed by the worker from these counts exactly as lunr's builder does with
    Material's settings (BM25 with ``b = 0``, ``k1 = 1.2``, field boosts); see
    ``templates/site/search-engine.js``.  ``glossary``: when given, each title and text field also gets
    :meth:`generator.site.spelling.Glossary.extra_terms` (other spellings of codes, the office's
    abbreviations of the full forms it contains).  Raises ``ValueError`` when :func:`prebuilt_supported` is false.
    """
    if not prebuilt_supported(config):
        raise ValueError(f"search configuration not supported by the prebuilt index: {config}")
    fields = list((config.get("fields") or {"title": {"boost": 1000}, "text": {}, "tags": {}}).keys())
    boosts = [float((config["fields"].get(f) or {}).get("boost", 1) or 1) for f in fields] if config.get("fields") \
        else [1000.0, 1.0, 1000000.0]
    pipeline = [p for p in ("trimmer", "stopWordFilter") if p in (config.get("pipeline") or [])]
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    postings: dict[str, list[list[int]]] = {}
    last: dict[str, list[int]] = {}
    out_docs = []
    for number, doc in enumerate(docs):
        extra = {k: doc[k] for k in ("tags", "boost") if doc.get(k) is not None}
        out_docs.append([doc["location"], doc.get("title", ""), doc.get("text", "")] + ([extra] if extra else []))
        for f, field in enumerate(fields):
            counts = Counter(_field_tokens(doc.get(field), separator, pipeline))
            if glossary is not None and field in ("title", "text"):
                counts.update(glossary.extra_terms(doc.get(field)))
            for term, tf in counts.items():
                lists = postings.get(term)
                if lists is None:
                    lists = postings[term] = [[] for _ in fields]
                    last[term] = [-1] * len(fields)
                gap = number - last[term][f] if last[term][f] >= 0 else number
                last[term][f] = number
                lists[f].extend((gap, tf))
    terms = sorted(postings, key=lambda t: t.encode("utf-16-be"))
    return {"version": PREBUILT_VERSION, "fields": fields, "boosts": boosts,
            "separator": config.get("separator") or r"[\s\-]+", "pipeline": pipeline,
            "docs": out_docs, "terms": terms, "postings": [postings[t] for t in terms]}


def write_prebuilt_index(site_dir: Path, glossary: Glossary | None = None) -> dict | None:
    """Replace Material's index in ``site_dir`` by the handbook's prebuilt index.

    Reads ``search/search_index.json`` (Material's ``{"config", "docs"}``; for the Thai site after
    :func:`_segment_index`), writes ``search/handbook_index.json`` (:func:`build_prebuilt_index`
    without the texts, plus ``"texts"``: the address of the texts file) and
    ``search/handbook_texts.json`` (the documents' texts, a list in document order), and leaves in
    ``search_index.json`` only the configuration and no documents, so that the page no longer
    downloads and copies the documents to the worker.  The worker loads the index, says "ready",
    then loads the texts (needed to show results, not to find them).  The documents of the last
    build stay readable with :func:`search_entries`.  ``glossary``: see :func:`build_prebuilt_index`.

    Returns ``{"documents", "terms", "postings", "bytes", "text_bytes", "sha"}`` or ``None``
    (nothing changed) when the configuration is not supported (:func:`prebuilt_supported`).
    """
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    if not prebuilt_supported(index.get("config") or {}):
        return None
    prebuilt = build_prebuilt_index(index["config"], index["docs"], glossary)
    texts = [row[2] for row in prebuilt["docs"]]
    for row in prebuilt["docs"]:
        row[2] = ""
    texts_data = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    prebuilt["texts"] = f"{TEXTS}?v={hashlib.sha256(texts_data).hexdigest()[:16]}"
    data = json.dumps(prebuilt, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (site_dir / "search" / TEXTS).write_bytes(texts_data)
    (site_dir / "search" / PREBUILT).write_bytes(data)
    stub = {"config": index["config"], "docs": []}
    path.write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"documents": len(prebuilt["docs"]), "terms": len(prebuilt["terms"]),
            "postings": sum(len(lst) // 2 for lists in prebuilt["postings"] for lst in lists),
            "bytes": len(data), "text_bytes": len(texts_data), "sha": hashlib.sha256(data).hexdigest()[:16]}


def search_entries(site_dir: Path) -> list[dict]:
    """Material's search entries of a site built by the handbook, as MkDocs wrote them.

    Returns ``[{"location", "title", "text"[, "tags", "boost"]}, …]`` in index order: from
    ``search/handbook_index.json`` and ``handbook_texts.json`` when the site has them (with the U+200B word boundaries of the
    Thai segmentation removed), otherwise from ``search/search_index.json``.  For merging the
    entries of rebuilt pages into the previous index: entries are keyed by ``location``
    (``page.html`` or ``page.html#section``).  Raises ``FileNotFoundError`` when the site has no index.
    """
    prebuilt = site_dir / "search" / PREBUILT
    if prebuilt.is_file():
        docs = []
        texts = json.loads((site_dir / "search" / TEXTS).read_text(encoding="utf-8"))
        for row, text in zip(json.loads(prebuilt.read_text(encoding="utf-8"))["docs"], texts):
            entry = {"location": row[0], "title": row[1].replace(ZWSP, ""), "text": text.replace(ZWSP, "")}
            if len(row) > 3:
                entry.update(row[3])
            docs.append(entry)
        return docs
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def merge_search_index(previous: dict, rebuilt: dict, pages: set[str]) -> dict:
    """The complete search index after a dirty MkDocs build that re-rendered only ``pages``.

    ``previous`` is MkDocs' own index (``search/search_index.json`` as the
    search plugin wrote it, before :func:`apply_thai_search`) of the last
    complete build; ``rebuilt`` the index the dirty build wrote, which holds
    the entries of the re-rendered pages only; ``pages`` are those pages'
    locations (``procedures/x.html``).  Every entry whose location is one of
    ``pages`` (``procedures/x.html`` or ``procedures/x.html#section``) is
    replaced by the rebuilt entries of that page, at the place of the page's
    first old entry, so the result is the index a full build writes.  Entries
    of a rebuilt page that the previous index did not have go at the end.
    ``config`` comes from ``rebuilt``.  Returns a new dict; the inputs are not changed.
    """
    def page_of(doc: dict) -> str:
        return str(doc.get("location", "")).split("#", 1)[0]

    fresh: dict[str, list[dict]] = {}
    for doc in rebuilt.get("docs", []):
        fresh.setdefault(page_of(doc), []).append(doc)
    pages = set(pages) | set(fresh)
    docs, placed = [], set()
    for doc in previous.get("docs", []):
        page = page_of(doc)
        if page not in pages:
            docs.append(doc)
        elif page not in placed:
            placed.add(page)
            docs.extend(fresh.get(page, []))
    for page, entries in fresh.items():
        if page not in placed:
            docs.extend(entries)
    return {**previous, **{k: v for k, v in rebuilt.items() if k != "docs"}, "docs": docs}
