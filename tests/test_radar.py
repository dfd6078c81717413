"""`kubefollow radar`: rings by status then action (data/radar.toml, which the user's
radar.toml overrides), quadrants by theme, list's filters; plain text when piped, a Rich
drawing on a terminal that fits 80 columns and stays readable at 60. And maturity: in
`list --format json`, `show` and `list --maturity`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import BUNDLED_NAMES, cli, error_lines, fails_cleanly, listed, ok, write_file
from rich.cells import cell_len

from kubefollow.items import Item
from kubefollow.output.radar_terminal import radar_rich, radar_text
from kubefollow.output.terminal import Terminal
from kubefollow.paths import user_data_dir
from kubefollow.records import Blip, Quadrant, Radar, Ring

RING_LINE = re.compile(r"^  (\S.*)$")
BLIP_LINE = re.compile(r"^\s+(\d+)  (.+?)(?:  \[(.*)\])?$")


def parse_text(text: str) -> dict[str, tuple[str, str, str]]:
    """Piped radar -> {name: (quadrant, ring, tags)}; names seen twice fail."""
    out: dict[str, tuple[str, str, str]] = {}
    quadrant = ring = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("("):
            continue
        if not line.startswith(" "):
            quadrant = line
        elif m := BLIP_LINE.match(line):
            name = m.group(2)
            assert name not in out, f"{name} twice"
            out[name] = (quadrant, ring, m.group(3) or "")
        elif m := RING_LINE.match(line):
            ring = m.group(1)
    return out


def radar_of(*args: str) -> dict[str, tuple[str, str, str]]:
    return parse_text(ok(cli("radar", *args)).stdout)


def test_the_bundled_post_as_a_radar(bundled_store: Path) -> None:
    ok(cli("done", "kueue"))
    ok(cli("drop", "edera"))
    ok(cli("start", "jobset"))
    shown = radar_of()
    assert sorted(shown) == sorted(BUNDLED_NAMES)  # every item, once
    ring = {name: where[1] for name, where in shown.items()}
    assert ring["Kueue"] == "Adopt"  # done
    assert ring["Edera"] == "Hold"  # dropped
    assert ring["JobSet"] == "Trial"  # doing
    assert ring["Karpenter"] == ring["OpenTelemetry"] == "Adopt"  # action adopt
    assert ring["Gateway API"] == "Trial"  # action evaluate
    assert ring["CHPs"] == "Assess"  # action read
    assert ring["kjob"] == "Assess"  # no action
    quadrant = {name: where[0] for name, where in shown.items()}
    assert quadrant["Kueue"] == "Batch" and quadrant["kcp"] == "Multi-cluster"
    assert quadrant["Karpenter"] == "Platform engineering"
    # markers: one post, so everything is new; the catalog's maturity
    assert all("new" in where[2] for where in shown.values())
    assert "CNCF sandbox" in shown["kcp"][2] and "CNCF" not in shown["Kueue"][2]


def test_the_radar_takes_lists_filters(bundled_store: Path, na_post: Path) -> None:
    ok(cli("ingest", na_post))
    ok(cli("done", "kueue"))
    assert set(radar_of("--theme", "batch")) == {"Kueue", "JobSet", "kjob", "Volcano"}
    assert set(radar_of("--status", "done")) == {"Kueue"}
    assert set(radar_of("--source", "NA 2025")) == {"Volcano", "Cilium"}
    assert set(radar_of("--maturity", "sandbox")) == {"kcp"}
    # the newest post's items are the new ones
    shown = radar_of()
    assert "new" in shown["Volcano"][2] and "new" not in shown["Kueue"][2]


def test_quadrants_the_most_common_themes_and_the_rest_under_other(
    bundled_store: Path, na_post: Path
) -> None:
    ok(cli("ingest", na_post))
    ok(cli("add", "Falco Thing", "--url", "https://falco.example.org/", "--theme", "security"))
    themes = {i["theme"] for i in listed()}
    assert len(themes) == 5
    quadrants = {where[0] for where in radar_of().values()}
    assert len(quadrants) == 4 and "Other" in quadrants
    chosen = radar_of("--quadrant", "security", "--quadrant", "batch")
    assert chosen["Falco Thing"][0] == "Security" and chosen["Kueue"][0] == "Batch"
    assert chosen["kcp"][0] == "Other"
    four = radar_of(*[a for t in ("security", "batch", "networking", "multi-cluster")
                      for a in ("-q", t)])  # fmt: skip
    assert "Karpenter" not in four  # four themes chosen: the rest is left off
    result = fails_cleanly(cli("radar", *[a for t in sorted(themes) for a in ("-q", t)]), 2)
    assert "four quadrants" in result.stderr or "quadrants" in result.stderr
    fails_cleanly(cli("radar", "--quadrant", "no-such-theme"), 2)


def test_rated_only_and_a_user_radar_toml(bundled_store: Path) -> None:
    ok(cli("done", "kueue"))
    rated = radar_of("--rated-only")
    assert "kjob" not in rated and "Kueue" in rated and "CHPs" in rated
    write_file(
        user_data_dir() / "radar.toml",
        '[action]\nnone = ""\nread = "hold"\n[rings.hold]\nname = "Parked"\n',
    )
    shown = radar_of()
    assert "kjob" not in shown and shown["CHPs"][1] == "Parked"
    assert shown["Karpenter"][1] == "Adopt"  # the bundled rules still apply
    empty = ok(cli("radar", "--theme", "multi-cluster", "--status", "todo"))
    assert "Sveltos" not in empty.stdout
    write_file(
        user_data_dir() / "radar.toml",
        '[quadrants]\nthemes = ["batch"]\nother = "Everything else"\n',
    )
    fixed = radar_of()
    assert fixed["Kueue"][0] == "Batch" and fixed["kcp"][0] == fixed["CHPs"][0] == "Everything else"


def test_a_bad_user_radar_toml_is_one_clear_error(bundled_store: Path) -> None:
    path = write_file(user_data_dir() / "radar.toml", '[action]\nwatch = "nowhere"\n')
    result = fails_cleanly(cli("radar"), 2)
    (line,) = error_lines(result)
    assert str(path) in line and "nowhere" in line
    write_file(path, '[rings.adopt]\ncolor = "red; background: url(https://x.org/)"\n')
    (line,) = error_lines(fails_cleanly(cli("export", "--format", "html"), 2))
    assert "rings.adopt" in line and "color" in line
    write_file(path, "[action\n")
    (line,) = error_lines(fails_cleanly(cli("radar"), 2))
    assert "radar.toml" in line


def test_an_empty_store_says_so(invoke: object) -> None:
    result = ok(cli("radar"))
    assert result.stdout == "" and "No items" in result.stderr


def _radar(names: list[str]) -> Radar:
    rings = (Ring("adopt", "Adopt", "#5ba300"), Ring("hold", "Hold", "not a colour"))
    quadrants = (Quadrant("a", "[bold]Quad[/bold]", ("a",)), Quadrant("b", "B", ("b",)))
    blips = tuple(
        Blip(n + 1, Item(n + 1, name=name, status="todo"), "ab"[n % 2], ("adopt", "hold")[n % 2],
             n % 3 == 0, ())
        for n, name in enumerate(names)
    )  # fmt: skip
    return Radar(rings, quadrants, blips, 0, {})


def test_the_terminal_drawing_fits_and_escapes_markup() -> None:
    names = ["[red]Marked[/red] up", "A very long project name that goes on and on", "x\x1b[31m"]
    names += [f"Proj{n}" for n in range(40)]
    radar = _radar(names)
    for width in (80, 60):
        for color in (True, False):
            drawn = radar_rich(radar, Terminal(True, color, width))
            plain = re.sub(r"\x1b\[[0-9;]*m", "", drawn)
            assert max(cell_len(line) for line in plain.splitlines()) <= width
            assert "[red]Marked[/red] up" in plain and "[bold]Quad[/bold]" in plain
            assert "x[31m" in plain  # the escape's controls are gone, its text stays
            for n in (1, 2, 43):
                assert re.search(rf"\b{n}\b", plain)
            assert ("\x1b[" in drawn) == color
    text = radar_text(radar)
    assert "\x1b" not in text and "[red]Marked[/red] up" in text


def test_maturity_in_list_json_show_and_the_maturity_filter(bundled_store: Path) -> None:
    by_name = {i["name"]: i["maturity"] for i in listed()}
    assert by_name["kcp"] == "sandbox" and by_name["Kueue"] is None
    assert [i["name"] for i in listed("--maturity", "graduated")] == ["OpenTelemetry"]
    assert {i["name"] for i in listed("--maturity", "sandbox", "--maturity", "graduated")} == {
        "kcp", "OpenTelemetry"}  # fmt: skip
    assert len(listed("--maturity", "none")) == len(BUNDLED_NAMES) - 2
    table = ok(cli("list", "--maturity", "sandbox")).stdout
    assert "kcp" in table and "Kueue" not in table
    assert "maturity:  CNCF sandbox" in ok(cli("show", "kcp")).stdout
    assert "maturity" not in ok(cli("show", "kueue")).stdout
    fails_cleanly(cli("list", "--maturity", "mature"), 2)


def test_the_piped_radar_imports_no_heavy_module(bundled_store: Path) -> None:
    from test_startup import HEAVY, _modules_loaded_by

    loaded = _modules_loaded_by(["radar"], bundled_store)
    assert "kubefollow.core.radar" in loaded  # the command really ran
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY) == []
    # and list does not read the catalog for its maturities unless asked
    assert "kubefollow.rules.maturity" not in _modules_loaded_by(["list"], bundled_store)


def test_the_readmes_radar_svg_is_up_to_date() -> None:
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_docs_radar.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
