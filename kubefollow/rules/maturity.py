"""Each catalog project's CNCF maturity (sandbox, incubating, graduated, archived), read
from data/catalog.jsonl without building the catalog: a few milliseconds, for the commands
that show maturity (list --format json or --maturity, show, the radar)."""

from __future__ import annotations

import json
from functools import cache

MATURITIES: tuple[str, ...] = ("sandbox", "incubating", "graduated", "archived")


@cache
def maturities() -> dict[str, str]:
    """Catalog id -> maturity, for the projects that have one."""
    from kubefollow.paths import bundled_data_dir

    path = bundled_data_dir() / "catalog.jsonl"
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            if '"maturity": null' in line or not line.strip():
                continue
            entry = json.loads(line)
            if entry.get("maturity"):
                out[str(entry["id"])] = str(entry["maturity"])
    return out
