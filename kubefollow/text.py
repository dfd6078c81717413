"""Text from posts is untrusted: strip control characters, compare names loosely."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 block (which includes CSI, U+009B).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Controls removed and all whitespace runs collapsed to one space."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # the common case, without the two regex passes
    return _SPACES.sub(" ", strip_controls(text)).strip()


def name_key(name: str) -> str:
    """How names compare: "Cloud-Native Widget" = "cloudnative widget" (letters and digits,
    case folded)."""
    return _NOT_ALNUM.sub("", name.casefold())


def slugify(text: str) -> str:
    return "-".join(w for w in re.split(r"[^a-z0-9]+", text.casefold()) if w)
