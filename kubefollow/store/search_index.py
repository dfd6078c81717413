"""The full-text index behind `search`, kept up to date in bulk rather than row by row.

Each indexed table has an FTS5 table (`<table>_fts`, external content) and a mark in
`search_marks`: the index holds exactly the rows whose id is at most the mark. Triggers
(migration m003) keep those rows' index entries right as they change or go, and
`index_reinserted` indexes a row inserted again below the mark (m012); rows above the
mark (what an ingest just added) are indexed in one statement by `catch_up`, which `search`
runs first and `ingest` runs at its end. Indexing 10,000 mentions in one statement costs a
few milliseconds; through per-row triggers, committed post by post, it cost most of a
second.
"""

from __future__ import annotations

import sqlite3

# Table -> its indexed text column.
INDEXED = {"items": "name", "mentions": "sentence", "notes": "text"}


def is_behind(conn: sqlite3.Connection) -> bool:
    return any(_unindexed_from(conn, table) for table in INDEXED)


def catch_up(conn: sqlite3.Connection) -> int:
    """Index the rows above each mark and move the marks; inside the caller's write
    transaction. Returns how many rows were indexed."""
    indexed = 0
    for table, column in INDEXED.items():
        upto = _mark(conn, table)
        top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        if top is None or top <= upto:
            continue
        cur = conn.execute(
            f"INSERT INTO {table}_fts (rowid, {column})"
            f" SELECT id, {column} FROM {table} WHERE id > ?",
            (upto,),
        )
        indexed += max(cur.rowcount, 0)
        conn.execute("UPDATE search_marks SET upto = ? WHERE tbl = ?", (top, table))
    return indexed


def index_reinserted(conn: sqlite3.Connection, table: str, row_ids: list[int]) -> None:
    """Index rows just inserted with ids of their own (undo, import) that are at or below
    the mark; those above it are catch_up's. No trigger does this (migration m012)."""
    if table not in INDEXED or not row_ids:
        return
    upto = _mark(conn, table)
    below = [row_id for row_id in row_ids if row_id <= upto]
    if below:
        column = INDEXED[table]
        marks = ", ".join("?" * len(below))
        conn.execute(
            f"INSERT INTO {table}_fts (rowid, {column})"
            f" SELECT id, {column} FROM {table} WHERE id IN ({marks})",
            below,
        )


def _mark(conn: sqlite3.Connection, table: str) -> int:
    row = conn.execute("SELECT upto FROM search_marks WHERE tbl = ?", (table,)).fetchone()
    return int(row[0]) if row else 0


def _unindexed_from(conn: sqlite3.Connection, table: str) -> bool:
    row = conn.execute(
        f"SELECT 1 FROM {table} WHERE id > ? LIMIT 1", (_mark(conn, table),)
    ).fetchone()
    return row is not None
