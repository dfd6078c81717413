"""The radar as one self-contained HTML file: the radar (inline SVG), progress per theme,
the items (links, rings, verdicts, notes, the quoted sentences) and the posts. Inline CSS,
no script, nothing loaded from the network (a Content-Security-Policy says so too); every
text from a post is escaped, links only when they are http(s) URLs."""

from __future__ import annotations

from collections import Counter

from kubefollow.output.radar_svg import svg_element
from kubefollow.output.radar_text import attr, blip_tags, safe_url, xml_text
from kubefollow.records import Blip, Radar
from kubefollow.text import plural

TITLE = "Technology radar"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"
STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em;
       color: #222; line-height: 1.4; }
h1, h2 { font-weight: 600; }
svg.radar { max-width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; }
.bar { background: #eee; width: 12em; height: .8em; display: inline-block; }
.bar span { background: #5ba300; height: 100%; display: block; }
.ring { display: inline-block; width: .8em; height: .8em; border-radius: 50%;
        margin-right: .3em; vertical-align: middle; }
blockquote { margin: .2em 0 .4em 0; padding-left: .6em; border-left: 3px solid #ccc;
             color: #444; }
.muted { color: #777; }
ul.notes { margin: 0; padding-left: 1.1em; }
"""


def render_html(radar: Radar, title: str = TITLE) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{xml_text(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{xml_text(title)}</h1>",
        f'<p class="muted">{plural(len(radar.blips), "item")} on the radar'
        + (f", {radar.left_out} left off (no ring takes them)" if radar.left_out else "")
        + ".</p>",
        '<section id="radar">',
        svg_element(radar, title),
        "</section>",
    ]
    out.extend(_progress(radar))
    out.extend(_items(radar))
    out.extend(_posts(radar))
    out.extend(["</body>", "</html>", ""])
    return "\n".join(out)


def _progress(radar: Radar) -> list[str]:
    totals: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for blip in radar.blips:
        theme = blip.item.theme or "other"
        totals[theme] += 1
        done[theme] += blip.item.status == "done"
    out = ['<section id="progress">', "<h2>Progress per theme</h2>", "<table>",
           "<tr><th>Theme</th><th>Done</th><th>Progress</th></tr>"]  # fmt: skip
    for theme in sorted(totals, key=lambda t: (-totals[t], t)):
        share = round(100 * done[theme] / totals[theme])
        name = radar.theme_titles.get(theme, theme)
        out.append(
            f"<tr><td>{xml_text(name)}</td><td>{done[theme]} of {totals[theme]}</td>"
            f'<td><span class="bar"><span style="width: {share}%"></span></span> {share}%</td>'
            "</tr>"
        )
    out += ["</table>", "</section>"]
    return out


def _items(radar: Radar) -> list[str]:
    out = ['<section id="items">', "<h2>Items</h2>", "<table>",
           "<tr><th>#</th><th>Name</th><th>Ring</th><th>Quadrant</th><th>Status</th>"
           "<th>Verdict</th><th>Maturity</th><th>Notes and quotes</th></tr>"]  # fmt: skip
    colors = {r.id: r.color for r in radar.rings}
    for blip in radar.blips:
        item = blip.item
        out.append(
            f'<tr id="item-{item.id}" class="item"><td>{blip.number}</td>'
            f"<td>{_name(blip)}</td>"
            f'<td><span class="ring" style="background: {attr(colors[blip.ring])}"></span>'
            f"{xml_text(radar.ring_name(blip.ring))}</td>"
            f"<td>{xml_text(radar.quadrant_name(blip.quadrant))}</td>"
            f"<td>{xml_text(item.status)}</td><td>{xml_text(item.action or '-')}</td>"
            f"<td>{xml_text(item.maturity or '-')}</td><td>{_words(blip)}</td></tr>"
        )
    out += ["</table>", "</section>"]
    return out


def _name(blip: Blip) -> str:
    name = xml_text(blip.item.name)
    url = safe_url(blip.item.url)
    linked = f'<a class="name" href="{attr(url)}">{name}</a>' if url else (
        f'<span class="name">{name}</span>')  # fmt: skip
    tags = blip_tags(blip)
    return linked + (f' <span class="muted">({xml_text(tags)})</span>' if tags else "")


def _words(blip: Blip) -> str:
    parts = []
    if blip.notes:
        notes = "".join(f"<li>{xml_text(n)}</li>" for n in blip.notes)
        parts.append(f'<ul class="notes">{notes}</ul>')
    sentences = blip.mentions or (
        ({"title": "", "date": "", "sentence": blip.item.quote},) if blip.item.quote else ()
    )
    for m in sentences:
        where = (
            f' <span class="muted">— {xml_text(m.get("title"))}</span>' if m.get("title") else ""
        )
        parts.append(f"<blockquote>{xml_text(m.get('sentence'))}{where}</blockquote>")
    return "".join(parts)


def _posts(radar: Radar) -> list[str]:
    head = "<tr><th>Post</th><th>Date</th><th>File</th><th>Items</th><th>Done</th></tr>"
    out = ['<section id="posts">', "<h2>Posts</h2>", "<table>", head]
    for post in radar.posts:
        out.append(
            f"<tr><td>{xml_text(str(post.get('title') or ''))}</td>"
            f"<td>{xml_text(str(post.get('date') or ''))}</td>"
            f"<td>{xml_text(str(post.get('path') or ''))}</td>"
            f"<td>{post.get('items', 0)}</td><td>{post.get('done', 0)}</td></tr>"
        )
    out += ["</table>", "</section>"]
    return out
