"""Long work started from the editor: building the site, printing a manual, reading a manual to import.

The build and the manuals run as the ``handbook`` command in a child
process (``python -m generator build`` / ``manual``: the same functions as on
the command line, and a crash or a long print never stops the editor); each
line it prints is shown as progress.  Import reads the dropped file with
:mod:`generator.importers` into a temporary project and returns the drafts
for review; nothing is written into the project until the user saves.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.editor import files, forms
from generator.editor.files import EditorError
from generator.fonts import write_web_fonts


class Jobs:
    """The jobs of one editor server, by number."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._jobs: dict[str, dict] = {}
        self._next = itertools.count(1)
        self._lock = threading.Lock()
        self._fonts: Path | None = None

    def fonts(self) -> Path:
        """Folder of the Sarabun web fonts (``sarabun.css`` and WOFF2), made once under ``.cache/editor``."""
        if self._fonts is None:

            folder = self.root / ".cache" / "editor" / "fonts"
            if not (folder / "sarabun.css").exists():
                write_web_fonts(folder, self.root / ".cache" / "fonts")
            self._fonts = folder
        return self._fonts

    def get(self, ident: str) -> dict | None:
        """``{id, kind, state ("running"|"done"|"failed"), lines, seconds, files, message}`` of a job."""
        with self._lock:
            job = self._jobs.get(ident)
            if job is None:
                return None
            out = {k: v for k, v in job.items() if k not in ("folder",)}
            out["lines"] = list(job["lines"][-40:])
            out["seconds"] = round((job.get("ended") or time.time()) - job["started"], 1)
            return out

    def file(self, ident: str, name: str) -> Path | None:
        """A file made by job ``ident`` (by its name), or ``None``."""
        with self._lock:
            job = self._jobs.get(ident)
        if job is None or "/" in name or name.startswith("."):
            return None
        for path in Path(job["folder"]).rglob(name):
            if path.is_file():
                return path
        return None

    def _start(self, kind: str, args: list[str], folder: Path, expected: int = 0) -> dict:
        ident = str(next(self._next))
        job = {"id": ident, "kind": kind, "state": "running", "lines": [], "started": time.time(), "ended": None,
               "files": [], "message": "", "expected": expected, "folder": str(folder)}
        with self._lock:
            self._jobs[ident] = job
        thread = threading.Thread(target=self._run, args=(job, args), daemon=True)
        thread.start()
        return self.get(ident)

    def _run(self, job: dict, args: list[str]) -> None:
        command = [sys.executable, "-m", "generator", "--root", str(self.root), *args]
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                       encoding="utf-8", errors="replace")
            for line in process.stdout:  # type: ignore[union-attr]
                with self._lock:
                    job["lines"].append(line.rstrip())
            code = process.wait()
        except OSError as exc:
            code = 3
            job["lines"].append(str(exc))
        folder = Path(job["folder"])
        made = sorted(p.name for p in folder.rglob("*") if p.is_file() and p.suffix in (".pdf", ".docx")) \
            if job["kind"] == "manual" else []
        with self._lock:
            job["files"] = made
            job["ended"] = time.time()
            job["state"] = "done" if code == 0 else "failed"
            job["message"] = ("เสร็จแล้ว / done" if code == 0 else
                              "ไม่สำเร็จ ดูรายละเอียดด้านล่าง / failed: see the lines below")

    def start_build(self) -> dict:
        """Run ``handbook build`` (the site into ``site/``)."""
        return self._start("build", ["build"], self.root / "site")

    def start_manual(self, manual_id: str, formats: list[str]) -> dict:
        """Run ``handbook manual --id <id>`` into a temporary folder; its PDF and DOCX can then be downloaded."""
        import re

        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", manual_id):

            raise EditorError("เลือกคู่มือก่อน / choose a manual first")
        formats = [f for f in formats if f in ("pdf", "docx")] or ["pdf", "docx"]
        folder = Path(tempfile.mkdtemp(prefix="handbook-edit-manual-"))
        return self._start("manual", ["manual", "--id", manual_id, "--format", ",".join(formats),
                                      "--output", str(folder)], folder, expected=len(formats))

    def import_file(self, name: str, content: bytes) -> dict:
        """Read a dropped manual (DOCX, PDF, text) with ``handbook import``; return the drafts for review.

        Returns ``{"drafts": [{"kind", "id", "text"}], "lines": [...]}``; the
        drafts are made in a temporary copy of the project (office and
        officers, so that ids and work units are the office's own) and
        nothing is written into the project.
        """

        suffix = Path(name).suffix.lower()
        if suffix not in (".docx", ".pdf", ".txt", ".md"):
            raise EditorError("รับเฉพาะไฟล์ .docx .pdf .txt หรือ .md / only .docx, .pdf, .txt or .md files")
        work = Path(tempfile.mkdtemp(prefix="handbook-edit-import-"))
        try:
            for item in ("office.yml",):
                if (self.root / item).exists():
                    shutil.copyfile(self.root / item, work / item)
            for folder in ("officers", "procedures"):
                if (self.root / folder).is_dir():
                    shutil.copytree(self.root / folder, work / folder)
            before = {p.relative_to(work).as_posix(): p.read_bytes() for p in work.rglob("*.yml")}
            source = work / f"source{suffix}"
            source.write_bytes(content)
            command = [sys.executable, "-m", "generator", "--root", str(work), "import", str(source), "--into", str(work)]
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                  timeout=600)
            drafts = []
            for path in sorted(work.rglob("*.yml")):
                rel = path.relative_to(work).as_posix()
                if before.get(rel) == path.read_bytes() or rel == "office.yml":
                    continue
                kind = {"procedures": "procedure", "officers": "officer"}.get(path.parent.name)
                if kind:

                    text = path.read_text(encoding="utf-8")
                    try:
                        data = forms.to_form(files.plain(files.load_round_trip(text)), forms.base_schema(kind))
                    except Exception:  # noqa: BLE001 — shown as text only
                        data = None
                    drafts.append({"kind": kind, "id": path.stem, "text": text, "data": data})
            lines = (done.stdout + done.stderr).splitlines()[-40:]
            return {"drafts": drafts, "lines": lines, "ok": done.returncode == 0}
        finally:
            shutil.rmtree(work, ignore_errors=True)
