"""Atomic and repeatable builds (issue 14): killed at any moment, site/ and docs/ stay both old or both
new; leftovers of killed builds are removed; workers die with the build; one build at a time; two
builds of the same input are byte-identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import publish

POINTS = ["before-journal", "after-journal", "after-old-0", "after-new-0", "after-old-1", "after-new-1",
          "after-commit"]


def tree(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make(folder: Path, version: str) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(version)
    (folder / "sub" / "page.html").write_text(version * 3)


@pytest.mark.parametrize("point", POINTS + [None])
def test_killed_publication_leaves_both_old_or_both_new(tmp_path, point):
    make(tmp_path / "site", "old-site")
    make(tmp_path / "docs", "old-docs")
    work = tmp_path / ".handbook-build-x"
    make(work / "site", "new-site")
    make(work / "docs", "new-docs")
    old = (tree(tmp_path / "site"), tree(tmp_path / "docs"))
    new = (tree(work / "site"), tree(work / "docs"))
    code = textwrap.dedent(f"""
        from pathlib import Path
        from generator.publish import publish
        root = Path({str(tmp_path)!r}); work = root / ".handbook-build-x"
        publish([(work / "docs", root / "docs"), (work / "site", root / "site")], root)
    """)
    env = {**os.environ, "HANDBOOK_TEST_KILL_AT": point or ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == (-signal.SIGKILL if point else 0), result.stderr
    # the next build starts by recovering and cleaning
    publish.recover(tmp_path)
    publish.clean_leftovers(tmp_path)
    now = (tree(tmp_path / "site"), tree(tmp_path / "docs"))
    assert now in (old, new), point
    if point in (None, "after-commit"):
        assert now == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site"]


def test_clean_leftovers_removes_only_our_folders(tmp_path):
    for name in (".handbook-build-abc", ".docs-old-123", ".site-old-9", ".git", "site", ".docs-old-notes"):
        (tmp_path / name).mkdir()
    removed = publish.clean_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == [".docs-old-123", ".handbook-build-abc", ".site-old-9"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".docs-old-notes", ".git", "site"]


def test_second_build_says_busy_and_waits(tmp_path):
    code = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from generator.publish import project_lock
        with project_lock(Path({str(tmp_path)!r})):
            print("got the lock", flush=True)
    """)
    with publish.project_lock(tmp_path):
        second = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        time.sleep(2.0)
        assert second.poll() is None, "the second build must wait while the first holds the lock"
    out, err = second.communicate(timeout=60)
    assert "the project is busy" in err and str(os.getpid()) in err
    assert out.strip() == "got the lock"


def test_lock_is_released_when_a_build_is_killed(tmp_path):
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from generator.publish import project_lock
        with project_lock(Path({str(tmp_path)!r})):
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", code], timeout=60)
    with publish.project_lock(tmp_path, wait=False):
        pass


def test_workers_die_with_the_build(tmp_path):
    pids = tmp_path / "pids"
    code = textwrap.dedent(f"""
        import concurrent.futures, os, signal, time
        from generator.publish import die_with_parent
        def work(_):
            time.sleep(120)
        if __name__ == "__main__":
            with concurrent.futures.ProcessPoolExecutor(2, initializer=die_with_parent) as pool:
                futures = [pool.submit(work, i) for i in range(2)]
                time.sleep(1.5)
                open({str(pids)!r}, "w").write(" ".join(str(p) for p in pool._processes))
                os.kill(os.getpid(), signal.SIGKILL)
    """)
    script = tmp_path / "workers.py"
    script.write_text(code)
    subprocess.run([sys.executable, str(script)], timeout=60, cwd=Path(__file__).resolve().parents[1])
    workers = [int(p) for p in pids.read_text().split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_normalise_zip_fixes_times(tmp_path, monkeypatch):
    import zipfile

    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
        z.writestr("[Content_Types].xml", "<t/>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    publish.normalise_zip(path)
    with zipfile.ZipFile(path) as z:
        assert [i.filename for i in z.infolist()] == ["word/document.xml", "[Content_Types].xml"]
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert z.read("word/document.xml") == b"<w/>"


# --------------------------------------------------------------------------- real builds (mini office)


def _project(base: Path) -> Path:
    from conftest import MINI, ROOT

    project = base / "project"
    shutil.copytree(MINI, project)
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _build(project: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            cwd=Path(__file__).resolve().parents[1], **kw)


def test_two_builds_are_byte_identical(tmp_path):
    """Two clean builds of the same project (no cache left between them), with PDF and DOCX manuals:
    same files, same bytes."""
    project = _project(tmp_path)
    (project / "manuals").mkdir()
    (project / "manuals" / "sudarat-m.yml").write_text(
        "id: sudarat-m\nkind: personal\nauthor: sudarat-m\nformats: [pdf, docx]\n", encoding="utf-8")
    trees = []
    for _ in range(2):
        for folder in ("site", "docs", ".cache"):
            shutil.rmtree(project / folder, ignore_errors=True)
        process = _build(project)
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        trees.append(tree(project / "site"))
        time.sleep(1.1)  # a different second: a time stamp would show
    assert all(any(p.endswith(s) for p in trees[0]) for s in (".docx", ".pdf", ".woff2"))
    different = sorted(p for p in trees[0].keys() | trees[1].keys() if trees[0].get(p) != trees[1].get(p))
    assert different == []


def test_killed_builds_leave_old_site_and_are_cleaned_up(tmp_path):
    project = _project(tmp_path)
    first = _build(project)
    assert first.wait(timeout=600) == 0
    (project / "site" / "canary.txt").write_text("old")  # marks the old tree
    old_site, old_docs = tree(project / "site"), tree(project / "docs")
    project_file = project / "procedures" / "records-management.yml"
    project_file.write_text(project_file.read_text(encoding="utf-8").replace("งานสารบรรณ", "งานสารบรรณใหม่", 1),
                            encoding="utf-8")
    for delay in (1.5, 4.0):
        process = _build(project)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        site, docs = tree(project / "site"), tree(project / "docs")
        assert site == old_site and docs == old_docs or "canary.txt" not in site and "index.html" in site
    final = _build(project)
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    assert "canary.txt" not in tree(project / "site")
    assert "งานสารบรรณใหม่" in (project / "site" / "procedures" / "records-management.html").read_text(encoding="utf-8")
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".") and p.name not in
                 (".cache", publish.LOCK_FILE)]
    assert leftovers == []
