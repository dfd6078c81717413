"""The one item type: what the store reads, the core returns and the output prints.

A leaf module (standard library only), so the store, the core and the output can all use
it, and light: `kubefollow list` builds ten thousand of these.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The keys of `list --format json`, in order: a documented contract (README, "JSON").
JSON_FIELDS = (
    "id", "name", "url", "homepage", "category", "theme", "themes", "status", "action",
    "quote", "sources",
)  # fmt: skip
# The item's own columns in the store, in the store's order (`show --format json`).
STORE_FIELDS = (
    "id", "name", "name_key", "url", "homepage", "category", "theme", "themes", "status",
    "action", "quote", "edited", "created_at", "updated_at",
)  # fmt: skip
# The leading fields of Item, in order: what from_rows fills positionally.
POSITIONAL = (
    "id", "name", "url", "homepage", "category", "theme", "status", "action", "quote",
    "source", "source_date",
)  # fmt: skip

Source = Mapping[str, Any]  # a post that mentions the item: title, path, date


@dataclass(frozen=True, slots=True)
class Item:
    """One project to follow up. Fields a query did not select are None (or empty)."""

    id: int
    name: str | None = None
    url: str | None = None
    homepage: str | None = None
    category: str | None = None
    theme: str | None = None
    status: str | None = None
    action: str | None = None
    quote: str | None = None
    source: str | None = None  # the title of the first post that mentions it
    source_date: str | None = None
    themes: tuple[str, ...] = ()  # the primary first
    sources: tuple[Source, ...] = ()  # every post that mentions it, first post first
    name_key: str | None = None
    edited: tuple[str, ...] = ()  # the fields the user set, which ingest leaves alone
    created_at: str | None = None
    updated_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], sources: Iterable[Source] = ()) -> Item:
        """An item from a store row (a dict or sqlite3.Row of the items table, or a subset
        of it); themes and edited are decoded from their JSON text."""
        keys = row.keys()
        values = {k: row[k] for k in keys if k in _FIELD_NAMES}
        for name in ("themes", "edited"):
            raw = values.get(name)
            values[name] = tuple(json.loads(raw) if isinstance(raw, str) else raw or ())
        return cls(**values, sources=tuple(sources))

    @classmethod
    def from_rows(
        cls,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        sources: Mapping[int, tuple[Source, ...]] | None = None,
    ) -> list[Item]:
        """Many items from plain tuples, fast: columns are POSITIONAL (in that order),
        optionally followed by "themes" (JSON text)."""
        width = len(POSITIONAL)
        if tuple(columns[:width]) != POSITIONAL or len(columns) > width + 1:
            raise ValueError(f"columns must be {POSITIONAL} (+ themes), not {columns}")
        with_themes = len(columns) > width
        if not with_themes and sources is None:
            return [cls(*r) for r in rows]
        decoded: dict[str, tuple[str, ...]] = {}  # few distinct theme lists: decode each once
        out = []
        for r in rows:
            themes: tuple[str, ...] = ()
            if with_themes:
                raw = r[width]
                themes = decoded.get(raw) or decoded.setdefault(raw, tuple(json.loads(raw)))
            found = sources.get(r[0], ()) if sources is not None else ()
            out.append(cls(*r[:width], themes, found))  # type: ignore[call-arg]
        return out

    def as_json(self) -> dict[str, Any]:
        """The object `list --format json` prints for this item (README, "JSON")."""
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "homepage": self.homepage,
            "category": self.category,
            "theme": self.theme,
            "themes": list(self.themes),
            "status": self.status,
            "action": self.action,
            "quote": self.quote,
            "sources": [dict(s) for s in self.sources],
        }

    def as_row(self) -> dict[str, Any]:
        """The item's store columns, themes and edited as lists (`show --format json`)."""
        row = {k: getattr(self, k) for k in STORE_FIELDS}
        row["themes"] = list(self.themes)
        row["edited"] = list(self.edited)
        return row


_FIELD_NAMES = frozenset(Item.__dataclass_fields__)


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
