"""Every table's columns, in one place: what each listing command shows."""

from __future__ import annotations

from kubefollow.output.table import Column


class Layout:
    """A listing's table columns, and the fields of its csv (default: the columns' keys).
    (A plain class: a dataclass costs a millisecond of every start.)"""

    __slots__ = ("columns", "csv_fields", "title")

    def __init__(
        self, columns: tuple[Column, ...], csv: tuple[str, ...] = (), title: str | None = None
    ) -> None:
        self.columns = columns
        self.csv_fields = csv or tuple(c.key for c in columns)
        self.title = title  # printed above the table on a terminal

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


# `list --format csv`: sources are the titles of every post that mentions the item.
ITEM_CSV = ("id", "name", "url", "homepage", "category", "theme", "themes", "status", "action",
            "quote", "sources", "reviewed", "done_at")  # fmt: skip
ITEMS = Layout(
    (
        Column("ID", "id"),
        Column("Project", "name", 8, shrinkable=True),
        Column("Theme", "theme", 5),
        Column("Status", "status", 6),
        Column("Action", "action", 6),
        Column("Source", "source", 8, shrinkable=True),
        Column("Link", "url", 12, shrinkable=True),
    ),
    csv=ITEM_CSV,
)
# `list` when some rows wait for review: a dot marks them.
ITEMS_NEW = Layout((ITEMS.columns[0], Column("New", "new"), *ITEMS.columns[1:]), csv=ITEM_CSV)
SEARCH = Layout(
    (
        Column("ID", "id"),
        Column("Project", "name", 8, shrinkable=True),
        Column("Theme", "theme"),
        Column("Status", "status"),
        Column("In", "field"),
        Column("Match", "match", 12, shrinkable=True),
    )
)
THEMES = Layout(
    (
        Column("Theme", "slug"),
        Column("Title", "title"),
        Column("Items", "items"),
        Column("Open", "open"),
        Column("Keywords", "keywords", 10, shrinkable=True),
    )
)
INGESTED = Layout(
    (
        Column("ID", "id"),
        Column("Project", "name"),
        Column("Result", "what"),
        Column("Post", "post", shrinkable=True),
    )
)
# `ingest --dry-run`: what a post would add.
DRY_RUN = Layout(
    (
        Column("Project", "name", 8, shrinkable=True),
        Column("Theme", "theme", 5),
        Column("Action", "action", 6),
        Column("Link", "url", 12, shrinkable=True),
        Column("Post", "post", 8, shrinkable=True),
    )
)
# `ingest --explain`: every link and named mention, and the rule that decided it.
EXPLAIN = Layout(
    (
        Column("From", "source"),
        Column("Text", "text", 8, shrinkable=True),
        Column("Kind", "kind"),
        Column("Item", "item", 6, shrinkable=True),
        Column("Rule", "rule", 20, shrinkable=True),
    ),
    csv=("post", "source", "text", "url", "kind", "item", "why", "name_rule", "sentence",
         "heading"),
)  # fmt: skip
# `report`: activity per week or month.
REPORT = Layout(
    (
        Column("Period", "period"),
        Column("Added", "added"),
        Column("Done", "done"),
        Column("Dropped", "dropped"),
    )
)
HISTORY = Layout(
    (
        Column("#", "id"),
        Column("When (UTC)", "at"),
        Column("Command", "command"),
        Column("What", "what", 10, shrinkable=True),
        Column("Rows", "changes"),
    )
)
STATUS_THEMES = Layout(
    (
        Column("Theme", "theme"),
        Column("Total", "total"),
        Column("Todo", "todo"),
        Column("Doing", "doing"),
        Column("Done", "done"),
        Column("Dropped", "dropped"),
        Column("Done / total", "progress"),
    ),
    title="Themes",
)
STATUS_POSTS = Layout(
    (
        Column("Post", "title", 10, shrinkable=True),
        Column("Date", "date"),
        Column("Items", "items"),
        Column("Done", "done"),
        Column("Done / items", "progress"),
    ),
    title="Posts",
)
# `export --format csv`: sources are the paths of the posts.
EXPORT_CSV = ("id", "name", "url", "homepage", "category", "theme", "themes", "status",
              "action", "quote", "sources", "notes", "done_at")  # fmt: skip
# `rules`: the user's own rule files and their entries.
RULES = Layout(
    (
        Column("File", "file", 10, shrinkable=True),
        Column("Rule", "rule"),
        Column("Value", "value", 10, shrinkable=True),
    )
)
