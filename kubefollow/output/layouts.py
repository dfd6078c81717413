"""Every table's columns, in one place: what each listing command shows."""

from __future__ import annotations

from kubefollow.output.table import Column, name_column


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
# The columns a listing of items shares; `give` and `drop` say what a narrow terminal
# takes first (output/widths.py).
ID = Column("ID", "id")
THEME = Column("Theme", "theme", 5, give=2, drop=5)
STATUS = Column("Status", "status", 6)
ACTION = Column("Action", "action", 5, give=2, drop=4)
LINK = Column("Link", "url", 12, give=1, drop=2, link=True)
ITEMS = Layout(
    (
        ID,
        name_column("Project", "name"),
        THEME,
        STATUS,
        ACTION,
        Column("Post", "source", 8, give=2, drop=1),
        LINK,
    ),
    csv=ITEM_CSV,
)
# `list` when some rows wait for review: a dot marks them.
ITEMS_NEW = Layout(
    (ITEMS.columns[0], Column("New", "new", drop=3), *ITEMS.columns[1:]), csv=ITEM_CSV
)
SEARCH = Layout(
    (
        ID,
        name_column("Project", "name"),
        Column("Theme", "theme", 5, give=2, drop=2),
        Column("Status", "status", 6, drop=3),
        Column("In", "field", drop=1),
        Column("Match", "match", 12, give=1),
    )
)
THEMES = Layout(
    (
        name_column("Theme", "slug"),
        Column("Title", "title", 8, give=2, drop=2),
        Column("Items", "items"),
        Column("Open", "open"),
        Column("Keywords", "keywords", 10, give=1, drop=1),
    )
)
INGESTED = Layout(
    (
        ID,
        name_column("Project", "name"),
        Column("Result", "what"),
        Column("Post", "post", 8, give=2, drop=1),
    )
)
# `ingest --dry-run`: what a post would add.
DRY_RUN = Layout(
    (
        name_column("Project", "name"),
        THEME,
        ACTION,
        LINK,
        Column("Post", "post", 8, give=2, drop=1),
    )
)
# `ingest --explain`: every link and named mention, and the rule that decided it.
EXPLAIN = Layout(
    (
        Column("From", "source"),
        Column("Text", "text", 8, give=2, drop=1),
        Column("Kind", "kind", drop=2),
        name_column("Item", "item", 6),
        Column("Rule", "rule", 20, give=1),
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
        Column("When", "at", 17, give=2),  # cut, the zone goes first: the time stays
        Column("Command", "command"),
        name_column("What", "what", 10),
        Column("Changes", "changes", drop=1),
    )
)
# `history ITEM`: the commands that changed one item.
ITEM_HISTORY = Layout(HISTORY.columns[:4])
# Progress: done / (total - dropped), a bar and the figure on a terminal.
PROGRESS = Column("Progress", "progress", 4, give=1, bar=True)
COUNTS = (
    Column("Total", "total"),
    Column("Todo", "todo", drop=3),
    Column("Doing", "doing", drop=2),
    Column("Done", "done"),
    Column("Dropped", "dropped", drop=1),
    PROGRESS,
)
STATUS_THEMES = Layout((name_column("Theme", "theme"), *COUNTS), title="Themes")
STATUS_POSTS = Layout(
    (name_column("Post", "title", 10), Column("Date", "date", drop=4), *COUNTS), title="Posts"
)
# `export --format csv`: sources are the paths of the posts.
EXPORT_CSV = ("id", "name", "url", "homepage", "category", "theme", "themes", "status",
              "action", "quote", "sources", "notes", "done_at")  # fmt: skip
# `rules`: the user's own rule files and their entries.
RULES = Layout(
    (
        Column("File", "file", 10, give=2),
        name_column("Rule", "rule"),
        Column("Value", "value", 10, give=1),
    )
)
