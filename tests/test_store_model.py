"""The safety net: a model-based test of the store (hypothesis RuleBasedStateMachine).

Random sequences of ingest (of a few generated posts, one of which changes), status
changes, notes, hand-made items, edits, undo, export and import drive the core, without the
CLI, against a small in-memory model. After every step the store must match the model; undo
must restore exactly the state before the command it undoes; every item must have its
history; an export imported into a fresh store must export identically; SQLite's and FTS5's
integrity checks must pass.

The model learns what extraction found from the store (it does not re-implement extraction):
what it asserts of an ingest is that items already stored keep their status, their notes
and every field the user edited, and that unchanged content writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kubefollow.core import history as history_core
from kubefollow.core import ingest as ingest_core
from kubefollow.core import reading, tracker, transfer, triage
from kubefollow.errors import KubefollowError, UndoError
from kubefollow.store.search_index import INDEXED, catch_up


class core:  # the core's entry points, in one place for this test
    ingest = staticmethod(ingest_core.ingest)
    list_items = staticmethod(reading.list_items)
    change_status = staticmethod(tracker.change_status)
    note_item = staticmethod(tracker.note_item)
    add_item = staticmethod(tracker.add_item)
    edit_item = staticmethod(tracker.edit_item)
    undo = staticmethod(tracker.undo)
    export_all = staticmethod(transfer.export_all)
    import_file = staticmethod(transfer.import_file)
    history = staticmethod(history_core.history)
    show_item = staticmethod(reading.show_item)
    merge = staticmethod(triage.merge)
    forget = staticmethod(triage.forget)


STATUSES = ("todo", "doing", "done", "dropped")
THEMES = ("batch", "multi-cluster", "platform-engineering", "observability", "other")
NOTE_WORDS = ("try", "on staging", "ask the team", "résumé", "benchmarks", "v2 first")

# Projects the generated posts link to: (link text, URL). Fictional organisations so the
# bundled catalog never claims them; each repository is its own project.
PROJECTS = [(f"Mbt{word}", f"https://github.com/mbt-{word}/mbt{word}") for word in
            ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")]  # fmt: skip
SECTIONS = (
    ("Batch and AI", "We will adopt"),
    ("Multi-cluster", "Worth a look:"),
    ("Observability", "Keep an eye on"),
)


def post_text(title: str, picks: list[tuple[int, int]]) -> str:
    """A trip report naming PROJECTS[p] in section s for each (p, s) picked."""
    lines = ["---", f"title: {title}", "date: 2025-04-10", "---", ""]
    for s, (heading, cue) in enumerate(SECTIONS):
        chosen = [p for p, sec in picks if sec == s]
        if not chosen:
            continue
        lines += [f"## {heading}", ""]
        for p in chosen:
            text, url = PROJECTS[p]
            lines.append(f"- {cue} [{text}]({url}) for our clusters.")
        lines.append("")
    return "\n".join(lines)


picks_strategy = st.lists(
    st.tuples(st.integers(0, len(PROJECTS) - 1), st.integers(0, len(SECTIONS) - 1)),
    min_size=1,
    max_size=4,
    unique_by=lambda t: t[0],
)


@dataclass(frozen=True)
class ModelItem:
    name: str
    theme: str
    status: str = "todo"
    notes: tuple[str, ...] = ()
    edited: frozenset[str] = field(default_factory=frozenset)


TABLES = ("posts", "items", "item_keys", "mentions", "notes", "merges")


def dump(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of the user's data (not the change log itself), for exact comparison.
    items.updated_at is bookkeeping that undo deliberately does not restore."""
    if not db.exists():
        return {table: [] for table in TABLES}
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        out: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            rows = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
            for row in rows:
                row.pop("updated_at", None)
            out[table] = rows
        return out
    finally:
        conn.close()


def event_count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def stored_post_hash(db: Path, name: str) -> str | None:
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    try:
        for path, content_hash in conn.execute("SELECT path, content_hash FROM posts"):
            if Path(path).name == name:
                return str(content_hash)
        return None
    finally:
        conn.close()


def store_items(db: Path) -> dict[int, dict[str, Any]]:
    rows = core.list_items(db, themes=[], statuses=list(STATUSES), show_all=True)
    out = {int(r.id): r.as_json() for r in rows}
    conn = sqlite3.connect(db)
    try:
        for item_id, text in conn.execute("SELECT item_id, text FROM notes ORDER BY id"):
            out[int(item_id)].setdefault("note_texts", []).append(text)
        for item_id, edited in conn.execute("SELECT id, edited FROM items"):
            out[int(item_id)]["edited"] = frozenset(json.loads(edited))
    finally:
        conn.close()
    return out


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="kf-model-"))
        self.db = self.tmp / "store.db"
        self.posts = self.tmp / "posts"
        self.posts.mkdir()
        self.model: dict[int, ModelItem] = {}
        # (dump, model) before each command that recorded changes and is not undone yet.
        self.undo_stack: list[tuple[dict[str, Any], dict[int, ModelItem]]] = []
        self.exports: list[dict[str, Any]] = []
        self.hand_made = 0
        self.fresh_stores = 0
        # forget --never writes to the user's exclusions.toml: a data directory of our own.
        self.saved_xdg = os.environ.get("XDG_DATA_HOME")
        os.environ["XDG_DATA_HOME"] = str(self.tmp / "xdg")
        self.never: set[str] = set()  # links forget --never has excluded

    def teardown(self) -> None:
        if self.saved_xdg is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = self.saved_xdg
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------
    def run_command(self, action: Any) -> Any:
        """Run one core command; push the state before it if it recorded changes."""
        before_events = event_count(self.db)
        before = dump(self.db)
        before_model = dict(self.model)
        result = action()
        if event_count(self.db) != before_events:
            self.undo_stack.append((before, before_model))
        return result

    def sync_from_store(self) -> dict[int, dict[str, Any]]:
        stored = store_items(self.db) if self.db.exists() else {}
        return stored

    # -- rules -----------------------------------------------------------------------
    @initialize()
    def start(self) -> None:
        assert not self.db.exists()

    @rule(post=st.integers(0, 2), picks=picks_strategy)
    def ingest(self, post: int, picks: list[tuple[int, int]]) -> None:
        """Ingest post N (new, changed when N was ingested with other content, or unchanged)."""
        path = self.posts / f"post-{post}.md"
        text = post_text(f"Trip report {post}", picks)
        path.write_text(text, encoding="utf-8")
        # Unchanged: the store holds this very content (an undone ingest left it without).
        unchanged = (
            stored_post_hash(self.db, path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
        )
        before = dump(self.db)
        report = self.run_command(lambda: core.ingest(self.db, [str(path)], jobs=0))
        assert not report.failed
        if unchanged:
            assert report.results[0].outcome == "unchanged"
            assert dump(self.db) == before
        stored = self.sync_from_store()
        for item_id, old in self.model.items():
            row = stored[item_id]
            assert row["status"] == old.status, "ingest changed a status"
            assert tuple(row.get("note_texts", [])) == old.notes, "ingest changed notes"
            if "name" in old.edited:
                assert row["name"] == old.name, "ingest undid an edited name"
            if "theme" in old.edited:
                assert row["theme"] == old.theme, "ingest undid an edited theme"
        for item_id, row in stored.items():
            if item_id not in self.model:
                assert row["url"] not in self.never, "ingest brought back a link forgotten --never"
            edited = self.model[item_id].edited if item_id in self.model else frozenset()
            self.model[item_id] = ModelItem(
                row["name"], row["theme"], row["status"], tuple(row.get("note_texts", [])),
                edited,
            )  # fmt: skip

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def set_status(self, data: st.DataObject, status: str) -> None:
        item_id = data.draw(st.sampled_from(sorted(self.model)))
        changes = self.run_command(lambda: core.change_status(self.db, [str(item_id)], status))
        assert [c.id for c in changes] == [item_id]
        assert changes[0].changed == (self.model[item_id].status != status)
        self.model[item_id] = replace(self.model[item_id], status=status)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), text=st.sampled_from(NOTE_WORDS))
    def note(self, data: st.DataObject, text: str) -> None:
        item_id = data.draw(st.sampled_from(sorted(self.model)))
        self.run_command(lambda: core.note_item(self.db, str(item_id), text))
        old = self.model[item_id]
        self.model[item_id] = replace(old, notes=(*old.notes, text))

    @rule(theme=st.sampled_from(THEMES))
    def add(self, theme: str) -> None:
        self.hand_made += 1
        name = f"Handmade {self.hand_made}"
        item_id = self.run_command(lambda: core.add_item(self.db, name, None, theme, None))
        assert item_id not in self.model
        self.model[item_id] = ModelItem(name, theme)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), theme=st.sampled_from(THEMES), rename=st.booleans())
    def edit(self, data: st.DataObject, theme: str, rename: bool) -> None:
        item_id = data.draw(st.sampled_from(sorted(self.model)))
        old = self.model[item_id]
        fields: dict[str, str | None] = {"theme": theme}
        if rename:
            fields["name"] = f"Renamed {item_id}"
        self.run_command(lambda: core.edit_item(self.db, str(item_id), fields))
        # Setting a field to the value it has is no edit: it does not lock the field.
        current = {"theme": old.theme, "name": old.name}
        changed = {k for k, v in fields.items() if v != current[k]}
        self.model[item_id] = replace(
            old,
            theme=theme,
            name=fields.get("name") or old.name,
            edited=old.edited | changed,
        )

    @precondition(lambda self: len(self.model) >= 2)
    @rule(data=st.data())
    def merge(self, data: st.DataObject) -> None:
        """One item absorbs another: its notes (and keys, mentions) move to the survivor;
        the absorbed id leads to the survivor from now on."""
        absorbed, survivor = data.draw(
            st.lists(st.sampled_from(sorted(self.model)), min_size=2, max_size=2, unique=True)
        )
        keys_before = {r["key"] for r in dump(self.db)["item_keys"]}
        self.run_command(lambda: core.merge(self.db, str(absorbed), str(survivor)))
        gone, kept = self.model.pop(absorbed), self.model[survivor]
        stored = self.sync_from_store()
        notes = tuple(stored[survivor].get("note_texts", []))
        assert sorted(notes) == sorted(kept.notes + gone.notes), "merge lost a note"
        # The survivor's derived fields come from all its mentions now; status, name and
        # the fields the user set stay.
        row = stored[survivor]
        assert (row["name"], row["status"]) == (kept.name, kept.status)
        if "theme" in kept.edited:
            assert row["theme"] == kept.theme
        self.model[survivor] = replace(kept, notes=notes, theme=row["theme"])
        assert core.show_item(self.db, str(absorbed)).item.id == survivor
        assert {r["key"] for r in dump(self.db)["item_keys"]} == keys_before, "keys lost"

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), never=st.booleans())
    def forget(self, data: st.DataObject, never: bool) -> None:
        """Forget an item (and, never, its link for good): it leaves the store entirely."""
        item_id = data.draw(st.sampled_from(sorted(self.model)))
        url = self.sync_from_store()[item_id]["url"]
        if never and not url:
            with pytest.raises(KubefollowError):
                core.forget(self.db, [str(item_id)], never=True)
            return
        done = self.run_command(lambda: core.forget(self.db, [str(item_id)], never=never))
        assert done.items == [(item_id, self.model[item_id].name)]
        del self.model[item_id]
        with pytest.raises(KubefollowError):
            core.show_item(self.db, str(item_id))
        assert not [r for t in ("item_keys", "mentions", "notes")
                    for r in dump(self.db)[t] if r["item_id"] == item_id]  # fmt: skip
        if never:
            self.never.add(url)
            assert done.rules[0][:2] == ("urls", url)

    @rule()
    def undo(self) -> None:
        if not self.undo_stack:
            with pytest.raises(UndoError):
                core.undo(self.db)
            return
        before, model = self.undo_stack.pop()
        core.undo(self.db)
        assert dump(self.db) == before, "undo did not restore the state before the command"
        # Edited flags are part of the restored rows, so the model goes back wholesale.
        self.model = model

    @rule()
    def export(self) -> None:
        if self.db.exists():
            self.exports.append(core.export_all(self.db))

    @precondition(lambda self: bool(self.exports))
    @rule(data=st.data())
    def import_export(self, data: st.DataObject) -> None:
        """Import an export taken earlier: nothing the store holds is lost."""
        exported = data.draw(st.sampled_from(self.exports))
        path = self.tmp / "backup.json"
        path.write_text(json.dumps(exported), encoding="utf-8")
        notes_before = {i: m.notes for i, m in self.model.items()}
        fields_before = {i: (m.name, m.theme, m.status) for i, m in self.model.items()}
        self.run_command(lambda: core.import_file(self.db, str(path)))
        stored = self.sync_from_store()
        for item_id, notes in notes_before.items():
            kept = stored[item_id].get("note_texts", [])
            assert all(kept.count(n) >= notes.count(n) for n in notes), "import lost a note"
        # An item forgotten since comes back (one merged away lives on as its survivor, one
        # whose project the store holds again under another id is that item).
        tables = dump(self.db)
        merged = {r["item_id"] for r in tables["merges"]}
        keys = {r["key"] for r in tables["item_keys"]}
        names = {r["name"] for r in stored.values()}
        for item in exported["items"]:
            if item["id"] not in merged | set(fields_before):
                assert item["name"] in names or keys & set(item["keys"]), "import lost an item"
        for item_id, fields in fields_before.items():
            # Per field the newer change wins: a backup taken earlier is never newer than
            # what the store holds now.
            row = stored[item_id]
            assert (row["name"], row["theme"], row["status"]) == fields, "import reverted"
        for item_id, row in stored.items():
            # Items the backup brings back (forgotten since) join the model as stored.
            self.model[item_id] = ModelItem(
                row["name"], row["theme"], row["status"], tuple(row.get("note_texts", [])),
                row["edited"],
            )  # fmt: skip

    @precondition(lambda self: self.db.exists())
    @rule()
    def round_trip(self) -> None:
        """An export imported into a fresh store exports identically."""
        exported = core.export_all(self.db)
        path = self.tmp / "round-trip.json"
        path.write_text(json.dumps(exported), encoding="utf-8")
        self.fresh_stores += 1
        fresh = self.tmp / f"fresh-{self.fresh_stores}.db"
        core.import_file(fresh, str(path))
        again = core.export_all(fresh)
        assert again["items"] == exported["items"]
        assert again["posts"] == exported["posts"]
        assert again["merges"] == exported["merges"]

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def unknown_item_is_refused(self, data: st.DataObject) -> None:
        merged = {r["item_id"] for r in dump(self.db)["merges"]}
        missing = max(self.model.keys() | merged) + data.draw(st.integers(1, 5))
        before = dump(self.db)
        with pytest.raises(KubefollowError):
            core.change_status(self.db, [str(missing)], "done")
        assert dump(self.db) == before

    # -- invariants ---------------------------------------------------------------------
    @invariant()
    def store_matches_model(self) -> None:
        stored = self.sync_from_store()
        assert set(stored) == set(self.model)
        for item_id, m in self.model.items():
            row = stored[item_id]
            assert (row["name"], row["theme"], row["status"]) == (m.name, m.theme, m.status)
            assert tuple(row.get("note_texts", [])) == m.notes

    @invariant()
    def merged_ids_are_never_reused(self) -> None:
        """An absorbed id is not an item again; every identity key belongs to an item."""
        tables = dump(self.db)
        ids = {r["id"] for r in tables["items"]}
        assert not ids & {r["item_id"] for r in tables["merges"]}
        assert {r["item_id"] for r in tables["item_keys"]} <= ids

    @invariant()
    def every_item_has_history(self) -> None:
        """`history ITEM` shows every item's creation (and so undo has a trail)."""
        for item_id in self.model:
            events = core.history(self.db, str(item_id)).events_newest_first()
            created = [e for e in events if e["tbl"] == "items" and e["old"] is None]
            assert events and events[-1]["tbl"] == "items", f"#{item_id} has no creation"
            assert created

    @invariant()
    def integrity(self) -> None:
        if not self.db.exists():
            return
        conn = sqlite3.connect(self.db, isolation_level=None)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("BEGIN IMMEDIATE")
            catch_up(conn)
            conn.execute("COMMIT")
            for table in INDEXED:
                conn.execute(
                    f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)"
                )
        finally:
            conn.close()


StoreMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestStoreModel = StoreMachine.TestCase
