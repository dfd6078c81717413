"""Schema migrations (sqlite-utils Migrations): named, ordered, each in a transaction.

Never edit a migration that has shipped; add a new one and its name to db.MIGRATIONS.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kubefollow.store.schema import (
    BUSY_TIMEOUT_MS,
    MIGRATION_SET,
    MIGRATIONS,
    write_transaction,
)

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Any) -> None:
    db.executescript(
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            date TEXT,
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: ids are never reused
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            url TEXT,
            homepage TEXT,
            category TEXT,
            theme TEXT NOT NULL,
            themes TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'doing', 'done', 'dropped')),
            action TEXT CHECK (action IN ('adopt', 'evaluate', 'watch', 'read')),
            quote TEXT,
            edited TEXT NOT NULL DEFAULT '[]',  -- fields the user set; ingest leaves them be
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE item_keys (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            item_id INTEGER NOT NULL REFERENCES items(id)
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id INTEGER NOT NULL REFERENCES items(id),
            post_id INTEGER NOT NULL REFERENCES posts(id),
            position INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            url TEXT,
            theme TEXT,
            themes TEXT NOT NULL DEFAULT '[]',
            action TEXT
        );
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id INTEGER NOT NULL REFERENCES items(id),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE commands (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            undone_at TEXT
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command_id INTEGER NOT NULL REFERENCES commands(id),
            tbl TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            item_id INTEGER,
            kind TEXT NOT NULL,
            field TEXT,
            old TEXT,
            new TEXT,
            before TEXT,
            after TEXT
        );
        CREATE INDEX items_status ON items(status);
        CREATE INDEX items_theme ON items(theme);
        CREATE INDEX items_name_key ON items(name_key);
        CREATE INDEX item_keys_item ON item_keys(item_id);
        CREATE INDEX mentions_item ON mentions(item_id);
        CREATE INDEX mentions_post ON mentions(post_id);
        CREATE INDEX notes_item ON notes(item_id);
        CREATE INDEX events_command ON events(command_id);
        CREATE INDEX events_item ON events(item_id);
        """
    )


@migrations()
def m002_search(db: Any) -> None:
    """Full-text search over item names, quoted sentences and notes, kept by triggers."""
    db["items"].enable_fts(["name"], create_triggers=True, tokenize="unicode61")
    db["mentions"].enable_fts(["sentence"], create_triggers=True, tokenize="unicode61")
    db["notes"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")


@migrations()
def m003_search_in_bulk(db: Any) -> None:
    """The search index catches up in bulk (see search_index) instead of row by row."""
    db.execute("CREATE TABLE search_marks (tbl TEXT PRIMARY KEY, upto INTEGER NOT NULL)")
    for table, column in {"items": "name", "mentions": "sentence", "notes": "text"}.items():
        for suffix in ("ai", "ad", "au"):
            db.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
        # Every row so far was indexed by the old triggers.
        db.execute(
            f"INSERT INTO search_marks (tbl, upto) SELECT ?, coalesce(max(id), 0) FROM {table}",
            [table],
        )
        for statement in _marked_index_triggers(table, column):
            db.execute(statement)


@migrations()
def m004_item_creation_in_history(db: Any) -> None:
    """Item inserts were logged without their item id, so `history ITEM` missed the item's
    creation (and undo of a deletion has nothing to show). Give them their own id."""
    db.execute("UPDATE events SET item_id = row_id WHERE tbl = 'items' AND item_id IS NULL")


@migrations()
def m005_reviewed(db: Any) -> None:
    """Items an ingest adds wait for review (reviewed = 0); what the store already holds,
    and items added by hand or imported, count as reviewed."""
    db.execute("ALTER TABLE items ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX items_unreviewed ON items(id) WHERE reviewed = 0")


@migrations()
def m006_merges(db: Any) -> None:
    """An item merged into another: its id and name keep pointing to the survivor."""
    db.executescript(
        """
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id INTEGER NOT NULL UNIQUE,  -- the absorbed item (gone from items)
            into_id INTEGER NOT NULL,  -- the survivor
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX merges_into ON merges(into_id);
        CREATE INDEX merges_name_key ON merges(name_key);
        """
    )


@migrations()
def m007_done_at(db: Any) -> None:
    """When an item was last marked done (None unless it is done), kept on the item rather
    than only in history; backfilled from the change log."""
    db.execute("ALTER TABLE items ADD COLUMN done_at TEXT")
    db.execute(
        """
        UPDATE items SET done_at = (
            SELECT c.at FROM events e JOIN commands c ON c.id = e.command_id
            WHERE e.tbl = 'items' AND e.row_id = items.id AND e.field = 'status'
              AND e.new = 'done' AND c.undone_at IS NULL
            ORDER BY e.id DESC LIMIT 1)
        WHERE status = 'done'
        """
    )
    db.execute("UPDATE items SET done_at = updated_at WHERE status = 'done' AND done_at IS NULL")


@migrations()
def m008_other_is_no_secondary_theme(db: Any) -> None:
    """`other` was listed among an item's secondary themes; it is only ever a primary."""
    import json

    rows = db.execute("SELECT id, theme, themes FROM items WHERE instr(themes, '\"other\"')")
    for item_id, theme, themes in rows.fetchall():
        kept = [t for t in json.loads(themes) if t != "other" or t == theme]
        db.execute("UPDATE items SET themes = ? WHERE id = ?", [json.dumps(kept), item_id])


@migrations()
def m009_themes(db: Any) -> None:
    """The themes an ingest filed items under from its own --themes file: known to every
    later command (list --theme, edit --theme, themes) without that file."""
    db.execute(
        "CREATE TABLE themes (slug TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " keywords TEXT NOT NULL DEFAULT '[]')"
    )


@migrations()
def m010_posts_by_content(db: Any) -> None:
    """A post is found by its content too (the same post at a second path), at every
    ingest of a new file: an index, not a scan of every post."""
    db.execute("CREATE INDEX posts_content_hash ON posts(content_hash)")


@migrations()
def m011_no_theme_index(db: Any) -> None:
    """No index on items.theme. A post's new items are filed under many themes, and each
    theme's entries end on a leaf of their own: every post an ingest commits rewrote some
    six of its ~39 pages for this index alone, a tenth of the write's time (1,000 posts of
    10 items: 0.08-0.1 s CPU of 0.8). The reads by theme gained nothing from it: on 10,000
    items counting by theme and status, sorting by theme and the review queue of a theme
    took 5.2, 34 and 16 ms with it and 3.8, 37 and 12 ms without (a scan, or the index of
    the items waiting for review)."""
    db.execute("DROP INDEX IF EXISTS items_theme")


def _marked_index_triggers(table: str, column: str) -> list[str]:
    """Triggers that keep the index entries of rows at or below the mark."""
    fts = f"{table}_fts"
    indexed = f"(SELECT upto FROM search_marks WHERE tbl = '{table}')"
    delete = f"INSERT INTO {fts} ({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column})"
    insert = f"INSERT INTO {fts} (rowid, {column}) VALUES (new.id, new.{column})"
    return [
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table}"
        f" WHEN new.id <= {indexed} BEGIN {insert}; END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table}"
        f" WHEN old.id <= {indexed} BEGIN {delete}; END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {column} ON {table}"
        f" WHEN old.id <= {indexed} BEGIN {delete}; {insert}; END",
    ]


assert tuple(m.name for m in migrations._migrations) == MIGRATIONS, "db.MIGRATIONS out of date"


def apply_migrations(conn: sqlite3.Connection) -> None:
    """Bring the store to the current schema.

    Inside one BEGIN IMMEDIATE, so two processes opening a new store at once do not both
    migrate it; sqlite-utils runs each migration in a savepoint within it.
    """
    db = Database(conn, execute_plugins=False)
    with write_transaction(conn):
        migrations.apply(db)
    use_wal(conn)


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch the store to WAL mode. The switch needs the store to itself and SQLite does
    not wait for that (no busy handler): a process opening the store at the same moment
    makes it fail with "database is locked". So retry, for as long as a write would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)
