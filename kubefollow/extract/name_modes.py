"""How a catalog name may match in prose (its Mode), from its form and data/names.toml."""

from __future__ import annotations

import re
from enum import IntEnum

from kubefollow.rules.names import NameEntry, NameRules, _norm


class Mode(IntEnum):
    BLOCK = 0  # never a hit, but holds its place against shorter names inside it
    PLAIN = 1  # any case
    EXACT = 2  # only as the catalog writes it
    COMMON = 3
    RARE = 4
    PROPER = 5
    LOWER_COMMON = 6  # a lower-case English-word name: only right next to a cue
    LOWER_RARE = 7  # ... only within cue_window words of a cue
    PHRASE = 8  # only with the catalog's capitals


def form_mode(form: str, entry: NameEntry, rules: NameRules) -> Mode:
    key = _norm(form)
    if (
        entry.company
        or key in rules.never
        or _norm(entry.name) in rules.never
        or (entry.category or "") in rules.never_categories
        or key in rules.too_common
    ):
        return Mode.BLOCK
    bare = key.replace(" ", "")
    if len(bare) < rules.min_length or (
        bare.isalpha() and len(bare) < rules.min_letters_only_length
    ):
        return Mode.BLOCK
    if len(form) <= rules.exact_case_max_length:
        return Mode.EXACT
    english = key in rules.common or key in rules.rare or key in rules.proper
    if key in rules.phrases:
        return Mode.PHRASE
    if not english:
        return Mode.PLAIN
    if form.islower() and not _capitalised_elsewhere(key, entry):
        if key in rules.proper:
            return Mode.PROPER
        return Mode.LOWER_COMMON if key in rules.common else Mode.LOWER_RARE
    if key in rules.common:
        return Mode.COMMON
    return Mode.RARE if key in rules.rare else Mode.PROPER


def joined_variant(form: str) -> str | None:
    """A name of two or three words, or hyphenated parts, written as one word ("Argo CD"
    -> "ArgoCD", "fluent-bit" -> "fluentbit"), as posts often do; None when it has one part
    or the joined word is shorter than five characters. The build script classifies these
    like catalog forms, so an English word made this way ("Check Point") is guarded."""
    parts = [p for p in re.split(r"[\s-]+", form) if p]
    if not 2 <= len(parts) <= 3 or not all(p.isalnum() for p in parts):
        return None
    joined = "".join(parts)
    return joined if len(joined) >= 5 else None


def _capitalised_elsewhere(word: str, entry: NameEntry) -> bool:
    """A lower-case alias ("tempo") of a project whose name capitalises the word
    ("Grafana Tempo") is that capitalised word, not a lower-case name."""
    for other in (entry.name, *entry.aliases):
        for token in other.split():
            if token.casefold() == word and not token.islower():
                return True
    return False
