"""Generated trip reports for the reliability tests: distinct posts, distinct made-up projects."""

from __future__ import annotations

from pathlib import Path


def project_name(post: int, link: int) -> str:
    """The name of the link-th project of the post-th post (fixed width: names never collide)."""
    return f"Genproj {post:04d} {link:02d}"


def write_posts(dir: str | Path, n: int, links_per_post: int) -> list[str]:
    """Write n posts into dir, each linking links_per_post projects no other post links.

    Returns the names of all the projects, in order. The links point at made-up repositories
    on github.com (a code host, two path segments), so each link is one project named by its
    link text and no catalog entry matches it.
    """
    out = Path(dir)
    out.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for i in range(n):
        lines = [
            "---",
            f'title: "Generated report {i:04d}"',
            f"date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "---",
            "",
            f"# Generated report {i:04d}",
            "",
        ]
        for j in range(links_per_post):
            name = project_name(i, j)
            names.append(name)
            lines.append(
                f"Day {j}: I want to evaluate [{name}](https://github.com/kf-gen-{i:04d}/"
                f"genproj-{i:04d}-{j:02d}) after the talk about batch scheduling."
            )
            lines.append("")
        (out / f"post-{i:04d}.md").write_text("\n".join(lines), encoding="utf-8")
    return names
