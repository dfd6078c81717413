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


# The same post in the markup of other blog engines (their shapes, written for the tests):
# where the post sits, and the furniture around and inside it, differ.
FURNITURE = """
<a href="https://crossplane.io/">Crossplane</a> <a href="https://linkerd.io/">Linkerd</a>
<a href="https://volcano.sh/">Volcano</a> we adopt for batch"""

TEMPLATES = {
    "wordpress": """<!DOCTYPE html><html><head><title>{title} – Jane</title></head><body>
<div id="page" class="site"><header id="masthead" class="site-header">
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/">Home</a></li><li><a href="https://cilium.io/">Cilium</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main"><article id="post-12" class="post-12 post type-post">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">Posted on <time datetime="{date}">{date}</time></div></header>
<div class="entry-content">{body}</div>
<footer class="entry-footer"><span class="tags-links"><a href="/tag/argo/" rel="tag">Argo CD</a>
</span></footer></article>
<nav class="navigation post-navigation"><a href="https://argoproj.github.io/cd/">Argo CD</a></nav>
<div id="comments" class="comments-area"><p>We adopt <a href="https://volcano.sh/">Volcano</a>
for batch, you should evaluate it.</p></div></main></div>
<aside id="secondary" class="widget-area"><section class="widget">{furniture}</section></aside>
</div><footer id="colophon" class="site-footer">Proudly powered by
<a href="https://wordpress.org/">WordPress</a></footer></div></body></html>""",
    "devto": """<!DOCTYPE html><html><head><title>{title} - DEV Community</title></head><body>
<header class="crayons-header"><a href="/">DEV</a> {furniture}</header>
<div class="crayons-layout"><aside class="crayons-layout__sidebar-left">{furniture}</aside>
<main id="main-content"><article id="article-show-container" class="crayons-card">
<header class="crayons-article__header"><h1>{title}</h1></header>
<div id="article-body" class="crayons-article__body text-styles">{body}</div></article>
<section id="comments" class="text-padding">We adopt <a href="https://cilium.io/">Cilium</a>.
</section></main><aside class="crayons-layout__sidebar-right"><h3>More from Jane</h3>
{furniture}</aside></div><footer class="crayons-footer">{furniture}</footer></body></html>""",
    "ghost": """<!DOCTYPE html><html><head><title>{title}</title></head><body>
<header id="gh-head" class="gh-head"><nav class="gh-head-menu">{furniture}</nav></header>
<main id="site-main" class="site-main"><article class="article post">
<header class="article-header gh-canvas"><h1 class="article-title">{title}</h1></header>
<section class="gh-content gh-canvas">{body}</section></article>
<section class="article-comments gh-canvas">{furniture}</section></main>
<aside class="read-more-wrap"><h2>Read more</h2>{furniture}</aside>
<footer class="gh-foot">{furniture}</footer></body></html>""",
    "docusaurus": """<!DOCTYPE html><html><head><title>{title}</title></head><body>
<nav class="navbar">{furniture}</nav><div class="main-wrapper"><main class="docMainContainer">
<div class="row"><div class="col"><article><div class="markdown"><h1>{title}</h1>{body}
</div></article><nav class="pagination-nav">{furniture}</nav></div>
<div class="col col--3"><div class="tableOfContents"><ul class="table-of-contents">
<li><a href="#section">Section</a></li></ul></div></div></div></main></div>
<footer class="footer">{furniture}</footer></body></html>""",
    "no-semantic-markup": """<html><head><title>{title}</title></head><body>
<div id="wrapper"><div id="nav">{furniture}</div><div id="content"><h1>{title}</h1>{body}</div>
<div id="sidebar">{furniture}</div><div id="footer">{furniture}</div></div></body></html>""",
}


def page_in(template: str, post: Path, title: str | None = None) -> str:
    """A Markdown post rendered into one of TEMPLATES."""
    fm = parse_front_matter(str(post), post.read_text(encoding="utf-8"))
    return TEMPLATES[template].format(
        title=html.escape(title or fm.title or ""),
        date=fm.date or "",
        body=render(fm.body),
        furniture=FURNITURE,
    )
