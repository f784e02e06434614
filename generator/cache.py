"""The store of build outputs, the digests keys are made of, and the tool's fingerprint.

``handbook build`` makes expensive outputs, and each is stored in a
content-addressed cache under ``<project>/.cache/outputs/<kind>/<key>/``
(:class:`Store`), by a key (SHA-256, :func:`digest`) of everything it is made
from.  What each output is made from is known by its writer, not here:

* a **manual file** (PDF, DOCX or memo): :func:`generator.manuals.cached.manual_key`;
* a **language site** (cached whole, or re-rendered in MkDocs' dirty mode):
  :mod:`generator.site.cached`;
* **flowchart images** have their own cache (:mod:`generator.flowchart.render`),
  and the pages' Markdown too (:class:`generator.site.pages.PageCache`);
* the **pieces of a manual's PDF** (kind ``pdf-pieces``: a chapter, the
  page-number footers, the front matter; :mod:`generator.manuals.pdfjoin`),
  keyed by the digest of the piece's own HTML, the bytes of the local files
  it names (fonts, flowchart images, attachments) and the tool's
  fingerprint (:func:`generator.manuals.pdf.piece_key`).

The tool's fingerprint is the hash of the generator's own source files,
its templates, and the versions of the libraries and programs that shape
the output (MkDocs, Material, WeasyPrint, python-docx, PyThaiNLP, the
Sarabun package, Graphviz): upgrading any of them invalidates everything.

Nothing stale survives: the build assembles a fresh site from the outputs of
the *current* inputs only, so a deleted procedure's page or manual is gone;
cache entries not used by the last build are pruned (:meth:`Store.prune`).
Entries are written atomically (temporary folder, then rename), so a killed
build never leaves a half-written entry that a later build would reuse.

This module is the bottom floor of the build: it imports no other module of
the generator but :mod:`generator.graphviz` (see ``tests/test_layers.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from generator.graphviz import graphviz_version

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
        versions.append("graphviz=" + graphviz_version())
    except Exception:  # Graphviz missing: the build itself reports it
        versions.append("graphviz=missing")
    h = _hasher()
    for base, path in files:
        h.update(f"{base.name}/{path.relative_to(base).as_posix()}".encode("utf-8"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update("\n".join(versions).encode("utf-8"))
    return h.hexdigest()



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


# --------------------------------------------------------------------------- memo files


class Memo:
    """A dictionary of results that cost time to compute again, kept in one file between builds.

    Thai word cuts (PyThaiNLP ``newmm``: about 0.3 ms a sentence, and 0.4 s to
    build its dictionary in every new process) are the same for the same text
    in every build; a build after one edit cuts only the edited text.  Inputs:
    ``path`` the file (``marshal`` of ``{"version", "items"}``), ``version``
    (for instance :func:`tool_fingerprint`: another version is an empty
    memo), ``limit`` the most entries kept.  Keys are strings; values anything
    ``marshal`` writes (str, tuple, list, dict, int, bool, None).

    Several processes may use one file (the manual workers): :meth:`save`
    merges what this process added into the file as it is then, and replaces
    it atomically under a name of its own.  A missing, unreadable or
    damaged file is an empty memo; a file that cannot be written is left
    as it was (the memo only saves time).
    """

    def __init__(self, path: Path, version: str, limit: int = 60_000):
        self.path = Path(path)
        self.version = version
        self.limit = limit
        self.items: dict = self._read()
        self.new: dict = {}
        self.used: set = set()

    def _read(self) -> dict:
        try:
            data = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if isinstance(data, dict) and data.get("version") == self.version and isinstance(data.get("items"), dict):
            return data["items"]
        return {}

    def get(self, key: str, default=None):
        """The value stored for ``key``, or ``default``."""
        if key in self.new:
            return self.new[key]
        value = self.items.get(key, default)
        if key in self.items:
            self.used.add(key)
        return value

    def put(self, key: str, value) -> None:
        """Store ``value`` for ``key`` (written by :meth:`save`)."""
        self.new[key] = value

    def save(self) -> None:
        """Merge this process's new entries into the file; beyond ``limit`` entries, keep those this process used."""
        if not self.new:
            return
        items = self._read()
        items.update(self.new)
        if len(items) > self.limit:
            mine = self.used | self.new.keys()
            keep = [k for k in items if k in mine]
            keep += [k for k in items if k not in mine][: max(0, self.limit - len(keep))]
            items = {k: items[k] for k in keep}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps({"version": self.version, "items": items}))
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)
            return
        self.items, self.new = items, {}
