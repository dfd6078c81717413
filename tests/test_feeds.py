"""Feeds: an RSS or Atom URL or file ingests each entry as a post (its full content when the
feed carries it, else its page fetched), --since keeps the newer entries only, and a
hostile feed is refused in one line."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from conftest import BUNDLED
from helpers import (
    BUNDLED_NAMES,
    cli,
    fails_cleanly,
    listed,
    names,
    ok,
    one_error_naming,
    sql,
    write_file,
)
from web_pages import blog_page, page_of_post, render
from web_server import WebServer

from kubefollow.extract.feeds import parse_feed

VOLCANO = "<p>For batch jobs we adopt <a href='https://volcano.sh/'>Volcano</a> now.</p>"
CILIUM = "<p>On networking, I want to evaluate <a href='https://cilium.io/'>Cilium</a>.</p>"


def rss(items: list[tuple[str, str, str, str | None]]) -> str:
    """RSS 2.0; each item: title, link, RFC 822 date, full content (content:encoded)."""
    parts = []
    for title, link, date, content in items:
        encoded = f"<content:encoded>{html.escape(content)}</content:encoded>" if content else ""
        parts.append(
            f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>A summary.</description>{encoded}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Jane's notes</title>{''.join(parts)}</channel></rss>"
    )


def atom(entries: list[tuple[str, str, str]]) -> str:
    """Atom; each entry: title, link, updated (no content: the page is fetched)."""
    parts = "".join(
        f'<entry><title>{t}</title><link rel="alternate" href="{link}"/><id>{link}</id>'
        f"<updated>{d}</updated><summary>Short.</summary></entry>"
        for t, link, d in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Blog</title><id>urn:x</id>{parts}</feed>"
    )


def test_an_rss_feed_with_full_content_ingests_each_entry(web: WebServer, db: Path) -> None:
    site = "https://jane.example.org"
    feed = rss([
        ("Batch notes", f"{site}/batch/?utm_source=rss", "Tue, 04 Mar 2025 10:00 GMT", VOLCANO),
        ("Network notes", f"{site}/net/", "Mon, 03 Mar 2025 10:00:00 +0000", CILIUM),
    ])  # fmt: skip
    url = web.add("/index.xml", feed, "application/rss+xml")
    result = ok(cli("ingest", url))
    assert "2 post(s) added" in result.stderr
    assert len(web.requests) == 1  # the content was in the feed: no page fetched
    assert names(listed()) == ["Volcano", "Cilium"]
    assert sql(db, "SELECT path, title, date FROM posts ORDER BY id") == [
        ("https://jane.example.org/batch/", "Batch notes", "2025-03-04"),
        ("https://jane.example.org/net/", "Network notes", "2025-03-03"),
    ]
    assert {i["name"]: i["action"] for i in listed()} == {"Volcano": "adopt", "Cilium": "evaluate"}
    assert "2 unchanged" in ok(cli("ingest", url)).stderr


def test_an_atom_feed_without_content_fetches_each_entrys_page(web: WebServer, db: Path) -> None:
    bundled = web.add("/posts/eu/", page_of_post(BUNDLED))
    other = web.add("/posts/net/", blog_page("Net", CILIUM, "2025-05-02"))
    feed = atom([("Networking", other, "2025-05-02T08:00:00Z"),
                 ("KubeCon EU", bundled, "2025-04-24T08:00:00Z")])  # fmt: skip
    url = web.add("/atom.xml", feed, "application/atom+xml")
    ok(cli("ingest", url))
    assert names(listed()) == ["Cilium", *BUNDLED_NAMES]
    assert sql(db, "SELECT path FROM posts ORDER BY id") == [(other,), (bundled,)]


def test_since_keeps_only_newer_entries(web: WebServer, db: Path, tmp_path: Path) -> None:
    feed = rss([
        ("New", "https://jane.example.org/new/", "Sat, 01 Mar 2025 09:00:00 +0000", VOLCANO),
        ("Old", "https://jane.example.org/old/", "Fri, 28 Feb 2025 23:00:00 +0000", CILIUM),
    ])  # fmt: skip
    local = write_file(tmp_path / "feed.xml", feed)
    result = ok(cli("ingest", local, "--since", "2025-03-01"))
    assert "1 post(s) added" in result.stderr
    assert names(listed()) == ["Volcano"]
    fails_cleanly(cli("ingest", local, "--since", "March"), 2)


def test_entries_to_fetch_are_refused_offline_the_others_ingest(
    web: WebServer, db: Path, tmp_path: Path
) -> None:
    feed = rss([
        ("In full", "https://jane.example.org/full/", "Sat, 01 Mar 2025 09:00:00 +0000", VOLCANO),
        ("Link only", web.url("/link-only/"), "Sat, 01 Mar 2025 09:00:00 +0000", None),
    ])  # fmt: skip
    local = write_file(tmp_path / "feed.rss", feed)
    result = cli("ingest", "--offline", local)
    one_error_naming(result, web.url("/link-only/"), "offline")
    assert names(listed()) == ["Volcano"]
    assert web.requests == []


def test_an_entry_whose_page_fails_is_one_error(web: WebServer, db: Path) -> None:
    feed = atom([("Gone", web.url("/gone/"), "2025-05-02T08:00:00Z")])
    url = web.add("/feed", feed, "application/xml")
    one_error_naming(cli("ingest", url), web.url("/gone/"), "HTTP 404")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel>'
         "<item><title>&a;</title></item></channel></rss>", ["entities"]),
        ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         "<rss><channel><item><title>&x;</title></item></channel></rss>", ["entities"]),
        ("<rss><channel><item><title>unclosed</channel></rss>", ["well-formed"]),
    ],
)  # fmt: skip
def test_a_hostile_or_broken_feed_is_refused(
    db: Path, tmp_path: Path, body: str, words: list[str]
) -> None:
    feed = write_file(tmp_path / "bad.xml", body)
    one_error_naming(cli("ingest", feed), feed, *words)
    assert not db.exists()


def test_atom_xhtml_content_and_rss_1_dates() -> None:
    body = render("We adopt [Kueue](https://kueue.sigs.k8s.io/) for batch.")
    entry = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>X</title>'
        '<link href="/x/"/><published>2025-01-02T00:00:00+01:00</published>'
        f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'
        "</content></entry></feed>"
    )
    (parsed,) = parse_feed("f", entry.encode(), "https://blog.example.org/feed.xml")
    assert parsed.link == "https://blog.example.org/x/"
    assert parsed.date == "2025-01-02"
    assert parsed.content is not None and 'href="https://kueue.sigs.k8s.io/"' in parsed.content
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<item><title>Y</title><link>https://b.example.org/y</link>"
        "<dc:date>2024-12-31T10:00:00Z</dc:date></item></rdf:RDF>"
    )
    (item,) = parse_feed("f", rdf.encode())
    assert (item.title, item.link, item.date, item.content) == (
        "Y", "https://b.example.org/y", "2024-12-31", None
    )  # fmt: skip
