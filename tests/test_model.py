"""The bundled example loads, round-trips, matches its schema, and the text helpers are right."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from generator.model.loader import iter_texts, load_handbook
from generator.model.documents import Officer, Procedure
from generator.model.schema import schema_texts
from generator.text import Text, fiscal_year_of, format_date, thai_digits

REPO = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).resolve().parent / "fixtures" / "example"  # the example office, as a fixture
YAML_FILES = sorted([REPO / "office.yml", *(REPO / "procedures").glob("*.yml"), *(REPO / "officers").glob("*.yml")])  # the office's own files: generic checks


@pytest.fixture(scope="module")
def handbook():
    handbook, diagnostics = load_handbook(ROOT)
    assert handbook is not None, "\n".join(d.format() for d in diagnostics)
    return handbook


def test_bundled_example_is_clean_even_strict(handbook):
    _h, diagnostics = load_handbook(ROOT)
    # only what an office must fill in itself: the example's contact values and the emblem it lacks
    fill_in = {("office.yml", f) for f in ("address", "phone", "email", "website", "handbook_url", "emblem")}
    assert {(d.file, d.path) for d in diagnostics} == fill_in
    assert [d.format() for d in diagnostics if (d.file, d.path) not in fill_in] == []


def test_bundled_example_size(handbook):
    assert len(handbook.procedures) >= 20
    assert len(handbook.officers) >= 4
    positions = {o.position.th for o in handbook.officers.values()}
    assert "ผู้อำนวยการกลุ่มนโยบายและแผน" in positions
    assert "เจ้าพนักงานธุรการ" in positions
    assert sum(o.position.th == "นักวิเคราะห์นโยบายและแผน" for o in handbook.officers.values()) >= 2
    for officer in handbook.officers.values():
        assert len(officer.procedures) >= 2, officer.id


def test_bundled_example_has_decision_loops(handbook):
    loops = []
    for procedure in handbook.procedures.values():
        ids = [s.id for s in procedure.steps]
        for index, step in enumerate(procedure.steps):
            for branch in step.branches:
                if branch.goto in ids and ids.index(branch.goto) < index:
                    loops.append(procedure.id)
    assert len(set(loops)) >= 2


def test_every_text_is_translated(handbook):
    for key, model in [("office", handbook.office), *[(p, m) for p, m in handbook.procedures.items()],
                       *[(o, m) for o, m in handbook.officers.items()]]:
        for loc, text in iter_texts(model):
            assert text.has("en"), (key, loc)


def test_no_real_names_from_the_seeds():
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("seeds not available")
    banned = ["สุกัญญา", "นามแก้ว", "อุณรรัตน์", "เข้มพรชัย", "ถาวร คูณิรัตน์", "รประภา", "อุบลราชธานี", "พะเยา", "พระนครศรีอยุธยา"]
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8")
        for name in banned:
            assert name not in text, (path.name, name)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_file_starts_with_schema_line(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema.exists(), schema


@pytest.mark.parametrize("kind,model", [("procedure", Procedure), ("officer", Officer)])
def test_round_trip(handbook, kind, model):
    items = handbook.procedures if kind == "procedure" else handbook.officers
    for item in items.values():
        dumped = yaml.safe_dump(item.model_dump(mode="json", exclude_defaults=True), allow_unicode=True)
        again = model.model_validate(yaml.safe_load(dumped))
        assert again == item


def test_schema_files_are_up_to_date():
    for name, text in schema_texts().items():
        assert (REPO / "schema" / name).read_text(encoding="utf-8") == text, f"run `handbook schema` ({name})"


def test_schema_accepts_plain_and_bilingual_text():
    schema = json.loads(schema_texts()["procedure.schema.json"])
    assert schema["properties"]["title"]["$ref"] == "#/$defs/Text"
    text_schema = schema["$defs"]["Text"]
    assert any(option.get("type") == "string" for option in text_schema["anyOf"])
    substep = schema["$defs"]["SubStep"]
    assert text_schema in substep["anyOf"]


def test_text_fallback():
    assert Text.model_validate("งาน").get("en") == "งาน"
    assert not Text.model_validate("งาน").has("en")
    assert Text.model_validate({"th": "งาน", "en": "Work"}).get("en") == "Work"


def test_thai_digits_dates_and_fiscal_year():
    assert thai_digits("FY 2569, 12.5") == "FY ๒๕๖๙, ๑๒.๕"
    assert format_date(dt.date(2025, 10, 1), "th") == "๑ ตุลาคม ๒๕๖๘"
    assert format_date(dt.date(2025, 10, 1), "th", "arabic") == "1 ตุลาคม 2568"
    assert format_date(dt.date(2025, 10, 1), "en") == "1 October 2025"
    assert fiscal_year_of(dt.date(2025, 9, 30)) == 2568
    assert fiscal_year_of(dt.date(2025, 10, 1)) == 2569
