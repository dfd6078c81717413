"""The Store: opened with plain sqlite3 (no sqlite-utils on the read path), its schema
version checked against the migrations this kubefollow knows, migrated when behind."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubefollow.errors import StoreError
from kubefollow.store.schema import (
    BULK_CHECKPOINT_PAGES,
    BUSY_TIMEOUT_MS,
    CACHED_STATEMENTS,
    MIGRATIONS,
    applied_migrations,
    write_transaction,
)

if TYPE_CHECKING:
    from kubefollow.store.changes import Changes


def connect(path: Path, *, create: bool) -> sqlite3.Connection | None:
    """A connection to the store, or None if it does not exist and create is False."""
    if not path.exists():
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from None
    elif path.is_dir():
        raise StoreError(f"{path} is a directory, not a kubefollow store")
    try:
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            cached_statements=CACHED_STATEMENTS,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        conn.row_factory = sqlite3.Row
        # Reading the header first: a file that is not SQLite fails here, untouched.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # In WAL mode NORMAL never corrupts the store and survives a process crash (kill -9);
        # only a power cut can lose the last commits. It saves an fsync per transaction.
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a kubefollow store ({exc})") from None
    return conn


def schema_state(conn: sqlite3.Connection, path: Path) -> str:
    """ "current", or "behind" (migrations to apply); refuses a store from a newer kubefollow."""
    # One read transaction: another process may be creating the store meanwhile, and two
    # separate reads could see its tables without its record of the migrations.
    conn.execute("BEGIN")
    try:
        return _schema_state(conn, path)
    finally:
        conn.execute("COMMIT")


def _schema_state(conn: sqlite3.Connection, path: Path) -> str:
    applied = applied_migrations(conn)
    unknown = [name for name in applied if name not in MIGRATIONS]
    if unknown:
        raise StoreError(
            f"{path} was written by a newer kubefollow (schema {unknown[-1]}); "
            "upgrade kubefollow to use it. The store was left untouched."
        )
    if not applied:
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            raise StoreError(f"{path} is an SQLite database but not a kubefollow store")
    return "current" if len(applied) == len(MIGRATIONS) else "behind"


class Store:
    """The store, owning its connection: open it, run transactions, close it.

    Used as a context manager it closes the connection at the end and turns any sqlite3
    error raised inside into StoreError: the one place where SQLite's errors become the
    core's (the CLI catches only KubefollowError)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path, *, bulk: bool = False) -> Store:
        """The store for writing: created and migrated as needed. bulk: for a run of many
        small transactions (an ingest commits post by post), checkpointed less often."""
        conn = connect(path, create=True)
        assert conn is not None
        if bulk:
            # SQLite copies the write-ahead log into the database (and syncs it) once the
            # log holds wal_autocheckpoint pages: by default 1,000, every 25 posts or so,
            # copying the same hot pages (indexes, the last leaf of each table) again and
            # again. Less often, each is copied fewer times; the log is emptied at close.
            conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        return cls(_migrated(conn, path), path)

    @classmethod
    def open_for_reading(cls, path: Path) -> Store | None:
        """The store for reading, or None if there is none yet (reading never creates one,
        nor turns an existing empty file into one)."""
        if path.is_file() and path.stat().st_size == 0:
            return None
        conn = connect(path, create=False)
        return None if conn is None else cls(_migrated(conn, path), path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolled back on any error."""
        with write_transaction(self.conn) as conn:
            yield conn

    @contextmanager
    def command(
        self, name: str, summary: str = "", command_id: int | None = None
    ) -> Iterator[Changes]:
        """One user command's writes: a transaction whose changes are recorded (for history
        and undo) under one command."""
        from kubefollow.store.changes import Changes

        with self.transaction():
            changes = Changes(self.conn, name, summary, command_id=command_id)
            yield changes
            if command_id is None and changes.count == 0:
                # A command that changed nothing (a no-op edit, done on a done item) leaves
                # no trace: nothing in history, nothing for undo to revert.
                self.conn.execute("DELETE FROM commands WHERE id = ?", (changes.command_id,))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"store {self.path}: {exc}") from None


def _migrated(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """The connection, its store brought to the current schema (closed if that fails)."""
    try:
        try:
            behind = schema_state(conn, path) == "behind"
        except sqlite3.Error as exc:
            raise StoreError(f"store {path}: {exc}") from None
        if behind:
            from kubefollow.store.migrations import apply_migrations

            try:
                apply_migrations(conn)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot update {path}: {exc}") from None
    except BaseException:
        conn.close()
        raise
    return conn
