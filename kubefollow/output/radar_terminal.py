"""The radar for reading: drawn with Rich on a terminal (the four quadrants as panels, each
ring a band of numbered blips, the centre toward the middle of the screen, then a legend),
plain text grouped by quadrant and ring when piped.

Names come from posts: they are cleaned of controls and put in Rich Text objects, never
parsed as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubefollow.output.radar_text import blip_tags, clean
from kubefollow.output.terminal import Terminal
from kubefollow.records import Blip, Radar
from kubefollow.text import plural

if TYPE_CHECKING:
    from rich.console import RenderableType

TWO_COLUMNS = 70  # narrower than this, the quadrants are drawn one under the other
# Where each quadrant sits (radar.quadrants are clockwise from the bottom right):
# the top row is quadrants 2 and 3, the bottom row 1 and 0.
GRID = ((2, 3), (1, 0))
MARK_CNCF = "*"


def radar_text(radar: Radar) -> str:
    """Plain text, grouped by quadrant and ring: for pipes, files and greps."""
    out: list[str] = []
    for quadrant in radar.quadrants:
        out.append(clean(quadrant.name))
        for ring in radar.rings:
            cell = radar.in_cell(quadrant.id, ring.id)
            if not cell:
                continue
            out.append(f"  {clean(ring.name)}")
            for blip in cell:
                tags = blip_tags(blip)
                out.append(f"    {blip.number:>3}  {clean(blip.item.name)}" + (
                    f"  [{tags}]" if tags else ""))  # fmt: skip
        out.append("")
    if radar.left_out:
        out.append(f"({plural(radar.left_out, 'item')} left off: no ring takes them)")
    return "\n".join(out).rstrip("\n") + "\n"


def radar_rich(radar: Radar, term: Terminal) -> str:
    """The radar drawn for a terminal of term.width columns (ANSI colour unless NO_COLOR)."""
    import io

    from rich.console import Console

    width = max(40, term.width or 80)
    buf = io.StringIO()
    console = Console(
        file=buf, width=width, force_terminal=term.color, no_color=not term.color,
        color_system="standard" if term.color else None, highlight=False, emoji=False,
        markup=False,
    )  # fmt: skip
    console.print(_drawing(radar, width))
    console.print(_legend(radar))
    if radar.left_out:
        left_off = f"({plural(radar.left_out, 'item')} left off: no ring takes them)"
        console.print(left_off, style="dim")
    return buf.getvalue()


def _drawing(radar: Radar, width: int) -> RenderableType:
    from rich.table import Table

    panels = [_quadrant_panel(radar, n) for n in range(4)]
    if width < TWO_COLUMNS:
        grid = Table.grid(padding=(0, 0))
        grid.add_column()
        for top, bottom in GRID:
            for n in (top, bottom):
                if panels[n] is not None:
                    grid.add_row(panels[n])
        return grid
    grid = Table.grid(padding=(0, 0), expand=True)
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    for left, right in GRID:
        grid.add_row(panels[left] or "", panels[right] or "")
    return grid


def _quadrant_panel(radar: Radar, n: int) -> RenderableType | None:
    """A quadrant as a panel: a band per ring, innermost nearest the radar's centre (at the
    bottom of the top row's panels, at the top of the bottom row's)."""
    from rich.panel import Panel
    from rich.text import Text

    if n >= len(radar.quadrants):
        return None
    quadrant = radar.quadrants[n]
    bands = []
    for ring in radar.rings:
        cell = radar.in_cell(quadrant.id, ring.id)
        band = Text()
        band.append(f" {clean(ring.name):<7}", style=f"bold black on {_rich_color(ring.color)}")
        band.append(" ")
        for blip in cell:
            band.append(_blip_label(blip), style="bold" if blip.is_new else "")
            band.append(" ")
        if not cell:
            band.append("-", style="dim")
        bands.append(band)
    if n in GRID[0]:  # the top row: the centre is below
        bands.reverse()
    body = Text("\n").join(bands)
    title = Text(clean(quadrant.name, 40), style="bold")
    return Panel(body, title=title, title_align="left", padding=(0, 1))


def _blip_label(blip: Blip) -> str:
    return f"{blip.number}{MARK_CNCF if blip.maturity else ''}"


def _legend(radar: Radar) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"Legend ({MARK_CNCF}: a CNCF project; bold: new in the newest post)",
        title_justify="left", box=None, pad_edge=False, show_edge=False,
    )  # fmt: skip
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Name", ratio=3, overflow="fold")
    table.add_column("Ring", no_wrap=True)
    table.add_column("Quadrant", ratio=2, overflow="fold")
    table.add_column("Marks", ratio=2, overflow="fold")
    names = {r.id: Text(clean(r.name), style=_rich_color(r.color)) for r in radar.rings}
    quadrants = {q.id: clean(q.name) for q in radar.quadrants}
    for blip in radar.blips:
        table.add_row(
            _blip_label(blip), Text(clean(blip.item.name)), names[blip.ring],
            Text(quadrants[blip.quadrant]), Text(blip_tags(blip)),
        )  # fmt: skip
    return table


def _rich_color(css: str) -> str:
    """A ring's CSS colour for Rich: #rrggbb as is; anything else, a plain grey."""
    text = css.strip().lower()
    ok = len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdef" for c in text[1:])
    return text if ok else "grey50"
