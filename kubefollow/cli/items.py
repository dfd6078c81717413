"""The item commands: done, start, reopen, drop, note, add, edit, undo."""

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from kubefollow.cli.bulk import NewFilter, SourceFilter, ThemeFilter, YesOption, filtered
from kubefollow.cli.common import db_path, say, write
from kubefollow.cli.options import (
    ActionOption,
    ItemArgument,
    ItemsArgument,
    complete_action_filter,
    complete_theme,
)
from kubefollow.errors import KubefollowError, UsageError
from kubefollow.items import Item
from kubefollow.text import one_line

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Allow a name or link another item already has (a duplicate)."),
]


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
        refs = chosen or items or _choose_item(ctx, status, verb)
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


# What the picker offers for each status it sets: the items that could move to it.
PICKABLE = {
    "done": ("doing", "todo"),
    "doing": ("todo", "dropped", "done"),
    "todo": ("done", "doing", "dropped"),
    "dropped": ("doing", "todo"),
}


def _choose_item(ctx: typer.Context, status: str, verb: str) -> list[str]:
    """No ITEM given: on a terminal, offer the items this command can change, by id."""
    from kubefollow.core import reading

    if not sys.stdin.isatty():
        raise UsageError(f"name the items to mark {verb} (ids or names)")
    items = reading.items_with_status(db_path(ctx), PICKABLE[status])
    if not items:
        raise KubefollowError(f"no item to mark {verb}")
    by_id = {str(item.id): item for item in items}
    for item in items:
        say(f"{item.id:>4}  {one_line(item.name or '')}  ({item.theme}, {item.status})")
    while True:
        try:
            choice = typer.prompt(
                f"Mark which item {verb} (its id; empty to cancel)",
                default="",
                show_default=False,
                err=True,
            ).strip()
        except typer.Abort:
            raise KubefollowError("cancelled; nothing changed") from None
        if not choice:
            raise KubefollowError("cancelled; nothing changed")
        chosen = by_id.get(choice.removeprefix("#"))
        if chosen is None:
            chosen = _by_name(items, choice)
        if chosen is not None:
            return [str(chosen.id)]
        say(f"{one_line(choice)!r} is none of the ids above; type one of them.")


def _by_name(items: list[Item], typed: str) -> Item | None:
    """The one offered item whose name is typed (any case), if exactly one is."""
    folded = typed.casefold()
    found = [i for i in items if (i.name or "").casefold() == folded]
    return found[0] if len(found) == 1 else None


def note_command(
    ctx: typer.Context,
    item: ItemArgument,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="The note (several words need no quotes).", show_default=False),
    ] = None,
    edit: Annotated[
        int | None,
        typer.Option("--edit", min=1, help="Replace note N (as `show` numbers them) instead."),
    ] = None,
    delete: Annotated[
        int | None,
        typer.Option("--delete", min=1, help="Delete note N (as `show` numbers them)."),
    ] = None,
) -> None:
    """Add a dated note to an item; --edit N or --delete N changes one (undoable)."""
    from kubefollow.core import tracker

    text = " ".join(words or [])
    if edit is not None and delete is not None:
        raise UsageError("give --edit or --delete, not both")
    if delete is not None:
        if text:
            raise UsageError("--delete takes no text")
        found = tracker.delete_note(db_path(ctx), item, delete)
        say(f"Deleted note {delete} of #{found.id} {one_line(found.name or '')}.")
    elif edit is not None:
        found = tracker.edit_note(db_path(ctx), item, edit, text)
        say(f"Changed note {edit} of #{found.id} {one_line(found.name or '')}.")
    else:
        found, _ = tracker.note_item(db_path(ctx), item, text)
        say(f"Noted on #{found.id} {one_line(found.name or '')}.")


def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The project's name.")],
    url: Annotated[str | None, typer.Option("--url", help="Its link.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="Its theme.", shell_complete=complete_theme)
    ] = None,
    action: ActionOption = None,
    force: ForceOption = False,
) -> None:
    """Add an item by hand (refused when the store already holds the project: by name, by
    link, or as the catalog knows it; --force keeps a second one)."""
    from kubefollow.core import tracker

    item_id = tracker.add_item(db_path(ctx), name, url, theme, action, force=force)
    write(f"{item_id}\n")
    say(f"Added #{item_id} {one_line(name)}.")


def edit_command(
    ctx: typer.Context,
    item: ItemArgument,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", "-t", help="New theme.", shell_complete=complete_theme)
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            help="adopt, evaluate, watch, read or none.",
            autocompletion=complete_action_filter,
        ),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="New link.")] = None,
    force: ForceOption = False,
) -> None:
    """Correct what extraction got wrong; a later ingest never reverts an edit."""
    from kubefollow.core import tracker

    fields = {"name": name, "theme": theme, "action": action, "url": url}
    edit = tracker.edit_item(db_path(ctx), item, fields, force=force)
    if not edit.old:
        say(f"#{edit.id}: nothing changed (already as given).")
    for key, before in edit.old.items():
        say(f"#{edit.id} {key}: {shown(before)} -> {shown(edit.new[key])}")


def shown(value: object) -> str:
    """A field's value in a message: `none` for no value (never Python's None)."""
    return "none" if value is None or value == "" else one_line(str(value))


def open_command(ctx: typer.Context, item: ItemArgument) -> None:
    """Open an item's link in the browser (printed instead when there is no browser)."""
    from kubefollow.cli.browser import open_link
    from kubefollow.core import reading

    found = reading.show_item(db_path(ctx), item).item
    link = found.url or found.homepage
    if not link:
        raise KubefollowError(f"#{found.id} {found.name} has no link")
    if open_link(link):
        say(f"Opened {one_line(link)}")
    else:
        write(f"{one_line(link)}\n")


def undo_command(ctx: typer.Context) -> None:
    """Revert the most recent command as one step (again: the one before)."""
    from kubefollow.core import tracker

    undone = tracker.undo(db_path(ctx))
    say(f"Undid #{undone.command_id} {undone.name} of {undone.at[:16].replace('T', ' ')}: "
        f"{one_line(undone.summary)} ({undone.changes} change(s)).")  # fmt: skip
