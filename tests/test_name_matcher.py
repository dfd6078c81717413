"""Guards of the name matcher: each test fails if its rule breaks. Sentences are made up."""

from __future__ import annotations

import importlib.util
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.extract.findings import name_matcher
from kubefollow.extract.name_matcher import NameMatcher, joined_variant
from kubefollow.rules.catalog import read_catalog
from kubefollow.rules.loading import load_rules
from kubefollow.rules.names import NameEntry, NameHit, NameRules

ROOT = Path(__file__).resolve().parent.parent

ENTRIES = [
    NameEntry("helm", "Helm"),
    NameEntry("flux", "Flux", ("fluxcd",)),
    NameEntry("harbor", "Harbor"),
    NameEntry("argo", "Argo", ("Argo CD", "argo-cd", "Argo Rollouts")),
    NameEntry("kustomize", "Kustomize"),
    NameEntry("kueue", "Kueue"),
    NameEntry("cluster-api", "Cluster API", ("cluster-api",)),
    NameEntry("kind", "kind"),
    NameEntry("sealer", "sealer"),
    NameEntry("kro", "kro"),
    NameEntry("opa", "Open Policy Agent", ("OPA",)),
    NameEntry("jaeger", "Jaeger"),
    NameEntry("jenkins", "Jenkins"),
    NameEntry("nats", "NATS"),
    NameEntry("kubernetes", "Kubernetes", ("k8s",)),
    NameEntry("youtube", "YouTube"),
    NameEntry("acme", "Acmecorp", company=True),
    NameEntry("zig", "Zig", category="Wasm / Languages"),
    NameEntry("tempo", "Grafana Tempo", ("tempo",)),
    NameEntry("dupe-a", "Twinkle"),
    NameEntry("dupe-b", "Twinkle"),
    NameEntry("node-js", "Node.js"),
    NameEntry("cpp-thing", "Widget++"),
    NameEntry("nocode", "No Code"),
]

RULES = NameRules.from_mapping(
    {
        "limits": {"cue_window": 6, "title_case_small_words": ["at", "from", "of", "the"]},
        "never": {
            "names": ["Kubernetes", "YouTube", "Cloud", "eBPF", "Go"],
            "categories": ["Wasm / Languages"],
        },
        "cues": {
            "words": ["kubernetes", "cluster", "deploy", "operator", "chart", "pipeline"],
            "compounds": ["chart", "controller", "install"],
            "phrases": ["cloud native"],
        },
        "generated": {
            "too_common": ["kind"],
            "common": ["helm", "flux", "harbor", "tempo"],
            "rare": ["jaeger", "sealer", "nats"],
            "proper": ["jenkins"],
            "phrases": ["cluster api", "no code"],
        },
    }
)


def _real_matcher() -> NameMatcher:
    """The bundled catalog and rules, as extraction builds them: built once, at import (before
    conftest isolates the data dir, so point it at an empty one here too)."""
    with tempfile.TemporaryDirectory() as empty, pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", empty)
        mp.setenv("XDG_DATA_HOME", empty)
        mp.setenv("XDG_CONFIG_HOME", empty)
        return name_matcher(load_rules())


_TOY = NameMatcher.build(ENTRIES, RULES)
_REAL = _real_matcher()


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return _TOY


def ids(matcher: NameMatcher, text: str) -> list[str]:
    return [h.entry_id for h in matcher.find(text)]


# --- plain names, boundaries, leftmost-longest ----------------------------------------


def test_plain_name_any_case_with_rule(matcher: NameMatcher) -> None:
    hits = matcher.find("Our team moved every overlay to kustomize last spring.")
    assert [(h.entry_id, h.surface, h.rule) for h in hits] == [
        ("kustomize", "kustomize", "catalog name 'Kustomize'")
    ]
    assert (
        hits[0].surface
        == "Our team moved every overlay to kustomize last spring."[hits[0].start : hits[0].end]
    )


def test_longest_name_wins(matcher: NameMatcher) -> None:
    hits = matcher.find("We compared Argo CD with plain scripts.")
    assert [(h.entry_id, h.surface) for h in hits] == [("argo", "Argo CD")]
    assert "alias 'Argo CD' of Argo" in hits[0].rule


def test_joined_variant(matcher: NameMatcher) -> None:
    assert joined_variant("Argo CD") == "ArgoCD"
    assert joined_variant("Helm") is None
    hits = matcher.find("The ArgoCD dashboard and argocd both count.")
    assert [h.surface for h in hits] == ["ArgoCD", "argocd"]
    assert "as one word" in hits[0].rule


@pytest.mark.parametrize(
    "text",
    [
        "see kustomize.io for more",
        "the repo github.com/acme/kueue is public",
        "run ./kueue-install now",
        "the kueue_config value",
        "our superkueue fork",
        "ping @kueue on the forum",
        "tagged #kueue today",
        "edit kueue.yaml then",
    ],
)
def test_word_boundaries_urls_paths_handles(matcher: NameMatcher, text: str) -> None:
    assert "kueue" not in ids(matcher, text) and "kustomize" not in ids(matcher, text)


def test_slash_list_and_possessive(matcher: NameMatcher) -> None:
    assert ids(matcher, "We tried Kustomize/Kueue and Kueue's admission checks.") == [
        "kustomize",
        "kueue",
        "kueue",
    ]


def test_names_with_dots_and_plus(matcher: NameMatcher) -> None:
    assert ids(matcher, "A Node.js service and the Widget++ library.") == ["node-js", "cpp-thing"]
    assert ids(matcher, "The Widget++x build") == []


def test_shared_name_is_left_to_the_user(matcher: NameMatcher) -> None:
    assert ids(matcher, "We saw a demo of Twinkle yesterday.") == []


# --- never, companies, categories, lengths ---------------------------------------------


def test_never_names_and_their_aliases(matcher: NameMatcher) -> None:
    assert ids(matcher, "Everything runs on Kubernetes and k8s, see YouTube.") == []


def test_company_never_matches(matcher: NameMatcher) -> None:
    assert ids(matcher, "Thanks to Acmecorp for the coffee and Kueue demos.") == ["kueue"]


def test_company_flag_absent_means_false(tmp_path: Path) -> None:
    catalog = tmp_path / "c.jsonl"
    catalog.write_text(
        '{"id": "a", "name": "Alpha", "aliases": ["alpha-x"]}\n'
        '{"id": "b", "name": "Betaco", "aliases": [], "company": true}\n'
    )
    projects = read_catalog(catalog, {}).projects.values()
    assert [(p.id, p.company) for p in projects] == [("a", False), ("b", True)]


def test_never_category(matcher: NameMatcher) -> None:
    assert ids(matcher, "Some of the team write Zig on weekends.") == []


def test_short_names_exact_case(matcher: NameMatcher) -> None:
    assert ids(matcher, "We liked kro and OPA.") == ["kro", "opa"]
    assert ids(matcher, "KRO and opa are not how they write it.") == []


def test_too_common_word_never(matcher: NameMatcher) -> None:
    assert ids(matcher, "What kind of cluster do you run? A kind cluster.") == []


# --- common words ---------------------------------------------------------------------


def test_common_word_capitalised_mid_sentence(matcher: NameMatcher) -> None:
    hits = matcher.find("Last year we packaged every service with Helm instead.")
    assert [h.entry_id for h in hits] == ["helm"]
    assert hits[0].rule == "common-word name 'Helm' capitalised mid-sentence"


def test_common_word_lower_case_is_english(matcher: NameMatcher) -> None:
    assert ids(matcher, "She took the helm while the harbor was quiet.") == []


def test_common_word_at_sentence_start_needs_cue(matcher: NameMatcher) -> None:
    assert ids(matcher, "Harbor views were lovely. Flux is constant change.") == []
    hits = matcher.find("Harbor stores the images our cluster pulls.")
    assert [h.entry_id for h in hits] == ["harbor"]
    assert "near cue 'cluster'" in hits[0].rule


def test_common_word_lower_case_with_compound(matcher: NameMatcher) -> None:
    assert ids(matcher, "The helm chart was small; run helm install next.") == ["helm", "helm"]
    assert ids(matcher, "the flux v2 controllers") == ["flux"]


def test_lower_case_common_word_not_by_a_cue_before_it(matcher: NameMatcher) -> None:
    assert ids(matcher, "a kubernetes harbor for ships") == []


def test_common_word_inside_longer_capitalised_name(matcher: NameMatcher) -> None:
    assert ids(matcher, "We walked along Pearl Harbor yesterday evening.") == []
    assert ids(matcher, "Visitors love the Grand Harbor Hotel downtown.") == []


def test_common_word_in_title_case_needs_a_project(matcher: NameMatcher) -> None:
    assert ids(matcher, "Lessons From Running Harbor Across Many Regions") == []
    assert ids(matcher, "Lessons From Running Harbor And Kueue Across Regions") == [
        "harbor",
        "kueue",
    ]


def test_a_capitalised_small_word_makes_a_short_line_a_title(matcher: NameMatcher) -> None:
    """Too short to count its capitals, "Notes From the Harbor" is still a title: prose
    never writes "From" with a capital mid-line. The line's first word proves nothing."""
    assert ids(matcher, "Notes From the Harbor") == []
    assert ids(matcher, "Notes from the Harbor") == ["harbor"]
    assert ids(matcher, "At night we moved images to Harbor.") == ["harbor"]


def test_a_common_word_in_a_title_needs_a_project_beside_it(matcher: NameMatcher) -> None:
    """In a title every word has a capital: "Harbor" near Kueue is a word of the title,
    "Harbor" listed with Kueue a project."""
    assert ids(matcher, "Batch Jobs With Kueue Under the Harbor Lights") == ["kueue"]
    assert ids(matcher, "Batch Jobs With Kueue And Harbor") == ["kueue", "harbor"]


def test_a_title_ends_at_its_colon(matcher: NameMatcher) -> None:
    """A talk title, then what it showed: the title's capitals are judged alone."""
    line = "A Look Under the Hood of Image Signing with Harbor: the speakers showed how they sign"
    assert ids(matcher, line) == []
    # too short before its colon to tell: the whole line is judged, as before
    assert ids(matcher, "Notes on Harbor: we moved every image there last spring") == ["harbor"]


def test_common_word_in_a_list_of_projects(matcher: NameMatcher) -> None:
    assert ids(matcher, "tools: kustomize, helm and flux") == ["kustomize", "helm", "flux"]


def test_a_common_word_in_one_phrase_with_a_project_is_its_modifier(
    matcher: NameMatcher,
) -> None:
    """ "Harbor Kueue" with nothing between is one phrase, a kind of Kueue; listed, both."""
    assert ids(matcher, "The new Harbor Kueue integration landed.") == ["kueue"]
    assert ids(matcher, "The new Harbor, Kueue and Flux releases landed.") == [
        "harbor",
        "kueue",
        "flux",
    ]


def test_a_lower_case_word_before_a_capitalised_name_is_no_list(matcher: NameMatcher) -> None:
    """A list writes its names alike: "the old harbor, Kueue..." is a phrase, then a name."""
    assert ids(matcher, "Past the old harbor, Kueue queued every job.") == ["kueue"]
    assert ids(matcher, "we run kueue, harbor and helm") == ["kueue", "harbor", "helm"]


def test_lower_case_alias_of_capitalised_name(matcher: NameMatcher) -> None:
    # "tempo" is Grafana Tempo's word: a common word, capitalised to be a name
    assert ids(matcher, "keep a steady tempo") == []
    assert ids(matcher, "we send traces to Tempo now") == ["tempo"]


def test_rare_word_capitalised(matcher: NameMatcher) -> None:
    assert ids(matcher, "Jaeger shows each trace.") == ["jaeger"]
    assert ids(matcher, "a jaeger flew over the boat") == []
    assert ids(matcher, "jaeger") == ["jaeger"]  # a list item or cell that is only the name


def test_capitals_english_word(matcher: NameMatcher) -> None:
    assert ids(matcher, "Messages go over NATS between services.") == ["nats"]
    assert ids(matcher, "we saw nats near the lake") == []


def test_proper_noun_needs_cue(matcher: NameMatcher) -> None:
    assert ids(matcher, "Jenkins gave a great keynote about her garden.") == []
    assert ids(matcher, "We retired Jenkins and every old pipeline.") == ["jenkins"]


def test_lower_case_project_name(matcher: NameMatcher) -> None:
    assert ids(matcher, "the sealer on the window cracked") == []
    assert ids(matcher, "we used sealer to pack the cluster image") == ["sealer"]


def test_phrase_needs_capitals(matcher: NameMatcher) -> None:
    assert ids(matcher, "We manage machines with Cluster API now.") == ["cluster-api"]
    assert ids(matcher, "we manage machines with cluster API now") == ["cluster-api"]
    assert ids(matcher, "the cluster api server was slow") == []
    assert ids(matcher, "the cluster-api repo") == ["cluster-api"]
    assert ids(matcher, "It needs no code at all.") == []


def test_speaker_affiliation_is_not_a_mention(matcher: NameMatcher) -> None:
    assert ids(matcher, "A talk by Jane Doe from Kueue about queues.") == []
    assert ids(matcher, "Hosted by Jane Doe, Kueue; and others.") == []
    assert ids(matcher, "We run Argo Rollouts, Kueue and more.") == ["argo", "kueue"]


# --- data, pickling, properties -------------------------------------------------------


def test_matcher_pickles(matcher: NameMatcher) -> None:
    clone = pickle.loads(pickle.dumps(matcher))
    text = "We run Argo CD, Kueue and Helm charts."
    assert clone.find(text) == matcher.find(text)


@pytest.fixture(scope="module")
def real() -> NameMatcher:
    return _REAL


def test_bundled_rules_guard_issue_words(real: NameMatcher) -> None:
    for word in ("Flux", "Helm", "Harbor", "Envoy", "Contour", "Dragonfly", "Notary"):
        assert real.find(f"{word} season started early this year.") == [], word
        assert real.find(f"the {word.lower()} of ideas") == [], word
        assert [h.surface for h in real.find(f"We deploy it all with {word} now.")] == [word]


def test_bundled_never_list(real: NameMatcher) -> None:
    text = "Kubernetes, k8s, eBPF, GitOps, WebAssembly, YouTube, GitHub, Linux, Go and C"
    assert real.find(text) == []


def test_bundled_lists_not_stale() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_name_rules", ROOT / "scripts" / "build_name_rules.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    catalog_forms, stale = script.catalog_forms, script.stale
    text = (ROOT / "data" / "names.toml").read_text(encoding="utf-8")
    assert not stale(text, catalog_forms(ROOT / "data" / "catalog.jsonl")), (
        "catalog changed: run scripts/build_name_rules.py"
    )


_ALPHABET = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+,;:!?'\"()\n",
        "Helm",
        "helm",
        "Argo CD",
        "ArgoCD",
        "Kueue",
        "kro",
        "Cluster API",
        "ß",
        "İ",
        "é",
        " ",
    ]
)


def _bounded_hit(text: str, hit: NameHit) -> bool:
    before = text[hit.start - 1] if hit.start else " "
    after = text[hit.end] if hit.end < len(text) else " "
    return not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-")


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_find_never_raises_and_hits_are_sound(text: str) -> None:
    hits = _TOY.find(text)
    last = -1
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.start >= last  # in order, never overlapping
        last = hit.end
        assert text[hit.start : hit.end] == hit.surface
        assert _bounded_hit(text, hit)
        assert hit.rule


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_find_never_raises_on_any_text(text: str) -> None:
    for hit in _REAL.find(text):
        assert text[hit.start : hit.end] == hit.surface
