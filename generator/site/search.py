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
   such as ``สพป.``), and the ``en`` pipeline without lunr's trimmer (whose
   ``\\W`` strips Thai letters).  No lunr language file is needed, so
   ``wordcut.js`` and ``tinyseg.js`` are removed from the site.
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
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

from generator.site.pages import TEMPLATES

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
        from pythainlp.util import Trie

        self._words = thai_words()
        self._trie = Trie(self._words)
        self._newmm = newmm
        self._parts: dict[str, list[str]] = {}

    def words(self, run: str) -> list[str]:
        return [w for w in self._newmm.segment(run, custom_dict=self._trie) if w.strip()]

    def parts(self, word: str) -> list[str]:
        if word not in self._parts:
            self._parts[word] = [word]
            if len(word) >= 4 and word in self._words:
                self._trie.remove(word)
                try:
                    parts = self._newmm.segment(word, custom_dict=self._trie)
                finally:
                    self._trie.add(word)
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
    ``en`` (no lunr language file, no wordcut.js) and its pipeline to the
    stemmer and stop-word filter without the trimmer.  Returns a summary
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
    index["config"]["pipeline"] = ["stopWordFilter", "stemmer"]
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
        from generator.cache import tool_fingerprint

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


def patch_search_worker(site_dir: Path, words: set[str], parts: set[str]) -> Path:
    """Prepend the Thai query segmenter to Material's search worker in ``site_dir``.

    ``words`` are the Thai words of the index; ``parts`` the words found
    inside its compound words.  Both are written into the worker as its vocabulary.

    Returns the path of the patched worker.  Raises ``RuntimeError`` when the
    worker is not found (a Material version this code was not tested with).
    """
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise RuntimeError("Material's search worker was not found: check the mkdocs-material version pin")
    worker = workers[0]
    vocabulary = "self.__thaiVocabulary = " + json.dumps(
        {"words": sorted(words), "parts": sorted(parts)}, ensure_ascii=False, separators=(",", ":")) + ";\n"
    prelude = vocabulary + (TEMPLATES / "site" / "thai-query.js").read_text(encoding="utf-8")
    original = worker.read_text(encoding="utf-8")
    if "/* thai-query */" not in original:
        worker.write_text(prelude + "\n" + original, encoding="utf-8")
    return worker


def patch_result_display(site_dir: Path) -> Path:
    """Give a site that has no Thai search (the English one) the display part of ``thai-query.js``.

    The worker gets ``thai-query.js`` with an empty vocabulary: queries pass unchanged, and a
    page-level result whose text is empty shows the text of the page's first section (see
    ``templates/site/thai-query.js``).  The index is not changed.  Returns the worker's path;
    raises ``RuntimeError`` as :func:`patch_search_worker`.
    """
    return patch_search_worker(site_dir, set(), set())


def apply_thai_search(site_dir: Path, cache_file: Path | None = None) -> dict:
    """Make the search of the built site at ``site_dir`` Thai-aware (steps 1–3 above).

    ``cache_file``: segmentations of the previous build (see :func:`_segment_index`).
    """
    summary, words, parts = _segment_index(site_dir, cache_file)
    patch_search_worker(site_dir, words, parts)
    return summary


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
