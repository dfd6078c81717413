"""Text views of one item, the dashboard and the history: plain dicts in, text out.

Drawn with render.render_table (the same box drawing as the list, no markup parsing of
any text from a post); piped output is plain text.
"""

from __future__ import annotations

from typing import Any

from kubefollow.output.table import Column, render_table
from kubefollow.text import one_line
from kubefollow.vocab import STATUSES


def item_card(item: dict[str, Any]) -> str:
    lines = [f"#{item['id']} {one_line(item['name'])}"]

    def add(label: str, value: Any) -> None:
        if value:
            lines.append(f"  {label + ':':<10} {one_line(str(value))}")

    add("link", item.get("url"))
    add("homepage", item.get("homepage"))
    add("category", item.get("category"))
    add("theme", item["theme"])
    add("themes", ", ".join(item["themes"]))
    add("status", item["status"])
    add("action", item.get("action"))
    if item.get("edited"):
        add("edited", ", ".join(item["edited"]))
    if item["mentions"]:
        lines.append("  mentioned in:")
        for m in item["mentions"]:
            when = f" ({m['date']})" if m.get("date") else ""
            lines.append(f"    {one_line(m['title'])}{when}")
            lines.append(f"      “{one_line(m['sentence'])}”")
    if item["notes"]:
        lines.append("  notes:")
        for n in item["notes"]:
            lines.append(f"    {n['created_at'][:16].replace('T', ' ')}  {one_line(n['text'])}")
    if item["history"]:
        lines.append("  history:")
        for h in item["history"]:
            lines.append(f"    {describe_event(h)}")
    return "\n".join(lines) + "\n"


def describe_event(e: dict[str, Any]) -> str:
    when = e["at"][:16].replace("T", " ")
    undone = " (undone)" if e.get("undone_at") else ""
    if e.get("field"):
        what = f"{e['field']}: {one_line(str(e['old']))} -> {one_line(str(e['new']))}"
    elif e["tbl"] == "items":
        what = "item created" if e["kind"] in ("ingest", "add", "import") else "item changed"
    elif e["tbl"] == "mentions":
        what = "mention recorded"
    elif e["tbl"] == "notes":
        what = "note added"
    elif e["tbl"] == "item_keys":
        what = "link recorded as this item"
    else:
        what = f"{e['tbl']} changed"
    return f"{when}  {e['kind']:<7} {what}{undone}"


def history_table(rows: list[dict[str, Any]], tty: bool) -> str:
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
    columns = [Column("#", "id"), Column("When (UTC)", "at"), Column("Command", "command"),
               Column("What", "what", 10, shrinkable=True), Column("Rows", "changes")]  # fmt: skip
    return render_table(columns, table_rows, boxed=tty, color=False, width=_width(tty))


def _width(tty: bool) -> int | None:
    if not tty:
        return None
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def dashboard_text(
    themes: dict[str, dict[str, int]],
    posts: list[dict[str, Any]],
    titles: dict[str, str],
    tty: bool,
    color: bool,
) -> str:
    theme_rows = []
    for slug, counts in sorted(themes.items(), key=lambda kv: (-kv[1]["total"], kv[0])):
        theme_rows.append({
            "theme": titles.get(slug, slug),
            "total": counts["total"],
            **{s: counts.get(s, 0) for s in STATUSES},
            "progress": progress_bar(counts.get("done", 0), counts["total"], tty),
        })  # fmt: skip
    theme_cols = [Column("Theme", "theme"), Column("Total", "total"), Column("Todo", "todo"),
                  Column("Doing", "doing"), Column("Done", "done"), Column("Dropped", "dropped"),
                  Column("Done / total", "progress")]  # fmt: skip
    post_rows = [
        {
            "title": p["title"],
            "date": p["date"] or "",
            "items": p["items"],
            "done": p["done"],
            "progress": progress_bar(p["done"], p["items"], tty),
        }
        for p in posts
    ]
    post_cols = [Column("Post", "title", 10, shrinkable=True), Column("Date", "date"),
                 Column("Items", "items"), Column("Done", "done"),
                 Column("Done / items", "progress")]  # fmt: skip
    width = _width(tty)
    return (
        render_table(theme_cols, theme_rows, boxed=tty, color=color, width=width, title="Themes")
        + "\n"
        + render_table(post_cols, post_rows, boxed=tty, color=color, width=width, title="Posts")
    )


def progress_bar(done: int, total: int, tty: bool, width: int = 20) -> str:
    pct = 100 * done // total if total else 0
    if not tty:
        return f"{pct}%"
    filled = width * done // total if total else 0
    return "█" * filled + "░" * (width - filled) + f" {pct:>3}%"
