"""Names no catalog knows (data/coined.toml) and titled specification links: each test
fails if its rule breaks. Names and sentences are made up (no real post's text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.extract.blocks import parse_blocks
from kubefollow.extract.coined import find_coined
from kubefollow.extract.decisions import Decision
from kubefollow.extract.findings import find_projects
from kubefollow.rules.loading import Rules


def names(markdown: str, rules: Rules) -> list[str]:
    return [f.name for f in find_projects(parse_blocks(markdown, None), rules)]


def coined(text: str, rules: Rules, taken: list[tuple[int, int]] | None = None) -> list[str]:
    hits = find_coined(text, taken or [], rules.coined, rules.names, rules.catalog)
    return [h.name for h in hits]


# --- 1. shapes ---------------------------------------------------------------------------


def test_two_words_joined_by_2_are_a_program(rules: Rules) -> None:
    assert names("The schema goes through yamlish2proto first.", rules) == ["yamlish2proto"]
    assert names("- widgetry/spec2struct", rules) == ["spec2struct"]


@pytest.mark.parametrize(
    "text",
    [
        "We ran e2e tests and p2p links.",  # too short on one side
        "A peer2peer mesh, met face2face.",  # listed ordinary words
        "See `yamlish2proto` in the code.",  # code is never prose
        "Open tools/yamlish2proto.py now.",  # a file name
        "Read https://docs.example.com/yamlish2proto today.",  # a URL
        "The Yamlish2Proto shape is capitalised.",  # a program's shape is lower case
    ],
)
def test_shapes_that_are_no_program(rules: Rules, text: str) -> None:
    assert names(text, rules) == []


# --- 2. use ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("They use Quillnet for every node and like it.", ["Quillnet"]),
        ("A talk on ways to use the new Fan-Out Router in your stack.", ["Fan-Out Router"]),
        ("Next year we plan to migrate to Pebblemesh Cloud.", ["Pebblemesh Cloud"]),
        ("The team deployed Quillnet.", ["Quillnet"]),
    ],
)
def test_what_a_team_uses_is_a_product(rules: Rules, text: str, found: list[str]) -> None:
    assert names(text, rules) == found


@pytest.mark.parametrize(
    "text",
    [
        "We use Slack for everything.",  # a medium (names.toml never)
        "We use Kubernetes at work.",  # never
        "They use OCI artifacts for extensions.",  # a lone acronym: a standard
        "We have been running Postgresish on VMs.",  # "run" is no verb of use
        "It was based on Quillnet originally.",  # lineage, not use
        "We used Maria's approach.",  # a possessive: a person
        "We deployed Monday and rolled back.",  # calendar words
        "We use DaemonSets for the agents.",  # a Kubernetes kind
        "We use Kubernetes Jobs for that.",  # a kind after a never-name
        "They use GPUs for training.",  # an acronym's plural
        "Last year we moved to Lisbon.",  # "moved to" is no phrase of use
        "Gateways may use Extended or Custom filters.",  # a participle
        "They use It daily.",  # a pronoun
        "We use them. Quillnet is something else.",  # the name must follow the verb
        "- we use\n- Quillnet on another line",  # across list items
    ],
)
def test_use_guards(rules: Rules, text: str) -> None:
    assert names(text, rules) == []


def test_use_in_a_title_or_a_link_text_says_nothing(rules: Rules) -> None:
    title = "How Big Bank Uses Modern Quillnet Tools To Deliver Platforms"
    assert names(title, rules) == []
    talk = f"- [{title.lower().capitalize()} and we use Quillnet](https://sched.example.com/x)"
    assert "Quillnet" not in names(talk.replace("example.com", "sched.com"), rules)


def test_a_catalog_name_after_a_verb_of_use_is_the_catalog_item(rules: Rules) -> None:
    found = find_projects(parse_blocks("We use Kueue for batch queues.", None), rules)
    assert [(f.name, f.key) for f in found] == [("Kueue", "catalog:kueue")]


# --- 3. acts -----------------------------------------------------------------------------


def test_inner_capitals_that_act_are_a_tool(rules: Rules) -> None:
    text = "The speakers show how StackSmith can stand up a whole reference platform."
    assert names(text, rules) == ["StackSmith"]


@pytest.mark.parametrize(
    "text",
    [
        "The StackSmith team was there.",  # no verb of a tool after it
        "A DaemonSet can run on every node.",  # a Kubernetes kind
        "Jane Doe from AcmeWorks can help.",  # an employer
        "GreatCon can be busy.",  # an event by its ending
        "The FinOps practice helps teams.",  # a practice by its ending
        "Ask Jane McDoe can you?",  # a person's surname
    ],
)
def test_acts_guards(rules: Rules, text: str) -> None:
    assert names(text, rules) == []


# --- 4. definitions in notes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "found"),
    [
        ("- fooctl\n  - tools to provision and manage VMs\n", ["fooctl"]),
        ("what is molten ore?\n\n- https://github.com/someone\n- set of tools for VMs\n",
         ["molten ore"]),
        ("- runner pool controller:\n  - kube controller\n  - runners as pods\n",
         ["runner pool controller"]),
        ("- ore k8s operator\n  - provision ore resources on the ore cloud\n",
         ["ore k8s operator"]),
    ],
)  # fmt: skip
def test_a_term_its_nested_line_defines_as_software(
    rules: Rules, notes: str, found: list[str]
) -> None:
    assert names(notes, rules) == found


def test_a_defined_terms_quote_is_its_definition(rules: Rules) -> None:
    notes = "- fooctl\n  - tools to provision VMs, worth a look\n"
    [found] = find_projects(parse_blocks(notes, None), rules)
    assert found.quote == "fooctl: tools to provision VMs, worth a look"
    assert found.action == "evaluate"  # the definition's cue counts


@pytest.mark.parametrize(
    "notes",
    [
        "- fooctl\n- tools to provision VMs\n",  # a sibling, not nested: no definition
        "- fooctl\n  - we liked it a lot\n",  # nested, but no definition of software
        "- automation flow\n  - foo spec is taken by the generator\n",  # a clause
        "- managing health checks:\n  - create a library of checks\n",  # an activity
        "- what is possible?\n  - tools to provision VMs\n",  # a quality
        "- 2023\n  - tools to provision VMs\n",  # a year
        "- workload operators\n  - run something inside the cluster\n",  # a class
        "- new governance:\n  - project areas\n",  # a remark
        "- k8s operator\n  - manages the app\n",  # never-names
        "- why multi-cluster?\n  - tools to spread load\n",  # a theme keyword
        "### fooctl\n\ntools to provision VMs\n",  # a heading over a paragraph
        "- Reviewer\n  - Queue scheduler and simple review tools\n",  # a long line, noun second
    ],
)
def test_definition_guards(rules: Rules, notes: str) -> None:
    assert names(notes, rules) == []


# --- 5. bold terms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "found"),
    [
        ("- **Quillscope**: A tracing tool that shows queues.", ["Quillscope"]),
        ("- [ ] **fooctl-controller** provides a way to install bundles", ["fooctl-controller"]),
        ("**fooctl** is a small CLI for bundles.", ["fooctl"]),
        ("- **Quillscope:** the engine behind the queue view", ["Quillscope"]),
    ],
)
def test_a_bold_term_the_words_after_define(rules: Rules, notes: str, found: list[str]) -> None:
    assert names(notes, rules) == found


@pytest.mark.parametrize(
    "notes",
    [
        "**Note**: a tool is only as good as its docs.",  # a remark
        "**Quillscope** was great fun.",  # said nothing of what it is
        "**Important**: the tool changed.",  # a quality
        "**Kubernetes** is a platform for containers.",  # never
        "**Managing queues**: a tool helps.",  # an activity
        "We **really** provide nothing.",  # bold inside a sentence, a verb after it
        "A **Quill**scope provides nothing.",  # bold inside a word
    ],
)
def test_bold_guards(rules: Rules, notes: str) -> None:
    assert names(notes, rules) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["**", "*", "_", "- ", "  ", "\n", "fooctl", " is a ", "CLI", ":", "use",
                         " Quill", "[x](https://a.example.dev)", "`c`", "\u202e", "?"]),
        max_size=30,
    ).map("".join)
)  # fmt: skip
def test_markdown_with_any_emphasis_never_breaks_extraction(rules: Rules, text: str) -> None:
    for finding in find_projects(parse_blocks(text, None), rules):
        assert finding.name and "\n" not in finding.name


# --- specifications ----------------------------------------------------------------------


def test_a_specification_link_with_a_title_is_an_item(rules: Rules) -> None:
    text = (
        "They discussed [IETF RFC 9999: Widget Signatures](https://datatracker.ietf.org/doc/rfc9999/)"
        " and the [Trace Context](https://www.w3.org/TR/trace-context/) spec."
    )
    assert names(text, rules) == ["Widget Signatures", "Trace Context"]


@pytest.mark.parametrize(
    "link",
    [
        "[RFC 9110](https://www.rfc-editor.org/rfc/rfc9110)",
        "[this RFC](https://datatracker.ietf.org/doc/rfc9110/)",
        "https://datatracker.ietf.org/doc/rfc9110/",
    ],
)
def test_a_specification_cited_without_a_title_is_no_item(rules: Rules, link: str) -> None:
    assert names(f"As {link} says, caching is hard.", rules) == []


# --- explain, user rules, untrusted text -------------------------------------------------


def test_explain_names_the_rule(rules: Rules) -> None:
    explain: list[Decision] = []
    find_projects(parse_blocks("They use Quillnet daily.", None), rules, explain)
    named = [d for d in explain if d.source == "name"]
    assert [(d.item, d.why) for d in named] == [
        ("Quillnet", "capitalised words after the verb of use 'use'")
    ]


def test_a_users_coined_toml_extends_the_verbs(invoke: Invoke, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# Notes\n\nWe swear by Quillnet these days.\n", encoding="utf-8")
    before = invoke("ingest", "--dry-run", "--format", "json", str(post))
    assert before.exit_code == 0 and "Quillnet" not in before.stdout
    data = Path.home() / ".local" / "share" / "kubefollow"
    data.mkdir(parents=True, exist_ok=True)
    (data / "coined.toml").write_text('[use]\nphrases = ["swear by"]\n', encoding="utf-8")
    after = invoke("ingest", "--dry-run", "--format", "json", str(post))
    assert after.exit_code == 0 and "Quillnet" in after.stdout


def test_a_bad_shape_pattern_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    data = Path.home() / ".local" / "share" / "kubefollow"
    data.mkdir(parents=True, exist_ok=True)
    (data / "coined.toml").write_text("[shapes]\npatterns = ['[a-']\n", encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text("We use Quillnet.\n", encoding="utf-8")
    result = invoke("ingest", "--dry-run", str(post))
    assert result.exit_code == 2
    assert "coined.toml" in result.stderr and "Traceback" not in result.stderr


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aQz2 -?.\n'’\u202e\x00", "use ", "what is ", "can ", "Zed", "x2yz"]),
        max_size=40,
    ).map("".join),
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 10)), max_size=3),
)
def test_hits_are_in_bounds_and_never_over_taken_spans(
    rules: Rules, text: str, spans: list[tuple[int, int]]
) -> None:
    taken = [(s, s + n) for s, n in spans]
    hits = find_coined(text, taken, rules.coined, rules.names, rules.catalog)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.name
        assert not any(s < hit.end and hit.start < e for s, e in taken)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
