"""`list`: the open items by default, --all and the filters (--theme, --status, --source),
--sort, the formats (table, json, csv, markdown) and what an empty result says."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import (
    BUNDLED_NAMES,
    as_json,
    fails_cleanly,
    listed,
    names,
    ok,
    stderr_lines,
)
from typer.testing import Result

PLATFORM = ["OpenTelemetry", "Gateway API", "Karpenter", "CHPs", "Edera"]


def test_list_default_shows_only_open_items(invoke: Invoke, ingested: Result) -> None:
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
    assert names(as_json) == [n for n in BUNDLED_NAMES if n not in ("Karpenter", "Edera")]
    assert {r["status"] for r in as_json} == {"todo", "doing"}


def test_list_all_and_status(invoke: Invoke, ingested: Result) -> None:
    assert invoke("done", "Karpenter").exit_code == 0
    assert invoke("drop", "Edera").exit_code == 0
    every = json.loads(invoke("list", "--all", "--format", "json").stdout)
    assert names(every) == BUNDLED_NAMES
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


def test_list_theme_batch(invoke: Invoke, ingested: Result) -> None:
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
    invoke: Invoke, ingested: Result, given: str
) -> None:
    result = invoke("list", "--theme", given, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert names(json.loads(result.stdout)) == PLATFORM


@pytest.mark.parametrize("fmt", [[], ["--format", "json"]])
def test_list_unknown_theme(invoke: Invoke, ingested: Result, fmt: list[str]) -> None:
    result = invoke("list", "--theme", "nosuchtheme", *fmt)
    fails_cleanly(result, 2)
    assert result.stdout == ""
    assert "nosuchtheme" in result.stderr
    for known in ("batch", "multi-cluster", "platform-engineering"):
        assert known in result.stderr
    assert len(stderr_lines(result)) == 1


def test_list_unknown_status(invoke: Invoke, ingested: Result) -> None:
    result = invoke("list", "--status", "finished")
    fails_cleanly(result, 2)
    assert result.stdout == ""
    assert "finished" in result.stderr
    for known in ("todo", "doing", "done", "dropped"):
        assert known in result.stderr


def test_list_json_empty_store(invoke: Invoke) -> None:
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_list_json_empty_result(invoke: Invoke, ingested: Result) -> None:
    result = invoke("list", "--status", "done", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_list_empty_says_so_on_stderr(invoke: Invoke) -> None:
    result = invoke("list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No open items" in result.stderr


def test_list_empty_filtered_says_so_on_stderr(invoke: Invoke, ingested: Result) -> None:
    result = invoke("list", "--theme", "storage")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No open items match" in result.stderr
    result = invoke("list", "--status", "done")
    assert result.stdout == ""
    assert "No items match" in result.stderr


@pytest.fixture
def two_posts(invoke: Invoke, na_post: Path) -> Invoke:
    ok(invoke("ingest"))
    ok(invoke("ingest", na_post))
    ok(invoke("done", "kueue", "cilium"))
    ok(invoke("start", "karpenter"))
    ok(invoke("drop", "edera"))
    return invoke


def test_list_csv(two_posts: Invoke) -> None:
    run = two_posts
    rows = list(csv.DictReader(io.StringIO(ok(run("list", "--format", "csv")).stdout)))
    open_names = [i["name"] for i in listed() if i["status"] in ("todo", "doing")]
    assert [r["name"] for r in rows] == open_names
    assert "Kueue" not in open_names and "Karpenter" in open_names
    assert {r["status"] for r in rows} == {"todo", "doing"}
    by = {r["name"]: r for r in rows}
    assert by["Volcano"]["sources"] == "KubeCon NA 2025 notes"
    assert by["JobSet"]["sources"] == "KubeCon EU 2025"
    assert by["Volcano"]["action"] == "evaluate"
    all_rows = list(csv.DictReader(io.StringIO(ok(run("list", "-a", "-f", "csv")).stdout)))
    assert len(all_rows) == 14


def test_list_csv_names_every_post_of_an_item(two_posts: Invoke, tmp_path: Path) -> None:
    third = tmp_path / "third.md"
    third.write_text(
        "---\ntitle: Batch day, again\n---\n\nBatch: [JobSet](https://jobset.sigs.k8s.io/).\n",
        encoding="utf-8",
    )
    ok(two_posts("ingest", third))
    rows = csv.DictReader(io.StringIO(ok(two_posts("list", "--format", "csv")).stdout))
    by = {r["name"]: r for r in rows}
    assert by["JobSet"]["sources"] == "KubeCon EU 2025; Batch day, again"


def test_list_markdown(two_posts: Invoke) -> None:
    lines = ok(two_posts("list", "--all", "--format", "markdown")).stdout.splitlines()
    assert lines[0] == "| ID | Project | Theme | Status | Action | Source | Link |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    assert len(lines) == 2 + 14
    assert "| 1 | Kueue | batch | done |  | KubeCon EU 2025 | https://kueue.sigs.k8s.io/ |" in lines


@pytest.mark.parametrize("key", ["id", "theme", "status", "name", "date"])
def test_list_sort(two_posts: Invoke, key: str) -> None:
    rows = listed("--sort", key)
    assert len(rows) == 14
    ids = [r["id"] for r in rows]
    if key == "id":
        assert ids == sorted(ids)
    elif key == "theme":
        assert [(r["theme"], r["id"]) for r in rows] == sorted((r["theme"], r["id"]) for r in rows)
        assert rows[0]["theme"] == "batch"
    elif key == "status":
        order = {"doing": 0, "todo": 1, "done": 2, "dropped": 3}
        keys = [(order[r["status"]], r["id"]) for r in rows]
        assert keys == sorted(keys)
        assert rows[0]["name"] == "Karpenter" and rows[-1]["name"] == "Edera"
    elif key == "name":
        names = [r["name"] for r in rows]
        assert names == sorted(names, key=str.casefold)
    else:  # newest post first
        dates = [r["sources"][0]["date"] for r in rows]
        assert dates == sorted(dates, reverse=True)
        assert {r["name"] for r in rows[:2]} == {"Volcano", "Cilium"}
    # the table obeys the same order
    table = ok(two_posts("list", "--all", "--sort", key)).stdout.splitlines()[1:]
    assert [int(line.split()[0]) for line in table] == ids


def test_list_source_filter(two_posts: Invoke, na_post: Path) -> None:
    run = two_posts
    by_title = listed("--source", "NA 2025")
    assert {r["name"] for r in by_title} == {"Volcano", "Cilium"}
    by_path = listed("--source", "kubecon-eu-2025")
    assert len(by_path) == 12 and "Volcano" not in {r["name"] for r in by_path}
    assert {r["name"] for r in listed("--source", na_post.parent.name)} == {
        "Volcano",
        "Cilium",
    }
    # combined with the default open filter: Cilium is done
    assert [r["name"] for r in as_json(run("list", "--source", "na 2025", "-f", "json"))] == [
        "Volcano"
    ]
    nothing = ok(run("list", "--source", "no such post"))
    assert nothing.stdout == "" and "No open items match." in nothing.stderr


def test_list_source_filter_is_a_literal_substring(two_posts: Invoke) -> None:
    assert listed("--source", "%") == []
    assert listed("--source", "kubecon_eu") == []


def test_list_filters_by_theme_and_status(two_posts: Invoke) -> None:
    rows = listed("--theme", "batch", "--status", "todo")
    assert {r["name"] for r in rows} == {"JobSet", "kjob", "Volcano"}
    fails_cleanly(two_posts("list", "--theme", "nope"), 2)
    fails_cleanly(two_posts("list", "--status", "finished"), 2)
