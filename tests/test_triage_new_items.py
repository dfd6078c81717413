"""New items wait for review: the `reviewed` flag, `list --new`, the new-marker, `status`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import BUNDLED, Invoke

Items = Callable[..., list[dict[str, Any]]]


def test_ingested_items_are_new_and_hand_made_ones_are_not(
    invoke: Invoke, ingested: Any, items: Items
) -> None:
    assert {r["reviewed"] for r in items()} == {False}
    assert invoke("add", "Kyverno", "--url", "https://kyverno.io").exit_code == 0
    by_name = {r["name"]: r for r in items()}
    assert by_name["Kyverno"]["reviewed"] is True
    new = items("--new")
    assert len(new) == 12 and "Kyverno" not in {r["name"] for r in new}


def test_list_new_shows_new_items_whatever_their_status(
    invoke: Invoke, ingested: Any, db: Path
) -> None:
    from kubefollow.core import tracker

    tracker.change_status(db, ["kueue"], "done")  # the core leaves it new unless asked
    listed = json.loads(invoke("list", "--new", "--format", "json").stdout)
    assert len(listed) == 12 and listed[0]["status"] == "done"
    only_todo = json.loads(invoke("list", "--new", "--status", "todo", "-f", "json").stdout)
    assert len(only_todo) == 11


def test_ticking_an_item_off_reviews_it(invoke: Invoke, ingested: Any, items: Items) -> None:
    """done, start, reopen and drop are decisions about an item: it stops waiting."""
    for verb, name in (("done", "kueue"), ("start", "jobset"), ("drop", "edera")):
        assert invoke(verb, name).exit_code == 0
    by_name = {r["name"]: r for r in items()}
    assert [by_name[n]["reviewed"] for n in ("Kueue", "JobSet", "Edera", "kjob")] == [
        True, True, True, False,
    ]  # fmt: skip
    assert invoke("undo").exit_code == 0  # one step: the status and the flag together
    edera = {r["name"]: r for r in items()}["Edera"]
    assert (edera["status"], edera["reviewed"]) == ("todo", False)


def test_list_table_marks_new_items(invoke: Invoke, ingested: Any, db: Path) -> None:
    table = invoke("list").stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "New", "Project"]
    assert table[1].split()[:3] == ["1", "•", "Kueue"]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE items SET reviewed = 1 WHERE id > 1")
    conn.close()
    table = invoke("list").stdout.splitlines()
    assert table[2].split()[:2] == ["2", "JobSet"]  # no dot for a reviewed item
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE items SET reviewed = 1")
    conn.close()
    assert invoke("list").stdout.splitlines()[0].split()[:2] == ["ID", "Project"]
    assert invoke("list", "--new").stderr.strip() == "No new items."


def test_status_counts_what_waits_for_review(invoke: Invoke, ingested: Any) -> None:
    result = invoke("status")
    assert "12 new items wait for review" in result.stderr  # a message, not data
    assert "review" not in result.stdout


def test_show_says_an_item_is_new(invoke: Invoke, ingested: Any) -> None:
    assert "not reviewed yet" in invoke("show", "kueue").stdout
    shown = json.loads(invoke("show", "kueue", "--format", "json").stdout)
    assert shown["reviewed"] is False


def test_migration_counts_existing_items_as_reviewed(tmp_path: Path, invoke: Invoke) -> None:
    from kubefollow.core import reading
    from kubefollow.store.migrations import migrate

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    migrate(conn, stop_before="m005_reviewed")
    conn.execute(
        "INSERT INTO items (name, name_key, theme, created_at, updated_at)"
        " VALUES ('Old', 'old', 'other', 'then', 'then')"
    )
    conn.commit()
    conn.close()
    rows = reading.list_items(old, [], [], True)
    assert [(r.name, r.reviewed) for r in rows] == [("Old", 1)]


def test_an_export_without_the_flag_imports_as_reviewed(
    invoke: Invoke, ingested: Any, tmp_path: Path, items: Items
) -> None:
    exported = json.loads(invoke("export", "--format", "json").stdout)
    assert {i["reviewed"] for i in exported["items"]} == {False}
    for item in exported["items"]:
        del item["reviewed"]
    backup = tmp_path / "old-backup.json"
    backup.write_text(json.dumps(exported), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert invoke("--db", str(fresh), "import", str(backup)).exit_code == 0
    listed = json.loads(invoke("--db", str(fresh), "list", "-f", "json").stdout)
    assert {r["reviewed"] for r in listed} == {True}


def test_the_bundled_post_again_adds_nothing_new(invoke: Invoke, ingested: Any) -> None:
    assert invoke("ingest", str(BUNDLED)).exit_code == 0
    assert len(json.loads(invoke("list", "--new", "-f", "json").stdout)) == 12
