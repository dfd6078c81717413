"""Moving data in and out: export, import, and where the store is."""

from typing import Annotated

import typer

from kubefollow.cli.common import db_path, say, write
from kubefollow.cli.options import (
    ActionFilter,
    ExportFormat,
    ExportFormatOption,
    MaturityFilter,
    NewFilter,
    SourceFilter,
    StatusFilter,
    ThemeFilter,
)


def export_command(
    ctx: typer.Context,
    fmt: ExportFormatOption = ExportFormat.json,
    theme: ThemeFilter = None,
    status: StatusFilter = None,
    source: SourceFilter = None,
    action: ActionFilter = None,
    new: NewFilter = False,
    maturity: MaturityFilter = None,
) -> None:
    """The store to stdout: json (for import), csv, a markdown checklist, or a radar
    (radar-svg, backstage-radar, byor-csv, html). The filters of `list` narrow it (any
    status unless --status)."""
    from kubefollow.cli.radar import export_radar, radar_query
    from kubefollow.core import transfer
    from kubefollow.output import formats, layouts

    query = radar_query(ctx, theme, status, source, action, new, maturity)
    if fmt not in (ExportFormat.json, ExportFormat.csv, ExportFormat.markdown):
        write(export_radar(ctx, fmt.value, query))
        return
    ids = transfer.matching_ids(db_path(ctx), query)
    if fmt is ExportFormat.json:
        write(formats.to_json(transfer.export_all(db_path(ctx), ids)))
    elif fmt is ExportFormat.csv:
        write(formats.to_csv(transfer.export_rows(db_path(ctx), ids), layouts.EXPORT_CSV))
    else:
        write(formats.markdown_checklist(*transfer.export_checklist(db_path(ctx), ids)))


def import_command(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="A JSON export (from `kubefollow export`); - for stdin.")
    ],
) -> None:
    """Read a JSON export; importing the same file twice changes nothing. Per field, the
    newer change wins: a field changed here after the backup's item was last updated keeps
    its value (each such conflict is reported)."""
    from kubefollow.core import transfer

    report = transfer.import_file(db_path(ctx), file)
    for conflict in report.conflicts:
        say(conflict)
    kept = f", {len(report.conflicts)} kept as here (newer)" if report.conflicts else ""
    say(f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged{kept}.")  # fmt: skip


def path_command(ctx: typer.Context) -> None:
    """Print where the store is (for sqlite-utils, Datasette, backups)."""
    write(f"{db_path(ctx)}\n")
