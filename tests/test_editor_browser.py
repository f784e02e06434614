"""``handbook edit`` in headless Chromium (issue 18): a procedure written through the forms alone, comments kept,
messages next to their field, two sessions saving one file, no request beyond 127.0.0.1, and axe-core
(WCAG 2.1 A/AA) on every screen at 1280 and 390 px.

Chromium is Debian's, driven by Playwright (tests/browser.py blocks and records requests to other hosts).
Every test works on a temporary copy of ``tests/fixtures/example``.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

if not shutil.which("chromium") and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)

from browser import Browser  # noqa: E402

from generator.editor.server import make_server  # noqa: E402
from generator.model.loader import load_handbook  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def office(tmp_path) -> Path:
    root = tmp_path / "office"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("docs", "site", ".cache", "out"))
    return root


@pytest.fixture
def editor(office):
    server = make_server(office, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser():
    with Browser(width=1280, height=900) as b:
        errors: list[str] = []
        b.page.on("pageerror", lambda e: errors.append(str(e)))
        b.errors = errors
        yield b
        assert b.outside == [], f"requests left 127.0.0.1: {b.outside}"
        assert errors == []


def _summary_ok(page, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "() => { const s = document.querySelector('#check-summary'); return s && s.textContent.includes('ไม่มีข้อผิดพลาด') }",
        timeout=timeout)


def _saved(page, timeout: float = 60_000) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.status')].some(s => s.textContent.includes('บันทึกแล้ว'))", timeout=timeout)


def _open_editor(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#f_title_th, #f_name_th", timeout=60_000)


def test_new_procedure_with_five_steps_and_a_decision_through_the_forms_alone(office, editor, browser):
    page = browser.page
    page.goto(editor)
    page.click("text=งานใหม่ / new procedure")
    page.fill("#new-id", "school-data-report")
    page.click("button[type=submit]")
    page.wait_for_selector("#f_title_th", timeout=60_000)
    page.fill("#f_title_th", "งานรายงานข้อมูลสถานศึกษา")
    page.fill("#f_title_en", "Reporting school data")
    page.select_option("#f_work_unit", label="งานข้อมูลสารสนเทศ (information)")
    page.check("#f_owners-0")  # kamonwan-s
    page.fill("#f_objectives_0_th", "เพื่อให้ได้ข้อมูลสถานศึกษาที่ถูกต้องและทันเวลา")
    page.fill("#f_scope_0_th", "ตั้งแต่แจ้งสถานศึกษาจนถึงรายงานผลต่อสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน")
    for _ in range(4):
        page.click("#f_steps__add")
    page.wait_for_selector("#f_steps_4_text_th")
    texts = ["แจ้งสถานศึกษาให้ส่งข้อมูล", "รวบรวมและตรวจสอบข้อมูล", "เสนอผู้อำนวยการกลุ่มพิจารณา",
             "รายงานข้อมูลต่อสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "จัดเก็บเอกสาร"]
    for i, text in enumerate(texts):
        page.fill(f"#f_steps_{i}_text_th", text)
        page.fill(f"#f_steps_{i}_duration_th", "๓ วันทำการ")
    page.select_option("#f_steps_2_kind", label="ตัดสินใจ / decision")
    page.select_option("#f_steps_4_kind", label="สิ้นสุด / end")
    page.click("#f_steps_2_branches__add")
    page.click("#f_steps_2_branches__add")
    page.wait_for_selector("#f_steps_2_branches_1_label_th")
    page.fill("#f_steps_2_branches_0_label_th", "เห็นชอบ")
    page.select_option("#f_steps_2_branches_0_goto", label="ขั้นตอนถัดไป / next step")
    page.fill("#f_steps_2_branches_1_label_th", "ไม่เห็นชอบ")
    page.select_option("#f_steps_2_branches_1_goto", label="ขั้นตอนที่ 2 / step 2: รวบรวมและตรวจสอบข้อมูล")
    _summary_ok(page)
    page.click("#save")
    _saved(page)
    page.wait_for_selector(".preview-side iframe", timeout=60_000)

    handbook, diagnostics = load_handbook(office)
    assert handbook is not None, [d.format() for d in diagnostics if d.severity == "error"]
    procedure = handbook.procedures["school-data-report"]
    assert [s.text.th for s in procedure.steps] == texts
    assert [b.goto for b in procedure.steps[2].branches] == ["next", procedure.steps[1].id]
    assert procedure.steps[1].id and procedure.owners == ["kamonwan-s"]
    assert "school-data-report" in handbook.officers["kamonwan-s"].procedures
    text = (office / "procedures" / "school-data-report.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/procedure.schema.json\n")

    from generator.build import build

    site = build(office, manuals=False)
    page_html = (site / "procedures" / "school-data-report.html").read_text(encoding="utf-8")
    assert "รายงานข้อมูลสถานศึกษา" in page_html.replace('<span class="w">', "").replace("</span>", "")
    assert "hb-flowchart" in page_html


def test_comments_in_a_file_stay_after_a_save_in_the_browser(office, editor, browser):
    path = office / "officers" / "kamonwan-s.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nwork_unit:", "\n# ย้ายมาจากกลุ่มงานนโยบายเมื่อ ต.ค. ๒๕๖๘\nwork_unit:", 1)
    path.write_text(text, encoding="utf-8")
    page = browser.page
    _open_editor(page, editor + "#/edit/officer/kamonwan-s")
    page.fill("#f_level_th", "ชำนาญการพิเศษ")
    _summary_ok(page)
    page.click("#save")
    _saved(page)
    after = path.read_text(encoding="utf-8")
    assert "# ย้ายมาจากกลุ่มงานนโยบายเมื่อ ต.ค. ๒๕๖๘\nwork_unit:" in after
    assert after.startswith("# yaml-language-server: $schema=../schema/officer.schema.json")
    assert "ชำนาญการพิเศษ" in after


def test_an_invalid_value_shows_its_message_next_to_the_field(office, editor, browser):
    page = browser.page
    _open_editor(page, editor + "#/edit/procedure/budget-transfer")
    _summary_ok(page)
    page.fill("#f_steps_1_text_th", "")
    error = page.wait_for_selector("#f_steps_1_text__error", timeout=60_000)
    assert "ยังว่างอยู่" in error.inner_text() and "กรอกข้อความ" in error.inner_text()
    # next to the field: the list right after the fieldset of the step's text boxes, in the same field group
    assert page.evaluate("""() => {
      const box = document.querySelector('#f_steps_1_text'), err = document.querySelector('#f_steps_1_text__error');
      let next = box.nextElementSibling;
      while (next && !next.contains(err)) next = next.nextElementSibling;
      return !!next && box.parentElement.contains(err);
    }""")
    page.click("#save")
    page.wait_for_selector("#save-draft", timeout=60_000)
    assert "ฉบับร่าง" in page.inner_text("main")


def test_two_sessions_saving_the_same_file_give_a_conflict_not_a_lost_edit(office, editor, browser):
    first = browser.page
    second = browser.context.new_page()
    _open_editor(first, editor + "#/edit/procedure/budget-transfer")
    _open_editor(second, editor + "#/edit/procedure/budget-transfer")
    first.fill("#f_title_th", "ชื่อที่แก้ในหน้าต่างแรก")
    second.fill("#f_title_th", "ชื่อที่แก้ในหน้าต่างที่สอง")
    _summary_ok(first)
    first.click("#save")
    _saved(first)
    _summary_ok(second)
    second.click("#save")
    conflict = second.wait_for_selector(".conflict", timeout=60_000)
    assert "ไฟล์นี้ถูกแก้ไขหลังจากที่คุณเปิด" in conflict.inner_text()
    assert "ชื่อที่แก้ในหน้าต่างที่สอง" in second.inner_text(".conflict pre.diff")
    text = (office / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8")
    assert "ชื่อที่แก้ในหน้าต่างแรก" in text and "ชื่อที่แก้ในหน้าต่างที่สอง" not in text
    second.click("#conflict-reload")
    second.wait_for_function("() => document.querySelector('#f_title_th').value === 'ชื่อที่แก้ในหน้าต่างแรก'")


SCREENS = ["#/", "#/edit/procedure/budget-transfer", "#/edit/officer/kamonwan-s", "#/edit/office",
           "#/edit/manual/kamonwan-s", "#/new/procedure", "#/build", "#/my-manual", "#/import"]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: ./scripts/install-system-packages.sh test")
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_wcag21_aa_violation_on_the_editor_screens(editor, width):
    script = AXE.read_text(encoding="utf-8")
    violations = {}
    with Browser(width=width, height=900) as b:
        for screen in SCREENS:
            b.page.goto(editor + screen)
            b.page.wait_for_selector("main h1", timeout=60_000)
            if "edit/" in screen:
                b.page.wait_for_selector("#check-summary:not(:has-text('กำลังตรวจ'))", timeout=60_000)
            if screen == "#/edit/procedure/budget-transfer":  # with a message shown next to a field
                b.page.fill("#f_steps_1_text_th", "")
                b.page.wait_for_selector("#f_steps_1_text__error", timeout=60_000)
            b.page.evaluate(script)  # not a script tag: the editor's Content-Security-Policy forbids inline scripts
            found = b.page.evaluate("""async () => {
              const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
              return r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
            }""")
            if found:
                violations[screen] = found
            overflow = b.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (screen, width, overflow)
        assert b.outside == []
    assert violations == {}


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: ./scripts/install-system-packages.sh test")
def test_office_network_sign_in_screen_then_own_procedure_saved(office):
    from generator.editor import auth

    auth.add_user(office, "thanakorn-b", "password-thanakorn")
    server = make_server(office, "0.0.0.0", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with Browser(width=390, height=844) as b:
            page = b.page
            page.goto(base)
            page.wait_for_selector("#login-officer", timeout=60_000)
            page.evaluate(AXE.read_text(encoding="utf-8"))
            found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => v.id)""")
            assert found == []
            page.fill("#login-officer", "thanakorn-b")
            page.fill("#login-password", "wrong password")
            page.click("button[type=submit]")
            assert "ไม่ถูกต้อง" in page.wait_for_selector("[role=alert]", timeout=60_000).inner_text()
            page.fill("#login-password", "password-thanakorn")
            page.click("button[type=submit]")
            page.wait_for_selector("text=ออกจากระบบ / Sign out", timeout=60_000)
            cookies = b.context.cookies()
            assert cookies and all(c["httpOnly"] and c["sameSite"] == "Strict" for c in cookies)
            _open_editor(page, base + "#/edit/procedure/budget-transfer")
            page.fill("#f_title_en", "Budget transfer, edited by its owner")
            _summary_ok(page)
            page.click("#save")
            _saved(page)
            _open_editor(page, base + "#/edit/procedure/education-data-request")  # not his
            page.wait_for_selector("#read-only", timeout=60_000)
            assert page.is_disabled("#save")
            assert b.outside == []
        assert "edited by its owner" in (office / "procedures" / "budget-transfer.yml").read_text(encoding="utf-8")
    finally:
        server.shutdown()
        server.server_close()
