"""Incremental builds: every output is keyed by a hash of exactly what it is made from.

``handbook build`` makes three kinds of expensive outputs, and each is stored
in a content-addressed cache under ``<project>/.cache/outputs/`` by a key
(SHA-256) of everything it is made from:

* a **manual file** (PDF, DOCX or memo; :func:`manual_key`): the job (manual,
  language, kind), the pydantic ``model_dump_json`` of the office, of the
  manual definition, of the procedures it contains and of every officer
  those objects name (author, owners, signatories), the bytes of the files
  they point to (emblem, appendix attachments), the print templates and
  fonts, and the tool's fingerprint (:func:`tool_fingerprint`);
* a **language site** (:func:`build_sites_cached`): the built MkDocs output of
  one language *after* the passes over its pages (word spans, Thai search),
  with the generated ``docs/<lang>`` folder, MkDocs' own search index and a
  meta file.  Its key is the digest of every docs file (every Markdown page —
  hence the models, site templates, ITA files — and every asset), the
  generated configuration without its temporary paths, the inherited
  ``mkdocs.yml`` and the tool's fingerprint;
* **flowchart images** have their own cache (:mod:`generator.flowchart.render`),
  and the pages' Markdown too (:class:`generator.site.pages.PageCache`).
* the **pieces of a manual's PDF** (kind ``pdf-pieces``: a chapter, the
  page-number footers, the front matter; :mod:`generator.manuals.pdfjoin`),
  keyed by the digest of the piece's own HTML, the bytes of the local files
  it names (fonts, flowchart images, attachments) and the tool's
  fingerprint (:func:`generator.manuals.pdf.piece_key`).  A manual file made
  again after an edit reuses the pieces the edit did not change; the keys
  of the pieces a manual file was joined from are kept in its entry
  (``parts.json``) so that they survive pruning while the file is reused.

When a language's key is not in the store but only the *contents* of some
docs files changed since the last build (same navigation, titles, file list,
configuration and tool: :func:`site_frame_key`), the site is not built
again: the last build's site is linked into the new one and MkDocs' own
dirty mode re-renders the changed pages only (their sources are the only
files newer than their outputs); the search index of the re-rendered pages
is merged into the last one (:func:`generator.site.search.merge_search_index`)
and the passes run over the re-rendered pages only.  ``tests/test_incremental.py``
checks that the result is byte for byte what a full build makes.

Outputs are shared by hard links (:func:`link_tree`): between the store, the
work folder and the published site, so that an unchanged build neither copies
nor deletes a 245 MB site.  No step writes a shared file in place, and an
entry whose files changed since it was stored is not used (:func:`_intact`).

The tool's fingerprint is the hash of the generator's own source files,
its templates, and the versions of the libraries and programs that shape
the output (MkDocs, Material, WeasyPrint, python-docx, PyThaiNLP, the
Sarabun package, Graphviz): upgrading any of them invalidates everything.

Nothing stale survives: the build assembles a fresh site from the outputs of
the *current* inputs only, so a deleted procedure's page or manual is gone;
cache entries not used by the last build are pruned (:meth:`Store.prune`).
Entries are written atomically (temporary folder, then rename), so a killed
build never leaves a half-written entry that a later build would reuse.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

GENERATOR = Path(__file__).resolve().parent
TEMPLATES = GENERATOR.parent / "templates"

#: Distributions whose version shapes the output.
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "weasyprint", "python-docx",
            "pythainlp", "fontpkg-sarabun", "pydantic", "jinja2", "segno", "pillow", "pypdf", "pypdfium2",
            "pikepdf")


# --------------------------------------------------------------------------- hashing


def _hasher() -> "hashlib._Hash":
    return hashlib.sha256()


def digest(*parts: str | bytes) -> str:
    """SHA-256 (hex) of ``parts``, each length-prefixed so that ("ab", "c") ≠ ("a", "bc")."""
    h = _hasher()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def tree_digest(folder: Path) -> str:
    """SHA-256 (hex) of every file under ``folder``: relative paths and bytes, in sorted order.

    Raises ``OSError`` when the folder cannot be read.
    """
    h = _hasher()
    folder = Path(folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix().encode("utf-8")
        data = path.read_bytes()
        h.update(len(rel).to_bytes(8, "big") + rel + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _files_digest(paths: Iterable[Path]) -> str:
    h = _hasher()
    for path in paths:
        path = Path(path)
        h.update(str(path).encode("utf-8"))
        h.update(path.read_bytes() if path.is_file() else b"\0missing")
    return h.hexdigest()


@functools.lru_cache(maxsize=8)
def tool_fingerprint(templates: tuple[str, ...] = ("print", "site")) -> str:
    """Hash of the generator's source, its ``templates/<name>`` folders and the versions of what shapes the output.

    ``templates`` names the template folders the output is made from
    (``("print",)`` for manuals, ``("site",)`` for the site, ``()`` for
    flowcharts), so that a site template edit does not remake the manuals.
    Returns a hex string, the same for the same installation.  Never raises:
    a missing package or Graphviz counts as the version "missing".
    """
    files = [(GENERATOR, p) for p in sorted(GENERATOR.rglob("*.py"))]
    for name in templates:
        files += [(TEMPLATES, p) for p in sorted((TEMPLATES / name).rglob("*")) if p.is_file()]
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=missing")
    try:
        from generator.flowchart.render import graphviz_version

        versions.append("graphviz=" + graphviz_version())
    except Exception:  # Graphviz missing: the build itself reports it
        versions.append("graphviz=missing")
    h = _hasher()
    for base, path in files:
        h.update(f"{base.name}/{path.relative_to(base).as_posix()}".encode("utf-8"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update("\n".join(versions).encode("utf-8"))
    return h.hexdigest()


def model_json(obj: Any) -> str:
    """``model_dump_json`` of a pydantic model (or JSON of plain data), the text keys are made from."""
    if hasattr(obj, "model_dump_json"):
        return obj.model_dump_json()
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a ``model_dump`` result (to find the officer ids a model names)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


# --------------------------------------------------------------------------- keys


def manual_inputs(handbook, manual_id: str, memo_only: bool = False) -> list[str]:
    """The JSON of every model object manual ``manual_id`` is made from, in a fixed order.

    Office, manual definition, the procedures it contains and every officer
    named by any of these or by the author (signatories of the approval
    chain, owners of the procedures).  Over-inclusion only costs a rebuild;
    a missed object would serve a stale manual, so any officer id found
    anywhere in those objects is included.  With ``memo_only`` (the memo
    file alone, which names the procedures and counts them but does not
    print their steps) each procedure counts by its id and title only.
    """
    from generator.manuals.content import manual_procedures

    manual = handbook.manuals[manual_id]
    procedures = manual_procedures(handbook, manual)
    if memo_only:
        listed = [[p.id, model_json(p.title)] for p in procedures]
        objects: list[Any] = [manual, handbook.officers[manual.author]]
        named = set()
        for obj in objects:
            named.update(s for s in _strings(obj.model_dump(mode="json")) if s in handbook.officers)
        named.add(manual.author)
        return [model_json(handbook.office), *(model_json(o) for o in objects), model_json(listed),
                *(model_json(handbook.officers[o]) for o in sorted(named))]
    objects = [manual, *procedures, handbook.officers[manual.author]]
    named = set()
    for obj in objects:
        named.update(s for s in _strings(obj.model_dump(mode="json")) if s in handbook.officers)
    named.add(manual.author)
    officers = [handbook.officers[o] for o in sorted(named)]
    return [model_json(handbook.office), *(model_json(o) for o in objects), *(model_json(o) for o in officers)]


def _attached_files(handbook, manual_id: str) -> list[Path]:
    """Files a manual embeds by path: the office emblem and the appendix attachments."""
    paths = []
    office = handbook.sources.get("office")
    if handbook.office.emblem:
        base = Path(office.path).parent if office is not None else Path(handbook.root)
        paths.append((base / handbook.office.emblem).resolve())
    manual = handbook.manuals[manual_id]
    source = handbook.sources.get(f"manual:{manual_id}")
    for item in manual.appendix:
        if getattr(item, "file", None) and source is not None:
            paths.append((Path(source.path).parent / item.file).resolve())
    return paths


def manual_key(handbook, job) -> str:
    """Cache key of one manual file (``job``: a :class:`generator.manuals.jobs.Job`)."""
    return digest("manual", tool_fingerprint(("print",)), job.manual_id, job.lang, job.kind, job.target,
                  *manual_inputs(handbook, job.manual_id, memo_only=job.kind == "memo"), _files_digest(_attached_files(handbook, job.manual_id)))


# --------------------------------------------------------------------------- the store


@dataclasses.dataclass
class Store:
    """A content-addressed store of build outputs: ``root/<kind>/<key>/`` holds one output's files.

    ``hits`` and ``misses`` count lookups per kind during this build (the
    build prints nothing; tests and benchmarks read them).
    """

    root: Path
    used: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    hits: dict[str, int] = dataclasses.field(default_factory=dict)
    misses: dict[str, int] = dataclasses.field(default_factory=dict)
    parts: dict[str, list] = dataclasses.field(default_factory=dict)
    """Output (a manual file's target) → the (kind, key) entries it was made from (the pieces of a PDF)."""

    def keep(self, kind: str, keys: Iterable[str]) -> None:
        """Record entries as used by this build without looking them up (the parts of an output reused whole)."""
        self.used.setdefault(kind, set()).update(keys)

    def entry(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def get(self, kind: str, key: str) -> Path | None:
        """The folder of a complete entry, or ``None``; records the key as used by this build."""
        self.used.setdefault(kind, set()).add(key)
        folder = self.entry(kind, key)
        if folder.is_dir():
            self.hits[kind] = self.hits.get(kind, 0) + 1
            try:
                os.utime(folder)  # most recently used, for pruning
            except OSError:
                pass
            return folder
        self.misses[kind] = self.misses.get(kind, 0) + 1
        return None

    def put(self, kind: str, key: str, fill: Callable[[Path], None]) -> Path:
        """Create entry ``key`` atomically: ``fill(tmp_folder)`` writes the files, then one rename.

        Returns the entry's folder.  Never leaves a partial entry: if ``fill``
        raises, the temporary folder is removed and the error propagates.
        """
        self.used.setdefault(kind, set()).add(key)
        target = self.entry(kind, key)
        if target.is_dir():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
        try:
            fill(tmp)
            tmp.rename(target)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not target.is_dir():
                raise
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return target

    def prune(self, keep_unused: int = 1, max_age_s: float = 3600.0) -> None:
        """Remove entries of each kind this build did not use, but the ``keep_unused`` newest.

        Entries are kept by kind only if this build looked that kind up.
        Leftover temporary folders older than ``max_age_s`` (a killed build) go too.
        """
        now = time.time()
        for kind, used in self.used.items():
            folder = self.root / kind
            try:  # pruning only saves disk space: a folder that cannot be read or removed is left alone
                if not folder.is_dir():
                    continue
                stale = []
                for entry in folder.iterdir():
                    if entry.name.startswith(".tmp-"):
                        if now - entry.stat().st_mtime > max_age_s:
                            shutil.rmtree(entry, ignore_errors=True)
                    elif entry.name not in used:
                        stale.append((entry.stat().st_mtime, entry))
                stale.sort(reverse=True)
                for _mtime, entry in stale[keep_unused:]:
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                continue


def store_for(root: Path) -> Store:
    """The store of the project at ``root``: ``root/.cache/outputs``."""
    return Store(Path(root) / ".cache" / "outputs")


# --------------------------------------------------------------------------- cached steps


def make_manuals_cached(handbook, out: Path, jobs: list, store: Store,
                        make: Callable[[Any, Path, list], Any] | None = None) -> list:
    """Make every manual file of ``jobs`` under ``out``, reusing the cached ones.

    Only the jobs whose key is not in ``store`` are passed to ``make``
    (default :func:`generator.manuals.jobs.make_manuals`, parallel workers);
    their files are stored for the next build.  Returns the jobs that were
    made (the others were copied from the cache).  Errors of ``make``
    propagate; nothing is stored for a failed job.
    """
    if make is None:
        from generator.manuals.jobs import make_manuals as make
    import inspect

    with_store = "store" in inspect.signature(make).parameters  # the PDF pieces go into the same store
    missing = []
    for job in jobs:
        key = manual_key(handbook, job)
        entry = store.get("manuals", key)
        target = Path(out) / job.target
        if entry is not None and (entry / "file").is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry / "file", target)
            if (entry / "parts.json").is_file():  # the pieces it was joined from stay for the next edit
                for kind, part in json.loads((entry / "parts.json").read_text(encoding="utf-8")):
                    store.keep(kind, [part])
        else:
            missing.append((job, key))
    if missing:
        for job, _key in missing:  # the writers expect the folder (a lone DOCX job has nobody to make it)
            (Path(out) / job.target).parent.mkdir(parents=True, exist_ok=True)
        if with_store:
            make(handbook, Path(out), [job for job, _key in missing], store=store)
        else:
            make(handbook, Path(out), [job for job, _key in missing])
        for job, key in missing:
            made = Path(out) / job.target
            used = store.parts.get(job.target)

            def fill(tmp: Path, made=made, used=used) -> None:
                shutil.copyfile(made, tmp / "file")
                if used:
                    (tmp / "parts.json").write_text(json.dumps(used), encoding="utf-8")

            store.put("manuals", key, fill)
    return [job for job, _key in missing]


@dataclasses.dataclass
class SiteJob:
    """One language's site to produce with MkDocs (see :func:`build_sites_cached`).

    ``out`` is the site folder to produce; ``raw_index`` the file where the
    builder must leave MkDocs' own complete search index (before any pass
    changes ``out/search``).  For a *dirty* job, ``out`` already holds the
    previous build's finished site, the docs files that did not change have
    the modification times they had then, the outputs of the changed ones
    and the search files are removed, and ``previous_index`` is the previous
    build's raw index: the builder runs MkDocs in dirty mode, merges the index
    and passes over the re-rendered pages only.  ``changed`` lists the docs
    files (relative paths) whose content changed.
    """

    lang: str
    config_path: Path
    out: Path
    raw_index: Path
    previous_index: Path | None = None
    changed: list[str] = dataclasses.field(default_factory=list)

    @property
    def dirty(self) -> bool:
        return self.previous_index is not None


LAST_SITES = "site-last.json"
"""File of the store naming, per language, the key of the site entry of the last build."""

ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search", "assets/javascripts/workers")
"""Outputs MkDocs (or the search pass) writes on every run, dirty or not: removed before a dirty run."""


def link_tree(src: Path, dst: Path) -> None:
    """Make ``dst`` a tree of hard links to the files of ``src`` (copies where linking fails: another file system).

    Linking writes no data and, when the old tree is deleted, frees no
    blocks: at 1,000 procedures copying and deleting a 245 MB site took most
    of an unchanged build.  Files shared this way must never be written in
    place: every writer of the build writes new files (see
    :func:`_prepare_dirty`), and a site entry whose files changed since it
    was stored is not used (:func:`_intact`).
    """
    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(src, dst, copy_function=link, dirs_exist_ok=True)


def _stats(folder: Path) -> dict[str, list[int]]:
    """``{relative path: [size, mtime_ns]}`` of every file under ``folder``."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        st = path.stat()
        if not path.is_dir():
            out[path.relative_to(folder).as_posix()] = [st.st_size, st.st_mtime_ns]
    return out


def docs_manifest(docs_dir: Path) -> dict[str, str]:
    """``{relative path: SHA-256 of the bytes}`` of every file under ``docs_dir`` (POSIX paths, sorted)."""
    docs_dir = Path(docs_dir)
    return {p.relative_to(docs_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(docs_dir.rglob("*")) if p.is_file()}


def site_frame_key(config: dict, base_config: Path, manifest: dict[str, str], *, thai_search: bool) -> str:
    """Key of everything a language site's pages share: when it is unchanged, a dirty build is exact.

    The configuration without its temporary paths (site name, navigation
    with every page's title and order, language links), the inherited
    ``mkdocs.yml``, the tool's fingerprint (generator, site templates,
    MkDocs/Material versions), the search flavour and the *list* of docs files
    (an added or removed file changes it; their contents do not).
    """
    stable = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir", "INHERIT")}
    base = Path(base_config).read_bytes() if Path(base_config).is_file() else b""
    return digest("site-frame", tool_fingerprint(("site",)), json.dumps(stable, ensure_ascii=False, sort_keys=True),
                  base, "\n".join(manifest), "thai-search" if thai_search else "stock-search")


def _last_sites(store: Store) -> dict[str, str]:
    try:
        data = json.loads((store.root / LAST_SITES).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _read_meta(entry: Path) -> dict | None:
    """``meta.json`` of a site entry, or ``None`` when it is missing or unreadable.

    ``{"frame": key, "docs": {path: sha256}, "files": {"site/…" | "docs/…": [size, mtime_ns]}}``.
    """
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(meta, dict) and isinstance(meta.get("docs"), dict) and isinstance(meta.get("files"), dict)
    return meta if ok else None


def _intact(entry: Path, meta: dict) -> bool:
    """Whether the files of a site entry are exactly those stored (same names, sizes, modification times).

    The entry's files are hard links shared with published sites; one
    written in place since (by hand, by a deploy script) makes the entry
    unusable, so it is rebuilt instead of being served stale.
    """
    try:
        found = {f"site/{k}": v for k, v in _stats(entry / "site").items()}
        found.update({f"docs/{k}": v for k, v in _stats(entry / "docs").items()})
    except OSError:
        return False
    return found == meta["files"]


def _usable(store: Store, key: str | None) -> tuple[Path, dict] | None:
    """A site entry and its meta when it is complete and intact, else ``None``."""
    if not key:
        return None
    entry = store.entry("site", key)
    meta = _read_meta(entry)
    if meta is None or not (entry / "raw-index.json").is_file() or not _intact(entry, meta):
        return None
    return entry, meta


def _reuse_docs(entry: Path, meta: dict, manifest: dict[str, str], docs_dir: Path) -> list[str]:
    """Replace each docs file whose content is the one stored in ``entry`` by a link to it; return the others.

    The reused files keep the modification time of the build that first
    wrote them (older than their pages, so MkDocs' dirty mode skips them),
    and deleting the old published docs frees nothing.
    """
    changed = []
    for rel, sha in manifest.items():
        if meta["docs"].get(rel) != sha or not (entry / "docs" / rel).is_file():
            changed.append(rel)
            continue
        target = docs_dir / rel
        if os.path.samefile(target, entry / "docs" / rel):  # linked already by write_docs
            continue
        target.unlink()
        try:
            os.link(entry / "docs" / rel, target)
        except OSError:
            shutil.copy2(entry / "docs" / rel, target)
    return changed


def write_docs(store: Store, lang: str, docs_dir: Path, pages: Iterable[tuple[str, str]]) -> None:
    """Write each ``(relative path, Markdown)`` page under ``docs_dir``, linking those the last build wrote the same.

    A page whose text has the SHA-256 the last build's site entry of ``lang``
    recorded, and whose stored copy is intact, becomes a hard link to that
    copy (creating 2,000 files was a second of an unchanged build at 1,000
    procedures); the others are written.  Raises ``OSError`` when a file
    cannot be written.
    """
    entry = store.entry("site", _last_sites(store).get(lang, "-"))
    meta = _read_meta(entry) or {"docs": {}, "files": {}}
    docs_dir = Path(docs_dir)
    for rel, text in pages:
        target = docs_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        stored = entry / "docs" / rel
        if meta["docs"].get(rel) == hashlib.sha256(data).hexdigest():
            try:
                st = stored.stat()
                if [st.st_size, st.st_mtime_ns] == meta["files"].get(f"docs/{rel}"):
                    os.link(stored, target)
                    continue
            except OSError:
                pass
        target.write_bytes(data)


def _prepare_dirty(entry: Path, changed: list[str], out: Path) -> None:
    """Make ``out`` the previous site of ``entry`` (hard links), ready for MkDocs' dirty mode.

    The outputs of the ``changed`` docs files and everything in
    :data:`ALWAYS_WRITTEN` are removed, so that MkDocs and the search pass
    write them as new files: no file shared with the cache is written in place.
    """
    link_tree(entry / "site", out)
    for rel in changed:
        (out / (rel[:-3] + ".html" if rel.endswith(".md") else rel)).unlink(missing_ok=True)
    for rel in ALWAYS_WRITTEN:
        target = out / rel
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def build_sites_cached(items: list[tuple[str, dict, Path, Path]], store: Store, base_config: Path, *,
                       thai_search: bool, build: Callable[[list[SiteJob]], None]) -> list[str]:
    """Produce each language's finished site folder, reusing cached ones, or re-rendering only changed pages.

    ``items`` are ``(lang, config dict, config path, site folder to produce)``;
    the config dict's ``docs_dir`` is hashed.  For each language:

    * the same docs, configuration and tool as a cached site: it is linked;
    * else, when only the *contents* of some docs files changed since the
      last build (same :func:`site_frame_key`: same navigation, titles, file
      list, configuration, templates), a dirty :class:`SiteJob` re-renders
      the changed pages on a copy (hard links) of the last build's site;
    * else a full job.

    Docs files whose content the last build had are replaced by links to its
    copies (:func:`_reuse_docs`).  ``build`` receives the jobs and must produce
    their folders completely (MkDocs, the index merge, the passes over the
    pages), writing only new files.  Each result is stored (hard links) with
    its docs, its raw search index and a meta file.  Returns the languages built.
    """
    last = _last_sites(store)
    todo: list[tuple[SiteJob, str, str, dict[str, str], Path]] = []
    for lang, config, _config_path, out in items:
        docs_dir = Path(config["docs_dir"])
        manifest = docs_manifest(docs_dir)
        frame = site_frame_key(config, base_config, manifest, thai_search=thai_search)
        key = digest("site", frame, json.dumps(manifest, sort_keys=True))
        store.get("site", key)  # records the lookup (hits, misses, kept by the pruning)
        hit = _usable(store, key)
        if hit is not None:
            _reuse_docs(hit[0], hit[1], manifest, docs_dir)
            link_tree(hit[0] / "site", out)
            last[lang] = key
            continue
        job = SiteJob(lang, _config_path, out, out.with_name(out.name + "-raw-index.json"))
        base = _usable(store, last.get(lang))
        if base is not None:
            job.changed = _reuse_docs(base[0], base[1], manifest, docs_dir)
            if base[1].get("frame") == frame:
                job.previous_index = base[0] / "raw-index.json"
                _prepare_dirty(base[0], job.changed, out)
        todo.append((job, key, frame, manifest, docs_dir))
    if todo:
        build([job for job, *_rest in todo])
        for job, key, frame, manifest, docs_dir in todo:
            def fill(tmp: Path, job=job, frame=frame, manifest=manifest, docs_dir=docs_dir) -> None:
                link_tree(job.out, tmp / "site")
                link_tree(docs_dir, tmp / "docs")
                os.replace(job.raw_index, tmp / "raw-index.json")
                files = {f"site/{k}": v for k, v in _stats(tmp / "site").items()}
                files.update({f"docs/{k}": v for k, v in _stats(tmp / "docs").items()})
                (tmp / "meta.json").write_text(json.dumps({"frame": frame, "docs": manifest, "files": files}),
                                               encoding="utf-8")

            shutil.rmtree(store.entry("site", key), ignore_errors=True)  # an entry found not intact
            store.put("site", key, fill)
            last[job.lang] = key
    _write_json(store.root / LAST_SITES, last)
    return [job.lang for job, *_rest in todo]


def _write_json(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
