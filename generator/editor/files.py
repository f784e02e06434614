"""The editor's files: which file a (kind, id) is, reading it, and saving it round-trip and atomically.

* Paths: a file is named by its kind (``office``, ``procedure``, ``officer``,
  ``manual``) and id; :func:`file_path` refuses any id that is not an
  :data:`~generator.model.documents.Identifier` and any path that leaves the
  project once symbolic links are followed, so nobody reads or writes a file
  outside the project through the editor.
* Round trip: ruamel.yaml reads the file with its comments, key order, quotes
  and flow style (``{th: …, en: …}``); :func:`merge` writes the form's values
  into that tree, so a save changes only what the user changed and keeps the
  ``# yaml-language-server: $schema=…`` line.
* Atomic write: the text goes to a temporary file in the same folder, is
  flushed to disk and then replaces the file (``os.replace``): a reader sees
  the old file or the new one, never half of one.
* Conflicts: the client sends back the SHA-256 of the text it opened
  (:func:`text_hash`); :func:`save` refuses when the file changed since
  (:class:`Conflict`, HTTP 409 in the server).
* Drafts: a file with errors is saved as ``<id>.draft.yml`` beside the real
  file (the loader skips drafts with a warning, so the build never sees
  them); a later save without errors writes the real file and removes the draft.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.model.loader import DRAFT_SUFFIX, MANUALS_DIR, OFFICE_FILE, OFFICERS_DIR, PROCEDURES_DIR

KINDS = {"office": "", "procedure": PROCEDURES_DIR, "officer": OFFICERS_DIR, "manual": MANUALS_DIR}
"""File kind → folder of the project (the office is the one file ``office.yml``)."""

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class EditorError(Exception):
    """A request the editor refuses; ``status`` is the HTTP status, the message is for the user (Thai / English)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class Conflict(EditorError):
    """The file changed on disk since the client opened it; ``current`` is its text now, ``diff`` a unified diff."""

    def __init__(self, current: str, diff: str):
        super().__init__("ไฟล์นี้ถูกแก้ไขหลังจากที่คุณเปิด / this file changed since you opened it", 409)
        self.current = current
        self.diff = diff


def file_path(root: Path, kind: str, ident: str = "", draft: bool = False) -> Path:
    """The path of the file of ``kind`` and ``ident`` inside the project ``root`` (resolved).

    Raises :class:`EditorError` (400) for an unknown kind or an id that is not
    lower-case letters, digits and hyphens, and (403) for a path that leads
    outside the project through a symbolic link.
    """
    root = Path(root).resolve()
    if kind not in KINDS:
        raise EditorError(f"ไม่รู้จักชนิดไฟล์ / unknown kind of file: {kind!r}")
    if kind == "office":
        path = root / OFFICE_FILE
    else:
        if not _ID.match(ident or ""):
            raise EditorError("รหัสต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข และขีด (-) เช่น budget-allocation / "
                              "an id is lower-case letters, digits and hyphens, e.g. budget-allocation")
        path = root / KINDS[kind] / (ident + (DRAFT_SUFFIX if draft else ".yml"))
    try:
        inside = path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise EditorError("ไฟล์นี้อยู่นอกโครงการ / this file is outside the project", 403)
    return path


def text_hash(text: str | None) -> str:
    """SHA-256 (hex) of a file's text; ``""`` for a file that does not exist."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else ""


def read_text(path: Path) -> str | None:
    """The file's text (UTF-8), or ``None`` when it does not exist."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order, quotes and flow style are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long Thai line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_round_trip(text: str) -> Any:
    """Parse ``text`` keeping comments and order (ruamel.yaml ``CommentedMap``); ``{}`` for an empty file."""
    data = _yaml().load(text)
    return data if data is not None else CommentedMap()


def dump_round_trip(data: Any) -> str:
    """YAML text of a round-trip tree."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def plain(value: Any) -> Any:
    """The round-trip tree as plain JSON-ready Python (dict, list, str, int, bool, None; dates as YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def merge(old: Any, new: Any) -> Any:
    """Write the plain value ``new`` into the round-trip tree ``old``; return the tree to keep.

    Mappings keep their comments and the order of existing keys (new keys are
    added at the end, removed keys dropped); lists are merged item by item;
    an unchanged scalar keeps its quotes.  A new mapping of two short texts
    (``{th, en}``) is written in flow style, as the bundled files write them.
    """
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else _fresh(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for i, value in enumerate(new):
            if i < len(old):
                old[i] = merge(old[i], value)
            else:
                old.append(_fresh(value))
        del old[len(new):]
        return old
    if plain(old) == new and not isinstance(old, (dict, list)):
        return old
    return _fresh(new)


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _fresh(v)
        if set(value) <= {"th", "en", "label", "goto", "term"} and all(
                isinstance(v, str) and len(v) < 60 for v in value.values()):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        out = CommentedSeq()
        for v in value:
            out.append(_fresh(v))
        if value and all(isinstance(v, str) and _ID.match(v) for v in value):
            out.fa.set_flow_style()  # lists of ids: owners: [a, b]
        return out
    return value


SCHEMA_LINE = "# yaml-language-server: $schema={}schema/{}.schema.json\n"


def new_file_text(kind: str) -> str:
    """The first line of a new file: the ``$schema`` comment that YAML editors read."""
    return SCHEMA_LINE.format("" if kind == "office" else "../", kind)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(kind: str, base_text: str | None, data: dict) -> str:
    """The YAML text of ``data`` (plain values in file shape) merged into ``base_text`` (or a new file)."""
    tree = load_round_trip(base_text if base_text is not None else new_file_text(kind))
    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()
    tree = merge(tree, data)
    text = dump_round_trip(tree)
    if base_text is None and not text.startswith("#"):
        text = new_file_text(kind) + text
    return text


def opened(root: Path, kind: str, ident: str) -> dict:
    """What the editor opens for (kind, id): the draft when there is one, else the file.

    Returns ``{"path": Path, "text": str | None, "hash": str, "draft": bool}``.
    """
    if kind != "office":
        draft = file_path(root, kind, ident, draft=True)
        text = read_text(draft)
        if text is not None:
            return {"path": draft, "text": text, "hash": text_hash(text), "draft": True}
    path = file_path(root, kind, ident)
    text = read_text(path)
    return {"path": path, "text": text, "hash": text_hash(text), "draft": False}


def save(root: Path, kind: str, ident: str, text: str, opened_hash: str, as_draft: bool) -> dict:
    """Write ``text`` for (kind, id) when the file is still what the client opened.

    ``opened_hash`` is the :func:`text_hash` of the text the client opened
    (``""`` for a new file).  ``as_draft`` writes ``<id>.draft.yml`` and leaves
    the real file alone; otherwise the real file is written and any draft
    removed.  Returns ``{"path": Path, "hash": str, "draft": bool}``.  Raises
    :class:`Conflict` when the opened file changed in between.
    """
    current = opened(root, kind, ident)
    if current["hash"] != opened_hash:
        now = current["text"] or ""
        diff = "".join(difflib.unified_diff(
            now.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile="ในไฟล์ตอนนี้ / in the file now", tofile="ของคุณ / yours"))
        raise Conflict(now, diff)
    if as_draft and kind == "office":
        raise EditorError("office.yml บันทึกเป็นฉบับร่างไม่ได้ แก้ข้อผิดพลาดก่อน / "
                          "office.yml cannot be saved as a draft: fix the errors first", 422)
    path = file_path(root, kind, ident, draft=as_draft)
    atomic_write(path, text)
    if not as_draft and kind != "office":
        file_path(root, kind, ident, draft=True).unlink(missing_ok=True)
    return {"path": path, "hash": text_hash(text), "draft": as_draft}
