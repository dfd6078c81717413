"""Text views of one item, the dashboard and the history.

Drawn with formats.render_rows (the same box drawing as the list, no markup parsing of
any text from a post); piped output is plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubefollow.output import layouts
from kubefollow.output.formats import render_rows
from kubefollow.output.terminal import Terminal
from kubefollow.records import ItemDetail
from kubefollow.text import one_line
from kubefollow.vocab import STATUSES


def item_card(detail: ItemDetail) -> str:
    item = detail.item
    lines = [f"#{item.id} {one_line(item.name or '')}"]

    def add(label: str, value: Any) -> None:
        if value:
            lines.append(f"  {label + ':':<10} {one_line(str(value))}")

    add("link", item.url)
    add("homepage", item.homepage)
    add("category", item.category)
    add("theme", item.theme)
    add("themes", ", ".join(item.themes))
    add("status", item.status)
    add("action", item.action)
    add("maturity", item.maturity and f"CNCF {item.maturity}")
    if item.reviewed == 0:
        add("review", "new: not reviewed yet (kubefollow review)")
    if item.edited:
        add("edited", ", ".join(item.edited))
    if detail.mentions:
        lines.append("  mentioned in:")
        for m in detail.mentions:
            when = f" ({one_line(m['date'])})" if m.get("date") else ""
            lines.append(f"    {one_line(m['title'])}{when}")
            lines.append(f"      “{one_line(m['sentence'])}”")
    if detail.notes:
        lines.append("  notes:")
        for number, n in enumerate(detail.notes, 1):
            when = n["created_at"][:16].replace("T", " ")
            lines.append(f"    {number}. {when}  {one_line(n['text'])}")
    if detail.history:
        lines.append("  history:")
        for h in detail.history:
            lines.append(f"    {describe_event(h)}")
    return "\n".join(lines) + "\n"


def describe_event(e: Mapping[str, Any]) -> str:
    when = e["at"][:16].replace("T", " ")
    undone = " (undone)" if e.get("undone_at") else ""
    if e.get("field") == "item_id":
        what = f"{e['tbl'].replace('_', ' ')} row moved from #{e['old']} to #{e['new']}"
    elif e.get("field"):
        what = f"{e['field']}: {_value(e['old'])} -> {_value(e['new'])}"
    elif e["tbl"] == "items" and e["kind"] == "merge":
        what = "item merged into another"
    elif e["tbl"] == "items" and e["kind"] == "forget":
        what = "item forgotten"
    elif e["tbl"] == "items":
        what = "item created" if e["kind"] in ("ingest", "add", "import") else "item changed"
    elif e["tbl"] == "merges":
        what = "merged: absorbed another item"
    elif e["tbl"] == "mentions":
        what = "mention recorded"
    elif e["tbl"] == "notes":
        what = "note deleted" if e.get("deleted") else "note added"
    elif e["tbl"] == "item_keys":
        what = "link recorded as this item"
    else:
        what = f"{e['tbl']} changed"
    return f"{when}  {e['kind']:<7} {what}{undone}"


def history_table(rows: list[dict[str, Any]], term: Terminal) -> str:
    table_rows = [
        {
            "id": r["command_id"],
            "at": r["at"][:19].replace("T", " "),
            "command": r["command"] + (" (undone)" if r.get("undone_at") else ""),
            "what": r["summary"],
            "changes": r["changes"],
        }
        for r in rows
    ]
    return render_rows(table_rows, "table", layouts.HISTORY, term)


def dashboard_text(
    themes: dict[str, dict[str, int]],
    posts: list[dict[str, Any]],
    titles: dict[str, str],
    term: Terminal,
    unreviewed: int = 0,
) -> str:
    theme_rows = []
    for slug, counts in sorted(themes.items(), key=lambda kv: (-kv[1]["total"], kv[0])):
        theme_rows.append({
            "theme": titles.get(slug, slug),
            "total": counts["total"],
            **{s: counts.get(s, 0) for s in STATUSES},
            "progress": progress_bar(counts.get("done", 0), counts["total"], term.tty),
        })  # fmt: skip
    post_rows = [
        {
            "title": p["title"],
            "date": p["date"] or "",
            "items": p["items"],
            "done": p["done"],
            "progress": progress_bar(p["done"], p["items"], term.tty),
        }
        for p in posts
    ]
    return (
        render_rows(theme_rows, "table", layouts.STATUS_THEMES, term)
        + "\n"
        + render_rows(post_rows, "table", layouts.STATUS_POSTS, term)
        + (f"\n{unreviewed} new item(s) wait for review: kubefollow review\n" if unreviewed else "")
    )


def progress_bar(done: int, total: int, tty: bool, width: int = 20) -> str:
    pct = 100 * done // total if total else 0
    if not tty:
        return f"{pct}%"
    filled = width * done // total if total else 0
    return "█" * filled + "░" * (width - filled) + f" {pct:>3}%"


def _value(value: object) -> str:
    """A recorded value in history: `none` for no value, never Python's None."""
    return "none" if value is None or value == "" else one_line(str(value))
