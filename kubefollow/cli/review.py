"""`kubefollow review`: on a terminal, the new items one at a time with single-key decisions;
without one, the queue printed like `list --new`. The decisions themselves are in
core/review.py: this module only reads keys and prints."""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Annotated

import typer

from kubefollow.cli.common import db_path, say
from kubefollow.cli.options import Format, FormatOption, complete_theme
from kubefollow.errors import KubefollowError
from kubefollow.text import one_line

if TYPE_CHECKING:
    from kubefollow.core.review import Review
    from kubefollow.items import Item

KEYS = {
    "k": "keep", "\r": "keep", "\n": "keep", "d": "drop", "f": "forget", "n": "never",
    "r": "rename", "t": "theme", "v": "verdict", "m": "merge", "s": "skip",
}  # fmt: skip
QUIT = {"q", "\x03", "\x04", ""}  # q, Ctrl-C, Ctrl-D (raw) and end of input
HELP = (
    "[k/Enter] keep  [d] drop  [f] forget  [n] forget, never again  [r] rename  [t] theme\n"
    "[v] verdict  [m] merge into  [o] open  [s] skip  [u] undo  [q] quit"
)
VERDICTS = ("adopt", "evaluate", "watch", "read", "none")


ThemeNarrow = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        "-t",
        help="Only new items of this theme (repeatable).",
        show_default=False,
        shell_complete=complete_theme,
    ),
]
SourceNarrow = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="Only new items from posts whose title or path contains this.",
        metavar="POST",
    ),
]


def review_command(
    ctx: typer.Context,
    accept_all: Annotated[
        bool,
        typer.Option(
            "--accept-all",
            help="Mark every new item (or every one --theme/--source picks) reviewed (one undo"
            " step).",
        ),
    ] = False,
    theme: ThemeNarrow = None,
    source: SourceNarrow = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Review the items an ingest added, one at a time (on a terminal: single keys; without
    one, or with --format other than table: print the queue like `list --new`).
    --theme and --source narrow the queue (the walk, the printed queue and --accept-all)."""
    from kubefollow.core import reading, review, triage

    path = db_path(ctx)
    themes = reading.resolve_theme_slugs(theme or [], db_path=path)
    if accept_all:
        count = triage.mark_reviewed(path, None, themes, source)
        say(f"Marked {count} item(s) reviewed.")
        return
    if fmt is not Format.table or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from kubefollow.cli.reading import items_layout, print_rows
        from kubefollow.output import layouts

        rows = review.queue(path, themes, source)
        layout = items_layout(rows) if fmt is Format.table else layouts.ITEMS
        print_rows(
            rows, fmt, layout, "No new items." if not (themes or source) else "No new items match."
        )
        return
    session = review.Review(path, themes, source)
    with suppress(KeyboardInterrupt, EOFError):
        _walk(session)
    say(session.summary())


def _walk(session: "Review") -> None:
    """Show the current item, read a key, apply it; until q or the queue is empty."""
    shown: int | None = None
    while True:
        item, left = session.head()
        if item is None:
            say("No new items left to review.")
            return
        if item.id != shown:
            say(_card(item, left))
            shown = item.id
        say(HELP)
        key = _read_key()
        if key in QUIT:
            return
        try:
            if key == "u":
                say(session.undo())
                shown = None
            elif key == "o":
                _open(item)
            elif key in KEYS:
                _decide(session, item, KEYS[key])
            else:
                say(f"(unknown key {key!r})")
        except KubefollowError as exc:
            say(f"kubefollow: {one_line(str(exc))}")


def _decide(session: "Review", item: "Item", decision: str) -> None:
    from kubefollow.core.review import NEEDS_VALUE

    value = None
    if decision in NEEDS_VALUE:
        value = _ask(decision, item, session)
        if not value:
            say("(cancelled)")
            return
    say(one_line(session.decide(item, decision, value).message))


def _ask(decision: str, item: "Item", session: "Review") -> str:
    """A line prompt for what the decision needs, with completion of themes or names."""
    if decision == "rename":
        return _prompt(f"New name for {one_line(item.name or '')}: ", lambda: [])
    if decision == "verdict":
        return _prompt(f"Verdict ({', '.join(VERDICTS)}): ", lambda: list(VERDICTS))
    if decision == "theme":
        from kubefollow.core.overview import theme_titles

        titles = theme_titles(None, session.db_path)
        say("Themes: " + ", ".join(titles))
        return _prompt("Theme: ", lambda: list(titles))

    def names() -> list[str]:
        from kubefollow.core.reading import list_items

        rows = list_items(session.db_path, [], [], True, fields=["name"])
        return [r.name or "" for r in rows if r.id != item.id]

    return _prompt("Merge into (name or id): ", names)


def _prompt(text: str, candidates: Callable[[], list[str]]) -> str:
    """One line from the terminal (cooked mode, readline's editing and Tab completion)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return input(text).strip()
    words: list[str] | None = None

    def complete(prefix: str, state: int) -> str | None:
        nonlocal words
        if state == 0:
            words = [w for w in candidates() if w.casefold().startswith(prefix.casefold())]
        return words[state] if words is not None and state < len(words) else None

    old = readline.get_completer(), readline.get_completer_delims()
    readline.set_completer(complete)
    readline.set_completer_delims("")
    readline.parse_and_bind("tab: complete")
    try:
        return input(text).strip()
    finally:
        readline.set_completer(old[0])
        readline.set_completer_delims(old[1])


def _open(item: "Item") -> None:
    from kubefollow.cli.browser import open_link

    link = item.url or item.homepage
    if not link:
        say("(no link to open)")
        return
    opened = open_link(link)
    say(f"opened {one_line(link)}" if opened else f"could not open {one_line(link)}")


def _card(item: "Item", left: int) -> str:
    """The item as the review shows it: untrusted text cleaned to one line each."""
    lines = [
        "",
        f"#{item.id} {one_line(item.name or '')}   ({left} waiting)",
        f"  link:    {one_line(item.url or item.homepage or '-')}",
        f"  theme:   {one_line(item.theme or '-')}   verdict: {one_line(item.action or '-')}",
    ]
    if item.source:
        date = f" ({one_line(item.source_date)})" if item.source_date else ""
        lines.append(f"  post:    {one_line(item.source)}{date}")
    if item.quote:
        lines.append(f'  "{one_line(item.quote)}"')
    return "\n".join(lines)


def _read_key() -> str:
    """One key press, unbuffered and unechoed ("" at end of input)."""
    fd = sys.stdin.fileno()
    with _cbreak(fd):
        data = os.read(fd, 1)
    return data.decode("utf-8", "replace")


@contextmanager
def _cbreak(fd: int) -> Iterator[None]:
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
