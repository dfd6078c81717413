"""Tables on a terminal of any width: columns share the width by need, the row's name last
to shrink, nothing wider than the terminal; links clickable (OSC 8) on a terminal only,
and only for an http(s) link free of controls (links come from posts: untrusted)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from helpers import ESC, cli, ok, sql
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.output import layouts
from kubefollow.output.table import Column, display_width, hyperlink, render_table
from kubefollow.output.widths import NAME_ROOM, overhead, share

WIDTHS = (40, 60, 66, 80, 120, 200)
OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;;(?:https?://[\x21-\x7e]+)?\x1b\\")


def on_terminal(monkeypatch: pytest.MonkeyPatch, width: int, *args: str, color: bool = True) -> Any:
    monkeypatch.setattr("kubefollow.output.terminal.stdout_is_tty", lambda: True)
    env = {"COLUMNS": str(width), "TERM": "xterm"}
    if not color:
        env["NO_COLOR"] = "1"
    return ok(cli(*args, env=env))


def widest(text: str) -> int:
    return max((display_width(line) for line in OWN.sub("", text).splitlines()), default=0)


@pytest.fixture
def busy_store(invoke: Invoke, ingested: Any, tmp_path: Path) -> None:
    ok(invoke("done", "kueue"))
    ok(invoke("drop", "edera"))
    ok(invoke("start", "jobset"))
    ok(invoke("note", "kcp", "tried it on the staging cluster"))
    ok(invoke("edit", "chps", "--action", "adopt"))


TABLES = [
    ["list"],
    ["list", "--all"],
    ["status"],
    ["themes"],
    ["history"],
    ["history", "kueue"],
    ["search", "cluster"],
    ["review"],  # no terminal on stdin: the queue, printed like list --new
    ["report"],
    ["ingest", "--dry-run"],
    ["ingest", "--dry-run", "--explain"],
]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_is_wider_than_the_terminal(
    busy_store: None, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    for args in TABLES:
        out = on_terminal(monkeypatch, width, *args).stdout
        assert "┃" in out or "│" in out or out.startswith("#"), (args, out)
        assert widest(out) <= width, (args, width, out)


def test_the_project_is_cut_last(busy_store: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # At 120 columns every name is whole: the link and the post give up width first.
    out = on_terminal(monkeypatch, 120, "list").stdout
    for name in ("OpenTelemetry", "Multi-Cluster Orchestrator", "multicluster-runtime"):
        assert name in out
    assert "platform-engineering" in out  # the theme too
    # At 60, columns are left out before a name is cut below its room.
    out = on_terminal(monkeypatch, 60, "list").stdout
    assert "OpenTelemetry" in out and "Gateway API" in out and "Link" not in out


@pytest.mark.parametrize("width", WIDTHS)
def test_status_keeps_its_percentages(
    busy_store: None, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    out = on_terminal(monkeypatch, width, "status").stdout
    batch = next(line for line in out.splitlines() if "batch" in line)
    assert "33%" in batch  # Kueue done of kjob, Kueue, JobSet
    assert widest(out) <= width


def test_share_gives_width_by_need() -> None:
    cols = [Column("ID", "id"), *layouts.ITEMS.columns[1:]]
    wanted = [2, 26, 20, 6, 8, 15, 140]
    headers = [display_width(c.header) for c in cols]
    widths = share(cols, wanted, headers, 120)
    assert widths[:6] == wanted[:6]  # only the link gives
    assert sum(w or 0 for w in widths) + overhead(len(cols)) == 120


@settings(max_examples=300, deadline=None)
@given(
    wanted=st.lists(st.integers(0, 200), min_size=7, max_size=7),
    total=st.integers(10, 250),
)
def test_share_never_passes_the_total(wanted: list[int], total: int) -> None:
    cols = list(layouts.ITEMS.columns)
    headers = [display_width(c.header) for c in cols]
    wanted = [max(w, h) for w, h in zip(wanted, headers, strict=True)]
    widths = share(cols, wanted, headers, total)
    kept = [(i, w) for i, w in enumerate(widths) if w is not None]
    assert kept
    assert sum(w for _, w in kept) + overhead(len(kept)) <= total or len(kept) == 1
    assert all(0 <= w <= wanted[i] for i, w in kept)
    name = 1
    if widths[name] is not None and widths[name] < min(wanted[name], NAME_ROOM):
        # The name went below its room only when nothing else could give or be left out.
        assert all(cols[i].drop == 0 for i, _ in kept)


# --- links ----------------------------------------------------------------------------------------

OSC8 = re.compile(r"\x1b\]8;;([^\x1b]*)\x1b\\")


def test_links_are_clickable_on_a_terminal_even_when_cut(
    busy_store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = on_terminal(monkeypatch, 60, "list", "--all").stdout
    out = on_terminal(monkeypatch, 100, "list", "--all").stdout
    targets = [t for t in OSC8.findall(out) if t]
    long = "https://github.com/GoogleCloudPlatform/gke-fleet-management/tree/main/multi-cluster-orchestrator"
    assert long in targets  # the whole link, though the cell shows it cut
    assert long not in OWN.sub("", out)
    assert "https://kueue.sigs.k8s.io/" in targets


def test_no_links_when_piped_or_no_color(busy_store: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert ESC not in ok(cli("list", "--all")).stdout
    assert ESC not in on_terminal(monkeypatch, 120, "list", "--all", color=False).stdout


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://evil.example/\x1b\\\x1b]8;;https://other.example/",
        "https://evil.example/\x07",
        "https://evil.example/a b",
        "https://evil.example/\x9b31m",
        "https://evil.example/\u202e",
        "https://exämple.org/",
        "https://evil.example/" + "a" * 3000,
        "",
    ],
)
def test_an_unsafe_link_is_never_written_into_an_escape(url: str) -> None:
    assert hyperlink(url, "shown   ") == "shown   "
    rows = [{"id": 1, "name": "X", "status": "todo", "url": url}]
    out = render_table(list(layouts.ITEMS.columns), rows, boxed=True, color=True, width=100,
                       links=True)  # fmt: skip
    assert "\x1b]" not in out and "\x07" not in out


def test_a_safe_link_keeps_its_padding_outside() -> None:
    assert hyperlink("https://a.example/x;y?q=1", "https://a.ex…  ") == (
        "\x1b]8;;https://a.example/x;y?q=1\x1b\\https://a.ex…\x1b]8;;\x1b\\  "
    )


def test_a_link_with_controls_in_the_store_is_not_clickable(
    invoke: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(invoke("add", "Sneaky", "--url", "https://sneaky.example.org/"))
    hostile = "https://sneaky.example.org/\x1b\\\x1b]8;;https://evil.example/\x07"
    sql(db, "UPDATE items SET url = ? WHERE name = 'Sneaky'", (hostile,))
    out = on_terminal(monkeypatch, 200, "list").stdout
    assert "evil.example" not in "".join(OSC8.findall(out))
    assert "\x07" not in out and OSC8.findall(out) == []


def test_show_makes_its_links_clickable_on_a_terminal(
    busy_store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ESC not in ok(cli("show", "kueue")).stdout  # piped
    out = on_terminal(monkeypatch, 80, "show", "kueue").stdout
    assert "https://kueue.sigs.k8s.io/" in OSC8.findall(out)
    assert ESC not in on_terminal(monkeypatch, 80, "show", "kueue", color=False).stdout


def test_history_keeps_the_time_when_it_cuts_the_zone(
    busy_store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = OWN.sub("", on_terminal(monkeypatch, 80, "history").stdout)
    assert re.search(r"│ \d{4}-\d\d-\d\d \d\d:\d\d(…| \S+) │", out), out
