"""``handbook edit`` through its HTTP API (issue 18): round-trip saves, conflicts, drafts, paths, validation in
Thai by field, the owners ↔ procedures link, and sign-in on an office network (rights, CSRF, slowing down).

The browser side (forms, preview, accessibility) is in ``test_editor_browser.py``.  Every test works on a
temporary copy of ``tests/fixtures/example``.
"""

from __future__ import annotations

import http.cookiejar
import json
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.editor import auth, files
from generator.editor.server import make_server
from generator.model.loader import load_handbook

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"


class Client:
    """A browser-like client: its own cookies, the CSRF token from /api/session."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method: str, path: str, body=None, csrf: bool = True):
        data = json.dumps(body or {}).encode() if method == "POST" else None
        headers = {"Content-Type": "application/json"}
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def start(self) -> dict:
        status, body = self.call("GET", "/api/session")
        assert status == 200
        self.csrf = body["csrf"]
        return body


@pytest.fixture
def office(tmp_path) -> Path:
    root = tmp_path / "office"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("docs", "site", ".cache", "out"))
    return root


@pytest.fixture
def serve():
    servers = []

    def start(root: Path, host: str = "127.0.0.1") -> str:
        server = make_server(root, host, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _open(client: Client, kind: str, ident: str) -> dict:
    status, body = client.call("GET", f"/api/file/{kind}/{ident}")
    assert status == 200, body
    return body


# --------------------------------------------------------------------------- files


def test_save_keeps_comments_key_order_and_schema_line(office, serve):
    path = office / "procedures" / "budget-transfer.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("work_unit: budget\n", "work_unit: budget   # งานของกลุ่มงบประมาณ\n", 1)
    text = text.replace("\nobjectives:\n", "\n# วัตถุประสงค์: ทบทวนทุกปีงบประมาณ\nobjectives:\n", 1)
    path.write_text(text, encoding="utf-8")
    client = Client(serve(office))
    client.start()
    opened = _open(client, "procedure", "budget-transfer")
    data = opened["data"]
    data["title"]["th"] = "งานโอนเปลี่ยนแปลงงบประมาณ"
    status, body = client.call("POST", "/api/save/procedure/budget-transfer", {"data": data, "hash": opened["hash"]})
    assert status == 200, body
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# yaml-language-server: $schema=../schema/procedure.schema.json\n")
    assert "work_unit: budget   # งานของกลุ่มงบประมาณ\n" in after
    assert "# วัตถุประสงค์: ทบทวนทุกปีงบประมาณ\nobjectives:" in after
    assert "  th: งานโอนเปลี่ยนแปลงงบประมาณ\n" in after
    keys = [line.split(":")[0] for line in after.splitlines() if line and line[0].isalpha()]
    before = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == before
    # only the changed line differs
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and len(text.splitlines()) == len(after.splitlines())
    assert not list(path.parent.glob(".*.tmp")), "the temporary file of the atomic write was left behind"


def test_every_example_file_survives_an_unchanged_save_byte_for_byte(office):
    from generator.editor import forms

    for path in sorted(office.glob("*.yml")) + sorted(office.glob("*/*.yml")):
        kind = {"procedures": "procedure", "officers": "officer", "manuals": "manual"}.get(path.parent.name)
        kind = kind or ("office" if path.name == "office.yml" else None)
        if kind is None:
            continue
        text = path.read_text(encoding="utf-8")
        schema = forms.base_schema(kind)
        plain = files.plain(files.load_round_trip(text))
        back = forms.to_file(forms.to_form(plain, schema), schema, plain)
        assert files.render(kind, text, back) == text, path.name


def test_second_save_of_the_same_file_is_a_conflict_not_a_lost_edit(office, serve):
    base = serve(office)
    first, second = Client(base), Client(base)
    first.start()
    second.start()
    a = _open(first, "procedure", "budget-transfer")
    b = _open(second, "procedure", "budget-transfer")
    a["data"]["title"]["th"] = "ชื่อจากแท็บแรก"
    b["data"]["title"]["th"] = "ชื่อจากแท็บที่สอง"
    assert first.call("POST", "/api/save/procedure/budget-transfer", {"data": a["data"], "hash": a["hash"]})[0] == 200
    status, body = second.call("POST", "/api/save/procedure/budget-transfer", {"data": b["data"], "hash": b["hash"]})
    assert status == 409
    assert "ไฟล์นี้ถูกแก้ไขหลังจากที่คุณเปิด" in body["message"] and "changed since you opened it" in body["message"]
    assert "ชื่อจากแท็บแรก" in body["current"]
    assert "-  th: ชื่อจากแท็บแรก" in body["diff"] and "+  th: ชื่อจากแท็บที่สอง" in body["diff"]
    text = (office / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8")
    assert "ชื่อจากแท็บแรก" in text and "ชื่อจากแท็บที่สอง" not in text


def test_file_with_errors_saves_only_as_a_draft_that_check_and_build_skip(office, serve):
    client = Client(serve(office))
    client.start()
    opened = _open(client, "procedure", "budget-transfer")
    data = opened["data"]
    data["steps"][1]["kind"] = "decision"  # a decision without branches: an error
    status, body = client.call("POST", "/api/save/procedure/budget-transfer", {"data": data, "hash": opened["hash"]})
    assert status == 422 and body["needs_draft"]
    assert any(f["path"] == "steps[2].branches" and "การตัดสินใจต้องมีทางเลือก" in f["message"] for f in body["fields"])
    real = (office / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8")
    status, body = client.call("POST", "/api/save/procedure/budget-transfer",
                               {"data": data, "hash": opened["hash"], "draft": True})
    assert status == 200 and body["draft"] and body["file"] == "procedures/budget-transfer.draft.yml"
    assert (office / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8") == real
    handbook, diagnostics = load_handbook(office)
    assert handbook is not None, [d.format() for d in diagnostics if d.severity == "error"]
    notes = [d for d in diagnostics if d.file == "procedures/budget-transfer.draft.yml"]
    assert notes and notes[0].severity == "warning" and "draft" in notes[0].message
    check = subprocess.run([str(Path(__import__("sys").executable).with_name("handbook")), "--root", str(office), "check"],
                           capture_output=True, text=True)
    assert check.returncode == 0 and "budget-transfer.draft.yml" in check.stdout and "build skips it" in check.stdout
    # the editor opens the draft; fixing it and saving writes the real file and removes the draft
    again = _open(client, "procedure", "budget-transfer")
    assert again["draft"]
    again["data"]["steps"][1]["kind"] = "process"
    status, body = client.call("POST", "/api/save/procedure/budget-transfer", {"data": again["data"], "hash": again["hash"]})
    assert status == 200 and not body["draft"]
    assert not (office / "procedures" / "budget-transfer.draft.yml").exists()


def test_no_file_outside_the_project(office, serve, tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("id: secret\n", encoding="utf-8")
    (office / "procedures" / "link.yml").symlink_to(outside)
    client = Client(serve(office))
    client.start()
    for path in ["/api/file/procedure/..%2F..%2Fsecret", "/api/file/procedure/link", "/api/file/secret/x",
                 "/static/..%2F..%2F..%2Fcli.py", "/fonts/..%2F..%2Foffice.yml", "/site/..%2Foffice.yml"]:
        status, body = client.call("GET", path)
        assert status in (400, 403, 404), (path, status, body)
        assert "id: secret" not in json.dumps(body)
    with pytest.raises(files.EditorError):
        files.file_path(office, "procedure", "../../etc/passwd")


def test_messages_are_thai_with_their_hint_by_field(office, serve):
    client = Client(serve(office))
    client.start()
    data = _open(client, "procedure", "budget-transfer")["data"]
    data["steps"][0]["branches"] = [{"label": {"th": "เห็นชอบ"}, "goto": "nowhere"}]
    status, body = client.call("POST", "/api/check/procedure/budget-transfer", {"data": data})
    assert status == 200 and body["errors"] >= 1
    only = [f for f in body["fields"] if f["path"] == "steps[1].branches"][0]
    assert "มีทางเลือกได้เฉพาะขั้นตอนชนิด" in only["message"] and "ตัดสินใจ" in only["hint"]
    assert only["message_en"].startswith("only a decision step")
    assert body["nested"]["steps"]["0"]["branches"]["__errors"][0].startswith("มีทางเลือกได้เฉพาะ")


def test_owners_and_officers_lists_are_kept_in_step(office, serve):
    client = Client(serve(office))
    client.start()
    opened = _open(client, "procedure", "budget-transfer")
    data = opened["data"]
    data["owners"] = data["owners"] + ["kamonwan-s"]
    status, body = client.call("POST", "/api/save/procedure/budget-transfer", {"data": data, "hash": opened["hash"]})
    assert status == 200, body
    assert body["also"] == ["officers/kamonwan-s.yml"]
    handbook, diagnostics = load_handbook(office)
    assert handbook is not None, [d.format() for d in diagnostics if d.severity == "error"]
    assert "budget-transfer" in handbook.officers["kamonwan-s"].procedures
    officer = (office / "officers" / "kamonwan-s.yml").read_text(encoding="utf-8")
    assert officer.startswith("# yaml-language-server: $schema=../schema/officer.schema.json")


# --------------------------------------------------------------------------- the office network


def test_lan_mode_refuses_to_start_without_sign_in(office):
    with pytest.raises(files.EditorError) as caught:
        make_server(office, "0.0.0.0", 0)
    assert "handbook users add" in str(caught.value)


def test_users_add_stores_an_argon2_hash_out_of_git(office):
    path = auth.add_user(office, "thanakorn-b", "รหัสผ่านยาวพอ1")
    text = path.read_text(encoding="utf-8")
    assert "$argon2id$" in text and "รหัสผ่านยาวพอ1" not in text
    assert (path.stat().st_mode & 0o777) == 0o600
    assert "users.yml" in (office / ".handbook" / ".gitignore").read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        auth.add_user(office, "thanakorn-b", "short")


@pytest.fixture
def lan(office, serve):
    auth.add_user(office, "thanakorn-b", "password-thanakorn")
    auth.add_user(office, "kamonwan-s", "password-kamonwan")
    base = serve(office, "0.0.0.0")
    return office, base


def _signed_in(base: str, officer: str) -> Client:
    client = Client(base)
    client.start()
    status, body = client.call("POST", "/api/login", {"officer": officer, "password": f"password-{officer.split('-')[0]}"})
    assert status == 200, body
    client.csrf = body["csrf"]
    return client


def test_lan_rejects_writes_without_sign_in(lan):
    office, base = lan
    client = Client(base)
    session = client.start()
    assert session["sign_in"] and session["user"] is None
    assert client.call("GET", "/api/home")[0] == 401
    assert client.call("GET", "/api/file/procedure/budget-transfer")[0] == 401
    status, _ = client.call("POST", "/api/save/procedure/budget-transfer", {"data": {"id": "budget-transfer"}, "hash": ""})
    assert status == 401
    anonymous = Client(base)  # no session cookie at all
    assert anonymous.call("POST", "/api/save/procedure/budget-transfer", {"data": {}}, csrf=False)[0] == 401


def test_lan_officers_edit_their_own_files_only(lan):
    office, base = lan
    thanakorn = _signed_in(base, "thanakorn-b")
    own = _open(thanakorn, "procedure", "budget-transfer")  # owned by thanakorn-b
    own["data"]["title"]["th"] = "แก้โดยเจ้าของงาน"
    status, body = thanakorn.call("POST", "/api/save/procedure/budget-transfer", {"data": own["data"], "hash": own["hash"]})
    assert status == 200, body
    kamonwan = _signed_in(base, "kamonwan-s")
    other = _open(kamonwan, "procedure", "budget-transfer")
    other["data"]["title"]["th"] = "แก้โดยคนอื่น"
    status, body = kamonwan.call("POST", "/api/save/procedure/budget-transfer", {"data": other["data"], "hash": other["hash"]})
    assert status == 403 and "ไม่มีสิทธิ์" in body["message"]
    officer = _open(kamonwan, "officer", "thanakorn-b")
    assert kamonwan.call("POST", "/api/save/officer/thanakorn-b", {"data": officer["data"], "hash": officer["hash"]})[0] == 403
    mine = _open(kamonwan, "officer", "kamonwan-s")
    mine["data"]["position"]["th"] = mine["data"]["position"]["th"] + " "
    assert kamonwan.call("POST", "/api/save/officer/kamonwan-s", {"data": mine["data"], "hash": mine["hash"]})[0] == 200
    text = (office / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8")
    assert "แก้โดยเจ้าของงาน" in text and "แก้โดยคนอื่น" not in text
    log = (office / auth.LOG_FILE).read_text(encoding="utf-8").splitlines()
    assert log[0].endswith("\tthanakorn-b\tprocedures/budget-transfer.yml")
    assert log[-1].endswith("\tkamonwan-s\tofficers/kamonwan-s.yml")


def test_lan_group_director_edits_everything(lan):
    office, base = lan
    handbook, _ = load_handbook(office)
    director = next(m.author for m in handbook.manuals.values() if m.kind == "group")
    auth.add_user(office, director, f"password-{director.split('-')[0]}")
    client = _signed_in(base, director)
    other = next(pid for pid, p in handbook.procedures.items() if director not in p.owners)
    opened = _open(client, "procedure", other)
    assert client.call("POST", f"/api/save/procedure/{other}", {"data": opened["data"], "hash": opened["hash"]})[0] == 200


def test_lan_rejects_writes_without_the_csrf_token(lan):
    office, base = lan
    client = _signed_in(base, "thanakorn-b")
    opened = _open(client, "procedure", "budget-transfer")
    token, client.csrf = client.csrf, ""
    status, body = client.call("POST", "/api/save/procedure/budget-transfer", {"data": opened["data"], "hash": opened["hash"]})
    assert status == 403 and "CSRF" in body["message"]
    client.csrf = "wrong-" + token
    assert client.call("POST", "/api/save/procedure/budget-transfer", {"data": opened["data"], "hash": opened["hash"]})[0] == 403
    client.csrf = token
    assert client.call("POST", "/api/save/procedure/budget-transfer", {"data": opened["data"], "hash": opened["hash"]})[0] == 200


def test_lan_session_cookie_is_httponly_and_samesite_strict(lan):
    office, base = lan
    request = urllib.request.Request(base + "/api/session")
    with urllib.request.urlopen(request) as answer:
        cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_ten_wrong_passwords_in_a_row_slow_further_tries(lan):
    office, base = lan
    client = Client(base)
    client.start()
    answers = [client.call("POST", "/api/login", {"officer": "thanakorn-b", "password": f"wrong-{i}"})[0] for i in range(10)]
    assert answers == [403] * 10
    status, body = client.call("POST", "/api/login", {"officer": "thanakorn-b", "password": "password-thanakorn"})
    assert status == 429 and body["wait"] >= 1


def test_save_is_committed_as_the_officer_in_a_git_repository(lan):
    office, base = lan
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=office, check=True, capture_output=True)
    client = _signed_in(base, "thanakorn-b")
    opened = _open(client, "procedure", "budget-transfer")
    opened["data"]["title"]["th"] = "แก้แล้วบันทึกใน git"
    assert client.call("POST", "/api/save/procedure/budget-transfer", {"data": opened["data"], "hash": opened["hash"]})[0] == 200
    log = subprocess.run(["git", "log", "-1", "--format=%an|%ae|%s", "--name-only"], cwd=office, capture_output=True,
                         text=True).stdout
    assert "|thanakorn-b@handbook.invalid|procedures/budget-transfer.yml" in log
    assert log.split("|")[0].startswith("นาย")  # the officer's name from their file


def test_import_by_dropping_a_file_gives_drafts_to_review_and_writes_nothing(office, serve):
    source = Path(__file__).resolve().parent / "fixtures" / "import" / "group_manual.txt"
    base = serve(office)
    client = Client(base)
    client.start()
    before = sorted(p.relative_to(office).as_posix() for p in office.rglob("*.yml"))
    request = urllib.request.Request(base + "/api/import", data=source.read_bytes(), method="POST",
                                     headers={"X-CSRF-Token": client.csrf, "X-File-Name": "group_manual.txt",
                                              "Content-Type": "application/octet-stream"})
    with client.opener.open(request, timeout=300) as answer:
        body = json.loads(answer.read())
    procedures = [d for d in body["drafts"] if d["kind"] == "procedure"]
    assert procedures, body["lines"]
    assert procedures[0]["data"]["steps"] and "th" in procedures[0]["data"]["title"]
    assert sorted(p.relative_to(office).as_posix() for p in office.rglob("*.yml")) == before
    refused = urllib.request.Request(base + "/api/import", data=b"x", method="POST",
                                     headers={"X-CSRF-Token": client.csrf, "X-File-Name": "virus.exe"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.opener.open(refused, timeout=60)
    assert caught.value.code == 400


def test_preview_is_the_site_page_with_its_flowchart(office, serve):
    client = Client(serve(office))
    client.start()
    data = _open(client, "procedure", "budget-transfer")["data"]
    data["steps"][1]["text"]["th"] = "ขั้นตอนที่เพิ่งแก้ในแบบฟอร์ม"
    status, body = client.call("POST", "/api/preview/budget-transfer", {"data": data})
    assert status == 200, body
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body["html"], "html.parser")
    assert soup.select_one("figure.hb-flowchart svg") is not None
    assert "ขั้นตอนที่เพิ่งแก้ในแบบฟอร์ม" in soup.select_one("table.hb-steps").get_text().replace(" ", "")
    assert all(link["href"].startswith("/") for link in soup.select("link[rel=stylesheet]"))
    data["work_unit"] = "no-such-unit"
    status, body = client.call("POST", "/api/preview/budget-transfer", {"data": data})
    assert status == 200 and body["html"] == "" and body["message"]


def test_handbook_users_command(office):
    import sys

    handbook = str(Path(sys.executable).with_name("handbook"))
    done = subprocess.run([handbook, "--root", str(office), "users", "add", "kamonwan-s", "--password-stdin"],
                          input="a-long-password\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "kamonwan-s" in subprocess.run([handbook, "--root", str(office), "users", "list"], capture_output=True,
                                          text=True).stdout
    unknown = subprocess.run([handbook, "--root", str(office), "users", "add", "nobody-x", "--password-stdin"],
                             input="a-long-password\n", capture_output=True, text=True)
    assert unknown.returncode == 2 and "not an officer" in unknown.stderr
    (office / ".handbook" / "users.yml").unlink()
    refused = subprocess.run([handbook, "--root", str(office), "edit", "--host", "0.0.0.0", "--port", "0", "--no-browser"],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "handbook users add" in refused.stderr


def test_editors_of_office_yml_must_be_officers(office):
    path = office / "office.yml"
    path.write_text(path.read_text(encoding="utf-8") + "editors: [kamonwan-s, nobody-here]\n", encoding="utf-8")
    handbook, diagnostics = load_handbook(office)
    errors = [d for d in diagnostics if d.severity == "error"]
    assert handbook is None and [(d.path, d.message) for d in errors] == [("editors[2]", '"nobody-here" is not an officer')]
    path.write_text(path.read_text(encoding="utf-8").replace(", nobody-here", ""), encoding="utf-8")
    handbook, _ = load_handbook(office)
    assert auth.editors(handbook) == {"kamonwan-s", "pornthip-w"}


def test_common_messages_and_hints_are_in_thai(office):
    from generator.editor.validation import thai

    path = office / "procedures" / "budget-transfer.yml"
    text = path.read_text(encoding="utf-8")
    broken = [text.replace("work_unit: budget", "work_unit: budgett", 1),
              text.replace("owners: [thanakorn-b]", "owners: [nobody-x]", 1),
              text.replace("\nsteps:", "\ntitel: x\nsteps:", 1)]
    seen = []
    for version in broken:
        path.write_text(version, encoding="utf-8")
        _, diagnostics = load_handbook(office)
        seen += [thai(d) for d in diagnostics if d.severity == "error"]
    path.write_text(text, encoding="utf-8")
    _, diagnostics = load_handbook(office)
    seen += [thai(d) for d in diagnostics]
    assert len(seen) >= 9
    untranslated = [d["message_en"] for d in seen if d["message"] == d["message_en"]]
    assert untranslated == []
    assert all(d["hint"] != d["hint_en"] or not d["hint_en"] for d in seen), [d["hint_en"] for d in seen
                                                                            if d["hint"] == d["hint_en"]]


def test_build_names_the_drafts_it_left_out(office, capsys):
    from generator.cli import _note_drafts

    (office / "procedures" / "new-work.draft.yml").write_text("id: new-work\n", encoding="utf-8")
    _note_drafts(office)
    assert "left out 1 draft(s) saved with errors in handbook edit (procedures/new-work.draft.yml)" in \
        capsys.readouterr().err


def test_imported_drafts_saved_together_real_files_or_drafts(office, serve):
    base = serve(office)
    client = Client(base)
    client.start()
    officer = "id: imported-officer\nname: นางสาวทดสอบ นำเข้า\nposition: นักวิเคราะห์นโยบายและแผน\nwork_unit: budget\n" \
              "procedures: [imported-work]\n"
    procedure = (EXAMPLE / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8") \
        .replace("id: budget-transfer", "id: imported-work").replace("owners: [thanakorn-b]", "owners: [imported-officer]")
    broken = "id: broken-work\ntitle: งานที่ยังไม่ครบ\n"
    status, body = client.call("POST", "/api/import/save", {"drafts": [
        {"kind": "officer", "id": "imported-officer", "text": officer},
        {"kind": "procedure", "id": "imported-work", "text": procedure},
        {"kind": "procedure", "id": "broken-work", "text": broken}]})
    assert status == 200, body
    assert sorted(body["saved"]) == ["officers/imported-officer.yml", "procedures/imported-work.yml"]
    assert body["drafts"] == ["procedures/broken-work.draft.yml"]
    handbook, diagnostics = load_handbook(office)
    assert handbook is not None and handbook.procedures["imported-work"].owners == ["imported-officer"]
    status, body = client.call("POST", "/api/import/save", {"drafts": [{"kind": "officer", "id": "imported-officer",
                                                                        "text": officer}]})
    assert status == 409
