"""The table renderer, whose cost per row is tiny (widths computed once, rows written
straight). Knows no SQL; every cell is untrusted text, cleaned of controls."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any

from kubefollow.output.widths import GIVE_LAST, overhead, share
from kubefollow.text import one_line

STATUS_COLORS = {"todo": "33", "doing": "36", "done": "32", "dropped": "2"}
BOLD = "1"


class Column:
    """One column of a table: its header, the row field it shows, and how it behaves on a
    narrow terminal. (A plain class: a dataclass costs a millisecond of every start.)"""

    __slots__ = ("bar", "drop", "give", "header", "key", "link", "min_width")

    def __init__(
        self,
        header: str,
        key: str,
        min_width: int = 3,
        *,
        give: int = 3,
        drop: int = 0,
        link: bool = False,
        bar: bool = False,
    ) -> None:
        self.header = header
        self.key = key
        self.min_width = min_width
        # When the terminal is narrow, the order in which columns give up width: 1 long
        # text (links, matches), 2 shorter text (themes, posts), 3 short values (the
        # default), 4 the row's name, last. See widths.py.
        self.give = give
        self.drop = drop  # left out when even the minimums do not fit: 1 first; 0 never
        self.link = link  # cells are links: clickable (OSC 8) on a terminal
        self.bar = bar  # cells are percentages (or None): a bar and the figure on a terminal

    def __repr__(self) -> str:
        return f"Column({self.header!r}, {self.key!r})"


def name_column(header: str, key: str, min_width: int = 8) -> Column:
    """The row's name: the last column to give up width."""
    return Column(header, key, min_width, give=GIVE_LAST)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, Mapping) for v in value):  # posts: by title
            return "; ".join(one_line(str(v.get("title") or v.get("path") or "")) for v in value)
        return ", ".join(one_line(str(v)) for v in value)
    return one_line(str(value))


def display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """Cut to width with an ellipsis, then pad to width."""
    if text.isascii() and len(text) <= width:
        return text.ljust(width)
    w = display_width(text)
    if w > width:
        out, used = [], 0
        for ch in text:
            cw = display_width(ch)
            if used + cw > width - 1:
                break
            out.append(ch)
            used += cw
        text, w = "".join(out) + "…", used + 1
    return text + " " * (width - w)


_SEP = "|"  # printable: a column of clean cells joins into one clean string
_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"


def _printable_ascii(text: str) -> bool:
    """str.isprintable for ASCII text, several times faster on long strings."""
    raw = text.encode("ascii")
    return len(raw.translate(None, _ASCII_CONTROLS)) == len(raw)


def column_cells(values: list[Any]) -> tuple[list[str], bool]:
    """cell_text of each value of one column, and whether the cells are all ASCII.

    The common column, plain ASCII text (or ids, or text and None), is checked in a few
    passes over one joined string instead of a Python call per cell; anything else goes
    through one_line (or cell_text) cell by cell, as before."""
    try:
        joined = _SEP.join(values)
    except TypeError:  # None, numbers, lists
        kinds = set(map(type, values))
        if kinds <= {str, type(None)}:
            values = [v or "" for v in values]
        elif kinds == {int}:
            values = list(map(str, values))
        else:
            cells = [cell_text(v) for v in values]
            return cells, "".join(cells).isascii()
        joined = _SEP.join(values)
    if joined.isascii() and _printable_ascii(joined) and "  " not in joined:
        if joined[:1] == " " or joined[-1:] == " " or " |" in joined or "| " in joined:
            return [v.strip() for v in values], True
        return values, True
    cells = [one_line(v) for v in values]
    return cells, "".join(cells).isascii()


def column_widths(
    columns: Sequence[Column], natural: Sequence[int], total: int | None
) -> list[int | None]:
    """Each column's width (None: left out): its widest cell or header, then, if a total
    is given, shared so that the table fits it (widths.share)."""
    headers = [display_width(c.header) for c in columns]
    widths = [max(n, h) for n, h in zip(natural, headers, strict=True)]
    if total is None:
        return list(widths)
    return share(columns, widths, headers, total)


def _fitted(cells: list[str], ascii_only: bool, natural: int, width: int) -> tuple[list[str], str]:
    """A column's cells cut to width, and the printf format that pads one of them.

    ASCII cells are padded by the format ("%-Ns"), which counts characters; other text
    is padded here by display width and printed as it is ("%s")."""
    if not ascii_only:
        return [fit(t, width) for t in cells], "%s"
    if natural > width:
        if width < 1:
            return [fit(t, width) for t in cells], "%s"
        cut = width - 1
        cells = [t if len(t) <= width else t[:cut] + "…" for t in cells]
    return cells, f"%-{width}s"


def _column_values(rows: Sequence[Any], key: str) -> list[Any]:
    """One column of the rows: dicts by key, anything else (an Item) by attribute."""
    if rows and not isinstance(rows[0], dict):
        return list(map(attrgetter(key), rows))
    try:
        return list(map(itemgetter(key), rows))
    except KeyError:
        return [row.get(key) for row in rows]


def render_table(
    columns: Sequence[Column],
    rows: Sequence[Any],
    *,
    boxed: bool,
    color: bool,
    width: int | None = None,
    title: str | None = None,
    links: bool = False,
) -> str:
    """Boxed (a terminal: box drawing like Rich's default, status in colour, fitted to the
    width, links clickable when `links`) or plain (piped: aligned columns, nothing else).

    Built a column at a time: each column is cleaned, measured and cut in one go, then
    every line is one printf-style format of its cells (the format holds only widths;
    cells are arguments, never parsed)."""
    cols: list[list[str]] = []
    ascii_cols: list[bool] = []
    natural: list[int] = []
    targets: dict[str, list[Any]] = {}  # a link column's raw values: what a click opens
    for c in columns:
        values = _column_values(rows, c.key)
        if c.link and links and boxed:
            targets[c.key] = values
        cells, ascii_only = column_cells([percent(v) for v in values] if c.bar else values)
        cols.append(cells)
        ascii_cols.append(ascii_only)
        if not cells:
            natural.append(0)
        elif ascii_only:
            natural.append(max(map(len, cells)))
        else:
            natural.append(max(map(display_width, cells)))
        if c.bar and boxed and cells:
            natural[-1] = max(natural[-1], 4) + 1 + BAR_WIDTH  # the figure, a space, the bar
    shared = column_widths(columns, natural, width if boxed else None)
    kept = [i for i, w in enumerate(shared) if w is not None]
    columns = [columns[i] for i in kept]
    cols, ascii_cols, natural = (
        [cols[i] for i in kept],
        [ascii_cols[i] for i in kept],
        [natural[i] for i in kept],
    )
    widths = [w for w in shared if w is not None]
    formats: list[str] = []
    for i, (c, w) in enumerate(zip(columns, widths, strict=True)):
        if boxed and c.bar:
            cols[i] = [bar(t, w) for t in cols[i]]
            formats.append("%s")
        elif boxed and color and c.key == "status":
            # Coloured by the whole status text, before any cut.
            cols[i] = [f"\x1b[{STATUS_COLORS[t]}m{fit(t, w)}\x1b[0m" if t in STATUS_COLORS
                       else fit(t, w) for t in cols[i]]  # fmt: skip
            formats.append("%s")
        elif boxed and links and c.link:
            cut, f = _fitted(cols[i], ascii_cols[i], natural[i], w)
            if f != "%s":  # ASCII cells, padded by the format: padded here instead
                cut = [t.ljust(w) for t in cut]
            cols[i] = [hyperlink(url, t) for url, t in zip(targets[c.key], cut, strict=True)]
            formats.append("%s")
        else:
            cols[i], f = _fitted(cols[i], ascii_cols[i], natural[i], w)
            formats.append(f)
    out: list[str] = []
    if not boxed:
        header = "  ".join(fit(c.header, w) for c, w in zip(columns, widths, strict=True))
        out.append(header.rstrip())
        line_format = "  ".join(formats)
        out.extend([(line_format % cells).rstrip() for cells in zip(*cols, strict=True)])
        return "\n".join(out) + "\n"

    def paint(text: str, code: str | None) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and code else text

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    if title:
        total = sum(widths) + overhead(len(widths))
        out.append(paint(fit(title, total).strip().center(total).rstrip(), BOLD))
    out.append(line("┏", "━", "┳", "┓"))
    out.append(
        "┃ "
        + " ┃ ".join(paint(fit(c.header, w), BOLD) for c, w in zip(columns, widths, strict=True))
        + " ┃"
    )
    out.append(line("┡", "━", "╇", "┩"))
    line_format = "│ " + " │ ".join(formats) + " │"
    out.extend([line_format % cells for cells in zip(*cols, strict=True)])
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


# --- progress bars and links ---------------------------------------------------------------

BAR_WIDTH = 20  # a bar's width when the terminal has room


def percent(value: Any) -> str:
    """A bar column's figure: "33%", or "-" (nothing to measure)."""
    return "-" if value is None else f"{value}%"


def bar(figure: str, width: int) -> str:
    """The figure ("33%") after a bar that fills the rest of the width; the figure alone
    when the width leaves no room for a bar worth reading."""
    room = width - 5  # the figure, at most "100%", and a space
    if room < 3 or not figure.endswith("%"):
        return figure.rjust(width)
    filled = room * int(figure[:-1]) // 100
    return "█" * filled + "░" * (room - filled) + " " + figure.rjust(4)


MAX_LINK = 2000  # longer targets are not made clickable (terminals cap them anyway)


def safe_link_target(url: str) -> bool:
    """Whether a link may be written into an OSC 8 sequence: http(s), printable ASCII
    only (no space, no control, no ESC or BEL that could end the sequence early)."""
    scheme = url[:8].lower()
    prefix = "https://" if scheme == "https://" else "http://" if scheme[:7] == "http://" else ""
    return (
        len(prefix) < len(url) <= MAX_LINK
        and prefix != ""
        and url.isascii()
        and url.isprintable()
        and " " not in url
    )


def hyperlink(url: Any, shown: str) -> str:
    """`shown` (already cut and padded) made a link to url on a terminal (OSC 8), the
    padding left outside; as it is when the url is not safe to write (the raw value is
    checked, not the cleaned cell: a link with a control in it is no link at all)."""
    if not isinstance(url, str) or not safe_link_target(url):
        return shown
    text = shown.rstrip(" ")
    pad = shown[len(text) :]
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\{pad}"
