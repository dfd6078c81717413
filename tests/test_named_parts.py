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


def test_a_title_cased_lead_in_has_no_part(rules: Rules) -> None:
    """The words before a colon, all capitalised, are a talk's or feature's title: its
    capitals say nothing about a part ("Prometheus Alerting for Busy Teams: ...")."""
    found = names(
        rules,
        "- Prometheus Alerting for Busy Teams: the speakers showed how they route pages.\n"
        "- Advanced Cilium Networking: a deep dive into policies.",
    )
    assert "Prometheus" in found and "Cilium" in found
    assert not any(n.startswith(("Prometheus Alerting", "Cilium Networking")) for n in found)


def test_a_lead_in_of_only_the_name_and_its_part_keeps_the_part(rules: Rules) -> None:
    """ "OpenTelemetry Collector: the agent..." is the part itself, defined after a colon."""
    found = names(rules, "- OpenTelemetry Collector: the agent we now run on every node.")
    assert "OpenTelemetry Collector" in found


def test_a_lead_in_in_lower_case_keeps_the_part(rules: Rules) -> None:
    found = names(rules, "We looked at the Jaeger Query service: it was fast enough for us.")
    assert "Jaeger Query" in found


def test_a_part_named_again_without_its_project_is_the_same_part(rules: Rules) -> None:
    """ "Istio Ambient Mode", then "Ambient Mode": the author dropped the project's name,
    and "Ambient" (a catalog name of its own) does not make a second item."""
    found = names(
        rules,
        "We moved to Istio Ambient Mode this spring. Ambient Mode cut the memory of our "
        "Istio mesh by half.",
    )
    assert found.count("Istio Ambient Mode") == 1
    assert not any(n.startswith("Ambient") for n in found)
