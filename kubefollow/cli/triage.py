"""The triage commands: merge, forget, rules (review is in cli/review.py)."""

from typing import Annotated

import typer

from kubefollow.cli.bulk import NewFilter, SourceFilter, ThemeFilter, YesOption, filtered
from kubefollow.cli.common import db_path, say, terminal, write
from kubefollow.cli.options import Format, FormatOption, ItemArgument, complete_item
from kubefollow.errors import UsageError
from kubefollow.text import one_line


def merge_command(
    ctx: typer.Context,
    item: ItemArgument,
    into: Annotated[
        str, typer.Argument(help="The item that absorbs it.", shell_complete=complete_item)
    ],
) -> None:
    """Merge ITEM into INTO: its links, mentions, notes and history move to INTO; its id
    and name lead to INTO from now on, and so does a later ingest of its links."""
    from kubefollow.core import triage

    done = triage.merge(db_path(ctx), item, into)
    moved = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in done.moved.items() if n)
    say(
        f"Merged #{done.absorbed_id} {one_line(done.absorbed_name)} into "
        f"#{done.survivor_id} {one_line(done.survivor_name)}"
        + (f" ({moved} moved)." if moved else ".")
    )


def forget_command(
    ctx: typer.Context,
    items: Annotated[
        list[str] | None,
        typer.Argument(help="Item ids or names.", show_default=False, shell_complete=complete_item),
    ] = None,
    never: Annotated[
        bool,
        typer.Option("--never", help="And skip its exact link in every later ingest."),
    ] = False,
    never_host: Annotated[
        bool,
        typer.Option("--never-host", help="And skip every link to its host in later ingests."),
    ] = False,
    theme: ThemeFilter = None,
    source: SourceFilter = None,
    new: NewFilter = False,
    yes: YesOption = False,
) -> None:
    """Remove items entirely (not a status: they leave --all, exports and counts);
    `undo` brings them back. --never also writes a rule to your exclusions.toml.
    --theme, --source or --new pick the items in place of ITEMs (one undo step;
    confirmed on a terminal, --yes without one)."""
    from kubefollow.core import triage

    chosen = filtered(db_path(ctx), items, theme, source, new, yes, "forget {}")
    if chosen == []:
        return
    refs = chosen or items
    if not refs:
        raise UsageError(
            "name the items to forget (ids or names), or give --theme, --source or --new"
        )
    done = triage.forget(db_path(ctx), refs, never, never_host)
    for item_id, name in done.items:
        say(f"Forgot #{item_id} {one_line(name)}.")
    for kind, entry, path, new in done.rules:
        what = "link" if kind == "urls" else "host"
        state = "added to" if new else "already in"
        say(f"Never again: {what} {one_line(entry)} ([never] {kind}), {state} {path}")
    if done.rules:
        say("(`kubefollow undo` brings the items back; the rule stays until you remove it.)")


def rules_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Your own rule files (in the data directory) and the rules in them."""
    from kubefollow.core import triage
    from kubefollow.output import layouts
    from kubefollow.output.formats import render_rows

    rows = triage.user_rules()
    if not rows and fmt is Format.table:
        say("No rules of your own yet (kubefollow forget --never writes one).")
        return
    write(render_rows(rows, fmt.value, layouts.RULES, terminal()))
