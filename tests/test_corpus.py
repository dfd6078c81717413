"""The extraction corpus: trip reports nobody tuned the rules on, with expected results.

The bundled rules come from conftest.py's session-scoped `rules` fixture, loaded once: the
property tests must not reload every rule file in every example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubefollow.extract.blocks import parse_blocks
from kubefollow.extract.findings import extract_post, find_projects
from kubefollow.extract.posts import RawPost, read_post
from kubefollow.rules.loading import Rules

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(FIXTURES.glob("*.expected.json"))


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("expected_file", CASES, ids=lambda p: p.name.split(".")[0])
def test_fixture_gives_exactly_its_expected_items(expected_file: Path, rules: Rules) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    post_file = expected_file.with_name(expected_file.name.replace(".expected.json", ".md"))
    post = extract_post(read_post(str(post_file)), rules)

    assert post.title == expected["title"]
    assert post.date == expected["date"]
    got = [(f.name, f.url, f.theme, f.action) for f in post.findings]
    want = [(i["name"], i["url"], i["theme"], i["action"]) for i in expected["items"]]
    assert got == want
    for finding, item in zip(post.findings, expected["items"], strict=True):
        assert set(item["themes_include"]) <= set(finding.themes), finding.name
        assert finding.themes[0] == finding.theme


def _raw(text: str) -> RawPost:
    return RawPost("/tmp/generated.md", text, "0" * 64)


def test_one_project_behind_homepage_docs_and_repository(rules: Rules) -> None:
    text = (
        "# Notes\n\nObservability first: [OpenTelemetry](https://opentelemetry.io/) everywhere.\n\n"
        "Its [community repo](https://github.com/open-telemetry/community) and the "
        "[OpenTelemetry docs](https://opentelemetry.io/docs/concepts/) are good.\n"
    )
    findings = extract_post(_raw(text), rules).findings
    assert [f.name for f in findings] == ["OpenTelemetry"]
    assert len(findings[0].mentions) == 2


def test_another_repository_of_a_projects_organisation_is_its_own_item(rules: Rules) -> None:
    """github.com/open-telemetry/* is OpenTelemetry's organisation, but its collector's
    repository is another tool: an item of its own, named by its repository."""
    text = (
        "# Notes\n\nWe run the [collector](https://github.com/open-telemetry/"
        "opentelemetry-collector) beside [OpenTelemetry](https://opentelemetry.io/).\n"
    )
    findings = extract_post(_raw(text), rules).findings
    assert [f.name for f in findings] == ["opentelemetry-collector", "OpenTelemetry"]


def test_store_holds_one_item_per_project_with_every_source(tmp_path: Path) -> None:
    first = tmp_path / "first.md"
    first.write_text(
        "---\ntitle: First\ndate: 2025-04-01\n---\n\nObservability: [OpenTelemetry]"
        "(https://opentelemetry.io/) and [Jaeger](https://www.jaegertracing.io/).\n"
    )
    second = tmp_path / "second.md"
    second.write_text(
        '+++\ntitle = "Second"\ndate = 2025-11-14\n+++\n\nTracing with the '
        "[community](https://github.com/open-telemetry/community?utm_source=x).\n"
    )
    db = tmp_path / "kf.db"
    assert cli("ingest", str(first), str(second), db=db).exit_code == 0
    result = cli("list", "--format", "json", db=db)
    items = {i["name"]: i for i in json.loads(result.stdout)}
    assert sorted(items) == ["Jaeger", "OpenTelemetry"]
    assert [s["title"] for s in items["OpenTelemetry"]["sources"]] == ["First", "Second"]
    assert [s["date"] for s in items["OpenTelemetry"]["sources"]] == ["2025-04-01", "2025-11-14"]


MARKDOWNISH = st.lists(
    st.sampled_from([*"ab [](){}<>`*_#-+!|\n\t:/.\"'~=&", "http://x.io", "---", "](https://y.io)"]),
    max_size=120,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=300), MARKDOWNISH))
def test_extraction_never_raises_on_arbitrary_text(rules: Rules, text: str) -> None:
    blocks = parse_blocks(text, "title")
    for finding in find_projects(blocks, rules):
        assert finding.url.startswith(("http://", "https://"))


@settings(max_examples=150, deadline=None)
@given(
    before=st.text(alphabet="ab .\n", max_size=40),
    name=st.text(alphabet="abcdefgh", min_size=1, max_size=10),
    fence=st.sampled_from(["`{}`", "```\n{}\n```", "    {}", "<!-- {} -->", "``` {} ```"]),
)
def test_no_link_from_inside_code_or_comments(
    rules: Rules, before: str, name: str, fence: str
) -> None:
    link = f"[{name}](https://{name}.dev/)"
    text = f"{before}\n\n{fence.format(link)}\n"
    findings = find_projects(parse_blocks(text, None), rules)
    assert findings == []
