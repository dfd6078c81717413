"""The quick looks at a paragraph's words before a scan (ascii_words) never skip a text
that the scan would find something in: with them, the scans find exactly what they find
without. And Block.prose by slices blanks what it blanked character by character."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_name_matcher import _ALPHABET, _REAL, _TOY
from test_phrases import BUNDLED_LISTS, BUNDLED_TEXTS, PHRASES, _texts

from kubefollow.extract import name_context
from kubefollow.extract.blocks import Block, parse_blocks
from kubefollow.extract.coined import bold_terms, defined_term, find_coined, may_coin
from kubefollow.extract.name_matcher import NameMatcher
from kubefollow.rules.loading import load_rules
from kubefollow.rules.phrases import PhraseMatcher, ascii_words


def _without_quick_look(matcher: NameMatcher) -> NameMatcher:
    slow = copy.copy(matcher)
    slow._needed = None
    return slow


_TOY_SLOW, _REAL_SLOW = _without_quick_look(_TOY), _without_quick_look(_REAL)
_CATALOG_NAMES = sorted({f.form for forms in _REAL._groups for f in forms})[::7]
_REAL_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_CATALOG_NAMES),
        st.sampled_from(_CATALOG_NAMES).map(str.upper),
        _ALPHABET,
        st.sampled_from([" ", "-", ".", "/", "\n", " and ", "İ", "K"]),
    ),
    max_size=20,
).map("".join)


def test_ascii_words_are_the_runs_of_word_characters() -> None:
    assert ascii_words("Argo-CD, k8s_thing (v1.2)!") == [b"argo", b"cd", b"k8s_thing", b"v1", b"2"]
    assert ascii_words("café") is None


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_toy_names_found_as_without_the_quick_look(text: str) -> None:
    assert _TOY.find(text) == _TOY_SLOW.find(text)
    assert _TOY.find(text, ascii_words(text)) == _TOY_SLOW.find(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_REAL_TEXT)
def test_catalog_names_found_as_without_the_quick_look(text: str) -> None:
    assert _REAL.find(text, ascii_words(text)) == _REAL_SLOW.find(text)


def _never_skips_a_match(matcher: PhraseMatcher, text: str) -> None:
    if not matcher.may_match(text):
        assert list(matcher.spans(text)) == []
    if not matcher.may_match(text, ascii_words(text)):
        assert list(matcher.spans(text)) == []
    assert matcher.labels(text) == list(dict.fromkeys(label for _, label in matcher.finditer(text)))
    assert matcher.labels(text, ascii_words(text)) == matcher.labels(text)
    assert matcher.first(text) == next((label for _, label in matcher.finditer(text)), None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bundled_phrases_never_skipped(data: st.DataObject) -> None:
    for name, labelled in BUNDLED_LISTS.items():
        _never_skips_a_match(PhraseMatcher(labelled), data.draw(BUNDLED_TEXTS[name]))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), phrases=PHRASES)
def test_generated_phrases_never_skipped(data: st.DataObject, phrases: list[str]) -> None:
    matcher = PhraseMatcher((p, "L") for p in phrases)
    _never_skips_a_match(matcher, data.draw(_texts(phrases)))


def _prose_by_characters(block: Block, also: list[tuple[int, int]]) -> str:
    """Block.prose as it was: a list of every character, each span's blanked."""
    chars = list(block.text)
    for start, end in [*block.quiet, *also]:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


SPAN = st.tuples(st.integers(-3, 14), st.integers(-3, 14))


@given(st.text(max_size=12), st.lists(SPAN, max_size=3), st.lists(SPAN, max_size=3))
def test_prose_by_slices_is_prose_by_characters(
    text: str, quiet: list[tuple[int, int]], also: list[tuple[int, int]]
) -> None:
    block = Block(text=text, headings=(), quiet=quiet)
    assert block.prose(also) == _prose_by_characters(block, also)


def _affiliation_by_regex(text: str, start: int, starts: list[int]) -> bool:
    m = name_context._PERSON_THEN.search(text, max(0, start - 80), start)
    if m is None or not (name_context._titled(m.group(1)) and name_context._titled(m.group(2))):
        return False
    return not any(m.start() <= s < m.end(2) for s in starts)


AFFILIATED = st.lists(
    st.sampled_from(["Jane", "Doe", " ", "from", "at", "@", ",", "(", "\n", "x", "Acme"]),
    max_size=12,
).map("".join)


@given(AFFILIATED, st.integers(0, 40))
def test_affiliation_quick_look_keeps_the_regex_answer(text: str, start: int) -> None:
    start = min(start, len(text))
    assert name_context._affiliation(text, start, []) == _affiliation_by_regex(text, start, [])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_REAL_TEXT, min_size=1, max_size=4))
def test_catalog_names_found_with_the_posts_anchors(texts: list[str]) -> None:
    """find_projects reads a post's words first: a text holding none of the anchors of
    the names all its post's words hold is skipped, and finds what it finds alone."""
    present: set[bytes] = set()
    for text in texts:
        present.update(ascii_words(text) or ())
    anchors = _REAL.anchors_in(present)
    for text in texts:
        assert _REAL.find(text, ascii_words(text), anchors) == _REAL_SLOW.find(text)


_COINED = load_rules().coined
_TRIGGER_TEXTS = _texts(sorted({*_COINED.use_verbs, *_COINED.act_verbs}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_coined_trigger_never_skipped_by_the_posts_words(data: st.DataObject) -> None:
    """A post whose words hold no trigger word: each of its texts may be given no words."""
    trigger = _COINED.trigger
    assert trigger is not None
    texts = data.draw(st.lists(_TRIGGER_TEXTS, min_size=1, max_size=4))
    present = {w for text in texts for w in ascii_words(text) or ()}
    if not trigger.may_match("", list(present)):
        for text in texts:
            if ascii_words(text) is not None:
                assert list(trigger.spans(text)) == []


_NOTES = st.lists(
    st.sampled_from(
        ["- **fooctl** is a CLI tool\n", "- Fooctl:\n", "  - a tool that deploys\n", "x2y ",
         "they use Tailscale. ", "Plain words. ", "`code` ", "## Heading\n", "\n", "  - "]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTES)
def test_may_coin_never_skips_a_coined_name(body: str) -> None:
    rules = load_rules()
    blocks = parse_blocks(body, "Title")
    for index, block in enumerate(blocks):
        prose = block.prose()
        words = ascii_words(prose)
        if not may_coin(blocks, index, prose, words, rules.coined):
            found = find_coined(prose, [], rules.coined, rules.names, rules.catalog, words)
            term = defined_term(blocks, index, [], rules.coined, rules.names, rules.catalog,
                                rules.themes)  # fmt: skip
            bold = bold_terms(block, prose, [], rules.coined, rules.names, rules.catalog,
                              rules.themes)  # fmt: skip
            assert (found, term, bold) == ([], None, [])
