"""done, start, reopen and drop: items named by id, name or prefix; all or nothing; an
unknown or ambiguous item refused cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers import (
    assert_no_traceback,
    cli,
    error_lines,
    fails_cleanly,
    items_by_name,
    listed,
    snapshot,
    status_of,
    stderr_lines,
)
from typer.testing import Result

STATUS_COMMANDS = {"done": "done", "start": "doing", "reopen": "todo", "drop": "dropped"}


@pytest.mark.parametrize("command", list(STATUS_COMMANDS))
@pytest.mark.parametrize("ref", ["10", "Karpenter", "kARPENTER", "karp"])
def test_status_command(invoke: Invoke, ingested: Result, command: str, ref: str) -> None:
    if command == "reopen":  # needs an item that is not todo
        assert invoke("done", "10").exit_code == 0
    before = {r["name"]: r["status"] for r in listed()}
    result = invoke(command, ref)
    assert result.exit_code == 0, result.stderr
    assert "#10 Karpenter" in result.stderr
    assert f"-> {STATUS_COMMANDS[command]}" in result.stderr
    after = {r["name"]: r["status"] for r in listed()}
    assert after["Karpenter"] == STATUS_COMMANDS[command]
    assert {k: v for k, v in after.items() if k != "Karpenter"} == {
        k: v for k, v in before.items() if k != "Karpenter"
    }


def test_status_command_again_is_a_no_op(invoke: Invoke, ingested: Result) -> None:
    assert invoke("done", "kueue").exit_code == 0
    again = invoke("done", "kueue")
    assert again.exit_code == 0
    assert "already done" in again.stderr
    assert status_of("Kueue") == "done"


def test_ambiguous_prefix(invoke: Invoke, ingested: Result) -> None:
    result = invoke("done", "multi")
    fails_cleanly(result, 1)
    assert "Multi-Cluster Orchestrator" in result.stderr
    assert "multicluster-runtime" in result.stderr
    assert status_of("Multi-Cluster Orchestrator") == "todo"
    assert status_of("multicluster-runtime") == "todo"


def test_unknown_item(invoke: Invoke, ingested: Result) -> None:
    before = listed()
    for ref in ("zzz-nothing", "999"):
        result = invoke("done", ref)
        fails_cleanly(result, 1)
        assert len(stderr_lines(result)) == 1
        assert ref in result.stderr
        assert result.stdout == ""
    assert listed() == before


def test_unknown_item_among_known_changes_nothing(invoke: Invoke, ingested: Result) -> None:
    result = invoke("done", "kueue", "zzz-nothing")
    fails_cleanly(result, 1)
    assert status_of("Kueue") == "todo"


def test_done_without_item_and_no_terminal(invoke: Invoke, ingested: Result) -> None:
    before = listed()
    result = invoke("done", input="1\n")
    fails_cleanly(result, 2)
    assert "name the items" in result.stderr
    assert listed() == before


def test_status_change_with_an_unknown_item_changes_nothing(bundled_store: Path) -> None:
    before = snapshot(bundled_store)
    result = cli("done", "1", "no-such-project", db=bundled_store)
    assert result.exit_code != 0
    assert_no_traceback(result)
    assert len(error_lines(result)) == 1 and "no-such-project" in error_lines(result)[0]
    assert snapshot(bundled_store) == before
    assert items_by_name(bundled_store)["Kueue"]["status"] == "todo"


def test_failure_after_the_first_write_rolls_back_the_whole_command(
    bundled_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kubefollow.store.writes

    real = kubefollow.store.writes.set_status
    calls = []

    def failing(conn: sqlite3.Connection, item_id: int, status: str, changes: Any) -> Any:
        calls.append(item_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return real(conn, item_id, status, changes)

    before = snapshot(bundled_store)
    with monkeypatch.context() as patched:
        patched.setattr(kubefollow.store.writes, "set_status", failing)
        result = cli("done", "1", "2", db=bundled_store)
    assert len(calls) == 2
    assert result.exit_code == 1
    assert_no_traceback(result)
    assert len(error_lines(result)) == 1
    assert snapshot(bundled_store) == before


# --- the core, without the CLI -------------------------------------------------------------


def test_core_status_change_is_all_or_nothing(core_store: Path) -> None:
    from kubefollow.core import tracker, transfer
    from kubefollow.core.history import history
    from kubefollow.errors import ItemNotFound

    before = transfer.export_all(core_store)
    history_before = history(core_store).commands
    with pytest.raises(ItemNotFound, match="no-such-project"):
        tracker.change_status(core_store, ["kueue", "2", "no-such-project"], "done")
    assert transfer.export_all(core_store) == before
    assert history(core_store).commands == history_before  # nothing recorded


def test_core_status_change_names_each_item_once_and_reports_no_ops(core_store: Path) -> None:
    from kubefollow.core import reading, tracker

    changes = tracker.change_status(core_store, ["kueue", "1", "KUEUE", "jobset"], "doing")
    assert [(c.id, c.name, c.old, c.new, c.changed) for c in changes] == [
        (1, "Kueue", "todo", "doing", True),
        (2, "JobSet", "todo", "doing", True),
    ]
    again = tracker.change_status(core_store, ["kueue"], "doing")
    assert [(c.old, c.changed) for c in again] == [("doing", False)]
    statuses = {i.name: i.status for i in reading.list_items(core_store, [], [], True)}
    assert statuses["Kueue"] == statuses["JobSet"] == "doing"
    assert {s for n, s in statuses.items() if n not in ("Kueue", "JobSet")} == {"todo"}
