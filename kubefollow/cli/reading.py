"""The read commands: list, show, status, themes, search, history."""

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kubefollow.cli.common import db_path, say, terminal, write
from kubefollow.cli.options import (
    ActionFilter,
    Format,
    FormatOption,
    ItemArgument,
    MaturityFilter,
    NewFilter,
    ShowFormat,
    ShowFormatOption,
    SortKey,
    SourceFilter,
    StatusFilter,
    ThemeFilter,
    ThemesFileOption,
    complete_item,
)
from kubefollow.text import one_line

if TYPE_CHECKING:
    from kubefollow.output.layouts import Layout


def list_command(
    ctx: typer.Context,
    theme: ThemeFilter = None,
    status: StatusFilter = None,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Include done and dropped items.")
    ] = False,
    source: SourceFilter = None,
    action: ActionFilter = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort", help="Order of the rows (action: strongest first; done: latest first)."
        ),
    ] = SortKey.id,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many rows.")
    ] = None,
    new: NewFilter = False,
    maturity: MaturityFilter = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List open items (todo, doing); filter by theme, status, post or review."""
    from kubefollow.core import reading
    from kubefollow.output import layouts

    # Up to tens of thousands of rows, none in a reference cycle, and the process ends
    # right after: the cycle collector would only walk them again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        themes = reading.resolve_theme_slugs(theme or [], db_path=db_path(ctx))
        statuses = [reading.check_status(s) for s in status or []]
        actions = [reading.check_action_filter(a) for a in action or []]
        maturities = [reading.check_maturity(m) for m in maturity or []]
        shown = fmt in (Format.table, Format.markdown)
        rows = reading.list_items(
            db_path(ctx), themes, statuses, show_all, source, sort.value,
            with_sources=fmt in (Format.json, Format.csv),
            fields=[*layouts.ITEMS.keys, "reviewed"] if shown else None, new=new,
            actions=actions, limit=limit, maturity=fmt is Format.json, maturities=maturities,
        )  # fmt: skip
        what = "items" if show_all or statuses else "open items"
        what = "new items" if new else what
        filtered = themes or statuses or source or actions or maturities
        empty = f"No {what} match." if filtered else f"No {what}."
        layout = items_layout(rows) if fmt is Format.table else layouts.ITEMS
        print_rows(rows, fmt, layout, empty)
    finally:
        if gc_was_enabled:
            gc.enable()


def items_layout(rows: Sequence[Any]) -> "Layout":
    """The item table, with a column marking new items when some rows are new."""
    from kubefollow.output import layouts

    return layouts.ITEMS_NEW if any(r.reviewed == 0 for r in rows) else layouts.ITEMS


def print_rows(rows: Sequence[Any], fmt: Format, layout: "Layout", empty: str) -> None:
    from kubefollow.output.formats import render_rows

    if fmt is Format.table and not rows:
        say(empty)
        return
    write(render_rows(rows, fmt.value, layout, terminal()))


def show_command(
    ctx: typer.Context, item: ItemArgument, fmt: ShowFormatOption = ShowFormat.text
) -> None:
    """Everything about one item: links, themes, the posts and sentences, notes, history."""
    from kubefollow.core import reading
    from kubefollow.output import views
    from kubefollow.output.formats import to_json

    detail = reading.show_item(db_path(ctx), item)
    if fmt is ShowFormat.json:
        write(to_json(detail.as_json()))
        return
    from kubefollow.core.history import history
    from kubefollow.output.history import history_rows

    found = history(db_path(ctx), str(detail.item.id))
    rows = history_rows(found.commands, found.events, found.items, found.posts, detail.item.id)
    term = terminal()
    write(views.item_card(detail, rows, term.width, term.links))


def themes_command(
    ctx: typer.Context, themes_file: ThemesFileOption = None, fmt: FormatOption = Format.table
) -> None:
    """The themes items are filed under, with their item counts and keywords."""
    from kubefollow.core import overview
    from kubefollow.output import layouts

    rows = overview.theme_list(themes_file, db_path(ctx))
    print_rows(rows, fmt, layouts.THEMES, "No themes.")


def status_command(ctx: typer.Context, fmt: ShowFormatOption = ShowFormat.text) -> None:
    """The dashboard: progress per theme and per post (done out of what is not dropped)."""
    from kubefollow.core import overview
    from kubefollow.output import views
    from kubefollow.output.formats import to_json

    board = overview.dashboard(db_path(ctx))
    if fmt is ShowFormat.json:
        write(to_json(board.as_json()))
    elif not board.themes:
        say("No items yet: run `kubefollow ingest`.")
    else:
        write(views.dashboard_text(board.themes, board.posts, terminal()))
        if board.unreviewed:
            say(views.waiting_line(board.unreviewed))


def history_command(
    ctx: typer.Context,
    item: Annotated[
        str | None,
        typer.Argument(help="Only this item's changes.", shell_complete=complete_item),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="Only the N most recent commands.", metavar="N"),
    ] = None,
    fmt: ShowFormatOption = ShowFormat.text,
) -> None:
    """Every change, newest first: ingests, statuses, notes, adds, edits, imports (local
    times; UTC in JSON)."""
    from kubefollow.core.history import history
    from kubefollow.output import layouts
    from kubefollow.output.formats import render_rows, to_json
    from kubefollow.output.history import history_rows, tidy_summary
    from kubefollow.vocab import command_verb

    found = history(db_path(ctx), item, limit)
    own = found.item.id if found.item else None
    table = history_rows(found.commands, found.events, found.items, found.posts, own)
    if fmt is ShowFormat.json:  # the commands the table shows (none that changed nothing)
        shown = {r["id"] for r in table}
        if found.item is not None:
            rows = [e for e in found.events_newest_first() if e["command_id"] in shown]
        else:
            rows = [
                {**c, "summary": tidy_summary(c["summary"])}
                for c in found.commands
                if c["command_id"] in shown
            ]
        write(to_json([{**r, "command": command_verb(r["command"])} for r in rows]))
        return
    if not table:
        say("No history yet.")
        return
    layout = layouts.ITEM_HISTORY if own is not None else layouts.HISTORY
    write(render_rows(table, "table", layout, terminal()))


def search_command(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="Words to find in names, quotes and notes (all of them).")
    ],
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most this many items, best first.")
    ] = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over item names, the sentences quoted from posts, and notes."""
    from kubefollow.core import reading
    from kubefollow.output import layouts

    query = " ".join(words)
    rows, total = reading.search(db_path(ctx), query, limit)
    print_rows(rows, fmt, layouts.SEARCH, f"Nothing matches {one_line(query)!r}.")
    if total > len(rows):
        say(f"Showing the best {len(rows)} of {total} matching items (--limit to see more).")
