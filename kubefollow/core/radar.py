"""The radar model: the items a filter selects, each in a ring (data/radar.toml: by status,
then by action) and a quadrant (a theme, or the rest under "Other"), numbered, with its
maturity, whether the newest post brought it, and its timeline of rings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kubefollow.errors import UsageError
from kubefollow.items import Item
from kubefollow.records import Blip, Quadrant, Radar, Ring, Snapshot
from kubefollow.store.connection import Store

if TYPE_CHECKING:
    from kubefollow.rules.radar import RadarRules
    from kubefollow.store.radar import State

MAX_QUADRANTS = 4
OTHER_ID = "other"


@dataclass(frozen=True)
class RadarQuery:
    """What goes on the radar: list's filters (all statuses unless given), the quadrants'
    themes (none: the most common), and what the format needs besides the items."""

    themes: Sequence[str] = ()
    statuses: Sequence[str] = ()
    source: str | None = None
    new: bool = False
    actions: Sequence[str] = ()
    maturities: Sequence[str] = ()
    quadrants: Sequence[str] = ()
    rated_only: bool = False  # leave out items without an action
    timeline: bool = False
    details: bool = False  # notes, mentions and posts (the html report)
    fields: Sequence[str] | None = None  # the item fields the output shows (None: all)

    @property
    def narrowed(self) -> bool:
        """Whether a filter leaves some items out."""
        return bool(self.themes or self.statuses or self.source or self.new or self.actions
                    or self.maturities)  # fmt: skip


def build_radar(db_path: Path, query: RadarQuery) -> Radar:
    from kubefollow.core import overview, reading
    from kubefollow.rules.radar import load_radar_rules

    rules = load_radar_rules()
    titles = overview.theme_titles(None, db_path)
    chosen = reading.resolve_theme_slugs(
        list(query.quadrants or rules.quadrant_themes), db_path=db_path
    )
    if len(chosen) > MAX_QUADRANTS:
        raise UsageError(f"a radar has {MAX_QUADRANTS} quadrants; {len(chosen)} themes given")
    fields = None if query.fields is None else ["name", "theme", "status", "action", *query.fields]
    items = reading.list_items(
        db_path, list(query.themes), list(query.statuses), True, query.source, "name",
        fields=fields, new=query.new, actions=query.actions, maturity=True,
        maturities=query.maturities,
    )  # fmt: skip
    placed: list[tuple[Item, str]] = []
    for item in items:
        ring = rules.ring_of(item.status, item.action)
        unrated = not item.action and item.status not in rules.by_status
        if ring is not None and not (query.rated_only and unrated):
            placed.append((item, ring))
    quadrants = choose_quadrants([i.theme or OTHER_ID for i, _ in placed], chosen, titles, rules)
    quadrant_of = {t: q.id for q in quadrants for t in q.themes}
    other = next((q.id for q in quadrants if q.id == OTHER_ID), None)
    cells = []
    for item, ring in placed:
        quadrant = quadrant_of.get(item.theme or OTHER_ID, other)
        if quadrant is not None:
            cells.append((item, quadrant, ring))
    order = {q.id: n for n, q in enumerate(quadrants)}
    rank = {r.id: n for n, r in enumerate(rules.rings)}
    # By quadrant and ring; within a cell by name, as the store sorted them (a stable sort).
    cells.sort(key=lambda c: (order[c[1]], rank[c[2]]))
    blips, posts = _blips(db_path, cells, rules, query)
    rings = tuple(Ring(r.id, r.name, r.color, r.description) for r in rules.rings)
    return Radar(rings, tuple(quadrants), blips, len(items) - len(blips), titles, posts)


def choose_quadrants(
    themes: list[str], chosen: list[str], titles: dict[str, str], rules: RadarRules
) -> list[Quadrant]:
    """The chosen themes, or the most common ones; when more themes have items than there
    are quadrants left, the last quadrant gathers the rest under rules.other."""
    counts = Counter(themes)
    if chosen:
        picked = list(chosen)
        rest = [t for t in counts if t not in picked]
        if len(picked) >= MAX_QUADRANTS:
            rest = []
    else:
        ranked = sorted(counts, key=lambda t: (-counts[t], t == OTHER_ID, t))
        fits = len(ranked) <= MAX_QUADRANTS
        picked = ranked if fits else [t for t in ranked if t != OTHER_ID][: MAX_QUADRANTS - 1]
        rest = [t for t in ranked if t not in picked]
    quadrants = [Quadrant(t, titles.get(t, t), (t,)) for t in picked if t != OTHER_ID]
    gathered = tuple(sorted(set(rest) | ({OTHER_ID} & set(picked))))
    if gathered:
        quadrants.append(Quadrant(OTHER_ID, rules.other, gathered))
    return quadrants


def _blips(
    db_path: Path, cells: list[tuple[Item, str, str]], rules: RadarRules, query: RadarQuery
) -> tuple[tuple[Blip, ...], tuple[dict[str, object], ...]]:
    from kubefollow.store import radar as store_radar
    from kubefollow.store import reads

    store = Store.open_for_reading(db_path)
    if store is None or not cells:
        return (), ()
    ids = [item.id for item, _, _ in cells]
    with store:
        new = store_radar.only_in_newest_post(store.conn)
        states = store_radar.states(store.conn, ids) if query.timeline else {}
        notes = store_radar.notes(store.conn, ids) if query.details else {}
        mentions = store_radar.mentions(store.conn, ids) if query.details else {}
        posts = tuple(reads.post_counts(store.conn)) if query.details else ()
    blips = []
    for number, (item, quadrant, ring) in enumerate(cells, start=1):
        is_new = item.id in new
        timeline = timeline_of(item, ring, states.get(item.id, []), rules) if query.timeline else ()
        blips.append(
            Blip(
                number,
                item,
                quadrant,
                ring,
                is_new,
                timeline,
                notes.get(item.id, ()),
                tuple(mentions.get(item.id, ())),
            )
        )
    return tuple(blips), posts


def timeline_of(
    item: Item, ring: str, states: list[State], rules: RadarRules
) -> tuple[Snapshot, ...]:
    """The rings an item went through, newest first: a snapshot each time its ring changed.
    moved, as Backstage's MovedState: 1 up (toward the first ring), -1 down, 0 neither."""
    steps: list[tuple[str, str, str]] = []  # date, ring, description
    for date, status, action in states:
        at = rules.ring_of(status, action)
        if at is None or (steps and steps[-1][1] == at):
            continue
        steps.append((date, at, f"{status or 'todo'}, action {action or 'none'}"))
    if not steps or steps[-1][1] != ring:  # no history kept (or it does not replay): now
        date = (item.updated_at or item.created_at or "")[:10] or _today()
        steps.append((date, ring, f"{item.status or 'todo'}, action {item.action or 'none'}"))
    out = []
    for n, (date, at, description) in enumerate(steps):
        moved = 0 if n == 0 else _sign(rules.rank(steps[n - 1][1]) - rules.rank(at))
        out.append(Snapshot(at, date, moved, description))
    return tuple(reversed(out))


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()
