"""The phrase matcher (theme keywords, verdict cues) finds exactly what the plain regex
alternation it replaced found: same positions, same labels."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubefollow.rules.files import bundled
from kubefollow.rules.phrases import PhraseMatcher, ascii_fold, phrase_key

_JOINER = re.compile(r"[\s\-]+")


class NaiveMatcher:
    """The matcher as it was: every phrase in one alternation, longest spelling first."""

    def __init__(self, labelled: Iterable[tuple[str, str]]) -> None:
        self._label_of: dict[str, str] = {}
        spellings: dict[str, str] = {}
        for phrase, label in labelled:
            key = phrase_key(phrase)
            if key:
                self._label_of.setdefault(key, label)
                spellings.setdefault(key, phrase)
        patterns = sorted(spellings.values(), key=len, reverse=True)
        alternation = "|".join(
            r"[\s\-]?".join(re.escape(w) for w in _JOINER.split(p.strip()) if w) for p in patterns
        )
        self._regex = (
            re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if patterns else None
        )

    def finditer(self, text: str) -> Iterator[tuple[int, str]]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            label = self._label_of.get(phrase_key(match.group(0)))
            if label is not None:
                yield match.start(), label


def _theme_phrases() -> list[tuple[str, str]]:
    themes = bundled("themes.toml")["themes"]
    return [(kw, slug) for slug, spec in themes.items() for kw in spec.get("keywords", [])]


def _cue_phrases() -> list[tuple[str, str]]:
    actions = bundled("cues.toml")["actions"]
    return [(cue, action) for action, spec in actions.items() for cue in spec.get("cues", [])]


BUNDLED_LISTS = {"themes": _theme_phrases(), "cues": _cue_phrases()}

SEPARATORS = st.sampled_from([" ", "-", "", "  ", " - ", "\n", "\t", ".", ", ", "/", "_", "'"])
# Letters that re.IGNORECASE matches to ASCII ones, and others it does not.
ODD_LETTERS = st.sampled_from(["İ", "ı", "ſ", "\u212a", "é", "ß", "Σ", "ς", "x", "_", "9"])


def _spellings(phrase: str) -> st.SearchStrategy[str]:
    """The phrase as a text may spell it: each joiner a space, a hyphen or nothing."""
    words = [w for w in _JOINER.split(phrase) if w] or [phrase]
    joiners = st.lists(st.sampled_from(["", " ", "-"]), min_size=len(words), max_size=len(words))
    spelt = joiners.map(lambda js: "".join(w + j for w, j in zip(words, js, strict=True)))
    return st.one_of(spelt, st.tuples(spelt, ODD_SPELLINGS).map(lambda t: t[0].translate(t[1])))


# Letters re.IGNORECASE takes for ASCII ones (and two it does not) put into phrases.
ODD_SPELLINGS = st.sampled_from(
    [
        str.maketrans({"k": "\u212a", "K": "\u212a"}),
        str.maketrans({"s": "ſ", "i": "ı"}),
        str.maketrans({"i": "İ", "e": "é"}),
        str.maketrans({"s": "ß"}),
    ]
)


def _fragments(phrases: list[str]) -> st.SearchStrategy[str]:
    """Phrases spelt any way, their words and pieces of words, in any case."""
    words = sorted({w for p in phrases for w in _JOINER.split(p) if w})
    pieces = sorted({w[:i] for w in words for i in range(1, len(w))})
    raw = st.one_of(
        st.sampled_from(phrases).flatmap(_spellings),
        *[st.sampled_from(items) for items in (words, pieces) if items],
    )
    return st.one_of(raw, raw.map(str.upper), raw.map(str.title), ODD_LETTERS)


def _texts(phrases: list[str]) -> st.SearchStrategy[str]:
    part = st.one_of(_fragments(phrases), SEPARATORS)
    return st.lists(part, max_size=25).map("".join)


def _same(labelled: list[tuple[str, str]], text: str) -> None:
    assert list(PhraseMatcher(labelled).finditer(text)) == list(
        NaiveMatcher(labelled).finditer(text)
    )


BUNDLED_MATCHERS = {k: (PhraseMatcher(v), NaiveMatcher(v)) for k, v in BUNDLED_LISTS.items()}
BUNDLED_TEXTS = {k: _texts([p for p, _ in v]) for k, v in BUNDLED_LISTS.items()}


@pytest.mark.parametrize("name", sorted(BUNDLED_LISTS))
def test_bundled_lists_use_the_trie(name: str) -> None:
    # The fast path is taken for the shipped rule files (else they'd silently be slow).
    assert PhraseMatcher(BUNDLED_LISTS[name])._folds


@pytest.mark.parametrize("name", sorted(BUNDLED_LISTS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bundled_lists_match_like_the_alternation(name: str, data: st.DataObject) -> None:
    fast, naive = BUNDLED_MATCHERS[name]
    text = data.draw(BUNDLED_TEXTS[name])
    assert list(fast.finditer(text)) == list(naive.finditer(text))


WORDS = st.text(alphabet="ab.x+", min_size=1, max_size=3)
PHRASES = st.lists(
    st.lists(
        st.one_of(WORDS, st.sampled_from([" ", "-", "  ", " - "])), min_size=1, max_size=5
    ).map("".join)
    | WORDS
    | st.sampled_from(["Ab", "ABC", " a b ", "-ab", "k8s", "c++", "s s", "ſa", "éa"]),
    min_size=1,
    max_size=8,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), phrases=PHRASES)
def test_generated_lists_match_like_the_alternation(
    data: st.DataObject, phrases: list[str]
) -> None:
    # Small alphabets make prefixes, shared words and a phrase listed twice common, which
    # is where a trie could differ from the alternation (and must fall back to it).
    labels = data.draw(
        st.lists(st.sampled_from("LMN"), min_size=len(phrases), max_size=len(phrases))
    )
    labelled = list(zip(phrases, labels, strict=True))
    text = data.draw(_texts(phrases))
    _same(labelled, text)


@pytest.mark.parametrize(
    ("labelled", "text", "expected"),
    [
        (
            [("multi-cluster", "m")],
            "Multi cluster, multicluster, MULTI-CLUSTER",
            [(0, "m"), (15, "m"), (29, "m")],
        ),
        ([("gpu", "a"), ("gpu sharing", "b")], "gpu sharing and gpus", [(0, "b")]),
        ([("ai", "a"), ("AI", "b")], "AI", [(0, "a")]),
        ([("dns", "n")], "CoreDNS and dns", [(12, "n")]),
    ],
)
def test_examples(
    labelled: list[tuple[str, str]], text: str, expected: list[tuple[int, str]]
) -> None:
    found = list(PhraseMatcher(labelled).finditer(text))
    assert found == list(NaiveMatcher(labelled).finditer(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["NETWOR\u212aING", "ſecurity", "İsolation", "ısolation", "ıSOLATİON", "kuberneteß", "Σ"],
)
def test_letters_ignorecase_takes_for_ascii(text: str) -> None:
    labelled = [("networking", "n"), ("security", "s"), ("isolation", "i"), ("kubernetes", "k")]
    _same(labelled, text)


def test_a_shorter_phrase_that_the_alternation_tries_first_is_kept() -> None:
    # "e - b" is spelt longer than "eb.x" although its key is a prefix of it: the
    # alternation tries it first, so the matcher must too (it falls back to the alternation).
    labelled = [("e - b", "short"), ("eb.x", "long")]
    assert not PhraseMatcher(labelled)._folds
    _same(labelled, "eb.x")


def test_non_ascii_phrases_fall_back_and_still_match() -> None:
    labelled = [("café", "c"), ("straße", "s")]
    assert not PhraseMatcher(labelled)._folds
    _same(labelled, "Café STRASSE straße")


@given(st.text(max_size=50))
def test_ascii_fold_keeps_offsets_and_word_characters(text: str) -> None:
    folded = ascii_fold(text)
    assert len(folded) == len(text)
    for a, b in zip(text, folded, strict=True):
        assert bool(re.match(r"\w", a)) == bool(re.match(r"\w", b))
        if b.isascii() and b.isalpha():
            assert re.fullmatch(re.escape(b), a, re.IGNORECASE)


def test_ascii_fold_is_what_ignorecase_matches_to_ascii() -> None:
    # Over every code point: re.IGNORECASE matches a character to an ASCII one exactly
    # when ascii_fold turns it into that one (checked here, as Unicode tables change).
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    folded_to: dict[str, set[int]] = {}
    for i, f in enumerate(ascii_fold(every)):
        if f.isascii():
            folded_to.setdefault(f, set()).add(i)
    for c in map(chr, range(128)):
        matched = {m.start() for m in re.finditer(re.escape(c), every, re.IGNORECASE)}
        assert matched == folded_to[c.lower()], repr(c)
