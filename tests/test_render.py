"""The table renderer's fast paths give what the plain per-cell renderer gave, and the list
path's helpers (query columns, the user data directory, the paused cycle collector) behave.

Every cell comes from a post: control characters and escape sequences are stripped, Rich
markup and printf directives come out literally, and wide text stays aligned.
"""

from __future__ import annotations

import gc
import random
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from kubefollow.items import Item
from kubefollow.output import table as render
from kubefollow.output.layouts import ITEMS
from kubefollow.output.table import Column, cell_text, display_width, fit, render_table
from kubefollow.store import reads as queries
from kubefollow.store.connection import Store

BOX_LEFT = ("│", "┃", "┏", "┡", "└")


def reference_table(
    columns: Sequence[Column],
    rows: list[dict[str, Any]],
    *,
    boxed: bool,
    color: bool,
    width: int | None = None,
    title: str | None = None,
) -> str:
    """The renderer as it was before the column-at-a-time fast path: a call per cell."""
    cells = [[cell_text(row.get(c.key)) for c in columns] for row in rows]
    natural = [0 for _ in columns]
    for row in cells:
        for i, text in enumerate(row):
            natural[i] = max(natural[i], display_width(text))
    # How columns share a narrow terminal is tested on its own (test_table_widths.py):
    # here, the same widths, and the cells cut and drawn one by one.
    shared = render.column_widths(columns, natural, width if boxed else None)
    kept = [i for i, w in enumerate(shared) if w is not None]
    columns = [columns[i] for i in kept]
    cells = [[row[i] for i in kept] for row in cells]
    widths = [w for w in shared if w is not None]
    status_col = next((i for i, c in enumerate(columns) if c.key == "status"), None)
    pairs = list(zip(columns, widths, strict=True))
    if not boxed:
        out = ["  ".join(fit(c.header, w) for c, w in pairs).rstrip()]
        for row in cells:
            out.append("  ".join(fit(t, w) for t, w in zip(row, widths, strict=True)).rstrip())
        return "\n".join(out) + "\n"

    def paint(text: str, code: str | None) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and code else text

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    out = []
    if title:
        total = sum(widths) + 3 * len(widths) + 1
        out.append(paint(fit(title, total).strip().center(total).rstrip(), render.BOLD))
    out.append(line("┏", "━", "┳", "┓"))
    out.append("┃ " + " ┃ ".join(paint(fit(c.header, w), render.BOLD) for c, w in pairs) + " ┃")
    out.append(line("┡", "━", "╇", "┩"))
    for row in cells:
        parts = [
            paint(fit(t, w), render.STATUS_COLORS.get(t) if i == status_col else None)
            for i, (t, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("│ " + " │ ".join(parts) + " │")
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


FRAGMENTS = [
    "Proj", "kube", "batch", " ", "  ", "\t", "\n", "\r\n", "|", " | ", "| ", " |",
    "\x1b[31m", "\x1b[0m", "\x1b]8;;http://evil\x1b\\", "\x07", "\x00", "\x7f", "\x9b31m",
    "\x85", "[bold red]", "[/]", "[link=http://x]", "%s", "%(x)s", "%", "{0}", "日本語",
    "Ｆｕｌｌ", "e\u0301", "é", "🚀", "\u200b", "\u00a0", "\u3000", "…", "todo", "doing",
]  # fmt: skip
KEYS = ("id", "name", "theme", "status", "action", "source", "url")
COLUMNS = list(ITEMS.columns)


def random_value(rng: random.Random, plain: bool) -> Any:
    kind = rng.random()
    if kind < 0.1:
        return None
    if kind < 0.15:
        return rng.randrange(-5, 100_000)
    if kind < 0.2:
        return [random_text(rng, plain) for _ in range(rng.randrange(3))]
    return random_text(rng, plain)


def random_text(rng: random.Random, plain: bool) -> str:
    if plain:  # the fast path: ASCII, printable, single spaces
        return rng.choice(["Proj0042", "batch", "todo", "doing", "done", "a b", "https://x.dev/"])
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(6)))


def random_rows(rng: random.Random, count: int, plain_keys: set[str]) -> list[dict[str, Any]]:
    rows = []
    for _ in range(count):
        row = {k: random_value(rng, k in plain_keys) for k in KEYS}
        if rng.random() < 0.05:
            del row[rng.choice(KEYS)]  # rows may lack a key: an empty cell
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_table_matches_the_per_cell_renderer(seed: int) -> None:
    rng = random.Random(seed)
    # Some columns all plain (the fast path), the others anything at all.
    plain_keys = {k for k in KEYS if rng.random() < 0.5}
    rows = random_rows(rng, rng.randrange(0, 30), plain_keys)
    for boxed, color, width in [
        (False, False, None),
        (True, False, None),
        (True, True, None),
        (True, True, 40),
        (True, False, 25),
        (True, True, rng.randrange(20, 160)),
    ]:
        got = render_table(COLUMNS, rows, boxed=boxed, color=color, width=width)
        want = reference_table(COLUMNS, rows, boxed=boxed, color=color, width=width)
        assert got == want, (boxed, color, width)
    titled = render_table(COLUMNS, rows, boxed=True, color=True, width=90, title="Items 漢字")
    assert titled == reference_table(
        COLUMNS, rows, boxed=True, color=True, width=90, title="Items 漢字"
    )


@pytest.mark.parametrize("boxed", [False, True])
def test_table_without_rows_is_the_headers(boxed: bool) -> None:
    got = render_table(COLUMNS, [], boxed=boxed, color=True, width=50)
    assert got == reference_table(COLUMNS, [], boxed=boxed, color=True, width=50)
    assert "Project" in got


def test_control_characters_and_escapes_are_stripped() -> None:
    rows = [
        {"id": 1, "name": "Red\x1b[31mScanner\x1b[0m", "status": "todo", "url": "https://x/\x07"},
        {"id": 2, "name": "C1\x9b31m csi\x85", "status": "doing", "source": "a\x00b\x7fc"},
        {"id": 3, "name": "osc \x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "status": "x"},
    ]
    for boxed, color in [(False, False), (True, False), (True, True)]:
        out = render_table(COLUMNS, rows, boxed=boxed, color=color, width=120)
        own_colours = "\x1b[1m", "\x1b[33m", "\x1b[36m", "\x1b[0m"
        stripped = out
        for code in own_colours:
            stripped = stripped.replace(code, "")
        assert not any(ch in stripped for ch in "\x1b\x9b\x07\x00\x7f\x85"), repr(stripped)
        assert "Red[31mScanner[0m" in stripped  # the bytes around the escape stay, inert
        assert "C131m csi" in stripped
        assert "abc" in stripped


def test_rich_markup_and_printf_directives_print_literally() -> None:
    names = ["[bold red]X[/] markup", "[link=http://evil]click[/link]", "%s %d %(name)s 100%"]
    rows = [{"id": i, "name": n, "status": "todo"} for i, n in enumerate(names)]
    for boxed in (False, True):
        out = render_table(COLUMNS, rows, boxed=boxed, color=boxed, width=None)
        for name in names:
            assert name in out


def test_whitespace_is_collapsed_and_trimmed() -> None:
    rows = [
        {"id": 1, "name": "  lead  and\ttabs\n ", "status": "todo"},
        {"id": 2, "name": "a| b |c", "status": "todo"},
        {"id": 3, "name": " x", "status": "todo"},
    ]
    lines = render_table(COLUMNS, rows, boxed=False, color=False).splitlines()
    at = lines[0].index("Project")
    assert [line[at:].split("  ")[0] for line in lines[1:]] == ["lead and tabs", "a| b |c", "x"]


@pytest.mark.parametrize("boxed", [False, True])
def test_wide_and_combining_text_stays_aligned(boxed: bool) -> None:
    names = [
        "日本語プロジェクト",
        "Cafe\u0301 e\u0301te\u0301",
        "emoji 🚀",
        "Ｆｕｌｌ",
        "plain",
        "x" * 40,
    ]
    rows = [
        {"id": i, "name": n, "theme": "batch", "status": "todo", "source": "漢字 wide"}
        for i, n in enumerate(names, 1)
    ]
    out = render_table(COLUMNS, rows, boxed=boxed, color=False, width=70 if boxed else None)
    lines = out.splitlines()
    if boxed:
        assert len({display_width(line) for line in lines}) == 1, out
        assert all(line.startswith(BOX_LEFT) for line in lines)
    else:
        # Each column starts at the same display offset on every line.
        project_at = lines[0].index("Theme")
        for line in lines[1:]:
            theme_at = line.index("batch")
            assert display_width(line[:theme_at]) == project_at, line
    if boxed:  # cut to the column by display width
        assert "│ 日本語プロジェク… │" in out and "│ 漢字 wi… │" in out


def test_narrow_terminal_cuts_with_an_ellipsis() -> None:
    rows = [{"id": 1, "name": "x" * 50, "status": "todo", "url": "https://example.org/" + "a" * 40}]
    out = render_table(COLUMNS, rows, boxed=True, color=False, width=80)
    assert all(display_width(line) == 80 for line in out.splitlines()), out
    assert "x…" in out and "a…" in out


@pytest.mark.parametrize(
    ("values", "cells", "ascii_only"),
    [
        (["a", "b c", ""], ["a", "b c", ""], True),
        ([" a", "b "], ["a", "b"], True),
        (["a | b", "c"], ["a | b", "c"], True),
        (["a  b", "c\td"], ["a b", "c d"], True),
        ([None, 7, ["x", "y"], 1.5], ["", "7", "x, y", "1.5"], True),
        ([1, 22, 333], ["1", "22", "333"], True),
        (["é", "\x1b[2J"], ["é", "[2J"], False),
        ([], [], True),
    ],
)
def test_column_cells(values: list[Any], cells: list[str], ascii_only: bool) -> None:
    assert render.column_cells(values) == (cells, ascii_only)
    assert cells == [cell_text(v) for v in values]


# --- the list query --------------------------------------------------------------------------


@pytest.fixture
def store(invoke: Any, ingested: Any, db: Path) -> Iterator[sqlite3.Connection]:
    opened = Store.open_for_reading(db)
    assert opened is not None
    with opened:
        yield opened.conn


def test_list_items_fields_select_only_what_is_asked(store: sqlite3.Connection) -> None:
    full = queries.list_items(store, sort="name")
    assert full and all(r.themes and r.quote and r.source_date for r in full)
    keys = [c.key for c in COLUMNS]
    narrow = queries.list_items(store, sort="name", fields=keys)
    # The fields not asked for are left empty; those asked for are as in the full rows.
    assert narrow == [Item(**{k: getattr(r, k) for k in keys}) for r in full]
    by_date = queries.list_items(store, sort="date", fields=["name"])
    assert [r.id for r in by_date] == [r.id for r in queries.list_items(store, sort="date")]
    assert all(r.url is None and r.source_date for r in by_date)


def test_list_items_decodes_themes_per_row(store: sqlite3.Connection) -> None:
    rows = queries.list_items(store)
    assert all(isinstance(r.themes, tuple) and r.themes for r in rows)
    assert [r.as_json()["themes"] for r in rows] == [list(r.themes) for r in rows]
    printed = rows[0].as_json()["themes"]
    printed.append("changed")  # each printed row gets its own list
    assert all("changed" not in r.themes and "changed" not in r.as_json()["themes"] for r in rows)


# --- start-up helpers --------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux only")
@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        ("/tmp/xdg-data", "/home/u"),
        ("/tmp/xdg-data/", "/home/u"),
        (None, "/home/u"),
        (None, "/home/u/"),
        ("", "/home/u"),
        ("relative/data", "/home/u"),
        ("   ", "/home/u"),
        (None, "relative-home"),
    ],
)
def test_user_data_dir_agrees_with_platformdirs(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str
) -> None:
    import platformdirs

    from kubefollow.paths import user_data_dir

    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    try:
        expected = platformdirs.user_data_path("kubefollow", appauthor=False)
    except RuntimeError:  # platformdirs refuses a relative HOME
        return
    assert user_data_dir() == expected


def test_list_leaves_the_cycle_collector_as_it_was(invoke: Any, ingested: Any) -> None:
    assert gc.isenabled()
    assert invoke("list").exit_code == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert invoke("list").exit_code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
