"""The radar as a self-contained SVG: four quadrants (clockwise from the bottom right, as
Backstage draws them), rings as bands, a numbered blip per item (a link to its page when
that is an http(s) URL), and a legend of numbers and names below. No fonts, scripts or
anything else from outside; every text from a post is escaped.

Blips never overlap by construction: each cell (a quadrant's part of a ring) is filled
along arcs one blip-spacing apart, and the radar grows until every cell holds its blips."""

from __future__ import annotations

import math
from collections.abc import Iterator

from kubefollow.output.radar_text import attr, blip_tags, clean, safe_url, xml_text
from kubefollow.records import Blip, Radar

BLIP_R = 9.0  # a blip's radius
SPACING = 2 * BLIP_R + 3  # centre to centre, at the least
RING_GAP = 2.0  # more room between a blip and a ring's line
RING_SHARE = (0.4, 0.65, 0.85, 1.0)  # the outer edge of each ring, as a share of the radius
MIN_RADIUS = 260.0
MARGIN = 30.0
LEGEND_LINE = 15.0
LEGEND_COLUMN = 260.0
KEY = "Outlined: a CNCF project. new: first seen in the newest post."
NAME_LIMIT = 28  # legend names are cut to fit a column
QUADRANT_COLORS = ("#f3f6f4", "#f6f3f6", "#f3f4f6", "#f6f5f1")


def ring_edges(radius: float, rings: int) -> list[tuple[float, float]]:
    """The inner and outer radius of each ring, innermost first."""
    shares = RING_SHARE if rings == len(RING_SHARE) else [(n + 1) / rings for n in range(rings)]
    edges = [s * radius for s in shares]
    return [(edges[n - 1] if n else 0.0, edges[n]) for n in range(rings)]


def arcs(inner: float, outer: float) -> Iterator[tuple[float, float, float, int]]:
    """The arcs of a quarter band that blips sit on, SPACING apart and SPACING / 2 from the
    band's edges: (radius, the angle kept clear of the quadrant's sides, the angle between
    two blips (a chord of SPACING), how many blips fit)."""
    rho = max(inner + SPACING / 2 + RING_GAP, SPACING / 2 / math.sin(math.pi / 4) + 1)
    while rho <= outer - SPACING / 2 - RING_GAP:
        edge = math.asin(min(1.0, SPACING / 2 / rho))
        step = 2 * edge  # chord = SPACING
        span = math.pi / 2 - 2 * edge
        if span >= 0:
            yield rho, edge, step, int(span / step) + 1
        rho += SPACING


def cell_slots(inner: float, outer: float, start: float) -> Iterator[tuple[float, float]]:
    """Places (x, y relative to the centre) in a quarter band from angle start (radians),
    at least SPACING apart from each other and SPACING / 2 from the band's edges."""
    for rho, edge, step, count in arcs(inner, outer):
        span = math.pi / 2 - 2 * edge
        for n in range(count):
            angle = start + edge + (span / 2 if count == 1 else 0) + n * step
            yield rho * math.cos(angle), rho * math.sin(angle)


def capacity(inner: float, outer: float) -> int:
    return sum(count for *_, count in arcs(inner, outer))


def fit_radius(radar: Radar) -> float:
    """The smallest radius (from MIN_RADIUS, growing by steps) at which every cell holds
    its blips."""
    counts: dict[tuple[int, int], int] = {}
    q_index = {q.id: n for n, q in enumerate(radar.quadrants)}
    r_index = {r.id: n for n, r in enumerate(radar.rings)}
    for b in radar.blips:
        key = (q_index[b.quadrant], r_index[b.ring])
        counts[key] = counts.get(key, 0) + 1
    radius = MIN_RADIUS
    while True:
        edges = ring_edges(radius, len(radar.rings))
        if all(capacity(*edges[r]) >= n for (_q, r), n in counts.items()):
            return radius
        radius *= 1.15


def place(radar: Radar, radius: float) -> dict[int, tuple[float, float]]:
    """Blip number -> (x, y) relative to the centre."""
    edges = ring_edges(radius, len(radar.rings))
    out: dict[int, tuple[float, float]] = {}
    for qn, quadrant in enumerate(radar.quadrants):
        for rn, ring in enumerate(radar.rings):
            cell = radar.in_cell(quadrant.id, ring.id)
            if not cell:
                continue
            slots = list(cell_slots(*edges[rn], qn * math.pi / 2))
            # Spread over the cell rather than packed at its start (distinct: n <= slots).
            for n, blip in enumerate(cell):
                out[blip.number] = slots[int((n + 0.5) * len(slots) / len(cell))]
    return out


def render_svg(radar: Radar, title: str = "Technology radar") -> str:
    """The whole SVG document."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg_element(radar, title) + "\n"


def svg_element(radar: Radar, title: str = "Technology radar") -> str:
    """The <svg> element alone (the html report inlines it)."""
    radius = fit_radius(radar)
    positions = place(radar, radius)
    size = 2 * (radius + MARGIN)
    cx = cy = radius + MARGIN
    legend, legend_height = _legend(radar, size, size + 10)
    height = size + 10 + legend_height + MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size:.0f} {height:.0f}"'
        f' width="{size:.0f}" height="{height:.0f}" role="img" class="radar"'
        ' font-family="sans-serif" font-size="12">',
        f"<title>{xml_text(title)}</title>",
        f'<rect width="{size:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    out.extend(_grid(radar, cx, cy, radius))
    for blip in radar.blips:
        x, y = positions[blip.number]
        out.append(_blip(radar, blip, cx + x, cy + y))
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out)


def _grid(radar: Radar, cx: float, cy: float, radius: float) -> list[str]:
    out = []
    for qn in range(4):
        a0, a1 = qn * math.pi / 2, (qn + 1) * math.pi / 2
        x0, y0 = cx + radius * math.cos(a0), cy + radius * math.sin(a0)
        x1, y1 = cx + radius * math.cos(a1), cy + radius * math.sin(a1)
        out.append(
            f'<path d="M{cx:.1f},{cy:.1f} L{x0:.1f},{y0:.1f} A{radius:.1f},{radius:.1f} 0 0 1'
            f' {x1:.1f},{y1:.1f} Z" fill="{QUADRANT_COLORS[qn]}"/>'
        )
    for n, (_inner, outer) in enumerate(ring_edges(radius, len(radar.rings))):
        ring = radar.rings[n]
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{outer:.1f}" fill="none"'
            f' stroke="{attr(ring.color)}" stroke-width="2"/>'
        )
        out.append(
            f'<text x="{cx + 4:.1f}" y="{cy - outer + 14:.1f}" fill="#555555"'
            f' font-weight="bold">{xml_text(ring.name)}</text>'
        )
    out.append(
        f'<line x1="{cx - radius:.1f}" y1="{cy:.1f}" x2="{cx + radius:.1f}" y2="{cy:.1f}"'
        ' stroke="#bbbbbb"/>'
    )
    out.append(
        f'<line x1="{cx:.1f}" y1="{cy - radius:.1f}" x2="{cx:.1f}" y2="{cy + radius:.1f}"'
        ' stroke="#bbbbbb"/>'
    )
    corners = ((1, 1, "end"), (-1, 1, "start"), (-1, -1, "start"), (1, -1, "end"))
    for quadrant, (sx, sy, anchor) in zip(radar.quadrants, corners, strict=False):
        x = cx + sx * (radius + MARGIN - 6)
        y = cy + sy * (radius + MARGIN - 10) + (4 if sy < 0 else 0)
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="14"'
            f' font-weight="bold" fill="#333333">{xml_text(quadrant.name)}</text>'
        )
    return out


def _blip(radar: Radar, blip: Blip, x: float, y: float) -> str:
    ring = next(r for r in radar.rings if r.id == blip.ring)
    name = blip.item.name or ""
    tags = blip_tags(blip)
    label = f"{blip.number}. {name} ({radar.ring_name(blip.ring)}{', ' if tags else ''}{tags})"
    # A CNCF project's blip gets a dark outline: the maturity marker.
    outline = ' stroke="#222222" stroke-width="2"' if blip.maturity else ""
    digits = len(str(blip.number))
    size = 9 if digits <= 2 else (7 if digits == 3 else 5)
    shape = (
        f'<g class="blip" id="blip-{blip.number}"><title>{xml_text(label)}</title>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{BLIP_R}" fill="{attr(ring.color)}"{outline}/>'
        f'<text x="{x:.1f}" y="{y + size / 3:.1f}" text-anchor="middle" font-size="{size}"'
        f' fill="#ffffff">{blip.number}</text></g>'
    )
    url = safe_url(blip.item.url)
    return f'<a href="{attr(url)}" target="_blank">{shape}</a>' if url else shape


def _legend(radar: Radar, width: float, top: float) -> tuple[list[str], float]:
    """The legend below the radar, in columns: per quadrant, per ring, number and name."""
    lines: list[tuple[str, str]] = []  # (kind, svg text content)
    for quadrant in radar.quadrants:
        lines.append(("quadrant", xml_text(quadrant.name)))
        for ring in radar.rings:
            cell = radar.in_cell(quadrant.id, ring.id)
            if not cell:
                continue
            lines.append(("ring", xml_text(ring.name)))
            for blip in cell:
                tags = blip_tags(blip)
                name = clean(blip.item.name, NAME_LIMIT)
                text = f"{blip.number}. {name}" + (f" ({tags})" if tags else "")
                lines.append(("blip", xml_text(text)))
    columns = max(1, int((width - MARGIN) // LEGEND_COLUMN))
    per_column = max(1, math.ceil(len(lines) / columns))
    out = [
        '<g class="legend">',
        f'<text x="{MARGIN:.1f}" y="{top + LEGEND_LINE:.1f}" font-size="11" fill="#555555">'
        f"{KEY}</text>",
    ]
    top += LEGEND_LINE * 1.5
    for n, (kind, text) in enumerate(lines):
        x = MARGIN + (n // per_column) * LEGEND_COLUMN
        y = top + (n % per_column) * LEGEND_LINE + LEGEND_LINE
        style = {
            "quadrant": ' font-weight="bold" font-size="13"',
            "ring": ' font-style="italic" fill="#555555"',
            "blip": "",
        }[kind]
        out.append(f'<text x="{x:.1f}" y="{y:.1f}"{style}>{text}</text>')
    out.append("</g>")
    return out, per_column * LEGEND_LINE + LEGEND_LINE * 2.5
