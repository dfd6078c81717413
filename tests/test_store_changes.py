"""The change log's writer (store/changes.py) writes many rows per statement, logs
inserted rows by one statement that has SQLite make their images, and, in a batched block,
holds the other events to write them in one statement: the rows, their ids and the log
must be exactly what one statement per row wrote."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kubefollow.store import changes as changes_module
from kubefollow.store.changes import Changes
from kubefollow.store.connection import Store


def _item(n: int) -> dict[str, Any]:
    return {
        "name": f"Proj{n:04d}",
        "name_key": f"proj{n:04d}",
        "url": None if n % 3 else f"https://proj{n}.example.dev/",
        "theme": ("batch", "storage", "other")[n % 3],
        "themes": json.dumps(["batch", 'naïve "q"'][: n % 2 + 1]),
        "created_at": "T",
        "updated_at": "T",
    }


def _events(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM events ORDER BY id").fetchall()


def _write(changes: Changes, count: int) -> list[int]:
    """Items, their keys, an update and a deletion: every kind of logged write."""
    rows = [_item(n) for n in range(count)]
    ids = changes.insert_many("items", rows, "ingest", [None] * count)
    keys = [{"key": f"url:{n}", "item_id": i} for n, i in enumerate(ids)]
    changes.insert_many("item_keys", keys, "ingest", ids)
    changes.update("items", ids[0], {"quote": "said"}, "ingest", ids[0])
    changes.delete("item_keys", 1, "ingest", ids[0])
    return ids


def test_many_rows_keep_their_order_ids_and_images_past_one_statement(tmp_path: Path) -> None:
    """150 rows: three INSERTs of at most 64 rows, each at most 999 values (SQLite's limit
    before 3.32, set here so that a longer statement fails). A VALUES list of many rows is
    no compound SELECT (whose length SQLite limits, here to 2)."""
    with Store.open(tmp_path / "s.db") as store:
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 2)
        with store.command("test") as changes:
            rows = [_item(n) for n in range(150)]
            ids = changes.insert_many("items", rows, "ingest", [None] * 150)
        stored = store.conn.execute("SELECT id, name FROM items ORDER BY id").fetchall()
    assert ids == list(range(1, 151))
    assert [(r[0], r[1]) for r in stored] == [
        (i, r["name"]) for i, r in zip(ids, rows, strict=True)
    ]
    logged = [(e[3], json.loads(e[10])) for e in _events(tmp_path / "s.db")]
    assert logged == [(i, {"id": i, **r}) for i, r in zip(ids, rows, strict=True)]
    # the images SQLite made keep each value's type and the columns' order
    assert [list(image) for _, image in logged[:1]] == [["id", *rows[0]]]


def test_no_statement_binds_more_than_999_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of 7 values, up to 1,000 rows a statement: runs of 142 rows, not 150."""
    monkeypatch.setattr(changes_module, "MAX_ROWS", 1000)
    with Store.open(tmp_path / "s.db") as store:
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        with store.command("test") as changes:
            ids = changes.insert_many(
                "items", [_item(n) for n in range(150)], "ingest", [None] * 150
            )
    assert ids == list(range(1, 151))


@pytest.mark.parametrize("count", [1, 10, 64, 65, 150])
def test_a_batched_log_is_the_log_written_write_by_write(tmp_path: Path, count: int) -> None:
    logs = []
    for batched in (False, True):
        db = tmp_path / f"{batched}.db"
        with Store.open(db) as store, store.command("test") as changes:
            if batched:
                with changes.batched():
                    _write(changes, count)
                    assert changes.count == 2 * count + 2
                    written = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
                    assert written == 2 * count  # the inserts'; the update and delete held
            else:
                _write(changes, count)
        logs.append(_events(db))
    assert logs[0] == logs[1]
    assert len(logs[1]) == 2 * count + 2


def test_a_batched_block_that_logs_nothing_writes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store, store.transaction():
        changes = Changes(store.conn, "test")
        with changes.batched():
            pass
        assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_a_batched_block_that_fails_logs_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store, store.transaction():
        changes = Changes(store.conn, "test")
        with pytest.raises(RuntimeError), changes.batched():
            _write(changes, 3)
            raise RuntimeError("in flight")
        # the inserts were logged as made; the held update and delete never are
        assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 6
        changes.update("items", 1, {"quote": "again"}, "ingest", 1)  # logged at once again
        assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 7


def test_rows_logged_by_sqlite_or_by_python_have_the_same_images(tmp_path: Path) -> None:
    """A row inserted with its own id (an import) is logged by Python; the others by
    SQLite: the two images of the same row read the same."""
    with Store.open(tmp_path / "s.db") as store, store.command("test") as changes:
        made = changes.insert("items", _item(1), "ingest")
        given = changes.insert("items", {"id": 50, **_item(1)}, "import")
    images = [json.loads(e[10]) for e in _events(tmp_path / "s.db")]
    assert (made, given) == (1, 50)
    assert images == [{"id": 1, **_item(1)}, {"id": 50, **_item(1)}]
