"""Bulk filters for the commands that act on items (done, start, reopen, drop, forget):
--theme, --source POST and --new pick the items in place of ITEMs, as one command (one
undo step), with a count and a confirmation on a terminal (--yes skips it; without a
terminal --yes is required)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from kubefollow.cli.common import say
from kubefollow.cli.options import complete_theme
from kubefollow.errors import UsageError
from kubefollow.text import one_line

ThemeFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        "-t",
        help="Every item of this theme, in place of ITEMs (repeatable).",
        show_default=False,
        shell_complete=complete_theme,
    ),
]
SourceFilter = Annotated[
    str | None,
    typer.Option(
        "--source", help="Every item from posts whose title or path contains this.", metavar="POST"
    ),
]
NewFilter = Annotated[
    bool, typer.Option("--new", "-n", help="Every item waiting for review.", show_default=False)
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Act on the filtered items without asking.")
]


def filtered(
    db: Path,
    items: list[str] | None,
    themes: list[str] | None,
    source: str | None,
    new: bool,
    yes: bool,
    what: str,
) -> list[str] | None:
    """The refs to act on: None when no filter is given (the caller uses ITEMs); [] when
    nothing matches or the user declined. what: "mark {} done", "forget {}", ... ({}: the
    items)."""
    from kubefollow.core import reading

    if not (themes or source or new):
        return None
    if items:
        raise UsageError("give ITEMs or filters (--theme, --source, --new), not both")
    slugs = reading.resolve_theme_slugs(themes or [], db_path=db)
    rows = reading.list_items(db, slugs, [], True, source, fields=["name"], new=new)
    if not rows:
        say("No items match.")
        return []
    count = f"{len(rows)} item(s)"
    if not yes:
        if not sys.stdin.isatty():
            them = what.format("them")
            raise UsageError(f"{count} match: add --yes to {them} (no terminal to confirm)")
        shown = ", ".join(f"#{r.id} {one_line(r.name or '')}" for r in rows[:5])
        say(f"{count} match: {shown}" + (", ..." if len(rows) > 5 else ""))
        try:
            sure = typer.confirm(what.format(count).capitalize() + "?", default=False, err=True)
        except typer.Abort:
            sure = False
        if not sure:
            say("Nothing changed.")
            return []
    return [str(r.id) for r in rows]
