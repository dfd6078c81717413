"""The one output path: rows and a format (table, json, csv, markdown) in, text out.

Every string that leaves kubefollow passes through here or through text.one_line: cells are
cleaned of C0/C1 controls, DEL and bidi controls; JSON escapes them (U+009B as \\u009b)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kubefollow.output.layouts import Layout
from kubefollow.output.table import Column, cell_text, render_table
from kubefollow.output.terminal import Terminal
from kubefollow.text import escape_for_json, one_line

FORMATS = ("table", "json", "csv", "markdown")


def render_rows(rows: Sequence[Any], fmt: str, layout: Layout, term: Terminal) -> str:
    """rows (dicts, or objects with attributes and as_json(), such as Item) in a format:
    json (each row's as_json), csv (layout.csv_fields), a markdown table or a text table
    (layout.columns; boxed and fitted on a terminal)."""
    if fmt == "json":
        return to_json([row if isinstance(row, dict) else row.as_json() for row in rows])
    if fmt == "csv":
        return to_csv(rows, layout.csv_fields)
    if fmt == "markdown":
        return to_markdown_table(layout.columns, rows)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    return render_table(
        layout.columns, rows, boxed=term.tty, color=term.color, width=term.width,
        title=layout.title, links=term.links,
    )  # fmt: skip


def to_json(data: Any, indent: int | None = 2) -> str:
    """JSON, non-ASCII text as UTF-8 but every control (C0, DEL, C1, bidi) escaped.
    indent=None: compact, and much faster for large documents (json's C encoder)."""
    import json

    return escape_for_json(json.dumps(data, ensure_ascii=False, indent=indent)) + "\n"


def _field(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def to_csv(rows: Sequence[Any], fields: Sequence[str]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([cell_text(_field(row, f)) for f in fields])
    return buf.getvalue()


_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|~"})


def md_escape(text: str) -> str:
    """Text made literal in Markdown: no links, emphasis or HTML from a post's words."""
    return one_line(text).translate(_MD_SPECIAL)


def to_markdown_table(columns: Sequence[Column], rows: Sequence[Any]) -> str:
    out = ["| " + " | ".join(c.header for c in columns) + " |"]
    out.append("|" + "|".join("---" for _ in columns) + "|")
    for row in rows:
        cells = (md_escape(cell_text(_field(row, c.key))) for c in columns)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def markdown_checklist(rows: list[dict[str, Any]], theme_titles: dict[str, str]) -> str:
    """A checklist grouped by theme, ready to paste into an issue or a wiki."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["theme"], []).append(row)
    out: list[str] = []
    for theme in sorted(groups, key=lambda t: (t == "other", theme_titles.get(t, t))):
        out.append(f"## {md_escape(theme_titles.get(theme, theme))}\n")
        for row in groups[theme]:
            box = "x" if row["status"] == "done" else " "
            name = md_escape(row["name"])
            url = one_line(row.get("url") or "")
            target = f"<{url}>" if any(c in url for c in " ()<>") else url
            link = f"[{name}]({target})" if url else name
            if row["status"] == "dropped":
                link = f"~~{link}~~"
            action = f" — {one_line(row['action'])}" if row.get("action") else ""
            out.append(f"- [{box}] {link}{action}")
            for note in row.get("notes") or []:
                day = str(note.get("created_at") or "")[:10]
                out.append(f"  - {day} {md_escape(str(note.get('text', '')))}".rstrip())
        out.append("")
    return "\n".join(out)
