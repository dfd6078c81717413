"""A catalog name followed by capitalised words names a part of the project (names.toml
[parts]), unless the words are ones that continue a sentence or a title."""

from __future__ import annotations

from kubefollow.extract.blocks import parse_blocks
from kubefollow.extract.findings import find_projects
from kubefollow.rules.loading import Rules


def names(rules: Rules, markdown: str) -> list[str]:
    return [f.name for f in find_projects(parse_blocks(markdown, None), rules)]


def test_capitalised_words_after_a_name_are_a_part(rules: Rules) -> None:
    assert "OpenTelemetry Collector" in names(
        rules, "We run the OpenTelemetry Collector on every node."
    )


def test_a_particle_after_a_name_is_no_part(rules: Rules) -> None:
    """A book title, "Prometheus Up & Running": "Up" continues the title."""
    found = names(rules, 'The book "Prometheus Up & Running" was free for attendees.')
    assert "Prometheus" in found and not any(n.startswith("Prometheus Up") for n in found)
