"""Site writers of the ITA report: the ITA page of each language, and the redirect pages of renamed procedures.

Stable URLs: a renamed or removed procedure keeps a redirect page
(``office.redirects``, :func:`redirect_pages`), so last year's links keep working.

Moved verbatim from ``generator/ita/kit.py`` (issue 22): ``PAGE``, ``render_ita_page``,
``redirect_pages``.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from generator.ita.files import _manual_links, _t, procedure_url, report_rows
from generator.ita.report import ItaReport
from generator.manuals.content import manual_title, person
from generator.model.handbook import Handbook
from generator.site.pages import heading_anchor, insert_untranslated_note, md_escape, one_line, page_environment
from generator.text import Text, digits


PAGE = "ita.md"
"""Path of the ITA page in each language's docs folder (``ita.html`` on the site)."""


# --------------------------------------------------------------------------- the page


def render_ita_page(handbook: Handbook, report: ItaReport, lang: str) -> str:
    """The ITA page in ``lang`` as Markdown, from ``templates/site/ita.md.j2``.

    The page is ``ita.md`` at the root of the language's docs folder; its links
    are relative to it (``procedures/x.html``, ``manuals/x.pdf``; an English
    page links ``../manuals/x.pdf`` for a manual made in Thai only).  It shows,
    per item, the rows of :func:`report_rows` (answer, URL, explanation), the
    criteria, the manuals with their files and publication memo, the
    procedures, and the gaps by file and field.  Raises
    ``jinja2.TemplateError`` for a broken template.
    """
    style = handbook.office.digit_style(lang)
    untranslated = [0]

    def tr(text: Text | None) -> str:
        if text is None:
            return ""
        if not text.has(lang):
            untranslated[0] += 1
            return Markup('<span class="hb-untranslated" lang="th">{}</span>').format(one_line(text.th))
        return one_line(text.get(lang))

    md = md_escape

    rows = report_rows(report, lang)
    items = []
    for result, row in zip(report.items, rows):
        manuals = []
        for m in result.manuals:
            files, memo = _manual_links(handbook, m.manual, lang)
            title = manual_title(m.manual, lang)
            if m.manual.kind == "personal":
                kind = _t("personal_manual", lang)
                author = handbook.officers.get(m.manual.author)
                if author is not None:
                    title += " — " + person(handbook, author, lang).name
            elif m.manual.kind == "service":
                kind = _t("service_manual", lang)
            else:
                kind = _t("group_manual", lang)
            manuals.append({"evidence": m, "title": title, "kind": kind, "files": files, "memo": memo})
        procedures = [{"evidence": p, "href": f"procedures/{p.procedure.id}.html",
                       "url": procedure_url(handbook, p.procedure.id, lang)} for p in result.procedures]
        items.append({"result": result, "row": row, "manuals": manuals, "procedures": procedures,
                      "gaps": result.gaps()})

    redirects = [{"old": old, "new": new, "title": handbook.procedures[new].title,
                  "url": procedure_url(handbook, old, lang), "href": f"procedures/{old}.html"}
                 for old, new in handbook.office.redirects.items() if new in handbook.procedures]

    env = page_environment()
    env.globals.update({
        "tr": tr, "md": md, "t": lambda key: _t(key, lang), "num": lambda v: digits(v, style),
        "lang": lang, "office": handbook.office, "numerals": style, "anchor": heading_anchor,
    })
    office = handbook.office
    key = {"fiscal_year": "year_fiscal", "latest_before": "year_latest", "requested": "year_requested"}[report.reason]
    year_statement = _t(key, lang).format(
        year=digits(report.year.year, style), fiscal=digits(office.fiscal_year, style), office=office.name.get(lang))
    body = env.get_template("ita.md.j2").render(report=report, year=report.year, items=items, redirects=redirects,
                                                year_statement=year_statement)
    if untranslated[0] and lang != "th":
        body = insert_untranslated_note(body, lang)
    return body


# --------------------------------------------------------------------------- redirects


def redirect_pages(handbook: Handbook) -> dict[str, str]:
    """Small HTML pages that keep the address of a renamed or removed procedure working.

    For each ``office.redirects`` entry (old id → new id) and each language of
    the site, returns ``{"procedures/<old>.html" (or "en/procedures/<old>.html"):
    html}``; the HTML sends the browser to ``<new>.html`` (relative, same
    folder) with ``<meta http-equiv="refresh">``, names the new page's public
    URL as ``rel=canonical`` (so search engines move to it) and shows a link for
    readers without automatic redirects.  The loader has already checked that
    each new id is a procedure and each old id is not.
    """
    out: dict[str, str] = {}
    first = handbook.office.languages[0]
    for old, new in handbook.office.redirects.items():
        procedure = handbook.procedures.get(new)
        if procedure is None:  # pragma: no cover - the loader rejects it
            continue
        for lang in handbook.office.languages:
            prefix = "" if lang == first else f"{lang}/"
            title = html.escape(procedure.title.get(lang))
            target = html.escape(f"{new}.html")
            canonical = html.escape(procedure_url(handbook, new, lang))
            out[f"{prefix}procedures/{old}.html"] = (
                "<!DOCTYPE html>\n"
                f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{title}</title>\n"
                f'<meta http-equiv="refresh" content="0; url={target}">\n'
                f'<link rel="canonical" href="{canonical}">\n'
                '<meta name="robots" content="noindex">\n'
                "</head>\n<body>\n"
                f'<p>{html.escape(_t("moved", lang))} <a href="{target}">{title}</a></p>\n'
                "</body>\n</html>\n"
            )
    return out
