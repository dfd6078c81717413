"""An item's dates: updated_at moves with every change to it (status, note, edit), done_at
says when it was done (kept on the item, not only in history; cleared on reopen), and an
old store gets done_at from its history (migration m007)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import cli, ok, sql


def stamps(db: Path, item_id: int) -> tuple[str, str | None]:
    ((updated, done),) = sql(db, "SELECT updated_at, done_at FROM items WHERE id = ?", (item_id,))
    return updated, done


def age(db: Path) -> None:
    sql(db, "UPDATE items SET updated_at = '2000-01-01T00:00:00+00:00'")


def test_status_note_and_edit_bump_updated_at(bundled_store: Path) -> None:
    for args in (["done", "1"], ["note", "1", "read the docs"], ["edit", "1", "--action", "read"]):
        age(bundled_store)
        ok(cli(*args, db=bundled_store))
        assert stamps(bundled_store, 1)[0] > "2000", args


def test_done_at_is_set_on_done_and_cleared_on_reopen(bundled_store: Path) -> None:
    assert stamps(bundled_store, 2)[1] is None
    ok(cli("done", "2", db=bundled_store))
    done_at = stamps(bundled_store, 2)[1]
    assert done_at is not None and done_at.endswith("+00:00")
    ok(cli("reopen", "2", db=bundled_store))
    assert stamps(bundled_store, 2)[1] is None
    ok(cli("undo", db=bundled_store))  # undo of the reopen brings the date back
    assert stamps(bundled_store, 2)[1] == done_at


def test_migration_backfills_done_at_from_history(bundled_store: Path) -> None:
    ok(cli("done", "3", db=bundled_store))
    ((at,),) = sql(bundled_store, "SELECT max(at) FROM commands WHERE name = 'done'")
    conn = sqlite3.connect(bundled_store)
    with conn:
        conn.execute("UPDATE items SET done_at = NULL")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE 'm007%' OR name LIKE 'm008%'")
        conn.execute("ALTER TABLE items DROP COLUMN done_at")
    conn.close()
    ok(cli("list", db=bundled_store))  # opening the store migrates it
    assert stamps(bundled_store, 3)[1] == at
    assert stamps(bundled_store, 1)[1] is None
