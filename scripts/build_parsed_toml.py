#!/usr/bin/env python3
"""Write data/parsed-toml.jsonl: every bundled rule file of data/ (*.toml) as parsed,
one JSON line each, with the sha256 of the text it was parsed from.

kubefollow reads its bundled rules from these lines: Python's TOML parser is pure Python
and parsing the bundled files cost every ingest about 0.02 s; the JSON parser reads the
same tables in a millisecond. A file whose text no longer matches its line (edited, not
regenerated) is parsed from its TOML as before, so a stale line costs time, never a
different rule; a test fails while any line is stale. Run after editing a data/*.toml:

    python scripts/build_parsed_toml.py           # rewrite data/parsed-toml.jsonl
    python scripts/build_parsed_toml.py --check   # exit 1 when it is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
OUT = DATA / "parsed-toml.jsonl"


def render(data: Path = DATA) -> str:
    lines = []
    for path in sorted(data.glob("*.toml")):
        text = path.read_bytes()
        table = tomllib.loads(text.decode("utf-8"))
        line = json.dumps(
            {"file": path.name, "sha256": hashlib.sha256(text).hexdigest(), "table": table},
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        )
        # Only what JSON gives back as it was (no dates, which TOML has and JSON has not).
        assert json.loads(line)["table"] == table, f"{path.name}: not plain JSON data"
        lines.append(line + "\n")
    return "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    fresh = render()
    if args.check:
        stale = not OUT.is_file() or OUT.read_text(encoding="utf-8") != fresh
        if stale:
            print(f"{OUT} is stale: run {Path(__file__).name}", file=sys.stderr)
        return 1 if stale else 0
    OUT.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
