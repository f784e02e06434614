"""Thai text repair: each kind of damage met in text extracted from PDFs, repaired; sound text left alone."""

from __future__ import annotations

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
