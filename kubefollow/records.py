"""Results the store reads and the output prints besides items: one item in full (show)
and a search hit. A leaf module, apart from items.py so that `list` does not build these
classes at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
