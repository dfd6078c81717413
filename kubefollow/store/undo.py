"""Undo: revert the most recent command's recorded changes, as one step.

Each change is reverted only if the row is still as that command left it; otherwise a
later change would be lost, so the whole undo is refused and nothing is touched.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from kubefollow.errors import UndoError
from kubefollow.store.changes import Changes, now
from kubefollow.store.search_index import index_reinserted

# Bookkeeping columns that may move without a recorded change.
IGNORED_COLUMNS = frozenset({"updated_at"})


@dataclass
class Undone:
    command_id: int
    name: str
    summary: str
    at: str
    changes: int


def _still_as_left(current: dict[str, Any], after: dict[str, Any]) -> bool:
    return all(current.get(k) == v for k, v in after.items() if k not in IGNORED_COLUMNS)


def undo_last(conn: sqlite3.Connection) -> Undone:
    cmd = conn.execute(
        "SELECT * FROM commands WHERE undone_at IS NULL AND name != 'undo'"
        " AND EXISTS (SELECT 1 FROM events e WHERE e.command_id = commands.id)"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if cmd is None:
        raise UndoError("nothing to undo")
    events = conn.execute(
        "SELECT * FROM events WHERE command_id = ? ORDER BY id DESC", (cmd["id"],)
    ).fetchall()
    for event in events:
        _revert(conn, event, cmd)
    conn.execute("UPDATE commands SET undone_at = ? WHERE id = ?", (now(), cmd["id"]))
    Changes(conn, "undo", f"undid #{cmd['id']} {cmd['name']}: {cmd['summary']}")
    return Undone(int(cmd["id"]), cmd["name"], cmd["summary"], cmd["at"], len(events))


def _revert(conn: sqlite3.Connection, event: sqlite3.Row, cmd: sqlite3.Row) -> None:
    table, row_id = event["tbl"], int(event["row_id"])
    before = json.loads(event["before"]) if event["before"] else None
    after = json.loads(event["after"]) if event["after"] else None
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    current = dict(row) if row else None
    conflict = UndoError(
        f"cannot undo #{cmd['id']} {cmd['name']} ({cmd['summary']}): {table} row {row_id} "
        "was changed since by a later command; nothing was undone"
    )
    if before is None:  # the command inserted the row
        if current is None or after is None or not _still_as_left(current, after):
            raise conflict
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    elif after is None:  # the command deleted the row
        if current is not None:
            raise conflict
        cols = ", ".join(before)
        marks = ", ".join("?" for _ in before)
        conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(before.values()))
        index_reinserted(conn, table, [row_id])
    else:  # the command updated some fields
        if current is None or not _still_as_left(current, after):
            raise conflict
        sets = ", ".join(f"{k} = ?" for k in before)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*before.values(), row_id))
