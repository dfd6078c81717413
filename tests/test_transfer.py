"""export (json, csv, markdown checklist) and import: an export imported into a fresh
store exports identically; import is idempotent, and refuses what is not an export."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, Invoke
from helpers import (
    as_json,
    export,
    export_of_another_store,
    fails_cleanly,
    items_by_name,
    listed,
    ok,
    sql,
    stderr_lines,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubefollow.core import transfer as core
from kubefollow.errors import InputError


def test_export_markdown_checklist(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("done", "kueue"))
    ok(invoke("drop", "edera"))
    text = ok(invoke("export", "--format", "markdown")).stdout
    lines = text.splitlines()
    assert "- [x] [Kueue](https://kueue.sigs.k8s.io/)" in lines
    assert "- [ ] [JobSet](https://jobset.sigs.k8s.io/docs/overview/)" in lines
    assert "- [ ] [Karpenter](https://karpenter.sh/) — adopt" in lines
    assert "- [ ] [Gateway API](https://gateway-api.sigs.k8s.io/) — evaluate" in lines
    assert "- [ ] ~~[Edera](https://edera.dev/)~~ — watch" in lines
    # grouped: every item line sits under its theme's heading
    titles = {
        "batch": "Batch",
        "multi-cluster": "Multi-cluster",
        "platform-engineering": "Platform engineering",
    }
    heading, seen = None, {}
    for line in lines:
        if line.startswith("## "):
            heading = line[3:]
        elif line.startswith("- ["):
            name = re.search(r"\[([^\]]+)\]\(", line)
            assert name, line
            seen[name.group(1)] = heading
    items = items_by_name()
    assert set(seen) == set(items)
    for name, item in items.items():
        assert seen[name] == titles[item["theme"]], name
    assert [line for line in lines if line.startswith("## ")] == [
        "## Batch",
        "## Multi-cluster",
        "## Platform engineering",
    ]


def test_export_csv_one_row_per_item(invoke: Invoke, na_post: Path) -> None:
    ok(invoke("ingest"))
    ok(invoke("ingest", na_post))
    ok(invoke("done", "kueue"))
    ok(invoke("add", 'Hand, "Made"', "--action", "read"))
    rows = list(csv.DictReader(io.StringIO(ok(invoke("export", "--format", "csv")).stdout)))
    items = listed()
    assert len(rows) == len(items) == 15
    assert [r["name"] for r in rows] == [i["name"] for i in items]
    row = {r["name"]: r for r in rows}
    assert row["Kueue"]["status"] == "done"
    assert row["Kueue"]["url"] == "https://kueue.sigs.k8s.io/"
    assert row['Hand, "Made"']["action"] == "read"
    assert str(BUNDLED.resolve()) in row["Kueue"]["sources"]
    assert row["Volcano"]["sources"] == str(na_post.resolve())


def _rich_store(run: Invoke, post: Path, na_post: Path) -> None:
    """A store with two posts, every status, notes, hand-made and edited items."""
    ok(run("ingest", post))
    ok(run("ingest", na_post))
    ok(run("done", "kueue", "cilium"))
    ok(run("start", "karpenter"))
    ok(run("drop", "edera"))
    ok(run("note", "kueue", "ask the batch team"))
    ok(run("note", "kueue", "second thought"))
    ok(run("note", "volcano", "compare with kueue"))
    ok(
        run(
            "add",
            "Hand Made",
            "--url",
            "https://hand.example.org/",
            "--theme",
            "security",
            "--action",
            "watch",
        )
    )
    ok(run("add", "No Link Thing"))
    ok(run("edit", "jobset", "--theme", "multi-cluster", "--action", "read"))


def test_import_of_export_reproduces_the_store(
    invoke: Invoke, post_copy: Path, na_post: Path, tmp_path: Path
) -> None:
    _rich_store(invoke, post_copy, na_post)
    original = export()
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(original), encoding="utf-8")

    fresh = tmp_path / "fresh.db"
    result = ok(invoke("import", dump, db=fresh))
    n = len(original["items"])
    assert stderr_lines(result) == [f"{n} added, 0 updated, 0 unchanged."]
    assert listed(db=fresh) == listed()
    copied = export(db=fresh)
    assert copied == original  # statuses, themes, actions, keys, mentions, notes, dates
    assert (
        as_json(invoke("show", "kueue", "--format", "json", db=fresh))["notes"]
        == (as_json(invoke("show", "kueue", "--format", "json"))["notes"])
    )

    # importing the same file again changes nothing
    again = ok(invoke("import", dump, db=fresh))
    assert stderr_lines(again) == [f"0 added, 0 updated, {n} unchanged."]
    assert export(db=fresh) == original
    # and into the store it came from, too
    same = ok(invoke("import", dump))
    assert same.stderr.startswith("0 added, 0 updated")
    assert export() == original


def test_import_updates_statuses_and_adds_notes(
    invoke: Invoke, post_copy: Path, tmp_path: Path
) -> None:
    dump = export_of_another_store(tmp_path, post_copy)
    ok(invoke("ingest", post_copy))
    result = ok(invoke("import", dump))
    assert result.stderr.startswith("1 added, 3 updated")
    items = items_by_name()
    assert items["Kueue"]["status"] == "done"
    assert items["Edera"]["status"] == "dropped"
    assert "Imported Thing" in items
    notes = as_json(invoke("show", "karpenter", "--format", "json"))["notes"]
    assert [n["text"] for n in notes] == ["from the other laptop"]


def test_import_keeps_items_that_share_a_name(invoke: Invoke, tmp_path: Path) -> None:
    ok(invoke("ingest"))
    ok(invoke("add", "Kueue", "--theme", "security", "--force"))  # a deliberate duplicate
    original = export()
    assert [i["name"] for i in original["items"]].count("Kueue") == 2
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(original), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(invoke("import", dump, db=fresh))
    assert export(db=fresh) == original


@pytest.mark.parametrize(
    "content",
    [
        '{"items": []}',
        "[]",
        '"kubefollow-export"',
        '{"format": "kubefollow-export", "version": 99}',
        "this is not json",
        "{",
        '{"format": "kubefollow-export", "version": 1, "posts": [],'
        ' "items": [{"name": "x", "status": "finished"}]}',
    ],
    ids=["no-format", "list", "string", "version", "text", "truncated", "bad-status"],
)
def test_import_refuses_what_is_not_an_export(invoke: Invoke, tmp_path: Path, content: str) -> None:
    ok(invoke("ingest"))
    before = export()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = fails_cleanly(invoke("import", bad), 1)
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("kubefollow: error: ")
    assert str(bad.resolve()) in lines[0]
    assert result.stdout == ""
    assert export() == before


def test_import_of_a_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = fails_cleanly(invoke("import", tmp_path / "missing.json"), 1)
    assert len(stderr_lines(result)) == 1


# --- the core, without the CLI -------------------------------------------------------------


def test_core_export_import_round_trip(core_store: Path, tmp_path: Path) -> None:
    from kubefollow.core import tracker, transfer

    tracker.change_status(core_store, ["kueue"], "done")
    tracker.change_status(core_store, ["edera"], "dropped")
    tracker.note_item(core_store, "karpenter", "benchmark consolidation")
    tracker.add_item(core_store, "Hand Made", "https://hand.example.org/", "security", "watch")
    tracker.edit_item(core_store, "jobset", {"theme": "multi-cluster", "action": "read"})
    original = transfer.export_all(core_store)
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(original), encoding="utf-8")

    fresh = tmp_path / "fresh.db"
    report = transfer.import_file(fresh, str(dump))
    assert (len(report.added), report.updated, report.unchanged) == (13, [], [])
    assert transfer.export_all(fresh) == original
    again = transfer.import_file(fresh, str(dump))
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 13)
    assert transfer.export_all(fresh) == original


def test_core_export_of_a_missing_store_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    from kubefollow.core import transfer

    missing = tmp_path / "nowhere" / "kf.db"
    data = transfer.export_all(missing)
    assert (data["format"], data["posts"], data["items"]) == ("kubefollow-export", [], [])
    assert not missing.parent.exists()


def test_import_keeps_a_newer_local_change_and_reports_it(
    invoke: Invoke, ingested: Any, tmp_path: Path
) -> None:
    """Per field the newer change wins: an older backup does not revert `done`."""
    backup = tmp_path / "backup.json"
    backup.write_text(ok(invoke("export")).stdout, encoding="utf-8")
    sql_db = Path(ok(invoke("path")).stdout.strip())
    # The backup was taken a while ago: its items were last updated long before.
    data = json.loads(backup.read_text(encoding="utf-8"))
    for item in data["items"]:
        item["updated_at"] = "2001-01-01T00:00:00+00:00"
    data["items"][1]["action"] = "watch"  # a field its user set, only in the backup
    data["items"][1]["edited"] = ["action"]
    backup.write_text(json.dumps(data), encoding="utf-8")
    ok(invoke("done", "1"))
    result = ok(invoke("import", backup))
    assert "#1 Kueue: kept status done" in result.stderr
    assert "over the backup's todo" in result.stderr
    assert "1 kept as here (newer)" in result.stderr
    rows = dict(sql(sql_db, "SELECT name, status FROM items"))
    assert rows["Kueue"] == "done"
    # Where the store never changed the field, the backup's chosen value is taken.
    assert sql(sql_db, "SELECT action FROM items WHERE id = 2") == [("watch",)]


def test_import_keeps_a_fresher_extracted_value_over_an_older_extracted_one(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Forgotten, then ingested again from an edited post: the store's theme is newer than
    the old backup's, and neither was chosen by hand, so the later one stays."""
    post = tmp_path / "post.md"
    post.write_text("# Trip\n\n## Batch\n\n- [Mbtzulu](https://github.com/mbt/zulu) looks good.\n")
    ok(invoke("ingest", str(post)))
    backup = tmp_path / "backup.json"
    data = json.loads(ok(invoke("export")).stdout)
    for item in data["items"]:
        item["updated_at"] = "2001-01-01T00:00:00+00:00"
    backup.write_text(json.dumps(data), encoding="utf-8")
    ok(invoke("forget", "1"))
    post.write_text(post.read_text().replace("## Batch", "## Observability"))
    ok(invoke("ingest", str(post)))
    ok(invoke("import", str(backup)))
    listed = json.loads(ok(invoke("list", "--format", "json")).stdout)
    assert {i["name"]: i["theme"] for i in listed} == {"zulu": "observability"}


def test_import_does_not_bring_a_forgotten_items_choices_to_its_new_incarnation(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Renamed, backed up, forgotten, ingested again: the forget is newer than the backup's
    rename, so the item made anew keeps the name ingest gave it."""
    post = tmp_path / "post.md"
    post.write_text("# Trip\n\n- [Mbtyankee](https://github.com/mbt/yankee) looks good.\n")
    ok(invoke("ingest", str(post)))
    ok(invoke("edit", "1", "--name", "Renamed"))
    backup = tmp_path / "backup.json"
    backup.write_text(ok(invoke("export")).stdout, encoding="utf-8")
    ok(invoke("forget", "1"))
    post.write_text(post.read_text() + "\nStill good.\n")  # changed: ingested again
    ok(invoke("ingest", str(post)))
    ok(invoke("import", str(backup)))
    listed = json.loads(ok(invoke("list", "--format", "json")).stdout)
    assert [i["name"] for i in listed] == ["yankee"]


def test_export_csv_lists_each_post_once_and_the_notes(invoke: Invoke, ingested: Any) -> None:
    ok(invoke("note", "1", "ask the platform team"))
    ok(invoke("note", "1", "second thought"))
    rows = {
        r["name"]: r for r in csv.DictReader(io.StringIO(ok(invoke("export", "-f", "csv")).stdout))
    }
    kueue = rows["Kueue"]  # mentioned twice in the one post
    assert kueue["sources"].count("kubecon-eu-2025.md") == 1
    assert "ask the platform team" in kueue["notes"] and "second thought" in kueue["notes"]
    assert rows["JobSet"]["notes"] == ""


def test_export_markdown_carries_the_notes(invoke: Invoke, ingested: Any) -> None:
    ok(invoke("note", "1", "try it with *our* queues"))
    text = ok(invoke("export", "--format", "markdown")).stdout
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "[Kueue]" in line)
    assert lines[at + 1].startswith("  - 20") and "try it with \\*our\\* queues" in lines[at + 1]


def test_merges_survive_an_export_and_import(invoke: Invoke, ingested: Any, tmp_path: Path) -> None:
    """An absorbed item's old id and name lead to its survivor in the restored store too."""
    ok(invoke("merge", "kjob", "jobset"))
    dump = tmp_path / "backup.json"
    dump.write_text(ok(invoke("export")).stdout, encoding="utf-8")
    assert json.loads(dump.read_text(encoding="utf-8"))["merges"][0]["into"] == 2
    fresh = tmp_path / "fresh.db"
    ok(invoke("import", dump, db=fresh))
    assert ok(invoke("show", "3", db=fresh)).stdout.startswith("#2 JobSet")
    assert ok(invoke("show", "kjob", db=fresh)).stdout.startswith("#2 JobSet")
    ok(invoke("import", dump, db=fresh))  # again: nothing new
    assert len(export(db=fresh)["merges"]) == 1


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = ["id", "url", "themes", "edited", "created_at", "reviewed", "done_at", "keys",
           "mentions", "notes", "quote", "theme"]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(_FIELDS),
    value=_JSON | st.lists(st.dictionaries(st.sampled_from(["text", "post", "position"]), _JSON)),
)
def test_a_bad_field_in_a_backup_is_one_error_and_writes_nothing(
    tmp_path: Path, field: str, value: Any
) -> None:
    """Whatever a hand-edited backup holds in a field, import either takes it or refuses the
    file with one error naming the field: no traceback, nothing written."""
    item = {"name": "Quillnet", "status": "todo", "action": None, field: value}
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "kubefollow-export", "version": 1, "posts": [],
                                  "items": [item]}), encoding="utf-8")  # fmt: skip
    db = tmp_path / "fuzz.db"
    db.unlink(missing_ok=True)
    try:
        core.import_file(db, str(backup))
    except InputError as exc:
        assert "item 1 ('Quillnet')" in str(exc) and field in str(exc)
        assert core.export_all(db)["items"] == []
