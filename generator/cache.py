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
* a **language site** (:func:`site_key`): the built MkDocs output of one
  language *after* the Thai search pass (pages, search index, patched search
  worker).  MkDocs only turns the generated ``docs/<lang>`` folder into HTML,
  so the key is the digest of that folder (every Markdown page — hence the
  models, site templates, ITA files — and every asset), the generated
  configuration without its temporary paths, the inherited ``mkdocs.yml``
  and the tool's fingerprint;
* **flowchart images** have their own cache (:mod:`generator.flowchart.render`);
* the **pieces of a manual's PDF** (kind ``pdf-pieces``: a chapter, the
  page-number footers, the front matter; :mod:`generator.manuals.pdfjoin`),
  keyed by the digest of the piece's own HTML, the bytes of the local files
  it names (fonts, flowchart images, attachments) and the tool's
  fingerprint (:func:`generator.manuals.pdf.piece_key`).  A manual file made
  again after an edit reuses the pieces the edit did not change; the keys
  of the pieces a manual file was joined from are kept in its entry
  (``parts.json``) so that they survive pruning while the file is reused.

Pages (Markdown, 0.3 s for 21 procedures) and the ITA files are cheap and
are rendered on every build; because the site key hashes their text, an
edit that does not change any page (a manual's memo date) does not re-run
MkDocs, and an edit that changes one page re-runs MkDocs for the languages
whose pages changed.  MkDocs itself renders every page of a language at
once (each page carries the navigation), so that is the smallest unit that
is rebuilt without reaching into MkDocs' internals.

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


def site_key(config: dict, docs_dir: Path, base_config: Path, *, thai_search: bool) -> str:
    """Cache key of one language's built site: the docs folder, the configuration, the inherited base.

    ``config`` is the dict written for MkDocs; its ``docs_dir``, ``site_dir``
    and ``INHERIT`` (temporary or absolute paths) are replaced by the
    contents they point to.
    """
    stable = {k: v for k, v in config.items() if k not in ("docs_dir", "site_dir", "INHERIT")}
    base = Path(base_config).read_bytes() if Path(base_config).is_file() else b""
    return digest("site", tool_fingerprint(("site",)), json.dumps(stable, ensure_ascii=False, sort_keys=True), base,
                  tree_digest(docs_dir), "thai-search" if thai_search else "stock-search")


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


def build_sites_cached(items: list[tuple[str, dict, Path, Path]], store: Store, base_config: Path, *,
                       thai_search: bool, build: Callable[[list[tuple[str, Path, Path]]], None]) -> list[str]:
    """Produce each language's finished site folder, reusing cached ones.

    ``items`` are ``(lang, config dict, config path, site folder to produce)``;
    the config dict's ``docs_dir`` is hashed.  ``build`` receives the
    ``(lang, config path, site folder)`` triples that are not cached and must
    produce those folders completely (MkDocs and the Thai search pass).
    Returns the languages that were built.
    """
    missing = []
    for lang, config, config_path, out in items:
        key = site_key(config, Path(config["docs_dir"]), base_config, thai_search=thai_search)
        entry = store.get("site", key)
        if entry is not None:
            shutil.copytree(entry, out)
        else:
            missing.append((lang, config_path, out, key))
    if missing:
        build([(lang, config_path, out) for lang, config_path, out, _key in missing])
        for _lang, _config_path, out, key in missing:
            store.put("site", key, lambda tmp, out=out: shutil.copytree(out, tmp, dirs_exist_ok=True))
    return [lang for lang, *_rest in missing]
