"""Extraction in worker processes (workers.py): the same store as without them, errors
reported the same way, and no worker outlives an ingest that is killed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers_gen import write_posts

from kubefollow.core.workers import MIN_POSTS_FOR_WORKERS

POSTS = MIN_POSTS_FOR_WORKERS + 6  # enough for workers to start


def stored(invoke: Invoke, db: Path) -> tuple[object, list[str]]:
    listed = invoke("--db", str(db), "list", "--all", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    history = invoke("--db", str(db), "history", "--format", "json")
    return json.loads(listed.stdout), [h["summary"] for h in json.loads(history.stdout)]


def test_workers_store_exactly_what_one_process_stores(invoke: Invoke, tmp_path: Path) -> None:
    names = write_posts(tmp_path / "posts", POSTS, 3)
    alone, helped = tmp_path / "alone.db", tmp_path / "helped.db"
    for db, jobs in ((alone, "0"), (helped, "2")):
        result = invoke("--db", str(db), "ingest", "--jobs", jobs, str(tmp_path / "posts"))
        assert result.exit_code == 0, result.stderr
    items, history = stored(invoke, helped)
    assert (items, history) == stored(invoke, alone)
    assert [i["name"] for i in items] == names  # in file order, one item per project


def test_a_bad_post_among_many_is_reported_in_file_order(invoke: Invoke, tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, POSTS, 2)
    (posts / "post-0005-typo.md").write_text("---\ndate: 2025-02-30\n---\n\n# Typo\n")
    (posts / "post-0011-typo.md").write_text("---\ntitle: [unclosed\n---\n\n# Typo\n")
    result = invoke("ingest", "--jobs", "1", str(posts))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 2
    assert "post-0005-typo.md" in errors[0] and "post-0011-typo.md" in errors[1]
    listed = invoke("list", "--all", "--format", "json")
    assert [i["name"] for i in json.loads(listed.stdout)] == names


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_ingest_is_killed(tmp_path: Path) -> None:
    write_posts(tmp_path / "posts", 400, 5)
    db = tmp_path / "kf.db"
    cmd = [sys.executable, "-m", "kubefollow", "--db", str(db), "ingest", "--jobs", "1"]
    proc = subprocess.Popen([*cmd, str(tmp_path / "posts")], stdout=subprocess.DEVNULL)
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None and not workers:
            workers = _children(proc.pid)
            time.sleep(0.01)
        assert workers, "no worker process started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)], "a worker outlived its ingest"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


DYING_WORKER = """
import os, sys
import kubefollow.core.workers as workers
real = workers._plan_in_worker
def dying(raws):
    if any(raw.path.endswith("post-0010.md") for raw in raws):
        os._exit(9)  # as the OOM killer would
    return real(raws)
workers._plan_in_worker = dying
sys.argv = ["kubefollow", "--db", sys.argv[1], "ingest", "--jobs", "1", sys.argv[2]]
from kubefollow.cli import main
main()
"""


def test_a_worker_that_dies_fails_the_ingest_instead_of_hanging(tmp_path: Path) -> None:
    write_posts(tmp_path / "posts", POSTS, 2)
    db = tmp_path / "kf.db"
    script = tmp_path / "dying.py"
    script.write_text(DYING_WORKER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(db), str(tmp_path / "posts")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("kubefollow: error:")]
    assert len(errors) == 1 and "an extraction worker died" in errors[0]
    assert "Traceback" not in done.stderr
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    finally:
        conn.close()
    assert 0 < stored < POSTS  # what was written before stays


def test_ingest_restores_the_cycle_collector(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import kubefollow.store.writes

    write_posts(tmp_path / "posts", 3, 1)
    assert gc.isenabled()
    seen: list[bool] = []
    real = kubefollow.store.writes.ingest_post

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(kubefollow.store.writes, "ingest_post", spy)
    assert invoke("ingest", str(tmp_path / "posts")).exit_code == 0
    assert seen == [False, False, False]  # paused while posts are written
    assert gc.isenabled() and gc.get_freeze_count() == 0  # and as it was afterwards
