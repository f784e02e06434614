"""``handbook build``: check, then write the whole site atomically.

Steps: load and validate the YAML (:func:`generator.loader.require_handbook`)
→ render the Markdown pages and MkDocs configuration of each language
(:mod:`generator.site`; unchanged pages come from :class:`PageCache`) →
for each language whose pages changed, run MkDocs (a full build, or only the
changed pages in MkDocs' dirty mode: :func:`generator.site.cached.build_sites_cached`),
in parallel for a small office, one after the other for a large one
(:data:`PARALLEL_PAGES`) → the passes over the built pages → swap the
finished ``site/`` and ``docs/`` into place.  :data:`PHASES` records the
time of each step.

Atomicity: everything is built inside a temporary folder next to ``site/``;
only a complete build is moved in, by renaming.  A failure at any step
leaves the previous ``site/`` and ``docs/`` untouched.  A folder that was not
made by this tool is never replaced (see :func:`_check_replaceable`).
"""

from __future__ import annotations

import concurrent.futures
import datetime as _dt
import json
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from generator import publish
from generator import cache as _cache
from generator.manuals.cached import ManualsInBackground
from generator.site.cached import SiteJob, build_sites_cached, write_docs
from generator.model.diagnostics import CheckFailed
from generator.flowchart import flowchart_figure_html
from generator.i18n import t
from generator.fonts import write_web_fonts
from generator.model.loader import Handbook, load_handbook
from generator.ita.files import write_ita_files
from generator.ita.page import PAGE as ITA_PAGE
from generator.ita.page import redirect_pages, render_ita_page
from generator.ita.report import ita_report
from generator.model.criteria import load_criteria
from generator.manuals.content import manual_path, manual_procedures, manual_title
from generator.manuals.jobs import jobs_for
from generator.site.search import apply_thai_search, merge_search_index, patch_result_display, thai_words
from generator.site.spelling import write_glossary
from generator.site.pages import finish_site, protected_words
from generator.site.pages import PageCache, SiteContext, TEMPLATES, dump_config, mkdocs_config, render_pages

MARKER = ".handbook-generated"
"""File written into every generated folder; only such folders are ever replaced."""

PHASES: dict[str, float] = {}
"""Seconds spent in each phase of the last build in this process (``bench/scale.py`` prints them)."""


class _phase:
    """``with _phase("name"):`` adds the block's wall-clock seconds to :data:`PHASES` ``["name"]``."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        PHASES[self.name] = PHASES.get(self.name, 0.0) + time.perf_counter() - self.start


def build(root: Path, site_dir: Path | None = None, *, strict: bool = False, docs_dir: Path | None = None,
          thai_search: bool = True, manuals: bool = True) -> Path:
    """Build the site of the project at ``root`` into ``site_dir`` (default ``root/site``), one build at a time.

    Takes the project's build lock (a second build says the project is busy
    and waits), undoes a publication cut short by a killed build, removes the
    folders earlier killed builds left, then runs :func:`build_unlocked`
    (same arguments, results and errors).  See :mod:`generator.publish`.
    """
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    docs_dir = Path(docs_dir).resolve() if docs_dir else root / "docs"
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with publish.project_lock(site_dir.parent):
        publish.recover(site_dir.parent)
        publish.clean_leftovers(site_dir.parent, docs_dir.parent)
        return build_unlocked(root, site_dir, strict=strict, docs_dir=docs_dir, thai_search=thai_search,
                              manuals=manuals)


def build_unlocked(root: Path, site_dir: Path | None = None, *, strict: bool = False, docs_dir: Path | None = None,
                   thai_search: bool = True, manuals: bool = True) -> Path:
    """Build the site of the project at ``root`` into ``site_dir`` (default ``root/site``).

    The generated Markdown sources go to ``docs_dir`` (default ``root/docs``).
    ``thai_search=False`` keeps stock Material search (for the benchmark only);
    ``manuals=False`` skips the printed manuals (their links stay on the pages).

    Returns the site folder.  Raises :class:`CheckFailed` when the YAML has
    errors (or warnings, with ``strict``), and ``RuntimeError`` when MkDocs
    fails or the target folder is not one this tool made; in both cases
    nothing was changed on disk.
    """
    PHASES.clear()
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    docs_dir = Path(docs_dir).resolve() if docs_dir else root / "docs"
    with _phase("load"):
        handbook, diagnostics = load_handbook(root)
    if handbook is None or (strict and diagnostics):
        raise CheckFailed(diagnostics)
    _check_replaceable(site_dir)
    _check_replaceable(docs_dir)

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".handbook-build-", dir=site_dir.parent) as tmp:
        work = Path(tmp)
        with _phase("dates"):
            updated = last_updated(handbook)
        with _phase("flowcharts"):
            context = SiteContext(updated=updated, downloads=download_links(handbook),
                                  flowcharts=site_flowcharts(handbook, root / ".cache" / "flowcharts"),
                                  page_cache=PageCache(root / ".cache" / "pages.marshal",
                                                       _cache.tool_fingerprint(("site",))))
        site_items = []  # (lang, config dict, config path, site folder): the inputs of the site cache
        store = _cache.store_for(root)
        with _phase("ita"):
            report = ita_report(handbook, load_criteria(root))
        for lang in handbook.office.languages:
            docs = work / "docs" / lang
            with _phase("pages"):
                pages = render_pages(handbook, lang, context)
                write_docs(store, lang, docs, [(page.path, page.markdown) for page in pages])
                write_glossary(handbook, lang, docs)  # the office's abbreviations, for the search pass
                del pages
                (docs / ITA_PAGE).write_text(render_ita_page(handbook, report, lang), encoding="utf-8")
                if lang == handbook.office.languages[0]:
                    write_ita_files(report, docs)
                _copy_assets(docs / "assets", root)
            out = work / f"site-{lang}"
            config = mkdocs_config(
                handbook, lang, base_config=root / "mkdocs.yml", docs_dir=docs, site_dir=out,
                extra={"extra": {"alternate": _alternates(handbook, lang)}},
            )
            config_path = work / f"mkdocs-{lang}.yml"
            dump_config(config, config_path)
            site_items.append((lang, config, config_path, out))
        context.page_cache.save()
        manual_jobs = jobs_for(handbook) if manuals else []
        background = None  # only the files whose inputs changed are made (generator/manuals/cached.py), while the site builds
        if manual_jobs:
            background = ManualsInBackground(handbook, work / "manuals-out", manual_jobs, store).start()

        def make_sites(jobs: list[SiteJob]) -> None:
            before = {job.lang: _html_times(job.out) for job in jobs if job.dirty}
            keep = protected_words(handbook)
            by_lang = {job.lang: job for job in jobs}

            def finish(lang: str) -> None:  # runs while MkDocs builds the next language
                job = by_lang[lang]
                pages = None  # a full build: every page is new
                with _phase("search merge"):
                    index = job.out / "search" / "search_index.json"
                    if job.dirty:  # only the re-rendered pages are new, and the index holds only them
                        pages = _rewritten(job.out, before[job.lang])
                        merged = merge_search_index(
                            json.loads(job.previous_index.read_text(encoding="utf-8")),
                            json.loads(index.read_text(encoding="utf-8")),
                            {p.relative_to(job.out).as_posix() for p in pages})
                        index.write_text(json.dumps(merged, separators=(",", ":"), default=str), encoding="utf-8")
                    shutil.copyfile(index, job.raw_index)
                with _phase("word spans"):
                    # search dialog name, lang of language links, Thai words (and officers' names) kept whole
                    finish_site(job.out, job.lang, thai_words, keep, pages=pages)
                if thai_search:
                    with _phase("search pass"):
                        if job.lang == "th":
                            apply_thai_search(job.out, root / ".cache" / "search-segments.json")
                        else:  # results show the start of the page's text, as on the Thai site
                            patch_result_display(job.out)

            _run_mkdocs([(job.lang, job.config_path, job.out, job.dirty) for job in jobs], then=finish)

        try:
            with _phase("site"):
                build_sites_cached(site_items, store, root / "mkdocs.yml", thai_search=thai_search,
                               build=make_sites)
        finally:
            if background is not None:
                with _phase("manuals wait"):
                    background.join()
                PHASES["manuals"] = background.seconds

        with _phase("publish"):
            site = work / "site"
            first_lang = handbook.office.languages[0]
            (work / f"site-{first_lang}").rename(site)
            for lang, _config, _config_path, out in site_items:
                if lang != first_lang:
                    out.rename(site / lang)
            if manual_jobs:
                shutil.copytree(work / "manuals-out", site, dirs_exist_ok=True)
            for rel, html in redirect_pages(handbook).items():
                (site / rel).parent.mkdir(parents=True, exist_ok=True)
                (site / rel).unlink(missing_ok=True)  # never write in place: site files are links into the cache
                (site / rel).write_text(html, encoding="utf-8")
            (site / MARKER).write_text("built by handbook build\n", encoding="utf-8")
            (work / "docs" / MARKER).write_text("generated by handbook build; do not edit\n", encoding="utf-8")
            make_publishable(site)
            make_publishable(work / "docs")
            publish.publish([(work / "docs", docs_dir), (site, site_dir)], site_dir.parent)
    with _phase("cleanup"):
        store.prune()
    return site_dir


def make_publishable(folder: Path) -> None:
    """Make everything under ``folder`` world-readable: files 0644, folders 0755 (``folder`` included).

    Temporary files (``mkstemp``) and folders (``TemporaryDirectory``) are
    created 0600 / 0700; a web server running as another user must read the
    site, so it can be copied as is.  Symbolic links are left alone.
    """
    os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def site_flowcharts(handbook: Handbook, cache: Path) -> dict[tuple[str, str], str]:
    """The flowchart figure (inline SVG + text alternative) of every procedure, per language.

    Diagrams are cached by content in ``cache``: an unchanged procedure is not redrawn.  Figures are
    made on one thread per core: most of a new figure's time is Graphviz (``dot``, a child process), and
    the cache writes each file under a unique temporary name (measured with ``bench/scale.py``).
    Errors of :func:`flowchart_figure_html` propagate.
    """
    keys = [(pid, lang) for lang in handbook.office.languages for pid in handbook.procedures]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = [pool.submit(flowchart_figure_html, handbook.procedures[pid], lang, cache,
                               numerals=handbook.office.digit_style(lang)) for pid, lang in keys]
        return {key: future.result() for key, future in zip(keys, futures)}


def download_links(handbook: Handbook) -> dict:
    """Links to the manual files for each page, per language: ``{(page key, lang): [(path, label)]}``.

    Paths are relative to the language's site root (``../manuals/x.pdf`` from
    the English site when a manual exists in Thai only).
    """
    first = handbook.office.languages[0]
    links: dict = {}
    for lang in handbook.office.languages:
        for manual in handbook.manuals.values():
            source_lang = lang if lang in manual.languages else manual.languages[0]
            up = "" if source_lang == lang else ("../" if lang != first else f"{source_lang}/")
            name = (f"{t('personal_manual', lang)} {handbook.officers[manual.author].name.get(lang)}"
                    if manual.kind == "personal" else manual_title(manual, lang))
            files = [(up + manual_path(manual.id, f), f"{name} ({f.upper()})") for f in manual.formats]
            if manual.memo is not None and "pdf" in manual.formats:
                memo = "บันทึกขออนุญาตเผยแพร่" if lang == "th" else "permission to publish"
                files.append((up + manual_path(manual.id, "memo"), f"{name} ({memo})"))
            keys = [f"procedure:{p.id}" for p in manual_procedures(handbook, manual)]
            if manual.kind == "personal":
                keys.append(f"officer:{manual.author}")
            for key in keys:
                entries = files if key.startswith("officer:") else [f for f in files if "-memo" not in f[0]]
                links.setdefault((key, lang), []).extend(entries)
    return links


def _alternates(handbook: Handbook, lang: str) -> list[dict]:
    """Entries of Material's language switcher, as links relative to this language's root."""
    first = handbook.office.languages[0]
    out = []
    for other in handbook.office.languages:
        if lang == first:
            link = "./" if other == first else f"{other}/"
        else:
            link = "../" if other == first else ("./" if other == lang else f"../{other}/")
        out.append({"name": t("language_name", other), "link": link, "lang": other})
    return out


def _copy_assets(dest: Path, root: Path) -> None:
    shutil.copytree(TEMPLATES / "site" / "assets", dest, dirs_exist_ok=True)
    write_web_fonts(dest / "fonts", root / ".cache" / "fonts")


MKDOCS_PEAKS: dict[str, int] = {}
"""Peak resident memory (KiB, ``VmHWM``) of each MkDocs process of the last build, by language."""

_MKDOCS = r"""
import json, logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

logger = logging.getLogger("mkdocs")
logger.setLevel(logging.INFO)
logger.propagate = False
handler = logging.StreamHandler(sys.stderr)
handler.setLevel(logging.WARNING)
handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
logger.addHandler(handler)


class NotTheDirtyNotice(logging.Filter):
    # the dirty-mode notice is a warning, which --strict would count as an error
    def filter(self, record):
        return "'dirty' build is being performed" not in record.getMessage()


logging.getLogger("mkdocs.commands.build").addFilter(NotTheDirtyNotice())
dirty = sys.argv[2] == "dirty"
try:
    config = load_config(config_file=sys.argv[1], strict=True)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
except (Abort, ConfigurationError) as error:
    print(f"ERROR - {error}", file=sys.stderr)
    sys.exit(1)
with open("/proc/self/status", encoding="ascii") as status:
    peak = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
print(json.dumps({"peak_kib": peak}))
"""


PARALLEL_PAGES = 1200
"""Above this many pages in the full MkDocs builds of one build, the languages are built one at a time."""


def _count_pages(config_path: Path) -> int:
    """Number of Markdown pages in the docs folder of the MkDocs configuration at ``config_path`` (JSON)."""
    try:
        docs = Path(json.loads(Path(config_path).read_text(encoding="utf-8"))["docs_dir"])
    except (OSError, ValueError, KeyError):
        return 0
    return sum(1 for _ in docs.rglob("*.md"))


def _html_times(folder: Path) -> dict[Path, int]:
    """Modification time (ns) of every HTML file under ``folder``."""
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*.html")}


def _rewritten(folder: Path, before: dict[Path, int]) -> list[Path]:
    """The HTML files under ``folder`` written since ``before`` (:func:`_html_times`) was taken, sorted."""
    return sorted(p for p, ns in _html_times(folder).items() if before.get(p) != ns)


def _run_mkdocs(configs: list[tuple[str, Path, Path, bool]], then: Callable[[str], None] | None = None) -> None:
    """Run MkDocs (strict) for each ``(lang, config path, site folder, dirty)``; ``then(lang)`` after each, in order.

    ``dirty`` runs MkDocs' dirty mode (``build(config, dirty=True)``: only
    pages whose source is newer than their output are rendered).  MkDocs
    holds every page of a full build in memory (about 0.2 MB a page), so for
    a large office (more than :data:`PARALLEL_PAGES` pages in the full builds
    together) the languages are built one after the other, to keep the peak
    memory of the build under 1 GB (``bench/scale.py``); ``then`` (the passes
    over the built pages, in this process) runs for one language while MkDocs
    builds the next.  Peaks go to :data:`MKDOCS_PEAKS`.  Raises
    ``RuntimeError`` with MkDocs' last lines when a build fails; errors of ``then`` propagate.
    """
    MKDOCS_PEAKS.clear()

    def run(item):
        lang, config_path, _out, dirty = item
        return subprocess.run(
            [sys.executable, "-c", _MKDOCS, str(config_path), "dirty" if dirty else "full"],
            capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"},
            preexec_fn=publish.die_with_parent,
        )

    full_pages = sum(_count_pages(config) for _lang, config, _out, dirty in configs if not dirty)
    workers = 1 if full_pages > PARALLEL_PAGES else max(1, len(configs))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(run, item) for item in configs]
        for (lang, *_rest), future in zip(configs, futures):
            with _phase("mkdocs"):
                result = future.result()
            if result.returncode != 0:
                detail = (result.stderr or result.stdout).strip().splitlines()[-15:]
                raise RuntimeError(f"mkdocs build ({lang}) failed:\n" + "\n".join(detail))
            try:
                MKDOCS_PEAKS[lang] = json.loads(result.stdout.strip().splitlines()[-1])["peak_kib"]
            except (ValueError, IndexError, KeyError):
                pass
            if then is not None:
                then(lang)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_replaceable(folder: Path) -> None:
    """Refuse to replace a folder that holds files this tool did not make."""
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise RuntimeError(
            f"{folder} exists and was not made by handbook build; move it away or choose another folder, "
            "so that nothing you wrote is deleted"
        )


def _swap(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``, replacing the old folder with two renames."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def last_updated(handbook: Handbook) -> dict[str, _dt.date]:
    """Date of the last change of each procedure file: its last git commit, else its file time.

    A file with uncommitted changes (or not in git) counts by its file time,
    newer than its last commit.  Git is asked twice for the whole project
    (``git log --name-only``, ``git status --porcelain``), not once a file:
    1,000 procedures cost two processes, not two thousand.
    """
    paths = {pid: Path(handbook.sources[f"procedure:{pid}"].path).resolve() for pid in handbook.procedures}
    committed = _git_dates(Path(handbook.root), list(paths.values()))
    return {pid: committed.get(path) or _dt.date.fromtimestamp(path.stat().st_mtime) for pid, path in paths.items()}


def _git_dates(root: Path, paths: list[Path]) -> dict[Path, _dt.date]:
    """``{path: date of its last commit}`` for those of ``paths`` that git tracks and that have no uncommitted change.

    Returns ``{}`` when ``root`` is not in a git work tree or git is missing or fails.
    """
    def git(*args: str, cwd: Path) -> str | None:
        try:
            result = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                                    text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None
        return result.stdout if result.returncode == 0 else None

    if not paths:
        return {}
    top = git("rev-parse", "--show-toplevel", cwd=root)
    if not top or not top.strip():
        return {}
    top_path = Path(top.strip()).resolve()
    rel = {}
    for path in paths:
        try:
            rel[path.relative_to(top_path).as_posix()] = path
        except ValueError:
            continue
    if not rel:
        return {}
    folders = sorted({posixpath.dirname(r) or "." for r in rel})
    log = git("log", "--format=%x00%cs", "--name-only", "--", *folders, cwd=top_path)
    status = git("status", "--porcelain", "-z", "--untracked-files=all", "--", *folders, cwd=top_path)
    if log is None or status is None:
        return {}
    dirty = set()
    for entry in status.split("\0"):
        if len(entry) > 3:
            dirty.add(entry[3:])
    out: dict[Path, _dt.date] = {}
    day = None
    for line in log.splitlines():
        if line.startswith("\0"):
            try:
                day = _dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                day = None
        elif line and day is not None and line in rel and rel[line] not in out and line not in dirty:
            out[rel[line]] = day
    return out


def serve(root: Path, site_dir: Path | None = None, port: int = 8000, host: str = "127.0.0.1") -> int:
    """Serve the built site on http://``host``:``port``/ (this computer only by default) until interrupted.

    Never serves a file outside the site folder (:class:`generator.publish.SiteOnlyHandler`).
    Returns the exit code.
    """
    import functools
    import http.server

    folder = Path(site_dir) if site_dir else Path(root) / "site"
    if not (folder / "index.html").exists():
        print(f"{folder} has no built site yet: run `handbook build` first", file=sys.stderr)
        return 1
    handler = functools.partial(publish.SiteOnlyHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving {folder} at http://{host}:{port}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
