"""Make the printed manuals of a project: every manual definition × language × format.

Manuals are rendered in parallel worker processes (one per core), each of
which loads the project once.  Files are written under an output folder
with the site's layout (``manuals/<id>.pdf``, ``en/manuals/<id>.pdf`` …,
see :func:`generator.manual.manual_path`), so that the build can move them
into the site as they are.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import time
from pathlib import Path

from generator.cache import Store
from generator.manuals.pdfjoin import body_document, read_meta
from generator.model.loader import Handbook, require_handbook
from generator.publish import die_with_parent, normalise_zip
from generator.wordcut import dictionary
from generator.manuals.content import manual_path

_worker_handbook: Handbook | None = None

PUBLISHED_FILE_MODE = 0o644
"""Mode of every manual file made: readable by a web server running as another user."""


@dataclasses.dataclass(frozen=True)
class Job:
    """One file to make: ``kind`` is "pdf", "docx" or "memo"; ``target`` is relative to the output folder."""

    manual_id: str
    lang: str
    kind: str
    target: str


def jobs_for(handbook: Handbook, manual_ids: list[str] | None = None, langs: list[str] | None = None,
             formats: list[str] | None = None) -> list[Job]:
    """The files to make for ``manual_ids`` (default all), in the manual's languages and formats.

    ``langs`` and ``formats`` narrow the manual's own lists.  A manual with a
    memo also gets its memo alone as ``manuals/<id>-memo.pdf``.
    """
    first = handbook.office.languages[0]
    jobs = []
    for mid in manual_ids or list(handbook.manuals):
        manual = handbook.manuals[mid]
        for lang in manual.languages:
            if langs and lang not in langs:
                continue
            prefix = "" if lang == first else f"{lang}/"
            kinds = [f for f in manual.formats if not formats or f in formats]
            if manual.memo is not None and "pdf" in kinds:
                kinds.append("memo")
            for kind in kinds:
                jobs.append(Job(mid, lang, kind, prefix + manual_path(mid, kind)))
    # the longest jobs first keeps both workers busy until the end
    return sorted(jobs, key=lambda j: (j.kind == "memo", j.kind != "pdf", -len(handbook.manuals[j.manual_id].procedures)))


def _init(root: str) -> None:
    global _worker_handbook
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        die_with_parent()  # a worker process: a killed build takes it down with it
    if _worker_handbook is None or str(_worker_handbook.root) != root:  # forked workers inherit it
        _worker_handbook = require_handbook(Path(root))


def _run(job: Job, out: str, cache: str) -> tuple[Job, float]:
    start = time.perf_counter()
    handbook = _worker_handbook
    assert handbook is not None
    manual = handbook.manuals[job.manual_id]
    path = Path(out) / job.target
    # each job creates the folder it writes into: jobs run in any order, in parallel, and share nothing else
    path.parent.mkdir(parents=True, exist_ok=True)
    if job.kind in ("pdf", "memo"):
        from generator.manuals.pdf import write_manual_pdf  # deferred: WeasyPrint, 4.8 s to import

        write_manual_pdf(handbook, manual, job.lang, path, memo_only=job.kind == "memo", cache_dir=Path(cache))
    else:
        from generator.manuals.docx import write_manual_docx  # deferred: python-docx, 0.4 s to import

        write_manual_docx(handbook, manual, job.lang, path, cache_dir=Path(cache))
        normalise_zip(path)  # fixed entry times: the same input gives the same bytes
    os.chmod(path, PUBLISHED_FILE_MODE)  # the writers' temporary files are 0600; manuals are published
    return job, time.perf_counter() - start


def _plan(job: Job, cache: str):
    """Worker task: the manual's HTML cut into pieces (:func:`generator.manuals.pdf.plan_pdf`)."""
    from generator.manuals.pdf import plan_pdf  # deferred: WeasyPrint

    handbook = _worker_handbook
    assert handbook is not None
    return plan_pdf(handbook, handbook.manuals[job.manual_id], job.lang, cache_dir=Path(cache))


def _piece(store_root: str, key: str, html: str, base_url: str, attachments: tuple = ()) -> dict:
    """Worker task: lay one piece out into the cache (:func:`generator.manuals.pdf.make_piece`)."""
    from generator.manuals.pdf import make_piece  # deferred: WeasyPrint

    return make_piece(Path(store_root), key, html, base_url, attachments)


def _join(plan, store_root: str, path: str) -> str:
    """Worker task: join the pieces into the manual's PDF (:func:`generator.manuals.pdf.join_pdf`)."""
    from generator.manuals.pdf import join_pdf  # deferred: WeasyPrint

    join_pdf(plan, Store(Path(store_root)), Path(path))
    os.chmod(path, PUBLISHED_FILE_MODE)
    return path


def _preload(jobs: list[Job]) -> None:
    """Import the writers and build the Thai word dictionary once, before the worker processes fork.

    Forked workers share what this process has loaded; otherwise each worker
    compiles WeasyPrint and the writers again (this machine's Python writes
    no bytecode cache) and builds PyThaiNLP's dictionary trie (62,000 words,
    ~1 s) for its first flowchart label.  Never raises: a failure here shows
    again, with its message, in the worker that needs the module.
    """
    try:
        import generator.manuals.pdf  # noqa: F401  (deferred: WeasyPrint, the HTML writer, loaded before the fork)
        if any(job.kind == "pdf" for job in jobs):
            import pikepdf  # noqa: F401
            import weasyprint  # noqa: F401

            import generator.manuals.pdfjoin  # noqa: F401  (deferred: loaded before the fork)
        if any(job.kind == "docx" for job in jobs):
            import generator.manuals.docx  # noqa: F401  (deferred: python-docx, loaded before the fork)
        dictionary()  # the Thai word dictionary every writer cuts with (generator.wordcut)
    except Exception:  # noqa: BLE001 - only a head start
        pass


class _Inline:
    """A stand-in for the process pool that runs each task when it is submitted (one worker)."""

    def submit(self, fn, *args):
        future: concurrent.futures.Future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args))
        except BaseException as error:  # handed to the caller by future.result()
            future.set_exception(error)
        return future


def make_manuals(handbook: Handbook, out: Path, jobs: list[Job], workers: int | None = None,
                 store=None, forked=None) -> list[tuple[Job, float]]:
    """Make every job's file under ``out``; return (job, seconds) pairs (seconds: from its first task's start to its last's end).

    A PDF job (not the memo) is laid out in pieces (:mod:`generator.manuals.pdfjoin`):
    one task cuts its HTML, one task a piece (the pieces of a large manual
    spread over every worker), then the footer and front pieces, then the
    join.  The pieces are cached in ``store`` (a :class:`generator.cache.Store`;
    default: a temporary one, removed at the end), looked up here, so that
    ``store.hits``/``store.misses`` count pieces reused and laid out; the
    (kind, key) of every piece a file is made from is recorded in
    ``store.parts[job.target]``.  DOCX and memo jobs are one task each.
    Tasks run in ``workers`` processes (default one per core), the PDF
    steps before the whole-file jobs.

    ``forked`` (a ``threading.Event``, optional) is set once the worker
    processes exist (at once with one worker): a caller that runs this in a
    thread waits for it before starting other threads, so that no process is
    forked while another thread holds a lock (:class:`generator.manuals.cached.ManualsInBackground`).

    Raises the first worker's exception (the output folder may then hold
    some finished files: callers build into a temporary folder).
    """
    import heapq
    import shutil
    import tempfile

    from generator.manuals.pdf import PIECES, finish_steps  # deferred: WeasyPrint

    global _worker_handbook
    _worker_handbook = handbook  # forked workers inherit the loaded project instead of loading it again
    cache = str(handbook.root / ".cache")
    own_store = store is None
    if own_store:
        store = Store(Path(tempfile.mkdtemp(prefix="handbook-pieces-")))
    parts = getattr(store, "parts", None)
    root = str(store.root)
    workers = workers or min(max(len(jobs), 2), os.cpu_count() or 1) or 1
    ready: list = []  # (priority, sequence, function, args, callback, job)
    sequence = iter(range(1 << 62))
    started: dict[Job, float] = {}
    results: dict[Job, float] = {}

    def push(priority: int, fn, args: tuple, callback, job: Job) -> None:
        heapq.heappush(ready, (priority, next(sequence), fn, args, callback, job))

    def pop():
        _priority, _n, fn, args, callback, job = heapq.heappop(ready)
        started.setdefault(job, time.perf_counter())  # a job's time runs from its first task's start
        return fn, args, callback

    def finished(job: Job):
        def done(_result) -> None:
            results[job] = time.perf_counter() - started[job]
        return done

    def planned(job: Job):
        def done(plan) -> None:
            used = [(PIECES, key) for key in plan.keys]
            pending = {key for key in plan.keys if store.get(PIECES, key) is None}
            state = {"pending": set(pending), "steps": None}

            def body_done(_meta=None, key=None) -> None:
                state["pending"].discard(key)
                if state["pending"]:
                    return
                metas = [read_meta(store.entry(PIECES, k) / "meta.json") for k in plan.keys]
                steps = finish_steps(plan, metas)
                used.extend((PIECES, step.key) for step in steps)
                if parts is not None:
                    parts[job.target] = list(used)
                missing = {step.key for step in steps if store.get(PIECES, step.key) is None}
                state["steps"] = set(missing)

                def step_done(_meta=None, key=None) -> None:
                    state["steps"].discard(key)
                    if not state["steps"]:
                        push(0, _join, (plan, root, str(Path(out) / job.target)), finished(job), job)

                for step in steps:
                    if step.key in missing:
                        push(0, _piece, (root, step.key, step.html, plan.base_url, step.attachments),
                             lambda meta, key=step.key: step_done(meta, key), job)
                if not missing:
                    step_done()

            # the longest pieces first (their HTML's length stands for their layout time): the last
            # piece to finish is then a short one, and both workers stay busy until the join
            for index in sorted(range(len(plan.keys)), key=lambda i: -len(plan.split.pieces[i])):
                key = plan.keys[index]
                if key in pending:
                    push(1, _piece, (root, key, body_document(plan.split, index), plan.base_url),
                         lambda meta, key=key: body_done(meta, key), job)
            if not pending:
                body_done()
        return done

    for job in jobs:
        if job.kind == "pdf":
            push(0, _plan, (job, cache), planned(job), job)
        else:
            push(2, _run, (job, str(out), cache), finished(job), job)
    try:
        if workers == 1:
            if forked is not None:
                forked.set()
            _init(str(handbook.root))
            pool = _Inline()
            while ready:
                fn, args, callback = pop()
                callback(pool.submit(fn, *args).result())
        else:
            _preload(jobs)
            with concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=_init,
                                                        initargs=(str(handbook.root),)) as executor:
                running: dict = {}
                while ready or running:
                    while ready and len(running) < workers:
                        fn, args, callback = pop()
                        running[executor.submit(fn, *args)] = callback
                        if forked is not None:  # the first submit forked every worker (fork start method)
                            forked.set()
                    done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
                    for future in done:
                        callback = running.pop(future)
                        callback(future.result())
    finally:
        if forked is not None:
            forked.set()
        if own_store:
            shutil.rmtree(store.root, ignore_errors=True)
    return [(job, results[job]) for job in jobs]
