"""The review queue: the items an ingest added that wait for review, one at a time, oldest
post first, and the decisions taken on them.

A small state machine the CLI drives with key presses (and the tests without a terminal):
`current()` is the item to decide on, `decide()` writes one decision at once as its own
recorded command (one `undo` step), `undo()` reverts the last decision of this review.
Nothing here knows about Typer or the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kubefollow.errors import UsageError
from kubefollow.items import Item

# The decisions, by name; the CLI maps keys to them.
DECISIONS = (
    "keep", "drop", "forget", "never", "rename", "theme", "verdict", "merge", "skip",
)  # fmt: skip
# What a decision needs from the user besides the key (a prompt's answer).
NEEDS_VALUE = {"rename": "name", "theme": "theme", "verdict": "verdict", "merge": "into"}


def queue(db_path: Path, themes: Sequence[str] = (), source: str | None = None) -> list[Item]:
    """Every item waiting for review, in review order (oldest post first, then id);
    themes (slugs) and source (a post's title or path contains it) narrow it."""
    from kubefollow.store import reads
    from kubefollow.store.connection import Store

    store = Store.open_for_reading(db_path)
    if store is None:
        return []
    with store:
        return reads.list_items(store.conn, list(themes), [], source, "oldest", new=True)


@dataclass(frozen=True)
class Outcome:
    """What a decision did, in words, and on which item."""

    decision: str
    item_id: int
    message: str


@dataclass
class Review:
    """One review session over a store."""

    db_path: Path
    themes: list[str] = field(default_factory=list)  # theme slugs narrowing the queue
    source: str | None = None  # only items from posts whose title or path contains this
    skipped: set[int] = field(default_factory=set)
    decided: list[Outcome] = field(default_factory=list)  # written decisions, for undo
    counts: Counter[str] = field(default_factory=Counter)

    def waiting(self) -> list[Item]:
        """The items still to see in this review (skipped ones left out)."""
        return [
            i for i in queue(self.db_path, self.themes, self.source) if i.id not in self.skipped
        ]

    def head(self) -> tuple[Item | None, int]:
        """The item to decide on next (None: none left) and how many are still to see; fast
        on a large store (one item read, not the whole queue)."""
        from kubefollow.store import reads
        from kubefollow.store.connection import Store

        store = Store.open_for_reading(self.db_path)
        if store is None:
            return None, 0
        with store:
            return reads.review_head(store.conn, self.skipped, self.themes, self.source)

    def current(self) -> Item | None:
        return self.head()[0]

    def decide(self, item: Item, decision: str, value: str | None = None) -> Outcome:
        """Apply one decision to the item: one command in the store (skip writes nothing)."""
        if decision not in DECISIONS:
            raise UsageError(f"unknown decision {decision!r}")
        if decision in NEEDS_VALUE and not (value or "").strip():
            raise UsageError(f"no {NEEDS_VALUE[decision]} given: nothing changed")
        outcome = Outcome(decision, item.id, _apply(self.db_path, item, decision, value or ""))
        self.counts[decision] += 1
        if decision == "skip":
            self.skipped.add(item.id)
        else:
            self.decided.append(outcome)
        return outcome

    def undo(self) -> str:
        """Revert the last decision of this review (the store's undo); what was undone."""
        from kubefollow.core.tracker import undo

        if not self.decided:
            raise UsageError("nothing to undo in this review")
        last = self.decided.pop()
        undone = undo(self.db_path)
        self.counts[last.decision] -= 1
        self.counts["undo"] += 1
        return f"undid: {undone.summary}"

    def summary(self) -> str:
        parts = [f"{n} {d}" for d in (*DECISIONS, "undo") if (n := self.counts[d]) > 0]
        from kubefollow.store import reads
        from kubefollow.store.connection import Store

        store = Store.open_for_reading(self.db_path)
        left = 0
        if store is not None:
            with store:
                left = reads.unreviewed_count(store.conn, self.themes, self.source)
        done = ", ".join(parts) if parts else "nothing decided"
        which = "matching item(s)" if self.themes or self.source else "item(s)"
        return f"Review: {done}; {left} {which} still wait for review."


def _apply(db_path: Path, item: Item, decision: str, value: str) -> str:
    from kubefollow.core import tracker, triage

    ref = str(item.id)
    label = f"#{item.id} {item.name}"
    if decision == "keep":
        triage.mark_reviewed(db_path, [ref])
        return f"kept {label}"
    if decision == "drop":
        tracker.change_status(db_path, [ref], "dropped", reviewed=True)
        return f"dropped {label}"
    if decision in ("forget", "never"):
        done = triage.forget(db_path, [ref], never=decision == "never")
        rules = "".join(f" (never again: {entry})" for _, entry, _, _ in done.rules)
        return f"forgot {label}{rules}"
    if decision == "merge":
        merged = triage.merge(db_path, ref, value)
        return f"merged {label} into #{merged.survivor_id} {merged.survivor_name}"
    if decision == "skip":
        return f"skipped {label}"
    key = {"rename": "name", "theme": "theme", "verdict": "action"}[decision]
    if decision == "verdict":
        value = value.strip().lower()
        if value not in ("adopt", "evaluate", "watch", "read", "none"):
            raise UsageError(f"unknown verdict {value!r}: adopt, evaluate, watch, read or none")
    edit = tracker.edit_item(db_path, ref, {key: value}, reviewed=True)
    if key not in edit.old:
        return f"{label}: {key} is already {value or 'none'}"
    before = edit.old[key] if edit.old[key] is not None else "none"
    return f"{label}: {key} {before} -> {edit.new[key] or 'none'}"
