"""Publishing a build safely: one build at a time, all-or-nothing swaps, no leftovers, same bytes.

* :func:`project_lock` — one build per project at a time: an exclusive
  ``fcntl.flock`` on ``.handbook.lock``; a second build says the project is
  busy and waits (the lock is released by the kernel when a build dies, even
  by ``kill -9``).
* :func:`publish` — moves the finished trees (``docs/`` and ``site/``) into
  place together.  Before the first rename it writes a journal
  (``.handbook-publish.json``); removing the journal is the commit point.  A
  build killed before that point is rolled back by :func:`recover` at the
  start of the next build (or ``check``-free command that takes the lock), so
  ``site/`` and ``docs/`` are always both old or both new.
* :func:`clean_leftovers` — removes what earlier killed builds left:
  ``.handbook-build-*`` work folders and ``.<name>-old-*`` folders.
* :func:`die_with_parent` — makes a worker process die when the build dies
  (Linux ``PR_SET_PDEATHSIG``), so no manual worker outlives a killed build.
* :func:`normalise_zip` — rewrites a ZIP (DOCX) with fixed entry times
  (``SOURCE_DATE_EPOCH``, https://reproducible-builds.org/specs/source-date-epoch/,
  else 1980-01-01) so that two builds of the same input are byte-identical.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import os
import shutil
import signal
import sys
import zipfile
from pathlib import Path
from typing import Iterator

LOCK_FILE = ".handbook.lock"
JOURNAL = ".handbook-publish.json"
WORK_PREFIX = ".handbook-build-"


def _test_kill(point: str) -> None:
    """Tests only: die here (SIGKILL) when ``HANDBOOK_TEST_KILL_AT`` names ``point``."""
    if os.environ.get("HANDBOOK_TEST_KILL_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def project_lock(folder: Path, *, wait: bool = True, announce=None) -> Iterator[Path]:
    """Hold the exclusive build lock of the project whose outputs live in ``folder``.

    When another build holds it, ``announce`` (default: print to stderr) is
    called with a message saying the project is busy, then the call waits
    (``wait=True``) or raises ``BlockingIOError``.  Yields the lock file's path.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            message = (f"the project is busy: another handbook build (process {holder}) is running in {folder}; "
                       + ("waiting for it to finish…" if wait else "try again when it has finished"))
            (announce or (lambda m: print(m, file=sys.stderr, flush=True)))(message)
            if not wait:
                raise
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield path
    finally:
        handle.close()  # releases the lock


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(moves: list[tuple[Path, Path]], journal_dir: Path) -> None:
    """Move each finished tree ``new`` onto ``target`` for every ``(new, target)``, all or nothing.

    ``new`` and ``target`` must be on the same file system.  An existing
    ``target`` is first renamed to ``.<name>-old-<pid>`` next to it and deleted
    once every tree is in place.  The journal in ``journal_dir`` records the
    plan; if the process dies before the journal is removed, :func:`recover`
    puts the old trees back.  Raises ``OSError`` (after rolling back) when a
    rename fails.
    """
    plan = []
    for new, target in moves:
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        plan.append({"new": str(new), "target": str(target), "old": str(old), "had_old": target.exists()})
    journal = Path(journal_dir) / JOURNAL
    _test_kill("before-journal")
    _write_json_atomic(journal, {"moves": plan})
    _test_kill("after-journal")
    try:
        for i, step in enumerate(plan):
            if step["had_old"]:
                os.rename(step["target"], step["old"])
                _test_kill(f"after-old-{i}")
            os.rename(step["new"], step["target"])
            _test_kill(f"after-new-{i}")
    except OSError:
        _roll_back(plan)
        journal.unlink(missing_ok=True)
        raise
    _fsync_dir(Path(plan[0]["target"]).parent)
    journal.unlink()  # the commit point: from here on the new trees stay
    _fsync_dir(journal.parent)
    _test_kill("after-commit")
    for step in plan:
        if step["had_old"]:
            shutil.rmtree(step["old"], ignore_errors=True)


def _roll_back(plan: list[dict]) -> None:
    for step in reversed(plan):
        target, old, new = Path(step["target"]), Path(step["old"]), Path(step["new"])
        if step["had_old"]:
            if old.exists():
                if target.exists():  # the new tree was moved in: put it back in the work folder (deleted later)
                    if new.parent.exists() and not new.exists():
                        os.rename(target, new)
                    else:
                        shutil.rmtree(target)
                os.rename(old, target)
        elif target.exists() and not new.exists() and new.parent.exists():
            os.rename(target, new)  # there was nothing before: take the new tree away again


def recover(journal_dir: Path) -> bool:
    """Undo a publication cut short (see :func:`publish`); return True when there was one to undo.

    Call with the build lock held, before building.
    """
    journal = Path(journal_dir) / JOURNAL
    if not journal.exists():
        return False
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))["moves"]
    except (OSError, ValueError, KeyError):
        journal.unlink(missing_ok=True)
        return False
    _roll_back(plan)
    journal.unlink()
    return True


def clean_leftovers(*folders: Path) -> list[Path]:
    """Delete the work folders (``.handbook-build-*``) and old trees (``.<name>-old-*``) of earlier builds.

    Call with the build lock held (no other build is then using them).
    Returns the folders removed.
    """
    removed = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            name = entry.name
            ours = name.startswith(WORK_PREFIX) or (name.startswith(".") and "-old-" in name
                                                    and name.rsplit("-old-", 1)[1].isdigit())
            if ours and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def die_with_parent() -> None:
    """Ask Linux to kill this process (SIGKILL) when its parent dies; no-op elsewhere.

    Used as the initializer of worker processes and the ``preexec_fn`` of
    subprocesses, so a killed build takes its workers down with it.
    """
    # no import and no lock here: this runs between fork and exec (preexec_fn), where another
    # thread may have held the import lock at the time of the fork
    if _LIBC is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        _LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call
            os.kill(os.getpid(), signal.SIGKILL)


def _load_libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except (OSError, ImportError):
        return None


_LIBC = _load_libc()


def fixed_zip_time() -> tuple[int, int, int, int, int, int]:
    """The time stamped on every ZIP entry: ``SOURCE_DATE_EPOCH`` (UTC) when set, else 1980-01-01 00:00."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        day = _dt.datetime.fromtimestamp(max(int(epoch), 315532800), _dt.timezone.utc)
        return (day.year, day.month, day.day, day.hour, day.minute, day.second)
    return (1980, 1, 1, 0, 0, 0)


def normalise_zip(path: Path) -> Path:
    """Rewrite the ZIP file ``path`` (a DOCX) with fixed entry times, same order and content.

    Written to a temporary file and renamed.  Returns ``path``.  Raises
    ``zipfile.BadZipFile`` for a file that is not a ZIP.
    """
    path = Path(path)
    stamp = fixed_zip_time()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.zip")
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp, "w") as target:
            for info in source.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                fixed.create_system = 3
                target.writestr(fixed, source.read(info.filename))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


# --------------------------------------------------------------------------- serving the published site

import http.server  # noqa: E402


class SiteOnlyHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` that never serves a file outside its folder.

    A path that leads out of the folder once symbolic links are followed gets
    404, as does anything that is not a regular file or a folder (devices, pipes).
    """

    def translate_path(self, path: str) -> str:  # noqa: D102
        translated = super().translate_path(path)
        root = os.path.realpath(self.directory)
        real = os.path.realpath(translated)
        if real != root and not real.startswith(root + os.sep):
            return os.path.join(root, ".handbook-not-found")
        if os.path.exists(real) and not (os.path.isfile(real) or os.path.isdir(real)):
            return os.path.join(root, ".handbook-not-found")
        return translated

    def log_message(self, format: str, *args) -> None:  # noqa: A002,D102
        pass
