"""`kubefollow forget ITEM... [--never|--never-host]` and `kubefollow rules`."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, Invoke

from kubefollow.core import ingest as ingest_core
from kubefollow.core import reading, tracker, triage
from kubefollow.core.history import history
from kubefollow.errors import KubefollowError
from kubefollow.rules.urls import load_exclusions
from kubefollow.rules.user_rules import add_never

TABLES = ("items", "item_keys", "mentions", "notes")


def dump(db: Path) -> dict[str, list[dict[str, Any]]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {
            t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY id")] for t in TABLES
        }
    finally:
        conn.close()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "kf.db"
    assert not ingest_core.ingest(db, [str(BUNDLED)], jobs=0).failed
    return db


def test_forget_removes_every_row_and_undo_restores_them_exactly(store: Path) -> None:
    tracker.note_item(store, "kueue", "try it")
    before = dump(store)
    done = triage.forget(store, ["kueue", "1"])
    assert done.items == [(1, "Kueue")] and done.rules == []
    after = dump(store)
    assert all(1 not in {r.get("item_id", r["id"]) for r in after[t]} for t in TABLES)
    assert next(r.id for r in reading.list_items(store, [], [], True)) == 2
    with pytest.raises(KubefollowError):
        reading.show_item(store, "1")
    commands = history(store).commands
    assert commands[0]["command"] == "forget" and "Kueue" in commands[0]["summary"]
    tracker.undo(store)
    assert dump(store) == before


def test_forget_never_writes_the_exact_link_and_later_ingests_skip_it(
    store: Path, tmp_path: Path
) -> None:
    done = triage.forget(store, ["edera"], never=True)
    (kind, entry, path, new) = done.rules[0]
    assert (kind, entry, new) == ("urls", "https://edera.dev/", True)
    assert tomllib.loads(path.read_text())["never"]["urls"] == ["https://edera.dev/"]
    assert load_exclusions().reason_to_skip("http://www.edera.dev", "Edera")
    fresh = tmp_path / "fresh.db"
    ingest_core.ingest(fresh, [str(BUNDLED)], jobs=0)
    assert "Edera" not in {r.name for r in reading.list_items(fresh, [], [], True)}
    # Undo brings the item back; the rule stays.
    tracker.undo(store)
    assert reading.show_item(store, "edera").item.name == "Edera"
    assert "edera.dev/" in path.read_text()


def test_forget_never_host_skips_the_whole_host(store: Path) -> None:
    done = triage.forget(store, ["chps"], host=True)
    assert done.rules[0][:2] == ("hosts", "chainguard.dev")
    assert load_exclusions().reason_to_skip("https://chainguard.dev/other/page", "x")


def test_add_never_keeps_the_rest_of_the_users_file(isolated_user_dirs: Path) -> None:
    path = isolated_user_dirs / ".local" / "share" / "kubefollow" / "exclusions.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        '# mine\n[logistics]\nhosts = ["conf.example"]\n\n[never]\nurls = ["https://a.dev/"]\n'
        '\n[people]\nhosts = ["me.example"]\n',
        encoding="utf-8",
    )
    assert add_never("hosts", "b.dev") == (path, True)
    assert add_never("hosts", "b.dev") == (path, False)
    text = path.read_text()
    assert text.startswith("# mine\n")
    table = tomllib.loads(text)
    assert table["never"] == {"urls": ["https://a.dev/"], "hosts": ["b.dev"]}
    assert table["logistics"]["hosts"] == ["conf.example"]
    assert table["people"]["hosts"] == ["me.example"]


def test_cli_forget_never_and_rules(invoke: Invoke, ingested: Any) -> None:
    result = invoke("forget", "edera", "--never")
    assert result.exit_code == 0, result.stderr
    assert "Forgot #12 Edera." in result.stderr
    assert "https://edera.dev/" in result.stderr and "exclusions.toml" in result.stderr
    assert "rule stays" in result.stderr
    listed = json.loads(invoke("list", "--all", "-f", "json").stdout)
    assert "Edera" not in {r["name"] for r in listed}
    rules = json.loads(invoke("rules", "--format", "json").stdout)
    assert [(r["rule"], r["value"]) for r in rules] == [("never.urls", "https://edera.dev/")]
    assert rules[0]["file"].endswith("kubefollow/exclusions.toml")
    assert "never.urls" in invoke("rules").stdout
    assert invoke("undo").exit_code == 0
    assert invoke("show", "edera").exit_code == 0


def test_cli_rules_without_any(invoke: Invoke) -> None:
    result = invoke("rules")
    assert result.exit_code == 0 and "No rules of your own" in result.stderr


def test_cli_forget_refuses_an_unknown_item_and_forgets_nothing(
    invoke: Invoke, ingested: Any
) -> None:
    assert invoke("forget", "kueue", "nosuchthing").exit_code == 1
    assert invoke("show", "kueue").exit_code == 0
