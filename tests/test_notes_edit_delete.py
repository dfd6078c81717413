"""Notes: several words without quotes; --edit N and --delete N (as `show` numbers them),
each one undo step; mistakes (no such note, both options, empty text) are usage errors."""

from __future__ import annotations

from pathlib import Path

from helpers import cli, fails_cleanly, ok, sql


def notes(db: Path) -> list[str]:
    return [r[0] for r in sql(db, "SELECT text FROM notes WHERE item_id = 1 ORDER BY id")]


def test_a_note_of_several_words_needs_no_quotes(bundled_store: Path) -> None:
    ok(cli("note", "1", "ask", "the", "platform", "team", db=bundled_store))
    assert notes(bundled_store) == ["ask the platform team"]
    assert "1. " in ok(cli("show", "1", db=bundled_store)).stdout


def test_edit_and_delete_a_note_and_undo_each(bundled_store: Path) -> None:
    ok(cli("note", "1", "first", db=bundled_store))
    ok(cli("note", "1", "second", db=bundled_store))
    ok(cli("note", "1", "--edit", "2", "second,", "revised", db=bundled_store))
    assert notes(bundled_store) == ["first", "second, revised"]
    ok(cli("note", "1", "--delete", "1", db=bundled_store))
    assert notes(bundled_store) == ["second, revised"]
    history = ok(cli("history", "1", db=bundled_store)).stdout
    assert "note deleted" in history
    ok(cli("undo", db=bundled_store))
    assert notes(bundled_store) == ["first", "second, revised"]
    ok(cli("undo", db=bundled_store))
    assert notes(bundled_store) == ["first", "second"]


def test_note_mistakes_are_usage_errors(bundled_store: Path) -> None:
    ok(cli("note", "1", "only one", db=bundled_store))
    assert (
        "no note 2" in fails_cleanly(cli("note", "1", "--delete", "2", db=bundled_store), 2).stderr
    )
    assert (
        "no notes"
        in fails_cleanly(cli("note", "2", "--edit", "1", "x", db=bundled_store), 2).stderr
    )
    fails_cleanly(cli("note", "1", "--edit", "1", "--delete", "1", db=bundled_store), 2)
    fails_cleanly(cli("note", "1", "--edit", "1", db=bundled_store), 2)
    fails_cleanly(cli("note", "1", db=bundled_store), 2)
    assert notes(bundled_store) == ["only one"]
