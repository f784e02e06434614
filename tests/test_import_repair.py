"""Thai text repair: each kind of damage met in text extracted from PDFs, repaired; sound text left alone."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from generator.importers.thai_repair import PUA_MAP, lost_sara_am, needs_repair, repair_line, repair_text


@pytest.mark.parametrize("broken, repaired", [
    # SARA AM as NIKHAHIT + SARA AA (the two glyphs of the font), or with a space between
    ("งานจัดทําแผน", "งานจัดทำแผน"),
    ("สํานักงานเขตพื้นที่การศึกษา", "สำนักงานเขตพื้นที่การศึกษา"),
    ("ดํ าเนินงาน", "ดำเนินงาน"),
    # SARA AM lost to a space + SARA AA: the dictionary chooses ำ …
    ("ท างาน ส านักงาน", "ทำงาน สำนักงาน"),
    # … or a stray space before า
    ("การศึกษาข้อมูลพื้นฐ าน", "การศึกษาข้อมูลพื้นฐาน"),
    # tone mark before its vowel, and a vowel displaced onto the next consonant (glyphs sorted by position)
    ("ท่ีประชุม", "ที่ประชุม"),
    ("แผนพัฒนาการศึกษาข้นั พ้นื ฐาน", "แผนพัฒนาการศึกษาขั้นพื้นฐาน"),
    ("เพ่อื จัดทำแผน", "เพื่อจัดทำแผน"),
    # glyphs of legacy Thai fonts in the private-use area
    ("ผู\uf70bอำนวยการ", "ผู้อำนวยการ"),
    ("ที\uf70a", "ที่"),
    ("\uf700านข้อมูล", "ฐานข้อมูล"),
    ("กิจกรรมท\uf702\uf70a", "กิจกรรมที่"),
    # spaces inside words
    ("หน่ วยงานที ่เกี ่ยวข้อง", "หน่วยงานที่เกี่ยวข้อง"),
    ("คณะ กรรมการ", "คณะกรรมการ"),
    ("การศึ กษา", "การศึกษา"),
    # doubled marks
    ("ก่่อน", "ก่อน"),
    ("ผู้้รับผิดชอบ", "ผู้รับผิดชอบ"),
])
def test_each_kind_of_damage_is_repaired(broken, repaired):
    assert repair_text(broken) == repaired


@pytest.mark.parametrize("sound", [
    "ศึกษา วิเคราะห์ และทบทวนกลยุทธ์",
    "รายงาน สพฐ. ภายในเวลาที่กำหนด",
    "เสนอขอความเห็นชอบ กศจ.ศรีสุข",
    "(นายสมชาย ใจดี) ผู้อำนวยการ",
    "ทางราชการ ทาสีอาคาร",
    "School – Based Management (SBM) 2568",
    "",
])
def test_sound_text_is_left_as_written(sound):
    assert repair_text(sound) == sound
    assert not needs_repair(sound)


def test_lines_are_kept_line_for_line():
    text = "ท่ี\n\nสํานักงาน\nok"
    assert repair_text(text).split("\n") == ["ที่", "", "สำนักงาน", "ok"]


def test_every_private_use_glyph_maps_to_a_thai_character():
    assert sorted(PUA_MAP) == [chr(c) for c in range(0xF700, 0xF71B)]
    assert all("\u0e01" <= v <= "\u0e4e" for v in PUA_MAP.values())


def test_sara_am_lost_in_a_whole_document_is_restored_where_the_dictionary_prefers():
    document = "งานจัดทาแผนปฏิบัติการประจาปี " * 10
    assert lost_sara_am(document)
    assert repair_line("งานจัดทาแผนปฏิบัติการประจาปี ทางราชการ", lost_am=True) == "งานจัดทำแผนปฏิบัติการประจำปี ทางราชการ"
    assert not lost_sara_am("สำนักงาน " * 30)


# --------------------------------------------------------------------------- real extracted text (issue 19)

REAL = Path(__file__).parent / "fixtures" / "import" / "real_damage.tsv"


def _real_pairs() -> list[tuple[str, str, str]]:
    rows = []
    for line in REAL.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            damaged, correct, source = line.split("\t")
            rows.append((damaged, unicodedata.normalize("NFC", correct), source))
    return rows


def test_real_damage_is_restored_and_the_correct_forms_are_kept():
    """The hand-checked pairs of real extracted text: ≥ 95 % restored exactly; no correct form changed."""
    rows = _real_pairs()
    assert len(rows) >= 60
    restored = [d for d, c, _s in rows if repair_text(d) == c]
    assert len(restored) >= 0.95 * len(rows), [(d, repair_text(d), c) for d, c, _s in rows if repair_text(d) != c]
    assert [c for _d, c, _s in rows if repair_text(c) != c] == []


@pytest.mark.parametrize("broken, repaired", [
    ("จดั", "จัด"), ("เกดิ", "เกิด"), ("ทนัสมยั", "ทันสมัย"), ("ประสทิธภิาพ", "ประสิทธิภาพ"), ("ยดึ", "ยึด"),
    ("รบัผดิชอบ", "รับผิดชอบ"), ("ผลสมัฤทธิข์อง", "ผลสัมฤทธิ์ของ"),
    # ำ split into a space and า, in a word whose vowel is also misplaced: ำ comes back, the space goes
    ("การก ากบั", "การกำกับ"),
    ("ผ้รูับผิดชอบ", "ผู้รับผิดชอบ"),
    ("ในการจดัทำแผนให้ทนัสมยั", "ในการจัดทำแผนให้ทันสมัย"),
])
def test_marks_written_after_the_next_letter_go_back_over_their_consonant(broken, repaired):
    assert repair_text(broken) == repaired


@pytest.mark.parametrize("broken, repaired", [
    ("สำนัก\ufffdาน", "สำนักงาน"),
    ("ผู้อำนวย\ufffdาร", "ผู้อำนวยการ"),
])
def test_a_replacement_character_becomes_the_letter_the_dictionary_reads(broken, repaired):
    assert needs_repair(broken)
    assert repair_text(broken) == repaired


def test_an_unreadable_replacement_character_is_kept_not_guessed():
    assert repair_text("\ufffd\ufffd\ufffd") == "\ufffd\ufffd\ufffd"


def test_sound_words_of_the_example_procedures_are_never_changed():
    """Every Thai text of the example office's procedures, repaired, comes back exactly as written."""
    from generator.model.loader import iter_texts, require_handbook

    handbook = require_handbook(Path(__file__).parent / "fixtures" / "example")
    texts = [t.get("th") for p in handbook.procedures.values() for _loc, t in iter_texts(p) if t.get("th")]
    assert len(texts) > 300
    changed = [(t, repair_text(t)) for t in texts if repair_text(t) != t]
    assert changed == []
