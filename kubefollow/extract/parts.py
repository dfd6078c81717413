"""A named part of a catalog project: the capitalised words right after its name in a
sentence ("Jaeger Query", "OpenFeature Multi-Provider"), by data/names.toml's
[parts] rules."""

from __future__ import annotations

import re

from kubefollow.rules.names import NameRules

_WORD = re.compile(r"[^\W\d_][\w.+]*(?:-[\w.+]+)*")
_GAP = re.compile(r"[ \t]")
_TITLE_SHARE = 0.6  # a sentence with more capitalised words than this is a title


def named_part(text: str, end: int, rules: NameRules) -> str | None:
    """The part's words after text[:end] (a project's name), or None when the name is not
    followed by a name-like word, when a stop word follows (an event, a team), or when the
    text reads as a title (every word capitalised)."""
    words: list[str] = []
    at = end
    while len(words) < rules.part_max_words:
        if at >= len(text) or not _GAP.match(text, at):
            break
        match = _WORD.match(text, at + 1)
        if match is None or not _name_like(match[0]):
            break
        if match[0].casefold().rstrip(".") in rules.part_stop_words:
            return None  # "Istio Day", "Flux Virtual Office Hours": not a part
        words.append(match[0].rstrip("."))
        if match[0].endswith("."):
            break  # a sentence ends here
        at = match.end()
    if not words or is_title(text):
        return None
    return " ".join(words)


def _name_like(word: str) -> bool:
    """Capitalised (Collector, Multi-Provider), in capitals (CLI) or with a capital after a
    first small letter (eBPF); not a number."""
    return word[0].isupper() or (len(word) > 1 and word[1].isupper())


def is_title(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    if len(words) < 4:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) > _TITLE_SHARE
