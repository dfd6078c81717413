"""note, add and edit: what they store, what they refuse (and then change nothing)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import (
    as_json,
    assert_no_traceback,
    cli,
    export,
    fails_cleanly,
    items_by_name,
    ok,
    snapshot,
    stderr_lines,
)


def test_note_shows_up_in_show_and_json(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    result = ok(invoke("note", "kueue", "try it on the staging cluster"))
    assert "Noted on #1 Kueue" in result.stderr
    text = ok(invoke("show", "kueue")).stdout
    assert "notes:" in text
    assert "try it on the staging cluster" in text
    detail = as_json(invoke("show", "Kueue", "--format", "json"))
    (note,) = detail["notes"]
    assert note["text"] == "try it on the staging cluster"
    assert datetime.fromisoformat(note["created_at"]).year >= 2024
    # other items are untouched
    assert as_json(invoke("show", "JobSet", "--format", "json"))["notes"] == []


@pytest.mark.parametrize("text", ["", "   ", "\x1b\x07"])
def test_empty_note_is_a_usage_error(invoke: Invoke, text: str) -> None:
    ok(invoke("ingest"))
    before = export()
    result = fails_cleanly(invoke("note", "kueue", text), 2)
    assert "empty" in result.stderr
    assert export() == before


def test_note_on_unknown_item_fails(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    result = fails_cleanly(invoke("note", "no-such-project", "hello"), 1)
    assert len(stderr_lines(result)) == 1


def test_note_on_unknown_item_changes_nothing(bundled_store: Path) -> None:
    before = snapshot(bundled_store)
    result = cli("note", "no-such-project", "text", db=bundled_store)
    assert result.exit_code != 0
    assert_no_traceback(result)
    assert snapshot(bundled_store) == before


def test_add_appears_in_list_json(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    result = ok(
        invoke(
            "add",
            "Kueue Viz",
            "--url",
            "https://kueue-viz.example.org/",
            "--theme",
            "observability",
            "--action",
            "evaluate",
        )
    )
    new_id = int(result.stdout.strip())
    assert f"Added #{new_id} Kueue Viz" in result.stderr
    item = items_by_name()["Kueue Viz"]
    assert item["id"] == new_id
    assert item["url"] == "https://kueue-viz.example.org/"
    assert item["theme"] == "observability"
    assert item["themes"] == ["observability"]
    assert item["action"] == "evaluate"
    assert item["status"] == "todo"
    assert item["sources"] == []
    # open, so it is also in the default list
    assert "Kueue Viz" in ok(invoke("list")).stdout


def test_add_resolves_theme_titles_and_defaults(invoke: Invoke) -> None:
    ok(invoke("add", "Backstage Plugin", "--theme", "Platform Engineering"))
    ok(invoke("add", "Plain Thing"))
    items = items_by_name()
    assert items["Backstage Plugin"]["theme"] == "platform-engineering"
    assert items["Plain Thing"]["theme"] == "other"
    assert items["Plain Thing"]["url"] is None
    assert items["Plain Thing"]["action"] is None


@pytest.mark.parametrize(
    "extra",
    [
        ["--theme", "no-such-theme"],
        ["--action", "deploy"],
        ["--url", "ftp://files.example.org/x"],
        ["--url", "javascript:alert(1)"],
        ["--url", "example.org"],
    ],
    ids=["theme", "action", "ftp-url", "js-url", "bare-url"],
)
def test_add_refuses_bad_input(invoke: Invoke, extra: list[str]) -> None:
    ok(invoke("ingest"))
    before = export()
    result = fails_cleanly(invoke("add", "Thing", *extra), 2)
    assert len(stderr_lines(result)) == 1
    assert result.stdout == ""
    assert export() == before


def test_edit_changes_each_field(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    result = ok(
        invoke(
            "edit",
            "kueue",
            "--name",
            "Kueue Jobs",
            "--theme",
            "observability",
            "--action",
            "adopt",
            "--url",
            "https://kueue.example.org/docs/",
        )
    )
    assert "#1 name: Kueue -> Kueue Jobs" in result.stderr
    assert "#1 theme: batch -> observability" in result.stderr
    item = items_by_name()["Kueue Jobs"]
    assert item["theme"] == "observability"
    assert item["themes"][0] == "observability" and "batch" in item["themes"]
    assert item["action"] == "adopt"
    assert item["url"] == "https://kueue.example.org/docs/"
    assert "Kueue" not in items_by_name()
    detail = as_json(invoke("show", "Kueue Jobs", "--format", "json"))
    assert set(detail["edited"]) == {"name", "theme", "action", "url"}
    # --action none clears it
    ok(invoke("edit", "karpenter", "--action", "none"))
    assert items_by_name()["Karpenter"]["action"] is None


@pytest.mark.parametrize(
    "extra, code",
    [([], 2), (["--theme", "nope"], 2), (["--action", "deploy"], 2), (["--url", "ftp://x/y"], 2)],
)
def test_edit_refuses_bad_input(invoke: Invoke, extra: list[str], code: int) -> None:
    ok(invoke("ingest"))
    before = export()
    fails_cleanly(invoke("edit", "kueue", *extra), code)
    assert export() == before


# --- the core, without the CLI -------------------------------------------------------------


def test_core_note_is_cleaned_of_controls_and_keeps_its_lines(core_store: Path) -> None:
    from kubefollow.core import reading, tracker

    item, note_id = tracker.note_item(
        core_store, "kueue", "  \x1b[31mfirst line\nsecond\x9b line\x07\u202e  \n"
    )
    assert (item.id, item.name) == (1, "Kueue")
    (note,) = reading.show_item(core_store, "kueue").notes
    assert note["id"] == note_id
    assert note["text"] == "[31mfirst line\nsecond line"


@pytest.mark.parametrize("text", ["", "  \n ", "\x1b\x07\x9b"])
def test_core_refuses_an_empty_note_and_records_nothing(core_store: Path, text: str) -> None:
    from kubefollow.core import reading, tracker, transfer
    from kubefollow.errors import UsageError

    before = transfer.export_all(core_store), reading.history(core_store, None)
    with pytest.raises(UsageError, match="empty"):
        tracker.note_item(core_store, "kueue", text)
    assert (transfer.export_all(core_store), reading.history(core_store, None)) == before


def test_core_edit_cleans_the_name_and_reports_old_and_new(core_store: Path) -> None:
    from kubefollow.core import reading, tracker
    from kubefollow.errors import UsageError

    edit = tracker.edit_item(
        core_store, "kueue", {"name": " Kueue\x1b[1m\n Jobs ", "action": "none", "url": None}
    )
    assert edit.id == 1
    # The action was none already: no edit of it, only of the name.
    assert edit.old == {"name": "Kueue"}
    assert reading.show_item(core_store, "1").item.name == "Kueue[1m Jobs"
    with pytest.raises(UsageError, match="nothing to change"):
        tracker.edit_item(core_store, "1", {"name": None})
    with pytest.raises(UsageError, match="empty"):
        tracker.edit_item(core_store, "1", {"name": "\x1b\x07 "})
