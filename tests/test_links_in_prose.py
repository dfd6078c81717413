"""Links written without Markdown link syntax: bare URLs (as Hugo's linkify renders them)
and raw HTML anchors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kubefollow.extract.blocks import Link, parse_blocks


def links(markdown: str) -> list[tuple[str, str]]:
    return [(link.url, link.text) for block in parse_blocks(markdown, None) for link in block.links]


def test_bare_url_stops_before_trailing_punctuation() -> None:
    assert links("See https://kueue.sigs.k8s.io/docs/. And https://keda.sh, too!") == [
        ("https://kueue.sigs.k8s.io/docs/", "https://kueue.sigs.k8s.io/docs/"),
        ("https://keda.sh", "https://keda.sh"),
    ]


def test_bare_url_keeps_balanced_parentheses_only() -> None:
    assert links("Kueue (https://kueue.sigs.k8s.io) and https://en.example.org/wiki/A_(b).") == [
        ("https://kueue.sigs.k8s.io", "https://kueue.sigs.k8s.io"),
        ("https://en.example.org/wiki/A_(b)", "https://en.example.org/wiki/A_(b)"),
    ]


def test_www_url_gets_a_scheme() -> None:
    assert links("Try www.parca.dev for profiling.") == [("http://www.parca.dev", "www.parca.dev")]


def test_urls_in_code_links_and_words_are_not_bare_links() -> None:
    text = (
        "Run `curl https://example.org/x` first. The repo [https://github.com/a/b]"
        "(https://github.com/a/b) is linked. Not a URL: xhttps://no.example or foo@www.example.com."
    )
    assert links(text) == [("https://github.com/a/b", "https://github.com/a/b")]


def test_bare_url_positions_point_at_the_url() -> None:
    block = parse_blocks(
        "Before [Alpha](https://alpha.example.dev/) then https://beta.example.dev/ end.", None
    )[0]
    assert [link.text for link in block.links] == ["Alpha", "https://beta.example.dev/"]
    assert all(block.text[link.start :].startswith(link.text) for link in block.links)


def test_raw_html_anchor_is_a_link() -> None:
    text = (
        'We use <a href="https://opentelemetry.io/" target="_blank">OpenTelemetry</a>, '
        "<a class=x href='https://example.dev/?a=1&amp;b=2'>Example</a> and "
        '<a name="top">no link</a>.'
    )
    assert links(text) == [
        ("https://opentelemetry.io/", "OpenTelemetry"),
        ("https://example.dev/?a=1&b=2", "Example"),
    ]


def test_malformed_urls_are_skipped() -> None:
    assert links('Broken http://[ and <a href="http://[x">odd</a> and https://nodot/ here.') == []


@given(st.text(alphabet=st.sampled_from("ab.:/()[]<>`'\" _-@wht\n"), max_size=80))
def test_bare_links_never_raise_and_point_into_the_text(text: str) -> None:
    for block in parse_blocks(text, None):
        for link in block.links:
            assert isinstance(link, Link)
            assert block.text[link.start :].lstrip().startswith(link.text[:1])
