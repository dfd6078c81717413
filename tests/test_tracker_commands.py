"""The everyday tracker commands through CliRunner on a temporary store: status, note, add,
edit, history, undo, search, export/import, list's formats and filters, path, the output
conventions (no escapes, markup printed literally) and shell completion.

Fixtures here are prefixed tc_ so they never clash with conftest.py's.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from typer.testing import CliRunner, Result

from kubefollow.cli import app, options
from kubefollow.paths import bundled_post

Run = Callable[..., Result]

BUNDLED = bundled_post()
BOX_CHARS = set("┏┓┗┛┃━┡┩╇┳┻│─└┘┴┬├┤█░")
ESC = "\x1b"

NA_POST = """---
title: KubeCon NA 2025 notes
date: 2025-11-20
---

Batch scheduling was everywhere again: I want to evaluate [Volcano](https://volcano.sh/) for our
training jobs.

On the networking side, the service mesh talks convinced me we should be using
[Cilium](https://cilium.io/) everywhere.
"""

HOSTILE_POST = (
    "---\n"
    'title: "[bold]Hostile[/bold] notes"\n'
    "date: 2025-12-01\n"
    "---\n\n"
    "The [[red]Evil[/red] Mesh](https://evilmesh.dev/) booth had a service mesh "
    "banner.\n\n"
    "I keep an eye on the [\x1b[31mRed Scanner](https://redscanner.dev/) for "
    "security.\n"
)
EVIL = "[red]Evil[/red] Mesh"
HOSTILE_TITLE = "[bold]Hostile[/bold] notes"

# Appended to a copy of the bundled post: new cues and links for items a test has edited.
APPENDED = (
    "\n\nLooking back, [Kueue](https://kueue.sigs.k8s.io/) and [Karpenter](https://karpenter.sh/)"
    " are tools we should adopt, and I want to evaluate [Gateway API]"
    "(https://gateway-api.sigs.k8s.io/) again alongside [Volcano](https://volcano.sh/) for"
    " batch scheduling.\n"
)


# --- fixtures and helpers ----------------------------------------------------------------


@pytest.fixture
def tc_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store that does not exist yet, as KUBEFOLLOW_DB; the user's own dirs hidden."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "store" / "kubefollow.db"
    monkeypatch.setenv("KUBEFOLLOW_DB", str(path))
    return path


@pytest.fixture
def tc_run(tc_db: Path) -> Run:
    """`kubefollow ARGS...` on the temp store (or on db=...); stdout and stderr separate."""
    runner = CliRunner()  # Click >= 8.2: result.stdout and result.stderr are separate

    def run(
        *args: str | Path,
        db: Path | None = None,
        env: dict[str, str] | None = None,
        input: str | None = None,
    ) -> Result:
        full_env = {"COLUMNS": "120", "KUBEFOLLOW_DB": str(db or tc_db), **(env or {})}
        return runner.invoke(app, [str(a) for a in args], input=input, env=full_env)

    return run


@pytest.fixture
def tc_post(tmp_path: Path) -> Path:
    """A copy of the bundled post that a test may change."""
    dest = tmp_path / "posts" / "kubecon-eu-2025.md"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BUNDLED, dest)
    return dest


def _post_file(dest: Path, text: str) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture
def tc_na_post(tmp_path: Path) -> Path:
    return _post_file(tmp_path / "more" / "kubecon-na-2025.md", NA_POST)


@pytest.fixture
def tc_hostile_post(tmp_path: Path) -> Path:
    return _post_file(tmp_path / "hostile" / "hostile.md", HOSTILE_POST)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def failed(result: Result, code: int) -> Result:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


def all_items(run: Run, *args: str, db: Path | None = None) -> list[dict[str, Any]]:
    return as_json(run("list", "--all", "--format", "json", *args, db=db))


def by_name(run: Run, db: Path | None = None) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in all_items(run, db=db)}


def export(run: Run, db: Path | None = None) -> dict[str, Any]:
    return as_json(run("export", "--format", "json", db=db))


def snapshot(run: Run, db: Path | None = None) -> dict[str, Any]:
    """The export minus items' updated_at: bookkeeping that undo deliberately does not
    track (undo.IGNORED_COLUMNS). Everything else must come back exactly."""
    data = export(run, db)
    for item in data["items"]:
        item.pop("updated_at", None)
    return data


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def row_cells(text: str, first: str) -> list[str]:
    """The cells of the plain (piped) table row starting with `first`."""
    for line in text.splitlines():
        if line.startswith(first + "  "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row {first!r} in:\n{text}")


def ingest_bundled(run: Run, db: Path | None = None) -> None:
    ok(run("ingest", db=db))


# --- status ------------------------------------------------------------------------------


def test_status_counts_per_theme_and_post(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    result = ok(tc_run("status"))
    out = result.stdout
    # Theme, Total, Todo, Doing, Done, Dropped, Done / total
    assert row_cells(out, "Batch") == ["Batch", "3", "2", "0", "1", "0", "33%"]
    assert row_cells(out, "Multi-cluster") == ["Multi-cluster", "4", "4", "0", "0", "0", "0%"]
    assert row_cells(out, "Platform engineering")[1:3] == ["5", "5"]
    # Post, Date, Items, Done, Done / items
    assert row_cells(out, "KubeCon EU 2025") == ["KubeCon EU 2025", "2025-04-24", "12", "1", "8%"]
    # piped: no box drawing, no progress bar glyphs, no escapes
    assert not BOX_CHARS & set(out)
    assert ESC not in out + result.stderr


def test_status_counts_follow_every_status(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("start", "jobset"))
    ok(tc_run("drop", "kjob"))
    ok(tc_run("done", "kcp", "Sveltos"))
    out = ok(tc_run("status")).stdout
    assert row_cells(out, "Batch") == ["Batch", "3", "1", "1", "0", "1", "0%"]
    assert row_cells(out, "Multi-cluster") == ["Multi-cluster", "4", "2", "0", "2", "0", "50%"]
    assert row_cells(out, "KubeCon EU 2025")[2:] == ["12", "2", "16%"]


def test_status_on_a_terminal_is_boxed_and_respects_no_color(
    tc_run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    plain = ok(tc_run("status", env={"NO_COLOR": "1", "TERM": "xterm"}))
    assert "┃" in plain.stdout and "█" in plain.stdout
    assert ESC not in plain.stdout + plain.stderr
    colored = ok(tc_run("status", env={"TERM": "xterm"}))
    assert ESC in colored.stdout  # the NO_COLOR check above is not vacuous


def test_status_on_an_empty_store(tc_run: Run, tc_db: Path) -> None:
    result = ok(tc_run("status"))
    assert result.stdout == ""
    assert "kubefollow ingest" in result.stderr
    assert not tc_db.exists()  # reading never creates a store


# --- note --------------------------------------------------------------------------------


def test_note_shows_up_in_show_and_json(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    result = ok(tc_run("note", "kueue", "try it on the staging cluster"))
    assert "Noted on #1 Kueue" in result.stderr
    text = ok(tc_run("show", "kueue")).stdout
    assert "notes:" in text
    assert "try it on the staging cluster" in text
    detail = as_json(tc_run("show", "Kueue", "--format", "json"))
    (note,) = detail["notes"]
    assert note["text"] == "try it on the staging cluster"
    assert datetime.fromisoformat(note["created_at"]).year >= 2024
    # other items are untouched
    assert as_json(tc_run("show", "JobSet", "--format", "json"))["notes"] == []


@pytest.mark.parametrize("text", ["", "   ", "\x1b\x07"])
def test_empty_note_is_a_usage_error(tc_run: Run, text: str) -> None:
    ok(tc_run("ingest"))
    before = export(tc_run)
    result = failed(tc_run("note", "kueue", text), 2)
    assert "empty" in result.stderr
    assert export(tc_run) == before


def test_note_on_unknown_item_fails(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    result = failed(tc_run("note", "no-such-project", "hello"), 1)
    assert len(stderr_lines(result)) == 1


# --- add ---------------------------------------------------------------------------------


def test_add_appears_in_list_json(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    result = ok(
        tc_run(
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
    item = by_name(tc_run)["Kueue Viz"]
    assert item["id"] == new_id
    assert item["url"] == "https://kueue-viz.example.org/"
    assert item["theme"] == "observability"
    assert item["themes"] == ["observability"]
    assert item["action"] == "evaluate"
    assert item["status"] == "todo"
    assert item["sources"] == []
    # open, so it is also in the default list
    assert "Kueue Viz" in ok(tc_run("list")).stdout


def test_add_resolves_theme_titles_and_defaults(tc_run: Run) -> None:
    ok(tc_run("add", "Backstage Plugin", "--theme", "Platform Engineering"))
    ok(tc_run("add", "Plain Thing"))
    items = by_name(tc_run)
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
def test_add_refuses_bad_input(tc_run: Run, extra: list[str]) -> None:
    ok(tc_run("ingest"))
    before = export(tc_run)
    result = failed(tc_run("add", "Thing", *extra), 2)
    assert len(stderr_lines(result)) == 1
    assert result.stdout == ""
    assert export(tc_run) == before


# --- edit --------------------------------------------------------------------------------


def test_edit_changes_each_field(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    result = ok(
        tc_run(
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
    item = by_name(tc_run)["Kueue Jobs"]
    assert item["theme"] == "observability"
    assert item["themes"][0] == "observability" and "batch" in item["themes"]
    assert item["action"] == "adopt"
    assert item["url"] == "https://kueue.example.org/docs/"
    assert "Kueue" not in by_name(tc_run)
    detail = as_json(tc_run("show", "Kueue Jobs", "--format", "json"))
    assert set(detail["edited"]) == {"name", "theme", "action", "url"}
    # --action none clears it
    ok(tc_run("edit", "karpenter", "--action", "none"))
    assert by_name(tc_run)["Karpenter"]["action"] is None


@pytest.mark.parametrize(
    "extra, code",
    [([], 2), (["--theme", "nope"], 2), (["--action", "deploy"], 2), (["--url", "ftp://x/y"], 2)],
)
def test_edit_refuses_bad_input(tc_run: Run, extra: list[str], code: int) -> None:
    ok(tc_run("ingest"))
    before = export(tc_run)
    failed(tc_run("edit", "kueue", *extra), code)
    assert export(tc_run) == before


def test_reingest_of_changed_post_keeps_edits_statuses_and_notes(
    tc_run: Run, tc_post: Path
) -> None:
    ok(tc_run("ingest", tc_post))
    ok(tc_run("edit", "kueue", "--theme", "observability", "--action", "watch"))
    ok(tc_run("edit", "karpenter", "--url", "https://karpenter.example.org/docs/"))
    ok(tc_run("edit", "gateway api", "--name", "Kubernetes Gateway API", "--action", "none"))
    ok(tc_run("done", "kueue"))
    ok(tc_run("start", "karpenter"))
    ok(tc_run("drop", "edera"))
    ok(tc_run("note", "Kubernetes Gateway API", "compare with our ingress"))
    before = export(tc_run)

    with tc_post.open("a", encoding="utf-8") as f:
        f.write(APPENDED)
    again = ok(tc_run("ingest", tc_post))
    assert "1 updated" in again.stderr

    items = by_name(tc_run)
    assert "Volcano" in items  # the changed post was really ingested again
    kueue, karpenter = items["Kueue"], items["Karpenter"]
    gateway = items["Kubernetes Gateway API"]
    assert "Gateway API" not in items
    assert (kueue["theme"], kueue["action"]) == ("observability", "watch")
    assert karpenter["url"] == "https://karpenter.example.org/docs/"
    assert gateway["action"] is None
    # the appended sentence does reach the items (their mentions), just not edited fields
    kueue_detail = as_json(tc_run("show", "Kueue", "--format", "json"))
    assert any("Looking back" in m["sentence"] for m in kueue_detail["mentions"])

    after = export(tc_run)
    old = {i["id"]: i for i in before["items"]}
    for item in after["items"]:
        if item["id"] in old:
            assert item["status"] == old[item["id"]]["status"], item["name"]
            assert item["notes"] == old[item["id"]]["notes"], item["name"]
            assert item["name"] == old[item["id"]]["name"]
    assert {i["name"]: i["status"] for i in after["items"]}["Edera"] == "dropped"


# --- history -----------------------------------------------------------------------------


def test_history_one_row_per_command_newest_first(tc_run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(tc_run("add", "Imported Thing", "--url", "https://imported.example.org/", db=other))
    dump = tmp_path / "other.json"
    dump.write_text(ok(tc_run("export", db=other)).stdout, encoding="utf-8")

    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue", "jobset"))
    ok(tc_run("note", "kueue", "ask the batch team"))
    ok(tc_run("add", "Hand Made"))
    ok(tc_run("edit", "hand made", "--action", "read"))
    ok(tc_run("import", dump))

    rows = as_json(tc_run("history", "--format", "json"))
    assert [r["command"] for r in rows] == ["import", "edit", "add", "note", "done", "ingest"]
    assert rows[-1]["changes"] > 12
    assert "KubeCon EU 2025" in rows[-1]["summary"]
    assert "#1 Kueue" in rows[-2]["summary"] and "#2 JobSet" in rows[-2]["summary"]

    table = ok(tc_run("history")).stdout.splitlines()
    assert table[0].split()[0] == "#"
    # columns: #, date, time, command, ...
    assert [line.split()[3] for line in table[1:]] == [
        "import",
        "edit",
        "add",
        "note",
        "done",
        "ingest",
    ]
    assert not BOX_CHARS & set("".join(table))


def test_history_of_one_item(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    ok(tc_run("note", "kueue", "ask the batch team"))
    ok(tc_run("start", "jobset"))
    lines = ok(tc_run("history", "kueue")).stdout.splitlines()
    assert "note added" in lines[0]
    assert "status: todo -> done" in lines[1]
    assert all("ingest" in line for line in lines[2:]) and len(lines) > 2
    assert not any("doing" in line for line in lines)  # JobSet's change is not Kueue's
    rows = as_json(tc_run("history", "kueue", "--format", "json"))
    assert [r["command"] for r in rows[:2]] == ["note", "done"]
    failed(tc_run("history", "no-such-project"), 1)


def test_history_on_an_empty_store(tc_run: Run) -> None:
    result = ok(tc_run("history"))
    assert result.stdout == ""
    assert "No history" in result.stderr


# --- undo --------------------------------------------------------------------------------


def _import_file(run: Run, tmp_path: Path, post: Path) -> Path:
    """An export of another store: the same post, different statuses, a note, a new item."""
    other = tmp_path / "elsewhere.db"
    ok(run("ingest", post, db=other))
    ok(run("done", "kueue", db=other))
    ok(run("drop", "edera", db=other))
    ok(run("note", "karpenter", "from the other laptop", db=other))
    ok(run("add", "Imported Thing", "--url", "https://imported.example.org/", db=other))
    dump = tmp_path / "elsewhere.json"
    dump.write_text(ok(run("export", db=other)).stdout, encoding="utf-8")
    return dump


UNDO_CASES = {
    # name: (command name in the log, steps before, the change)
    "ingest": ("ingest", [], ["ingest", "{post}"]),
    "reingest": (
        "ingest",
        [["ingest", "{post}"], ["done", "kueue"], ["note", "kueue", "n"], ["append"]],
        ["ingest", "{post}"],
    ),
    "done": ("done", [["ingest", "{post}"]], ["done", "kueue", "karpenter"]),
    "start": ("doing", [["ingest", "{post}"]], ["start", "gateway api"]),
    "reopen": ("todo", [["ingest", "{post}"], ["done", "kueue"]], ["reopen", "kueue"]),
    "drop": ("dropped", [["ingest", "{post}"]], ["drop", "edera", "chps"]),
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
    tc_run: Run, tc_post: Path, tmp_path: Path, case: str
) -> None:
    command, steps, change = UNDO_CASES[case]
    dump = _import_file(tc_run, tmp_path, tc_post) if case == "import" else None

    def expand(args: list[str]) -> list[str]:
        return [str(tc_post) if a == "{post}" else str(dump) if a == "{dump}" else a for a in args]

    for step in steps:
        if step == ["append"]:
            with tc_post.open("a", encoding="utf-8") as f:
                f.write(APPENDED)
        else:
            ok(tc_run(*expand(step)))
    before = snapshot(tc_run)
    ok(tc_run(*expand(change)))
    assert snapshot(tc_run) != before  # the change did something

    result = ok(tc_run("undo"))
    assert re.match(rf"Undid #\d+ {command} of ", result.stderr), result.stderr
    assert result.stdout == ""
    assert snapshot(tc_run) == before
    rows = as_json(tc_run("history", "--format", "json"))
    assert rows[0]["command"] == "undo"
    assert rows[1]["command"] == command and rows[1]["undone_at"]


def test_undo_again_undoes_the_one_before(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    after_ingest = snapshot(tc_run)
    ok(tc_run("done", "kueue"))
    after_done = snapshot(tc_run)
    ok(tc_run("note", "kueue", "ask the batch team"))
    first = ok(tc_run("undo"))
    assert " note " in first.stderr
    assert snapshot(tc_run) == after_done
    second = ok(tc_run("undo"))
    assert " done " in second.stderr
    assert snapshot(tc_run) == after_ingest
    third = ok(tc_run("undo"))
    assert " ingest " in third.stderr
    assert all_items(tc_run) == []
    failed(tc_run("undo"), 1)


def test_undo_with_nothing_to_undo(tc_run: Run) -> None:
    result = failed(tc_run("undo"), 1)
    assert stderr_lines(result) == ["kubefollow: error: nothing to undo"]
    assert result.stdout == ""


def test_undo_skips_commands_that_changed_nothing(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    ok(tc_run("done", "kueue"))  # already done: logged, no change
    result = ok(tc_run("undo"))
    assert " done " in result.stderr and "(1 change(s))" in result.stderr
    assert by_name(tc_run)["Kueue"]["status"] == "todo"


def test_ingest_of_several_posts_is_one_undo_step(tc_run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "trip"
    folder.mkdir()
    for n, (a, b) in enumerate([("Alpha", "Bravo"), ("Charlie", "Delta"), ("Echo", "Foxtrot")]):
        (folder / f"day{n}.md").write_text(
            f"---\ntitle: Day {n}\ndate: 2025-06-0{n + 1}\n---\n\n"
            f"I want to evaluate [{a} Queue](https://{a.lower()}-queue.dev/) for batch "
            f"jobs, and [{b} Mesh](https://{b.lower()}-mesh.dev/) for the service mesh.\n",
            encoding="utf-8",
        )
    result = ok(tc_run("ingest", folder))
    assert "3 post(s) added" in result.stderr
    assert len(all_items(tc_run)) == 6
    rows = as_json(tc_run("history", "--format", "json"))
    assert [r["command"] for r in rows] == ["ingest"]
    undone = ok(tc_run("undo"))
    assert "3 post(s)" in undone.stderr
    assert export(tc_run)["items"] == []
    assert export(tc_run)["posts"] == []
    failed(tc_run("undo"), 1)


def test_undo_refuses_when_a_row_changed_outside_the_log(tc_run: Run, tc_db: Path) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    with sqlite3.connect(tc_db) as conn:
        conn.execute("UPDATE items SET status = 'dropped' WHERE name = 'Kueue'")
    conn.close()
    before = export(tc_run)
    history_before = as_json(tc_run("history", "--format", "json"))
    result = failed(tc_run("undo"), 1)
    assert len(stderr_lines(result)) == 1
    assert "cannot undo" in result.stderr and "nothing was undone" in result.stderr
    assert export(tc_run) == before
    assert by_name(tc_run)["Kueue"]["status"] == "dropped"
    assert as_json(tc_run("history", "--format", "json")) == history_before


# --- search ------------------------------------------------------------------------------


def test_search_by_name_quote_and_note(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("note", "karpenter", "benchmark the consolidation feature"))
    by_item = as_json(tc_run("search", "kueue", "--format", "json"))
    assert by_item[0]["name"] == "Kueue" and by_item[0]["field"] == "name"
    quoted = as_json(tc_run("search", "mainstream", "--format", "json"))
    assert [r["name"] for r in quoted] == ["OpenTelemetry"]
    assert quoted[0]["field"] == "mention" and "mainstream" in quoted[0]["match"]
    noted = as_json(tc_run("search", "consolidation", "--format", "json"))
    assert [(r["name"], r["field"]) for r in noted] == [("Karpenter", "note")]
    table = ok(tc_run("search", "mainstream")).stdout
    assert "OpenTelemetry" in table and "mention" in table
    none = ok(tc_run("search", "zzzunfindable"))
    assert none.stdout == "" and "Nothing matches" in none.stderr
    assert as_json(tc_run("search", "zzzunfindable", "--format", "json")) == []


@pytest.mark.parametrize(
    "query",
    [
        '"foo',
        "AND OR",
        "-x",
        "*",
        "kue*",
        "NEAR(kueue",
        "^kueue",
        "a:b",
        "(",
        ")",
        '"',
        "NOT",
        "OR kueue",
        "'",
        "{x}",
        "col:kueue",
        "+",
        "\x1b[31m",
        "   ",
    ],
)
def test_search_operators_never_crash(tc_run: Run, query: str) -> None:
    ok(tc_run("ingest"))
    rows = as_json(tc_run("search", "--format", "json", "--", query))
    assert isinstance(rows, list)
    ok(tc_run("search", "--", query))


# --- export and import -------------------------------------------------------------------


def test_export_markdown_checklist(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    ok(tc_run("drop", "edera"))
    text = ok(tc_run("export", "--format", "markdown")).stdout
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
    items = by_name(tc_run)
    assert set(seen) == set(items)
    for name, item in items.items():
        assert seen[name] == titles[item["theme"]], name
    assert [line for line in lines if line.startswith("## ")] == [
        "## Batch",
        "## Multi-cluster",
        "## Platform engineering",
    ]


def test_export_csv_one_row_per_item(tc_run: Run, tc_na_post: Path) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("ingest", tc_na_post))
    ok(tc_run("done", "kueue"))
    ok(tc_run("add", 'Hand, "Made"', "--action", "read"))
    rows = list(csv.DictReader(io.StringIO(ok(tc_run("export", "--format", "csv")).stdout)))
    items = all_items(tc_run)
    assert len(rows) == len(items) == 15
    assert [r["name"] for r in rows] == [i["name"] for i in items]
    row = {r["name"]: r for r in rows}
    assert row["Kueue"]["status"] == "done"
    assert row["Kueue"]["url"] == "https://kueue.sigs.k8s.io/"
    assert row['Hand, "Made"']["action"] == "read"
    assert str(BUNDLED.resolve()) in row["Kueue"]["sources"]
    assert row["Volcano"]["sources"] == str(tc_na_post.resolve())


def _rich_store(run: Run, post: Path, na_post: Path) -> None:
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
    tc_run: Run, tc_post: Path, tc_na_post: Path, tmp_path: Path
) -> None:
    _rich_store(tc_run, tc_post, tc_na_post)
    original = export(tc_run)
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(original), encoding="utf-8")

    fresh = tmp_path / "fresh.db"
    result = ok(tc_run("import", dump, db=fresh))
    n = len(original["items"])
    assert stderr_lines(result) == [f"{n} added, 0 updated, 0 unchanged."]
    assert all_items(tc_run, db=fresh) == all_items(tc_run)
    copied = export(tc_run, db=fresh)
    assert copied == original  # statuses, themes, actions, keys, mentions, notes, dates
    assert (
        as_json(tc_run("show", "kueue", "--format", "json", db=fresh))["notes"]
        == (as_json(tc_run("show", "kueue", "--format", "json"))["notes"])
    )

    # importing the same file again changes nothing
    again = ok(tc_run("import", dump, db=fresh))
    assert stderr_lines(again) == [f"0 added, 0 updated, {n} unchanged."]
    assert export(tc_run, db=fresh) == original
    # and into the store it came from, too
    same = ok(tc_run("import", dump))
    assert same.stderr.startswith("0 added, 0 updated")
    assert export(tc_run) == original


def test_import_updates_statuses_and_adds_notes(tc_run: Run, tc_post: Path, tmp_path: Path) -> None:
    dump = _import_file(tc_run, tmp_path, tc_post)
    ok(tc_run("ingest", tc_post))
    result = ok(tc_run("import", dump))
    assert result.stderr.startswith("1 added, 3 updated")
    items = by_name(tc_run)
    assert items["Kueue"]["status"] == "done"
    assert items["Edera"]["status"] == "dropped"
    assert "Imported Thing" in items
    notes = as_json(tc_run("show", "karpenter", "--format", "json"))["notes"]
    assert [n["text"] for n in notes] == ["from the other laptop"]


def test_import_keeps_items_that_share_a_name(tc_run: Run, tmp_path: Path) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("add", "Kueue", "--theme", "security"))  # add does not refuse a duplicate name
    original = export(tc_run)
    assert [i["name"] for i in original["items"]].count("Kueue") == 2
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(original), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(tc_run("import", dump, db=fresh))
    assert export(tc_run, db=fresh) == original


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
def test_import_refuses_what_is_not_an_export(tc_run: Run, tmp_path: Path, content: str) -> None:
    ok(tc_run("ingest"))
    before = export(tc_run)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = failed(tc_run("import", bad), 1)
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("kubefollow: error: ")
    assert str(bad.resolve()) in lines[0]
    assert result.stdout == ""
    assert export(tc_run) == before


def test_import_of_a_missing_file(tc_run: Run, tmp_path: Path) -> None:
    result = failed(tc_run("import", tmp_path / "missing.json"), 1)
    assert len(stderr_lines(result)) == 1


# --- list formats, sorting and filters ---------------------------------------------------


@pytest.fixture
def tc_two_posts(tc_run: Run, tc_na_post: Path) -> Run:
    ok(tc_run("ingest"))
    ok(tc_run("ingest", tc_na_post))
    ok(tc_run("done", "kueue", "cilium"))
    ok(tc_run("start", "karpenter"))
    ok(tc_run("drop", "edera"))
    return tc_run


def test_list_csv(tc_two_posts: Run) -> None:
    run = tc_two_posts
    rows = list(csv.DictReader(io.StringIO(ok(run("list", "--format", "csv")).stdout)))
    open_names = [i["name"] for i in all_items(run) if i["status"] in ("todo", "doing")]
    assert [r["name"] for r in rows] == open_names
    assert "Kueue" not in open_names and "Karpenter" in open_names
    assert {r["status"] for r in rows} == {"todo", "doing"}
    by = {r["name"]: r for r in rows}
    assert by["Volcano"]["source"] == "KubeCon NA 2025 notes"
    assert by["JobSet"]["source"] == "KubeCon EU 2025"
    assert by["Volcano"]["action"] == "evaluate"
    all_rows = list(csv.DictReader(io.StringIO(ok(run("list", "-a", "-f", "csv")).stdout)))
    assert len(all_rows) == 14


def test_list_markdown(tc_two_posts: Run) -> None:
    lines = ok(tc_two_posts("list", "--all", "--format", "markdown")).stdout.splitlines()
    assert lines[0] == "| ID | Project | Theme | Status | Action | Source | Link |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    assert len(lines) == 2 + 14
    assert "| 1 | Kueue | batch | done |  | KubeCon EU 2025 | https://kueue.sigs.k8s.io/ |" in lines


@pytest.mark.parametrize("key", ["id", "theme", "status", "name", "date"])
def test_list_sort(tc_two_posts: Run, key: str) -> None:
    rows = all_items(tc_two_posts, "--sort", key)
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
    table = ok(tc_two_posts("list", "--all", "--sort", key)).stdout.splitlines()[1:]
    assert [int(line.split()[0]) for line in table] == ids


def test_list_source_filter(tc_two_posts: Run, tc_na_post: Path) -> None:
    run = tc_two_posts
    by_title = all_items(run, "--source", "NA 2025")
    assert {r["name"] for r in by_title} == {"Volcano", "Cilium"}
    by_path = all_items(run, "--source", "kubecon-eu-2025")
    assert len(by_path) == 12 and "Volcano" not in {r["name"] for r in by_path}
    assert {r["name"] for r in all_items(run, "--source", tc_na_post.parent.name)} == {
        "Volcano",
        "Cilium",
    }
    # combined with the default open filter: Cilium is done
    assert [r["name"] for r in as_json(run("list", "--source", "na 2025", "-f", "json"))] == [
        "Volcano"
    ]
    nothing = ok(run("list", "--source", "no such post"))
    assert nothing.stdout == "" and "No open items match." in nothing.stderr


def test_list_source_filter_is_a_literal_substring(tc_two_posts: Run) -> None:
    assert all_items(tc_two_posts, "--source", "%") == []
    assert all_items(tc_two_posts, "--source", "kubecon_eu") == []


def test_list_filters_by_theme_and_status(tc_two_posts: Run) -> None:
    rows = all_items(tc_two_posts, "--theme", "batch", "--status", "todo")
    assert {r["name"] for r in rows} == {"JobSet", "kjob", "Volcano"}
    failed(tc_two_posts("list", "--theme", "nope"), 2)
    failed(tc_two_posts("list", "--status", "finished"), 2)


# --- path --------------------------------------------------------------------------------


def test_path_from_env_and_option(tc_run: Run, tc_db: Path, tmp_path: Path) -> None:
    assert ok(tc_run("path")).stdout == f"{tc_db}\n"
    other = tmp_path / "elsewhere" / "x.db"
    assert ok(tc_run("--db", other, "path")).stdout == f"{other}\n"
    assert not tc_db.exists() and not other.exists()  # path creates nothing


def test_db_option_is_used_by_commands(tc_run: Run, tc_db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(tc_run("--db", other, "add", "Only There"))
    assert other.exists()
    assert [r["name"] for r in all_items(tc_run, db=other)] == ["Only There"]
    assert all_items(tc_run) == []


# --- output conventions ------------------------------------------------------------------


def _every_output(run: Run) -> list[tuple[str, Result]]:
    commands = [
        ["list"],
        ["list", "--all"],
        ["list", "-a", "-f", "json"],
        ["list", "-a", "-f", "csv"],
        ["list", "-a", "-f", "markdown"],
        ["show", "1"],
        ["show", "1", "-f", "json"],
        ["status"],
        ["history"],
        ["history", "1"],
        ["history", "-f", "json"],
        ["search", "mesh"],
        ["search", "mesh", "-f", "json"],
        ["export"],
        ["export", "-f", "csv"],
        ["export", "-f", "markdown"],
        ["themes"],
        ["themes", "-f", "json"],
    ]
    return [(" ".join(c), ok(run(*c))) for c in commands]


def _assert_no_escapes(outputs: list[tuple[str, Result]]) -> None:
    for label, result in outputs:
        assert ESC not in result.stdout, label
        assert ESC not in result.stderr, label


def test_no_escapes_when_piped_or_no_color(tc_run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("done", "kueue"))
    ok(tc_run("note", "kueue", "note"))
    ok(tc_run("search", "x"))
    _assert_no_escapes(_every_output(tc_run))
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    outputs = _every_output(tc_run)
    _assert_no_escapes(outputs)
    assert "┃" in dict(outputs)["list"].stdout  # really the terminal rendering


def test_json_outputs_parse(tc_run: Run) -> None:
    ok(tc_run("ingest"))
    ok(tc_run("note", "kueue", 'quotes " and \\ backslashes'))
    for args in (
        ["list", "-f", "json"],
        ["list", "-a", "-f", "json"],
        ["show", "kueue", "-f", "json"],
        ["history", "-f", "json"],
        ["history", "kueue", "-f", "json"],
        ["search", "kueue", "-f", "json"],
        ["export"],
        ["export", "-f", "json"],
        ["themes", "-f", "json"],
    ):
        assert isinstance(as_json(tc_run(*args)), (list, dict)), args


def test_json_outputs_parse_on_an_empty_store(tc_run: Run) -> None:
    assert as_json(tc_run("list", "-f", "json")) == []
    assert as_json(tc_run("history", "-f", "json")) == []
    assert as_json(tc_run("search", "x", "-f", "json")) == []
    assert as_json(tc_run("export"))["items"] == []


def test_markup_and_escapes_from_posts_are_printed_literally(
    tc_run: Run, tc_hostile_post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest = ok(tc_run("ingest", tc_hostile_post))
    assert EVIL in ingest.stdout
    assert ESC not in ingest.stdout + ingest.stderr
    evil = by_name(tc_run)[EVIL]
    ok(tc_run("done", str(evil["id"])))
    ok(tc_run("note", str(evil["id"]), "[blink]careful[/blink] \x1b[2J"))

    def check(outputs: list[tuple[str, Result]]) -> None:
        _assert_no_escapes(outputs)
        got = dict(outputs)
        for label in (
            "list --all",
            "list -a -f json",
            "list -a -f csv",
            "show 1",
            "show 1 -f json",
            "history",
            "search mesh",
            "search mesh -f json",
            "export",
            "export -f csv",
        ):
            assert EVIL in got[label].stdout, label
        for label in ("status", "list --all", "history"):
            assert HOSTILE_TITLE in got[label].stdout, label
        assert "[blink]careful[/blink]" in got["show 1"].stdout
        # markdown output escapes the brackets instead
        assert r"\[red\]Evil\[/red\] Mesh" in got["export -f markdown"].stdout
        assert r"\[red\]Evil\[/red\] Mesh" in got["list -a -f markdown"].stdout
        assert "Red Scanner" in got["list --all"].stdout

    check(_every_output(tc_run))
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")

    def wide(*args: str) -> Result:  # wide enough that no cell is cut with an ellipsis
        return tc_run(*args, env={"COLUMNS": "250"})

    check(_every_output(wide))
    # messages on stderr print names literally too
    monkeypatch.undo()
    msg = ok(tc_run("reopen", "1"))
    assert EVIL in msg.stderr and ESC not in msg.stderr
    undo = ok(tc_run("undo"))
    assert ESC not in undo.stderr


def test_hand_entered_text_is_stripped_of_escapes(tc_run: Run) -> None:
    ok(tc_run("add", "\x1b[31mRed\x1b[0m [b]Thing[/b]"))
    ok(tc_run("edit", "1", "--name", "\x1b]0;title\x07[b]Thing[/b] two"))
    for _label, result in _every_output(tc_run):
        assert ESC not in result.stdout + result.stderr
        assert "\x07" not in result.stdout + result.stderr
    assert "[b]Thing[/b] two" in ok(tc_run("list")).stdout


def test_markdown_export_strips_escapes_from_urls(tc_run: Run, tc_db: Path) -> None:
    refused = tc_run("add", "Sneaky", "--url", "https://sneaky.example.org/\x1b[2J")
    assert refused.exit_code == 2
    assert "control characters" in refused.stderr
    ok(tc_run("add", "Sneaky", "--url", "https://sneaky.example.org/"))
    with sqlite3.connect(tc_db) as conn:  # a link that bypassed the check, as an old store might
        conn.execute("UPDATE items SET url = ? WHERE name = 'Sneaky'", ("https://s.org/\x1b[2J",))
    out = ok(tc_run("export", "--format", "markdown")).stdout
    assert "Sneaky" in out
    assert ESC not in out


def test_markdown_export_strips_escapes_from_imported_themes(tc_run: Run, tmp_path: Path) -> None:
    ok(tc_run("add", "Thing"))
    data = export(tc_run)
    data["items"][0]["theme"] = "\x1b[31mevil"
    dump = tmp_path / "evil.json"
    dump.write_text(json.dumps(data), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(tc_run("import", dump, db=fresh))
    out = ok(tc_run("export", "--format", "markdown", db=fresh)).stdout
    assert ESC not in out


# --- shell completion --------------------------------------------------------------------


def _root_context(db: Path | None) -> click.Context:
    """The context shell completion gives a callback: the root's options parsed (db: as
    if --db was typed), no callback run, so no ctx.obj."""
    ctx = click.Context(typer.main.get_command(app), info_name="kubefollow")
    ctx.params["db"] = db
    return ctx


def test_completion_callbacks(tc_run: Run, tc_db: Path) -> None:
    ctx = _root_context(None)
    assert options.complete_item(ctx, "k") == []  # no store yet: nothing, and no store created
    assert not tc_db.exists()
    ok(tc_run("ingest"))
    # Completed as typed, so shells that filter on the typed prefix keep them all.
    assert options.complete_item(ctx, "k") == ["kueue", "kjob", "kcp", "karpenter"]
    assert options.complete_item(ctx, "KU") == ["KUeue"]
    assert options.complete_item(ctx, "multi") == [
        "multi-Cluster Orchestrator",
        "multicluster-runtime",
    ]
    assert options.complete_item(ctx, "zzz") == []
    assert len(options.complete_item(ctx, "")) == 12
    assert options.complete_theme("multi") == ["multi-cluster"]
    assert options.complete_theme("Pla") == ["platform-engineering"]
    assert "observability" in options.complete_theme("")
    assert options.complete_status("d") == ["doing", "done", "dropped"]
    assert options.complete_status("T") == ["todo"]
    assert options.complete_status("x") == []
    # --db given on the command line wins over the environment
    other = tc_db.parent / "other.db"
    ok(tc_run("add", "Zebra Thing", db=other))
    assert options.complete_item(_root_context(other), "Z") == ["Zebra Thing"]
    assert _complete(tc_run, f"kubefollow --db {other} done Z") == ["Zebra", "Thing"]


def _complete(run: Run, words: str) -> list[str]:
    runner = CliRunner()
    env = {
        "COLUMNS": "120",
        "_KUBEFOLLOW_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = runner.invoke(app, [], env=env, prog_name="kubefollow")
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def test_shell_completion_end_to_end(tc_run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(tc_run("ingest"))
    assert _complete(tc_run, "kubefollow done K") == ["Kueue", "Kjob", "Kcp", "Karpenter"]
    assert _complete(tc_run, "kubefollow list --theme multi") == ["multi-cluster"]


def test_shell_completion_is_case_insensitive(tc_run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(tc_run("ingest"))
    got = _complete(tc_run, "kubefollow done ku")
    assert [g.casefold() for g in got] == ["kueue"]
