"""Opening an item's link in the user's browser (`open`, review's [o]), or saying it when
there is no browser to open it in (a server, an SSH session)."""

import os
import sys


def can_open() -> bool:
    """Whether a graphical browser can be reached: a BROWSER the user chose, a desktop
    session, or a system that always has one. Without one, Python's webbrowser would start
    a text browser inside this terminal."""
    if os.environ.get("BROWSER"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_link(url: str) -> bool:
    """Open an http(s) link in the browser; False when it was not opened (not a web link,
    no browser)."""
    from urllib.parse import urlsplit

    if urlsplit(url).scheme not in ("http", "https") or not can_open():
        return False
    import webbrowser

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False
