"""Thai word cutting shared by the writers: PyThaiNLP's dictionary, built once per process, with
words added or left out without building it again.

Thai has no spaces between words; every writer cuts Thai text with PyThaiNLP's ``newmm`` (maximal
matching on its 62,000-word dictionary).  PyThaiNLP builds a trie of that dictionary the first time
a process cuts a word (0.4 s, measured 2026-12-05 on the 2-core machine), and a custom dictionary
(``dict_trie(thai_words() | extra)``) builds a second one of the same size.  The manual writers want
the dictionary with a few words more (the office's proper names, so that ศรีสุข is never cut) and
the search index wants it with one word less (a compound cut into its parts); each such trie used
to cost another 0.4 s in every process, several times per build.

:class:`DictionaryTrie` holds PyThaiNLP's dictionary as two sets (faster to build and to cut with than
its trie); :class:`WordTrie` answers ``newmm``'s questions (``prefixes``, ``in``) from it plus a small
trie of the extra words, minus the words left out: the same answers as a trie
built from ``(dictionary | extra) - without``, so the same cuts, for the cost of the extra words.
"""

from __future__ import annotations

import functools
from typing import Iterable, Iterator

from pythainlp.corpus import thai_words
from pythainlp.util import Trie


class DictionaryTrie(Trie):
    """PyThaiNLP's word dictionary as two sets (its words, and every proper prefix of them), asked as a trie.

    ``newmm`` only asks a trie which words start at a position of the text
    (:meth:`prefixes`) and whether it holds a word.  Two frozensets answer
    both with the same results as PyThaiNLP's ``Trie(thai_words())``, are
    built in 0.16 s instead of 0.37 s, and cut text 2.5 times faster (the
    Thai of a manual piece: 13 ms against 33 ms; measured 2026-12-05,
    ``tests/test_wordcut.py`` checks the cuts are the same).
    """

    def __init__(self, words=None):
        self._words = frozenset(word.strip() for word in (thai_words() if words is None else words) if word.strip())
        self._starts = frozenset(word[:end] for word in self._words for end in range(1, len(word)))
        self._longest = max(map(len, self._words), default=0)
        self._word_count = len(self._words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The dictionary words that start at ``start`` in ``text``, shortest first."""
        found = []
        for end in range(start + 1, min(len(text), start + self._longest) + 1):
            piece = text[start:end]
            if piece in self._words:
                found.append(piece)
            if piece not in self._starts:
                break
        return found

    def __contains__(self, key: str) -> bool:
        return key in self._words

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return self._word_count

    def add(self, word: str) -> None:  # noqa: D102 - shared by every writer of the process: never changed
        raise TypeError("the shared dictionary is never changed: use WordTrie(extra=..., without=...)")

    remove = add


@functools.lru_cache(maxsize=1)
def dictionary() -> DictionaryTrie:
    """PyThaiNLP's word dictionary (:class:`DictionaryTrie`), built once per process (forked workers share it)."""
    return DictionaryTrie()


class WordTrie(Trie):
    """``base`` (default: PyThaiNLP's dictionary, :func:`dictionary`) with ``extra`` words added and ``without`` left out.

    Inputs: ``extra`` and ``without``, iterables of words (spaces around a word are dropped, as
    :class:`pythainlp.util.Trie` does).  Usable wherever PyThaiNLP takes a ``custom_dict``; it never
    changes ``base`` (shared by every caller in the process, and by threads).
    """

    def __init__(self, extra: Iterable[str] = (), without: Iterable[str] = (), base: Trie | None = None):
        self._base = base if base is not None else dictionary()
        self._without = frozenset(without)
        super().__init__([word for word in extra if word.strip() and word.strip() not in self._base])

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words of the trie that start at ``start`` in ``text``, shortest first (as :class:`Trie`)."""
        found = self._base.prefixes(text, start)
        if self._without:
            found = [word for word in found if word not in self._without]
        added = super().prefixes(text, start)
        if added:
            found = sorted(set(found).union(added), key=len)
        return found

    def __contains__(self, key: str) -> bool:
        return key not in self._without and (key in self._base or super().__contains__(key))

    def __iter__(self) -> Iterator[str]:
        yield from (word for word in self._base if word not in self._without)
        yield from super().__iter__()

    def __len__(self) -> int:
        return len(self._base) + super().__len__() - sum(1 for word in self._without if word in self._base)


@functools.lru_cache(maxsize=16)
def dictionary_with(extra: tuple[str, ...] = ()) -> Trie:
    """PyThaiNLP's dictionary with the words ``extra`` (a tuple, for the cache): the trie to cut with.

    With no extra word this is :func:`dictionary` itself.
    """
    return WordTrie(extra) if extra else dictionary()


@functools.lru_cache(maxsize=1)
def syllable_dictionary() -> DictionaryTrie:
    """PyThaiNLP's syllable dictionary (``thai_syllables``) as a :class:`DictionaryTrie`, built once per process."""
    from pythainlp.corpus import thai_syllables

    return DictionaryTrie(thai_syllables())


def syllables(text: str) -> list[str]:
    """``text`` cut into syllables: PyThaiNLP's ``syllable_tokenize(text, engine="dict")`` (each word of
    :func:`dictionary` cut with the syllable dictionary), without building PyThaiNLP's own word trie
    in the process (1 s in a manual worker, profiled 2026-12-05)."""
    from pythainlp.tokenize import word_tokenize

    return [syllable for word in word_tokenize(text, custom_dict=dictionary())
            for syllable in word_tokenize(word, custom_dict=syllable_dictionary())]
