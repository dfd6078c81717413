"""Nothing kubefollow prints carries a control character: C0 and C1 controls, DEL and the
bidi controls are stripped from text output and escaped in JSON (U+009B as \\u009b); and
import cleans text exactly as ingest does."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers import cli, sql
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.items import Item
from kubefollow.output import layouts
from kubefollow.output.formats import FORMATS, render_rows
from kubefollow.output.terminal import Terminal

# What must never reach a terminal raw: C0 but tab and newline, DEL, C1, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "Evil\x9b31m\x1b[2J\u202eeman\u2066 \x7fMesh\x85"


def no_raw_controls(text: str) -> bool:
    return UNSAFE.search(text) is None


# kubefollow's own escapes on a terminal: colours, and links (OSC 8) to an http(s) URL of
# printable ASCII only. Removed, what is left must hold no escape at all.
OWN_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;;(?:https?://[\x21-\x7e]+)?\x1b\\")


def without_own_escapes(text: str) -> str:
    return OWN_ESCAPES.sub("", text)


def every_listing(invoke: Invoke) -> dict[str, Any]:
    runs = {}
    for fmt in FORMATS:
        runs[f"list {fmt}"] = invoke("list", "--all", "--format", fmt)
        runs[f"search {fmt}"] = invoke("search", "Evil", "--format", fmt)
    for fmt in ("json", "csv", "markdown"):
        runs[f"export {fmt}"] = invoke("export", "--format", fmt)
    for args in (["show", "1"], ["show", "1", "--format", "json"], ["history"], ["status"],
                 ["history", "1"], ["history", "--format", "json"], ["done", "1"]):  # fmt: skip
        runs[" ".join(args)] = invoke(*args)
    for label, result in runs.items():
        assert result.exit_code == 0, (label, result.stderr)
    return runs


def test_an_imported_name_with_controls_is_cleaned_as_ingest_cleans_it(
    invoke: Invoke, ingested: Any, tmp_path: Path, db: Path
) -> None:
    data = json.loads(invoke("export").stdout)
    data["items"][0]["name"] = HOSTILE
    data["items"][0]["quote"] = "said \x9b\x1b[31m  twice\u202e"
    note = {"text": "line one\nline\x9b two\x07", "created_at": "2025-04-10T10:00:00+00:00"}
    data["items"][0]["notes"] = [note]
    dump = tmp_path / "edited.json"
    dump.write_text(json.dumps(data), encoding="utf-8")
    assert invoke("import", str(dump)).exit_code == 0
    listed = invoke("list", "--all", "--format", "json")
    assert "\x9b" not in listed.stdout and "\\u009b" not in listed.stdout
    item = json.loads(listed.stdout)[0]
    assert item["name"] == "Evil31m[2Jeman Mesh"  # one line, no control left (as ingest)
    assert item["quote"] == "said [31m twice"
    notes = [r[0] for r in sql(db, "SELECT text FROM notes")]
    assert notes == ["line one\nline two"]  # a note keeps its lines, as `note` does
    # Importing the same file again changes nothing: the comparison is on cleaned text.
    again = invoke("import", str(dump))
    assert again.exit_code == 0 and again.stderr.startswith("0 added, 0 updated")
    for label, result in every_listing(invoke).items():
        assert no_raw_controls(result.stdout + result.stderr), label


def test_controls_already_in_a_store_never_reach_stdout_or_stderr(
    invoke: Invoke, ingested: Any, db: Path
) -> None:
    """A store written by an older kubefollow (or by hand) may hold raw controls: JSON
    escapes them, every other output strips them."""
    sql(db, "UPDATE items SET name = ?, quote = ? WHERE id = 1", (HOSTILE, HOSTILE))
    sql(db, "UPDATE posts SET title = ?", (HOSTILE,))
    listed = invoke("list", "--all", "--format", "json")
    assert "\\u009b" in listed.stdout and "\x9b" not in listed.stdout
    assert "\\u202e" in listed.stdout and "\\u007f" in listed.stdout
    item = json.loads(listed.stdout)[0]
    assert item["name"] == HOSTILE  # escaped, not altered: the JSON keeps the value
    assert item["sources"][0]["title"] == HOSTILE
    runs = every_listing(invoke)
    for label, result in runs.items():
        assert no_raw_controls(result.stdout + result.stderr), label
    assert "Evil" in runs["list table"].stdout and "Evil" in runs["list csv"].stdout
    assert "Evil" in runs["done 1"].stderr


def test_list_json_keeps_its_documented_keys(invoke: Invoke, ingested: Any) -> None:
    listed = json.loads(invoke("list", "--format", "json").stdout)
    assert [list(i) for i in listed] == [[
        "id", "name", "url", "homepage", "category", "theme", "themes", "status", "action",
        "quote", "sources", "reviewed", "done_at", "maturity",
    ]] * len(listed)  # fmt: skip
    assert listed[0]["sources"][0].keys() == {"title", "path", "date"}
    by_name = {i["name"]: i["maturity"] for i in listed}
    assert (by_name["OpenTelemetry"], by_name["kcp"], by_name["Edera"]) == (
        "graduated",
        "sandbox",
        None,
    )


TERMINALS = [Terminal(False, False, None), Terminal(True, False, 80), Terminal(True, True, 60)]


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.text(max_size=30), min_size=1, max_size=4),
    quote=st.text(max_size=40),
)
def test_any_name_is_printed_without_raw_controls(names: list[str], quote: str) -> None:
    rows = [
        Item(n, name, url=f"https://x.example/{n}", theme="other", status="todo", quote=quote,
             source=name, themes=("other",), sources=({"title": name, "path": "p", "date": None},))
        for n, name in enumerate(names, 1)
    ]  # fmt: skip
    for fmt in FORMATS:
        for term in TERMINALS if fmt == "table" else TERMINALS[:1]:
            out = render_rows(rows, fmt, layouts.ITEMS, term)
            own_colors_removed = without_own_escapes(out) if term.color else out
            assert no_raw_controls(own_colors_removed), (fmt, term, out)
            if fmt == "json":
                assert [i["name"] for i in json.loads(out)] == names  # the same values


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_listing_goes_through_one_function(fmt: str) -> None:
    row = Item(1, "A\x9bB", theme="batch", status="todo")
    out = render_rows([row], fmt, layouts.ITEMS, Terminal(False, False, None))
    assert "\x9b" not in out
    assert ("\\u009b" in out) == (fmt == "json")


# --- hostile text in a post -----------------------------------------------------------------------

ESCAPES_POST = (
    "# Hostile \x1b[31mreport\x1b[0m [bold red]X[/] \x9b31m\n\n"
    "I will evaluate [Evil \x1b\\[2J[bold red]X[/]\x9b31m Proxy](https://evil-proxy.dev/) soon,"
    " after \x1b]8;;http://evil\x1b\\this\x1b]8;;\x1b\\ demo.\n\n"
    "Also in prose: \x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ \x1b[2J [bold red]X[/] \x9b.\n"
)


def _assert_inert(text: str) -> None:
    assert "\x1b" not in text, repr(text)
    assert "\x9b" not in text, repr(text)


@pytest.fixture
def hostile_store(db: Path, tmp_path: Path) -> tuple[Path, Any]:
    post = tmp_path / "hostile.md"
    post.write_text(ESCAPES_POST, encoding="utf-8")
    result = cli("ingest", str(post), db=db)
    assert result.exit_code == 0, result.stderr
    return db, result


def test_hostile_text_reaches_no_terminal(hostile_store: tuple[Path, Any]) -> None:
    db, ingest = hostile_store
    (row,) = json.loads(cli("list", "--format", "json", db=db).stdout)
    note = cli(
        "note", str(row["id"]), "note \x1b[2J [bold red]X[/] \x9b31m \x1b]8;;http://e\x07", db=db
    )
    assert note.exit_code == 0
    outputs = {
        "ingest": ingest,
        "list": cli("list", db=db),
        "list-json": cli("list", "--format", "json", db=db),
        "show": cli("show", str(row["id"]), db=db),
        "show-json": cli("show", str(row["id"]), "--format", "json", db=db),
        "history": cli("history", db=db),
        "search": cli("search", "evil", db=db),
        "note": note,
    }
    for what, result in outputs.items():
        assert result.exit_code == 0, (what, result.stderr)
        _assert_inert(result.stdout)
        _assert_inert(result.stderr)
    for what in ("ingest", "list", "list-json", "show", "show-json", "search"):
        assert "[bold red]X[/]" in outputs[what].stdout, (what, outputs[what].stdout)
    assert "[bold red]X[/]" in outputs["show"].stdout.split("notes:")[1]


def test_hostile_text_inert_with_color_on_a_terminal(
    hostile_store: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal kubefollow colours its own output; the post's escapes still never pass."""
    db, _ = hostile_store
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for args in (["list"], ["show", "1"], ["status"]):
        result = cli(*args, env={"TERM": "xterm-256color", "COLUMNS": "400"}, db=db)
        assert result.exit_code == 0, result.stderr
        own_colors_removed = without_own_escapes(result.stdout)
        _assert_inert(own_colors_removed)
        assert "\x9b" not in result.stdout
        if args[0] != "status":
            assert "[bold red]X[/]" in result.stdout
