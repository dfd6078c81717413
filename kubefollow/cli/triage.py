"""The triage commands: merge, forget, rules (review is in cli/review.py)."""

from typing import Annotated

import typer

from kubefollow.cli.common import db_path, say
from kubefollow.cli.options import ItemArgument, complete_item
from kubefollow.text import one_line


def merge_command(
    ctx: typer.Context,
    item: ItemArgument,
    into: Annotated[
        str, typer.Argument(help="The item that absorbs it.", autocompletion=complete_item)
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
