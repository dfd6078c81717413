"""`kubefollow merge ITEM INTO`: the survivor absorbs links, keys, mentions, notes and
history; the absorbed id and name lead to it; a later ingest lands on it; one undo step."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

from kubefollow.core import ingest as ingest_core
from kubefollow.core import reading, tracker, triage
from kubefollow.core.history import history
from kubefollow.errors import KubefollowError

POST = """---
title: Two links, one project
date: 2025-04-10
---

## Batch

- We will adopt [Mbtalpha](https://github.com/mbt-alpha/mbtalpha) for our jobs.
- Read the [Alphadocs](https://alphadocs.dev/) too.
"""


def rows(db: Path, table: str) -> list[dict[str, Any]]:
    """A table's rows, less items' updated_at: bookkeeping undo deliberately leaves (it
    moves when a command runs in a later second than the one before)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        out = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
    finally:
        conn.close()
    for row in out:
        row.pop("updated_at", None)
    return out


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    db = tmp_path / "kf.db"
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    assert not ingest_core.ingest(db, [str(post)], jobs=0).failed
    ids = {r.name or "": r.id for r in reading.list_items(db, [], [], True)}
    assert len(ids) == 2, ids
    return db, post, ids


def test_merge_moves_everything_and_keeps_the_absorbed_id_pointing_to_the_survivor(
    two: tuple[Path, Path, dict[str, int]],
) -> None:
    db, _post, ids = two
    survivor, absorbed = ids["Mbtalpha"], next(i for n, i in ids.items() if n != "Mbtalpha")
    absorbed_name = next(n for n in ids if n != "Mbtalpha")
    tracker.note_item(db, str(absorbed), "read the guide first")
    done = triage.merge(db, str(absorbed), "mbtalpha")
    assert (done.absorbed_id, done.survivor_id) == (absorbed, survivor)
    assert done.moved == {"item_keys": 1, "mentions": 1, "notes": 1}
    assert [r.id for r in reading.list_items(db, [], [], True)] == [survivor]
    assert {r["item_id"] for t in ("item_keys", "mentions", "notes") for r in rows(db, t)} == {
        survivor
    }
    # The absorbed id and name resolve to the survivor; its history shows the absorbed one's.
    assert reading.show_item(db, str(absorbed)).item.id == survivor
    assert reading.show_item(db, absorbed_name).item.id == survivor
    events = history(db, str(survivor)).events_newest_first()
    assert any(e["tbl"] == "items" and e["kind"] == "ingest" and e["old"] is None for e in events)
    assert sum(1 for e in events if e["tbl"] == "items" and e["kind"] == "ingest") >= 2
    # A hand-made item never takes the absorbed id (AUTOINCREMENT).
    assert tracker.add_item(db, "Later", None, None, None) > absorbed


def test_a_later_ingest_of_the_absorbed_link_lands_on_the_survivor(
    two: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    db, _post, ids = two
    survivor = ids["Mbtalpha"]
    absorbed = next(i for n, i in ids.items() if n != "Mbtalpha")
    triage.merge(db, str(absorbed), str(survivor))
    other = tmp_path / "other.md"
    other.write_text(
        POST.replace("Two links, one project", "Another report").replace("adopt", "watch"),
        encoding="utf-8",
    )
    report = ingest_core.ingest(db, [str(other)], jobs=0)
    assert report.results[0].added == []
    assert [r.id for r in reading.list_items(db, [], [], True)] == [survivor]
    assert len([m for m in rows(db, "mentions") if m["item_id"] == survivor]) == 4


def test_one_undo_restores_exactly(two: tuple[Path, Path, dict[str, int]]) -> None:
    db, _post, ids = two
    tables = ("items", "item_keys", "mentions", "notes", "merges")
    tracker.note_item(db, "mbtalpha", "keep")
    before = {t: rows(db, t) for t in tables}
    triage.merge(db, "mbtalpha", str(max(ids.values())))
    tracker.undo(db)
    assert {t: rows(db, t) for t in tables} == before


def test_merge_into_itself_or_an_unknown_item_is_refused(
    two: tuple[Path, Path, dict[str, int]],
) -> None:
    db, _post, _ids = two
    with pytest.raises(KubefollowError, match="itself"):
        triage.merge(db, "mbtalpha", "Mbtalpha")
    with pytest.raises(KubefollowError):
        triage.merge(db, "mbtalpha", "999")


def test_cli_merge(invoke: Invoke, ingested: Any) -> None:
    result = invoke("merge", "kjob", "jobset")
    assert result.exit_code == 0, result.stderr
    assert "Merged #3 kjob into #2 JobSet" in result.stderr
    assert invoke("show", "3").stdout.startswith("#2 JobSet")
    assert "absorbed #3 kjob" in invoke("history", "jobset").stdout
    listed = json.loads(invoke("list", "--all", "-f", "json").stdout)
    assert 3 not in {r["id"] for r in listed}
    assert invoke("merge", "kjob", "jobset").exit_code == 2  # kjob is JobSet now
    assert invoke("undo").exit_code == 0
    assert invoke("show", "3").stdout.startswith("#3 kjob")
