"""Text from posts is untrusted: strip control characters, compare names loosely."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, the C1 block (which includes CSI, U+009B), and the
# bidi controls that reorder what a terminal shows (embeddings and overrides U+202A-U+202E,
# isolates U+2066-U+2069, the marks U+200E, U+200F and U+061C).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# What JSON output escapes (json.dumps already escapes C0): DEL, C1 and the bidi controls.
_JSON_UNSAFE = f"[\x7f-\x9f{_BIDI}]"  # compiled by re's cache on first use
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def escape_for_json(dumped: str) -> str:
    """JSON text (from json.dumps, ensure_ascii=False) with DEL, C1 and bidi controls written
    as \\uXXXX escapes: they can only sit inside strings, so the JSON stays the same value."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", dumped)


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


# Words whose plural is not the word + "s".
_PLURALS = {"entry": "entries", "match": "matches"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """The count and the word, in the singular or plural: "1 post", "12 new items".

    The word may be several ("new item"): only the last is made plural; `many` gives the
    plural outright where it is irregular and not in the small table above."""
    if count == 1:
        return f"{count} {word}"
    if many is None:
        head, _, last = word.rpartition(" ")
        last = _PLURALS.get(last, last + "s")
        many = f"{head} {last}" if head else last
    return f"{count} {many}"
