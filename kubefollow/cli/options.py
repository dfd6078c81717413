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


def complete_item(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: names of items that start with what was typed."""
    try:
        from kubefollow.core import reading

        rows = reading.list_items(db_path(ctx), [], [], True, fields=["name"])
    except Exception:
        return []
    # Completed as typed so far (shells keep only candidates that start with it).
    folded = incomplete.casefold()
    return [
        incomplete + (r.name or "")[len(incomplete) :]
        for r in rows
        if (r.name or "").casefold().startswith(folded)
    ]


def complete_theme(incomplete: str) -> list[str]:
    try:
        from kubefollow.core import overview

        return [s for s in overview.theme_titles() if s.startswith(incomplete.lower())]
    except Exception:
        return []


def complete_status(incomplete: str) -> list[str]:
    from kubefollow.vocab import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete.lower())]


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ShowFormatOption = Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")]
ExportFormatOption = Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")]
ItemArgument = Annotated[str, typer.Argument(help="Item id or name.", autocompletion=complete_item)]
ItemsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Item ids or names (a unique prefix will do).",
        show_default=False,
        autocompletion=complete_item,
    ),
]
ThemesFileOption = Annotated[
    Path | None,
    typer.Option("--themes", help="A TOML file of extra themes or keywords.", dir_okay=False),
]
ActionOption = Annotated[
    str | None, typer.Option("--action", help="adopt, evaluate, watch or read.")
]

# The filters of `list`, which `export` and `radar` take too.
ThemeFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        "-t",
        help="Only this theme (repeatable).",
        show_default=False,
        autocompletion=complete_theme,
    ),
]
StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        help="Only this status: todo, doing, done, dropped (repeatable).",
        show_default=False,
    ),
]
SourceFilter = Annotated[
    str | None,
    typer.Option("--source", help="Only items from posts whose title or path contains this."),
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
