"""Text helpers: the fixed words of the printed manual (``_w``), Thai word breaking with
PyThaiNLP (U+200B between words), headings' text, body alignment; and :class:`TextMixin`
with :meth:`glue` (U+00A0 in names and "เขต ๑") and :meth:`breaks` (U+200B in table text).
"""

from __future__ import annotations

import functools
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.i18n import t
from generator.manuals.content import Chapter, Section
from generator.manuals.linebreaks import keep_marks, syllables
from generator.wordcut import dictionary_with


#: Fixed words of the printed manual that the site does not use (candidates for :mod:`generator.i18n`).


def _w(key: str, lang: str) -> str:
    return {"col_no": t("col_no_wrapping", lang), "flowchart_figure": t("flow_figure_title", lang)}.get(key) or t(key, lang)


# --------------------------------------------------------------------------- helpers

_THAI = re.compile("[\u0e01-\u0e5b]")
_NUMBER_WITH_WORD = re.compile(r"(?<![^\s(\u200b])([^\s\u200b]{1,8}) ([๐-๙0-9][๐-๙0-9.,/:]*)(?![^\s)\u200b])")
_DIGIT_END = re.compile("[๐-๙0-9]$")
_OPENER_BEFORE_THAI = re.compile("(?<!\u2060)([(\\[{\u201c\u2018])(?=[\u0e01-\u0e4e])")
_MARK_AFTER_THAI = re.compile("(?<=[\u0e01-\u0e4e])([ๆฯ])(?!ลฯ)")
_THAI_START = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44]")
_THAI_END = re.compile("[\u0e01-\u0e3a\u0e45-\u0e4e]$")


def _trie(names: tuple[str, ...]):
    """PyThaiNLP's dictionary with the parts of the office's proper names (ศรีสุข), built once per process."""
    return dictionary_with(tuple(sorted({part for name in names for part in name.split(" ") if part})))


@functools.lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _split_compound(token: str, names: tuple[str, ...]) -> list[str]:
    """A long dictionary compound (ปีงบประมาณ, มีผลกระทบ: 9 letters or more) as its two longest-first words
    (ปี งบประมาณ), so that a narrow column may break inside the compound rather than inside a word;
    proper names and tokens that are not two words are returned whole."""
    if len(token) < 9 or not _THAI.match(token) or any(token in name.split(" ") for name in names):
        return [token]
    words = _words()
    for cut in range(len(token) - 2, 1, -1):
        if token[:cut] in words and token[cut:] in words:
            return [token[:cut], token[cut:]]
    return [token]


def _thai_tokens(text: str, names: tuple[str, ...]) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, custom_dict=_trie(names), engine="newmm", keep_whitespace=True)


def _body_align(lang: str):
    """Thai body text uses Word's Thai distributed justification, English plain justification."""
    return WD_ALIGN_PARAGRAPH.THAI_JUSTIFY if lang == "th" else WD_ALIGN_PARAGRAPH.JUSTIFY


def _chapter_heading(chapter: Chapter, lang: str) -> str:
    return chapter.title


def _section_heading(section: Section) -> str:
    return f"{section.number}. {section.title}"


class TextMixin:
    """Line-breaking and no-break-space handling of the writer's text."""

    def tokens(self, text: str) -> list[str]:
        """``text`` cut into words (:func:`_thai_tokens` with the office's names), as cut in an earlier build
        when the writer's ``word_memo`` (a :class:`generator.cache.Memo`) holds it: an edit cuts its own text only."""
        memo = getattr(self, "word_memo", None)
        key = f"tokens\0{getattr(self, 'names_key', '')}\0{text}"
        known = memo.get(key) if memo is not None else None
        if known is None:
            known = tuple(_thai_tokens(text, self.names))
            if memo is not None:
                memo.put(key, known)
        return list(known)

    def glue(self, text: str) -> str:
        """``text`` with NO-BREAK SPACEs (U+00A0) where a line must not break: inside the office's and
        officers' names (นายประเสริฐ ทองดี, ศรีสุข เขต ๑) and between a short word and its number (เขต ๑)."""
        for name in self.names:
            if " " in name and name in text:
                text = text.replace(name, name.replace(" ", "\u00a0"))
        return keep_marks(_NUMBER_WITH_WORD.sub("\\1\u00a0\\2", text))

    def breaks(self, text: str, *, compounds: bool = True, keep_words: bool = True) -> str:
        """``text`` with a ZERO WIDTH SPACE (U+200B) between Thai words (PyThaiNLP ``newmm``).

        Word and LibreOffice break Thai lines by their own dictionaries and, in
        narrow table columns, cut words they do not know (งบประมา|ณ,
        ผู้อำนว|ยการ, measured in LibreOffice 7.4).  An explicit break
        opportunity at each word boundary lets them break between words.  The
        office's proper names (ศรีสุข) are added to the dictionary so that
        they are never cut; nothing is inserted next to a full stop (กศจ.).
        With ``compounds`` false, long dictionary compounds (ผู้อำนวยการ)
        stay whole (the memo's labels and positions, in wider columns).

        A number directly followed by a word (เขต ๑ต่อไป) gets a break
        opportunity between them, and an opening bracket or quote directly
        followed by Thai gets a WORD JOINER (U+2060) before it: LibreOffice
        7.4 otherwise cuts after the first letter that follows the bracket
        ("(ภ|าคเรียน", measured in a 30 mm column); with the joiner it moves
        "(ภาคเรียน" whole to the next line.  Both characters print nothing.

        The office's own words (``self.words``, :func:`generator.manuals.linebreaks.handbook_words`:
        บูรณาการ, งบประมาณ) get a WORD JOINER between their syllables: LibreOffice's dictionary
        otherwise cuts them at a syllable that is a word by itself (บูรณา|การ).  Not between every
        letter: a word then too wide for a narrow column is cut anywhere (ค|ณะกรรมการ); long
        compounds are still split in two dictionary words first (คณะ|กรรมการ, with ``compounds``).
        LibreOffice 7.4 misplaces some breaks in a paragraph that holds many joiners (by as many
        letters as there are joiners before them: ศรีสุข เ|ขต, measured 2026-12-05), so the memo,
        which the director signs, is written with ``keep_words`` false.
        """
        if self.lang != "th" or not _THAI.search(text):
            return text
        words = getattr(self, "words", frozenset()) if keep_words else frozenset()
        tokens = [piece for token in self.tokens(text)
                  for piece in (_split_compound(token, self.names) if compounds else [token])]
        tokens = ["\u2060".join(syllables(token)) if token in words else token for token in tokens]
        out = [tokens[0]] if tokens else []
        for index, (before, after) in enumerate(zip(tokens, tokens[1:])):
            thai_pair = _THAI_END.search(before) and _THAI_START.match(after) and len(before) > 1 and len(after) > 1
            after_slash = before == "/" and index > 0 and _THAI_END.search(tokens[index - 1]) and _THAI_START.match(after)
            # a number directly followed by a word (เขต ๑ต่อไป): LibreOffice would cut the word (ต่|อไป)
            after_number = _DIGIT_END.search(before) and _THAI_START.match(after) and len(after) > 1
            if (thai_pair or after_slash or after_number) and "." not in before + after:
                out.append("\u200b")
            out.append(after)
        return _MARK_AFTER_THAI.sub("\u2060\\1", _OPENER_BEFORE_THAI.sub("\u2060\\1", "".join(out)))
