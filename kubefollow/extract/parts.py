"""A named part of a catalog project: the capitalised words right after its name in a
sentence ("Jaeger Query", "OpenFeature Multi-Provider"), by data/names.toml's
[parts] rules."""

from __future__ import annotations

import re

from kubefollow.rules.names import NameRules

_WORD = re.compile(r"[^\W\d_][\w.+]*(?:-[\w.+]+)*")
_GAP = re.compile(r"[ \t]")
_TITLE_SHARE = 0.6  # a sentence with more capitalised words than this is a title


def named_part(text: str, start: int, end: int, rules: NameRules) -> str | None:
    """The part's words after text[start:end] (a project's name), or None when the name is
    not followed by a name-like word, when a stop word follows (an event, a team), or when
    the text reads as a title (every word capitalised), or the name stands in a lead-in
    that is one ("Gizmo AI for Faster Builds: ...")."""
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
    if not words or is_title(text) or _in_titled_lead_in(text, start, at, rules):
        return None
    return " ".join(words)


_LEAD_IN_MAX_WORDS = 12


def _in_titled_lead_in(text: str, start: int, end: int, rules: NameRules) -> bool:
    """Whether text[start:end] (a name and the words after it) stands in a title-cased
    lead-in with more words than those: the words before a colon that ends it, on its line
    (a talk's or a feature's title, "Advanced Gizmo CD Automation: how they..."). Its
    capitals are the title's, not a part's name."""
    line_start = text.rfind("\n", 0, start) + 1
    colon_before = text.rfind(": ", line_start, start)
    lead_start = colon_before + 2 if colon_before >= 0 else line_start
    line_end = text.find("\n", end)
    colon = text.find(":", end, len(text) if line_end < 0 else line_end)
    if colon < 0 or ". " in text[end:colon]:
        return False
    lead = _WORD.findall(text, lead_start, colon)
    if len(lead) > _LEAD_IN_MAX_WORDS:
        return False
    own = len(_WORD.findall(text, start, end))
    small = rules.title_case_small_words
    titled = all(_name_like(w) or w.casefold() in small for w in lead)
    return titled and len(lead) > own


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
