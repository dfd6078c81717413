"""HTML pages -> the same findings as the Markdown path: the bundled post and every fixture,
rendered with markdown-it into a blog template full of furniture links, give exactly the
Markdown path's items, themes and verdicts (the issue's precision/recall target: 1.0 and
1.0). Also: page metadata (og:, JSON-LD, <time>, canonical), charsets, untrusted text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import BUNDLED
from helpers import BUNDLED_NAMES
from web_pages import FURNITURE_NAMES, TEMPLATES, blog_page, page_in, page_of_post, render

from kubefollow.core.web import page_post
from kubefollow.errors import InputError
from kubefollow.extract.findings import extract_post
from kubefollow.extract.html_page import decode_page, page_markdown
from kubefollow.extract.models import Post
from kubefollow.extract.page_meta import page_meta
from kubefollow.extract.posts import RawPost, read_post
from kubefollow.rules.loading import Rules

FIXTURES = sorted(p for p in (Path(__file__).parent / "fixtures").glob("*.md") if p.stem.islower())


def html_post(page: str, rules: Rules, name: str = "/tmp/page.html") -> Post:
    return extract_post(page_post(name, page.encode("utf-8"), None, name), rules)


def summary(post: Post) -> list[tuple[object, ...]]:
    return [(f.name, f.url, f.theme, tuple(f.themes), f.action, f.quote) for f in post.findings]


@pytest.mark.parametrize("source", [BUNDLED, *FIXTURES], ids=lambda p: p.stem)
def test_a_rendered_post_gives_the_markdown_paths_items_themes_and_verdicts(
    source: Path, rules: Rules
) -> None:
    markdown = extract_post(read_post(str(source)), rules)
    page = html_post(page_of_post(source, markdown.title), rules)
    assert summary(page) == summary(markdown)
    assert page.title == markdown.title
    furniture = set(FURNITURE_NAMES) - {f.name for f in markdown.findings}
    assert furniture and not {f.name for f in page.findings} & furniture


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_other_blog_engines_markup_gives_the_same_items(template: str, rules: Rules) -> None:
    # WordPress, dev.to, Ghost and Docusaurus shapes, and a page of bare <div>s: furniture
    # around the post and inside it (its header, tags, post navigation, comments).
    for source in [BUNDLED, *FIXTURES]:
        markdown = extract_post(read_post(str(source)), rules)
        page = html_post(page_in(template, source, markdown.title), rules)
        assert summary(page) == summary(markdown), source.stem


def test_the_bundled_page_gives_exactly_the_12_items(rules: Rules) -> None:
    post = html_post(page_of_post(BUNDLED), rules)
    assert [f.name for f in post.findings] == BUNDLED_NAMES
    assert (post.title, post.date) == ("KubeCon EU 2025", "2025-04-24")


def test_furniture_alone_gives_no_item(rules: Rules) -> None:
    page = blog_page("Hello", "<p>Nothing to follow up on this week, just a short note.</p>")
    assert html_post(page, rules).findings == []


def test_metadata_from_json_ld_og_and_time(rules: Rules) -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"BlogPosting", "headline": "Paris recap", "datePublished": "2024-03-22T10:00:00Z", '
        '"author": {"@type": "Person", "name": "Ada Lovelace"}}</script>'
        '<link rel="canonical" href="/blog/paris-recap/">'
    )
    page = (
        "<html><head><title>Paris recap - Ada's blog</title>" + head + "</head><body><article>"
        "<h1>Paris recap</h1><p>Words about <a href='https://kueue.sigs.k8s.io/'>Kueue</a>."
        "</p></article></body></html>"
    )
    meta = page_meta(page, "https://ada.example.net/2024/03/paris?utm_source=feed")
    assert meta.title == "Paris recap"
    assert meta.date == "2024-03-22"
    assert meta.author == "Ada Lovelace"
    assert meta.canonical == "https://ada.example.net/blog/paris-recap/"
    timed = "<html><body><article><h1>T</h1><time datetime='2023-11-07'>7 Nov</time>"
    assert page_meta(timed + "<p>x</p></article></body></html>").date == "2023-11-07"


@pytest.mark.parametrize(
    ("data", "declared", "text"),
    [
        ("Café".encode(), None, "Café"),
        ("Café".encode("latin-1"), "utf-8", "Café"),  # a wrong label: Windows-1252 read
        ("Café".encode(), "iso-8859-1", "Café"),  # valid UTF-8 wins over a wrong label
        (b'<meta charset="koi8-r">' + "Кубер".encode("koi8-r"), None, "Кубер"),
        (b"\xef\xbb\xbfCaf\xc3\xa9", "latin-1", "Café"),  # a BOM wins
    ],
)
def test_decoding_a_page(data: bytes, declared: str | None, text: str) -> None:
    assert text in decode_page("p", data, declared)


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_page("p", b"GIF89a\x00\x01", "utf-8")


def test_untrusted_page_text_is_cleaned_like_a_post(rules: Rules) -> None:
    body = (
        "<p>For batch we adopt <a href='https://kueue.sigs.k8s.io/'>Ku\u202eeue\x1b[31m</a> "
        "\x07now.</p><script>document.write('<a href=\"https://volcano.sh/\">Volcano</a>')"
        "</script><p>[red]Markup[/red] stays text with <a href='https://opentelemetry.io/'>"
        "OpenTelemetry</a>.</p>"
    )
    post = html_post(blog_page("Hostile \x1b]0;title\x07", body), rules)
    assert [f.name for f in post.findings] == ["Kueue", "OpenTelemetry"]
    text = " ".join([post.title, *(f.quote for f in post.findings)])
    assert not any(c in text for c in "\x1b\x07\u202e")
    assert "[red]Markup[/red]" in text


def test_a_feed_entrys_fragment_is_kept_whole() -> None:
    fragment = "<p>Short: <a href='https://karpenter.sh/'>Karpenter</a>.</p>"
    assert page_markdown(fragment, fragment=True) == "Short: [Karpenter](https://karpenter.sh/)."


def test_a_title_heading_is_not_prose(rules: Rules) -> None:
    # The page's <h1> repeats its title: read as the title, as front matter's is, so a
    # catalog name in it is no item (the Markdown post would not have one either).
    page = blog_page("Salt Lake City recap", "<p>It was cold, and we adopt nothing.</p>")
    assert html_post(page, rules).findings == []
    assert html.escape("Salt Lake City recap") in page


LINK_LISTS = """Batch was the theme of the week, and the talks on scheduling were packed.

## Batch projects to try

- [Kueue](https://kueue.sigs.k8s.io/)
- [JobSet](https://jobset.sigs.k8s.io/docs/overview/)

The rest of the week was about networking and service mesh.

## Security

[Kyverno](https://kyverno.io/)

- [Tags: kueue](/tags/kueue/)
"""


def test_link_only_lists_and_paragraphs_are_kept_with_their_headings_theme(
    rules: Rules,
) -> None:
    # trafilatura alone drops them, taking them for navigation.
    markdown = extract_post(read_post_text(LINK_LISTS), rules)
    page = html_post(blog_page("Week notes", render(LINK_LISTS)), rules)
    assert summary(page) == summary(markdown)
    assert [(f.name, f.theme) for f in page.findings] == [
        ("Kueue", "batch"), ("JobSet", "batch"), ("Kyverno", "security")
    ]  # fmt: skip


def test_a_page_of_nothing_but_links_gives_them(rules: Rules) -> None:
    body = render("- [Kueue](https://kueue.sigs.k8s.io/)\n- [Karpenter](https://karpenter.sh/)\n")
    post = html_post(blog_page("Links", body), rules)
    assert [f.name for f in post.findings] == ["Kueue", "Karpenter"]


def test_a_page_without_content_gives_nothing_of_its_furniture(rules: Rules) -> None:
    # A page its scripts fill: what is served is the menu, the sidebar and the footer.
    app = re.sub(r"<main>.*?</main>", "<main><div id='app'></div></main>", blog_page("App", ""),
                 flags=re.S)  # fmt: skip
    assert "Crossplane" in app and "<nav" in app
    post = html_post(app, rules)
    assert post.findings == []


def test_embedded_posts_and_furniture_inside_the_article_are_not_prose(rules: Rules) -> None:
    body = (
        "<p>For batch we adopt <a href='https://kueue.sigs.k8s.io/'>Kueue</a> now.</p>"
        "<blockquote class='twitter-tweet'><p>We adopt <a href='https://cilium.io/'>Cilium"
        "</a> everywhere!</p>&mdash; someone</blockquote>"
        "<div class='share-buttons'><a href='https://linkerd.io/'>Linkerd</a></div>"
    )
    post = html_post(blog_page("Notes", body), rules)
    assert [f.name for f in post.findings] == ["Kueue"]


def test_a_class_word_never_removes_most_of_the_post(rules: Rules) -> None:
    # "social" is a furniture word, but this element holds the post.
    page = (
        "<html><head><title>Notes</title></head><body><article><header><h1>Notes</h1>"
        "<p>Posted by Jane</p></header><div class='post-body social-ready'><p>For batch we "
        "adopt <a href='https://kueue.sigs.k8s.io/'>Kueue</a>, and we evaluate "
        "<a href='https://karpenter.sh/'>Karpenter</a> for autoscaling.</p>"
        "<div class='post-comments'><p>Try <a href='https://cilium.io/'>Cilium</a>!</p></div>"
        "</div></article></body></html>"
    )
    post = html_post(page, rules)
    assert [f.name for f in post.findings] == ["Kueue", "Karpenter"]


def read_post_text(text: str) -> RawPost:
    return RawPost("/tmp/generated.md", f"---\ntitle: Week notes\n---\n{text}", "0" * 64)
