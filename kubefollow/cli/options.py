"""Option and argument declarations shared by the commands, and shell completion."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kubefollow.cli.common import db_path


class Format(StrEnum):
    """How a listing is printed (output.formats.render_rows)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    markdown = "markdown"
    radar_svg = "radar-svg"
    backstage_radar = "backstage-radar"
    byor_csv = "byor-csv"
    html = "html"


class SortKey(StrEnum):
    id = "id"
    theme = "theme"
    status = "status"
    name = "name"
    date = "date"
    action = "action"
    done = "done"


def complete_item(ctx: typer.Context, param: object, incomplete: str) -> list[str]:
    """Shell completion: names of items that start with what was typed, in any case, as the
    items spell them. (A click shell_complete callback: typer's autocompletion would keep
    only candidates in the typed case.)"""
    try:
        from kubefollow.core import reading

        rows = reading.list_items(db_path(ctx), [], [], True, fields=["name"])
    except Exception:
        return []
    folded = incomplete.casefold()
    names = [r.name or "" for r in rows if (r.name or "").casefold().startswith(folded)]
    return _for_shell(names)


def _for_shell(names: list[str]) -> list[str]:
    """Candidates as the shell inserts them: bash inserts them verbatim, so a name with a
    space or a shell character is escaped there (zsh and fish quote candidates themselves)."""
    import os

    if not os.environ.get("_KUBEFOLLOW_COMPLETE", "").endswith("bash"):
        return names
    import re

    special = re.compile(r"([^\w@%+=:,./-])")
    return [special.sub(r"\\\1", name) for name in names]


def complete_theme(ctx: typer.Context, param: object, incomplete: str) -> list[str]:
    """Shell completion: theme slugs (the rules' and the store's own)."""
    try:
        from kubefollow.core import overview

        titles = overview.theme_titles(None, db_path(ctx))
        return [s for s in titles if s.startswith(incomplete.lower())]
    except Exception:
        return []


def complete_status(incomplete: str) -> list[str]:
    from kubefollow.vocab import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete.lower())]


def complete_action(incomplete: str) -> list[str]:
    from kubefollow.vocab import ACTIONS

    return [a for a in ACTIONS if a.startswith(incomplete.lower())]


def complete_action_filter(incomplete: str) -> list[str]:
    """An action to filter by: the actions, and none (items without one)."""
    return [a for a in (*complete_action(""), "none") if a.startswith(incomplete.lower())]


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ShowFormatOption = Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")]
ExportFormatOption = Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")]
ItemArgument = Annotated[str, typer.Argument(help="Item id or name.", shell_complete=complete_item)]
ItemsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Item ids or names (a unique prefix will do).",
        show_default=False,
        shell_complete=complete_item,
    ),
]
ThemesFileOption = Annotated[
    Path | None,
    typer.Option("--themes", help="A TOML file of extra themes or keywords.", dir_okay=False),
]
ActionOption = Annotated[
    str | None,
    typer.Option(
        "--action", help="adopt, evaluate, watch or read.", autocompletion=complete_action
    ),
]

# The filters of `list`, which `export` and `radar` take too.
ThemeFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        "-t",
        help="Only this theme (repeatable).",
        show_default=False,
        shell_complete=complete_theme,
    ),
]
StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        help="Only this status: todo, doing, done, dropped (repeatable).",
        show_default=False,
        autocompletion=complete_status,
    ),
]
ActionFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--action",
        help="Only this action: adopt, evaluate, watch, read, none (repeatable).",
        show_default=False,
        autocompletion=complete_action_filter,
    ),
]
SourceFilter = Annotated[
    str | None,
    typer.Option(
        "--source", help="Only items from posts whose title or path contains this.", metavar="POST"
    ),
]
NewFilter = Annotated[
    bool, typer.Option("--new", "-n", help="Only items waiting for review (any status).")
]
MaturityFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--maturity",
        help="Only this CNCF maturity: sandbox, incubating, graduated, archived, or none"
        " (repeatable).",
        show_default=False,
    ),
]
