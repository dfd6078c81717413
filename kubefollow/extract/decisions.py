"""What extraction decided about each link and each named mention, and the rule that
decided it: what `ingest --dry-run --explain` prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decision:
    source: str  # "link", "name", or "item" (an item's theme and verdict, and why)
    text: str  # the link text, or the name as written
    url: str | None  # the link's address (links only)
    kind: str  # the link's kind (project, talk, ...), or "named" for a named mention
    item: str | None  # the item it became or counts for; None when it is not an item
    why: str  # the rule that decided the kind (for an item: its theme)
    name_rule: str = ""  # how the item's name was found (for an item: its verdict)
    sentence: str = ""
    heading: str = ""  # the nearest heading above it

    def as_dict(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "text": self.text,
            "url": self.url,
            "kind": self.kind,
            "item": self.item,
            "why": self.why,
            "name_rule": self.name_rule,
            "sentence": self.sentence,
            "heading": self.heading,
        }
