"""ITA publication kit: the names of the former ``generator/ita/kit.py`` (870 lines), still importable from here.

Split by issue 22 so that the report is a question about the model and its
page, CSV and JSON are writers of it:

* :mod:`generator.model.criteria` — the years table ``ita/criteria.yml`` (``load_criteria``);
* :mod:`generator.ita.report` — the report (``ita_report``, ``Gap``, ``ItaReport`` …), model only;
* :mod:`generator.ita.files` — rows, URLs, the CSV and the JSON (``report_rows``, ``write_ita_files``);
* :mod:`generator.ita.page` — the ITA page and the redirect pages (site writers);
* :mod:`generator.ita.command` — ``handbook ita``.

New code imports from those modules; nothing in the generator imports this one.
"""

from generator.ita.command import ita_command
from generator.ita.files import CSV_COLUMNS, csv_cell, page_url, procedure_url, report_rows, write_ita_files
from generator.ita.page import PAGE, redirect_pages, render_ita_page
from generator.ita.report import (
    Gap, ItaError, ItaReport, ItemResult, ManualEvidence, ProcedureEvidence, ita_report,
)
from generator.model.criteria import (
    BUNDLED_CRITERIA, CHECKS, CRITERIA_FILE, Criterion, ItaCriteria, ItaItem, ItaYear, load_criteria,
)

__all__ = [
    "BUNDLED_CRITERIA", "CHECKS", "CRITERIA_FILE", "CSV_COLUMNS", "Criterion", "Gap", "ItaCriteria", "ItaError",
    "ItaItem", "ItaReport", "ItaYear", "ItemResult", "ManualEvidence", "PAGE", "ProcedureEvidence", "csv_cell",
    "ita_command", "ita_report", "load_criteria", "page_url", "procedure_url", "redirect_pages", "render_ita_page",
    "report_rows", "write_ita_files",
]
