"""The preview beside the form: a procedure's page as the site shows it, with its flowchart.

The page is made by the site writer (:func:`generator.site.pages.render_procedure_page`,
the same templates as ``handbook build``) and the flowchart by the flowchart
writer (:func:`generator.flowchart.render.flowchart_figure_html`, Graphviz,
cached by content under ``.cache/``); the Markdown becomes HTML with the
extensions of ``mkdocs.yml``.  The page is shown in a frame with the site's
own style sheets (Material's, served from the installed package, and
``handbook.css``), so it looks as it will on the site; nothing is fetched
from another host.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import markdown

from generator.model.documents import Procedure
from generator.flowchart.render import flowchart_figure_html
from generator.model.loader import Handbook
from generator.site.pages import SiteContext, finish_html, render_procedure_page

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]
"""Markdown extensions of the site (``mkdocs.yml``)."""


def _material_css() -> list[str]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return sorted(p.name for p in folder.glob("*.min.css"))


def material_css_folder() -> Path:
    """Folder of Material's compiled style sheets in the installed package."""
    import material

    return Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def page_html(handbook: Handbook, procedure: Procedure, cache_dir: Path, lang: str = "th") -> tuple[str, float]:
    """A whole HTML document previewing ``procedure`` in ``handbook``; and the seconds it took.

    ``handbook`` is the project with this procedure in it (its office, work
    unit and owners are looked up there).  Raises ``RuntimeError`` when
    Graphviz is missing, ``StopIteration``/``KeyError`` when the procedure's
    work unit is unknown.
    """

    start = time.perf_counter()
    procedures = dict(handbook.procedures)
    procedures[procedure.id] = procedure
    handbook = dataclasses.replace(handbook, procedures=procedures)
    numerals = handbook.office.digit_style(lang)
    figure = flowchart_figure_html(procedure, lang, cache_dir, numerals)
    context = SiteContext(flowcharts={(procedure.id, lang): figure})
    body = render_procedure_page(handbook, procedure.id, lang, context)
    body = body.split("---", 2)[2] if body.lstrip().startswith("---") or "\n---\n" in body[:400] else body
    html = markdown.markdown(body, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": False}})
    html = finish_html(html, lang)
    sheets = "".join(f'<link rel="stylesheet" href="/material/{name}">' for name in _material_css())
    doc = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<title>ตัวอย่างหน้าเว็บ / preview</title>{sheets}'
           '<link rel="stylesheet" href="/fonts/sarabun.css"><link rel="stylesheet" href="/site-assets/handbook.css">'
           '<style>body{font-family:Sarabun,sans-serif}.md-typeset{font-size:.8rem}'
           '.md-content__inner{margin:0 .8rem;padding-top:.4rem}</style></head>'
           '<body><main class="md-main"><div class="md-content"><article class="md-content__inner md-typeset">'
           f'{html}</article></div></main></body></html>')
    return doc, time.perf_counter() - start
