"""Thai word cutting kept between builds: the shared dictionary trie (generator/wordcut.py), the memo
file (generator.cache.Memo) and the DOCX writer that uses both (issue 21: an edit re-cuts its own text only)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pythainlp.tokenize import word_dict_trie, word_tokenize
from pythainlp.util import Trie

from generator.cache import Memo
from generator.model.loader import require_handbook
from generator.wordcut import DictionaryTrie, WordTrie, dictionary, dictionary_with

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"

SENTENCES = [
    "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาศรีสุข เขต ๑ จัดทำแผนปฏิบัติการประจำปีงบประมาณ",
    "นายประเสริฐ ทองดี ผู้อำนวยการกลุ่มนโยบายและแผน ตรวจสอบความถูกต้องของข้อมูลสารสนเทศ",
    "บ้านโคกกระเจาวิทยาคารส่งรายงานผลการดำเนินงานตามตัวชี้วัดผ่านระบบอิเล็กทรอนิกส์",
    "การบูรณาการงบประมาณเพื่อพัฒนาคุณภาพการศึกษา หนังสือราชการ และงานสารบรรณ",
]


def _cut(text: str, trie: Trie) -> list[str]:
    return word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=True)


def test_the_dictionary_as_sets_cuts_as_pythainlp_trie_on_every_text_of_the_example():
    from generator.model.loader import iter_texts

    handbook = require_handbook(EXAMPLE)
    texts = [text.th for model in [handbook.office, *handbook.procedures.values(), *handbook.officers.values()]
             for _loc, text in iter_texts(model)]
    assert len(texts) > 1000
    sets, trie = dictionary(), word_dict_trie()
    assert isinstance(sets, DictionaryTrie) and len(sets) == len(trie)
    differ = [text for text in texts if _cut(text, sets) != _cut(text, trie)]
    assert differ == []
    with pytest.raises(TypeError):
        sets.add("ศรีสุข")  # shared by every writer of the process: never changed


def test_added_words_cut_as_a_trie_built_with_them():
    extra = ("ศรีสุข", "โคกกระเจา", "กระเจา")
    built = Trie(set(word_dict_trie()) | set(extra))
    shared = WordTrie(extra)
    for sentence in SENTENCES:
        assert _cut(sentence, shared) == _cut(sentence, built)
    # the name is kept whole only because it was added
    assert "โคกกระเจา" in _cut(SENTENCES[2], shared)
    assert "โคกกระเจา" not in _cut(SENTENCES[2], word_dict_trie())


def test_left_out_word_cuts_as_a_trie_without_it_and_the_shared_trie_is_untouched():
    base = dictionary()
    size = len(base)
    assert "งบประมาณ" in base
    without = WordTrie(without=("งบประมาณ",))
    built = Trie(set(word_dict_trie()) - {"งบประมาณ"})
    for sentence in SENTENCES:
        assert _cut(sentence, without) == _cut(sentence, built)
    assert "งบประมาณ" not in without and "งบประมาณ" in base and len(base) == size
    assert len(without) == size - 1


def test_no_extra_word_is_the_shared_dictionary():
    assert dictionary_with() is dictionary()
    assert dictionary_with(("ศรีสุข",)) is dictionary_with(("ศรีสุข",))  # built once per process


def test_memo_keeps_values_between_processes_and_merges_two_writers(tmp_path):
    path = tmp_path / "memo.marshal"
    first, second = Memo(path, "v1"), Memo(path, "v1")
    first.put("ก", ("ก", "ข"))
    second.put("ข", "ค")
    first.save()
    second.save()  # reads the file again: keeps what the first one wrote
    again = Memo(path, "v1")
    assert again.get("ก") == ("ก", "ข") and again.get("ข") == "ค"
    assert Memo(path, "v2").get("ก") is None  # another tool version: an empty memo
    path.write_bytes(b"not marshal")
    assert Memo(path, "v1").get("ก") is None  # a damaged file: an empty memo, no error


def test_memo_over_its_limit_keeps_what_this_build_used(tmp_path):
    path = tmp_path / "memo.marshal"
    old = Memo(path, "v", limit=3)
    for key in "abc":
        old.put(key, key)
    old.save()
    memo = Memo(path, "v", limit=3)
    assert memo.get("c") == "c"
    memo.put("d", "d")
    memo.put("e", "e")
    memo.save()
    kept = Memo(path, "v").items
    assert set(kept) == {"c", "d", "e"}


@pytest.fixture()
def office(tmp_path) -> Path:
    root = tmp_path / "office"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".cache", "site", "docs"))
    return root


def _document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def test_docx_after_an_edit_cuts_only_the_edited_text_and_writes_the_same_document(office, tmp_path, monkeypatch):
    import generator.manuals.docx.text as docx_text
    from generator.manuals.docx import write_manual_docx

    cache = office / ".cache"
    handbook = require_handbook(office)
    write_manual_docx(handbook, handbook.manuals["thanakorn-b"], "th", tmp_path / "first.docx", cache_dir=cache)
    assert (cache / "docx-thai-words.marshal").is_file()

    path = office / "procedures" / "budget-allocation.yml"
    text = path.read_text(encoding="utf-8")
    assert "th: เสนอผลการจัดสรรงบประมาณ" in text
    path.write_text(text.replace("th: เสนอผลการจัดสรรงบประมาณ", "th: เสนอผลการจัดสรรงบประมาณประจำปี", 1), encoding="utf-8")
    handbook = require_handbook(office)

    cut: list[str] = []
    real = docx_text._thai_tokens
    monkeypatch.setattr(docx_text, "_thai_tokens", lambda text, names: cut.append(text) or real(text, names))
    write_manual_docx(handbook, handbook.manuals["thanakorn-b"], "th", tmp_path / "edited.docx", cache_dir=cache)
    assert cut and all("ประจำปี" in text for text in cut), cut  # the unchanged texts came from the memo
    assert "ประจำปี" in _document_xml(tmp_path / "edited.docx").decode("utf-8")

    monkeypatch.setattr(docx_text, "_thai_tokens", real)
    write_manual_docx(handbook, handbook.manuals["thanakorn-b"], "th", tmp_path / "fresh.docx", cache_dir=tmp_path / "fresh-cache")
    assert _document_xml(tmp_path / "edited.docx") == _document_xml(tmp_path / "fresh.docx")
