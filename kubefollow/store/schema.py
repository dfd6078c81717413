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
)
BUSY_TIMEOUT_MS = 30_000
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
