"""history and undo: one row per command, and undo restores exactly the state before it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import (
    APPENDED,
    BOX_CHARS,
    as_json,
    export,
    export_of_another_store,
    fails_cleanly,
    items_by_name,
    listed,
    ok,
    snapshot,
    sql,
    stderr_lines,
)


def test_history_one_row_per_command_newest_first(invoke: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(invoke("add", "Imported Thing", "--url", "https://imported.example.org/", db=other))
    dump = tmp_path / "other.json"
    dump.write_text(ok(invoke("export", db=other)).stdout, encoding="utf-8")

    ok(invoke("ingest"))
    ok(invoke("done", "kueue", "jobset"))
    ok(invoke("note", "kueue", "ask the batch team"))
    ok(invoke("add", "Hand Made"))
    ok(invoke("edit", "hand made", "--action", "read"))
    ok(invoke("import", dump))

    rows = as_json(invoke("history", "--format", "json"))
    assert [r["command"] for r in rows] == ["import", "edit", "add", "note", "done", "ingest"]
    assert rows[-1]["changes"] > 12
    assert "KubeCon EU 2025" in rows[-1]["summary"]
    assert "#1 Kueue" in rows[-2]["summary"] and "#2 JobSet" in rows[-2]["summary"]

    table = ok(invoke("history")).stdout.splitlines()
    assert table[0].split()[0] == "#"
    # columns: #, date, time, zone, command, ...
    assert [line.split()[4] for line in table[1:]] == [
        "import",
        "edit",
        "add",
        "note",
        "done",
        "ingest",
    ]
    assert not BOX_CHARS & set("".join(table))


def test_history_of_one_item(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    ok(invoke("note", "kueue", "ask the batch team"))
    ok(invoke("start", "jobset"))
    lines = ok(invoke("history", "kueue")).stdout.splitlines()
    assert lines[0].split() == ["#", "When", "Command", "What"]  # a header row
    # one row per command, what it did to the item (and not the store's tables)
    assert lines[1].endswith("note added: “ask the batch team”")
    assert lines[2].endswith("done     status todo → done")
    assert lines[3].endswith("ingest   added, mentioned in KubeCon EU 2025")
    assert len(lines) == 4
    assert not any("doing" in line for line in lines)  # JobSet's change is not Kueue's
    rows = as_json(invoke("history", "kueue", "--format", "json"))
    assert [r["command"] for r in rows[:2]] == ["note", "done"]
    fails_cleanly(invoke("history", "no-such-project"), 1)


def test_history_on_an_empty_store(invoke: Invoke) -> None:
    result = ok(invoke("history"))
    assert result.stdout == ""
    assert "No history" in result.stderr


UNDO_CASES = {
    # name: (the command as history and undo name it, steps before, the change)
    "ingest": ("ingest", [], ["ingest", "{post}"]),
    "reingest": (
        "ingest",
        [["ingest", "{post}"], ["done", "kueue"], ["note", "kueue", "n"], ["append"]],
        ["ingest", "{post}"],
    ),
    "done": ("done", [["ingest", "{post}"]], ["done", "kueue", "karpenter"]),
    "start": ("start", [["ingest", "{post}"]], ["start", "gateway api"]),
    "reopen": ("reopen", [["ingest", "{post}"], ["done", "kueue"]], ["reopen", "kueue"]),
    "drop": ("drop", [["ingest", "{post}"]], ["drop", "edera", "chps"]),
    "note": ("note", [["ingest", "{post}"]], ["note", "kueue", "ask the batch team"]),
    "add": (
        "add",
        [["ingest", "{post}"]],
        [
            "add",
            "Hand Made",
            "--url",
            "https://hand.example.org/",
            "--theme",
            "security",
            "--action",
            "watch",
        ],
    ),
    "edit": (
        "edit",
        [["ingest", "{post}"]],
        [
            "edit",
            "kueue",
            "--name",
            "Kueue Jobs",
            "--theme",
            "observability",
            "--action",
            "adopt",
            "--url",
            "https://kueue.example.org/",
        ],
    ),
    "import": ("import", [["ingest", "{post}"], ["start", "kueue"]], ["import", "{dump}"]),
}


@pytest.mark.parametrize("case", list(UNDO_CASES))
def test_undo_restores_the_previous_state(
    invoke: Invoke, post_copy: Path, tmp_path: Path, case: str
) -> None:
    command, steps, change = UNDO_CASES[case]
    dump = export_of_another_store(tmp_path, post_copy) if case == "import" else None

    def expand(args: list[str]) -> list[str]:
        return [
            str(post_copy) if a == "{post}" else str(dump) if a == "{dump}" else a for a in args
        ]

    for step in steps:
        if step == ["append"]:
            with post_copy.open("a", encoding="utf-8") as f:
                f.write(APPENDED)
        else:
            ok(invoke(*expand(step)))
    before = snapshot(undoable=True)
    ok(invoke(*expand(change)))
    assert snapshot(undoable=True) != before  # the change did something

    result = ok(invoke("undo"))
    assert re.match(rf"Undid #\d+ {command} of ", result.stderr), result.stderr
    assert result.stdout == ""
    assert snapshot(undoable=True) == before
    rows = as_json(invoke("history", "--format", "json"))
    assert rows[0]["command"] == "undo"
    assert rows[1]["command"] == command and rows[1]["undone_at"]


def test_undo_again_undoes_the_one_before(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    after_ingest = snapshot(undoable=True)
    ok(invoke("done", "kueue"))
    after_done = snapshot(undoable=True)
    ok(invoke("note", "kueue", "ask the batch team"))
    first = ok(invoke("undo"))
    assert " note " in first.stderr
    assert snapshot(undoable=True) == after_done
    second = ok(invoke("undo"))
    assert " done " in second.stderr
    assert snapshot(undoable=True) == after_ingest
    third = ok(invoke("undo"))
    assert " ingest " in third.stderr
    assert listed() == []
    fails_cleanly(invoke("undo"), 1)


def test_undo_with_nothing_to_undo(invoke: Invoke) -> None:
    result = fails_cleanly(invoke("undo"), 1)
    assert stderr_lines(result) == ["kubefollow: error: nothing to undo"]
    assert result.stdout == ""


def test_undo_skips_commands_that_changed_nothing(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    ok(invoke("done", "kueue"))  # already done: logged, no change
    result = ok(invoke("undo"))
    # the first done: its status and reviewed changes, one step
    assert " done " in result.stderr and "(2 changes)" in result.stderr
    assert items_by_name()["Kueue"]["status"] == "todo"


def test_ingest_of_several_posts_is_one_undo_step(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "trip"
    folder.mkdir()
    for n, (a, b) in enumerate([("Alpha", "Bravo"), ("Charlie", "Delta"), ("Echo", "Foxtrot")]):
        (folder / f"day{n}.md").write_text(
            f"---\ntitle: Day {n}\ndate: 2025-06-0{n + 1}\n---\n\n"
            f"I want to evaluate [{a} Queue](https://{a.lower()}-queue.dev/) for batch "
            f"jobs, and [{b} Mesh](https://{b.lower()}-mesh.dev/) for the service mesh.\n",
            encoding="utf-8",
        )
    result = ok(invoke("ingest", folder))
    assert "3 posts added" in result.stderr
    assert len(listed()) == 6
    rows = as_json(invoke("history", "--format", "json"))
    assert [r["command"] for r in rows] == ["ingest"]
    undone = ok(invoke("undo"))
    assert "3 posts" in undone.stderr
    assert export()["items"] == []
    assert export()["posts"] == []
    fails_cleanly(invoke("undo"), 1)


def test_undo_refuses_when_a_row_changed_outside_the_log(invoke: Invoke, db: Path) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    sql(db, "UPDATE items SET status = 'dropped' WHERE name = 'Kueue'")
    before = export()
    history_before = as_json(invoke("history", "--format", "json"))
    result = fails_cleanly(invoke("undo"), 1)
    assert len(stderr_lines(result)) == 1
    assert "cannot undo" in result.stderr and "nothing was undone" in result.stderr
    assert export() == before
    assert items_by_name()["Kueue"]["status"] == "dropped"
    assert as_json(invoke("history", "--format", "json")) == history_before
