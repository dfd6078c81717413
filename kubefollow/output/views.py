"""Text views of one item (`show`) and the dashboard (`status`).

Drawn with formats.render_rows (the same box drawing as the list, no markup parsing of
any text from a post); piped output is plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kubefollow.output import layouts
from kubefollow.output.formats import render_rows
from kubefollow.output.history import local_time
from kubefollow.output.table import hyperlink
from kubefollow.output.terminal import Terminal
from kubefollow.records import ItemDetail
from kubefollow.text import one_line, plural


def item_card(
    detail: ItemDetail,
    history: Sequence[Mapping[str, Any]] = (),
    width: int | None = None,
    links: bool = False,
) -> str:
    """`show`: the item's fields, each post that mentions it (one heading a post) with the
    quoted sentences, notes and history (rows of output.history.history_rows). On a
    terminal (width given) long lines wrap at word boundaries under their indentation;
    with `links`, the links are clickable (OSC 8, for safe http(s) links only)."""
    item = detail.item
    lines = [f"#{item.id} {one_line(item.name or '')}"]

    def add(label: str, value: Any) -> None:
        if value:
            lines.append(f"  {label + ':':<10} {one_line(str(value))}")

    for label, url in (("link", item.url), ("homepage", item.homepage)):
        if url:
            shown = one_line(url)
            lines.append(f"  {label + ':':<10} {hyperlink(url, shown) if links else shown}")
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
    posts: dict[tuple[Any, ...], list[str]] = {}
    for m in detail.mentions:
        sentences = posts.setdefault((m["title"], m.get("path"), m.get("date")), [])
        if (sentence := one_line(m["sentence"] or "")) and sentence not in sentences:
            sentences.append(sentence)
    if posts:
        lines.append("  mentioned in:")
        for (title, _, date), sentences in posts.items():
            when = f" ({one_line(date)})" if date else ""
            lines.append(f"    {one_line(title)}{when}")
            lines.extend(wrapped(f"“{s}”", "      ", width, hang=1) for s in sentences)
    if detail.notes:
        lines.append("  notes:")
        for number, n in enumerate(detail.notes, 1):
            head = f"    {number}. {local_time(n['created_at'])}  "
            lines.append(wrapped(one_line(n["text"]), head, width, indent=" " * len(head)))
    if history:
        lines.append("  history:")
        pad = max(len(h["command"]) for h in history)
        for h in history:
            head = f"    {h['at']}  {h['command']:<{pad}}  "
            lines.append(wrapped(h["what"], head, width, indent=" " * len(head)))
    return "\n".join(lines) + "\n"


def wrapped(
    text: str, first: str, width: int | None, indent: str | None = None, hang: int = 0
) -> str:
    """text after `first`, wrapped at word boundaries to width (None: not wrapped), the
    lines after the first indented like it (or by `indent`), plus `hang` spaces."""
    rest = (first if indent is None else indent) + " " * hang
    if width is None or len(first) + len(text) <= width:
        return first + text
    import textwrap

    return textwrap.fill(
        text, max(width, len(rest) + 20), initial_indent=first, subsequent_indent=rest,
        break_long_words=True, break_on_hyphens=False,
    )  # fmt: skip


def dashboard_text(
    themes: list[dict[str, Any]], posts: list[dict[str, Any]], term: Terminal
) -> str:
    """The two tables of `status` (rows as core.overview.dashboard gives them: theme slugs,
    counts per status, progress as a percentage or None)."""
    return (
        render_rows(themes, "table", layouts.STATUS_THEMES, term)
        + "\n"
        + render_rows(posts, "table", layouts.STATUS_POSTS, term)
    )


def waiting_line(count: int) -> str:
    verb = "waits" if count == 1 else "wait"
    return f"{plural(count, 'new item')} {verb} for review: kubefollow review"
