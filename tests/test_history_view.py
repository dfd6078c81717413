"""`history` as a person reads it: the verb typed, old → new, no table of the store named,
a header row, no command that changed nothing, --limit, local times (UTC in JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Invoke
from helpers import as_json, ok, sql

INTERNAL = ("item_keys", "item keys", "mentions", "merges", "row", "tbl", "None", "reviewed:")


def table(invoke: Invoke, *args: str) -> list[str]:
    return ok(invoke("history", *args)).stdout.splitlines()


def test_the_verb_typed_and_old_to_new(invoke: Invoke, ingested: Any) -> None:
    ok(invoke("done", "kueue"))
    ok(invoke("reopen", "kueue"))
    ok(invoke("start", "jobset"))
    ok(invoke("drop", "edera"))
    ok(invoke("edit", "chps", "--theme", "security", "--action", "adopt"))
    ok(invoke("add", "Kyverno"))
    ok(invoke("edit", "kyverno", "--action", "watch"))
    lines = table(invoke)
    assert lines[0].split() == ["#", "When", "Command", "What", "Changes"]
    commands = [line.split()[4] for line in lines[1:]]
    assert commands == ["edit", "add", "edit", "drop", "start", "reopen", "done", "ingest"]
    text = "\n".join(lines)
    assert "#1 Kueue: status done → todo" in text
    assert "#2 JobSet: status todo → doing" in text
    assert "#12 Edera: status todo → dropped" in text
    assert "#11 CHPs: theme platform-engineering → security, action read → adopt" in text
    assert "#13 Kyverno: action none → watch" in text
    for word in INTERNAL:
        assert f" {word} " not in text and f"{word}:" not in text, word
    assert [r["command"] for r in as_json(invoke("history", "-f", "json"))][3:7] == [
        "drop", "start", "reopen", "done"
    ]  # fmt: skip


def test_one_items_history_is_a_table_of_its_commands(invoke: Invoke, ingested: Any) -> None:
    ok(invoke("start", "kueue"))
    ok(invoke("note", "kueue", "ask the batch team"))
    ok(invoke("merge", "kjob", "kueue"))
    lines = table(invoke, "kueue")
    assert lines[0].split() == ["#", "When", "Command", "What"]
    assert lines[1].endswith("merge    absorbed #3 kjob")
    assert lines[2].endswith("note     note added: “ask the batch team”")
    assert lines[3].endswith("start    status todo → doing")
    assert lines[4].endswith(
        "ingest   added, mentioned in KubeCon EU 2025; #3 kjob: added, mentioned in KubeCon EU 2025"
    )
    assert len(lines) == 5


def test_commands_that_changed_nothing_are_not_shown(
    invoke: Invoke, ingested: Any, db: Path
) -> None:
    ok(invoke("done", "kueue"))
    before = table(invoke)
    invoke("done", "kueue")  # already done
    invoke("edit", "chps", "--action", "read")  # already read
    # and whatever an older kubefollow recorded: a command without a change
    sql(db, "INSERT INTO commands (name, summary, at) VALUES ('doing', 'doing: ', '2026-01-01')")
    assert [line.split()[0] for line in table(invoke)[1:]][-2:] == ["2", "1"]
    assert table(invoke)[-2:] == before[-2:] and len(table(invoke)) == len(before)
    rows = as_json(invoke("history", "-f", "json"))
    assert [r["command"] for r in rows] == ["done", "ingest"]
    assert "read → read" not in "".join(table(invoke, "chps"))


def test_limit(invoke: Invoke, ingested: Any) -> None:
    for name in ("kueue", "jobset", "kcp"):
        ok(invoke("done", name))
    assert len(table(invoke, "--limit", "2")) == 3  # the header and the 2 newest
    assert [r["command_id"] for r in as_json(invoke("history", "-n", "2", "-f", "json"))] == [
        4, 3
    ]  # fmt: skip
    assert len(table(invoke, "kueue", "--limit", "1")) == 2
    assert invoke("history", "--limit", "0").exit_code == 2


def test_local_time_with_the_zone_utc_in_json(invoke: Invoke, db: Path, paris: None) -> None:
    ok(invoke("add", "Winter Thing"))
    sql(db, "UPDATE commands SET at = '2026-11-29T22:21:05+00:00'")
    sql(db, "UPDATE notes SET created_at = '2026-07-01T10:00:00+00:00'")
    ok(invoke("note", "winter thing", "a summer note"))
    sql(db, "UPDATE notes SET created_at = '2026-07-01T10:00:00+00:00'")
    assert "2026-11-29 23:21 CET" in table(invoke)[-1]
    assert as_json(invoke("history", "-f", "json"))[-1]["at"] == "2026-11-29T22:21:05+00:00"
    shown = ok(invoke("show", "winter thing")).stdout
    assert "2026-07-01 12:00 CEST  a summer note" in shown
    assert "2026-11-29 23:21 CET" in shown


def test_summaries_an_older_kubefollow_recorded_read_as_today(
    invoke: Invoke, ingested: Any, db: Path
) -> None:
    sql(db, "UPDATE commands SET summary = '1 post(s) (KubeCon EU 2025), 12 new item(s)'")
    ok(invoke("done", "kueue"))
    sql(db, "UPDATE commands SET name = 'todo', summary = 'todo: #1 Kueue' WHERE id = 2")
    lines = table(invoke)
    assert lines[-1].split("  ")[-2].strip() == "1 post (KubeCon EU 2025), 12 new items"
    assert as_json(invoke("history", "-f", "json"))[0]["command"] == "reopen"


def test_notes_edited_and_deleted(invoke: Invoke, ingested: Any) -> None:
    ok(invoke("note", "kueue", "first"))
    ok(invoke("note", "kueue", "--edit", "1", "first, revised"))
    ok(invoke("note", "kueue", "--delete", "1"))
    lines = table(invoke, "kueue")
    assert lines[1].endswith("note deleted: “first, revised”")
    assert lines[2].endswith("note edited: “first” → “first, revised”")
    assert lines[3].endswith("note added: “first”")
