"""Match lists of phrases (theme keywords, verdict cues) in prose, on word boundaries.

A space or hyphen inside a phrase also matches a hyphen, a space or nothing, so the
phrase "multi-cluster" finds "multi cluster", "multi-cluster" and "multicluster".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_JOINER = re.compile(r"[\s\-]+")


def phrase_key(phrase: str) -> str:
    return _JOINER.sub("", phrase.casefold())


def _phrase_pattern(phrase: str) -> str:
    words = [w for w in _JOINER.split(phrase.strip()) if w]
    return r"[\s\-]?".join(re.escape(w) for w in words)


class PhraseMatcher:
    """Finds labelled phrases; at one position the longest phrase wins.

    A phrase listed under two labels keeps the first label it was given.
    """

    def __init__(self, labelled: Iterable[tuple[str, str]]) -> None:
        self._label_of: dict[str, str] = {}
        spellings: dict[str, str] = {}
        for phrase, label in labelled:
            key = phrase_key(phrase)
            if key:
                self._label_of.setdefault(key, label)
                spellings.setdefault(key, phrase)
        patterns = sorted(spellings.values(), key=len, reverse=True)
        self._regex = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(_phrase_pattern(p) for p in patterns) + r")(?!\w)",
                re.IGNORECASE,
            )
            if patterns
            else None
        )

    def finditer(self, text: str) -> Iterator[tuple[int, str]]:
        """(position, label) for each phrase found, in text order."""
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            label = self._label_of.get(phrase_key(match.group(0)))
            if label is not None:
                yield match.start(), label

    def first(self, text: str) -> str | None:
        return next((label for _, label in self.finditer(text)), None)

    def labels(self, text: str) -> list[str]:
        """Every label found, each once, in order of first appearance."""
        return list(dict.fromkeys(label for _, label in self.finditer(text)))
