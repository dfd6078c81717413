"""What the output is written to: a terminal (boxed tables fitted to its width, colour
unless NO_COLOR) or not (plain text). Worked out once per command."""

from __future__ import annotations

import os
import sys


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()


def use_color(stream_is_tty: bool) -> bool:
    return stream_is_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


class Terminal:
    """A plain class: a dataclass costs a millisecond of every start."""

    __slots__ = ("color", "links", "tty", "width")

    def __init__(
        self, tty: bool, color: bool, width: int | None, links: bool | None = None
    ) -> None:
        self.tty = tty
        self.color = color
        self.width = width  # columns to fit tables to; None: not a terminal, no fitting
        # Clickable links (OSC 8 escapes): where colour is, since NO_COLOR and TERM=dumb
        # ask for output free of escape sequences.
        self.links = color if links is None else links

    def __repr__(self) -> str:
        return (
            f"Terminal(tty={self.tty}, color={self.color}, width={self.width}, links={self.links})"
        )

    @classmethod
    def detect(cls) -> Terminal:
        tty = stdout_is_tty()
        if not tty:
            return cls(False, False, None)
        import shutil

        return cls(True, use_color(True), shutil.get_terminal_size((100, 24)).columns)
