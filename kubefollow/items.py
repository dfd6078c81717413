"""The one item type: what the store reads, the core returns and the output prints.

A leaf module (standard library only), so the store, the core and the output can all use
it, and light: `kubefollow list` builds ten thousand of these.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

# The keys of `list --format json`, in order: a documented contract (README, "JSON").
JSON_FIELDS = (
    "id", "name", "url", "homepage", "category", "theme", "themes", "status", "action",
    "quote", "sources", "reviewed", "done_at", "maturity",
)  # fmt: skip
# The item's own columns in the store, in the store's order (`show --format json`).
STORE_FIELDS = (
    "id", "name", "name_key", "url", "homepage", "category", "theme", "themes", "status",
    "action", "quote", "edited", "created_at", "updated_at", "reviewed", "done_at",
)  # fmt: skip
# The leading fields of Item, in order: what from_rows fills positionally.
POSITIONAL = (
    "id", "name", "url", "homepage", "category", "theme", "status", "action", "quote",
    "source", "source_date", "reviewed", "done_at",
)  # fmt: skip

Source = Mapping[str, Any]  # a post that mentions the item: title, path, date


@dataclass(frozen=True)
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
    reviewed: int | None = None  # 0: an ingest added it and the user has not reviewed it yet
    done_at: str | None = None  # when it was last marked done (None unless it is done)
    themes: tuple[str, ...] = ()  # the primary first
    sources: tuple[Source, ...] = ()  # every post that mentions it, first post first
    name_key: str | None = None
    edited: tuple[str, ...] = ()  # the fields the user set, which ingest leaves alone
    created_at: str | None = None
    updated_at: str | None = None
    maturity: str | None = None  # the catalog's (CNCF) maturity; not a store column

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
        # Ten thousand items for a `list`: each is made by filling its __dict__ at once
        # rather than by the frozen __init__'s seventeen object.__setattr__ calls (a third
        # of the cost). Same fields, same defaults, still frozen.
        new, set_dict, defaults = object.__new__, object.__setattr__, _DEFAULTS
        decoded: dict[str, tuple[str, ...]] = {}  # few distinct theme lists: decode each once
        out = []
        for r in rows:
            item = new(cls)
            values = defaults.copy()
            values.update(zip(POSITIONAL, r, strict=False))  # r may end with themes
            if with_themes:
                raw = r[width]
                themes = decoded.get(raw)
                if themes is None:
                    themes = decoded[raw] = tuple(json.loads(raw))
                values["themes"] = themes
            if sources is not None:
                values["sources"] = sources.get(r[0], ())
            set_dict(item, "__dict__", values)
            out.append(item)
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
            "reviewed": None if self.reviewed is None else bool(self.reviewed),
            "done_at": self.done_at,
            "maturity": self.maturity,
        }

    @classmethod
    def with_maturity(cls, items: list[Item], maturity: Mapping[int, str]) -> list[Item]:
        """The items, each with its maturity (by item id) filled in; the others as they are."""
        out = []
        for item in items:
            found = maturity.get(item.id)
            if found is not None:
                values = dict(item.__dict__)
                values["maturity"] = found
                item = object.__new__(cls)
                object.__setattr__(item, "__dict__", values)
            out.append(item)
        return out

    @property
    def new(self) -> str:
        """The new-marker of a listing: a dot for an item waiting for review."""
        return "•" if self.reviewed == 0 else ""

    def as_row(self) -> dict[str, Any]:
        """The item's store columns, themes and edited as lists (`show --format json`)."""
        row = {k: getattr(self, k) for k in STORE_FIELDS}
        row["themes"] = list(self.themes)
        row["edited"] = list(self.edited)
        row["reviewed"] = None if self.reviewed is None else bool(self.reviewed)
        return row


_FIELD_NAMES = frozenset(Item.__dataclass_fields__)
_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Item) if f.name != "id"}
