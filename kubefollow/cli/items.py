"""The item commands: done, start, reopen, drop, note, add, edit, undo."""

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from kubefollow.cli.bulk import NewFilter, SourceFilter, ThemeFilter, YesOption, filtered
from kubefollow.cli.common import db_path, say, write
from kubefollow.cli.options import ActionOption, ItemArgument, ItemsArgument, complete_theme
from kubefollow.errors import KubefollowError, UsageError
from kubefollow.text import one_line, plural


def status_command(status: str, verb: str) -> Callable[..., None]:
    """The command that marks items with this status (done, start, reopen, drop)."""

    def command(
        ctx: typer.Context,
        items: ItemsArgument = None,
        theme: ThemeFilter = None,
        source: SourceFilter = None,
        new: NewFilter = False,
        yes: YesOption = False,
    ) -> None:
        from kubefollow.core import tracker

        chosen = filtered(db_path(ctx), items, theme, source, new, yes, f"mark {{}} {verb}")
        if chosen == []:
            return
        refs = chosen or items or _choose_item(ctx, verb)
        # Ticking an item off (or starting, reopening, dropping it) is a decision about
        # it: it no longer waits for review.
        for change in tracker.change_status(db_path(ctx), refs, status, reviewed=True):
            label = f"#{change.id} {one_line(change.name)}"
            if change.changed:
                say(f"{label}: {change.old} -> {change.new}")
            else:
                say(f"{label} is already {change.new}")

    command.__doc__ = (
        f"Mark items {verb}: ITEMs, or every item --theme, --source or --new picks "
        "(one undo step; confirmed on a terminal, --yes without one)."
    )
    return command


def _choose_item(ctx: typer.Context, verb: str) -> list[str]:
    """No ITEM given: offer a numbered choice of open items on a terminal."""
    from kubefollow.core import reading

    if not sys.stdin.isatty():
        raise UsageError(f"name the items to mark {verb} (ids or names)")
    items = reading.open_items(db_path(ctx))
    if not items:
        raise KubefollowError("no open items")
    for n, item in enumerate(items, 1):
        say(f"{n:>3}. #{item.id} {one_line(item.name or '')} ({item.theme}, {item.status})")
    choice = typer.prompt("Which one (number)", type=int, err=True)
    if not 1 <= choice <= len(items):
        raise UsageError(f"choose a number from 1 to {len(items)}")
    return [str(items[choice - 1].id)]


def note_command(
    ctx: typer.Context,
    item: ItemArgument,
    text: Annotated[str, typer.Argument(help="The note.")],
) -> None:
    """Add a dated note to an item."""
    from kubefollow.core import tracker

    found, _ = tracker.note_item(db_path(ctx), item, text)
    say(f"Noted on #{found.id} {one_line(found.name or '')}.")


def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The project's name.")],
    url: Annotated[str | None, typer.Option("--url", help="Its link.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="Its theme.", autocompletion=complete_theme)
    ] = None,
    action: ActionOption = None,
) -> None:
    """Add an item by hand."""
    from kubefollow.core import tracker

    item_id = tracker.add_item(db_path(ctx), name, url, theme, action)
    write(f"{item_id}\n")
    say(f"Added #{item_id} {one_line(name)}.")


def edit_command(
    ctx: typer.Context,
    item: ItemArgument,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="New theme.", autocompletion=complete_theme)
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="adopt, evaluate, watch, read or none.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="New link.")] = None,
) -> None:
    """Correct what extraction got wrong; a later ingest never reverts an edit."""
    from kubefollow.core import tracker

    fields = {"name": name, "theme": theme, "action": action, "url": url}
    edit = tracker.edit_item(db_path(ctx), item, fields)
    for key, before in edit.old.items():
        say(f"#{edit.id} {key}: {one_line(str(before))} -> {one_line(str(edit.new[key]))}")


def undo_command(ctx: typer.Context) -> None:
    """Revert the most recent command as one step (again: the one before)."""
    from kubefollow.core import tracker
    from kubefollow.output.history import local_time, tidy_summary
    from kubefollow.vocab import command_verb

    undone = tracker.undo(db_path(ctx))
    what = tidy_summary(one_line(undone.summary))
    say(f"Undid #{undone.command_id} {command_verb(undone.name)} of {local_time(undone.at)}: "
        f"{what} ({plural(undone.changes, 'change')}).")  # fmt: skip
