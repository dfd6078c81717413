"""What every store module agrees on: the migrations this kubefollow knows, how long a
write waits for the lock, and the write transaction itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

MIGRATION_SET = "kubefollow"
# The names of kubefollow's migrations, in order; migrations.py registers one for each.
MIGRATIONS: tuple[str, ...] = (
    "m001_initial",
    "m002_search",
    "m003_search_in_bulk",
    "m004_item_creation_in_history",
    "m005_reviewed",
    "m006_merges",
    "m007_done_at",
    "m008_other_is_no_secondary_theme",
    "m009_themes",
    "m010_posts_by_content",
    "m011_no_theme_index",
    "m012_reinserted_rows_indexed_by_code",
)
BUSY_TIMEOUT_MS = 30_000
# Prepared statements a connection keeps (Python's default: 128). A write of many rows is
# one INSERT per row count (changes.py), each prepared once per run if it stays cached:
# up to 64 counts for each of events, items, item_keys and mentions, and the rest.
CACHED_STATEMENTS = 512
# Pages of write-ahead log between checkpoints in a bulk write (4 KiB pages: 40 MiB).
BULK_CHECKPOINT_PAGES = 10_000


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE takes the write lock up front, so a busy store makes us wait
    (busy_timeout) instead of failing when a deferred transaction tries to upgrade."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [r[0] for r in rows]
