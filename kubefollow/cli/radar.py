"""The radar: `kubefollow radar`, and the radar formats of `export`."""

from typing import TYPE_CHECKING, Annotated

import typer

from kubefollow.cli.common import db_path, say, terminal, write
from kubefollow.cli.options import (
    ActionFilter,
    MaturityFilter,
    NewFilter,
    SourceFilter,
    StatusFilter,
    ThemeFilter,
    complete_theme,
)

if TYPE_CHECKING:
    from kubefollow.core.radar import RadarQuery

QuadrantOption = Annotated[
    list[str] | None,
    typer.Option(
        "--quadrant",
        "-q",
        help="A theme for a quadrant (repeatable, up to four; default: the themes with the"
        " most items, the rest under Other).",
        show_default=False,
        shell_complete=complete_theme,
    ),
]
RatedOnlyOption = Annotated[
    bool, typer.Option("--rated-only", help="Leave out items without an action.")
]


def radar_command(
    ctx: typer.Context,
    theme: ThemeFilter = None,
    status: StatusFilter = None,
    source: SourceFilter = None,
    action: ActionFilter = None,
    new: NewFilter = False,
    maturity: MaturityFilter = None,
    quadrant: QuadrantOption = None,
    rated_only: RatedOnlyOption = False,
) -> None:
    """A technology radar of your items: rings by status and action, quadrants by theme."""
    from dataclasses import replace

    from kubefollow.core.radar import build_radar
    from kubefollow.output import radar_terminal

    query = radar_query(ctx, theme, status, source, action, new, maturity, quadrant, rated_only)
    radar = build_radar(db_path(ctx), replace(query, fields=()))  # names, rings: no more
    if not radar.blips:
        say("No items on the radar." if not radar.left_out else
            f"No items on the radar ({radar.left_out} left off: no ring takes them).")  # fmt: skip
        return
    term = terminal()
    write(radar_terminal.radar_rich(radar, term) if term.tty else radar_terminal.radar_text(radar))


def radar_query(
    ctx: typer.Context,
    theme: list[str] | None,
    status: list[str] | None,
    source: str | None,
    action: list[str] | None,
    new: bool,
    maturity: list[str] | None,
    quadrant: list[str] | None = None,
    rated_only: bool = False,
    timeline: bool = False,
    details: bool = False,
) -> "RadarQuery":
    """The filters as typed -> the core's query (unknown themes, statuses: exit 2)."""
    from kubefollow.core import reading
    from kubefollow.core.radar import RadarQuery

    return RadarQuery(
        themes=reading.resolve_theme_slugs(theme or [], db_path=db_path(ctx)),
        statuses=[reading.check_status(s) for s in status or []],
        source=source,
        new=new,
        actions=[reading.check_action_filter(a) for a in action or []],
        maturities=[reading.check_maturity(m) for m in maturity or []],
        quadrants=quadrant or [],
        rated_only=rated_only,
        timeline=timeline,
        details=details,
    )


def export_radar(ctx: typer.Context, fmt: str, query: "RadarQuery") -> str:
    """A radar format of `export`: radar-svg, backstage-radar, byor-csv or html."""
    from dataclasses import replace

    from kubefollow.core.radar import build_radar

    if fmt == "radar-svg":
        from kubefollow.output.radar_svg import render_svg

        return render_svg(build_radar(db_path(ctx), query))
    if fmt == "backstage-radar":
        from kubefollow.output.radar_formats import backstage_json

        return backstage_json(build_radar(db_path(ctx), replace(query, timeline=True)))
    if fmt == "byor-csv":
        from kubefollow.output.radar_formats import byor_csv

        return byor_csv(build_radar(db_path(ctx), query))
    from kubefollow.output.radar_html import render_html

    return render_html(build_radar(db_path(ctx), replace(query, details=True)))
