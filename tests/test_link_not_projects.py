"""Links that are not projects though they lead to a site of their own: a person's site
named by its owner's name, a page whose link text carries a year, a page of its owner's
links; an article whose link text only points at it; link texts that are phrases or
clauses."""

from __future__ import annotations

import pytest

from kubefollow.extract.blocks import Link
from kubefollow.extract.linked import LinkDecision, decide_link
from kubefollow.rules.loading import Rules


def decide(rules: Rules, url: str, text: str, sentence: str = "") -> LinkDecision:
    return decide_link(Link(url, text, 0, False), sentence or f"See {text}.", rules)


@pytest.mark.parametrize(
    "text", ["Emily Saunders", "Stefan Novak", "Priya Raman", "Jan Vermeer Smit"]
)
def test_a_persons_name_on_a_site_of_its_own_is_a_person(rules: Rules, text: str) -> None:
    decision = decide(rules, "https://someone-writes.example.dev/", text)
    assert decision.kind == "profile" and decision.name is None
    assert "person's name" in decision.why


@pytest.mark.parametrize(
    "text",
    [
        "Emily Operator",  # a noun after the given name: a tool's name
        "Emily",  # a given name alone may be a product
        "Emily SDK",  # capitals inside: not a surname
        "Gizmo Freeman",  # not a given name
        "Emily Freeman Barnes Lee",  # more words than a name has
    ],
)
def test_other_texts_on_a_site_of_its_own_stay_projects(rules: Rules, text: str) -> None:
    decision = decide(rules, "https://quillnet.example.dev/", text)
    assert decision.kind == "project" and decision.name is not None


def test_the_catalog_wins_over_a_persons_name(rules: Rules) -> None:
    """A project the catalog knows is never taken for a person, whatever its link text."""
    decision = decide(rules, "https://keda.sh/", "Thomas Keda")
    assert decision.kind == "project" and decision.name == "KEDA"


@pytest.mark.parametrize("text", ["Gizmotrain EU 2025", "Rejects 2024", "Widget Days 2019"])
def test_a_year_in_the_link_text_is_an_event_or_a_dated_page(rules: Rules, text: str) -> None:
    decision = decide(rules, "https://gizmotrain.example.dev/", text)
    assert decision.kind == "event" and decision.name is None


@pytest.mark.parametrize("path", ["/2022/", "/en/2022/", "/pt-br/2019/"])
def test_a_dated_path_is_a_dated_page_after_a_locale_too(rules: Rules, path: str) -> None:
    decision = decide(rules, f"https://gizmo-recipes.example.dev{path}", "Gizmo Recipes")
    assert decision.name is None and "dated path" in decision.why


def test_a_version_is_no_year(rules: Rules) -> None:
    decision = decide(rules, "https://gizmo.example.dev/", "Gizmo 1.29")
    assert decision.kind == "project"


def test_a_page_of_its_owners_links_is_a_profile(rules: Rules) -> None:
    decision = decide(rules, "https://someone.example.dev/all-links", "here")
    assert decision.kind == "profile" and decision.name is None


def test_an_article_pointed_at_is_named_from_its_address(rules: Rules) -> None:
    url = "https://writer.medium.com/why-we-moved-our-builds-to-arm-c6c3ff97de53"
    decision = decide(rules, url, "this piece", "I suggest you read this piece from Sam.")
    assert decision.kind == "article"
    assert decision.name == "why we moved our builds to arm"  # the site's id is dropped


def test_an_article_with_a_title_keeps_it(rules: Rules) -> None:
    url = "https://writer.medium.com/why-we-moved-our-builds-to-arm-c6c3ff97de53"
    text = "Why we moved our builds to Arm"
    decision = decide(rules, url, text, f"I suggest you read {text}.")
    assert decision.name == text


def test_a_slug_word_that_is_not_an_id_stays(rules: Rules) -> None:
    url = "https://writer.medium.com/notes-on-deadbeef"
    decision = decide(rules, url, "this post", "I suggest you read this post.")
    assert decision.name == "notes on deadbeef"  # letters only: a word, not an id


@pytest.mark.parametrize("text", ["other tools", "similar projects", "several options"])
def test_a_phrase_of_other_things_is_no_name(rules: Rules, text: str) -> None:
    decision = decide(rules, "https://cloud.example.dev/quarry/", text)
    assert decision.name != text


@pytest.mark.parametrize("text", ["already was possible", "support has landed", "it isn't hard"])
def test_a_link_text_that_is_a_clause_cites_a_page(rules: Rules, text: str) -> None:
    """A verb makes the link text a clause: the author cites the page for a claim, and the
    site's name is no more a project than the clause is."""
    decision = decide(rules, "https://quillnet.example.dev/tillerless-builds", text)
    assert decision.name is None
    assert "clause" in decision.name_rule


def test_a_repository_cited_by_a_clause_is_still_its_project(rules: Rules) -> None:
    decision = decide(rules, "https://github.com/quillnet/gizmo", "already was possible")
    assert decision.name == "gizmo"


def test_a_name_with_no_verb_is_still_a_name(rules: Rules) -> None:
    assert decide(rules, "https://quillnet.example.dev/", "Quill Net").name == "Quill Net"


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://github.com/kubernetes/kubernetes", "Kubernetes"),
        ("https://github.com/kubernetes/kubernetes", "K8s"),
        ("https://github.com/kubernetes/kubectl", "kubectl"),
    ],
)
def test_kubernetes_itself_by_its_own_name_is_no_item(rules: Rules, url: str, text: str) -> None:
    """Kubernetes and the programs it is made of are never follow-ups (names.toml never),
    linked by their repository included."""
    assert decide(rules, url, text).name is None


def test_a_feature_on_kubernetes_own_site_is_still_an_item(rules: Rules) -> None:
    url = "https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/"
    assert decide(rules, url, "Sidecar Containers").name == "Sidecar Containers"


def test_a_long_number_after_a_title_is_an_id(rules: Rules) -> None:
    url = "https://writer.example.dev/notes-from-the-show-floor-2024-4374475"
    decision = decide(rules, url, "here", "I wrote more about it, check it out here.")
    assert decision.name == "notes from the show floor 2024"  # a year is the title's
