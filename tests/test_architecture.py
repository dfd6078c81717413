"""The architecture, checked by reading the imports, so that it cannot silently rot.

Arrows point one way: cli -> core -> {extract, rules, store, fetch}; cli -> output; extract
-> rules. Store, fetch and output import only the small shared leaf modules. No import cycles, lazy
imports (inside functions) included. No module over 400 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kubefollow"
LEAVES = {"errors", "vocab", "text", "paths", "items", "records", "__init__", "__main__"}
ALLOWED: dict[str, set[str]] = {
    "cli": {"cli", "core", "output"},
    "core": {"core", "extract", "rules", "store", "fetch"},
    "extract": {"extract", "rules"},
    "rules": {"rules"},
    "store": {"store"},
    "output": {"output"},
    "fetch": {"fetch"},
}
MAX_LINES = 400


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """Every kubefollow module a file imports, at the top or inside a function."""
    found: set[str] = set()
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kubefollow"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("kubefollow"):
                continue
            for alias in node.names:  # `from kubefollow.store import writes` is a module
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return found


def layer(module: str) -> str:
    """The subpackage a module belongs to, or 'leaf' for the shared top-level modules."""
    parts = module.split(".")
    if len(parts) == 1 or (len(parts) == 2 and parts[1] in LEAVES):
        return "leaf"
    return parts[1]


def test_every_module_is_in_a_known_place() -> None:
    for name in modules():
        assert layer(name) in ALLOWED or layer(name) == "leaf", name


def test_arrows_point_one_way() -> None:
    wrong = []
    for name, path in modules().items():
        source = layer(name)
        for target in imports_of(path):
            dest = layer(target)
            if dest == "leaf" or name in ("kubefollow", "kubefollow.__main__"):
                continue
            if source == "leaf" or dest not in ALLOWED[source]:
                wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = {name: imports_of(path) & set(modules()) for name, path in modules().items()}
    # A package's __init__ is imported with any of its modules; that is not a cycle.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_over_400_lines(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines: it holds two things"


def test_the_checker_sees_a_wrong_way_import(tmp_path: Path) -> None:
    """The checker itself: a store module that imports the CLI is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from kubefollow.cli import reading\n", encoding="utf-8")
    assert imports_of(bad) == {"kubefollow.cli.reading"}
    assert layer("kubefollow.store.writes") == "store"
    assert "cli" not in ALLOWED["store"]


def test_only_the_store_turns_sqlite_errors_into_the_cores() -> None:
    """SQLite's exceptions become StoreError in one place (store/connection.py's Store); the
    CLI catches only KubefollowError."""
    catching = re.compile(r"except[^:]*sqlite3\.\w*Error")
    found = [
        name
        for name, path in modules().items()
        if catching.search(path.read_text(encoding="utf-8")) and layer(name) != "store"
    ]
    assert found == []
