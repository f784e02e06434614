"""``handbook import``: sources → drafts in a project folder, with a report.

:func:`import_sources` reads each source (:mod:`.sources`), recognises its
procedures and author (:mod:`.sections`), builds drafts (:mod:`.draft`) and
writes them as commented YAML (:mod:`.writer`) under ``procedures/`` and
``officers/`` of the target folder.  It never overwrites a file: when a
target exists it writes nothing at all and says which files are in the way,
unless ``force`` is given.  An officer the office already has (same name, or
the file of the same id) is not a new file: the imported procedures are added
to that officer's ``procedures:`` and empty fields filled in
(:mod:`.merge`), and the procedures take the officer's work unit.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

import yaml

from generator.importers.draft import Draft, officer_draft, procedure_draft, slug
from generator.importers.merge import merge_officer, sample_procedure
from generator.importers.sections import Found, FoundOfficer, find
from generator.importers.sources import NOTES as source_notes
from generator.importers.sources import ImportProblem, read_source
from generator.importers.writer import to_yaml


@dataclasses.dataclass
class ImportResult:
    """What an import did: ``written`` paths, ``drafts``, ``errors`` (plain lines) and ``report`` lines."""

    written: list[Path]
    drafts: list[Draft]
    errors: list[str]
    report: list[str]
    updated: list[Path] = dataclasses.field(default_factory=list)
    """Existing files edited in place (an officer's procedures added, empty fields filled)."""


def _project(into: Path) -> tuple[list[tuple[str, str]], str]:
    """Work units ``(id, Thai name)`` and the office name of the project at ``into`` (empty when absent)."""
    try:
        office = yaml.safe_load((into / "office.yml").read_text(encoding="utf-8")) or {}
        units = [(u["id"], _th(u.get("name"))) for u in office["group"]["work_units"]]
        return units, _th(office.get("name"))
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return [], ""


def _th(value) -> str:
    if isinstance(value, dict):
        return str(value.get("th") or "")
    return str(value or "")


def _unit(units: list[tuple[str, str]], text: str) -> tuple[str, str]:
    """The work unit whose name best matches ``text``, and the note to write beside it."""
    if not units:
        return "work-unit", "no office.yml with work units in this folder: create it (or import with --into your project), then put the id of a work unit here"
    best, score = units[0][0], 0.0
    for uid, name in units:
        if name and name in text:
            return uid, f"chosen because the manual names {name}; check it"
        ratio = max((difflib.SequenceMatcher(None, name, text[i:i + len(name)]).ratio()
                     for i in range(0, max(1, len(text) - len(name)), 20)), default=0.0)
        if ratio > score:
            best, score = uid, ratio
    return best, "the manual does not name a work unit of office.yml exactly: check that this is the right one"


def _known_officers(into: Path) -> dict[str, str]:
    """Thai name → id of the officer files already in the project."""
    return {name: ident for name, (ident, _unit) in _officers(into).items()}


def _officers(into: Path) -> dict[str, tuple[str, str]]:
    """Thai name (spaces removed) → (id, work unit id) of the officer files already in the project."""
    known: dict[str, tuple[str, str]] = {}
    for path in sorted((into / "officers").glob("*.yml")) if (into / "officers").is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            known[_th(data.get("name")).replace(" ", "")] = (str(data.get("id") or path.stem),
                                                             str(data.get("work_unit") or ""))
        except (OSError, yaml.YAMLError, AttributeError):
            continue
    return known


def _officer_id(officer: FoundOfficer | None, taken: set[str]) -> str:
    ident = "manual-author"
    if officer and officer.name:
        import re

        name = re.sub(r"^(นางสาว|นาย|นาง|ว่าที่\s*ร\.?\s*ต\.?\s*(หญิง)?|ดร\.)\s*", "", officer.name).split()
        if len(name) >= 2:
            first, last = slug(name[0], "officer").replace("-", ""), slug(name[1], "x")
            ident = f"{first}-{last[0]}"
        elif name:
            ident = slug(name[0], "manual-author").replace("-", "")
    base, n = ident, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def import_sources(sources: list[Path], into: Path, force: bool = False, repair: bool = True,
                   ocr: bool = False) -> ImportResult:
    """Import ``sources`` into the project folder ``into``.

    Returns an :class:`ImportResult`; never raises for bad input (each problem is
    a line in ``errors`` naming the file and what to do).  Nothing is written when
    any target file exists and ``force`` is false.  ``ocr``: read PDF pages without a text
    layer with OCR (:mod:`.ocr`).
    """
    into = Path(into)
    units, office_name = _project(into)
    approver = f"ผู้อำนวยการ{office_name}" if office_name else "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
    errors: list[str] = []
    drafts: list[Draft] = []
    taken_procedures: set[str] = set()
    taken_officers: set[str] = {p.stem for p in (into / "officers").glob("*.yml")} if (into / "officers").is_dir() else set()
    officers = _officers(into)
    merged: set[str] = set()  # ids of existing officers the drafts go into
    notes: list[str] = []  # what the readers say that does not stop the import (pages without text)
    for source in sources:
        source = Path(source)
        try:
            blocks = read_source(source, repair=repair, ocr=ocr)
        except ImportProblem as exc:
            errors.append(str(exc))
            continue
        notes += source_notes
        found: Found = find(blocks)
        if not found.procedures:
            errors.append(f"{source}: no procedure found (no วัตถุประสงค์ or ขั้นตอนการปฏิบัติงาน headings, "
                          "no step table); is it an operations manual? Give the manual, or copy its text into a .txt file")
            continue
        existing = officers.get((found.officer.name or "").replace(" ", "")) if found.officer else None
        if existing:
            officer_id = existing[0]
            merged.add(officer_id)
        else:
            officer_id = _officer_id(found.officer, taken_officers)
            taken_officers.add(officer_id)
        text = found.unit_hint + " " + " ".join(p.title for p in found.procedures)
        unit, unit_note = _unit(units, text)
        if existing and existing[1] in {u for u, _n in units}:
            unit, unit_note = existing[1], f"the work unit of officers/{officer_id}.yml; check it"
        ids = []
        for proc in found.procedures:
            ident = slug(proc.title, "procedure")
            base, n = ident, 2
            while ident in taken_procedures:
                ident, n = f"{base}-{n}", n + 1
            taken_procedures.add(ident)
            ids.append(ident)
            drafts.append(procedure_draft(proc, ident, unit, officer_id, unit_note, approver, source.name))
        officer_draft_ = officer_draft(found.officer or FoundOfficer(None, None, None, []), officer_id, unit,
                                       unit_note, ids, source.name)
        drafts.append(officer_draft_)
    targets = [(d, into / ("procedures" if d.kind == "procedure" else "officers") / f"{d.id}.yml") for d in drafts]
    existing = [p for d, p in targets if p.exists() and not (d.kind == "officer" and d.id in merged)]
    report: list[str] = list(notes)
    written: list[Path] = []
    if existing and not force:
        for p in existing:
            errors.append(f"{p}: already exists; nothing was written. Import into an empty folder with --into, "
                          "compare, and copy what you need — or give --force to replace these files")
        return ImportResult([], drafts, errors, report)
    updated: list[Path] = []
    changes: dict[Path, list[str]] = {}
    for draft, path in targets:
        if draft.kind == "officer" and draft.id in merged and path.exists():
            try:
                changes[path] = merge_officer(path, draft.data)
            except Exception as exc:  # noqa: BLE001 — a file that does not parse: say so, write no officer
                errors.append(f"{path}: could not add the imported procedures ({type(exc).__name__}: "
                              f"{' '.join(str(exc).split())[:200]}); add {', '.join(draft.data['procedures'])} "
                              "to its procedures: by hand")
                continue
            if changes[path]:
                updated.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_yaml(draft), encoding="utf-8")
        written.append(path)
    for draft, path in targets:
        if path in changes:
            report.append(f"{path}: officer {draft.data['name']} (already in the office): "
                          + ("; ".join(changes[path]) if changes[path] else "nothing to add"))
            continue
        if draft.kind == "procedure":
            report.append(f"{path}: {draft.data['title']}")
        else:
            report.append(f"{path}: officer {draft.data['name']}")
        report.append("    found: " + (", ".join(draft.found) or "nothing"))
        if draft.missing:
            report.append("    missing (see # TODO in the file): " + ", ".join(draft.missing))
    if any(d.kind == "procedure" for d in drafts) and written:
        sample = sample_procedure(into)
        if sample is not None and sample not in written:
            report.append(f"{sample}: the example procedure that handbook init wrote is still here; now that the office "
                          "has its own, remove it with: handbook import --remove-sample (its id is taken out of "
                          "officers/*.yml and office.yml too) — or keep it as a model to copy")
    return ImportResult(written, drafts, errors, report, updated)
