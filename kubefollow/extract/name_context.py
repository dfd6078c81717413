"""The text around a candidate name: word boundaries, sentence starts, title case,
lists and speaker affiliations, for the name matcher's guards."""

from __future__ import annotations

import re

_SENTENCE_STOP = frozenset(".!?…")
_OPENERS = frozenset("\"'“‘([{*_>#•–—- \t\r")
_SPACES = ("\n", "\t", "\r", "\xa0", "\u2009", "\u202f")


def _token(word: str) -> str:
    return word.casefold().strip(".,;:!?'’\"()[]")


def _fold(text: str) -> str:
    """Case-folded with offsets kept: one character for each character of text."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for space in _SPACES:  # str.translate would cost more than the search
        if space in low:
            low = low.replace(space, " ")
    return low


def _inner(c: str) -> bool:
    return c.isalnum() or c in "_-"


def _bounded(text: str, start: int, end: int) -> bool:
    """No letter, digit, '_' or '-' on either side; not part of a URL, path, domain,
    file name, @handle or #tag."""
    if start > 0:
        c = text[start - 1]
        if _inner(c) or c in "@#$":
            return False
        # "Helm/Kustomize" is a list; "github.com/helm" and "helm.sh" are not
        if (
            c in "./\\"
            and start > 1
            and text[start - 2].isalnum()
            and not (c == "/" and _slash_list(text, start, end))
        ):
            return False
    if end < len(text):
        c = text[end]
        if (
            _inner(c) or (c in "./\\" and end + 1 < len(text) and text[end + 1].isalnum())
        ) and not (c == "/" and _slash_list(text, start, end)):
            return False
    return True


def _slash_list(text: str, start: int, end: int) -> bool:
    lo = start
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    chunk = text[lo:hi]
    return "." not in chunk.rstrip(".,;:!?)") and ":" not in chunk and chunk.count("/") <= 2


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_STOP or "\n" in text[i + 1 : start]


def _capitalised_neighbours(text: str, start: int, end: int) -> int:
    """How many of the words right before and after (across one space) are capitalised
    words, not acronyms: "Pearl Harbor" 1, "Kubernetes Storm Center" 2."""
    count = 0
    if start >= 2 and text[start - 1] == " ":
        m = re.search(r"[^\W\d_][\w'’]*$", text[max(0, start - 40) : start - 1])
        if m and _titled(m.group()) and not _sentence_start(text, start - 1 - len(m.group())):
            count += 1
    if end + 1 < len(text) and text[end] == " ":
        m = re.match(r"[^\W\d_][\w'’]*", text[end + 1 : end + 41])
        if m and _titled(m.group()):
            count += 1
    return count


def _titled(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word[1:2].islower()


def _alone(text: str, start: int, end: int) -> bool:
    """The name is all the block says ("- firecracker", a table cell, a heading)."""
    return not text[:start].strip(" *_-:•\t\n") and not text[end:].strip(" *_.:!\t\n")


_PERSON_THEN = re.compile(r"(\S+) (\S+)(?: from | at | @ |, | \()$")
_PERSON_ENDS = (" from ", " at ", " @ ", ", ", " (")


def _affiliation(text: str, start: int, starts: list[int]) -> bool:
    """A speaker's employer, "Jane Doe from X", "Jane Doe, X", "Jane Doe (X": two
    capitalised words that are no catalog name, then from/at/a comma/a bracket."""
    stop = start - 1 if start and text[start - 1] == "\n" else start  # $ takes a last \n
    if not text.endswith(_PERSON_ENDS, 0, stop):
        return False  # what _PERSON_THEN needs right before the name: cheaper asked first
    m = _PERSON_THEN.search(text, max(0, start - 80), start)
    if m is None or not (_titled(m.group(1)) and _titled(m.group(2))):
        return False
    return not any(m.start() <= s < m.end(2) for s in starts)


# A word, with the inner marks names hold ("cert-manager", "Node.js").
_WORD = re.compile(r"[^\W_][\w'’.+-]*")


def _line_around(
    text: str, start: int, end: int, stops: frozenset[str], reach: int
) -> tuple[list[str], list[str]]:
    """The words of the line around text[start:end], before it and after it: back to a new
    line or a stop followed by white space, at most reach characters either way."""
    lo, floor = start, max(0, start - reach)
    while lo > floor and not (
        text[lo - 1] == "\n" or (lo >= 2 and text[lo - 1].isspace() and text[lo - 2] in stops)
    ):
        lo -= 1
    hi, limit = end, min(len(text), end + reach)
    while hi < limit and not (
        text[hi] == "\n" or (text[hi] in stops and (hi + 1 >= len(text) or text[hi + 1].isspace()))
    ):
        hi += 1
    return _WORD.findall(text[lo:start]), _WORD.findall(text[end:hi])
