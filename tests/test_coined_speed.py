"""find_coined's fast paths (a block no rule can fire in is skipped; a word is tried only
by the rules it can pass the first test of) give what the straightforward code gave.

The reference below is find_coined as it was before, kept here to compare against."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubefollow.extract import coined
from kubefollow.extract.coined import CoinedHit, _gap, _line, _name_run, _Word, is_title
from kubefollow.rules.coined import CoinedRules
from kubefollow.rules.loading import Rules


def reference_used_after(words: list[_Word], i: int, text: str, rules: CoinedRules) -> int | None:
    word = words[i]
    matched = word.folded in rules.use_verbs
    if not matched:
        for phrase in rules.use_phrases:
            n = len(phrase)
            if i + 1 >= n and tuple(w.folded for w in words[i + 1 - n : i + 1]) == phrase:
                matched = all(_gap(text, words[k], words[k + 1]) for k in range(i + 1 - n, i))
                if matched:
                    break
    if not matched or i + 1 >= len(words) or not _gap(text, word, words[i + 1]):
        return None
    at = i + 1
    for determiner in rules.determiners:
        n = len(determiner)
        if (
            at + n < len(words)
            and tuple(w.folded for w in words[at : at + n]) == determiner
            and all(_gap(text, words[k], words[k + 1]) for k in range(at, at + n))
        ):
            return at + n
    return at


def reference_acts(
    words: list[_Word], i: int, text: str, rules: CoinedRules, names: object
) -> bool:
    word = words[i]
    if not coined._INNER_CAPITALS.search(word.text) or i + 1 >= len(words):
        return False
    if rules.not_a_name(word.text) or word.folded in names.never:  # type: ignore[attr-defined]
        return False
    if i > 0 and words[i - 1].folded in coined._AFTER_EMPLOYER:
        return False
    if i > 0 and _gap(text, words[i - 1], word) and words[i - 1].text[:1].isupper():
        return False
    following = words[i + 1]
    return _gap(text, word, following) and following.folded in rules.act_verbs


def reference_shaped(word: str, rules: CoinedRules) -> bool:
    folded = word.casefold()
    if folded in rules.shape_stop or not word.islower():
        return False
    return any(p.fullmatch(word) for p in rules.shapes)


def reference_find_coined(
    text: str, taken: list[tuple[int, int]], rules: CoinedRules, names: object, catalog: object
) -> list[CoinedHit]:
    words = [_Word(m.start(), m.end(), m.group()) for m in coined._WORD.finditer(text)]
    if not words:
        return []
    hits: dict[tuple[int, int], CoinedHit] = {}

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in (*taken, *hits))

    def keep(first: int, last: int, rule: str) -> None:
        start, end = words[first].start, words[last].end
        name = text[start:end]
        if not free(start, end) or catalog.match_name(name) is not None:  # type: ignore[attr-defined]
            return
        if name.casefold() in names.never or is_title(_line(text, start, end)):  # type: ignore[attr-defined]
            return
        hits[(start, end)] = CoinedHit(start, end, name, rule)

    for i, word in enumerate(words):
        if reference_shaped(word.text, rules):
            keep(i, i, "a program's name by its shape (data/coined.toml [shapes])")
        used = reference_used_after(words, i, text, rules)
        if used is not None:
            last = _name_run(words, used, text, rules, names)  # type: ignore[arg-type]
            if last is not None:
                verb = text[word.start : words[used - 1].end] if used > i + 1 else word.text
                keep(used, last, f"capitalised words after the verb of use '{verb}'")
        if reference_acts(words, i, text, rules, names):
            verb = words[i + 1].text
            keep(i, i, f"a name with inner capitals that acts: '{word.text} {verb}'")
    return sorted(hits.values(), key=lambda h: h.start)


PIECES = st.sampled_from(
    ["use", "Uses", "USED", "using", "deploy", "migrate", "migrated to", "switch", "to",
     "replaced it with", "the", "the new", "our", "Tailscale", "FooBuilder", "KubeCon",
     "Jane", "McDoe", "can", "lets", "json2yaml", "openapi2crd", "peer2peer", "Kueue",
     "Argo CD", "JSON", "GPUs", "Extended", "ArgoCon", "FinOps", "at", "because", "users",
     "uſe", "İstio", "\u0345use", "é", "2023", "x_use", "a.b", "c++", "it's"]
)  # fmt: skip
GLUE = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\n", "-", "_", ": ", "'s ", "/"])
TEXTS = st.lists(st.tuples(PIECES, GLUE).map("".join), max_size=14).map("".join)
SLOW_OK = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW_OK
@given(text=TEXTS, data=st.data())
def test_find_coined_is_what_it_was(rules: Rules, text: str, data: st.DataObject) -> None:
    spans = st.tuples(st.integers(0, len(text)), st.integers(0, 12)).map(
        lambda t: (t[0], t[0] + t[1])
    )
    taken = data.draw(st.lists(spans, max_size=2))
    args = (text, taken, rules.coined, rules.names, rules.catalog)
    assert coined.find_coined(*args) == reference_find_coined(*args)


@SLOW_OK
@given(text=TEXTS)
def test_find_coined_with_odd_rules(rules: Rules, text: str) -> None:
    """Rules a user's coined.toml could give: an empty phrase, a shape with an anchor."""
    import re

    odd = replace(
        rules.coined,
        use_phrases=rules.coined.use_phrases | {(), ("to",)},
        shapes=(*rules.coined.shapes, re.compile(r"^[a-z]+2$"), re.compile(r"(?:x_[a-z]+)")),
    )
    args = (text, [], odd, rules.names, rules.catalog)
    assert coined.find_coined(*args) == reference_find_coined(*args)


@SLOW_OK
@given(st.text(alphabet="aAbBzZ .-é2_", max_size=12))
def test_capitals_inside_finds_what_the_plain_regex_found(text: str) -> None:
    import re

    from kubefollow.rules import coined as coined_rules

    plain = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}")
    assert bool(coined_rules._CAPITALS_INSIDE.search(text)) == bool(plain.search(text))


def test_shapes_spell_their_literals() -> None:
    import re

    from kubefollow.rules.coined import _spelled_always

    assert _spelled_always(re.compile(r"(?:[a-z]{2}2[a-z]{2})")) == "2"
    assert _spelled_always(re.compile(r"a(?:b|c)d?e")) == "ae"
    assert _spelled_always(re.compile(r"x2", re.IGNORECASE)) == ""
