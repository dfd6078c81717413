"""Match lists of phrases (theme keywords, verdict cues) in prose, on word boundaries.

A space or hyphen inside a phrase also matches a hyphen, a space or nothing, so the
phrase "multi-cluster" finds "multi cluster", "multi-cluster" and "multicluster".
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Iterator

_JOINER = re.compile(r"[\s\-]+")
_JOINER_PATTERN = r"[\s\-]?"
# Trie units: one character of a word, or the joiner between two words. _END marks a node
# where a phrase ends; neither is a character a word can hold.
_JOIN = " "
_END = ""

Trie = dict[str, "Trie"]

# What re.IGNORECASE lets match an ASCII character: its other case, and four more letters.
_ASCII_FOLD = {ord(c): c.lower() for c in string.ascii_uppercase} | {
    0x130: "i",  # İ
    0x131: "i",  # ı
    0x17F: "s",  # ſ
    0x212A: "k",  # Kelvin sign
}


def ascii_fold(text: str) -> str:
    """text, same length, with each character that matches an ASCII one ignoring case
    turned into it: ASCII searched case-sensitively in the result finds what re.IGNORECASE
    finds in text, at the same offsets (and word characters stay word characters)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_FOLD)


# For an ASCII text's bytes: each byte that is no word character (re's \w) to a space,
# capitals to small letters.
_NOT_WORD = bytes(
    (c if chr(c).isalnum() or c == ord("_") else ord(" ")) if c < 128 else c for c in range(256)
).lower()
_WORD_RUN = re.compile(r"\w+")


def ascii_words(text: str) -> list[bytes] | None:
    """An ASCII text's words (runs of word characters), lowercase, as bytes; None for
    other texts. A few C calls: a quick look at whether a text may hold some phrases."""
    return text.encode("ascii").translate(_NOT_WORD).split() if text.isascii() else None


def first_words(keys: Iterable[str]) -> frozenset[bytes] | None:
    """The words (see ascii_words) that an ASCII text must hold where one of these
    lowercase spellings stands as a word: its first run of word characters, or None when
    a spelling starts with another character."""
    words = set()
    for key in keys:
        match = _WORD_RUN.match(key)
        if match is None:
            return None
        words.add(match.group().encode())
    return frozenset(words)


def words_needed(keys: Iterable[str]) -> dict[bytes, list[frozenset[bytes]]] | None:
    """The words (see ascii_words) that an ASCII text must hold where one of these
    lowercase names stands with no word character around it: every run of word
    characters in the name. By one of them (the longest), each name's set of them; None
    when a name has none."""
    needed: dict[bytes, list[frozenset[bytes]]] = {}
    for key in keys:
        runs = [run.encode() for run in _WORD_RUN.findall(key)]
        if not runs:
            return None
        needed.setdefault(max(runs, key=len), []).append(frozenset(runs))
    return needed


def phrase_key(phrase: str) -> str:
    return _JOINER.sub("", phrase.casefold())


_matched_key = functools.lru_cache(maxsize=4096)(phrase_key)  # found texts recur a lot


def _words(phrase: str) -> list[str]:
    return [w for w in _JOINER.split(phrase.strip()) if w]


def _phrase_pattern(phrase: str) -> str:
    return _JOINER_PATTERN.join(re.escape(w) for w in _words(phrase))


def _units(phrase: str) -> list[str]:
    """An ASCII phrase as trie units: lowercased characters, _JOIN between words."""
    return list(_JOIN.join(_words(phrase)).lower())


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
        # Longest spelling first: at one position the first alternative that matches wins.
        patterns = sorted(spellings.values(), key=len, reverse=True)
        self._regex: re.Pattern[str] | None = None
        # A trie of ASCII phrases searches the folded text: re is much faster without
        # IGNORECASE. Otherwise one alternation, in order, searches the text as it is.
        self._folds = bool(patterns) and _trie_is_exact(patterns)
        if self._folds:
            self._regex = _bounded(_trie_pattern(patterns), 0)
        elif patterns:
            self._regex = _bounded(_alternation(patterns), re.IGNORECASE)
        # Where a phrase stands in an ASCII text, its first word (or its words run together,
        # with no joiner) is a word of the text: a text with none of them holds none.
        self._first_words = (
            first_words(w for p in patterns for w in _run_together(p)) if self._folds else None
        )

    def may_match(self, text: str, words: list[bytes] | None = None) -> bool:
        """False when the text surely holds no phrase (words: its ascii_words, if known)."""
        if self._regex is None:
            return False
        if self._first_words is None:
            return True
        if words is None:
            words = ascii_words(text)
        return words is None or not self._first_words.isdisjoint(words)

    def finditer(self, text: str) -> Iterator[tuple[int, str]]:
        """(position, label) for each phrase found, in text order."""
        for start, _, label in self.spans(text):
            yield start, label

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, label) for each phrase found, in text order."""
        if self._regex is None:
            return
        label_of = self._label_of
        for match in self._regex.finditer(ascii_fold(text) if self._folds else text):
            start, end = match.span()
            label = label_of.get(_matched_key(text[start:end]))
            if label is not None:
                yield start, end, label

    def first(self, text: str) -> str | None:
        if self._regex is None:
            return None
        # spans() inlined, stopping at the first label: a call per paragraph.
        for match in self._regex.finditer(ascii_fold(text) if self._folds else text):
            start, end = match.span()
            label = self._label_of.get(_matched_key(text[start:end]))
            if label is not None:
                return label
        return None

    def labels(self, text: str, words: list[bytes] | None = None) -> list[str]:
        """Every label found, each once, in order of first appearance (words: the text's
        ascii_words, if known)."""
        if not self.may_match(text, words):
            return []  # a quick look first: most sentences hold no phrase's first word
        return list(dict.fromkeys(label for _, label in self.finditer(text)))


def _run_together(phrase: str) -> list[str]:
    """An ASCII phrase's first word, its first two words with no joiner between, and so on
    (lowercase): how its first word of word characters can start in a text."""
    words = [w.lower() for w in _words(phrase)]
    return ["".join(words[: i + 1]) for i in range(len(words))]


def _bounded(body: str, flags: int) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", flags)


def _alternation(patterns: list[str]) -> str:
    """The phrases one after another, in order: simple, but slow when they are many."""
    return "|".join(_phrase_pattern(p) for p in patterns)


def _trie_pattern(patterns: list[str]) -> str:
    """The phrases (lowercase) as one regex that shares their prefixes, longest match first.

    Python's re tries an alternation's branches one by one at every position; a trie
    tries each shared prefix once, which is several times faster for hundreds of phrases.
    """
    root: Trie = {}
    for phrase in patterns:
        node = root
        for unit in _units(phrase):
            node = node.setdefault(unit, {})
        node[_END] = {}
    return _node_pattern(root)


def _node_pattern(node: Trie) -> str:
    branches = [
        (_JOINER_PATTERN if unit == _JOIN else re.escape(unit)) + _node_pattern(child)
        for unit, child in node.items()
        if unit != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Where a phrase ends and a longer one goes on, try the longer one first (greedy ?).
    return "(?:" + body + ")?" if _END in node else body


def _trie_is_exact(patterns: list[str]) -> bool:
    """Whether the trie finds what the alternation of `patterns` (in order) finds.

    At one position the alternation takes the first phrase in order that matches; the
    trie takes the longest. Two phrases can match at one position only when one's key
    is a prefix of the other's, so the trie is exact when for each such pair the longer
    comes first and spells out the shorter's words (joiners in the same places). Past
    ASCII, case-insensitive matching is too subtle to share prefixes safely.
    """
    if not all(p.isascii() for p in patterns):
        return False
    rank = {phrase_key(p): i for i, p in enumerate(patterns)}
    units = {phrase_key(p): _units(p) for p in patterns}
    for key, longer in units.items():
        for end in range(1, len(key)):
            prefix = key[:end]
            if prefix not in units:
                continue
            shorter = units[prefix]
            if rank[prefix] < rank[key] or longer[: len(shorter)] != shorter:
                return False
    return True
