"""The inline shortcut (extract/fast_inline.py) makes exactly the tokens markdown-it makes.

The reference is markdown-it itself, configured as blocks.py configures it but without the
shortcut: every comparison is of whole token trees (types, levels, content, attributes,
children) and of the Blocks made from them.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kubefollow.extract import blocks, fast_inline
from kubefollow.extract.blocks import ParsedBody

SLOW_OK = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reference() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.normalizeLink = blocks._skipping_plain_urls(md.normalizeLink)  # type: ignore[method-assign]
    return md


REFERENCE = _reference()
FAST = blocks._markdown()
ENVS: list[dict[str, Any]] = [
    {},
    {"references": {"A": {"title": "", "href": "https://a.dev/"}}},
]

# Prose pieces: words, every kind of space (trailing ones before line breaks), what rules
# react to and what only looks like it, entities real and not, links good, bad and odd.
PIECES = st.one_of(
    st.sampled_from(["word", "Argo CD", "é", "ß", "K8s", "2024", "e.g.", ",", ".", "-", ":"]),
    st.sampled_from([" ", "  ", "   ", "\t", " \t", "\u00a0", "\u3000", "\u2028", "\x0b"]),
    st.sampled_from(["\n", " \n", "  \n", "   \n", "\t\n", "\n  ", "\n\t", "\u00a0\n", "\r"]),
    st.sampled_from(["[", "]", "(", ")", "!", "![", "!!", "&", "*", "_", "`", "<", ">", "\\"]),
    st.sampled_from(["&amp;", "&#123;", "&#x1F600;", "&copy;", "&nosuch;", "&#;", "& x", "R&D"]),
    st.sampled_from(["#", "$", "%", "@", "~", "^", "{", "}", "|", "=", "+", "\x00", "\x7f"]),
    st.sampled_from(
        [
            "[Kueue](https://kueue.sigs.k8s.io/)",
            "[a](https://x.dev/a_b*c`d)",
            "[](https://x.dev/)",
            "[ ](u)",
            "[a b!](HTTPS://Ex.dev/Ä?q=1&amp;r=2#f)",
            "[a](javascript:alert)",
            "[a](data:image/png;base64,x)",
            "[a](<https://x.dev/>)",
            '[a](https://x.dev/ "title")',
            "[a](x(y))",
            "[a]( https://x.dev/)",
            "[a](https://x.dev/\n)",
            "[a]",
            "[A]",
            "[a][A]",
            "[a]: https://x.dev/",
            "[a [b](c)](d)",
            "![img](https://x.dev/i.png)",
            "[![img](i.png)](https://x.dev/)",
            "<https://x.dev/>",
            "<b>",
            "`code`",
            "**strong**",
            "*em*",
            "_em_",
            "https://github.com/a_b/c",
            "www.kro.run/x.",
        ]
    ),
    st.text(alphabet="ab [](&!\n \t*_\\<`#;", max_size=6),
    st.text(alphabet="a \t\u00a0\n", max_size=12),  # spaces of every kind around breaks
    st.text(max_size=4),
)
LABEL_PIECES = st.sampled_from(
    ["a", " ", "_em_", "*em*", "a_b", "`c`", "&amp;", "&", "!", "\n", "  \n", "<b>", "\\]", "é"]
)
DESTINATIONS = st.sampled_from(
    ["https://x.dev/", "u", "HTTPS://Ex.dev/Ä", "/a b", "a(b)c", "a&amp;b", "<u>", "x\\)", ""]
)
LINKS = st.tuples(st.lists(LABEL_PIECES, max_size=4).map("".join), DESTINATIONS).map(
    lambda parts: f"[{parts[0]}]({parts[1]})"
)
INLINE = st.lists(PIECES | LINKS, max_size=25).map("".join)


def _tokens(md: MarkdownIt, src: str, env: dict[str, Any]) -> list[Any]:
    return md.parseInline(src, dict(env))


@SLOW_OK
@given(src=INLINE, env=st.sampled_from(ENVS))
@example(src="a  \nb \nc\n  d", env={})
@example(src="a\t  \nb\u00a0 \nc", env={})
@example(src="[a](https://x.dev/)  \n[b](https://y.dev/)", env={})
def test_inline_tokens_are_markdown_its(src: str, env: dict[str, Any]) -> None:
    assert _tokens(FAST, src, env) == _tokens(REFERENCE, src, env)


@SLOW_OK
@given(src=INLINE)
def test_the_shortcut_alone_agrees_whenever_it_answers(src: str) -> None:
    """Straight on any string (no normalize rule before it: \\r and \\0 stay)."""
    got = fast_inline.inline_tokens(src, FAST)
    if got is not None:
        state_tokens: list[Any] = []
        REFERENCE.inline.parse(src, REFERENCE, {}, state_tokens)
        # markdown-it's text_join core rule runs after the inline parse.
        from markdown_it.rules_core.text_join import _join_text_tokens

        assert got == _join_text_tokens(state_tokens)


# Documents: those lines between the blocks a post has (headings, lists, quotes, tables,
# code, HTML, reference definitions, setext underlines).
LINE_STARTS = st.sampled_from(
    ["", "", "", "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "  ", "```\n", "| ", "===", "<!-- ",
     "#", "#x ", "####### ", "\t", "   ", " \t", "1) ", "12. ", "+ ", "~~~", "[x]: ", "<div>",
     ": ", "|", "-", "--", "---", "***", "_", "a | b\n|---|---|\n", "a | b\n-", "> > ", "- > "]
)  # fmt: skip
LINES = st.lists(st.tuples(LINE_STARTS, INLINE).map("".join), max_size=12)
EXTRA = st.sampled_from(
    ["", "| a | b |\n|---|---|\n| [x](https://x.dev/) | y  z |\n", "[A]: https://a.dev/\n"]
)


@SLOW_OK
@given(lines=LINES, extra=EXTRA, blank=st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_documents_parse_to_markdown_its_tokens_and_blocks(
    lines: list[str], extra: str, blank: str
) -> None:
    src = extra + blank.join(lines)
    fast, reference = FAST.parse(src), REFERENCE.parse(src)
    assert fast == reference
    assert ParsedBody(fast).blocks("T") == ParsedBody(reference).blocks("T")
    assert ParsedBody(fast).first_heading() == ParsedBody(reference).first_heading()


FIRSTS = [chr(c) for c in range(32, 127)] + ["\t", "\u00a0", "é", "\u0663", "\uff11", "\u2028"]
TEMPLATES = [
    "{c}", "{c} x", "{c}{c}{c}", "{c}{c}{c} x", "{c}. x", "{c}) x", "{c}x y\n{c}{c}{c}",
    "a {c} b\n{c}--|--\n", "a | b\n{c}--|--\n", "a | b\n{c} | d\n", "p\n{c} x\n", "p\n{c}x\n",
    "- i\n{c} x", "> q\n{c} x", "   {c} x", "    {c} x", "x\n{c}\n", "{c}a]: /u\n\n[{c}a]",
]  # fmt: skip


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_first_character_of_a_line_parses_as_markdown_it_does(template: str) -> None:
    """The block shortcut decides on a line's first character: each one, in every place."""
    for c in FIRSTS:
        src = template.format(c=c)
        assert FAST.parse(src) == REFERENCE.parse(src), repr(src)


@pytest.mark.parametrize(
    "src",
    [
        "Plain prose, with: punctuation - and # signs; 100% {sure} ~ok^ @you = +1.",
        "One line\nand the next,  \nhard broken.",
        "See [Kueue](https://kueue.sigs.k8s.io/) and [Flux](https://fluxcd.io/flux/a_b/).",
        "Q&A, R & D and a bang!",
    ],
)
def test_the_shortcut_takes_prose_and_plain_links(src: str) -> None:
    """The comparisons above are not vacuous: ordinary prose does take the shortcut."""
    assert fast_inline.inline_tokens(src, FAST) is not None


@pytest.mark.parametrize(
    "src",
    ["a *b*", "a_b", "`c`", "<b>", "a \\*", "![i](u)", "[a](u 't')", "[a]", "&amp;", "&#65;"],
)
def test_the_shortcut_leaves_markup_to_markdown_it(src: str) -> None:
    assert fast_inline.inline_tokens(src, FAST) is None


@pytest.mark.parametrize("src", ["a\r\nb\rc\n", "a\x00b", "# T\r\n\r\n- x\x00\r", "plain\n"])
def test_line_ends_and_nuls_are_normalized_as_markdown_it_does(src: str) -> None:
    assert FAST.parse(src) == REFERENCE.parse(src)


def test_it_is_not_installed_on_a_parser_with_other_rules() -> None:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    assert not fast_inline.install(md)
    assert md.core.ruler.getRules("")[2] is not fast_inline.inline_rule
    assert not fast_inline.install(MarkdownIt("commonmark", {"maxNesting": 1}).enable("table"))
    assert fast_inline.install(MarkdownIt("commonmark").enable("table"))
