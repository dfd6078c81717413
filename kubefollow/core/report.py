"""`kubefollow report`: items added, done and dropped per week or month (the follow-up
equivalent of Taskwarrior's `task history`), in the reader's local time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubefollow.store.connection import Store

PERIODS = ("week", "month")


@dataclass(frozen=True)
class ReportRow:
    period: str  # 2026-W48 (ISO week) or 2026-11
    added: int
    done: int
    dropped: int

    def as_json(self) -> dict[str, Any]:
        return {"period": self.period, "added": self.added, "done": self.done,
                "dropped": self.dropped}  # fmt: skip


def period_of(at: str, by: str, zone: dt.tzinfo | None = None) -> str:
    """The week or month a UTC timestamp falls in, where the reader is (zone: local)."""
    local = dt.datetime.fromisoformat(at).astimezone(zone)
    if by == "month":
        return f"{local.year:04d}-{local.month:02d}"
    year, week, _ = local.isocalendar()
    return f"{year:04d}-W{week:02d}"


def report(db_path: Path, by: str = "week", zone: dt.tzinfo | None = None) -> list[ReportRow]:
    """One row per period with any activity, oldest first."""
    from kubefollow.store.activity import activity

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        events = activity(store.conn)
    counts: dict[str, dict[str, int]] = {}
    for what, at in events:
        row = counts.setdefault(period_of(at, by, zone), {"added": 0, "done": 0, "dropped": 0})
        row[what] += 1
    return [ReportRow(p, c["added"], c["done"], c["dropped"]) for p, c in sorted(counts.items())]
