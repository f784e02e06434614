"""Completeness warnings: what a valid project still lacks.

Two kinds, both warnings (``handbook check --strict`` makes them errors):

* missing English text, when the office publishes in English;
* what the ITA criterion for staff operations manuals checks — the OIT item
  "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่" (o10 in ITA 2567, O8 in
  ITA 2568) asks for the job title, the steps, the time of each step, the
  responsible role and the related laws.  A procedure missing one of these
  is warned about here and does not count for that item on the ITA page.
"""

from __future__ import annotations

from typing import Iterable

from generator.model.diagnostics import Diagnostic, format_path
from generator.model.loader import Handbook, Source, iter_texts


def completeness_warnings(handbook: Handbook) -> list[Diagnostic]:
    """Return the warnings for ``handbook``: missing English text and ITA gaps, file by file."""
    out: list[Diagnostic] = []
    if "en" in handbook.office.languages:
        items = [("office", handbook.office)]
        items += [(f"procedure:{pid}", p) for pid, p in handbook.procedures.items()]
        items += [(f"officer:{oid}", o) for oid, o in handbook.officers.items()]
        for key, model in items:
            out.extend(_missing_english(handbook.sources[key], model))
    for pid, procedure in handbook.procedures.items():
        source = handbook.sources[f"procedure:{pid}"]
        for loc, message, hint in ita_staff_manual_gaps(procedure):
            line, col = source.at(loc, key=True)
            out.append(Diagnostic(source.display, line, col, format_path(loc), message, hint, "warning"))
    return out


def _missing_english(source: Source, model) -> Iterable[Diagnostic]:
    for loc, text in iter_texts(model):
        if not text.has("en"):
            line, col = source.at(loc)
            yield Diagnostic(
                source.display, line, col, format_path(loc), "has no English text",
                'write it as {th: "…", en: "…"}; the English site shows the Thai text meanwhile',
                "warning",
            )


def ita_staff_manual_gaps(procedure) -> list[tuple[tuple, str, str]]:
    """What ``procedure`` lacks for the ITA staff-manual item.

    Returns a list of ``(loc, message, hint)``; empty when the procedure has
    the job title, steps, the time and the responsible role of every step, and
    at least one related law or regulation.
    """
    gaps: list[tuple[tuple, str, str]] = []
    for i, step in enumerate(procedure.steps):
        if step.duration is None:
            gaps.append((("steps", i, "duration"), "is missing",
                         'add how long this step takes, e.g. "๓ วันทำการ" (ITA asks for the time of each step)'))
        if step.responsible is None:
            gaps.append((("steps", i, "responsible"), "is missing",
                         'add who does this step, e.g. "นักวิเคราะห์นโยบายและแผน" (ITA asks for the responsible role)'))
    if not procedure.legal_basis:
        gaps.append((("legal_basis",), "is missing",
                     "list the laws and regulations this work follows (ITA asks for the related laws)"))
    return gaps
