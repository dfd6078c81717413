"""Reads from the store, with plain sqlite3: what list, show, status and friends print.

Items come back as kubefollow.items.Item (a frozen dataclass), so the read path needs
neither pydantic nor sqlite-utils.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from kubefollow.errors import AmbiguousItem, ItemNotFound
from kubefollow.items import Item, Source
from kubefollow.vocab import STATUSES

if TYPE_CHECKING:
    from kubefollow.records import ItemDetail, SearchHit

SORTS = {
    "id": "i.id",
    "theme": "i.theme, i.id",
    "status": "CASE i.status WHEN 'doing' THEN 0 WHEN 'todo' THEN 1 WHEN 'done' THEN 2"
    " ELSE 3 END, i.id",
    "name": "i.name COLLATE NOCASE, i.id",
    "date": "source_date DESC, i.id",
    # The strongest action first, items without one last.
    "action": "CASE i.action WHEN 'adopt' THEN 0 WHEN 'evaluate' THEN 1 WHEN 'watch' THEN 2"
    " WHEN 'read' THEN 3 ELSE 4 END, i.id",
    # Most recently done first; items not done last.
    "done": "i.done_at IS NULL, i.done_at DESC, i.id",
    # The review queue: oldest post first (items no post mentions last), then id.
    "oldest": "p.date IS NULL, p.date, i.id",
}
# Items mentioned in a post whose title or path contains the text (given twice).
SOURCE_FILTER = (
    "i.id IN (SELECT m.item_id FROM mentions m JOIN posts p ON p.id = m.post_id"
    " WHERE instr(lower(p.title), lower(?)) OR instr(lower(p.path), lower(?)))"
)


def list_items(
    conn: sqlite3.Connection,
    themes: list[str] | None = None,
    statuses: list[str] | None = None,
    source: str | None = None,
    sort: str = "id",
    with_sources: bool = False,
    fields: Collection[str] | None = None,
    new: bool = False,
    actions: Sequence[str] = (),
    limit: int | None = None,
) -> list[Item]:
    """Items with the first post that mentions each (source, source_date), filtered and
    sorted. fields: the ones the caller uses (the id always comes too; the others are left
    None); None: all of them."""
    columns = {
        "id": "i.id", "name": "i.name", "url": "i.url", "homepage": "i.homepage",
        "category": "i.category", "theme": "i.theme", "status": "i.status",
        "action": "i.action", "quote": "i.quote", "source": "p.title",
        "source_date": "p.date", "reviewed": "i.reviewed", "done_at": "i.done_at",
    }  # fmt: skip
    with_themes = fields is None or "themes" in fields
    wanted: set[str] = set()
    if fields is not None:
        wanted = {"id", *fields, *(["source_date"] if sort == "date" else [])}
        # Unwanted columns are selected as NULL: the rows keep Item's positional order.
        columns = {k: v if k in wanted else "NULL" for k, v in columns.items()}
    selected = [f"{v} AS {k}" for k, v in columns.items()]
    if with_themes:
        selected.append("i.themes AS themes")
    where: list[str] = []
    args: list[Any] = []
    if themes:
        # Filed under a theme as its primary or as a secondary theme: `themes` holds both
        # as a JSON list of slugs (which never contain a quote).
        where.append("(" + " OR ".join("instr(i.themes, ?)" for _ in themes) + ")")
        args.extend(f'"{t}"' for t in themes)
    if actions:
        none = "none" in actions
        named = [a for a in actions if a != "none"]
        either = [f"i.action IN ({', '.join('?' * len(named))})"] if named else []
        where.append("(" + " OR ".join([*either, *(["i.action IS NULL"] if none else [])]) + ")")
        args.extend(named)
    if statuses:
        # Unary + keeps the status index out: most items are open, so reading the table in
        # id order (the default sort, no sorting step) beats the index and a sort.
        where.append(f"+i.status IN ({', '.join('?' * len(statuses))})")
        args.extend(statuses)
    if new:
        where.append("i.reviewed = 0")
    if source:
        where.append(SOURCE_FILTER)
        args.extend([source, source])
    # The first post that mentions each item: one lookup per listed item in the
    # mentions(item_id) index (a grouped scan of all mentions costs more).
    # The first post is joined only when a column or the order needs it.
    first_post = fields is None or bool({"source", "source_date"} & wanted) or sort == "oldest"
    sql = (
        f"SELECT {', '.join(selected)} FROM items i"
        + (
            " LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE item_id = i.id)"
            " LEFT JOIN posts p ON p.id = m.post_id"
            if first_post
            else ""
        )
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY {SORTS[sort]}"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    cursor = conn.execute(sql, args)
    cursor.row_factory = None  # plain tuples: much cheaper than sqlite3.Row for 10,000 rows
    names = [c[0] for c in cursor.description]
    rows = cursor.fetchall()
    sources = sources_of(conn, [r[0] for r in rows]) if with_sources else None
    return Item.from_rows(names, rows, sources)


def sources_of(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[Source, ...]]:
    """Each item's posts (title, path, date), first post first."""
    if not ids:
        return {}
    # A few items (show): only theirs; many: one pass over all mentions.
    only = f" WHERE m.item_id IN ({', '.join('?' * len(ids))})" if len(ids) <= 500 else ""
    cursor = conn.execute(
        "SELECT DISTINCT m.item_id, p.id AS post_id, p.title, p.path, p.date"
        f" FROM mentions m JOIN posts p ON p.id = m.post_id{only} ORDER BY m.item_id, p.id",
        ids if only else (),
    )
    cursor.row_factory = None
    by_item: dict[int, list[Source]] = {}
    for item_id, _post_id, title, path, date in cursor:
        by_item.setdefault(item_id, []).append({"title": title, "path": path, "date": date})
    return {k: tuple(v) for k, v in by_item.items()}


def resolve_item(conn: sqlite3.Connection, ref: str) -> Item:
    """An item by id, by name (case-insensitive) or by a unique prefix of its name."""
    ref = ref.strip()
    ref_id = ref.removeprefix("#")
    if ref_id.isdigit():
        row = conn.execute("SELECT * FROM items WHERE id = ?", (int(ref_id),)).fetchone()
        if row is None:
            row = _merged_into(conn, "g.item_id = ?", int(ref_id))
        if row is None:
            raise ItemNotFound(f"no item with id {ref_id}")
        return Item.from_row(row)
    folded = ref.casefold()
    rows = list(conn.execute("SELECT * FROM items ORDER BY id"))
    exact = [r for r in rows if r["name"].casefold() == folded]
    if not exact:
        from kubefollow.text import name_key

        merged = _merged_into(conn, "g.name_key = ?", name_key(ref))
        exact = [merged] if merged is not None else []
    candidates = exact or [r for r in rows if r["name"].casefold().startswith(folded)]
    if len(candidates) == 1:
        return Item.from_row(candidates[0])
    if not candidates:
        raise ItemNotFound(f"no item named {ref!r} (try `kubefollow list --all`)")
    raise AmbiguousItem(ref, [f"#{r['id']} {r['name']}" for r in candidates])


def review_head(
    conn: sqlite3.Connection,
    skipped: Collection[int],
    themes: Sequence[str] = (),
    source: str | None = None,
) -> tuple[Item | None, int]:
    """The first item waiting for review (oldest post first, then id), leaving out the
    skipped ones, and how many wait besides those: what `review` shows at each key.
    themes (slugs) and source narrow the queue as in `list_items`."""
    where, args = _review_where(themes, source)
    if skipped:
        where += f" AND i.id NOT IN ({', '.join('?' * len(skipped))})"
        args += list(skipped)
    row = conn.execute(
        "SELECT i.*, p.title AS source, p.date AS source_date FROM items i"
        " LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE item_id = i.id)"
        f" LEFT JOIN posts p ON p.id = m.post_id WHERE {where}"
        f" ORDER BY {SORTS['oldest']} LIMIT 1",
        args,
    ).fetchone()
    count = conn.execute(f"SELECT count(*) FROM items i WHERE {where}", args).fetchone()
    return (Item.from_row(row) if row is not None else None), int(count[0])


def unreviewed_count(
    conn: sqlite3.Connection, themes: Sequence[str] = (), source: str | None = None
) -> int:
    where, args = _review_where(themes, source)
    return int(conn.execute(f"SELECT count(*) FROM items i WHERE {where}", args).fetchone()[0])


def _review_where(themes: Sequence[str], source: str | None) -> tuple[str, list[Any]]:
    """The items waiting for review, narrowed by theme slugs and a post: SQL over `items i`."""
    where: list[str] = ["i.reviewed = 0"]
    args: list[Any] = []
    if themes:
        where.append(f"i.theme IN ({', '.join('?' * len(themes))})")
        args.extend(themes)
    if source:
        where.append(SOURCE_FILTER)
        args.extend([source, source])
    return " AND ".join(where), args


def _merged_into(conn: sqlite3.Connection, where: str, value: Any) -> sqlite3.Row | None:
    """The item one merged away (by its old id or name) now lives on as."""
    row: sqlite3.Row | None = conn.execute(
        f"SELECT i.* FROM merges g JOIN items i ON i.id = g.into_id WHERE {where}"
        " ORDER BY g.id DESC LIMIT 1",
        (value,),
    ).fetchone()
    return row


def same_project(
    conn: sqlite3.Connection, name_key: str | None, keys: Sequence[str], other_than: int = 0
) -> Item | None:
    """A stored item (not other_than) that is this project: one of its identity keys
    (catalog id, link) or its name (also a name merged into it)."""
    for key in keys:
        row = conn.execute(
            "SELECT i.* FROM item_keys k JOIN items i ON i.id = k.item_id"
            " WHERE k.key = ? AND i.id != ?",
            (key, other_than),
        ).fetchone()
        if row is not None:
            return Item.from_row(row)
    if name_key:
        named: sqlite3.Row | None = conn.execute(
            "SELECT * FROM items WHERE name_key = ? AND id != ? ORDER BY id LIMIT 1",
            (name_key, other_than),
        ).fetchone()
        named = named or _merged_into(
            conn, f"g.name_key = ? AND i.id != {int(other_than)}", name_key
        )
        if named is not None:
            return Item.from_row(dict(named))
    return None


def stored_themes(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """The themes ingests brought from --themes files: slug -> title and keywords."""
    import json

    return {
        str(slug): {"title": str(title), "keywords": json.loads(keywords)}
        for slug, title, keywords in conn.execute("SELECT slug, title, keywords FROM themes")
    }


def items_with_status(conn: sqlite3.Connection, statuses: Sequence[str]) -> list[Item]:
    """Items in these statuses (in that order), by id within each."""
    order = " ".join(f"WHEN ? THEN {n}" for n in range(len(statuses)))
    marks = ", ".join("?" * len(statuses))
    rows = conn.execute(
        f"SELECT id, name, theme, status FROM items WHERE status IN ({marks})"
        f" ORDER BY CASE status {order} END, id",
        (*statuses, *statuses),
    )
    return [Item.from_row(r) for r in rows]


def item_detail(conn: sqlite3.Connection, item_id: int) -> ItemDetail:
    from kubefollow.records import ItemDetail

    row = conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
    mentions = conn.execute(
        "SELECT p.title, p.path, p.date, m.sentence, m.url FROM mentions m"
        " JOIN posts p ON p.id = m.post_id WHERE m.item_id = ? ORDER BY p.id, m.position",
        (item_id,),
    )
    notes = conn.execute(
        "SELECT id, text, created_at FROM notes WHERE item_id = ? ORDER BY id", (item_id,)
    )
    return ItemDetail(
        Item.from_row(row, sources_of(conn, [item_id]).get(item_id, ())),
        tuple(dict(m) for m in mentions),
        tuple(dict(n) for n in notes),
        tuple(history(conn, item_id)),
    )


def history(
    conn: sqlite3.Connection, item_id: int | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Changes newest first: one row per command (or per event for one item)."""
    if item_id is not None:
        sql = (
            "SELECT c.id AS command_id, c.name AS command, c.at, c.undone_at, e.kind, e.field,"
            " e.old, e.new, e.tbl, e.after IS NULL AS deleted"
            " FROM events e JOIN commands c ON c.id = e.command_id"
            " WHERE e.item_id = ? OR e.item_id IN (SELECT item_id FROM merges WHERE into_id = ?)"
            " ORDER BY e.id DESC LIMIT ?"
        )
        return [dict(r) for r in conn.execute(sql, (item_id, item_id, limit))]
    sql = (
        "SELECT c.id AS command_id, c.name AS command, c.summary, c.at, c.undone_at,"
        " (SELECT count(*) FROM events e WHERE e.command_id = c.id) AS changes"
        " FROM commands c ORDER BY c.id DESC LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, (limit,))]


def theme_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Per theme slug: total and per-status counts."""
    out: dict[str, dict[str, int]] = {}
    for r in conn.execute("SELECT theme, status, count(*) AS n FROM items GROUP BY theme, status"):
        counts = out.setdefault(r["theme"], {"total": 0})
        counts[r["status"]] = r["n"]
        counts["total"] += r["n"]
    return out


def post_counts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Per post, newest first: its items (total) and how many are in each status."""
    per_status = ", ".join(
        f"count(DISTINCT CASE WHEN i.status = '{s}' THEN i.id END) AS {s}" for s in STATUSES
    )
    return [
        dict(r)
        for r in conn.execute(
            "SELECT p.id, p.title, p.date, p.path, count(DISTINCT i.id) AS total,"
            f" {per_status} FROM posts p LEFT JOIN mentions m ON m.post_id = p.id"
            " LEFT JOIN items i ON i.id = m.item_id GROUP BY p.id ORDER BY p.date DESC, p.id"
        )
    ]


def fts_query(text: str) -> tuple[str, list[str]]:
    """User words as an FTS5 query, each quoted so no word is read as an operator; and the
    words the index cannot hold as typed (`C++`, `.NET`: the tokenizer keeps only letters
    and digits), which a hit must then contain literally. Plain words match as prefixes;
    such words match their letters exactly, not as a prefix of every longer word."""
    terms, literal = [], []
    for word in text.replace('"', " ").split():
        if all(c.isalnum() for c in word):
            terms.append(f'"{word}"*')
            continue
        parts = [p for p in "".join(c if c.isalnum() else " " for c in word).split() if p]
        if not parts:
            continue
        terms.append('"' + " ".join(parts) + '"')
        literal.append(word.casefold())
    return " ".join(terms), literal


def search(
    conn: sqlite3.Connection, text: str, limit: int | None = 100
) -> tuple[list[SearchHit], int]:
    """Items whose name, quoted sentences or notes match, best match first (at most limit
    of them); and how many items match in all."""
    from kubefollow.records import SearchHit

    query, literal = fts_query(text)
    if not query:
        return [], 0
    sql = """
        SELECT item_id, field, snippet, rank FROM (
            SELECT i.id AS item_id, 'name' AS field, i.name AS snippet, bm25(items_fts) - 10 AS rank
            FROM items_fts JOIN items i ON i.rowid = items_fts.rowid WHERE items_fts MATCH :q
            UNION ALL
            SELECT m.item_id, 'mention', m.sentence, bm25(mentions_fts)
            FROM mentions_fts JOIN mentions m ON m.rowid = mentions_fts.rowid
            WHERE mentions_fts MATCH :q
            UNION ALL
            SELECT n.item_id, 'note', n.text, bm25(notes_fts)
            FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid WHERE notes_fts MATCH :q
        ) ORDER BY rank
    """
    best: dict[int, tuple[str, str]] = {}
    for r in conn.execute(sql, {"q": query}):
        folded = str(r["snippet"]).casefold()
        if r["item_id"] not in best and all(word in folded for word in literal):
            best[r["item_id"]] = (r["field"], r["snippet"])
    if not best:
        return [], 0
    ids = list(best)[:limit]
    marks = ", ".join("?" * len(ids))
    rows = {
        r["id"]: r
        for r in conn.execute(
            f"SELECT id, name, url, theme, status, action FROM items WHERE id IN ({marks})", ids
        )
    }
    hits = [
        SearchHit(i, r["name"], r["url"], r["theme"], r["status"], r["action"], *best[i])
        for i in ids
        if (r := rows.get(i)) is not None
    ]
    return hits, len(best)
