"""The fast paths of extraction give what the straightforward code they replaced gave.

Each reference below is the earlier implementation, kept here to compare against.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from kubefollow.extract import blocks, link_names, link_urls
from kubefollow.extract.blocks import Block, sentence_spans
from kubefollow.extract.name_finder import NameFinder
from kubefollow.rules import urls as links
from kubefollow.rules.text import text_rules

SLOW_OK = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- unlinked mentions


def reference_sentences_naming(
    names: list[str], post: list[Block]
) -> Iterator[tuple[int, str, list[str]]]:
    """One regex of the post's names, longest first, searched in each sentence."""
    alternation = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    for index, block in enumerate(post):
        if not pattern.search(block.text):
            continue
        for sentence in block.sentences():
            found = dict.fromkeys(m.group(0).casefold() for m in pattern.finditer(sentence))
            if found:
                yield index, sentence, list(found)


NAME_WORDS = st.sampled_from(["argo", "argo cd", "cd", "k8s", "flux", "a.b", "c++", "x_y", "ab"])
NAMES = st.lists(
    st.one_of(NAME_WORDS, st.text(alphabet="abk s.-", min_size=2, max_size=6)),
    min_size=1,
    max_size=5,
    unique_by=str.casefold,
)
GLUE = st.sampled_from(
    [" ", "  ", ". ", "! ", "? ", ".) ", ", ", "-", "", "_", "e.g. ", "\n", "\u00a0", "\u2019 "]
)
ODD = st.sampled_from(["İ", "ı", "ſ", "\u212a", "é", "9", "ARGO", "Argo CD", "FLUX"])


def _post(names: list[str]) -> st.SearchStrategy[list[Block]]:
    part = st.one_of(st.sampled_from(names), NAME_WORDS, GLUE, ODD)
    text = st.lists(part, max_size=20).map("".join)
    return st.lists(text.map(lambda t: Block(t, ())), max_size=5)


@SLOW_OK
@given(data=st.data(), raw_names=NAMES)
def test_name_finder_finds_what_one_regex_of_the_names_found(
    data: st.DataObject, raw_names: list[str]
) -> None:
    names = sorted({n.casefold() for n in raw_names}, key=len, reverse=True)
    post = data.draw(_post(names))
    index_of = {id(block): i for i, block in enumerate(post)}
    got = [
        (index_of[id(block)], sentence, found)
        for block, sentence, found in NameFinder(names).sentences_naming(post)
    ]
    assert got == list(reference_sentences_naming(names, post))


def test_name_finder_examples() -> None:
    post = [Block("We use Argo CD, not cd. ARGO is fine.", ()), Block("Argo cd-ish", ())]
    names = ["argo cd", "argo", "cd"]
    got = [(s, f) for _, s, f in NameFinder(names).sentences_naming(post)]
    assert got == [(s, f) for _, s, f in reference_sentences_naming(names, post)]
    assert got[0] == ("We use Argo CD, not cd.", ["argo cd", "cd"])


# ---------------------------------------------------------------- sentences

_OLD_SENTENCE_END = re.compile(r"""(?<=[.!?])(["'”’)\]]*)\s+""")
_OLD_LAST_WORD = re.compile(r"(\S+)[.!?][\"'”’)\]]*$")


def reference_sentence_spans(text: str) -> list[tuple[int, int]]:
    abbreviations = text_rules().abbreviations
    spans, start = [], 0
    for match in _OLD_SENTENCE_END.finditer(text):
        last = _OLD_LAST_WORD.search(text, start, match.start())
        word = last.group(1).casefold().lstrip("([\"'“‘") if last else ""
        if text[match.start() - 1] == "." and (word in abbreviations or len(word) == 1):
            continue
        spans.append((start, match.end(1)))
        start = match.end()
    spans.append((start, len(text)))
    return spans


SENTENCE_PARTS = st.one_of(
    st.sampled_from(["e.g", "E.G", "etc", "J", "(eg", '"vs', "kro", "word", "no", "a.k.a"]),
    st.sampled_from(["ß", "Approx", " ETC", "İ", "\u00a0x", "fig"]),  # letters, casefolded
    st.sampled_from([".", "!", "?", '."', ".)", ".’", ". ", "? ", " ", "  ", "\n", "\t", "\u00a0"]),
    st.text(alphabet="ab .!?\"')]\n", max_size=4),
)


@SLOW_OK
@given(st.lists(SENTENCE_PARTS, max_size=30).map("".join))
def test_sentence_spans_are_what_they_were(text: str) -> None:
    assert sentence_spans(text) == reference_sentence_spans(text)


def test_block_sentences_are_computed_once() -> None:
    block = Block("One. Two, e.g. three. Four", ())
    assert block.sentences() == ["One.", "Two, e.g. three.", "Four"]
    assert block.spans is block.spans
    assert block.sentence_at(6) == "Two, e.g. three."


# ---------------------------------------------------------------- links


def _reference_is_tracking(param: str) -> bool:
    names, prefixes = text_rules().tracking_params, text_rules().tracking_prefixes
    p = param.lower()
    return p.startswith(prefixes) or p in names


def reference_clean_url(url: str) -> str:
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _reference_is_tracking(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def reference_host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def reference_path_segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def reference_match_key(url: str) -> str:
    parts = urlsplit(reference_clean_url(url))
    path = "/".join(reference_path_segments(url))
    key = reference_host_of(url) + ("/" + path if path else "")
    return key + ("?" + parts.query if parts.query else "")


LABEL = st.text(alphabet="aZ09-_", min_size=0, max_size=6) | st.just("x" * 64)
HOST = st.lists(LABEL, min_size=1, max_size=4).map(".".join)
URLS = st.one_of(
    st.from_regex(links._PLAIN_URL, fullmatch=True),
    st.from_regex(blocks._PLAIN_URL, fullmatch=True),
    st.tuples(
        st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "//", "", "mailto:"]),
        st.sampled_from(["", "www.", "user@", "WWW."]),
        HOST,
        st.sampled_from(["", ":8080", ".", ":"]),
        st.text(alphabet="/aZ._~-?#=&:+,%@é[] \t", max_size=20),
        st.sampled_from(["", "?utm_source=x&id=7", "?ref=a#frag", "#top", " ", "?"]),
    ).map("".join),
)


@SLOW_OK
@given(URLS)
def test_url_functions_are_what_they_were(url: str) -> None:
    pairs = [
        (links.clean_url, reference_clean_url),
        (links.host_of, reference_host_of),
        (links.path_segments, reference_path_segments),
        (links.match_key, reference_match_key),
        (lambda u: links._parts(u).scheme, lambda u: urlsplit(u).scheme.lower()),
    ]
    for new, old in pairs:
        assert _outcome(new, url) == _outcome(old, url)


def _outcome(function: Callable[[str], object], url: str) -> object:
    """What function returns for url, or the kind of error it raises (a bad IPv6 host)."""
    try:
        return function(url)
    except ValueError as exc:
        return type(exc)


def test_clean_url_drops_tracking_parameters() -> None:
    url = "https://example.dev/x?utm_source=a&UTM_medium=b&ref=c&id=7&fbclid=d#top"
    assert links.clean_url(url) == "https://example.dev/x?id=7#top"


@SLOW_OK
@given(URLS)
def test_markdown_links_are_normalized_as_markdown_it_does(url: str) -> None:
    assert blocks._skipping_plain_urls(normalizeLink)(url) == normalizeLink(url)


# ---------------------------------------------------------------- rule data


def test_word_lists_come_from_data_files() -> None:
    assert {"docs", "getting-started", "v1"} <= text_rules().doc_segments
    assert {"e.g", "etc", "a.k.a"} <= text_rules().abbreviations
    assert "fbclid" in text_rules().tracking_params
    assert text_rules().tracking_prefixes == ("utm_",)


def test_importing_the_extraction_modules_reads_no_rule_file() -> None:
    code = (
        "import sys\n"
        "import kubefollow.extract.blocks, kubefollow.rules.urls, kubefollow.rules.catalog\n"
        "from kubefollow.rules.text import text_rules\n"
        "print('kubefollow.rules.loading' in sys.modules, text_rules.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split("\n")[0] == "False 0"


@pytest.mark.parametrize(
    ("url", "host", "segments"),
    [
        ("https://www.Example.dev/docs/intro/", "example.dev", ["docs", "intro"]),
        ("https://example.dev.", "example.dev", []),
        ("  https://example.dev/a  ", "example.dev", ["a"]),
    ],
)
def test_url_examples(url: str, host: str, segments: list[str]) -> None:
    assert links.host_of(url.strip()) == host
    assert links.path_segments(url.strip()) == segments
    assert links.clean_url(url) == reference_clean_url(url)


# ---------------------------------------------------------------- link kinds


Split = tuple[str, str, tuple[str, ...], bool]  # scheme, host, segments, relative


def reference_split(url: str) -> Split | None:
    """link_urls._split before plain URLs skipped urlsplit and unquote."""
    s = url.strip()[: link_urls._MAX_URL]
    if s.startswith("//"):
        s = "https:" + s
    elif s[:4].lower() == "www.":
        s = "http://" + s
    try:
        parts = urlsplit(s)
        hostname = parts.hostname or ""
    except ValueError:
        return None
    segments = tuple(unquote(seg) for seg in parts.path.split("/") if seg)
    if not parts.netloc:
        return (parts.scheme.lower(), "", segments, not parts.scheme)
    host = link_urls._WWW.sub("", hostname.lower().rstrip("."))
    return (parts.scheme.lower(), host, segments, False)


@SLOW_OK
@given(st.one_of(URLS, st.from_regex(link_urls._PLAIN_URL, fullmatch=True)))
def test_link_urls_split_is_what_it_was(url: str) -> None:
    split = link_urls._split(url)
    assert reference_split(url) == (
        None if split is None else (split.scheme, split.host, split.segments, split.relative)
    )


WORDY = st.text(alphabet=st.sampled_from("aZ9_é٣ .@#+[])(-:\n\t|"), max_size=12)


@SLOW_OK
@given(WORDY)
def test_link_text_cleaning_is_what_it_was(text: str) -> None:
    edge = link_names._TOKEN_EDGE
    assert link_names._clean_text(text) == edge.sub("", " ".join(text.split()))
    for token in text.lower().split():
        assert (token if token.isalnum() else edge.sub("", token)) == edge.sub("", token)
