"""``handbook edit``: the editor's HTTP server and its routes (Python's standard ``http.server``).

Routes (JSON in and out unless said otherwise; every ``POST`` needs the
session's CSRF token in ``X-CSRF-Token``):

* ``GET /`` — the editor (``static/index.html``; the bundle ``static/editor.js``);
  ``GET /static/…``, ``/fonts/…`` (Sarabun), ``/material/…`` and
  ``/site-assets/…`` (the site's style sheets, for the preview);
* ``GET /api/session`` — who is signed in, the CSRF token, whether sign-in is needed;
  ``POST /api/login`` ``{officer, password}``, ``POST /api/logout``;
* ``GET /api/home`` — office, work units, procedures (with errors/warnings counts), officers, manuals;
* ``GET /api/schema/<kind>`` — the form schema (:func:`generator.editor.forms.form_schema`);
* ``GET /api/file/<kind>/<id>`` — ``{exists, draft, hash, data}`` (form shape);
* ``POST /api/check/<kind>/<id>`` ``{data}`` — the problems, by field (:mod:`.validation`);
* ``POST /api/preview/<id>`` ``{data}`` — ``{html, seconds}`` of a procedure (:mod:`.preview`);
* ``POST /api/save/<kind>/<id>`` ``{data, hash, draft}`` — writes the file
  (409 on a conflict, 422 when it has errors and ``draft`` is false, 403 when
  the signed-in officer may not edit it);
* ``POST /api/jobs/build`` and ``POST /api/jobs/manual`` ``{id}`` — start the
  site build or a manual; ``GET /api/jobs/<n>`` its progress;
  ``GET /api/jobs/<n>/files/<name>`` a file it made;
* ``POST /api/import`` (the file as the body, its name in ``X-File-Name``) —
  the drafts ``handbook import`` makes of it, for review; one is saved with
  ``/api/save`` like any other file, or all together with
  ``POST /api/import/save`` ``{drafts}`` (those with errors as ``.draft.yml``).

Without ``--host`` (127.0.0.1) nobody signs in; the server then answers
only requests whose ``Host`` is 127.0.0.1 or localhost (a web page elsewhere
cannot reach it through DNS rebinding).  Any other address needs sign-in
(:mod:`.auth`).
"""

from __future__ import annotations

import datetime as _dt
import http.cookies
import http.server
import json
import mimetypes
import re
import subprocess
import threading
import webbrowser
from pathlib import Path
from urllib.parse import unquote, urlparse

from generator.editor import auth, files, forms, jobs, validation
from generator.model.loader import load_handbook
from generator.editor.preview import material_css_folder, page_html
from generator.model.documents import Procedure

STATIC = Path(__file__).parent / "static"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_BODY = 8 * 1024 * 1024
"""Largest request body accepted (an imported manual), in bytes."""


class App:
    """The state of one editor server: the project, sign-in, jobs and the last good project load."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8765):
        self.root = Path(root).resolve()
        self.host = host
        self.port = port
        self.auth = auth.Auth(self.root, required=host not in LOOPBACK)
        self.jobs = jobs.Jobs(self.root)
        self.cache = self.root / ".cache" / "editor"
        self.lock = threading.Lock()  # one save at a time
        self._good = None

    # ------------------------------------------------------------------ project
    def good_handbook(self):
        """The project as last loaded without errors (for ids, rights and the preview), or ``None``."""
        handbook, _d = load_handbook(self.root, warnings=False)
        if handbook is not None:
            self._good = handbook
        return self._good

    def ids(self) -> dict[str, dict[str, str]]:
        """Work units, officers and procedures of the office: id → Thai name (from the files as they are)."""
        out: dict[str, dict[str, str]] = {"work_units": {}, "officers": {}, "procedures": {}}
        office = files.read_text(self.root / "office.yml")
        if office:
            try:
                data = files.plain(files.load_round_trip(office))
                for unit in (data.get("group") or {}).get("work_units") or []:
                    if isinstance(unit, dict) and unit.get("id"):
                        out["work_units"][unit["id"]] = _th(unit.get("name"))
            except Exception:  # noqa: BLE001 — a broken office.yml: no choices, its form shows the error
                pass
        for kind, folder, key in (("officer", "officers", "officers"), ("procedure", "procedures", "procedures")):
            for path in sorted((self.root / folder).glob("*.yml")):
                ident = path.name[:-len(".draft.yml")] if path.name.endswith(".draft.yml") else path.stem
                if ident in out[key]:
                    continue
                try:
                    data = files.plain(files.load_round_trip(path.read_text(encoding="utf-8")))
                    out[key][ident] = _th(data.get("name") or data.get("title"))
                except Exception:  # noqa: BLE001
                    out[key][ident] = ""
        return out

    def home(self) -> dict:
        """What the home screen lists (see the module docstring)."""
        handbook, diagnostics = load_handbook(self.root)
        counts = validation.warnings_by_file(diagnostics)
        ids = self.ids()
        data = {}
        office = files.read_text(self.root / "office.yml")
        if office:
            try:
                data = files.plain(files.load_round_trip(office))
            except Exception:  # noqa: BLE001
                data = {}

        def entry(kind: str, folder: str, ident: str, name: str) -> dict:
            draft = (self.root / folder / f"{ident}.draft.yml").exists()
            own = counts.get(f"{folder}/{ident}.yml", {"errors": 0, "warnings": 0})
            return {"id": ident, "name": name, "draft": draft, **own}

        procedures = []
        for pid, name in ids["procedures"].items():
            item = entry("procedure", "procedures", pid, name)
            text = files.read_text(self.root / "procedures" / f"{pid}.yml") or \
                files.read_text(self.root / "procedures" / f"{pid}.draft.yml") or ""
            unit = re.search(r"^work_unit:\s*(\S+)", text, re.M)
            owners = re.search(r"^owners:\s*\[([^\]]*)\]", text, re.M)
            item["work_unit"] = unit.group(1) if unit else ""
            item["owners"] = [o.strip() for o in owners.group(1).split(",")] if owners else []
            procedures.append(item)
        manuals = []
        for path in sorted((self.root / "manuals").glob("*.yml")):
            if path.name.endswith(".draft.yml"):
                continue
            try:
                m = files.plain(files.load_round_trip(path.read_text(encoding="utf-8")))
            except Exception:  # noqa: BLE001
                m = {}
            manuals.append({"id": path.stem, "kind": m.get("kind", ""), "author": m.get("author", ""),
                            "name": _th(m.get("title")) or "", **counts.get(f"manuals/{path.stem}.yml",
                                                                             {"errors": 0, "warnings": 0})})
        errors = sum(d.severity == "error" for d in diagnostics)
        return {
            "office": {"name": _th(data.get("name")), "short_name": _th(data.get("short_name")),
                       **counts.get("office.yml", {"errors": 0, "warnings": 0})},
            "work_units": [{"id": k, "name": v} for k, v in ids["work_units"].items()],
            "procedures": procedures,
            "officers": [entry("officer", "officers", k, v) for k, v in ids["officers"].items()],
            "manuals": manuals,
            "errors": errors, "warnings": len(diagnostics) - errors,
            "problems": [validation.thai(d) for d in diagnostics][:200],
        }

    # ------------------------------------------------------------------ files
    def open_file(self, kind: str, ident: str) -> dict:
        """The file for the form: ``{exists, draft, hash, data}`` (data in form shape)."""
        found = files.opened(self.root, kind, ident)
        schema = forms.base_schema(kind)
        if found["text"] is None:
            return {"exists": False, "draft": False, "hash": "", "data": new_data(kind, ident, self.ids())}
        try:
            data = files.plain(files.load_round_trip(found["text"]))
        except Exception as exc:  # noqa: BLE001 — YAML the form cannot show
            raise files.EditorError(f"อ่านไฟล์ไม่ได้ (รูปแบบ YAML ผิด) / the file cannot be read as YAML: {exc}", 422) from exc
        if not isinstance(data, dict):
            data = {}
        return {"exists": True, "draft": found["draft"], "hash": found["hash"], "data": forms.to_form(data, schema)}

    def file_data(self, kind: str, ident: str, form_data: dict) -> tuple[dict, str | None]:
        """Form data → (file data, the text it is merged into)."""
        found = files.opened(self.root, kind, ident)
        old = None
        if found["text"] is not None:
            try:
                old = files.plain(files.load_round_trip(found["text"]))
            except Exception:  # noqa: BLE001
                old, found["text"] = None, None
        data = forms.to_file(form_data, forms.base_schema(kind), old)
        return data, found["text"]

    def linked(self, kind: str, ident: str, data: dict, old: dict | None) -> dict[Path, str]:
        """The other files a save changes too: path → new text.

        A procedure's owners and an officer's procedures name each other
        (``handbook check`` wants both sides): adding an owner to a procedure
        adds the procedure to that officer's list, removing one removes it,
        and the same from the officer's side.  Files that cannot be read are
        left alone (their problems are reported).
        """
        if kind == "procedure":
            other_kind, mine, theirs = "officer", "owners", "procedures"
        elif kind == "officer":
            other_kind, mine, theirs = "procedure", "procedures", "owners"
        else:
            return {}
        before = set((old or {}).get(mine) or [])
        after = set(data.get(mine) or [])
        out: dict[Path, str] = {}
        for other in sorted(before ^ after):
            try:
                path = files.file_path(self.root, other_kind, other)
            except files.EditorError:
                continue
            text = files.read_text(path)
            if text is None:
                continue
            try:
                tree = files.load_round_trip(text)
            except Exception:  # noqa: BLE001
                continue
            if not hasattr(tree, "get"):
                continue
            values = list(tree.get(theirs) or [])
            if other in after and ident not in values:
                values.append(ident)
            elif other not in after and ident in values:
                values.remove(ident)
            else:
                continue
            tree[theirs] = files.merge(tree.get(theirs), values) if tree.get(theirs) is not None else \
                files._fresh(values)
            out[path] = files.dump_round_trip(tree)
        return out

    def _old(self, base: str | None) -> dict | None:
        if base is None:
            return None
        try:
            value = files.plain(files.load_round_trip(base))
        except Exception:  # noqa: BLE001
            return None
        return value if isinstance(value, dict) else None

    def check(self, kind: str, ident: str, form_data: dict) -> validation.Result:
        data, base = self.file_data(kind, ident, form_data)
        linked = self.linked(kind, ident, data, self._old(base))
        return validation.validate(self.root, kind, ident, data, base, linked)

    def save(self, kind: str, ident: str, body: dict, user: str | None) -> dict:
        """Validate and write; see the module docstring for the answers."""
        form_data = body.get("data") or {}
        if kind != "office" and (form_data.get("id") or ident) != ident:
            raise files.EditorError("รหัสในแบบฟอร์มไม่ตรงกับไฟล์ / the id in the form is not the file's id")
        with self.lock:
            data, base = self.file_data(kind, ident, form_data)
            old = self._old(base)
            handbook = self.good_handbook()
            if not auth.may_edit(user, self.auth.required, handbook, kind, ident, old, data):
                raise files.EditorError("คุณไม่มีสิทธิ์แก้ไขไฟล์นี้ / you may not edit this file", 403)
            as_draft = bool(body.get("draft"))
            linked = {} if as_draft else self.linked(kind, ident, data, old)
            result = validation.validate(self.root, kind, ident, data, base, linked)
            if not result["ok"] and not as_draft:
                raise SaveRefused(result)
            if result["ok"]:
                as_draft = False
            else:
                linked = {}
            saved = files.save(self.root, kind, ident, result["text"], body.get("hash", ""), as_draft)
            for path, text in linked.items():  # the other side of owners ↔ procedures
                files.atomic_write(path, text)
            rel = saved["path"].relative_to(self.root).as_posix()
            touched = [rel] + [p.relative_to(self.root).as_posix() for p in linked]
            log_save(self.root, user, ", ".join(touched))
            commit(self.root, user, [saved["path"], files.file_path(self.root, kind, ident, draft=True), *linked],
                   handbook, rel)
        self.good_handbook()  # the preview and the rights see the saved files
        return {"hash": saved["hash"], "draft": saved["draft"], "file": rel, "also": touched[1:],
                "errors": result["errors"],
                "warnings": result["warnings"], "nested": result["nested"], "fields": result["fields"]}


    def save_imported(self, drafts: list[dict], user: str | None) -> dict:
        """Save the drafts of one import together (they name each other: an officer and their procedures).

        Each draft is ``{kind, id, text}`` (the text ``handbook import`` wrote).
        All are checked together, as one project; those without errors are
        written as real files, the others as drafts (``<id>.draft.yml``).
        Existing files are never replaced (409).  Returns ``{"saved": [...],
        "drafts": [...], "fields": {file: [problems]}}``.
        """
        wanted: dict[Path, tuple[str, str, str]] = {}
        for draft in drafts:
            kind, ident, text = str(draft.get("kind")), str(draft.get("id")), str(draft.get("text", ""))
            if kind not in ("procedure", "officer"):
                raise files.EditorError("นำเข้าได้เฉพาะงานและเจ้าหน้าที่ / only procedures and officers are imported")
            path = files.file_path(self.root, kind, ident)
            if path.exists() or files.file_path(self.root, kind, ident, draft=True).exists():
                raise files.EditorError(f"มีไฟล์ {path.relative_to(self.root)} อยู่แล้ว / it exists already", 409)
            new = files.plain(files.load_round_trip(text))
            if not auth.may_edit(user, self.auth.required, self.good_handbook(), kind, ident, None, new):
                raise files.EditorError("คุณไม่มีสิทธิ์เพิ่มไฟล์นี้ / you may not add this file", 403)
            wanted[path] = (kind, ident, text)
        with self.lock:
            _handbook, diagnostics = load_handbook(self.root, overrides={p: t for p, (_k, _i, t) in wanted.items()})
            out = {"saved": [], "drafts": [], "fields": {}}
            for path, (kind, ident, text) in wanted.items():
                rel = path.relative_to(self.root).as_posix()
                mine = [validation.thai(d) for d in diagnostics if d.file == rel]
                bad = any(d["severity"] == "error" for d in mine)
                target = files.file_path(self.root, kind, ident, draft=bad)
                files.atomic_write(target, text)
                done = target.relative_to(self.root).as_posix()
                out["drafts" if bad else "saved"].append(done)
                out["fields"][done] = mine
                log_save(self.root, user, done)
            commit(self.root, user, [files.file_path(self.root, k, i, draft=d) for k, i, _t in wanted.values()
                                     for d in (False, True)], self.good_handbook(), "import")
        return out


class SaveRefused(Exception):
    """A save of a file with errors, not asked as a draft (HTTP 422)."""

    def __init__(self, result):
        super().__init__("has errors")
        self.result = result


def _th(value) -> str:
    if isinstance(value, dict):
        return str(value.get("th") or "")
    return str(value or "")


def new_data(kind: str, ident: str, ids: dict) -> dict:
    """The form data of a new file of ``kind`` (form shape)."""
    unit = next(iter(ids["work_units"]), "")
    today = _dt.date.today().isoformat()
    if kind == "procedure":
        return {"id": ident, "title": {"th": ""}, "work_unit": unit, "owners": [], "objectives": [{"th": ""}],
                "scope": [{"th": ""}], "steps": [{"kind": "start", "text": {"th": ""}}],
                "revision": {"version": "1.0", "effective": today,
                             "approved_by": {"th": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"}}}
    if kind == "officer":
        return {"id": ident, "name": {"th": ""}, "position": {"th": ""}, "work_unit": unit, "procedures": []}
    if kind == "manual":
        return {"id": ident, "kind": "personal", "author": ident if ident in ids["officers"] else ""}
    return {}


def log_save(root: Path, user: str | None, rel: str) -> None:
    """Append ``time<TAB>officer<TAB>file`` to ``.handbook/edits.log`` (who, when, which file)."""
    path = root / auth.LOG_FILE
    auth.ensure_gitignore(path.parent)
    stamp = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{stamp}\t{user or '(this computer)'}\t{rel}\n")


def commit(root: Path, user: str | None, paths: list[Path], handbook, rel: str) -> bool:
    """In a git repository: commit ``paths`` as the officer who saved (author and committer); ``True`` when done.

    The officer's name comes from their officer file; the e-mail is
    ``<officer-id>@handbook.invalid`` (RFC 2606), since officer files hold no
    e-mail.  Nothing happens outside a git repository or when git is missing.
    """
    if not (root / ".git").exists():
        return False
    name = user or "handbook edit"
    if handbook is not None and user in getattr(handbook, "officers", {}):
        name = handbook.officers[user].name.th
    email = f"{user or 'editor'}@handbook.invalid"
    env_args = ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    try:
        tracked = set(subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True,
                                     timeout=30).stdout.split("\0"))
        rels = [p.relative_to(root).as_posix() for p in paths]
        rels = [r for r in dict.fromkeys(rels) if (root / r).exists() or r in tracked]  # a removed draft: only if tracked
        if not rels:
            return False
        subprocess.run(["git", "add", "-A", "--", *rels], cwd=root, check=True, capture_output=True, timeout=30)
        done = subprocess.run(["git", *env_args, "commit", "-q", "--author", f"{name} <{email}>",
                               "-m", f"{rel}: saved in handbook edit by {user or 'this computer'}", "--", *rels],
                              cwd=root, capture_output=True, timeout=30)
        return done.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


# --------------------------------------------------------------------------- HTTP


class Handler(http.server.BaseHTTPRequestHandler):
    """One request: routing, sessions and CSRF, JSON in and out."""

    app: App
    server_version = "handbook-edit"

    def log_message(self, *args):  # noqa: D102 — quiet
        pass

    # --- helpers
    def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None, csp: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if csp:  # the built site (/site/) runs Material's own inline scripts: it keeps its own rules
            self.send_header("Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                             "frame-src 'self' blob:; connect-src 'self'; frame-ancestors 'self'")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value, headers: dict | None = None) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8",
                   headers)

    def _error(self, status: int, message: str, **extra) -> None:
        self._json(status, {"message": message, **extra})

    def _token(self) -> str | None:
        cookie = http.cookies.SimpleCookie(self.headers.get("Cookie", ""))
        return cookie["hb_session"].value if "hb_session" in cookie else None

    def _cookie(self, token: str) -> str:
        return f"hb_session={token}; HttpOnly; SameSite=Strict; Path=/"

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise files.EditorError("ไฟล์ใหญ่เกินไป / the file is too large", 413)
        return self.rfile.read(length) if length else b""

    def _host_ok(self) -> bool:
        if self.app.auth.required:
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host in LOOPBACK

    def _session(self) -> tuple[str | None, auth.Session | None]:
        token = self._token()
        return token, self.app.auth.session(token)

    # --- verbs
    def do_GET(self):  # noqa: N802
        self._dispatch("GET")

    def do_HEAD(self):  # noqa: N802
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        try:
            if not self._host_ok():
                return self._error(421, "ใช้ที่อยู่ http://127.0.0.1 / use http://127.0.0.1")
            path = unquote(urlparse(self.path).path)
            if method == "GET" and not path.startswith("/api/"):
                return self._static(path)
            token, session = self._session()
            if path == "/api/session" and method == "GET":
                return self._session_info(token, session)
            if method == "POST":
                if session is None and path != "/api/login":
                    return self._error(401, "กรุณาเข้าสู่ระบบ / please sign in")
                if path != "/api/login" and self.headers.get("X-CSRF-Token") != session.csrf:
                    return self._error(403, "คำขอไม่มีรหัสยืนยัน (CSRF) ลองโหลดหน้าใหม่ / missing CSRF token: reload the page")
                if path == "/api/login":
                    return self._login(token, session)
            elif session is None or (self.app.auth.required and session.user is None):
                return self._error(401, "กรุณาเข้าสู่ระบบ / please sign in")
            if self.app.auth.required and session.user is None and path != "/api/logout":
                return self._error(401, "กรุณาเข้าสู่ระบบ / please sign in")
            return self._api(method, path, session)
        except files.Conflict as exc:
            self._error(409, str(exc), current=exc.current, diff=exc.diff, current_hash=files.text_hash(exc.current))
        except SaveRefused as exc:
            r = exc.result
            self._error(422, "ไฟล์ยังมีข้อผิดพลาด บันทึกได้เฉพาะเป็นฉบับร่าง / the file has errors: it can only be "
                             "saved as a draft", needs_draft=True, nested=r["nested"], fields=r["fields"],
                        others=r["others"])
        except files.EditorError as exc:
            self._error(exc.status, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # noqa: BLE001 — never a traceback in the browser; the cause in the log
            log = self.app.root / ".cache" / "handbook-error.log"
            try:
                import traceback

                log.parent.mkdir(parents=True, exist_ok=True)
                log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
            except OSError:
                pass
            self._error(500, f"เกิดข้อผิดพลาดที่ไม่คาดคิด รายละเอียดอยู่ใน {log} / unexpected error ({type(exc).__name__}); "
                             f"the details are in {log}")

    def _session_info(self, token, session) -> None:
        headers = {}
        if session is None:
            if self.app.auth.required:
                token, session = self.app.auth.new_session(None)
            else:
                token, session = self.app.auth.new_session(None)
            headers["Set-Cookie"] = self._cookie(token)
        handbook = self.app.good_handbook()
        user = session.user
        self._json(200, {
            "user": user, "user_name": handbook.officers[user].name.th if handbook and user in handbook.officers else "",
            "csrf": session.csrf, "sign_in": self.app.auth.required,
            "edits_all": (not self.app.auth.required) or (user in auth.editors(handbook)),
        }, headers)

    def _login(self, token, session) -> None:
        body = json.loads(self._body() or b"{}")
        officer, password = str(body.get("officer", "")), str(body.get("password", ""))
        address = self.client_address[0]
        wait = self.app.auth.wait_before(f"user:{officer}", f"addr:{address}")
        if wait > 0:
            return self._error(429, f"ใส่รหัสผ่านผิดหลายครั้ง รอ {int(wait) + 1} วินาทีแล้วลองใหม่ / too many wrong "
                                    f"passwords: wait {int(wait) + 1} s", wait=int(wait) + 1)
        if not self.app.auth.check_password(officer, password, address):
            return self._error(403, "รหัสเจ้าหน้าที่หรือรหัสผ่านไม่ถูกต้อง / wrong officer id or password")
        self.app.auth.end(token)
        token, session = self.app.auth.new_session(officer)
        self._json(200, {"user": officer, "csrf": session.csrf}, {"Set-Cookie": self._cookie(token)})

    def _api(self, method: str, path: str, session: auth.Session) -> None:
        app = self.app
        m = re.fullmatch(r"/api/(\w+)(?:/([\w-]+))?(?:/([\w.-]+))?(?:/([\w.-]+))?", path)
        if not m:
            return self._error(404, "ไม่พบ / not found")
        what, a, b, c = m.groups()
        if method == "GET" and what == "home":
            return self._json(200, app.home())
        if method == "GET" and what == "schema" and a:
            if a not in files.KINDS:
                return self._error(404, "ไม่พบ / not found")
            return self._json(200, forms.form_schema(a, app.ids()))
        if method == "GET" and what == "file" and a and (b or a == "office"):
            opened = app.open_file(a, b or "")
            old = None
            if opened["exists"]:
                old = app._old(files.opened(app.root, a, b or "")["text"])
            opened["may_edit"] = auth.may_edit(session.user, app.auth.required, app.good_handbook(), a, b or "",
                                               old, None if old is not None else {"owners": [session.user],
                                                                                  "author": session.user})
            return self._json(200, opened)
        if method == "GET" and what == "jobs" and a:
            if b == "files" and c:
                found = app.jobs.file(a, c)
                if found is None:
                    return self._error(404, "ไม่พบไฟล์ / no such file")
                ctype = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                return self._send(200, found.read_bytes(), ctype,
                                  {"Content-Disposition": f'attachment; filename="{found.name}"'})
            job = app.jobs.get(a)
            return self._json(200, job) if job else self._error(404, "ไม่พบงานนี้ / no such job")
        if method != "POST":
            return self._error(404, "ไม่พบ / not found")
        if what == "logout":
            app.auth.end(self._token())
            return self._json(200, {"ok": True}, {"Set-Cookie": "hb_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"})
        if what == "import" and a == "save":
            return self._json(200, app.save_imported(json.loads(self._body() or b"{}").get("drafts") or [], session.user))
        if what == "import":
            name = unquote(self.headers.get("X-File-Name") or "manual.docx")
            return self._json(200, app.jobs.import_file(name, self._body()))
        body = json.loads(self._body() or b"{}")
        if what == "check" and a:
            result = app.check(a, b or "", body.get("data") or {})
            return self._json(200, {k: v for k, v in result.items() if k != "text"})
        if what == "preview" and a:
            return self._json(200, self._preview(a, body.get("data") or {}))
        if what == "save" and a:
            return self._json(200, app.save(a, b or "", body, session.user))
        if what == "jobs" and a == "build":
            if app.auth.required and session.user not in auth.editors(app.good_handbook()):
                return self._error(403, "สร้างเว็บไซต์ได้เฉพาะผู้อำนวยการกลุ่มและผู้แก้ไขทุกไฟล์ / "
                                        "only the group director and the editors build the site")
            return self._json(200, app.jobs.start_build())
        if what == "jobs" and a == "manual":
            return self._json(200, app.jobs.start_manual(str(body.get("id", "")), body.get("formats") or ["pdf", "docx"]))
        return self._error(404, "ไม่พบ / not found")

    def _preview(self, ident: str, form_data: dict) -> dict:

        # the client asks for the checks first; the preview needs only this procedure and the office as saved
        data, _base = self.app.file_data("procedure", ident, form_data)
        handbook = self.app._good or self.app.good_handbook()
        try:
            procedure = Procedure.model_validate(data)
        except Exception:  # noqa: BLE001 — errors are shown next to the fields
            return {"html": "", "message": "แก้ข้อผิดพลาดในแบบฟอร์มก่อน แล้วตัวอย่างจะแสดงที่นี่ / "
                                           "fix the errors in the form to see the preview"}
        if handbook is None:
            return {"html": "", "message": "ไฟล์อื่นของสำนักงานยังมีข้อผิดพลาด / other files of the office have errors"}
        try:
            html, seconds = page_html(handbook, procedure, self.app.cache)
        except (StopIteration, KeyError):
            return {"html": "", "message": "เลือกกลุ่มงานที่มีอยู่ก่อน / choose an existing work unit first"}
        except RuntimeError as exc:
            return {"html": "", "message": f"วาดผังขั้นตอนไม่ได้ / cannot draw the flowchart: {exc}"}
        return {"html": html, "seconds": round(seconds, 3)}

    def _static(self, path: str) -> None:

        if path in ("/", "/index.html"):
            target = STATIC / "index.html"
        elif path.startswith("/static/"):
            target = STATIC / path[len("/static/"):]
        elif path.startswith("/fonts/"):
            target = self.app.jobs.fonts() / path[len("/fonts/"):]
        elif path.startswith("/material/"):
            target = material_css_folder() / path[len("/material/"):]
        elif path.startswith("/site/"):  # the site as last built (handbook build), to look at it
            rest = path[len("/site/"):]
            target = self.app.root / "site" / (rest or "index.html")
            if target.is_dir():
                target = target / "index.html"
        elif path.startswith("/site-assets/"):
            target = Path(__file__).resolve().parents[2] / "templates" / "site" / "assets" / path[len("/site-assets/"):]
        else:
            return self._error(404, "ไม่พบ / not found")
        base = self.app.root / "site" if path.startswith("/site/") else target.parent
        if ".." in Path(path).parts or not target.is_file() or not target.resolve().is_relative_to(base.resolve()):
            return self._error(404, "ไม่พบ / not found")
        if path.startswith("/site/") and self.app.auth.required and self._session()[1] is None:
            return self._error(401, "กรุณาเข้าสู่ระบบ / please sign in")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype == "application/javascript":
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype, csp=not path.startswith("/site/"))


class Server(http.server.ThreadingHTTPServer):
    """The editor's threading HTTP server."""

    daemon_threads = True


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8765) -> Server:
    """A ready server for the project ``root`` (not yet serving); ``port`` 0 picks a free port.

    Raises :class:`files.EditorError` when ``host`` is not the loopback and
    nobody has a password yet (``handbook users add``); ``OSError`` when the
    port is taken.
    """
    app = App(root, host, port)
    if app.auth.required and not auth.load_users(app.root):
        raise files.EditorError(
            f"ยังไม่ได้ตั้งการเข้าสู่ระบบ: เพิ่มผู้ใช้ด้วย handbook users add <รหัสเจ้าหน้าที่> ก่อนเปิดให้เครื่องอื่นใช้ / "
            f"--host {host} opens the editor to the network, which needs sign-in: add users first with "
            "`handbook users add <officer-id>`", 2)
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = Server((host, port), handler)
    app.port = server.server_address[1]
    server.app = app  # type: ignore[attr-defined]
    return server


def run(root: Path, host: str = "127.0.0.1", port: int = 8765, browser: bool = True) -> int:
    """Serve the editor until Ctrl+C; opens the browser unless ``browser`` is false. Returns an exit code."""
    server = make_server(root, host, port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{server.server_address[1]}/"
    print(f"handbook edit: เปิดโปรแกรมแก้ไขที่ {url} (กด Ctrl+C เพื่อหยุด) / the editor is at {url} (Ctrl+C stops it)",
          flush=True)
    if browser:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
