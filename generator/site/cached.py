"""The site of each language, made once and reused: whole from the store, or only its changed pages.

A **language site** (:func:`build_sites_cached`) is the built MkDocs output of
one language *after* the passes over its pages (word spans, Thai search),
stored in the build's :class:`generator.cache.Store` (kind ``site``) with the
generated ``docs/<lang>`` folder, MkDocs' own search index and a meta file.
Its key is the digest of every docs file (every Markdown page — hence the
models, site templates, ITA files — and every asset), the generated
configuration without its temporary paths, the inherited ``mkdocs.yml`` and
the tool's fingerprint (:func:`generator.cache.tool_fingerprint`).

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

Moved from :mod:`generator.cache` (issue 22): ``SiteJob``, ``LAST_SITES``,
``ALWAYS_WRITTEN``, ``link_tree``, ``_stats``, ``docs_manifest``,
``site_frame_key``, ``_last_sites``, ``_read_meta``, ``_intact``, ``_usable``,
``_reuse_docs``, ``write_docs``, ``_prepare_dirty``, ``build_sites_cached``,
``_write_json``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Callable, Iterable

from generator.cache import Store, digest, tool_fingerprint


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
