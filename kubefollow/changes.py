"""The change log under history and undo: every write goes through a Changes, which
records a before and after image of each row it touches, grouped by command."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _row(conn: sqlite3.Connection, table: str, row_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return dict(row) if row else None


class Changes:
    """One command's writes. Create it inside the command's transaction."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        command: str,
        summary: str = "",
        command_id: int | None = None,
    ) -> None:
        """A new command, or (command_id given) more writes of one begun in an earlier
        transaction, as an ingest does post by post."""
        self.conn = conn
        self.at = now()
        if command_id is None:
            cur = conn.execute(
                "INSERT INTO commands (name, summary, at) VALUES (?, ?, ?)",
                (command, summary, self.at),
            )
            command_id = int(cur.lastrowid or 0)
        self.command_id = command_id
        self.count = 0

    def set_summary(self, summary: str) -> None:
        self.conn.execute(
            "UPDATE commands SET summary = ? WHERE id = ?", (summary, self.command_id)
        )

    def _log(
        self,
        table: str,
        row_id: int,
        kind: str,
        item_id: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        field: str | None = None,
    ) -> None:
        old = new = None
        if field is not None:
            old = None if before is None else before.get(field)
            new = None if after is None else after.get(field)
        self.conn.execute(
            "INSERT INTO events (command_id, tbl, row_id, item_id, kind, field, old, new,"
            " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.command_id,
                table,
                row_id,
                item_id,
                kind,
                field,
                None if old is None else str(old),
                None if new is None else str(new),
                None if before is None else json.dumps(before),
                None if after is None else json.dumps(after),
            ),
        )
        self.count += 1

    def insert(self, table: str, row: dict[str, Any], kind: str, item_id: int | None = None) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values())
        )
        row_id = int(cur.lastrowid or 0)
        full = {"id": row_id, **row}
        self._log(table, row_id, kind, item_id if item_id is not None else None, None, full)
        return row_id

    def update(
        self,
        table: str,
        row_id: int,
        fields: dict[str, Any],
        kind: str,
        item_id: int | None = None,
        current: dict[str, Any] | None = None,
    ) -> bool:
        """Set fields that differ; log only those. Returns whether anything changed."""
        current = current if current is not None else _row(self.conn, table, row_id)
        if current is None:
            return False
        changed = {k: v for k, v in fields.items() if current.get(k) != v}
        if not changed:
            return False
        sets = ", ".join(f"{k} = ?" for k in changed)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*changed.values(), row_id))
        before = {k: current.get(k) for k in changed}
        field = next(iter(changed)) if len(changed) == 1 else None
        self._log(table, row_id, kind, item_id, before, changed, field)
        return True

    def delete(self, table: str, row_id: int, kind: str, item_id: int | None = None) -> None:
        before = _row(self.conn, table, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self._log(table, row_id, kind, item_id, before, None)
