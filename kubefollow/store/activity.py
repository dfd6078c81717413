"""What happened when: items added, done and dropped, from the change log (undone commands
left out). The `report` command counts these by week or month."""

from __future__ import annotations

import sqlite3


def activity(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(what, at) for every item added (by ingest, add or import), done or dropped."""
    rows = conn.execute(
        """
        SELECT CASE
                 WHEN e.before IS NULL THEN 'added'
                 ELSE e.new
               END AS what, c.at
        FROM events e JOIN commands c ON c.id = e.command_id
        WHERE c.undone_at IS NULL AND e.tbl = 'items' AND (
            (e.before IS NULL AND e.kind IN ('ingest', 'add', 'import'))
            OR (e.field = 'status' AND e.new IN ('done', 'dropped'))
        )
        ORDER BY e.id
        """
    )
    return [(str(what), str(at)) for what, at in rows]
