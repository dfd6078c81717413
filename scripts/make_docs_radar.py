#!/usr/bin/env python3
"""Regenerate docs/radar.svg, the README's radar: the bundled post ingested into a new
temporary store, exported with `kubefollow export --format radar-svg`.

    python scripts/make_docs_radar.py           # write docs/radar.svg
    python scripts/make_docs_radar.py --check   # exit 1 when docs/radar.svg is stale

tests/test_radar.py fails while it is stale."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "radar.svg"


def bundled_radar_svg() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_DATA_HOME": tmp, "KUBEFOLLOW_DB": str(Path(tmp) / "kf.db")}
        run = [sys.executable, "-m", "kubefollow"]
        subprocess.run([*run, "ingest"], env=env, check=True, capture_output=True)
        out = subprocess.run(
            [*run, "export", "--format", "radar-svg"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return out.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell whether it is stale")
    args = parser.parse_args()
    try:
        svg = bundled_radar_svg()
    except subprocess.CalledProcessError as exc:
        print(f"{' '.join(exc.cmd)} failed (is kubefollow installed for this Python?):\n"
              f"{exc.stderr.decode(errors='replace')}", file=sys.stderr)  # fmt: skip
        return 2
    current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else None
    if args.check:
        if current != svg:
            print(f"{TARGET} is stale: run python scripts/make_docs_radar.py", file=sys.stderr)
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(svg, encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
