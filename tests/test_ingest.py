"""Ingest through the CLI: what it prints, ids that stay stable, re-ingest that keeps the
user's statuses, notes and edits. (Refused input: test_ingest_refusals.py.)"""

from __future__ import annotations

from pathlib import Path

from conftest import BUNDLED, Invoke
from helpers import (
    APPENDED,
    BUNDLED_NAMES,
    as_json,
    export,
    items_by_name,
    listed,
    names,
    ok,
    status_of,
)
from typer.testing import Result


def test_ingest_without_args_uses_bundled_post(invoke: Invoke) -> None:
    result = invoke("ingest")
    assert result.exit_code == 0, result.stderr
    # a table of the added items on stdout
    for name in BUNDLED_NAMES:
        assert name in result.stdout
    assert "added" in result.stdout
    assert "KubeCon EU 2025" in result.stdout
    # the summary on stderr, not stdout
    assert "12 new item(s)" in result.stderr
    assert "1 post(s) added" in result.stderr
    assert "new item" not in result.stdout
    assert names(listed()) == BUNDLED_NAMES
    assert listed()[0]["sources"][0]["path"] == str(BUNDLED.resolve())


def test_reingest_adds_nothing(invoke: Invoke, ingested: Result) -> None:
    before = listed()
    again = invoke("ingest")
    assert again.exit_code == 0, again.stderr
    assert "0 new" in again.stderr
    assert "1 unchanged" in again.stderr
    assert "added" not in again.stdout
    assert listed() == before


def test_done_survives_reingest(invoke: Invoke, ingested: Result, tmp_path: Path) -> None:
    assert invoke("done", "kueue").exit_code == 0
    assert invoke("ingest").exit_code == 0
    assert status_of("Kueue") == "done"
    # a changed post at the same path (re-extracted, "updated") keeps the status too
    copy = tmp_path / "copy.md"  # a post of its own (the same content is the same post)
    copy.write_text(BUNDLED.read_text(encoding="utf-8") + "\nMy copy.\n", encoding="utf-8")
    assert invoke("ingest", str(copy)).exit_code == 0
    assert invoke("done", "jobset").exit_code == 0
    copy.write_text(copy.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = invoke("ingest", str(copy))
    assert result.exit_code == 0, result.stderr
    assert "1 updated" in result.stderr
    assert status_of("Kueue") == "done"
    assert status_of("JobSet") == "done"
    assert len(listed()) == 12


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


def test_ids_are_stable_and_continue(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("ingest").exit_code == 0
    first = {r["name"]: r["id"] for r in listed()}
    assert sorted(first.values()) == list(range(1, 13))
    second = tmp_path / "second.md"
    second.write_text(SECOND_POST, encoding="utf-8")
    result = invoke("ingest", str(second))
    assert result.exit_code == 0, result.stderr
    assert "2 new item(s)" in result.stderr
    after = {r["name"]: r["id"] for r in listed()}
    # old items keep their ids; Kueue is not duplicated
    assert {k: after[k] for k in first} == first
    assert names(listed()).count("Kueue") == 1
    new = {k: v for k, v in after.items() if k not in first}
    assert set(new) == {"Prometheus", "Argo CD"}
    assert sorted(new.values()) == [13, 14]
    kueue = next(r for r in listed() if r["name"] == "Kueue")
    assert [s["title"] for s in kueue["sources"]] == ["KubeCon EU 2025", "Another trip"]
    # re-ingesting the first post again neither renumbers nor adds
    assert invoke("ingest").exit_code == 0
    assert {r["name"]: r["id"] for r in listed()} == after


def test_reingest_of_changed_post_keeps_edits_statuses_and_notes(
    invoke: Invoke, post_copy: Path
) -> None:
    ok(invoke("ingest", post_copy))
    ok(invoke("edit", "kueue", "--theme", "observability", "--action", "watch"))
    ok(invoke("edit", "karpenter", "--url", "https://karpenter.example.org/docs/"))
    ok(invoke("edit", "gateway api", "--name", "Kubernetes Gateway API", "--action", "none"))
    ok(invoke("done", "kueue"))
    ok(invoke("start", "karpenter"))
    ok(invoke("drop", "edera"))
    ok(invoke("note", "Kubernetes Gateway API", "compare with our ingress"))
    before = export()

    with post_copy.open("a", encoding="utf-8") as f:
        f.write(APPENDED)
    again = ok(invoke("ingest", post_copy))
    assert "1 updated" in again.stderr

    items = items_by_name()
    assert "Volcano" in items  # the changed post was really ingested again
    kueue, karpenter = items["Kueue"], items["Karpenter"]
    gateway = items["Kubernetes Gateway API"]
    assert "Gateway API" not in items
    assert (kueue["theme"], kueue["action"]) == ("observability", "watch")
    assert karpenter["url"] == "https://karpenter.example.org/docs/"
    assert gateway["action"] is None
    # the appended sentence does reach the items (their mentions), just not edited fields
    kueue_detail = as_json(invoke("show", "Kueue", "--format", "json"))
    assert any("Looking back" in m["sentence"] for m in kueue_detail["mentions"])

    after = export()
    old = {i["id"]: i for i in before["items"]}
    for item in after["items"]:
        if item["id"] in old:
            assert item["status"] == old[item["id"]]["status"], item["name"]
            assert item["notes"] == old[item["id"]]["notes"], item["name"]
            assert item["name"] == old[item["id"]]["name"]
    assert {i["name"]: i["status"] for i in after["items"]}["Edera"] == "dropped"
