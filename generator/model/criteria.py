"""The ITA years table, ``ita/criteria.yml``: each year's OIT items about manuals, validated like the YAML of the office.

The item codes, titles and criteria of each ITA year are data, in
``ita/criteria.yml`` (validated by :class:`ItaCriteria`), so the office can
update them when the NACC publishes a new year's manual without touching code.
The source of each year is written in that file; none of the codes there has
been compared with the NACC manuals themselves (they come from the project's
GLOSSARY.md and issue 6), and the file says so (``verified: false``).

What is checked is code (:data:`CHECKS`, :mod:`generator.ita.report`): each
criterion of the data file names one check.

Moved verbatim from ``generator/ita/kit.py`` (issue 22): ``CRITERIA_FILE``, ``BUNDLED_CRITERIA``,
``ItemKind``, ``CheckId``, ``CHECKS``, ``Criterion``, ``ItaItem``, ``ItaYear``, ``ItaCriteria``,
``load_criteria``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from generator.model.diagnostics import CheckFailed, Diagnostic, format_path, relative
from generator.model.documents import Strict
from generator.model.explain import explain
from generator.model.yamlsource import YamlError, load_yaml
from generator.text import Text


CRITERIA_FILE = "ita/criteria.yml"
"""The years table, relative to the project root."""

BUNDLED_CRITERIA = Path(__file__).resolve().parents[2] / CRITERIA_FILE
"""The table shipped with the generator, used when a project has none of its own."""

ItemKind = Literal["staff-manual", "service-manual"]
CheckId = Literal["job_title", "steps", "step_time", "laws", "publication_memo", "channel_or_unit", "fee", "documents"]

#: What each check looks at.  Adding a check id to ``ita/criteria.yml`` needs an entry here and code below.
CHECKS: dict[str, str] = {
    "job_title": "every step names the responsible role (steps[n].responsible); owners have a position",
    "steps": "the procedure has steps (always true of a valid procedure)",
    "step_time": "every step has a time (steps[n].duration)",
    "laws": "the procedure lists related laws or regulations (legal_basis)",
    "publication_memo": "each manual has its publication memo (memo in manuals/<id>.yml)",
    "channel_or_unit": "a service names its channels or responsible unit (service.channels, service.responsible_unit)",
    "fee": 'a service states its fees, or "no fee" (service.fees or service.no_fee)',
    "documents": "a service lists the documents required, or none (service.documents or service.no_documents)",
}


# --------------------------------------------------------------------------- the years table


class Criterion(Strict):
    """One thing the item asks for."""

    check: CheckId = Field(description="Which check applies (see generator/ita.py, CHECKS).")
    text: Text = Field(description="The criterion as the NACC manual words it, used in the explanation.")
    required: bool = Field(True, description="false: listed as a gap but does not change the answer.")


class ItaItem(Strict):
    """One OIT item about manuals in one ITA year."""

    item: ItemKind = Field(description="Which item this is: staff-manual or service-manual.")
    code: str | None = Field(
        description="Item number as printed in that year's NACC manual, e.g. O8; null when not known.",
        pattern=r"^[A-Za-z]{1,3}[0-9]{1,3}$", examples=["O8"],
    )
    verified: bool = Field(False, description="true once code, title and criteria were compared with the NACC manual.")
    title: Text = Field(description="Title of the item as printed in the NACC manual.")
    criteria: list[Criterion] = Field(min_length=1, description="What the item asks for.")


class ItaYear(Strict):
    """The OIT items about manuals of one ITA year (a Buddhist-era fiscal year)."""

    year: int = Field(ge=2560, le=2700, description="ITA fiscal year in the Buddhist era.", examples=[2568])
    source: Text = Field(description="The document the codes and criteria come from, as printed on the public ITA page.")
    note: str | None = Field(None, description="Notes for whoever maintains this file (never published).")
    items: list[ItaItem] = Field(min_length=1, description="The items about manuals.")


class ItaCriteria(Strict):
    """The whole years table, ``ita/criteria.yml``."""

    years: list[ItaYear] = Field(min_length=1, description="One block per ITA year.")

    def year(self, year: int) -> ItaYear | None:
        """The block of ``year``, or ``None``."""
        return next((y for y in self.years if y.year == year), None)


def load_criteria(root: Path) -> ItaCriteria:
    """Read and validate ``ita/criteria.yml`` of the project at ``root``.

    Falls back to the table shipped with the generator (:data:`BUNDLED_CRITERIA`)
    when the project has none.  Returns an :class:`ItaCriteria`.  Raises
    :class:`~generator.diagnostics.CheckFailed` whose diagnostics give file,
    line, column, field and a hint (as ``handbook check`` does) for a YAML
    error, a wrong or missing key, or a year / item written twice.
    """
    root = Path(root)
    path = root / CRITERIA_FILE
    if not path.is_file():
        path = BUNDLED_CRITERIA
    display = relative(path, root)
    try:
        document = load_yaml(path)
    except YamlError as exc:
        raise CheckFailed([Diagnostic(display, exc.line, exc.column, "", exc.message, exc.hint)]) from exc
    except OSError as exc:
        raise CheckFailed([Diagnostic(display, 0, 0, "", f"the file cannot be read ({exc.strerror})",
                                      f"restore {CRITERIA_FILE} from the generator")]) from exc
    if not isinstance(document.data, dict):
        raise CheckFailed([Diagnostic(display, 1, 1, "", "the file should be a mapping with a years: list",
                                      f"restore {CRITERIA_FILE} from the generator and edit it")])
    try:
        criteria = ItaCriteria.model_validate(document.data)
    except ValidationError as exc:
        diagnostics = []
        for error in exc.errors(include_url=False):
            loc, message, hint, at_key = explain(error, ItaCriteria, document.data)
            line, column = document.position(loc, key=at_key)
            diagnostics.append(Diagnostic(display, line, column, format_path(loc), message, hint))
        raise CheckFailed(diagnostics) from exc

    diagnostics = []
    seen_years: dict[int, int] = {}
    for i, year in enumerate(criteria.years):
        if year.year in seen_years:
            loc = ("years", i, "year")
            line, column = document.position(loc)
            diagnostics.append(Diagnostic(display, line, column, format_path(loc),
                                          f"{year.year} is already given in years[{seen_years[year.year] + 1}]",
                                          "keep one block per ITA year"))
        seen_years.setdefault(year.year, i)
        seen_items: set[str] = set()
        for j, item in enumerate(year.items):
            if item.item in seen_items:
                loc = ("years", i, "items", j, "item")
                line, column = document.position(loc)
                diagnostics.append(Diagnostic(display, line, column, format_path(loc),
                                              f'"{item.item}" is already an item of {year.year}',
                                              "keep one entry per item and year"))
            seen_items.add(item.item)
    if diagnostics:
        raise CheckFailed(diagnostics)
    return criteria
