"""`export --format radar-svg|backstage-radar|byor-csv|html`: the SVG is valid XML with every
item once and no two blips overlapping; the Backstage JSON validates against a schema
written from the plugin's types (tests/backstage_tech_radar.schema.json), its timeline
newest first with `moved` as the plugin defines it; the BYOR CSV round-trips through
csv.DictReader; no name from a post ever becomes markup. And export takes list's filters."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
from helpers import BUNDLED_NAMES, as_json, cli, fails_cleanly, ok
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.items import Item
from kubefollow.output.radar_formats import backstage_document, byor_csv
from kubefollow.output.radar_html import render_html
from kubefollow.output.radar_svg import BLIP_R, render_svg
from kubefollow.records import Blip, Quadrant, Radar, Ring, Snapshot

SVG = "{http://www.w3.org/2000/svg}"
SCHEMA = json.loads((Path(__file__).parent / "backstage_tech_radar.schema.json").read_text())
RINGS = (Ring("adopt", "Adopt", "#5ba300"), Ring("trial", "Trial", "#009eb0"),
         Ring("assess", "Assess", "#c7ba00"), Ring("hold", "Hold", "#e09b96"))  # fmt: skip


def blips_of(svg: str) -> dict[str, tuple[float, float]]:
    """The SVG's blips: their <title> -> centre."""
    root = ET.fromstring(svg.encode("utf-8"))
    out = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "blip":
            continue
        title = group.find(f"{SVG}title")
        circle = group.find(f"{SVG}circle")
        assert title is not None and circle is not None and title.text
        assert title.text not in out
        out[title.text] = (float(circle.get("cx", 0)), float(circle.get("cy", 0)))
    return out


def assert_apart(centres: list[tuple[float, float]]) -> None:
    for (x1, y1), (x2, y2) in itertools.combinations(centres, 2):
        assert math.hypot(x1 - x2, y1 - y2) >= 2 * BLIP_R, ((x1, y1), (x2, y2))


def test_svg_every_item_once_no_overlap_links(bundled_store: Path) -> None:
    svg = ok(cli("export", "--format", "radar-svg")).stdout
    blips = blips_of(svg)
    assert len(blips) == len(BUNDLED_NAMES)
    for name in BUNDLED_NAMES:
        assert sum(title.split(". ", 1)[1].startswith(name + " (") for title in blips) == 1, name
    assert_apart(list(blips.values()))
    root = ET.fromstring(svg.encode("utf-8"))
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert len(links) == len(BUNDLED_NAMES) and all(h and h.startswith("https://") for h in links)
    assert not list(root.iter(f"{SVG}script")) and "<image" not in svg and "@import" not in svg
    legend = [t.text or "" for t in root.iter(f"{SVG}text")]
    for name in BUNDLED_NAMES:
        assert sum(t.split(". ", 1)[-1].split(" (")[0] == name for t in legend) == 1, name


def _one_cell_radar(count: int) -> Radar:
    quadrants = (Quadrant("a", "A", ("a",)), Quadrant("b", "B", ("b",)))
    blips = tuple(
        Blip(n + 1, Item(n + 1, name=f"P{n}"), "a" if n < count - 3 else "b",
             "adopt" if n % 7 else "hold", False, ())
        for n in range(count)
    )  # fmt: skip
    return Radar(RINGS, quadrants, blips, 0, {})


def test_many_blips_in_one_cell_still_do_not_overlap() -> None:
    radar = _one_cell_radar(400)  # most of them in the innermost ring of one quadrant
    blips = blips_of(render_svg(radar))
    assert len(blips) == 400
    assert_apart(list(blips.values()))


def test_backstage_json_validates_and_moves_as_the_plugin_says(bundled_store: Path) -> None:
    ok(cli("done", "kueue"))  # assess -> adopt: up
    ok(cli("drop", "edera"))  # watch (assess) -> hold: down
    ok(cli("start", "karpenter"))  # adopt verdict -> doing (trial): down
    data = as_json(cli("export", "--format", "backstage-radar"))
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    assert [r["id"] for r in data["rings"]] == ["adopt", "trial", "assess", "hold"]
    quadrants = {q["id"] for q in data["quadrants"]}
    entries = {e["title"]: e for e in data["entries"]}
    assert sorted(entries) == sorted(BUNDLED_NAMES)
    assert all(e["quadrant"] in quadrants for e in entries.values())
    assert len({e["id"] for e in entries.values()}) == len(entries)

    def steps(name: str) -> list[tuple[str, int]]:
        return [(s["ringId"], s["moved"]) for s in entries[name]["timeline"]]

    assert steps("Kueue") == [("adopt", 1), ("assess", 0)]  # newest first
    assert steps("Edera") == [("hold", -1), ("assess", 0)]
    assert steps("Karpenter") == [("trial", -1), ("adopt", 0)]
    assert steps("kjob") == [("assess", 0)]
    ok(cli("undo"))  # karpenter back to todo: the undone change leaves the timeline
    assert steps_after_undo() == [("adopt", 0)]


def steps_after_undo() -> list[tuple[str, int]]:
    data = as_json(cli("export", "--format", "backstage-radar"))
    (entry,) = [e for e in data["entries"] if e["title"] == "Karpenter"]
    return [(s["ringId"], s["moved"]) for s in entry["timeline"]]


def test_byor_csv_round_trips(bundled_store: Path, na_post: Path) -> None:
    ok(cli("ingest", na_post))
    text = ok(cli("export", "--format", "byor-csv")).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["name", "ring", "quadrant", "isNew", "description"]
    by_name = {r["name"]: r for r in rows}
    assert sorted(by_name) == sorted([*BUNDLED_NAMES, "Volcano", "Cilium"])
    assert by_name["Volcano"]["isNew"] == "TRUE" and by_name["Kueue"]["isNew"] == "FALSE"
    assert by_name["Karpenter"]["ring"] == "Adopt" and by_name["kjob"]["ring"] == "Assess"
    assert by_name["Volcano"]["quadrant"] == "Batch"
    assert 'href="https://karpenter.sh/"' in by_name["Karpenter"]["description"]


def test_export_takes_lists_filters(bundled_store: Path) -> None:
    ok(cli("done", "kueue"))
    data = as_json(cli("export", "--format", "json", "--theme", "batch"))
    assert {i["name"] for i in data["items"]} == {"Kueue", "JobSet", "kjob"}
    rows = list(
        csv.DictReader(io.StringIO(ok(cli("export", "--format", "csv", "-s", "done")).stdout))
    )
    assert [r["name"] for r in rows] == ["Kueue"]
    md = ok(cli("export", "--format", "markdown", "--maturity", "sandbox")).stdout
    assert "kcp" in md and "Kueue" not in md
    svg = ok(
        cli("export", "--format", "radar-svg", "--source", "EU 2025", "--theme", "batch")
    ).stdout
    assert len(blips_of(svg)) == 3
    assert len(as_json(cli("export"))["items"]) == len(BUNDLED_NAMES)  # no filter: all
    fails_cleanly(cli("export", "--format", "html", "--theme", "nope"), 2)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "section",
             "svg", "rect", "path", "circle", "line", "text", "g", "a", "table", "tr", "th",
             "td", "span", "ul", "li", "blockquote"}  # fmt: skip


def _radar_named(names: list[str], urls: list[str]) -> Radar:
    quadrants = (Quadrant("q", names[0] if names else "Q", ("q",)),)
    blips = tuple(
        Blip(n + 1, Item(n + 1, name=name, url=url, status="todo", quote=name, theme="q"),
             "q", "trial", True, (Snapshot("trial", "2025-01-01", 0, name),), (name,))
        for n, (name, url) in enumerate(zip(names, urls, strict=False))
    )  # fmt: skip
    return Radar(RINGS, quadrants, blips, 0, {"q": names[0] if names else "Q"})


names_strategy = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(
        ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "]]>&amp;", "[b]x[/b]"])),
    min_size=1, max_size=5,
)  # fmt: skip
urls_strategy = st.lists(
    st.one_of(st.text(max_size=30), st.sampled_from(
        ["javascript:alert(1)", 'https://x.org/"onmouseover="a', "https://ok.example/"])),
    min_size=5, max_size=5,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(names=names_strategy, urls=urls_strategy)
def test_any_name_or_url_never_becomes_markup(names: list[str], urls: list[str]) -> None:
    radar = _radar_named(names, urls)
    svg = render_svg(radar)
    root = ET.fromstring(svg.encode("utf-8"))  # valid XML, whatever the names
    assert {el.tag.removeprefix(SVG) for el in root.iter()} <= SAFE_TAGS
    for a in root.iter(f"{SVG}a"):
        assert (a.get("href") or "").startswith(("http://", "https://"))
    page = Tags()
    page.feed(render_html(radar))
    assert {tag for tag, _ in page.tags} <= SAFE_TAGS
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k, _ in attrs), (tag, attrs)
        if tag == "a":
            assert (dict(attrs).get("href") or "").startswith(("http://", "https://"))
    document: Any = backstage_document(radar)
    jsonschema.validate(document, SCHEMA)
    for row in csv.DictReader(io.StringIO(byor_csv(radar))):
        assert "<" not in row["name"] and ">" not in row["name"]
        parsed = Tags()
        parsed.feed(row["description"])
        assert {tag for tag, _ in parsed.tags} <= {"a"}
