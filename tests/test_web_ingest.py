"""Ingest of URLs against the tests' local server (web_server.py): a blog page gives the
post's items and none of its furniture; the canonical URL is the post's identity; every
failure is one line naming the URL, with nothing written. (HTML extraction itself:
test_html_extract.py; feeds: test_feeds.py.)"""

from __future__ import annotations

import gzip
import os
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import BUNDLED
from helpers import (
    BUNDLED_NAMES,
    cli,
    error_lines,
    items_by_name,
    listed,
    names,
    ok,
    one_error_naming,
    snapshot,
    sql,
    write_file,
)
from web_pages import FURNITURE_NAMES, blog_page, canonical, page_of_post
from web_server import WebServer, closed_port, endless, slow

from kubefollow import __version__

POST_PATH = "/posts/kubecon-eu-2025/"


def serve_bundled(web: WebServer, path: str = POST_PATH, head: str = "") -> str:
    return web.add(path, page_of_post(BUNDLED, head=head))


def test_a_blog_page_gives_the_posts_items_and_none_of_its_furniture(
    web: WebServer, db: Path
) -> None:
    url = serve_bundled(web)
    result = ok(cli("ingest", url))
    assert "1 post(s) added" in result.stderr and "12 new item(s)" in result.stderr
    rows = listed()
    assert names(rows) == BUNDLED_NAMES
    assert not set(FURNITURE_NAMES) & set(names(rows))
    source = rows[0]["sources"][0]
    assert source == {"title": "KubeCon EU 2025", "path": url, "date": "2025-04-24"}
    by_name = items_by_name()
    assert by_name["Kueue"]["theme"] == "batch"
    assert by_name["Karpenter"]["action"] == "adopt"
    assert by_name["CHPs"]["action"] == "read"
    (_, headers), *_ = web.requests
    assert headers["User-Agent"] == f"kubefollow/{__version__}"


def test_same_url_again_is_unchanged_and_a_changed_page_is_updated(
    web: WebServer, db: Path
) -> None:
    url = serve_bundled(web)
    ok(cli("ingest", url))
    ok(cli("done", "kueue"))
    assert "1 unchanged" in ok(cli("ingest", url)).stderr
    # Only the furniture changes (a new comment, sidebar): still the same post content.
    page = page_of_post(BUNDLED).replace("3 comments", "4 comments")
    web.add(POST_PATH, page.replace("Recent posts", "Latest posts"))
    assert "1 unchanged" in ok(cli("ingest", url)).stderr
    web.add(POST_PATH, page.replace("</article>", "<p>Also see <a href=\"https://volcano.sh/\">"
                                    "Volcano</a> for batch.</p></article>"))  # fmt: skip
    again = ok(cli("ingest", url))
    assert "1 updated" in again.stderr
    assert names(listed()) == [*BUNDLED_NAMES, "Volcano"]
    assert items_by_name()["Kueue"]["status"] == "done"
    assert sql(db, "SELECT count(*) FROM posts") == [(1,)]


def test_identity_is_the_canonical_url_less_tracking_parameters(web: WebServer, db: Path) -> None:
    home = "https://blog.example.org/posts/kubecon-eu-2025/"
    serve_bundled(web, "/p", head=canonical(home + "?utm_source=rss&fbclid=abc#top"))
    old = web.redirect("/2025/04/kubecon", web.url("/p?utm_medium=social"))
    ok(cli("ingest", old + "?gclid=1"))
    assert listed()[0]["sources"][0]["path"] == home
    # The same page under another address: the same post.
    serve_bundled(web, "/amp/", head=canonical(home))
    assert "1 unchanged" in ok(cli("ingest", web.url("/amp/"))).stderr


def test_without_canonical_the_final_url_after_redirects_is_the_identity(
    web: WebServer, db: Path
) -> None:
    serve_bundled(web, "/final")
    first = web.redirect("/r1", "/r2")
    web.redirect("/r2", "/final?utm_campaign=x")
    ok(cli("ingest", first))
    assert listed()[0]["sources"][0]["path"] == web.url("/final")
    assert "1 unchanged" in ok(cli("ingest", web.url("/final"))).stderr


def test_a_markdown_file_naming_the_canonical_url_is_the_same_post(
    web: WebServer, db: Path, tmp_path: Path
) -> None:
    url = serve_bundled(web)
    ok(cli("ingest", url))
    text = BUNDLED.read_text(encoding="utf-8")
    copy = write_file(
        tmp_path / "post.md", text.replace("---\n", f"---\ncanonical_url: {url}\n", 1)
    )
    assert "1 updated" in ok(cli("ingest", copy)).stderr
    assert sql(db, "SELECT path FROM posts") == [(url,)]
    other = write_file(
        tmp_path / "other.md", text.replace("---\n", f"---\noriginal_url: {url}\n", 1)
    )
    assert "1 updated" in ok(cli("ingest", other)).stderr  # other bytes, the same post
    assert sql(db, "SELECT path FROM posts") == [(url,)]
    assert len(listed()) == 12


def test_a_post_stored_under_its_file_moves_to_the_url_its_front_matter_gives(
    db: Path, post_copy: Path
) -> None:
    ok(cli("ingest", post_copy))
    text = post_copy.read_text(encoding="utf-8")
    url = "https://blog.example.org/posts/kubecon-eu-2025/"
    post_copy.write_text(text.replace("---", f"---\noriginal_url: {url}?utm_source=x", 1))
    assert "1 updated" in ok(cli("ingest", post_copy)).stderr
    assert sql(db, "SELECT path FROM posts") == [(url,)]
    assert [s["path"] for s in listed()[0]["sources"]] == [url]
    ok(cli("undo"))
    assert sql(db, "SELECT path FROM posts") == [(str(post_copy.resolve()),)]
    # Stored under its file with this very content (by a kubefollow before web ingest):
    # unchanged, but moved to its address all the same.
    ok(cli("ingest", post_copy))
    sql(db, "UPDATE posts SET path = ?", (str(post_copy.resolve()),))
    assert "moved here" in ok(cli("ingest", post_copy)).stderr
    assert sql(db, "SELECT path FROM posts") == [(url,)]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/raw/post.md", "text/markdown; charset=utf-8"), ("/raw/post.md", "text/plain")],
)
def test_a_url_serving_markdown_goes_through_the_markdown_path(
    web: WebServer, db: Path, path: str, content_type: str
) -> None:
    url = web.add(path, BUNDLED.read_bytes(), content_type)
    ok(cli("ingest", url))
    rows = listed()
    assert names(rows) == BUNDLED_NAMES
    assert rows[0]["sources"][0] == {"title": "KubeCon EU 2025", "path": url, "date": "2025-04-24"}


def test_gzip_and_a_local_html_file(web: WebServer, db: Path, tmp_path: Path) -> None:
    page = page_of_post(BUNDLED)
    url = web.add("/gz", gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})
    ok(cli("ingest", "--dry-run", url))
    local = write_file(tmp_path / "saved page.html", page)
    ok(cli("ingest", local))
    rows = listed()
    assert names(rows) == BUNDLED_NAMES
    assert rows[0]["sources"][0]["path"] == str(local.resolve())


def test_a_missing_html_file_or_feed_file_is_one_error(db: Path, tmp_path: Path) -> None:
    for name in ("gone.html", "gone.xml"):
        one_error_naming(cli("ingest", tmp_path / name), tmp_path / name, "no such file")
    assert not db.exists()


def _binary_nul(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    h.wfile.write(b"<html>\x00\x01\x02\x89PNG\x00")


FAILURES = {
    # name: (route, ingest options, words the error line must have)
    "404": (lambda w: w.add("/gone", "nope", status=404), [], [r"HTTP 404"]),
    "500": (lambda w: w.add("/boom", "oops", status=500), [], [r"HTTP 500"]),
    "304": (lambda w: w.add("/same", "", status=304), [], [r"HTTP 304"]),
    "image": (lambda w: w.add("/img", b"\x89PNG\r\n", "image/png"), [], ["image/png"]),
    "binary": (lambda w: w.handle("/bin", _binary_nul), [], ["binary"]),
    "endless": (lambda w: w.handle("/endless", endless), ["--max-size", "100000"],
                ["limit", r"100,000"]),
    "too-long": (lambda w: w.add("/big", "x" * 5000), ["--max-size", "1000"], ["limit"]),
    "gzip-bomb": (lambda w: w.add("/bomb", gzip.compress(b"<p>" + b"a" * 3_000_000),
                                  headers={"Content-Encoding": "gzip"}),
                  ["--max-size", "100000"], ["limit"]),
    "slow": (lambda w: w.handle("/slow", slow(3)), ["--timeout", "0.3"], ["timed out", "0.3"]),
    "loop": (lambda w: w.redirect("/loop", "/loop"), [], ["redirects"]),
    "refused": (lambda w: f"http://127.0.0.1:{closed_port()}/post", [], ["refused"]),
    "dns": (lambda w: "http://trip-report.invalid/post", [], ["DNS"]),
    "tls": (lambda w: w.add("/plain", "x").replace("http:", "https:"), [], ["TLS"]),
    "offline": (lambda w: w.add("/fine", page_of_post(BUNDLED)), ["--offline"], ["offline"]),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_a_failing_url_is_one_line_naming_it_and_nothing_is_written(
    web: WebServer, db: Path, case: str
) -> None:
    route, options, words = FAILURES[case]
    url = route(web)
    one_error_naming(cli("ingest", *options, url), url, *words)
    assert not db.exists()  # not even an empty store


def test_urls_are_fetched_before_the_store_is_opened(
    web: WebServer, db: Path, na_post: Path
) -> None:
    seen: list[bool] = []
    page = page_of_post(BUNDLED).encode()

    def serve(h: BaseHTTPRequestHandler) -> None:
        seen.append(db.exists())
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(page)))
        h.end_headers()
        h.wfile.write(page)

    ok(cli("ingest", na_post, web.handle("/post", serve)))  # the file comes first
    assert seen == [False]
    assert names(listed()) == ["Volcano", "Cilium", *BUNDLED_NAMES]


def test_six_redirects_are_too_many_five_are_not(web: WebServer, db: Path) -> None:
    serve_bundled(web, "/end")
    for i in range(6):
        web.redirect(f"/hop{i}", f"/hop{i + 1}" if i < 5 else "/end")
    ok(cli("ingest", "--dry-run", web.url("/hop1")))  # five redirects
    one_error_naming(cli("ingest", web.url("/hop0")), web.url("/hop0"), "more than 5 redirects")


def test_the_other_arguments_still_ingest(web: WebServer, db: Path, na_post: Path) -> None:
    good = serve_bundled(web)
    gone = web.add("/gone", "nope", status=404)
    result = cli("ingest", good, gone, na_post)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert gone in line and "404" in line
    assert "2 post(s) added" in result.stderr and "1 failed" in result.stderr
    assert names(listed()) == [*BUNDLED_NAMES, "Volcano", "Cilium"]


def test_a_failed_url_leaves_an_existing_store_as_it_was(
    web: WebServer, bundled_store: Path
) -> None:
    before = snapshot(bundled_store)
    url = web.add("/err", "x", status=503)
    one_error_naming(cli("ingest", url, db=bundled_store), url, "HTTP 503")
    assert snapshot(bundled_store) == before


def test_several_urls_are_fetched_in_parallel_and_reported_in_order(
    web: WebServer, db: Path
) -> None:
    urls = []
    for i in range(4):
        body = blog_page(f"Post {i}", f'<p>For batch jobs we adopt <a href="https://kueue.sigs.k8s.io/">'
                         f"Kueue</a> {i} and more words to make a paragraph.</p>" * 3)  # fmt: skip
        urls.append(web.add(f"/p{i}", body, delay=0.3))
    result = ok(cli("ingest", *urls))
    assert web.most_in_flight >= 2
    assert "4 post(s) added" in result.stderr
    posts = [row[0] for row in sql(db, "SELECT title FROM posts ORDER BY id")]
    assert posts == ["Post 0", "Post 1", "Post 2", "Post 3"]


@pytest.mark.parametrize(
    ("declared", "body"),
    [
        ("text/html; charset=utf-8", "Café in Montréal".encode("latin-1")),  # wrong label
        ("text/html; charset=iso-8859-1", "Café in Montréal".encode()),  # wrong label
        ("text/html", b'<meta charset="windows-1252">' + "Café in Montréal".encode("cp1252")),
    ],
)
def test_the_charset_is_read_from_the_header_or_page_and_survives_a_wrong_label(
    web: WebServer, db: Path, declared: str, body: bytes
) -> None:
    html = blog_page("Notes", "<p>Batch jobs: we adopt <a href='https://kueue.sigs.k8s.io/'>Kueue"
                     "</a> in a CAFE_PLACE, between two talks on batch.</p>")  # fmt: skip
    head, _, tail = html.encode().partition(b"CAFE_PLACE")
    url = web.add("/charset", head + body + tail, declared)
    ok(cli("ingest", url))
    (kueue,) = listed()
    assert "Kueue in a Café in Montréal, between" in kueue["quote"]


def test_a_terminal_shows_a_bar_while_several_urls_are_fetched(
    web: WebServer, db: Path, script: str
) -> None:
    pexpect = pytest.importorskip("pexpect")
    urls = [web.add(f"/slow{i}", page_of_post(BUNDLED), delay=0.4) for i in range(2)]
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    child = pexpect.spawn(script, ["ingest", *urls], env=env, encoding="utf-8", timeout=20)
    child.expect("fetching")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "2 post(s) added" in str(child.before)
