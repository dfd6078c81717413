"""The radar for other tools: the JSON Backstage's tech-radar plugin loads (its
TechRadarLoaderResponse: quadrants, rings, entries with a timeline), and the CSV
Thoughtworks' Build Your Own Radar reads (name, ring, quadrant, isNew, description).

Both tools render part of what they read as markup (Backstage an entry's description as
Markdown, BYOR a description as HTML): text from posts is escaped for that, and links are
given only when they are http(s) URLs."""

from __future__ import annotations

from html import escape
from typing import Any

from kubefollow.output.formats import md_escape, to_csv, to_json
from kubefollow.output.radar_text import blip_tags, clean, safe_url
from kubefollow.records import Blip, Radar, Ring

BYOR_FIELDS = ("name", "ring", "quadrant", "isNew", "description")


def backstage_json(radar: Radar) -> str:
    """Compact: an entry per line would be nicer to read, but ten thousand entries through
    json's indenting (pure Python) encoder take a second."""
    return to_json(backstage_document(radar), indent=None)


def backstage_document(radar: Radar) -> dict[str, Any]:
    """TechRadarLoaderResponse. Entry ids are `item-<id>`; timeline newest first, moved as
    the plugin's MovedState (1 up toward the first ring, -1 down, 0 no change)."""
    return {
        "quadrants": [{"id": q.id, "name": clean(q.name)} for q in radar.quadrants],
        "rings": [_ring(r) for r in radar.rings],
        "entries": [_entry(blip) for blip in radar.blips],
    }


def _ring(ring: Ring) -> dict[str, str]:
    out = {"id": ring.id, "name": clean(ring.name), "color": clean(ring.color)}
    if ring.description:
        out["description"] = clean(ring.description)
    return out


def _entry(blip: Blip) -> dict[str, Any]:
    item = blip.item
    entry: dict[str, Any] = {
        "id": f"item-{item.id}",
        "key": f"item-{item.id}",
        "title": clean(item.name),
        "quadrant": blip.quadrant,
    }
    url = safe_url(item.url)
    if url:
        entry["url"] = url
        entry["links"] = [{"url": url, "title": "Link"}]
    homepage = safe_url(item.homepage)
    if homepage and homepage != url:
        entry.setdefault("links", []).append({"url": homepage, "title": "Homepage"})
    entry["description"] = _markdown_description(blip)
    entry["timeline"] = [
        {
            "ringId": s.ring,
            "date": s.date,
            "moved": s.moved,
            "description": md_escape(s.description),
        }
        for s in blip.timeline
    ]
    return entry


def _markdown_description(blip: Blip) -> str:
    item = blip.item
    facts = [f"status {item.status or 'todo'}", f"action {item.action or 'none'}"]
    tags = blip_tags(blip)
    if tags:
        facts.append(tags)
    text = md_escape(" · ".join(facts))
    if item.quote:
        text += "\n\n> " + md_escape(item.quote)
    return text


def byor_csv(radar: Radar) -> str:
    return to_csv([_byor_row(radar, b) for b in radar.blips], BYOR_FIELDS)


def _byor_row(radar: Radar, blip: Blip) -> dict[str, str]:
    item = blip.item
    parts = [escape(f"Status {item.status or 'todo'}, action {item.action or 'none'}.")]
    if blip.maturity:
        parts.append(escape(f"CNCF {blip.maturity}."))
    if item.quote:
        parts.append(f"“{escape(clean(item.quote))}”")
    url = safe_url(item.url)
    if url:
        parts.append(f'<a href="{escape(url, quote=True)}">{escape(url)}</a>')
    return {
        # BYOR shows names as they are: angle brackets become look-alikes, never a tag.
        "name": clean(item.name).replace("<", "‹").replace(">", "›"),
        "ring": clean(radar.ring_name(blip.ring)),
        "quadrant": clean(radar.quadrant_name(blip.quadrant)),
        "isNew": "TRUE" if blip.is_new else "FALSE",
        "description": " ".join(parts),
    }
