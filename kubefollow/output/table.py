"""The table renderer, whose cost per row is tiny (widths computed once, rows written
straight). Knows no SQL; every cell is untrusted text, cleaned of controls."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from kubefollow.text import one_line

STATUS_COLORS = {"todo": "33", "doing": "36", "done": "32", "dropped": "2"}
BOLD = "1"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    min_width: int = 3
    shrinkable: bool = False  # long text: give up width first when the terminal is narrow


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
) -> list[int]:
    """Each column's width: its widest cell or header, then, if a total is given, the
    shrinkable columns (then the others) give up width down to their minimum."""
    widths = [max(n, display_width(c.header)) for c, n in zip(columns, natural, strict=True)]
    if total is None:
        return widths
    overhead = 3 * len(columns) + 1  # "│ " + " │ " between + " │"
    excess = sum(widths) + overhead - total
    order = [i for i, c in enumerate(columns) if c.shrinkable] + [
        i for i, c in enumerate(columns) if not c.shrinkable
    ]
    for i in order:
        if excess <= 0:
            break
        give = min(excess, widths[i] - max(columns[i].min_width, display_width(columns[i].header)))
        if give > 0:
            widths[i] -= give
            excess -= give
    return widths


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
) -> str:
    """Boxed (a terminal: box drawing like Rich's default, status in colour, fitted to the
    width) or plain (piped: aligned columns, nothing else).

    Built a column at a time: each column is cleaned, measured and cut in one go, then
    every line is one printf-style format of its cells (the format holds only widths;
    cells are arguments, never parsed)."""
    cols: list[list[str]] = []
    ascii_cols: list[bool] = []
    natural: list[int] = []
    for c in columns:
        cells, ascii_only = column_cells(_column_values(rows, c.key))
        cols.append(cells)
        ascii_cols.append(ascii_only)
        if not cells:
            natural.append(0)
        elif ascii_only:
            natural.append(max(map(len, cells)))
        else:
            natural.append(max(map(display_width, cells)))
    widths = column_widths(columns, natural, width if boxed else None)
    status_col = next((i for i, c in enumerate(columns) if c.key == "status"), None)
    formats: list[str] = []
    for i, w in enumerate(widths):
        if boxed and color and i == status_col:
            # Coloured by the whole status text, before any cut.
            cols[i] = [f"\x1b[{STATUS_COLORS[t]}m{fit(t, w)}\x1b[0m" if t in STATUS_COLORS
                       else fit(t, w) for t in cols[i]]  # fmt: skip
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
        total = sum(widths) + 3 * len(widths) + 1
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
