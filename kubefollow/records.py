"""Results the store reads and the output prints besides items: one item in full (show)
and a search hit. A leaf module, apart from items.py so that `list` does not build these
classes at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kubefollow.items import Item


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """Everything `show` prints about one item."""

    item: Item
    mentions: tuple[Mapping[str, Any], ...]  # title, path, date, sentence, url
    notes: tuple[Mapping[str, Any], ...]  # id, text, created_at
    history: tuple[Mapping[str, Any], ...]  # events, newest first

    def as_json(self) -> dict[str, Any]:
        return {
            **self.item.as_row(),
            "maturity": self.item.maturity,
            "mentions": [dict(m) for m in self.mentions],
            "notes": [dict(n) for n in self.notes],
            "history": [dict(h) for h in self.history],
            "sources": [dict(s) for s in self.item.sources],
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An item a search found, and where: its name, a quoted sentence or a note."""

    id: int
    name: str
    url: str | None
    theme: str
    status: str
    action: str | None
    field: str  # name, mention or note
    match: str

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# --- the radar (core/radar.py builds it, output/radar_*.py draw it) -------------------------


@dataclass(frozen=True, slots=True)
class Ring:
    id: str
    name: str
    color: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Quadrant:
    id: str
    name: str
    themes: tuple[str, ...]  # the theme slugs it gathers


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An item's ring from a date on: one step of its timeline (Backstage's RadarEntrySnapshot).
    moved: 1 moved in (toward the first ring), -1 out, 0 not moved (or the first snapshot)."""

    ring: str
    date: str  # YYYY-MM-DD
    moved: int
    description: str


@dataclass(slots=True)
class Blip:
    """One item on the radar, numbered in reading order (quadrant, ring, name). Not frozen:
    a frozen dataclass's __init__ costs three times as much, and the radar makes 10,000."""

    number: int
    item: Item
    quadrant: str  # Quadrant.id
    ring: str  # Ring.id
    is_new: bool  # first seen in the newest post
    timeline: tuple[Snapshot, ...]  # newest first
    notes: tuple[str, ...] = ()
    mentions: tuple[Mapping[str, Any], ...] = ()  # title, date, sentence (the html report)

    @property
    def maturity(self) -> str | None:
        return self.item.maturity


@dataclass(frozen=True)
class Radar:
    rings: tuple[Ring, ...]  # innermost first
    quadrants: tuple[Quadrant, ...]  # at most four, in drawing order
    blips: tuple[Blip, ...]
    left_out: int  # items no ring takes (or in no quadrant)
    theme_titles: Mapping[str, str]
    posts: tuple[Mapping[str, Any], ...] = ()  # title, path, date, items, done (newest first)

    @cached_property
    def cells(self) -> dict[tuple[str, str], list[Blip]]:
        """(quadrant id, ring id) -> its blips, in order."""
        out: dict[tuple[str, str], list[Blip]] = {}
        for blip in self.blips:
            out.setdefault((blip.quadrant, blip.ring), []).append(blip)
        return out

    def in_cell(self, quadrant: str, ring: str) -> list[Blip]:
        return self.cells.get((quadrant, ring), [])

    def ring_name(self, ring: str) -> str:
        return next((r.name for r in self.rings if r.id == ring), ring)

    def quadrant_name(self, quadrant: str) -> str:
        return next((q.name for q in self.quadrants if q.id == quadrant), quadrant)
