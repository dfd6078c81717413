"""search, and the search index behind it: the index catches up in bulk
(store/search_index.py); whatever sequence of commands ran, once caught up it holds exactly
the stored rows, and search finds what is stored; no query crashes it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import BUNDLED, Invoke
from helpers import as_json, ok

from kubefollow.store.search_index import INDEXED, catch_up, is_behind


def fts_consistent(db: Path) -> None:
    """Catch up, then FTS5's own check of each index against its table's rows."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        catch_up(conn)
        conn.execute("COMMIT")
        assert not is_behind(conn)
        for table in INDEXED:
            conn.execute(
                f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)"
            )
            stored = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            indexed = conn.execute(f"SELECT count(*) FROM {table}_fts_docsize").fetchone()[0]
            assert indexed == stored, table
    finally:
        conn.close()


def found(invoke: Invoke, query: str) -> list[str]:
    result = invoke("search", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [r["name"] for r in json.loads(result.stdout)]


def write_post(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {name}\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_search_by_name_quote_and_note(invoke: Invoke) -> None:
    ok(invoke("ingest"))
    ok(invoke("note", "karpenter", "benchmark the consolidation feature"))
    by_item = as_json(invoke("search", "kueue", "--format", "json"))
    assert by_item[0]["name"] == "Kueue" and by_item[0]["field"] == "name"
    quoted = as_json(invoke("search", "mainstream", "--format", "json"))
    assert [r["name"] for r in quoted] == ["OpenTelemetry"]
    assert quoted[0]["field"] == "mention" and "mainstream" in quoted[0]["match"]
    noted = as_json(invoke("search", "consolidation", "--format", "json"))
    assert [(r["name"], r["field"]) for r in noted] == [("Karpenter", "note")]
    table = ok(invoke("search", "mainstream")).stdout
    assert "OpenTelemetry" in table and "mention" in table
    none = ok(invoke("search", "zzzunfindable"))
    assert none.stdout == "" and "Nothing matches" in none.stderr
    assert as_json(invoke("search", "zzzunfindable", "--format", "json")) == []


@pytest.mark.parametrize(
    "query",
    [
        '"foo',
        "AND OR",
        "-x",
        "*",
        "kue*",
        "NEAR(kueue",
        "^kueue",
        "a:b",
        "(",
        ")",
        '"',
        "NOT",
        "OR kueue",
        "'",
        "{x}",
        "col:kueue",
        "+",
        "\x1b[31m",
        "   ",
    ],
)
def test_search_operators_never_crash(invoke: Invoke, query: str) -> None:
    ok(invoke("ingest"))
    rows = as_json(invoke("search", "--format", "json", "--", query))
    assert isinstance(rows, list)
    ok(invoke("search", "--", query))


def test_ingest_leaves_the_index_caught_up(invoke: Invoke, db: Path) -> None:
    assert invoke("ingest", str(BUNDLED)).exit_code == 0
    conn = sqlite3.connect(db)
    try:
        assert not is_behind(conn)
    finally:
        conn.close()
    fts_consistent(db)


def test_index_stays_exact_through_every_kind_of_write(
    invoke: Invoke, db: Path, tmp_path: Path
) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    post = write_post(
        posts, "a.md", "We will adopt [Zebrafish](https://zebrafish.example.dev/) for batch."
    )
    write_post(posts, "b.md", "Keep an eye on [Quillwort](https://quillwort.example.dev/).")
    assert invoke("ingest", str(posts)).exit_code == 0
    assert invoke("edit", "Zebrafish", "--name", "Marlinfish").exit_code == 0
    assert invoke("note", "Quillwort", "ask about the pelican integration").exit_code == 0
    assert invoke("add", "Handmade Gadget", "--url", "https://gadget.example.dev/").exit_code == 0
    # a changed post: its old mentions go, new ones come
    post.write_text(
        "---\ntitle: a\n---\n\nWe evaluate [Otterbox](https://otterbox.example.dev/) now.\n",
        encoding="utf-8",
    )
    assert invoke("ingest", str(posts)).exit_code == 0
    fts_consistent(db)
    assert found(invoke, "Marlinfish") == ["Marlinfish"]
    assert found(invoke, "Zebrafish") == []  # the old name is gone from the index
    assert found(invoke, "pelican") == ["Quillwort"]
    assert found(invoke, "Otterbox") == ["Otterbox"]
    assert found(invoke, "Gadget") == ["Handmade Gadget"]
    # undo the re-ingest: old mentions come back, with their old ids, below the mark
    assert invoke("undo").exit_code == 0
    fts_consistent(db)
    assert found(invoke, "Otterbox") == []
    assert found(invoke, "batch") == ["Marlinfish"]
    # export, then import into a fresh store: everything searchable there too
    exported = invoke("export", "--format", "json")
    dump = tmp_path / "dump.json"
    dump.write_text(exported.stdout, encoding="utf-8")
    other = tmp_path / "other.db"
    assert invoke("--db", str(other), "import", str(dump)).exit_code == 0
    fts_consistent(other)
    assert found(invoke, "pelican") == ["Quillwort"]


def test_search_catches_up_after_an_ingest_that_stopped_short(
    invoke: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between a post's commit and the final catch-up leaves rows unindexed;
    the next search indexes them first."""
    import kubefollow.store.search_index

    with monkeypatch.context() as patched:
        patched.setattr(kubefollow.store.search_index, "catch_up", lambda conn: 0)
        assert invoke("ingest", str(BUNDLED)).exit_code == 0
    conn = sqlite3.connect(db)
    try:
        assert is_behind(conn)
        assert conn.execute("SELECT count(*) FROM items_fts_docsize").fetchone()[0] == 0
    finally:
        conn.close()
    assert found(invoke, "Kueue")[0] == "Kueue"
    fts_consistent(db)


def test_migration_keeps_rows_indexed_by_the_old_triggers(invoke: Invoke, db: Path) -> None:
    """A store at schema m002 (per-row triggers): after m003 its rows stay searchable and
    later changes to them keep the index exact."""
    from kubefollow.store.migrations import migrate

    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    migrate(conn, stop_before="m003_search_in_bulk")
    conn.execute(
        "INSERT INTO items (name, name_key, theme, created_at, updated_at)"
        " VALUES ('Pangolin Mesh', 'pangolin mesh', 'networking', 'now', 'now')"
    )
    conn.commit()
    assert conn.execute("SELECT count(*) FROM items_fts_docsize").fetchone()[0] == 1
    conn.close()

    assert found(invoke, "Pangolin") == ["Pangolin Mesh"]  # migrates on open
    assert invoke("edit", "Pangolin Mesh", "--name", "Armadillo Mesh").exit_code == 0
    assert found(invoke, "Pangolin") == []
    assert found(invoke, "Armadillo") == ["Armadillo Mesh"]
    assert invoke("ingest", str(BUNDLED)).exit_code == 0
    fts_consistent(db)


def test_search_says_when_results_were_cut_and_limit_shows_more(
    invoke: Invoke, ingested: object
) -> None:
    everything = as_json(invoke("search", "a", "--format", "json"))  # a prefix of many words
    assert len(everything) > 3
    cut = invoke("search", "a", "--limit", "2", "--format", "json")
    assert len(json.loads(cut.stdout)) == 2  # stdout stays parseable JSON
    assert f"best 2 of {len(everything)}" in cut.stderr
    assert "best" not in invoke("search", "a", "--format", "json").stderr


def test_words_the_index_cannot_hold_match_literally(invoke: Invoke, tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(
        "# Tools\n\nWe use [Cobra](https://cobra.dev/) and [Crane](https://crane.example.dev/).\n"
        "\nThe C++ client [Zorblax](https://zorblax.example.dev/) is new.\n",
        encoding="utf-8",
    )
    ok(invoke("ingest", str(post)))
    hits = as_json(invoke("search", "C++", "--format", "json"))
    assert [h["name"] for h in hits] == ["Zorblax"]
    assert {h["name"] for h in as_json(invoke("search", "C", "--format", "json"))} >= {
        "Cobra",
        "Crane",
    }


def test_several_words_without_quotes(invoke: Invoke, ingested: object) -> None:
    one = as_json(invoke("search", "batch workloads", "--format", "json"))
    two = as_json(invoke("search", "batch", "workloads", "--format", "json"))
    assert one == two and one


def test_rows_brought_back_below_the_mark_are_found(
    invoke: Invoke, db: Path, tmp_path: Path
) -> None:
    """Undo of a forget and an import that gives an item its old id insert rows at or below
    the mark: they are indexed at once (no trigger does it since m012)."""
    posts = tmp_path / "posts"
    posts.mkdir()
    write_post(posts, "a.md", "We will adopt [Zebrafish](https://zebrafish.example.dev/) soon.")
    assert invoke("ingest", str(posts)).exit_code == 0
    assert invoke("note", "Zebrafish", "ask about the pelican integration").exit_code == 0
    assert found(invoke, "Zebrafish") == ["Zebrafish"]  # indexed: the mark is past it
    dump = tmp_path / "dump.json"
    dump.write_text(invoke("export", "--format", "json").stdout, encoding="utf-8")
    for bring_back in (("undo",), ("import", str(dump))):
        assert invoke("forget", "Zebrafish", "--yes").exit_code == 0
        assert found(invoke, "Zebrafish") == []
        assert invoke(*bring_back).exit_code == 0
        assert found(invoke, "Zebrafish") == ["Zebrafish"]
        assert found(invoke, "adopt") == ["Zebrafish"]  # its mention, too
        assert found(invoke, "pelican") == ["Zebrafish"]  # and its note
        fts_consistent(db)
