"""Sentences that name, as a word, one of the post's own items (also those no catalog knows):
they count for the item's verdict."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from kubefollow.extract.blocks import Block
from kubefollow.rules.phrases import ascii_fold


class NameFinder:
    r"""Which of some names (casefolded) each sentence of a post mentions as a word.

    Finds what `(?<!\w)(?:name1|name2|...)(?!\w)` with re.IGNORECASE finds in a sentence,
    names tried in the given order, each match casefolded, in order of appearance. ASCII
    names are found with str.find, so a post compiles no regex.
    """

    _GLUE = "\n"  # between blocks searched as one text: no name holds it, and it is no \w

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._regex: re.Pattern[str] | None = None
        if not all(name.isascii() and self._GLUE not in name for name in names):
            alternation = "|".join(re.escape(n) for n in names)
            self._regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def sentences_naming(self, blocks: list[Block]) -> Iterator[tuple[Block, str, list[str]]]:
        """(block, sentence, names found) for each sentence that names any, in text order."""
        if self._regex is not None:
            for block in blocks:
                for sentence, found in _sentences_naming_by_regex(block, self._regex):
                    yield block, sentence, found
            return
        for index, words in self._words_by_block(blocks).items():
            block = blocks[index]
            text = block.text
            for start, end in block.spans:
                in_span = [word for word in words if start <= word[0] < end]
                if not in_span:
                    continue
                raw = text[start:end]
                sentence = raw.strip()
                first = start + len(raw) - len(raw.lstrip())
                found = _scan(text, in_span, first, first + len(sentence))
                if found:
                    yield block, sentence, found

    def _words_by_block(self, blocks: list[Block]) -> dict[int, list[tuple[int, int, str]]]:
        """Each block's (offset, rank, name) for every place a name is a word in it,
        in text order (then name order); all blocks searched at once."""
        texts = [block.text for block in blocks]
        offsets = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        joined = self._GLUE.join(texts)
        folded = ascii_fold(joined)
        words: dict[int, list[tuple[int, int, str]]] = {}
        for rank, name in enumerate(self.names):
            for at in _word_starts(joined, folded, name):
                index = bisect.bisect_right(offsets, at) - 1
                words.setdefault(index, []).append((at - offsets[index], rank, name))
        return {index: sorted(words[index]) for index in sorted(words)}


def _scan(text: str, words: list[tuple[int, int, str]], start: int, stop: int) -> list[str]:
    """The names the regex alternation finds in text[start:stop], from the places they
    are words: leftmost first, the earliest name at one place, no overlaps.

    Whitespace (or the text's edge) borders a sentence, so a name is a word in the
    sentence exactly when it is one in the block and lies within the sentence.
    """
    found: dict[str, None] = {}
    for at, _, name in words:
        end = at + len(name)
        if at >= start and end <= stop:
            found[text[at:end].casefold()] = None
            start = end
    return list(found)


def _sentences_naming_by_regex(
    block: Block, regex: re.Pattern[str]
) -> Iterator[tuple[str, list[str]]]:
    if not regex.search(block.text):
        return
    for sentence in block.sentences():
        found = dict.fromkeys(m.group(0).casefold() for m in regex.finditer(sentence))
        if found:
            yield sentence, list(found)


def _word_starts(text: str, folded: str, name: str) -> list[int]:
    """Every offset where name (folded) is in folded text with no word character around."""
    starts = []
    at = folded.find(name)
    while at != -1:
        end = at + len(name)
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            starts.append(at)
        at = folded.find(name, at + 1)
    return starts


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches
