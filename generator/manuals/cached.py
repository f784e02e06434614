"""What a manual file is made from (its cache key), and making manual files through the store.

A **manual file** (PDF, DOCX or memo; :func:`manual_key`) is stored in the
build's :class:`generator.cache.Store` (kind ``manuals``) by a key of: the job
(manual, language, kind), the pydantic ``model_dump_json`` of the office, of
the manual definition, of the procedures it contains and of every officer
those objects name (author, owners, signatories), the bytes of the files they
point to (emblem, appendix attachments), the print templates and fonts, and
the tool's fingerprint (:func:`generator.cache.tool_fingerprint`).

A manual file made again after an edit reuses the pieces of its PDF the edit
did not change (:mod:`generator.manuals.pdfjoin`); the keys of the pieces a
manual file was joined from are kept in its entry (``parts.json``) so that
they survive pruning while the file is reused.

Moved from :mod:`generator.cache` (issue 22): ``model_json``, ``_strings``,
``manual_inputs``, ``_attached_files``, ``manual_key``, ``make_manuals_cached``.
"""

from __future__ import annotations

import functools
import inspect
import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from generator.cache import Store, _files_digest, digest, tool_fingerprint
import generator.manuals.jobs as manual_jobs
from generator.manuals.jobs import Job
from generator.model.loader import Handbook
from generator.model.manuals import manual_procedures


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
        make = manual_jobs.make_manuals  # looked up at each call: tests replace it
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


class ManualsInBackground:
    """The manual files of a build made in a thread while the site is built (:func:`make_manuals_cached`).

    ``start()`` returns once the worker processes are forked (or nothing is
    left to make), so the caller's own threads start after every fork;
    ``join()`` waits for the files and raises what making them raised.
    ``seconds`` is the time the manuals took, from ``start()``.  The site
    (MkDocs in subprocesses, the search passes) and the manuals' workers then
    share the cores instead of waiting for each other: an edit's build takes
    about the longer of the two rather than their sum.
    """

    def __init__(self, handbook: Handbook, out: Path, jobs: list[Job], store) -> None:
        self._args = (handbook, out, jobs, store)
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="handbook-manuals", daemon=True)
        self._error: BaseException | None = None
        self.seconds = 0.0

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            make = manual_jobs.make_manuals  # looked up now: tests replace it
            if "forked" in inspect.signature(make).parameters:
                make = functools.update_wrapper(functools.partial(make, forked=self._started), make)
            else:  # a stand-in that forks nothing
                self._started.set()
            make_manuals_cached(*self._args, make=make)
        except BaseException as error:  # handed to join()
            self._error = error
        finally:
            self.seconds = time.perf_counter() - start
            self._started.set()

    def start(self) -> "ManualsInBackground":
        self._thread.start()
        self._started.wait()
        return self

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error
