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

from generator.model.loader import Handbook, require_handbook
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
    from generator.publish import die_with_parent

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
        from generator.manuals.pdf import write_manual_pdf

        write_manual_pdf(handbook, manual, job.lang, path, memo_only=job.kind == "memo", cache_dir=Path(cache))
    else:
        from generator.manuals.docx import write_manual_docx

        write_manual_docx(handbook, manual, job.lang, path, cache_dir=Path(cache))
        from generator.publish import normalise_zip

        normalise_zip(path)  # fixed entry times: the same input gives the same bytes
    os.chmod(path, PUBLISHED_FILE_MODE)  # the writers' temporary files are 0600; manuals are published
    return job, time.perf_counter() - start


def make_manuals(handbook: Handbook, out: Path, jobs: list[Job], workers: int | None = None) -> list[tuple[Job, float]]:
    """Make every job's file under ``out``; return (job, seconds) pairs.

    Raises the first worker's exception (the output folder may then hold
    some finished files: callers build into a temporary folder).
    """
    global _worker_handbook
    _worker_handbook = handbook  # forked workers inherit the loaded project instead of loading it again
    cache = handbook.root / ".cache"
    workers = workers or min(len(jobs), os.cpu_count() or 1) or 1
    if workers == 1:
        _init(str(handbook.root))
        return [_run(job, str(out), str(cache)) for job in jobs]
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=_init,
                                                initargs=(str(handbook.root),)) as pool:
        futures = [pool.submit(_run, job, str(out), str(cache)) for job in jobs]
        return [f.result() for f in futures]
