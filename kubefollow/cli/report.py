"""`kubefollow report`: activity by week or month."""

from enum import StrEnum
from typing import Annotated

import typer

from kubefollow.cli.common import db_path, say, terminal, write
from kubefollow.cli.options import Format, FormatOption


class Period(StrEnum):
    week = "week"
    month = "month"


def report_command(
    ctx: typer.Context,
    by: Annotated[Period, typer.Option("--by", help="One row per week or per month.")] = (
        Period.week
    ),
    fmt: FormatOption = Format.table,
) -> None:
    """Items added, done and dropped per week (or month), in your local time."""
    from kubefollow.core.report import report
    from kubefollow.output import layouts
    from kubefollow.output.formats import render_rows

    rows = report(db_path(ctx), by.value)
    if not rows and fmt is Format.table:
        say("Nothing yet: run `kubefollow ingest`.")
        return
    write(render_rows(rows, fmt.value, layouts.REPORT, terminal()))
