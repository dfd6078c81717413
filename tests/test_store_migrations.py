"""Schema versions: a store from a newer kubefollow is refused untouched (and left closed);
a store at the first schema migrates without losing anything."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import BUNDLED
from helpers import cli, console_script, file_state, one_error_naming, run_process, snapshot, sql

from kubefollow.store.connection import MIGRATIONS


def _as_if_from_a_newer_kubefollow(db: Path) -> None:
    sql(
        db,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('kubefollow', 'm999_future', '2099-01-01')",
    )


def test_store_from_a_newer_kubefollow_is_refused_untouched(bundled_store: Path) -> None:
    _as_if_from_a_newer_kubefollow(bundled_store)
    before = file_state(bundled_store)
    assert before[0] is not None
    for args in (["list"], ["ingest", str(BUNDLED)], ["done", "1"], ["note", "1", "hi"]):
        result = cli(*args, db=bundled_store)
        one_error_naming(result, bundled_store, "newer")
        del result
        gc.collect()  # belt and braces: nothing may hold the file open
        assert file_state(bundled_store) == before, args
    script = console_script()
    if script is not None:  # and as a real process
        for args in (["list"], ["ingest"]):
            proc = run_process([script, "--db", str(bundled_store), *args])
            assert proc.returncode == 1 and "newer" in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr
            assert file_state(bundled_store) == before, args


def test_refused_store_leaves_no_open_connection(bundled_store: Path) -> None:
    from kubefollow.errors import StoreError
    from kubefollow.store.connection import Store

    _as_if_from_a_newer_kubefollow(bundled_store)
    wal = bundled_store.with_name(bundled_store.name + "-wal")
    shm = bundled_store.with_name(bundled_store.name + "-shm")
    assert not wal.exists() and not shm.exists()
    gc.collect()
    gc.disable()
    try:
        with pytest.raises(StoreError, match="newer"):
            Store.open_for_reading(bundled_store)
        assert not wal.exists() and not shm.exists(), "a connection to the store is still open"
    finally:
        gc.enable()
        gc.collect()


def _schema_one_copy(full: Path, target: Path) -> None:
    """A store at the first schema (m001 only) holding the rows of full."""
    from kubefollow.store.migrations import migrate

    conn = sqlite3.connect(target)
    migrate(conn, stop_before="m002_search")
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


def test_migration_from_the_first_schema_loses_nothing(bundled_store: Path, tmp_path: Path) -> None:
    assert cli("note", "Kueue", "quokka queueing notes", db=bundled_store).exit_code == 0
    assert cli("done", "2", db=bundled_store).exit_code == 0
    assert cli("edit", "3", "--action", "adopt", db=bundled_store).exit_code == 0
    with sqlite3.connect(bundled_store) as conn:  # items of the first schema count as reviewed
        conn.execute("UPDATE items SET reviewed = 1")
    conn.close()
    full_list = cli("list", "--all", "--format", "json", db=bundled_store).stdout
    full = snapshot(bundled_store)

    old = tmp_path / "old.db"
    _schema_one_copy(bundled_store, old)
    result = cli("list", "--all", "--format", "json", db=old)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(full_list)
    assert snapshot(old) == full
    assert [r[0] for r in sql(old, "SELECT name FROM _sqlite_migrations ORDER BY id")] == list(
        MIGRATIONS
    )
    # search works over rows written before the migration: names, sentences, notes
    found = cli("search", "quokka", "--format", "json", db=old)
    assert found.exit_code == 0, found.stderr
    assert [r["name"] for r in json.loads(found.stdout)] == ["Kueue"]
    found = cli("search", "Karpenter", "--format", "json", db=old)
    assert "Karpenter" in [r["name"] for r in json.loads(found.stdout)]
    # and later writes keep working: nothing ingested twice
    again = cli("ingest", str(BUNDLED), db=old)
    assert again.exit_code == 0, again.stderr
    assert snapshot(old)["items"] == full["items"]


def test_the_theme_index_is_dropped_from_new_and_older_stores(tmp_path: Path) -> None:
    """m011: items.theme has no index (every ingest paid for it, no read gained from it);
    a store from before keeps its items and answers reads by theme as before."""
    from kubefollow.store.connection import Store
    from kubefollow.store.migrations import migrate

    def indexes(db: Path) -> set[str]:
        return {r[0] for r in sql(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}

    new = tmp_path / "new.db"
    Store.open(new).close()
    assert "items_theme" not in indexes(new)
    assert "items_status" in indexes(new)

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    migrate(conn, stop_before="m011_no_theme_index")
    conn.execute(
        "INSERT INTO items (name, name_key, theme, themes, created_at, updated_at)"
        " VALUES ('Kueue', 'kueue', 'batch', '[\"batch\"]', 'T', 'T')"
    )
    conn.commit()
    conn.close()
    assert "items_theme" in indexes(old)
    result = cli("list", "--theme", "batch", "--format", "json", db=old)
    assert result.exit_code == 0, result.stderr
    assert [r["name"] for r in json.loads(result.stdout)] == ["Kueue"]
    assert "items_theme" not in indexes(old)


def test_indexed_tables_lose_their_insert_triggers(tmp_path: Path) -> None:
    """m012: no insert trigger on the indexed tables, in new and older stores (the code
    that inserts below the search mark indexes the rows itself); the others stay."""
    from kubefollow.store.connection import Store
    from kubefollow.store.migrations import migrate

    def triggers(db: Path) -> set[str]:
        return {r[0] for r in sql(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    inserts = {"items_ai", "mentions_ai", "notes_ai"}
    new = tmp_path / "new.db"
    Store.open(new).close()
    assert not triggers(new) & inserts
    assert {"items_ad", "items_au", "mentions_ad", "notes_au"} <= triggers(new)

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    migrate(conn, stop_before="m012_reinserted_rows_indexed_by_code")
    conn.close()
    assert inserts <= triggers(old)
    assert cli("ingest", str(BUNDLED), db=old).exit_code == 0
    assert not triggers(old) & inserts


def _schema(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
    return rows.fetchall()


def test_migrations_build_the_schema_sqlite_utils_built(tmp_path: Path) -> None:
    """The migrations ran under sqlite-utils' Migrations (m002 by its enable_fts) until
    they were made plain sqlite3: a store they create is the one sqlite-utils created,
    bookkeeping table included, so stores of either kind migrate alike."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from kubefollow.store import migrations as ours
    from kubefollow.store.schema import MIGRATION_SET

    def enable_fts(db: Database) -> None:  # m002 as it shipped
        db["items"].enable_fts(["name"], create_triggers=True, tokenize="unicode61")
        db["mentions"].enable_fts(["sentence"], create_triggers=True, tokenize="unicode61")
        db["notes"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")

    theirs = Migrations(MIGRATION_SET)
    for fn in ours._migrations:
        theirs(name=fn.__name__)(enable_fts if fn.__name__ == "m002_search" else fn)
    reference = sqlite3.connect(tmp_path / "reference.db", isolation_level=None)
    theirs.apply(Database(reference))
    new = sqlite3.connect(tmp_path / "new.db", isolation_level=None)
    ours.migrate(new)
    assert _schema(new) == _schema(reference)
    names = "SELECT id, migration_set, name FROM _sqlite_migrations ORDER BY rowid"
    assert new.execute(names).fetchall() == reference.execute(names).fetchall()
    # A store sqlite-utils migrated part way is finished by ours.
    half = sqlite3.connect(tmp_path / "half.db", isolation_level=None)
    theirs.apply(Database(half), stop_before="m005_reviewed")
    ours.migrate(half)
    assert _schema(half) == _schema(reference)
    assert half.execute(names).fetchall() == reference.execute(names).fetchall()
    for conn in (reference, new, half):
        conn.close()


def test_a_failed_migration_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    from kubefollow.store import migrations as ours

    conn = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    ours.migrate(conn, stop_before="m005_reviewed")
    before = _schema(conn)

    def broken(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk on fire")

    try:
        ours._migrations.insert(6, broken)  # after m006, which must not stay applied
        with pytest.raises(sqlite3.OperationalError, match="fire"):
            ours.migrate(conn)
    finally:
        ours._migrations.remove(broken)
    assert _schema(conn) == before
    assert not conn.in_transaction
    conn.close()
