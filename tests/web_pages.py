"""HTML pages and feeds written for the tests: a blog template whose navigation, sidebar,
comments and footer are full of links to projects that must not become items."""

from __future__ import annotations

import html
from pathlib import Path

from markdown_it import MarkdownIt

from kubefollow.extract.blocks import _SHORTCODE
from kubefollow.extract.posts import parse_front_matter

# Projects in the page's furniture: none is in the bundled post or any fixture's items.
FURNITURE_NAMES = ("Volcano", "Cilium", "Argo CD", "Linkerd", "Hugo", "Netlify", "Crossplane")

BLOG = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Jane's cloud notes</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}">
{head}
</head><body>
<header class="site-header"><nav class="menu">
  <a href="/">Home</a> <a href="/tags/">Tags</a> <a href="/about/">About</a>
  <a href="https://github.com/janedoe">GitHub</a>
  <a href="https://crossplane.io/">Crossplane</a> <a href="https://linkerd.io/">Linkerd</a>
</nav></header>
<main><article class="post">
<h1>{title}</h1>
<p class="meta">Posted on <time datetime="{date}">{date}</time> by Jane Doe</p>
{body}
</article>
<section id="comments" class="comments"><h3>3 comments</h3>
  <div class="comment"><p>Great write-up! We adopt <a href="https://volcano.sh/">Volcano</a>
  for batch jobs, you should evaluate it.</p></div>
  <div class="comment"><p>Have you tried <a href="https://cilium.io/">Cilium</a>?</p></div>
</section>
</main>
<aside class="sidebar"><h4>Recent posts</h4><ul>
  <li><a href="/posts/argo/">Why we moved to Argo CD</a></li>
  <li><a href="https://argoproj.github.io/cd/">Argo CD</a> is worth a read</li>
  <li><a href="https://cilium.io/">Cilium</a> networking notes</li>
</ul></aside>
<footer class="site-footer"><p>Built with <a href="https://gohugo.io/">Hugo</a>, hosted on
<a href="https://www.netlify.com/">Netlify</a>. Follow me on <a href="https://x.com/jane">X</a>.
&copy; 2025 Jane Doe</p></footer>
</body></html>
"""

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def render(markdown: str) -> str:
    """Markdown as Hugo would render it: shortcodes run (blanked here), the rest HTML."""
    return _MARKDOWN.render(_SHORTCODE.sub(" ", markdown))


def blog_page(title: str, body_html: str, date: str = "2025-04-24", head: str = "") -> str:
    return BLOG.format(title=html.escape(title), date=date, body=body_html, head=head)


def page_of_post(post: Path, title: str | None = None, head: str = "") -> str:
    """A Markdown post rendered into the blog template (title: the post's own, by default)."""
    fm = parse_front_matter(str(post), post.read_text(encoding="utf-8"))
    return blog_page(title or fm.title or "", render(fm.body), fm.date or "", head)


def canonical(url: str) -> str:
    return f'<link rel="canonical" href="{html.escape(url)}">'
