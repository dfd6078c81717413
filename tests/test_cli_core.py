"""The core commands through CliRunner on a temporary store: ingest, list and the status
commands, the global options, and bad input."""

from __future__ import annotations

import importlib.metadata
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs
import pytest
import typer
from conftest import BUNDLED
from typer.testing import Result

import kubefollow
from kubefollow.cli import app

Items = Callable[..., list[dict[str, Any]]]

NAMES = [
    "Kueue", "JobSet", "kjob", "kcp", "Sveltos", "Multi-Cluster Orchestrator",
    "multicluster-runtime", "OpenTelemetry", "Gateway API", "Karpenter", "CHPs", "Edera",
]  # fmt: skip
PLATFORM = ["OpenTelemetry", "Gateway API", "Karpenter", "CHPs", "Edera"]


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in rows]


def status_of(items: Items, name: str) -> str:
    (row,) = [r for r in items() if r["name"] == name]
    return str(row["status"])


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_clean_failure(result: Result, code: int) -> None:
    """Exit code as given, via SystemExit (not an escaped exception), no traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr


# --- ingest ----------------------------------------------------------------------------


def test_ingest_without_args_uses_bundled_post(invoke: Any, items: Items) -> None:
    result = invoke("ingest")
    assert result.exit_code == 0, result.stderr
    # a table of the added items on stdout
    for name in NAMES:
        assert name in result.stdout
    assert "added" in result.stdout
    assert "KubeCon EU 2025" in result.stdout
    # the summary on stderr, not stdout
    assert "12 new item(s)" in result.stderr
    assert "1 post(s) added" in result.stderr
    assert "new item" not in result.stdout
    assert names(items()) == NAMES
    assert items()[0]["sources"][0]["path"] == str(BUNDLED.resolve())


def test_reingest_adds_nothing(invoke: Any, items: Items, ingested: Result) -> None:
    before = items()
    again = invoke("ingest")
    assert again.exit_code == 0, again.stderr
    assert "0 new" in again.stderr
    assert "1 unchanged" in again.stderr
    assert "added" not in again.stdout
    assert items() == before


def test_done_survives_reingest(
    invoke: Any, items: Items, ingested: Result, tmp_path: Path
) -> None:
    assert invoke("done", "kueue").exit_code == 0
    assert invoke("ingest").exit_code == 0
    assert status_of(items, "Kueue") == "done"
    # a changed post at the same path (re-extracted, "updated") keeps the status too
    copy = tmp_path / "copy.md"
    copy.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("ingest", str(copy)).exit_code == 0
    assert invoke("done", "jobset").exit_code == 0
    copy.write_text(copy.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = invoke("ingest", str(copy))
    assert result.exit_code == 0, result.stderr
    assert "1 updated" in result.stderr
    assert status_of(items, "Kueue") == "done"
    assert status_of(items, "JobSet") == "done"
    assert len(items()) == 12


SECOND_POST = """\
---
title: Another trip
date: 2025-11-20
---

# Another trip

We run [Prometheus](https://prometheus.io/) everywhere. I want to try
[Argo CD](https://argo-cd.readthedocs.io/) next quarter.

Batch is still big: [Kueue](https://kueue.sigs.k8s.io/) again.
"""


def test_ids_are_stable_and_continue(invoke: Any, items: Items, tmp_path: Path) -> None:
    assert invoke("ingest").exit_code == 0
    first = {r["name"]: r["id"] for r in items()}
    assert sorted(first.values()) == list(range(1, 13))
    second = tmp_path / "second.md"
    second.write_text(SECOND_POST, encoding="utf-8")
    result = invoke("ingest", str(second))
    assert result.exit_code == 0, result.stderr
    assert "2 new item(s)" in result.stderr
    after = {r["name"]: r["id"] for r in items()}
    # old items keep their ids; Kueue is not duplicated
    assert {k: after[k] for k in first} == first
    assert names(items()).count("Kueue") == 1
    new = {k: v for k, v in after.items() if k not in first}
    assert set(new) == {"Prometheus", "Argo CD"}
    assert sorted(new.values()) == [13, 14]
    kueue = next(r for r in items() if r["name"] == "Kueue")
    assert [s["title"] for s in kueue["sources"]] == ["KubeCon EU 2025", "Another trip"]
    # re-ingesting the first post again neither renumbers nor adds
    assert invoke("ingest").exit_code == 0
    assert {r["name"]: r["id"] for r in items()} == after


# --- list ------------------------------------------------------------------------------


def test_list_default_shows_only_open_items(invoke: Any, ingested: Result) -> None:
    assert invoke("done", "Karpenter").exit_code == 0
    assert invoke("drop", "Edera").exit_code == 0
    assert invoke("start", "kcp").exit_code == 0
    result = invoke("list")
    assert result.exit_code == 0, result.stderr
    assert "Karpenter" not in result.stdout
    assert "Edera" not in result.stdout
    assert "kcp" in result.stdout  # doing is open
    assert "Kueue" in result.stdout
    as_json = json.loads(invoke("list", "--format", "json").stdout)
    assert names(as_json) == [n for n in NAMES if n not in ("Karpenter", "Edera")]
    assert {r["status"] for r in as_json} == {"todo", "doing"}


def test_list_all_and_status(invoke: Any, ingested: Result) -> None:
    assert invoke("done", "Karpenter").exit_code == 0
    assert invoke("drop", "Edera").exit_code == 0
    every = json.loads(invoke("list", "--all", "--format", "json").stdout)
    assert names(every) == NAMES
    table = invoke("list", "--all")
    assert "Karpenter" in table.stdout and "Edera" in table.stdout
    done = invoke("list", "--status", "done", "--format", "json")
    assert done.exit_code == 0
    assert names(json.loads(done.stdout)) == ["Karpenter"]
    done_table = invoke("list", "--status", "done")
    assert "Karpenter" in done_table.stdout
    assert "Kueue" not in done_table.stdout
    dropped = json.loads(invoke("list", "--status", "DROPPED", "--format", "json").stdout)
    assert names(dropped) == ["Edera"]


def test_list_theme_batch(invoke: Any, ingested: Result) -> None:
    result = invoke("list", "--theme", "batch", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert names(json.loads(result.stdout)) == ["Kueue", "JobSet", "kjob"]
    table = invoke("list", "--theme", "batch")
    assert table.exit_code == 0
    for name in ("Kueue", "JobSet", "kjob"):
        assert name in table.stdout
    for name in ("kcp", "Karpenter", "OpenTelemetry"):
        assert name not in table.stdout


@pytest.mark.parametrize(
    "given", ["Platform Engineering", "platform-engineering", "PLATFORM engineering"]
)
def test_list_theme_is_case_and_separator_insensitive(
    invoke: Any, ingested: Result, given: str
) -> None:
    result = invoke("list", "--theme", given, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert names(json.loads(result.stdout)) == PLATFORM


@pytest.mark.parametrize("fmt", [[], ["--format", "json"]])
def test_list_unknown_theme(invoke: Any, ingested: Result, fmt: list[str]) -> None:
    result = invoke("list", "--theme", "nosuchtheme", *fmt)
    assert_clean_failure(result, 2)
    assert result.stdout == ""
    assert "nosuchtheme" in result.stderr
    for known in ("batch", "multi-cluster", "platform-engineering"):
        assert known in result.stderr
    assert len(stderr_lines(result)) == 1


def test_list_unknown_status(invoke: Any, ingested: Result) -> None:
    result = invoke("list", "--status", "finished")
    assert_clean_failure(result, 2)
    assert result.stdout == ""
    assert "finished" in result.stderr
    for known in ("todo", "doing", "done", "dropped"):
        assert known in result.stderr


def test_list_json_empty_store(invoke: Any) -> None:
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_list_json_empty_result(invoke: Any, ingested: Result) -> None:
    result = invoke("list", "--status", "done", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_list_empty_says_so_on_stderr(invoke: Any) -> None:
    result = invoke("list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No open items" in result.stderr


def test_list_empty_filtered_says_so_on_stderr(invoke: Any, ingested: Result) -> None:
    result = invoke("list", "--theme", "storage")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No open items match" in result.stderr
    result = invoke("list", "--status", "done")
    assert result.stdout == ""
    assert "No items match" in result.stderr


# --- status commands ---------------------------------------------------------------------

STATUS_COMMANDS = {"done": "done", "start": "doing", "reopen": "todo", "drop": "dropped"}


@pytest.mark.parametrize("command", list(STATUS_COMMANDS))
@pytest.mark.parametrize("ref", ["10", "Karpenter", "kARPENTER", "karp"])
def test_status_command(
    invoke: Any, items: Items, ingested: Result, command: str, ref: str
) -> None:
    if command == "reopen":  # needs an item that is not todo
        assert invoke("done", "10").exit_code == 0
    before = {r["name"]: r["status"] for r in items()}
    result = invoke(command, ref)
    assert result.exit_code == 0, result.stderr
    assert "#10 Karpenter" in result.stderr
    assert f"-> {STATUS_COMMANDS[command]}" in result.stderr
    after = {r["name"]: r["status"] for r in items()}
    assert after["Karpenter"] == STATUS_COMMANDS[command]
    assert {k: v for k, v in after.items() if k != "Karpenter"} == {
        k: v for k, v in before.items() if k != "Karpenter"
    }


def test_status_command_again_is_a_no_op(invoke: Any, items: Items, ingested: Result) -> None:
    assert invoke("done", "kueue").exit_code == 0
    again = invoke("done", "kueue")
    assert again.exit_code == 0
    assert "already done" in again.stderr
    assert status_of(items, "Kueue") == "done"


def test_ambiguous_prefix(invoke: Any, items: Items, ingested: Result) -> None:
    result = invoke("done", "multi")
    assert_clean_failure(result, 1)
    assert "Multi-Cluster Orchestrator" in result.stderr
    assert "multicluster-runtime" in result.stderr
    assert status_of(items, "Multi-Cluster Orchestrator") == "todo"
    assert status_of(items, "multicluster-runtime") == "todo"


def test_unknown_item(invoke: Any, items: Items, ingested: Result) -> None:
    before = items()
    for ref in ("zzz-nothing", "999"):
        result = invoke("done", ref)
        assert_clean_failure(result, 1)
        assert len(stderr_lines(result)) == 1
        assert ref in result.stderr
        assert result.stdout == ""
    assert items() == before


def test_unknown_item_among_known_changes_nothing(
    invoke: Any, items: Items, ingested: Result
) -> None:
    result = invoke("done", "kueue", "zzz-nothing")
    assert_clean_failure(result, 1)
    assert status_of(items, "Kueue") == "todo"


def test_done_without_item_and_no_terminal(invoke: Any, items: Items, ingested: Result) -> None:
    before = items()
    result = invoke("done", input="1\n")
    assert_clean_failure(result, 2)
    assert "name the items" in result.stderr
    assert items() == before


# --- global options, help ----------------------------------------------------------------


def test_version(invoke: Any) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kubefollow {kubefollow.__version__}"
    assert kubefollow.__version__ == importlib.metadata.version("kubefollow")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_help_on_every_command(invoke: Any) -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert {"ingest", "list", "done", "start", "reopen", "drop"} <= set(commands)
    registered = {c.name: c for c in app.registered_commands}
    for name, command in commands.items():
        assert (command.help or "").strip(), name
        if name in registered:
            callback = registered[name].callback
            assert callback is not None and (callback.__doc__ or "").strip(), name
        summary = flat(command.help.strip().split("\n\n")[0])
        for flag in ("-h", "--help"):
            result = invoke(name, flag)
            assert result.exit_code == 0, (name, result.stderr)
            assert result.stdout.startswith(f"Usage: kubefollow {name} "), name
            assert summary in flat(result.stdout), name
    top = invoke("-h")
    assert top.exit_code == 0
    for name in commands:
        assert name in top.stdout


def test_db_option_overrides_env(invoke: Any, db: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "other.db"
    result = invoke("--db", str(other), "ingest")
    assert result.exit_code == 0, result.stderr
    assert other.is_file()
    assert not db.exists()
    with_option = json.loads(invoke("--db", str(other), "list", "--format", "json").stdout)
    assert names(with_option) == NAMES
    assert json.loads(invoke("list", "--format", "json").stdout) == []


def test_env_var_selects_store(invoke: Any, db: Path) -> None:
    assert invoke("ingest").exit_code == 0
    assert db.is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="HOME/XDG do not steer Windows dirs")
def test_default_store_in_user_data_dir(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kubefollow.paths import default_db_path

    home = tmp_path / "home"
    monkeypatch.delenv("KUBEFOLLOW_DB", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    expected = platformdirs.user_data_path("kubefollow", appauthor=False) / "kubefollow.db"
    assert default_db_path() == expected
    assert default_db_path().is_relative_to(home)
    result = runner.invoke(app, ["ingest"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert expected.is_file()


# --- bad input -----------------------------------------------------------------------------


def snapshot(invoke: Any) -> str:
    result = invoke("list", "--all", "--format", "json")
    assert result.exit_code == 0
    return str(result.stdout)


def test_missing_file(invoke: Any, items: Items, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-post.md"
    result = invoke("ingest", str(missing))
    assert_clean_failure(result, 1)
    assert "no-such-post.md" in result.stderr
    assert result.stdout == ""
    assert items() == []


def test_missing_file_leaves_store_unchanged(invoke: Any, ingested: Result, tmp_path: Path) -> None:
    assert invoke("done", "kueue").exit_code == 0
    before = snapshot(invoke)
    result = invoke("ingest", str(tmp_path / "no-such-post.md"))
    assert_clean_failure(result, 1)
    assert "no-such-post.md" in result.stderr
    assert snapshot(invoke) == before


def test_not_utf8(invoke: Any, items: Items, ingested: Result, tmp_path: Path) -> None:
    bad = tmp_path / "latin.md"
    bad.write_bytes(b"\xff\xfe bad")
    before = snapshot(invoke)
    result = invoke("ingest", str(bad))
    assert_clean_failure(result, 1)
    assert "latin.md" in result.stderr
    assert "UTF-8" in result.stderr
    assert "line 1" in result.stderr
    assert result.stdout == ""
    assert snapshot(invoke) == before


def test_not_utf8_reports_the_right_line(invoke: Any, tmp_path: Path) -> None:
    bad = tmp_path / "third-line.md"
    bad.write_bytes(b"# ok\n\nfine [x](https://example.org/x) and \xe9 here\n")
    result = invoke("ingest", str(bad))
    assert_clean_failure(result, 1)
    assert "UTF-8" in result.stderr
    assert "line 3" in result.stderr


def test_broken_yaml_front_matter(invoke: Any, ingested: Result, tmp_path: Path) -> None:
    broken = tmp_path / "broken-front.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")
    before = snapshot(invoke)
    result = invoke("ingest", str(broken))
    assert_clean_failure(result, 1)
    assert "broken-front.md" in result.stderr
    assert result.stdout == ""
    assert snapshot(invoke) == before


def test_bad_file_among_good_ones(invoke: Any, items: Items, tmp_path: Path) -> None:
    missing = tmp_path / "gone.md"
    result = invoke("ingest", str(BUNDLED), str(missing))
    assert result.exit_code == 1
    assert "gone.md" in result.stderr
    assert "1 failed" in result.stderr
    assert names(items()) == NAMES  # the good post still went in
