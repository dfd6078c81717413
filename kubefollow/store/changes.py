"""The change log under history and undo: every write goes through a Changes, which
records a before and after image of each row it touches, grouped by command."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kubefollow.store.search_index import index_reinserted

# Columns that change along with another (a name's key, a status's date): not what a
# change is named for in history.
COMPANION_COLUMNS = frozenset({"name_key", "done_at", "edited", "themes", "updated_at"})


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _row(conn: sqlite3.Connection, table: str, row_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return dict(row) if row else None


# Rows per INSERT statement: many rows in one statement cost SQLite much less than one
# statement run per row (executemany), which opens every index and reads and writes the
# table's AUTOINCREMENT counter each time. At most 999 values, the most a statement could
# bind before SQLite 3.32; and at most 64 rows, so that a run prepares few distinct
# statements (one per row count, kept in the connection's cache, see connection.py).
MAX_VALUES = 999
MAX_ROWS = 64

EVENT_COLUMNS = (
    "command_id", "tbl", "row_id", "item_id", "kind", "field", "old", "new", "before", "after",
)  # fmt: skip


@functools.lru_cache(maxsize=512)
def _insert_sql(table: str, cols: tuple[str, ...], rows: int = 1) -> str:
    """INSERT of `rows` rows in one statement."""
    values = ", ".join([f"({', '.join('?' * len(cols))})"] * rows)
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES {values}"


def _item_id_sql(
    table: str, cols: tuple[str, ...], rows: list[dict[str, Any]], item_ids: list[int | None]
) -> str | None:
    """The column (or NULL) of the inserted rows that is each one's event's item id, or
    None when no column is (or the rows carry their own ids): then Python logs them."""
    if "id" in cols:
        return None
    if table == "items":
        return "id"
    if all(i is None for i in item_ids):
        return "NULL"
    if "item_id" in cols and item_ids == [row["item_id"] for row in rows]:
        return "item_id"
    return None


@functools.lru_cache(maxsize=64)
def _logged_insert_sql(table: str, cols: tuple[str, ...], item_sql: str) -> str:
    """The events of the rows of `table` with ids from ? to ?, in id order."""
    image = ", ".join(f"'{col}', {col}" for col in ("id", *cols))
    return (
        f"INSERT INTO events (command_id, tbl, row_id, item_id, kind, after)"
        f" SELECT ?, '{table}', id, {item_sql}, ?, json_object({image})"
        f" FROM {table} WHERE id BETWEEN ? AND ? ORDER BY id"
    )


def _chunks(rows: list[Any], width: int) -> list[list[Any]]:
    """rows in runs small enough for one INSERT of `width` columns each."""
    size = max(1, min(MAX_ROWS, MAX_VALUES // width))
    if len(rows) <= size:
        return [rows] if rows else []
    return [rows[start : start + size] for start in range(0, len(rows), size)]


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
        # Events held back by batched(), to be written in one statement.
        self._held: list[tuple[Any, ...]] | None = None

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Hold the events this block logs and write them at its end, in the same order (so
        with the same ids): one INSERT instead of one per write. Inserts logged by SQLite
        write what is held first, then their own. Only for a block that does not read the
        events it logs; on an error what is held is not written (the transaction is rolled
        back anyway)."""
        held: list[tuple[Any, ...]] = []
        self._held = held
        try:
            yield
        finally:
            self._held = None
        self._write_events(held)

    def set_summary(self, summary: str) -> None:
        self.conn.execute(
            "UPDATE commands SET summary = ? WHERE id = ?", (summary, self.command_id)
        )

    def _event(
        self,
        table: str,
        row_id: int,
        kind: str,
        item_id: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        field: str | None = None,
    ) -> tuple[Any, ...]:
        old = new = None
        if field is not None:
            old = None if before is None else before.get(field)
            new = None if after is None else after.get(field)
        return (
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
        )

    def _log_all(self, events: list[tuple[Any, ...]]) -> None:
        if self._held is None:
            self._write_events(events)
        else:
            self._held.extend(events)
        self.count += len(events)

    def _write_held(self) -> None:
        """Write the events held so far (batched() goes on holding the next ones)."""
        if self._held:
            self._write_events(self._held)
            self._held.clear()

    def _write_events(self, events: list[tuple[Any, ...]]) -> None:
        for chunk in _chunks(events, len(EVENT_COLUMNS)):
            sql = _insert_sql("events", EVENT_COLUMNS, len(chunk))
            self.conn.execute(sql, [value for event in chunk for value in event])

    def insert(self, table: str, row: dict[str, Any], kind: str, item_id: int | None = None) -> int:
        return self.insert_many(table, [row], kind, [item_id])[0]

    def insert_many(
        self,
        table: str,
        rows: list[dict[str, Any]],
        kind: str,
        item_ids: list[int | None],
    ) -> list[int]:
        """Insert rows (all with the same columns, no id) and log them; their ids, in order."""
        if not rows:
            return []
        cols = tuple(rows[0])
        ids: list[int] = []
        for chunk in _chunks(rows, len(cols)):
            sql = _insert_sql(table, cols, len(chunk))
            cur = self.conn.execute(sql, [value for row in chunk for value in row.values()])
            last = int(cur.lastrowid or 0)
            ids.extend(self._ids_ending_at(table, last, len(chunk)))
        # An item's own creation belongs to its history. What _event makes of an insert
        # (no field, no old or new value, no before image), without a call per row.
        command_id = self.command_id
        if "id" in cols:  # ids of their own, maybe below the search index's mark
            index_reinserted(self.conn, table, ids)
        item_sql = _item_id_sql(table, cols, rows, item_ids)
        if item_sql is not None:
            # The after images made by SQLite from the rows as written (json_object, in
            # C; the same JSON as json.dumps makes, written compactly), in the order of the
            # events held so far: a fifth of an ingest's writing, saved.
            self._write_held()
            sql = _logged_insert_sql(table, cols, item_sql)
            self.conn.execute(sql, (command_id, kind, ids[0], ids[-1]))
            self.count += len(ids)
            return ids
        self._log_all(
            [
                (command_id, table, row_id, row_id if table == "items" else item_id, kind,
                 None, None, None, None, json.dumps({"id": row_id, **row}))
                for row_id, row, item_id in zip(ids, rows, item_ids, strict=True)
            ]
        )  # fmt: skip
        return ids

    def _ids_ending_at(self, table: str, last: int, count: int) -> list[int]:
        """The ids the `count` rows of one INSERT into an AUTOINCREMENT table were given: a
        run ending at its last row's (the statement's last_insert_rowid), as we hold the
        write lock. Checked, not assumed."""
        if count == 1:
            return [last]
        ids = list(range(last - count + 1, last + 1))
        found = self.conn.execute(
            f"SELECT count(*) FROM {table} WHERE id BETWEEN ? AND ?", (ids[0], last)
        ).fetchone()[0]
        if found != count:
            raise RuntimeError(f"{table}: inserted ids are not consecutive")
        return ids

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
        # The field a person changed, when it is one (its companions don't count).
        named = [k for k in changed if k not in COMPANION_COLUMNS] or list(changed)
        field = named[0] if len(named) == 1 else None
        self._log_all([self._event(table, row_id, kind, item_id, before, changed, field)])
        return True

    def delete(self, table: str, row_id: int, kind: str, item_id: int | None = None) -> None:
        before = _row(self.conn, table, row_id)
        if before is not None:
            self.delete_rows(table, [before], kind, [item_id])

    def delete_rows(
        self, table: str, rows: list[dict[str, Any]], kind: str, item_ids: list[int | None]
    ) -> None:
        """Delete rows read whole by the caller (each with its id), logging their images."""
        if not rows:
            return
        self.conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(r["id"],) for r in rows])
        self._log_all(
            [
                self._event(table, int(r["id"]), kind, item_id, r, None)
                for r, item_id in zip(rows, item_ids, strict=True)
            ]
        )
