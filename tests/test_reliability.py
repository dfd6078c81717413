"""Reliability: bad input, a bad store location, schema versions, transactions, concurrent
writers, a crash mid-ingest, hostile text, and a property test over arbitrary posts.

Fixtures of this file are prefixed rel_; the helpers in conftest.py are not used, except its
autouse fixture that points HOME and the XDG dirs at a temporary directory.
"""

from __future__ import annotations

import gc
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from helpers_gen import project_name, write_posts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kubefollow.cli import app
from kubefollow.paths import bundled_post
from kubefollow.store.connection import MIGRATIONS

BUNDLED = bundled_post()
BUNDLED_COUNT = 12  # the bundled post links 12 projects: ids 1..12 in a fresh store
ERROR_PREFIX = "kubefollow: error:"


# --- helpers -------------------------------------------------------------------------------


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # Click >= 8.2 / Typer 0.29: stderr is always separate
        return CliRunner()


RUNNER = _runner()


def kf(db: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    """`kubefollow --db DB ARGS...` in-process; the click Result."""
    return RUNNER.invoke(
        app, ["--db", str(db), *args], env={"COLUMNS": "120", **(env or {})}, catch_exceptions=True
    )


def error_lines(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(ERROR_PREFIX)]


def assert_no_traceback(result: Any) -> None:
    assert "Traceback" not in result.output, result.output
    assert "Traceback" not in result.stderr, result.stderr
    # Only a clean exit (typer.Exit -> SystemExit) or none at all, never an escaped exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def assert_one_error_naming(result: Any, path: Path | str, *words: str) -> str:
    """Exit 1, no traceback, exactly one error line, naming the file and the given words."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert_no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 1, result.stderr
    line = lines[0]
    p = Path(path)
    assert str(p) in line or str(p.resolve()) in line, line
    for word in words:
        assert re.search(word, line, re.IGNORECASE), (word, line)
    return line


def snapshot(db: Path) -> dict[str, Any]:
    """What the store holds, as the CLI exports it, plus the command history."""
    exported = kf(db, "export", "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    data = json.loads(exported.stdout)
    history = kf(db, "history", "--format", "json")
    assert history.exit_code == 0, history.stderr
    return {"items": data["items"], "posts": data["posts"], "history": json.loads(history.stdout)}


def items_by_name(db: Path) -> dict[str, dict[str, Any]]:
    result = kf(db, "list", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {row["name"]: row for row in json.loads(result.stdout)}


def file_state(db: Path) -> tuple[bytes | None, bytes | None]:
    """sha256 of the store file and of its -wal file (None if absent)."""

    def digest(p: Path) -> bytes | None:
        return hashlib.sha256(p.read_bytes()).digest() if p.exists() else None

    return digest(db), digest(db.with_name(db.name + "-wal"))


def sql(db: Path, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def console_script() -> str | None:
    beside = Path(sys.executable).parent / ("kubefollow.exe" if os.name == "nt" else "kubefollow")
    if beside.is_file():
        return str(beside)
    return shutil.which("kubefollow")


def alias_bomb(levels: int, per_level: int) -> str:
    """YAML front matter in the billion-laughs shape: each level lists the previous one
    per_level times."""
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * per_level) + "]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * per_level) + "]")
    return (
        "---\n" + "\n".join(lines) + "\n---\n\n# Bomb\n\nSee [Kueue](https://kueue.sigs.k8s.io/).\n"
    )


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def rel_db(tmp_path: Path) -> Path:
    """A store path that does not exist yet."""
    return tmp_path / "store" / "kf.db"


@pytest.fixture
def rel_store(rel_db: Path) -> Path:
    """A store holding the bundled post (items 1..12)."""
    result = kf(rel_db, "ingest", str(BUNDLED))
    assert result.exit_code == 0, result.stderr
    assert len(items_by_name(rel_db)) == BUNDLED_COUNT
    return rel_db


@pytest.fixture
def rel_script() -> str:
    found = console_script()
    if found is None:
        pytest.skip("the kubefollow console script is not installed")
    return found


# --- bad input -----------------------------------------------------------------------------

BAD_INPUTS = {
    # name: (file bytes, or None for a missing path; regexes the error line must match)
    "missing": (None, ["no such file"]),
    "not-utf8": (b"# Title\n\nsome text \xff\xfe more\n", ["UTF-8", r"line 3", r"column 11"]),
    "binary": (b"# Title\n\n\x00\x01\x02\x03 binary\x00", ["binary"]),
    "bad-yaml": (b"---\ntitle: [unclosed\n---\n\n# Post\n", ["front matter", "YAML"]),
    "bad-toml": (b"+++\ntitle = \n+++\n\n# Post\n", ["front matter", "TOML"]),
    "yaml-list": (b"---\n- a\n- b\n---\n\n# Post\n", ["front matter", "mapping"]),
    "many-aliases": (alias_bomb(12, 12).encode(), ["front matter", "alias"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_refused_with_one_line_and_nothing_stored(
    rel_store: Path, tmp_path: Path, case: str
) -> None:
    content, words = BAD_INPUTS[case]
    post = tmp_path / f"{case}.md"
    if content is not None:
        post.write_bytes(content)
    before = snapshot(rel_store)
    started = time.monotonic()
    result = kf(rel_store, "ingest", str(post))
    assert time.monotonic() - started < 5
    assert_one_error_naming(result, post, *words)
    assert snapshot(rel_store) == before


def test_a_missing_post_creates_no_store(tmp_path: Path) -> None:
    store = tmp_path / "new" / "kubefollow.db"
    result = kf(store, "ingest", str(tmp_path / "typo.md"))
    assert_one_error_naming(result, tmp_path / "typo.md", "no such file")
    assert not store.parent.exists()


def test_billion_laughs_is_harmless_and_quick(rel_store: Path, tmp_path: Path) -> None:
    """The classic shape (9 levels of 10: 10**9 leaves, 80 aliases) must not be expanded."""
    post = tmp_path / "laughs.md"
    post.write_text(alias_bomb(9, 10), encoding="utf-8")
    started = time.monotonic()
    result = kf(rel_store, "ingest", str(post))
    assert time.monotonic() - started < 5
    assert result.exit_code in (0, 1), result.stderr
    assert_no_traceback(result)


def test_billion_laughs_is_refused_with_a_clear_message(rel_store: Path, tmp_path: Path) -> None:
    post = tmp_path / "laughs.md"
    post.write_text(alias_bomb(9, 10), encoding="utf-8")
    before = snapshot(rel_store)
    started = time.monotonic()
    result = kf(rel_store, "ingest", str(post))
    assert time.monotonic() - started < 5
    assert_one_error_naming(result, post, "front matter", "alias")
    assert snapshot(rel_store) == before


@pytest.mark.parametrize(
    "front", ["date: 2025-02-30", "date: 2025-13-01", "title: !!int 0xZZ", "title: !!float abc"]
)
def test_front_matter_value_errors_are_refused_cleanly(
    rel_store: Path, tmp_path: Path, front: str
) -> None:
    post = tmp_path / "typo.md"
    post.write_text(f"---\n{front}\n---\n\n# Post\n\nSee [Foo](https://github.com/a/foo).\n")
    before = snapshot(rel_store)
    result = kf(rel_store, "ingest", str(post))
    assert_one_error_naming(result, post, "front matter")
    assert snapshot(rel_store) == before


def test_front_matter_value_error_does_not_stop_the_other_posts(
    rel_store: Path, tmp_path: Path
) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, 2, 2)
    (posts / "a-typo.md").write_text("---\ndate: 2025-02-30\n---\n\n# Typo\n")
    result = kf(rel_store, "ingest", str(posts))
    assert_one_error_naming(result, posts / "a-typo.md", "front matter")
    assert set(names) <= set(items_by_name(rel_store))


# --- size limits ---------------------------------------------------------------------------


class ReadSpy:
    """Wraps io.open and builtins.open: counts the bytes read from one file."""

    def __init__(self, target: Path) -> None:
        self.target = os.path.realpath(target)
        self.read = 0
        self.opened = 0
        self.real_open = io.open

    def open(self, file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = self.real_open(file, *args, **kwargs)
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == self.target:
            self.opened += 1
            return _CountingFile(handle, self)
        return handle


class _CountingFile:
    def __init__(self, handle: Any, spy: ReadSpy) -> None:
        self._handle, self._spy = handle, spy

    def read(self, *args: Any) -> Any:
        data = self._handle.read(*args)
        self._spy.read += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        n = self._handle.readinto(buffer)
        self._spy.read += n or 0
        return n

    def __enter__(self) -> _CountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_max_size_refuses_before_reading_whole_file(
    rel_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = tmp_path / "big.md"
    post.write_text("# Big\n\n" + "word " * 1000, encoding="utf-8")  # ~5 KB
    assert post.stat().st_size > 5000
    before = snapshot(rel_store)
    spy = ReadSpy(post)
    monkeypatch.setattr(io, "open", spy.open)
    monkeypatch.setattr("builtins.open", spy.open)
    result = kf(rel_store, "ingest", "--max-size", "1000", str(post))
    monkeypatch.undo()
    assert spy.read <= 1001, f"read {spy.read} bytes of a file over a 1000-byte limit"
    assert_one_error_naming(result, post, "limit", r"1,?000\b")
    assert snapshot(rel_store) == before


def test_default_limit_refuses_sparse_11_mb_file(rel_store: Path, tmp_path: Path) -> None:
    post = tmp_path / "sparse.md"
    with open(post, "wb") as f:
        f.truncate(11 * 1024 * 1024)
    before = snapshot(rel_store)
    result = kf(rel_store, "ingest", str(post))
    assert_one_error_naming(result, post, "limit", r"10,?485,?760|10 ?Mi?B")
    assert snapshot(rel_store) == before


@pytest.mark.skipif(
    not Path("/dev/zero").exists() or sys.platform == "win32", reason="needs /dev/zero, rlimit"
)
def test_max_size_holds_for_files_without_a_size(tmp_path: Path) -> None:
    import resource

    def limit_memory() -> None:  # so that a failure is a MemoryError, not the OOM killer
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kubefollow",
            "--db",
            str(tmp_path / "kf.db"),
            "ingest",
            "--max-size",
            "1000",
            "/dev/zero",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert proc.returncode == 1
    lines = [x for x in proc.stderr.splitlines() if x.startswith(ERROR_PREFIX)]
    assert len(lines) == 1 and "/dev/zero" in lines[0] and "limit" in lines[0], proc.stderr


# --- empty files, mixed directories --------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"], ids=["empty", "blank"])
def test_empty_file_warns_and_stores_nothing(
    rel_store: Path, tmp_path: Path, content: bytes
) -> None:
    post = tmp_path / "empty.md"
    post.write_bytes(content)
    before = snapshot(rel_store)
    result = kf(rel_store, "ingest", str(post))
    assert result.exit_code == 0, result.stderr
    assert_no_traceback(result)
    assert error_lines(result) == []
    warnings = [x for x in result.stderr.splitlines() if x.startswith("kubefollow: warning:")]
    assert len(warnings) == 1 and post.name in warnings[0] and "empty" in warnings[0]
    assert snapshot(rel_store) == before


def test_directory_with_good_and_bad_files(rel_store: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, 2, 2)
    bad_utf8 = posts / "bad-utf8.md"
    bad_utf8.write_bytes(b"# Bad\n\ncaf\xe9\n")
    binary = posts / "binary.markdown"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = kf(rel_store, "ingest", str(posts))
    assert result.exit_code == 1, result.stderr
    assert_no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 2, result.stderr
    assert any("bad-utf8.md" in x and "UTF-8" in x for x in lines), lines
    assert any("binary.markdown" in x and "binary" in x for x in lines), lines
    for name in names:
        assert name in result.stdout  # the good posts' items are listed
    stored = items_by_name(rel_store)
    assert set(names) <= set(stored)
    assert len(stored) == BUNDLED_COUNT + len(names)
    assert len(snapshot(rel_store)["posts"]) == 3


# --- the store location --------------------------------------------------------------------


@pytest.mark.parametrize("args", [["ingest", str(BUNDLED)], ["list"], ["done", "1"], ["export"]])
def test_db_that_is_not_sqlite_is_refused_untouched(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "notes.txt"
    db.write_bytes(b"hello world" * 100)
    result = kf(db, *args)
    assert_one_error_naming(result, db, r"not (a|an) .*(store|database|SQLite)")
    assert db.read_bytes() == b"hello world" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_db_of_another_application_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    conn.commit()
    conn.close()
    before = file_state(db)
    for args in (["ingest", str(BUNDLED)], ["list"]):
        result = kf(db, *args)
        assert_one_error_naming(result, db, "not a kubefollow store")
        assert file_state(db) == before
    assert sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("photos",)]


@pytest.mark.parametrize("args", [["ingest", str(BUNDLED)], ["add", "Thing"]])
def test_db_whose_parent_cannot_be_created(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("just a file\n")
    db = blocker / "sub" / "kf.db"
    result = kf(db, *args)
    assert result.exit_code == 1, result.stderr
    assert_no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 1 and "file.txt" in lines[0], result.stderr
    assert blocker.read_text() == "just a file\n"


@pytest.mark.parametrize("args", [["ingest", str(BUNDLED)], ["list"], ["done", "1"]])
def test_db_that_is_a_directory(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "store.d"
    db.mkdir()
    result = kf(db, *args)
    assert_one_error_naming(result, db, "directory")
    assert list(db.iterdir()) == []


# --- schema versions -----------------------------------------------------------------------


def _as_if_from_a_newer_kubefollow(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('kubefollow', 'm999_future', '2099-01-01')"
    )
    conn.commit()
    conn.close()


def test_store_from_a_newer_kubefollow_is_refused_untouched(rel_store: Path) -> None:
    _as_if_from_a_newer_kubefollow(rel_store)
    before = file_state(rel_store)
    assert before[0] is not None
    for args in (["list"], ["ingest", str(BUNDLED)], ["done", "1"], ["note", "1", "hi"]):
        result = kf(rel_store, *args)
        assert_one_error_naming(result, rel_store, "newer")
        del result
        gc.collect()  # belt and braces: nothing may hold the file open
        assert file_state(rel_store) == before, args
    script = console_script()
    if script is not None:  # and as a real process
        for args in (["list"], ["ingest"]):
            proc = _run([script, "--db", str(rel_store), *args])
            assert proc.returncode == 1 and "newer" in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr
            assert file_state(rel_store) == before, args


def test_refused_store_leaves_no_open_connection(rel_store: Path) -> None:
    from kubefollow.errors import StoreError
    from kubefollow.store.connection import Store

    _as_if_from_a_newer_kubefollow(rel_store)
    wal = rel_store.with_name(rel_store.name + "-wal")
    shm = rel_store.with_name(rel_store.name + "-shm")
    assert not wal.exists() and not shm.exists()
    gc.collect()
    gc.disable()
    try:
        with pytest.raises(StoreError, match="newer"):
            Store.open_for_reading(rel_store)
        assert not wal.exists() and not shm.exists(), "a connection to the store is still open"
    finally:
        gc.enable()
        gc.collect()


def _schema_one_copy(full: Path, target: Path) -> None:
    """A store at the first schema (m001 only) holding the rows of full."""
    from sqlite_utils import Database

    from kubefollow.store.migrations import migrations

    conn = sqlite3.connect(target)
    migrations.apply(Database(conn), stop_before="m002_search")
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name LIKE '%_fts%'").fetchone()
    conn.execute("ATTACH DATABASE ? AS full", (str(full),))
    for table in ("posts", "items", "item_keys", "mentions", "notes", "commands", "events"):
        # The columns the first schema has (later migrations add some).
        cols = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM full.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE full")
    conn.close()


def test_migration_from_the_first_schema_loses_nothing(rel_store: Path, tmp_path: Path) -> None:
    assert kf(rel_store, "note", "Kueue", "quokka queueing notes").exit_code == 0
    assert kf(rel_store, "done", "2").exit_code == 0
    assert kf(rel_store, "edit", "3", "--action", "adopt").exit_code == 0
    with sqlite3.connect(rel_store) as conn:  # items of the first schema count as reviewed
        conn.execute("UPDATE items SET reviewed = 1")
    conn.close()
    full_list = kf(rel_store, "list", "--all", "--format", "json").stdout
    full = snapshot(rel_store)

    old = tmp_path / "old.db"
    _schema_one_copy(rel_store, old)
    result = kf(old, "list", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(full_list)
    assert snapshot(old) == full
    assert [r[0] for r in sql(old, "SELECT name FROM _sqlite_migrations ORDER BY id")] == list(
        MIGRATIONS
    )
    # search works over rows written before the migration: names, sentences, notes
    found = kf(old, "search", "quokka", "--format", "json")
    assert found.exit_code == 0, found.stderr
    assert [r["name"] for r in json.loads(found.stdout)] == ["Kueue"]
    found = kf(old, "search", "Karpenter", "--format", "json")
    assert "Karpenter" in [r["name"] for r in json.loads(found.stdout)]
    # and later writes keep working: nothing ingested twice
    again = kf(old, "ingest", str(BUNDLED))
    assert again.exit_code == 0, again.stderr
    assert snapshot(old)["items"] == full["items"]


# --- transactions --------------------------------------------------------------------------


def test_status_change_with_an_unknown_item_changes_nothing(rel_store: Path) -> None:
    before = snapshot(rel_store)
    result = kf(rel_store, "done", "1", "no-such-project")
    assert result.exit_code != 0
    assert_no_traceback(result)
    assert len(error_lines(result)) == 1 and "no-such-project" in error_lines(result)[0]
    assert snapshot(rel_store) == before
    assert items_by_name(rel_store)["Kueue"]["status"] == "todo"


def test_note_on_unknown_item_changes_nothing(rel_store: Path) -> None:
    before = snapshot(rel_store)
    result = kf(rel_store, "note", "no-such-project", "text")
    assert result.exit_code != 0
    assert_no_traceback(result)
    assert snapshot(rel_store) == before


def test_failure_after_the_first_write_rolls_back_the_whole_command(
    rel_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kubefollow.store.writes

    real = kubefollow.store.writes.set_status
    calls = []

    def failing(conn: sqlite3.Connection, item_id: int, status: str, changes: Any) -> Any:
        calls.append(item_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return real(conn, item_id, status, changes)

    before = snapshot(rel_store)
    monkeypatch.setattr(kubefollow.store.writes, "set_status", failing)
    result = kf(rel_store, "done", "1", "2")
    monkeypatch.undo()
    assert len(calls) == 2
    assert result.exit_code == 1
    assert_no_traceback(result)
    assert len(error_lines(result)) == 1
    assert snapshot(rel_store) == before


def test_ingest_commits_post_by_post(
    rel_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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

    monkeypatch.setattr(kubefollow.store.writes, "ingest_post", failing)
    result = kf(rel_store, "ingest", str(posts))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert_no_traceback(result)
    assert len(error_lines(result)) == 1
    stored = items_by_name(rel_store)
    assert {project_name(0, 0), project_name(0, 1)} <= set(stored)
    assert not any(name.startswith("Genproj 0001") for name in stored)
    paths = [p["path"] for p in snapshot(rel_store)["posts"]]
    assert any(p.endswith("post-0000.md") for p in paths)
    assert not any(p.endswith("post-0001.md") for p in paths)
    mentions = sql(
        rel_store,
        "SELECT count(*) FROM mentions m JOIN items i ON i.id = m.item_id"
        " WHERE i.name LIKE 'Genproj 0001%'",
    )
    assert mentions == [(0,)]


# --- concurrency ---------------------------------------------------------------------------


def _run(cmd: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def test_concurrent_ingest_and_status_changes(
    rel_script: str, rel_store: Path, tmp_path: Path
) -> None:
    posts = tmp_path / "posts"
    names = write_posts(posts, 150, 3)
    base = [rel_script, "--db", str(rel_store)]
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
            out.append(_run([*base, op, item, *([text] if text else [])]))
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
    final = {str(r[0]): r[1] for r in sql(rel_store, "SELECT id, status FROM items WHERE id <= 12")}
    assert final == expected
    assert sql(rel_store, "SELECT count(*) FROM notes") == [(note_count,)]
    stored = sql(
        rel_store, "SELECT name, count(*) FROM items WHERE name LIKE 'Genproj %' GROUP BY name"
    )
    assert {name for name, _ in stored} == set(names)
    assert all(count == 1 for _, count in stored)
    assert sql(rel_store, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("round_", range(4))  # a race: a few rounds to catch it
def test_concurrent_first_use_of_a_new_store(rel_script: str, tmp_path: Path, round_: int) -> None:
    """Several processes creating (and migrating) the same new store at once: none fails
    (the switch to WAL is retried; the schema is read in one snapshot)."""
    db = tmp_path / "new" / "kf.db"
    procs = [
        subprocess.Popen(
            [rel_script, "--db", str(db), "add", f"Racer {i}"],
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


# --- crash ---------------------------------------------------------------------------------


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
def test_kill_9_mid_ingest_then_rerun(rel_script: str, tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    links = 5
    names = write_posts(posts, 400, links)
    db = tmp_path / "kf.db"
    cmd = [rel_script, "--db", str(db), "ingest", str(posts)]
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

    rerun = _run(cmd, timeout=120)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    counts = sql(db, "SELECT name, count(*) FROM items GROUP BY name_key")
    assert {name for name, _ in counts} == set(names)
    assert all(count == 1 for _, count in counts)
    assert sql(db, "SELECT count(*) FROM items") == [(len(names),)]
    assert sql(db, "SELECT count(*) FROM posts") == [(400,)]
    assert sql(db, "SELECT count(*) FROM mentions") == [(len(names),)]
    assert sql(db, "PRAGMA integrity_check") == [("ok",)]


# --- hostile text --------------------------------------------------------------------------

HOSTILE_POST = (
    "# Hostile \x1b[31mreport\x1b[0m [bold red]X[/] \x9b31m\n\n"
    "I will evaluate [Evil \x1b\\[2J[bold red]X[/]\x9b31m Proxy](https://evil-proxy.dev/) soon,"
    " after \x1b]8;;http://evil\x1b\\this\x1b]8;;\x1b\\ demo.\n\n"
    "Also in prose: \x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ \x1b[2J [bold red]X[/] \x9b.\n"
)


def _assert_inert(text: str) -> None:
    assert "\x1b" not in text, repr(text)
    assert "\x9b" not in text, repr(text)


@pytest.fixture
def rel_hostile(rel_db: Path, tmp_path: Path) -> tuple[Path, Any]:
    post = tmp_path / "hostile.md"
    post.write_text(HOSTILE_POST, encoding="utf-8")
    result = kf(rel_db, "ingest", str(post))
    assert result.exit_code == 0, result.stderr
    return rel_db, result


def test_hostile_text_reaches_no_terminal(rel_hostile: tuple[Path, Any]) -> None:
    db, ingest = rel_hostile
    (row,) = json.loads(kf(db, "list", "--format", "json").stdout)
    note = kf(
        db, "note", str(row["id"]), "note \x1b[2J [bold red]X[/] \x9b31m \x1b]8;;http://e\x07"
    )
    assert note.exit_code == 0
    outputs = {
        "ingest": ingest,
        "list": kf(db, "list"),
        "list-json": kf(db, "list", "--format", "json"),
        "show": kf(db, "show", str(row["id"])),
        "show-json": kf(db, "show", str(row["id"]), "--format", "json"),
        "history": kf(db, "history"),
        "search": kf(db, "search", "evil"),
        "note": note,
    }
    for what, result in outputs.items():
        assert result.exit_code == 0, (what, result.stderr)
        _assert_inert(result.stdout)
        _assert_inert(result.stderr)
    for what in ("ingest", "list", "list-json", "show", "show-json", "search"):
        assert "[bold red]X[/]" in outputs[what].stdout, (what, outputs[what].stdout)
    assert "[bold red]X[/]" in outputs["show"].stdout.split("notes:")[1]


def test_hostile_text_inert_with_color_on_a_terminal(
    rel_hostile: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal kubefollow colours its own output; the post's escapes still never pass."""
    db, _ = rel_hostile
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for args in (["list"], ["show", "1"], ["status"]):
        result = kf(db, *args, env={"TERM": "xterm-256color", "COLUMNS": "400"})
        assert result.exit_code == 0, result.stderr
        own_colors_removed = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        _assert_inert(own_colors_removed)
        assert "\x9b" not in result.stdout
        if args[0] != "status":
            assert "[bold red]X[/]" in result.stdout


# --- property: any post is ingested or refused cleanly -------------------------------------

MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            *"[]()<>`*_#-+!\n :=\"'&|\\ab01",
            "---\n", "+++\n", "http://", "https://x.io/", "github.com/a/b", "title: ",
            "date: ", "title = ", "&a ", "*a", "\x1b", "\x9b", "\x00", "\ufeff", "\r", "é",
            "](", "[Foo](", "{{< x >}}", "<!--", "-->", "~~~", "    ",
        ]
    ),
    max_size=300,
).map("".join)  # fmt: skip


def _ingest_one(content: bytes) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kf-prop-"))
    try:
        post = tmp / "post.md"
        post.write_bytes(content)
        result = kf(tmp / "kf.db", "ingest", str(post))
        assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
        assert_no_traceback(result)
        lines = error_lines(result)
        if result.exit_code == 1:
            assert len(lines) == 1, result.stderr
            assert str(post) in lines[0] or str(post.resolve()) in lines[0], lines
        else:
            assert lines == [], result.stderr
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_property_arbitrary_bytes(content: bytes) -> None:
    _ingest_one(content)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(MARKDOWNISH)
def test_property_markdownish_text(text: str) -> None:
    _ingest_one(text.encode("utf-8"))
