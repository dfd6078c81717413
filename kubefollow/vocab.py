"""The fixed words of the domain: statuses and actions. Kept light for the read path."""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("todo", "doing", "done", "dropped")
OPEN_STATUSES: tuple[str, ...] = ("todo", "doing")
# Strongest first: when a post's cues disagree, the earliest in this tuple wins.
ACTIONS: tuple[str, ...] = ("adopt", "evaluate", "watch", "read")
# The theme of an item no rule places: only ever a primary theme, never a secondary one.
OTHER = "other"

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # posts larger than this are refused unread
STDIN = "-"


def strongest_action(actions: list[str | None]) -> str | None:
    present = {a for a in actions if a}
    return next((a for a in ACTIONS if a in present), None)
