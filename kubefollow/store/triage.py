"""Triage writes: marking items reviewed, merging one item into another, forgetting items.

Each runs inside the caller's transaction and records through Changes, so that `undo`
restores exactly what was there.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from kubefollow.errors import UsageError
from kubefollow.store.changes import Changes
from kubefollow.store.writes import refresh_derived_fields

# The rows that belong to an item, by table.
CHILD_TABLES = ("item_keys", "mentions", "notes")


def _item(conn: sqlite3.Connection, item_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise UsageError(f"no item with id {item_id}")
    return dict(row)


def set_reviewed(conn: sqlite3.Connection, item_ids: list[int], changes: Changes) -> int:
    """Mark items reviewed; how many were not yet."""
    marks = ", ".join("?" * len(item_ids))
    rows = [
        dict(r)
        for r in conn.execute(
            f"SELECT * FROM items WHERE reviewed = 0 AND id IN ({marks}) ORDER BY id", item_ids
        )
    ]
    for row in rows:
        changes.update("items", row["id"], {"reviewed": 1}, "review", row["id"], current=row)
    return len(rows)


def merge_items(
    conn: sqlite3.Connection, absorbed_id: int, survivor_id: int, changes: Changes
) -> dict[str, int]:
    """The survivor takes the absorbed item's identity keys, mentions and notes; the
    absorbed item is deleted and recorded in merges, so its id and name lead to the
    survivor. Returns how many rows of each kind moved."""
    if absorbed_id == survivor_id:
        raise UsageError("an item cannot be merged into itself")
    absorbed = _item(conn, absorbed_id)
    survivor = _item(conn, survivor_id)
    changes.insert(
        "merges",
        {
            "item_id": absorbed_id,
            "into_id": survivor_id,
            "name": absorbed["name"],
            "name_key": absorbed["name_key"],
            "at": changes.at,
        },
        "merge",
        survivor_id,
    )
    moved: dict[str, int] = {}
    for table in CHILD_TABLES:
        rows = [
            dict(r)
            for r in conn.execute(
                f"SELECT * FROM {table} WHERE item_id = ? ORDER BY id", (absorbed_id,)
            )
        ]
        for row in rows:
            changes.update(
                table, row["id"], {"item_id": survivor_id}, "merge", survivor_id, current=row
            )
        moved[table] = len(rows)
    # Items merged into the absorbed one before now lead straight to the survivor.
    for row in conn.execute("SELECT * FROM merges WHERE into_id = ?", (absorbed_id,)).fetchall():
        changes.update(
            "merges", row["id"], {"into_id": survivor_id}, "merge", survivor_id, current=dict(row)
        )
    changes.delete("items", absorbed_id, "merge", absorbed_id)
    if not survivor["url"] and absorbed["url"]:
        changes.update("items", survivor_id, {"url": absorbed["url"]}, "merge", survivor_id)
    refresh_derived_fields(conn, survivor_id, changes, kind="merge")
    return moved


def forget_item(conn: sqlite3.Connection, item_id: int, changes: Changes) -> dict[str, Any]:
    """Delete an item and its rows (identity keys, mentions, notes); the change log keeps
    their images (the item's is its tombstone in history), so undo brings them back. The
    merges that led to it stay: ids merged into it are never handed out again. Its row."""
    item = _item(conn, item_id)
    for table in CHILD_TABLES:
        rows = [
            dict(r)
            for r in conn.execute(
                f"SELECT * FROM {table} WHERE item_id = ? ORDER BY id", (item_id,)
            )
        ]
        changes.delete_rows(table, rows, "forget", [item_id] * len(rows))
    changes.delete_rows("items", [item], "forget", [item_id])
    return item
