"""Schema migrations: named, ordered, all pending ones applied in one transaction.

Never change what a shipped migration does; add a new one and its name to schema.MIGRATIONS.
Plain sqlite3, recorded in the `_sqlite_migrations` table that sqlite-utils' Migrations
kept (the same table, rows and names, so stores it migrated carry on): importing
sqlite-utils cost every new store a twentieth of a second.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable

from kubefollow.store.schema import (
    BUSY_TIMEOUT_MS,
    MIGRATION_SET,
    MIGRATIONS,
    applied_migrations,
    write_transaction,
)

Migration = Callable[[sqlite3.Connection], None]
_migrations: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register fn as the next migration, under its function's name."""
    _migrations.append(fn)
    return fn


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """A script's statements one by one: executescript would commit the transaction the
    migrations run in. Each statement's text (comments included) is kept as written, as
    sqlite_master records it."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    assert not statement.strip(), f"incomplete statement: {statement}"


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    _run_script(
        db,
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
        """,
    )


@migration
def m002_search(db: sqlite3.Connection) -> None:
    """Full-text search over item names, quoted sentences and notes, kept by triggers."""
    for table, column in {"items": "name", "mentions": "sentence", "notes": "text"}.items():
        for statement in _fts_with_triggers(table, column):
            db.execute(statement)


def _fts_with_triggers(table: str, column: str) -> list[str]:
    """What sqlite-utils' enable_fts(create_triggers=True, tokenize="unicode61") ran, as it
    wrote it (sqlite_master keeps the text): an FTS5 index of the table's rows so far and
    the triggers that keep it."""
    fts = f'"{table}_fts"'
    insert = f'INSERT INTO {fts} (rowid, "{column}") VALUES (new.rowid, new."{column}");'
    delete = (
        f'INSERT INTO {fts} ({fts}, rowid, "{column}")'
        f" VALUES('delete', old.rowid, old.\"{column}\");"
    )
    on = f'ON "{table}" BEGIN'
    return [
        f'CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    "{column}",\n'
        f"    tokenize='unicode61',\n    content=\"{table}\"\n)",
        f'INSERT INTO {fts} (rowid, "{column}")\n    SELECT rowid, "{column}" FROM "{table}";',
        f'CREATE TRIGGER "{table}_ai" AFTER INSERT {on}\n  {insert}\nEND;',
        f'CREATE TRIGGER "{table}_ad" AFTER DELETE {on}\n  {delete}\nEND;',
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE {on}\n  {delete}\n  {insert}\nEND;',
    ]


@migration
def m003_search_in_bulk(db: sqlite3.Connection) -> None:
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


@migration
def m004_item_creation_in_history(db: sqlite3.Connection) -> None:
    """Item inserts were logged without their item id, so `history ITEM` missed the item's
    creation (and undo of a deletion has nothing to show). Give them their own id."""
    db.execute("UPDATE events SET item_id = row_id WHERE tbl = 'items' AND item_id IS NULL")


@migration
def m005_reviewed(db: sqlite3.Connection) -> None:
    """Items an ingest adds wait for review (reviewed = 0); what the store already holds,
    and items added by hand or imported, count as reviewed."""
    db.execute("ALTER TABLE items ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX items_unreviewed ON items(id) WHERE reviewed = 0")


@migration
def m006_merges(db: sqlite3.Connection) -> None:
    """An item merged into another: its id and name keep pointing to the survivor."""
    _run_script(
        db,
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
        """,
    )


@migration
def m007_done_at(db: sqlite3.Connection) -> None:
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


@migration
def m008_other_is_no_secondary_theme(db: sqlite3.Connection) -> None:
    """`other` was listed among an item's secondary themes; it is only ever a primary."""
    import json

    rows = db.execute("SELECT id, theme, themes FROM items WHERE instr(themes, '\"other\"')")
    for item_id, theme, themes in rows.fetchall():
        kept = [t for t in json.loads(themes) if t != "other" or t == theme]
        db.execute("UPDATE items SET themes = ? WHERE id = ?", [json.dumps(kept), item_id])


@migration
def m009_themes(db: sqlite3.Connection) -> None:
    """The themes an ingest filed items under from its own --themes file: known to every
    later command (list --theme, edit --theme, themes) without that file."""
    db.execute(
        "CREATE TABLE themes (slug TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " keywords TEXT NOT NULL DEFAULT '[]')"
    )


@migration
def m010_posts_by_content(db: sqlite3.Connection) -> None:
    """A post is found by its content too (the same post at a second path), at every
    ingest of a new file: an index, not a scan of every post."""
    db.execute("CREATE INDEX posts_content_hash ON posts(content_hash)")


@migration
def m011_no_theme_index(db: sqlite3.Connection) -> None:
    """No index on items.theme. A post's new items are filed under many themes, and each
    theme's entries end on a leaf of their own: every post an ingest commits rewrote some
    six of its ~39 pages for this index alone, a tenth of the write's time (1,000 posts of
    10 items: 0.08-0.1 s CPU of 0.8). The reads by theme gained nothing from it: on 10,000
    items counting by theme and status, sorting by theme and the review queue of a theme
    took 5.2, 34 and 16 ms with it and 3.8, 37 and 12 ms without (a scan, or the index of
    the items waiting for review)."""
    db.execute("DROP INDEX IF EXISTS items_theme")


@migration
def m012_reinserted_rows_indexed_by_code(db: sqlite3.Connection) -> None:
    """No insert triggers on the indexed tables. Only a row inserted with an id at or below
    the search mark needs indexing at once (undo bringing a deleted row back, an import
    giving an item its old id), and the code that inserts with an id does that itself
    (search_index.index_reinserted). The triggers' condition was evaluated for every row
    an ingest inserts: 0.03-0.05 s CPU per 1,000 posts."""
    for table in ("items", "mentions", "notes"):
        db.execute(f"DROP TRIGGER IF EXISTS {table}_ai")


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


assert tuple(m.__name__ for m in _migrations) == MIGRATIONS, "schema.MIGRATIONS out of date"

MIGRATIONS_TABLE = (
    'CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n'
    '   "migration_set" TEXT,\n   "name" TEXT,\n   "applied_at" TEXT\n)'
)
MIGRATIONS_INDEX = (
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n'
    '    ON "_sqlite_migrations" ("migration_set", "name")'
)


def apply_migrations(conn: sqlite3.Connection) -> None:
    """Switch the store to WAL mode, then bring it to the current schema.

    All migrations in one BEGIN IMMEDIATE: two processes opening a new store at once do
    not both migrate it, and a migration that fails leaves the store as it was. WAL first:
    a new store's migrations then commit without the rollback journal's three syncs.
    """
    use_wal(conn)
    migrate(conn)


def migrate(conn: sqlite3.Connection, stop_before: str | None = None) -> None:
    """Apply the pending migrations (those before stop_before, if given) in one
    transaction, each recorded as sqlite-utils' Migrations recorded it."""
    with write_transaction(conn):
        applied = set(applied_migrations(conn))
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone():
            conn.execute(MIGRATIONS_TABLE)
            conn.execute(MIGRATIONS_INDEX)
        for fn in _migrations:
            if fn.__name__ == stop_before:
                break
            if fn.__name__ in applied:
                continue
            fn(conn)
            conn.execute(
                'INSERT INTO "_sqlite_migrations" ("applied_at", "migration_set", "name")'
                " VALUES (?, ?, ?)",
                (str(dt.datetime.now(dt.UTC)), MIGRATION_SET, fn.__name__),
            )


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
