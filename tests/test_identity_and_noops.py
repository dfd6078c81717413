"""One project, one item, however it is created or renamed (add, add --url, edit --name,
edit --url); and a command that changes nothing leaves nothing behind (no history, no
undo step, no field locked against later ingests)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import BUNDLED, cli, fails_cleanly, items_by_name, ok, sql


def commands(db: Path) -> int:
    return int(sql(db, "SELECT count(*) FROM commands")[0][0])


def test_add_refuses_a_project_the_store_holds_by_name(bundled_store: Path) -> None:
    result = fails_cleanly(cli("add", "kueue", db=bundled_store))
    assert "already #1 Kueue" in result.stderr and "--force" in result.stderr
    assert len(items_by_name(bundled_store)) == 12


def test_add_refuses_a_link_to_a_project_the_store_holds(bundled_store: Path) -> None:
    # Ingest filed the project under the catalog: its homepage and its repository are it.
    for url in ("https://kueue.sigs.k8s.io/", "https://github.com/kubernetes-sigs/kueue"):
        result = fails_cleanly(cli("add", "Something", "--url", url, db=bundled_store))
        assert "#1 Kueue" in result.stderr
    assert commands(bundled_store) == 1


def test_add_force_keeps_a_second_item(bundled_store: Path) -> None:
    ok(cli("add", "Kueue", "--force", db=bundled_store))
    assert [r[0] for r in sql(bundled_store, "SELECT name FROM items WHERE name = 'Kueue'")] == [
        "Kueue",
        "Kueue",
    ]


def test_an_added_catalog_project_is_the_item_a_later_ingest_finds(db: Path) -> None:
    ok(cli("add", "Kueue", "--theme", "batch", db=db))
    ok(cli("done", "Kueue", db=db))
    ok(cli("ingest", str(BUNDLED), db=db))
    rows = sql(db, "SELECT id, status FROM items WHERE name_key = 'kueue'")
    assert rows == [(1, "done")]


def test_edit_name_refuses_another_items_name(bundled_store: Path) -> None:
    result = fails_cleanly(cli("edit", "kjob", "--name", "KUEUE", db=bundled_store))
    assert "#1 Kueue" in result.stderr
    assert "kjob" in items_by_name(bundled_store)
    ok(cli("edit", "kjob", "--name", "Kueue", "--force", db=bundled_store))


def test_edit_name_to_its_own_name_in_another_case_is_allowed(bundled_store: Path) -> None:
    ok(cli("edit", "kjob", "--name", "KJob", db=bundled_store))
    assert "KJob" in items_by_name(bundled_store)


def test_a_status_change_that_changes_nothing_is_not_recorded(bundled_store: Path) -> None:
    ok(cli("done", "1", db=bundled_store))
    before = commands(bundled_store)
    result = ok(cli("done", "1", db=bundled_store))
    assert "already done" in result.stderr
    assert commands(bundled_store) == before
    ok(cli("undo", db=bundled_store))  # undoes the real `done`, not the no-op
    assert items_by_name(bundled_store)["Kueue"]["status"] == "todo"


def test_a_no_op_edit_is_not_recorded_nor_locks_the_field(bundled_store: Path) -> None:
    (action,) = sql(bundled_store, "SELECT action FROM items WHERE id = 8")[0]
    before = commands(bundled_store)
    result = ok(cli("edit", "8", "--action", action, db=bundled_store))
    assert "nothing changed" in result.stderr
    assert commands(bundled_store) == before
    edited = json.loads(sql(bundled_store, "SELECT edited FROM items WHERE id = 8")[0][0])
    assert "action" not in edited


def test_messages_say_none_not_python_none(bundled_store: Path) -> None:
    result = ok(cli("edit", "1", "--action", "adopt", db=bundled_store))
    assert "action: none -> adopt" in result.stderr
    history = ok(cli("history", "1", db=bundled_store)).stdout
    assert "None" not in history
