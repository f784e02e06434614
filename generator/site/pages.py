"""Site writer: the handbook as Markdown pages and an MkDocs configuration.

For each language the writer renders, from the Jinja2 templates in
``templates/site/``:

* ``index.md`` — the group's mandate and the procedures by work unit;
* ``units/<id>.md`` — one page per work unit;
* ``procedures/<id>.md`` — one page per procedure, sections in the manual's
  order;
* ``officers/<id>.md`` — one page per officer.

It also writes ``mkdocs.yml`` for that language, which inherits the project's
top-level ``mkdocs.yml`` (theme and extensions) and adds what is generated:
site name, language, navigation, the language switcher.  All the generator's
logic stays here; MkDocs only turns Markdown into HTML, so that moving to
another site engine means replacing this module's last step only.

Links are written as final ``.html`` URLs relative to the page
(``use_directory_urls: false``), so that the site works from any folder of
any static web server and a page's address is fixed by its id.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import html
import json
import marshal
import os
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from generator.manuals.linebreaks import keep_marks
from generator.i18n import branch_target_text
from generator.i18n import t as translate
from generator.model.loader import Handbook
from generator.model.documents import Procedure
from generator.text import Text, digits, format_date

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


HOME_LIST_LIMIT = 60
"""The home page lists every procedure (by work unit) and every officer up to this many procedures;
above it (a large office: 865 KB at 1,000 procedures) it lists the work units, each with its number of
procedures and officers and a link to its page, which lists them (about 30 KB)."""


@dataclasses.dataclass(frozen=True)
class Download:
    """A downloadable file linked from a page: ``href`` relative to the page, ``label`` shown."""

    href: str
    label: str


@dataclasses.dataclass
class SitePage:
    """One generated page: ``path`` relative to the docs folder (``procedures/x.md``) and its Markdown."""

    path: str
    markdown: str
    untranslated: int = 0


@dataclasses.dataclass
class SiteContext:
    """What the site writer needs besides the handbook.

    ``updated`` maps procedure id → date of its last change;
    ``downloads`` maps ``("procedure:<id>" | "officer:<id>", lang)`` to a list
    of (path relative to the language root, label) pairs; ``flowcharts`` maps
    ``(procedure id, lang)`` → HTML of the flowchart figure; ``page_cache``
    the pages of the previous build (:class:`PageCache`; ``None``: render all).
    """

    updated: dict[str, _dt.date] = dataclasses.field(default_factory=dict)
    downloads: dict[str, list[tuple[str, str]]] = dataclasses.field(default_factory=dict)
    flowcharts: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    page_cache: "PageCache | None" = None


class PageCache:
    """Markdown of the pages of the previous build, by a key of everything a page is made from.

    A procedure page (``procedure.md.j2`` / ``service.md.j2``) is made from
    the procedure, its work unit, its owners, its last-updated date, its
    download links, its flowchart figure, the office (digit style) and the
    language; an officer page from the officer, their unit, their procedures
    with the owners of each, their download links; a unit page from the
    unit, its procedures with their owners and its officers — all through
    the site templates and the generator's code.  The key (:meth:`key`) is
    the SHA-256 of all of these (pydantic JSON) and of ``version`` (the
    tool's fingerprint, :func:`generator.cache.tool_fingerprint`), so an
    unchanged page is not rendered again (2–20 ms a page: 5 s at 1,000
    procedures and two languages).  The home page is always rendered.  The file (``marshal`` of
    ``{"version", "pages": {key: [markdown, untranslated]}}``) is rewritten with the
    pages this build used, only when that set changed.  A missing,
    unreadable or other-version file is an empty cache.
    """

    def __init__(self, path: Path | None, version: str):
        self.path = Path(path) if path else None
        self.version = version
        self.old: dict[str, list] = {}
        self.used: dict[str, list] = {}
        self._json: dict[int, str] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = marshal.loads(self.path.read_bytes())
                if isinstance(data, dict) and data.get("version") == version and isinstance(data.get("pages"), dict):
                    self.old = data["pages"]
            except (OSError, ValueError, EOFError, TypeError):
                self.old = {}

    def model(self, obj: Any) -> str:
        """SHA-256 (hex) of the JSON of a pydantic model, computed once per object (objects live for the build)."""
        key = id(obj)
        if key not in self._json:
            self._json[key] = hashlib.sha256(obj.model_dump_json().encode("utf-8")).hexdigest()
        return self._json[key]

    def key(self, *parts: str) -> str:
        h = hashlib.sha256(self.version.encode("utf-8"))
        for part in parts:
            data = part.encode("utf-8")
            h.update(len(data).to_bytes(8, "big") + data)
        return h.hexdigest()

    def get(self, key: str) -> list | None:
        entry = self.old.get(key)
        if entry is not None:
            self.used[key] = entry
        return entry

    def put(self, key: str, markdown: str, untranslated: int) -> None:
        self.used[key] = [markdown, untranslated]

    def save(self) -> None:
        """Write the pages used by this build (atomically), unless they are exactly those already stored."""
        if self.path is None or self.used.keys() == self.old.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps({"version": self.version, "pages": self.used}))
        os.replace(tmp, self.path)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def one_line(text: str) -> str:
    """``text`` with every line break (and the spaces around it) turned into one space."""
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def md_escape(text: str) -> Markup:
    """``text`` on one line, HTML-escaped, with Markdown syntax characters backslash-escaped (for headings)."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(one_line(text), quote=False)))


def heading_anchor(name: str) -> Markup:
    """``{#name}`` for a Markdown heading: the heading's id, made ASCII (``legal_basis`` → ``legal-basis``).

    Ids come from fixed keys or YAML ids, never from the heading text, so a
    section's address (``procedures/x.html#steps``) is the same in both
    languages and from year to year.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "section"
    return Markup("{#" + slug + "}")


def page_environment() -> jinja2.Environment:
    """The Jinja2 environment of the site's page templates (``templates/site``), autoescaping HTML."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "site")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


class _Renderer:
    """Jinja helpers bound to one language and one page."""

    def __init__(self, handbook: Handbook, lang: str, context: SiteContext):
        self.handbook = handbook
        self.lang = lang
        self.context = context
        self.numerals = handbook.office.digit_style(lang)
        self.page = ""
        self.untranslated = 0

    # --- text
    def tr(self, text: Text | None) -> str:
        """Text for an HTML context (autoescaped by Jinja), on one line.

        Line breaks become spaces: a blank line inside a raw HTML block would
        end the block and let Markdown (links, images) through.  The space
        before ๆ, ฯ and a closing bracket is a no-break space, so that no line
        starts with one of them (:func:`generator.manuals.linebreaks.keep_marks`).
        """
        if text is None:
            return ""
        if not text.has(self.lang):
            self.untranslated += 1
            return Markup('<span class="hb-untranslated" lang="th">{}</span>').format(keep_marks(one_line(text.th)))
        return keep_marks(one_line(text.get(self.lang)))

    def plain(self, text: Text) -> str:
        """Text for the page's front-matter title: HTML-escaped, as Material prints it raw (:func:`config_text`)."""
        return config_text(text.get(self.lang))

    def md(self, text: Text) -> Markup:
        """Text for a Markdown context (headings): Markdown syntax characters escaped."""
        if not text.has(self.lang):
            self.untranslated += 1
        return md_escape(text.get(self.lang))

    def num(self, value: Any) -> str:
        return digits(value, self.numerals)

    def date(self, day: _dt.date | None) -> str:
        return format_date(day, self.lang, self.numerals) if day else "–"

    def t(self, key: str) -> str:
        return translate(key, self.lang)

    @staticmethod
    def anchor(name: str) -> Markup:
        """``{#name}``: the stable id of a heading (attr_list), ASCII from a key or an id, never ``#_2``."""
        return heading_anchor(name)

    # --- numbering (never typed in the YAML)
    def step_number(self, index: int) -> str:
        return self.num(index)

    def sub_prefix(self, index: int) -> str:
        return self.num(f"{index})")

    def duty_number(self, depth: int, index: int) -> str:
        if depth == 0:
            return self.num(f"{index}.")
        if depth == 1:
            return self.num(f"{index})")
        return self.num(f"({index})")

    def branch_target(self, index: int, goto: str) -> str:
        """Where a branch of step ``index`` (0-based) of the current procedure leads."""
        return branch_target_text(self._procedure, index, goto, self.lang, self.numerals)

    # --- links
    def link(self, target: str) -> str:
        """Relative URL from the current page to ``target`` (a page path without suffix)."""
        here = posixpath.dirname(self.page)
        return posixpath.relpath(target + ".html", here or ".")

    def globals(self) -> dict[str, Callable | Any]:
        h = self.handbook
        return {
            "tr": self.tr, "plain": self.plain, "md": self.md, "num": self.num, "date": self.date, "t": self.t,
            "step_number": self.step_number, "sub_prefix": self.sub_prefix, "duty_number": self.duty_number,
            "branch_target": self.branch_target, "link": self.link, "office": h.office,
            "owners_of": h.owners_of, "procedures_of_unit": h.procedures_of_unit,
            "officers": list(h.officers.values()), "fiscal_year": h.office.fiscal_year, "lang": self.lang,
            "numerals": self.numerals, "anchor": self.anchor,
        }

    _procedure: Procedure


def render_pages(handbook: Handbook, lang: str, context: SiteContext | None = None) -> list[SitePage]:
    """Render every page of the site in ``lang``.

    Returns a list of :class:`SitePage` (Markdown text, path relative to the
    docs folder).  Raises ``jinja2.TemplateError`` for a broken template.
    """
    context = context or SiteContext()
    env = page_environment()
    renderer = _Renderer(handbook, lang, context)
    env.globals.update(renderer.globals())
    pages: list[SitePage] = []

    def render(path: str, template: str, **values) -> None:
        renderer.page = path
        renderer.untranslated = 0
        body = env.get_template(template).render(**values)
        if renderer.untranslated and lang != "th":
            body = _insert_note(body, translate("untranslated_note", lang))
        pages.append(SitePage(path, body, renderer.untranslated))

    def downloads(key: str, page: str) -> list[Download]:
        here = posixpath.dirname(page)
        entries = context.downloads.get((key, lang), context.downloads.get(key, []))
        return [Download(posixpath.relpath(p, here or "."), label) for p, label in entries]

    cache = context.page_cache
    office_json = cache.model(handbook.office) if cache is not None else ""

    def listed(procedures) -> list[str]:
        """What a list of procedures (``procedure_table``) shows: each procedure and its owners."""
        return [cache.model(x) for p in procedures for x in (p, *handbook.owners_of(p))]

    def cached(path: str, template: str, parts: list[str], **values) -> None:
        """Render a page, or take it from the cache by a key of ``parts`` (everything it is made from)."""
        key = None
        if cache is not None:  # see PageCache
            key = cache.key(lang, template, path, office_json, *parts)
            hit = cache.get(key)
            if hit is not None:
                pages.append(SitePage(path, hit[0], hit[1]))
                return
        render(path, template, **values)
        if key is not None:
            cache.put(key, pages[-1].markdown, pages[-1].untranslated)

    unit_officers = {unit.id: [o for o in handbook.officers.values() if o.work_unit == unit.id
                               or any(handbook.procedures[p].work_unit == unit.id for p in o.procedures)]
                     for unit in handbook.office.group.work_units}
    render("index.md", "index.md.j2", list_procedures=len(handbook.procedures) <= HOME_LIST_LIMIT,
           unit_officers=unit_officers)
    for unit in handbook.office.group.work_units:
        procedures = handbook.procedures_of_unit(unit.id)
        officers = unit_officers[unit.id]
        parts = [cache.model(unit), *listed(procedures), "officers", *(cache.model(o) for o in officers)] if cache else []
        cached(f"units/{unit.id}.md", "unit.md.j2", parts, unit=unit, procedures=procedures, officers=officers)
    for pid, procedure in handbook.procedures.items():
        renderer._procedure = procedure
        path = f"procedures/{pid}.md"
        template = "service.md.j2" if procedure.is_service else "procedure.md.j2"
        unit = handbook.work_unit(procedure.work_unit)
        owners = handbook.owners_of(procedure)
        updated = context.updated.get(pid, procedure.revision.effective)
        links = downloads(f"procedure:{pid}", path)
        figure = context.flowcharts.get((pid, lang), "")
        parts = [cache.model(procedure), cache.model(unit), *(cache.model(o) for o in owners), str(updated),
                 json.dumps([[d.href, d.label] for d in links], ensure_ascii=False), figure] if cache else []
        cached(path, template, parts, procedure=procedure, unit=unit, owners=owners, updated=updated,
               downloads=links, flowchart_html=Markup(describe_flowchart(figure)))
    for oid, officer in handbook.officers.items():
        path = f"officers/{oid}.md"
        unit = handbook.work_unit(officer.work_unit)
        procedures = [handbook.procedures[p] for p in officer.procedures]
        links = downloads(f"officer:{oid}", path)
        parts = [cache.model(officer), cache.model(unit), *listed(procedures),
                 json.dumps([[d.href, d.label] for d in links], ensure_ascii=False)] if cache else []
        cached(path, "officer.md.j2", parts, officer=officer, unit=unit, procedures=procedures, downloads=links)
    return pages


def render_procedure_page(handbook: Handbook, pid: str, lang: str, context: SiteContext | None = None) -> str:
    """The Markdown of one procedure's page, as :func:`render_pages` makes it (the editor's preview).

    Raises ``KeyError`` for an unknown ``pid`` and ``StopIteration`` when its work unit is not in the office.
    """
    context = context or SiteContext()
    env = page_environment()
    renderer = _Renderer(handbook, lang, context)
    env.globals.update(renderer.globals())
    procedure = handbook.procedures[pid]
    renderer._procedure = procedure
    renderer.page = f"procedures/{pid}.md"
    template = "service.md.j2" if procedure.is_service else "procedure.md.j2"
    figure = context.flowcharts.get((pid, lang), "")
    body = env.get_template(template).render(
        procedure=procedure, unit=handbook.work_unit(procedure.work_unit), owners=handbook.owners_of(procedure),
        updated=context.updated.get(pid, procedure.revision.effective), downloads=[],
        flowchart_html=Markup(describe_flowchart(figure)))
    if renderer.untranslated and lang != "th":
        body = _insert_note(body, translate("untranslated_note", lang))
    return body


def insert_untranslated_note(body: str, lang: str) -> str:
    """Put the visible 'not translated yet' note of ``lang`` right after the page's first heading."""
    return _insert_note(body, translate("untranslated_note", lang))


def _insert_note(body: str, note: str) -> str:
    """Put a visible 'not translated' note right after the page's first heading."""
    admonition = f'\n<div class="admonition warning hb-fallback-note"><p>{html.escape(note)}</p></div>\n'
    match = re.search(r"^# .*$", body, flags=re.M)
    if not match:
        return admonition + body
    return body[: match.end()] + "\n" + admonition + body[match.end():]


def config_text(text: str) -> str:
    """``text`` HTML-escaped (quotes too) for a value of ``mkdocs.yml`` that Material prints as raw HTML.

    Material inserts ``site_name``, ``site_description``, ``copyright``, nav
    titles and front-matter titles into its pages without escaping (some in
    attributes), so every YAML text written there goes through this function.
    """
    return html.escape(text, quote=True)


def navigation(handbook: Handbook, lang: str) -> list:
    """MkDocs ``nav`` for ``lang``: home, then each work unit with its procedures, then officers.

    Titles are HTML-escaped (:func:`config_text`): Material renders them as raw HTML.
    """
    e = config_text
    nav: list = [{translate("home", lang): "index.md"}]
    for unit in handbook.office.group.work_units:
        children: list = [{translate("work_unit", lang) + ": " + e(unit.name.get(lang)): f"units/{unit.id}.md"}]
        children += [{e(p.title.get(lang)): f"procedures/{p.id}.md"} for p in handbook.procedures_of_unit(unit.id)]
        nav.append({e(unit.name.get(lang)): children})
    nav.append({translate("officers", lang): [{e(o.name.get(lang)): f"officers/{o.id}.md"}
                                              for o in handbook.officers.values()]})
    nav.append({translate("ita_page", lang): "ita.md"})
    return nav


def mkdocs_config(handbook: Handbook, lang: str, *, base_config: Path, docs_dir: Path, site_dir: Path,
                  extra: dict | None = None) -> dict:
    """The MkDocs configuration for one language, as a dict to be written as YAML/JSON.

    ``base_config`` is the project's ``mkdocs.yml`` (inherited with MkDocs'
    ``INHERIT``); ``docs_dir``/``site_dir`` are absolute folders.  The Thai site
    is the root of the published site and the English one lives under ``en/``.
    """
    office = handbook.office
    site_url = office.handbook_url.rstrip("/") + "/" + ("" if lang == "th" else f"{lang}/")
    config: dict = {
        "INHERIT": str(base_config),
        "site_name": config_text(f"{translate('handbook', lang)} {office.group.name.get(lang)}"),
        "site_description": config_text(f"{office.group.name.get(lang)} {office.name.get(lang)}"),
        "site_url": site_url,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": False,
        "nav": navigation(handbook, lang),
        "theme": {"language": lang},
        "copyright": config_text(office.name.get(lang)),
    }
    if extra:
        config.update(extra)
    return config


def write_site_sources(handbook: Handbook, lang: str, docs_dir: Path, context: SiteContext) -> list[SitePage]:
    """Render the pages of ``lang`` and write them as Markdown files under ``docs_dir``.

    Returns the pages written.  Raises ``OSError`` when the folder cannot be written.
    """
    pages = render_pages(handbook, lang, context)
    for page in pages:
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    return pages


def dump_config(config: dict, path: Path) -> None:
    """Write an MkDocs configuration dict to ``path`` (JSON is valid YAML)."""
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------- accessibility of the built pages


def describe_flowchart(figure: str) -> str:
    """Tie the flowchart SVG to its text alternative: ``aria-describedby`` on the SVG → the list of steps.

    ``figure`` is the HTML of :func:`generator.flowchart.flowchart_figure_html`
    (``<figure id="hbfc-…">`` with an ``<svg role="img">`` and a ``<details>``
    holding ``<ol class="hb-flow-steps">``).  Returns it with the list given
    the id ``<figure id>-text`` and the SVG ``aria-describedby`` naming it, so
    assistive technology announces the steps with the figure (WCAG 1.1.1).
    Other HTML (or an empty string) is returned unchanged.
    """
    match = re.search(r'<figure class="hb-flowchart" id="([^"]+)"', figure)
    if not match or '<ol class="hb-flow-steps">' not in figure or "aria-describedby" in figure:
        return figure
    target = f"{match.group(1)}-text"
    figure = figure.replace('<ol class="hb-flow-steps">', f'<ol class="hb-flow-steps" id="{target}">', 1)
    return figure.replace('<svg role="img" ', f'<svg role="img" aria-describedby="{target}" ', 1)


_TAG_OR_TEXT = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_SKIP_TAGS = {"script", "style", "svg", "code", "pre", "textarea", "title", "head", "kbd", "samp"}
_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]{2,}")


def mark_word_breaks(markup: str, words: Callable[[str], list[str]]) -> str:
    """Keep each Thai word of an HTML page whole: ``<span class="w">`` around it (``white-space: nowrap``).

    ``words`` cuts a run of Thai letters into words (PyThaiNLP ``newmm``, see
    :mod:`generator.site.search`).  Text inside script, style, svg, code, pre,
    textarea, title and head is left alone, as are tags and attributes.

    Measured in Chromium: the browser's ICU dictionary cuts inside words that
    PyThaiNLP keeps whole (ผู้รับผิด|ชอบ, งบ|ประมาณ, ขั้นพื้น|ฐาน), and
    ``word-break: keep-all`` does not stop it for Thai.  Inside a nowrap span
    no break can happen; between two spans the browser breaks where its own
    dictionary also sees a boundary, so lines break only between words.
    ``<wbr>`` between the spans is not used: Chromium then reads each word
    as a separate piece (a space between words in accessible names).  No
    character is added: copied text, find in page, the search index and
    screen readers are unchanged.
    """
    out = []
    skipping: list[str] = []
    for part in _TAG_OR_TEXT.split(markup):
        if not part:
            continue
        if part.startswith("<"):
            out.append(part)
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m:
                name = m.group(2).lower()
                if name in _SKIP_TAGS and not part.endswith("/>"):
                    if m.group(1):
                        if skipping and skipping[-1] == name:
                            skipping.pop()
                    else:
                        skipping.append(name)
            continue
        if skipping or not _THAI_RUN.search(part):
            out.append(part)
            continue
        out.append(_THAI_RUN.sub(lambda r: "".join(_keep_word(w) for w in words(r.group(0))), part))
    return "".join(out)


def _keep_word(word: str) -> str:
    """A Thai word of two or more base letters in a ``<span class="w">``; a single letter stays bare."""
    if sum(1 for ch in word if not unicodedata.category(ch).startswith("M")) < 2:
        return word
    return f'<span class="w">{word}</span>'



def finish_html(markup: str, lang: str, words: Callable[[str], list[str]] | None = None) -> str:
    """Accessibility fixes of one built page of the site in ``lang``; returns the new HTML.

    * the search dialog gets an accessible name (``aria-label``, WCAG 4.1.2);
    * each language link (``a.md-select__link[hreflang]``) gets ``lang``, so its
      name (ไทย / English) is read in its own language (WCAG 3.1.2);
    * with ``words``, ``<wbr>`` between Thai words (:func:`mark_word_breaks`).

    Works on Material's markup as built by mkdocs-material 9.7; markup it does
    not recognise is left as it is.
    """
    label = translate("search_dialog", lang)
    markup = markup.replace('<div class="md-search" data-md-component="search" role="dialog">',
                            f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{label}">', 1)
    markup = re.sub(r'<a ([^>]*?)hreflang="([a-z-]+)" class="md-select__link">',
                    lambda m: f'<a {m.group(1)}hreflang="{m.group(2)}" lang="{m.group(2)}" class="md-select__link">',
                    markup)
    if words is not None:
        head, sep, body = markup.partition("<body")
        markup = head + sep + mark_word_breaks(body, words) if sep else mark_word_breaks(markup, words)
    return markup


def protected_words(handbook: Handbook) -> set[str]:
    """Thai names that must never be cut: each space-separated part of every officer's name (Thai).

    A dictionary segmenter does not know people's names and cuts them
    (นางพร|ทิพย์, วงศ์|ประเสริฐ); the parts of the names written in the YAML
    are kept whole instead.  Parts longer than 30 letters are left to the segmenter.
    """
    keep = set()
    for officer in handbook.officers.values():
        for part in officer.name.th.split():
            if _THAI_RUN.fullmatch(part) and len(part) <= 30:
                keep.add(part)
    return keep


def keeping(words: Callable[[str], list[str]], keep: set[str]) -> Callable[[str], list[str]]:
    """``words`` that first takes out each word of ``keep`` found in a run, whole (longest first)."""
    if not keep:
        return words
    pattern = re.compile("|".join(re.escape(k) for k in sorted(keep, key=len, reverse=True)))

    def cut(run: str) -> list[str]:
        out, pos = [], 0
        for match in pattern.finditer(run):
            if match.start() > pos:
                out += words(run[pos:match.start()])
            out.append(match.group(0))
            pos = match.end()
        if pos < len(run):
            out += words(run[pos:])
        return out

    return cut


def finish_site(site_dir: Path, lang: str, words: Callable[[str], list[str]] | None = None,
                keep: set[str] | None = None, pages: list[Path] | None = None) -> int:
    """Apply :func:`finish_html` to every HTML page of one language's built site (not its sub-sites).

    ``site_dir`` is the folder MkDocs built for ``lang``; ``keep`` are words
    never to cut (:func:`protected_words`); ``pages`` (paths of HTML files
    under ``site_dir``), when given, are the only pages to finish: those a
    dirty MkDocs build re-rendered (the others were finished by an earlier
    build).  Returns the number of pages changed.  Raises ``OSError`` when a
    page cannot be rewritten.
    """
    if words is not None and keep:
        words = keeping(words, keep)
    changed = 0
    for path in sorted(Path(site_dir).rglob("*.html")) if pages is None else pages:
        text = path.read_text(encoding="utf-8")
        new = finish_html(text, lang, words)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
