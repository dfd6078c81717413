"""The store under stress: ingest commits post by post, concurrent writers (processes) never
see "locked", several processes may create a new store at once, and a kill -9 mid-ingest
leaves whole posts that a rerun completes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BUNDLED_COUNT,
    assert_no_traceback,
    cli,
    error_lines,
    items_by_name,
    run_process,
    snapshot,
    sql,
)
from helpers_gen import project_name, write_posts

from kubefollow.store.connection import MIGRATIONS


def test_ingest_commits_post_by_post(
    bundled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure inside the second post's transaction keeps the first post whole and leaves
    nothing of the second."""
    import kubefollow.store.writes

    posts = tmp_path / "posts"
    write_posts(posts, 3, 2)
    real = kubefollow.store.writes.ingest_post

    def failing(conn: sqlite3.Connection, post: Any, changes: Any) -> Any:
        result = real(conn, post, changes)  # all of its writes done, then the failure
        if post.path.endswith("post-0001.md"):
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return result

    with monkeypatch.context() as patched:
        patched.setattr(kubefollow.store.writes, "ingest_post", failing)
        result = cli("ingest", str(posts), db=bundled_store)
    assert result.exit_code == 1
    assert_no_traceback(result)
    assert len(error_lines(result)) == 1
    stored = items_by_name(bundled_store)
    assert {project_name(0, 0), project_name(0, 1)} <= set(stored)
    assert not any(name.startswith("Genproj 0001") for name in stored)
    paths = [p["path"] for p in snapshot(bundled_store)["posts"]]
    assert any(p.endswith("post-0000.md") for p in paths)
    assert not any(p.endswith("post-0001.md") for p in paths)
    mentions = sql(
        bundled_store,
        "SELECT count(*) FROM mentions m JOIN items i ON i.id = m.item_id"
        " WHERE i.name LIKE 'Genproj 0001%'",
    )
    assert mentions == [(0,)]


def test_concurrent_ingest_and_status_changes(
    script: str, bundled_store: Path, tmp_path: Path
) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, 150, 3)
    base = [script, "--db", str(bundled_store)]
    workers = 3
    rounds = 20

    def plan(w: int) -> list[tuple[str, str, str | None]]:
        """Worker w owns items w+1, w+4, w+7, w+10 (so the last writer of each is known)."""
        own = [str(w + 1 + 3 * k) for k in range(4)]
        steps: list[tuple[str, str, str | None]] = []
        for k in range(rounds):
            op = ("done", "reopen", "note")[(k + w) % 3]
            steps.append((op, own[k % 4], f"note {w}-{k}" if op == "note" else None))
        return steps

    during_ingest = []

    def work(w: int) -> list[subprocess.CompletedProcess[str]]:
        out = []
        for op, item, text in plan(w):
            during_ingest.append(ingest.poll() is None)
            out.append(run_process([*base, op, item, *([text] if text else [])]))
        return out

    ingest = subprocess.Popen(
        [*base, "ingest", str(posts)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        with ThreadPoolExecutor(workers) as pool:
            results = [r for rs in pool.map(work, range(workers)) for r in rs]
        out, err = ingest.communicate(timeout=120)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
    assert ingest.returncode == 0, err[-2000:]
    assert "locked" not in out + err
    assert any(during_ingest), "the status changes did not overlap the ingest"
    for r in results:
        assert r.returncode == 0, (r.args, r.stderr)
        assert "locked" not in r.stdout + r.stderr, (r.args, r.stderr)
        assert "Traceback" not in r.stderr

    expected = {str(i): "todo" for i in range(1, BUNDLED_COUNT + 1)}
    note_count = 0
    for w in range(workers):
        for op, item, _ in plan(w):
            if op == "note":
                note_count += 1
            else:
                expected[item] = "done" if op == "done" else "todo"
    final = {
        str(r[0]): r[1] for r in sql(bundled_store, "SELECT id, status FROM items WHERE id <= 12")
    }
    assert final == expected
    assert sql(bundled_store, "SELECT count(*) FROM notes") == [(note_count,)]
    stored = sql(
        bundled_store, "SELECT name, count(*) FROM items WHERE name LIKE 'Genproj %' GROUP BY name"
    )
    assert {name for name, _ in stored} == set(names)
    assert all(count == 1 for _, count in stored)
    assert sql(bundled_store, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("round_", range(4))  # a race: a few rounds to catch it
def test_concurrent_first_use_of_a_new_store(script: str, tmp_path: Path, round_: int) -> None:
    """Several processes creating (and migrating) the same new store at once: none fails
    (the switch to WAL is retried; the schema is read in one snapshot)."""
    db = tmp_path / "new" / "kf.db"
    procs = [
        subprocess.Popen(
            [script, "--db", str(db), "add", f"Racer {i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    assert sorted(r[0] for r in sql(db, "SELECT name FROM items")) == [
        f"Racer {i}" for i in range(8)
    ]
    assert [r[0] for r in sql(db, "SELECT name FROM _sqlite_migrations ORDER BY id")] == list(
        MIGRATIONS
    )
    assert sql(db, "PRAGMA journal_mode") == [("wal",)]


def test_switch_to_wal_waits_for_a_writer(tmp_path: Path) -> None:
    """While another process holds the write lock (say, checking the schema of the store
    both just created), SQLite fails the switch to WAL at once: kubefollow retries."""
    import threading

    from kubefollow.store.migrations import use_wal

    db = tmp_path / "kf.db"
    setup = sqlite3.connect(db)
    setup.execute("CREATE TABLE t (x)")
    setup.commit()
    setup.close()
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.3, lambda: writer.execute("COMMIT"))
    timer.start()
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            conn.execute("PRAGMA journal_mode = WAL")  # what SQLite does on its own
        use_wal(conn)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        timer.join()
        conn.close()
        writer.close()


def _stored_posts(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM posts").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_9_mid_ingest_then_rerun(script: str, tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    links = 5
    names = write_posts(posts, 400, links)
    db = tmp_path / "kf.db"
    cmd = [script, "--db", str(db), "ingest", str(posts)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None and _stored_posts(db) < 20:
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    assert sql(db, "PRAGMA integrity_check") == [("ok",)]
    stored = sql(db, "SELECT count(*) FROM posts")[0][0]
    assert 0 < stored < 400
    # each post is in whole or not at all
    per_post = sql(
        db, "SELECT p.id, count(m.id) FROM posts p LEFT JOIN mentions m ON m.post_id = p.id"
        " GROUP BY p.id"
    )  # fmt: skip
    assert all(count == links for _, count in per_post), per_post

    rerun = run_process(cmd, timeout=120)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    counts = sql(db, "SELECT name, count(*) FROM items GROUP BY name_key")
    assert {name for name, _ in counts} == set(names)
    assert all(count == 1 for _, count in counts)
    assert sql(db, "SELECT count(*) FROM items") == [(len(names),)]
    assert sql(db, "SELECT count(*) FROM posts") == [(400,)]
    assert sql(db, "SELECT count(*) FROM mentions") == [(len(names),)]
    assert sql(db, "PRAGMA integrity_check") == [("ok",)]
