"""How a boxed table's columns share the terminal's width: by need, the name last.

Each column asks for its widest cell (or header). When the terminal is narrower, columns
give up width in the order their `give` says (long text such as links first, the row's
name last), the widest of a group first, so that width goes where there is most of it;
when even their minimums do not fit, the columns a layout marks as droppable are left out
(`drop` 1 first) and the sharing starts again. Nothing is ever wider than the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Room the row's name keeps before a droppable column is left out to make room for it.
NAME_ROOM = 16
GIVE_LAST = 4  # `give` of the row's name


def overhead(count: int) -> int:
    """Box drawing around and between `count` columns: "│ " + " │ " between + " │"."""
    return 3 * count + 1


def share(
    columns: Sequence[Any], wanted: Sequence[int], headers: Sequence[int], total: int
) -> list[int | None]:
    """Each column's width (None: left out) so that the table is at most `total` wide.

    columns: table.Column (header, min_width, give, drop; not imported here, which would
    make a cycle); wanted: each column's widest cell or header; headers: each header's
    width."""
    kept = list(range(len(columns)))
    while True:
        widths = list(wanted)
        if _squeeze(columns, widths, kept, headers, total, final=False):
            break
        droppable = [i for i in kept if columns[i].drop]
        if not droppable:
            _squeeze(columns, widths, kept, headers, total, final=True)
            break
        kept.remove(min(droppable, key=lambda i: columns[i].drop))
    # The last resort, on a terminal too narrow for even the columns that are never left
    # out: leave them out from the right.
    while len(kept) > 1 and sum(widths[i] for i in kept) + overhead(len(kept)) > total:
        kept.pop()
    return [widths[i] if i in kept else None for i in range(len(columns))]


def _squeeze(
    columns: Sequence[Any],
    widths: list[int],
    kept: list[int],
    headers: Sequence[int],
    total: int,
    *,
    final: bool,
) -> bool:
    """Narrow the kept columns, group by group, until they fit; whether they do."""
    excess = sum(widths[i] for i in kept) + overhead(len(kept)) - total
    for give in sorted({columns[i].give for i in kept}):
        group = [i for i in kept if columns[i].give == give]
        if give >= GIVE_LAST and not final:
            floors = {i: min(widths[i], max(columns[i].min_width, NAME_ROOM)) for i in group}
        else:
            floors = {i: min(widths[i], max(columns[i].min_width, headers[i])) for i in group}
        excess = _lower(widths, floors, excess)
    if excess <= 0 or not final:
        return excess <= 0
    # Still too wide: headers are cut, then every column goes down to its minimum, then
    # to one character.
    excess = _lower(widths, {i: min(widths[i], columns[i].min_width) for i in kept}, excess)
    excess = _lower(widths, {i: min(widths[i], 1) for i in kept}, excess)
    return excess <= 0


def _lower(widths: list[int], floors: dict[int, int], excess: int) -> int:
    """Take `excess` columns of width from the widest of the given columns first, none
    below its floor (water-filling); what could not be taken."""
    while excess > 0:
        above = [i for i in floors if widths[i] > floors[i]]
        if not above:
            break
        top = max(widths[i] for i in above)
        tops = [i for i in above if widths[i] == top]
        below = max((widths[i] for i in above if widths[i] < top), default=0)
        step = min(top - below, -(-excess // len(tops)))
        for i in reversed(tops):  # the rightmost first: a remainder goes to the left
            take = min(step, widths[i] - floors[i], excess)
            widths[i] -= take
            excess -= take
    return excess
