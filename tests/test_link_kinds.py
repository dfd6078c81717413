"""Each rule of data/link-kinds.toml, on made-up links of well-known shapes."""

from __future__ import annotations

import pytest
from helpers import bundled_link_rules
from hypothesis import given, settings
from hypothesis import strategies as st

from kubefollow.errors import UsageError
from kubefollow.extract.link_kinds import classify
from kubefollow.extract.link_names import kep_title, name_from_link, site_name, text_as_name
from kubefollow.paths import user_data_dir
from kubefollow.rules.link_rules import (
    KINDS,
    LinkKind,
    load_link_rules,
    rules_from_table,
)

RULES = bundled_link_rules()


def kind_of(url: str, text: str = "", context: str = "") -> LinkKind:
    return classify(url, text, context, RULES)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        # projects: homepages, docs, repositories
        ("https://keda.sh", "project"),
        ("https://docs.cilium.io/en/stable/overview/intro/", "project"),
        ("https://github.com/fluxcd/flagger", "project"),
        ("https://github.com/fluxcd/flagger/tree/main", "project"),
        ("https://gitlab.com/gitlab-org/gitlab-runner", "project"),
        ("https://gitlab.com/group/sub/tool", "project"),
        ("https://codeberg.org/forgejo/forgejo", "project"),
        ("https://bitbucket.org/owner/widget", "project"),
        ("https://git.sr.ht/~sircmpwn/aerc", "project"),
        ("https://kubernetes.github.io/ingress-nginx/deploy/", "project"),
        ("https://www.cncf.io/projects/kyverno/", "project"),
        # code-host details
        ("https://github.com/fluxcd/flux2/issues/123", "code-detail"),
        ("https://github.com/fluxcd/flux2/pull/9", "code-detail"),
        ("https://github.com/fluxcd/flux2/commit/abc123", "code-detail"),
        ("https://github.com/fluxcd/flux2/blob/main/README.md", "code-detail"),
        ("https://github.com/fluxcd/flux2/tree/main/cmd/flux", "code-detail"),
        ("https://github.com/fluxcd/flux2/releases/tag/v2.0.0", "code-detail"),
        ("https://github.com/fluxcd/flux2/discussions/1", "code-detail"),
        ("https://github.com/fluxcd/flux2/wiki/Home", "code-detail"),
        ("https://github.com/user-attachments/assets/0000-1111", "code-detail"),
        ("https://gist.github.com/someone/abcdef", "code-detail"),
        ("https://raw.githubusercontent.com/owner/repo/main/install.sh", "code-detail"),
        ("https://github.com/kubernetes/enhancements/issues/4212", "code-detail"),
        (
            "https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/4212-declarative-node-maintenance",
            "code-detail",
        ),
        ("https://gitlab.com/group/sub/tool/-/merge_requests/7", "code-detail"),
        ("https://codeberg.org/forgejo/forgejo/pulls/5", "code-detail"),
        ("https://bitbucket.org/owner/widget/pull-requests/3", "code-detail"),
        ("https://git.sr.ht/~sircmpwn/aerc/tree/master/item/README.md", "code-detail"),
        ("https://todo.sr.ht/~sircmpwn/aerc/42", "code-detail"),
        # profiles
        ("https://github.com/octocat", "profile"),
        ("https://github.com/orgs/fluxcd/people", "profile"),
        ("https://gitlab.com/someone", "profile"),
        ("https://git.sr.ht/~sircmpwn", "profile"),
        ("https://example-vendor.io/team/jane-doe", "profile"),
        # talks
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "talk"),
        ("https://youtu.be/dQw4w9WgXcQ", "talk"),
        ("https://vimeo.com/123456", "talk"),
        ("https://kccnceu2024.sched.com/event/1YeQ/some-talk", "talk"),
        ("https://sched.co/1YhhV", "talk"),
        ("https://speakerdeck.com/someone/a-deck", "talk"),
        ("https://www.slideshare.net/someone/a-deck", "talk"),
        ("https://docs.google.com/presentation/d/1abc/edit", "talk"),
        ("https://static.sched.com/hosted_files/kccnceu2024/ab/slides.pdf", "talk"),
        ("https://vendor.example-cdn.net/files/keynote-deck.pdf", "talk"),
        ("https://vendor.io/webinars/intro-to-widgets", "talk"),
        # chat and calls
        ("https://cloud-native.slack.com/archives/C0000", "chat"),
        ("https://slack.k8s.io", "chat"),
        ("https://discord.gg/abcdef", "chat"),
        ("https://us02web.zoom.us/j/123", "chat"),
        ("https://meet.google.com/abc-defg-hij", "chat"),
        ("mailto:someone@vendor.io", "chat"),
        # social
        ("https://twitter.com/someone/status/1", "social"),
        ("https://x.com/someone", "social"),
        ("https://bsky.app/profile/someone.bsky.social", "social"),
        ("https://www.linkedin.com/in/someone/", "social"),
        ("https://hachyderm.io/@someone", "social"),
        ("https://mastodon.example-instance.net/@someone/1234", "social"),
        ("https://www.reddit.com/r/kubernetes/", "social"),
        ("https://news.ycombinator.com/item?id=1", "social"),
        # images
        ("https://vendor.io/images/diagram.png", "image"),
        ("https://cdn.vendor.io/a/B.JPG", "image"),
        ("team-photo.webp", "image"),
        ("https://www.flickr.com/photos/someone/123", "image"),
        ("https://i.imgur.com/abc.gifv", "image"),
        ("https://media.giphy.com/media/abc/giphy", "image"),
        # embeds
        ("https://platform.twitter.com/widgets.js", "embed"),
        ("https://open.spotify.com/embed/track/abc", "embed"),
        ("https://vendor.io/widget/signup", "embed"),
        # events
        ("https://events.linuxfoundation.org/kubecon-cloudnativecon-europe/", "event"),
        ("https://community.cncf.io/events/details/cncf-kcd-somewhere/", "event"),
        ("https://www.meetup.com/some-meetup/", "event"),
        ("https://kubecon.io", "event"),
        ("https://events.vendor.io/2024", "event"),
        ("https://vendor.io/events/summit-2024", "event"),
        ("https://widgetdays.org", "event"),
        # foundations
        ("https://www.cncf.io/about/", "foundation"),
        ("https://tag-app-delivery.cncf.io/whitepapers/", "foundation"),
        ("https://www.linuxfoundation.org/about", "foundation"),
        ("https://apache.org", "foundation"),
        # news
        ("https://vendor.io/blog/announcing-widget-2", "news"),
        ("https://blog.vendor.io/widgets", "news"),
        ("https://vendor.io/press/2024-funding", "news"),
        ("https://someone.dev/2024/03/28/kubecon-recap/", "news"),
        ("https://medium.com/@someone/a-story-123", "news"),
        ("https://dev.to/someone/a-post", "news"),
        # reference
        ("https://en.wikipedia.org/wiki/Kubernetes", "reference"),
        ("https://datatracker.ietf.org/doc/html/rfc9110", "specification"),
        ("https://www.rfc-editor.org/rfc/rfc9110", "specification"),
        ("https://www.w3.org/TR/trace-context/", "specification"),
        ("https://www.ietf.org/archive/id/draft-foo-00.html", "reference"),
        ("https://stackoverflow.com/questions/1", "reference"),
        # local
        ("http://localhost:16686", "local"),
        ("http://127.0.0.1:8080/metrics", "local"),
        ("http://192.168.1.10", "local"),
        ("http://[::1]:9090/", "local"),
        ("https://example.com/foo", "local"),
        ("https://api.example.org", "local"),
        ("http://grafana.monitoring.svc.cluster.local", "local"),
        ("https://myapp.internal/login", "local"),
        ("https://app.test", "local"),
        ("http://my-nas/", "local"),
        # shorteners and internal links
        ("https://bit.ly/abc", "shortener"),
        ("/2023/01/other-post/", "internal"),
        ("#section", "internal"),
        ("", "internal"),
        ("javascript:alert(1)", "internal"),
    ],
)
def test_kind(url: str, kind: str) -> None:
    got = kind_of(url)
    assert got.kind == kind, got.rule
    assert got.rule


def test_every_kind_is_known() -> None:
    assert {"project", "article", "talk", "code-detail"} <= KINDS


@pytest.mark.parametrize(
    ("url", "repository", "name"),
    [
        ("https://github.com/fluxcd/flagger", "fluxcd/flagger", "flagger"),
        ("https://github.com/fluxcd/flagger.git", "fluxcd/flagger", "flagger"),
        ("https://github.com/fluxcd/flux2/pull/1", "fluxcd/flux2", "flux2"),
        ("https://gitlab.com/a/b/c/-/issues/1", "a/b/c", "c"),
        ("https://gitlab.com/a/b/issues/1", "a/b", "b"),
        ("https://git.sr.ht/~user/tool/log", "~user/tool", "tool"),
        (
            "https://kubernetes-sigs.github.io/external-dns/",
            "kubernetes-sigs/external-dns",
            "external-dns",
        ),
    ],
)
def test_repository_and_name(url: str, repository: str, name: str) -> None:
    got = kind_of(url)
    assert (got.repository, got.name) == (repository, name)
    assert got.repository_url is not None


def test_repository_name_wins_over_link_text() -> None:
    url = "https://github.com/someorg/widget-update-operator"
    got = kind_of(url, "operator")
    assert name_from_link(url, "operator", got, RULES)[0] == "widget-update-operator"


def test_profile_has_account_url() -> None:
    assert kind_of("https://github.com/fluxcd").account_url == "github.com/fluxcd"


def test_kep_detail_and_title() -> None:
    url = "https://github.com/kubernetes/enhancements/blob/master/keps/sig-x/1234-widgets/README.md"
    got = kind_of(url, "KEP-1234: Widget API")
    assert (got.kind, got.detail) == ("code-detail", "kep")
    assert name_from_link(url, "KEP-1234: Widget API", got, RULES)[0] == "Widget API"
    assert kep_title("KEP 99 - Better Things") == "Better Things"
    assert kep_title("the KEP") is None


def test_code_host_own_pages_are_not_projects() -> None:
    assert kind_of("https://github.com/features/actions").kind == "reference"
    assert kind_of("https://github.com/").kind == "reference"


def test_docs_paths_do_not_trigger_path_words() -> None:
    assert kind_of("https://widget.dev/docs/concepts/events/").kind == "project"
    assert kind_of("https://widget.dev/events/").kind == "event"


def test_youtube_rule_names_the_host() -> None:
    assert "youtube.com" in kind_of("https://www.youtube.com/watch?v=x").rule


# --- articles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "context",
    [
        "This write-up on scheduling is worth a read.",
        "I recommend reading the vendor's post on the topic.",
        "You can read more about the design in the announcement.",
    ],
)
def test_article_cue_makes_news_an_article(context: str) -> None:
    got = kind_of("https://vendor.io/blog/design-of-widgets", "the announcement", context)
    assert got.kind == "article", got.rule
    assert got.is_item


def test_article_cue_does_not_change_talks_or_issues() -> None:
    context = "Worth a read: the thread below."
    assert kind_of("https://youtu.be/abc", "talk", context).kind == "talk"
    assert kind_of("https://github.com/a/b/issues/1", "issue", context).kind == "code-detail"
    assert kind_of("https://github.com/a/b/blob/main/DESIGN.md", "doc", context).kind == "article"


def test_no_cue_no_article() -> None:
    assert kind_of("https://vendor.io/blog/x", "post", "They wrote about it.").kind == "news"


def test_article_name_from_title_or_slug() -> None:
    url = "https://vendor.io/blog/why-widgets-matter"
    got = kind_of(url, "here", "Worth a read: here.")
    assert name_from_link(url, "here", got, RULES)[0] == "why widgets matter"
    got = kind_of(url, "Why Widgets Matter", "Worth a read.")
    assert name_from_link(url, "Why Widgets Matter", got, RULES)[0] == "Why Widgets Matter"


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "here",
        "this",
        "this PR",
        "the docs",
        "README",
        "thread",
        "read more",
        "View the video here",
        "watch his recording here",
        "my blog post",
        "0",
        "#123",
        "12,000 in-person attendees",
        "5400 contributors and 700 companies",
        "in Barcelona for the conference",
        "using a similar technique to this",
        "operator",
        "document",
        "Subscribe now",
        "A Very Long Talk Title With Many Words",
        "Panel: Widgets in Production",
        "Talk Title - Jane Doe, Vendor",
        "@someone",
        "https://widget.dev",
        "widget.dev",
        "It works.",
    ],
)
def test_text_that_is_not_a_name(text: str) -> None:
    assert text_as_name(text, "https://widget.dev", RULES)[0] is None


@pytest.mark.parametrize(
    "text",
    ["Kyverno", "Cluster API", "OpenFeature CLI", "Node Readiness Controller", "k3sup", "Node.js"],
)
def test_text_that_is_a_name(text: str) -> None:
    assert text_as_name(text, "https://elsewhere.example-site.io", RULES)[0] == text


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://kyverno.io", "kyverno"),
        ("https://docs.cilium.io/en/stable/", "cilium"),
        ("https://www.widget.dev", "widget"),
        ("https://argo-cd.readthedocs.io/en/stable/", "argo-cd"),
        ("https://cluster-api.sigs.k8s.io/", "cluster-api"),
        ("https://kargo.vendor.io/", "kargo"),
        ("https://cloud.google.com/biglake", "biglake"),
        ("https://learn.microsoft.com/en-us/azure/aks/", "aks"),
        ("https://vendor.com/products/gadget", "gadget"),
        ("https://widget.co.uk", "widget"),
    ],
)
def test_site_name(url: str, name: str) -> None:
    assert site_name(url, RULES)[0] == name


def test_name_falls_back_to_site() -> None:
    url = "https://docs.widget.dev/getting-started"
    name, why = name_from_link(url, "the docs", kind_of(url, "the docs"), RULES)
    assert name == "widget"
    assert "generic" in why


def test_non_project_kinds_name_nothing() -> None:
    url = "https://youtu.be/x"
    assert name_from_link(url, "Widgets at Scale", kind_of(url), RULES)[0] is None


# --- user rules ------------------------------------------------------------------------


def user_link_kinds(text: str) -> None:
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "link-kinds.toml").write_text(text, encoding="utf-8")


def test_user_file_extends_lists() -> None:
    user_link_kinds(
        '[hosts.video]\nhosts = ["videos.example-tube.org"]\n'
        '[hosts.mine]\nkind = "event"\nwhat = "my event site"\nhosts = ["myconf.dev"]\n'
        '[anchors]\ngeneric = ["gizmo"]\n'
    )
    rules = load_link_rules()
    assert classify("https://videos.example-tube.org/w/1", "", "", rules).kind == "talk"
    assert classify("https://youtu.be/x", "", "", rules).kind == "talk"  # bundled kept
    assert classify("https://myconf.dev", "", "", rules).kind == "event"
    assert text_as_name("Gizmo", "https://x.dev", rules)[0] is None


def test_bad_user_file_is_a_usage_error() -> None:
    user_link_kinds('[hosts.mine]\nkind = "nonsense"\nwhat = "x"\nhosts = ["a.dev"]\n')
    with pytest.raises(UsageError, match="kind"):
        load_link_rules()
    user_link_kinds("[hosts\n")
    with pytest.raises(UsageError, match="TOML"):
        load_link_rules()


def test_bad_table_is_a_value_error() -> None:
    table = {"hosts": {"mine": {"kind": "nonsense", "what": "x", "hosts": ["a.dev"]}}}
    with pytest.raises(ValueError, match="kind"):
        rules_from_table(table)


# --- never raises ----------------------------------------------------------------------

_URLISH = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda scheme, host, path: f"{scheme}{host}{path}",
        st.sampled_from(["http://", "https://", "//", "", "mailto:", "ftp://", "www."]),
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40),
        st.text(max_size=60),
    ),
)


@settings(max_examples=400, deadline=None)
@given(url=_URLISH, text=st.text(max_size=80), context=st.text(max_size=120))
def test_classify_never_raises(url: str, text: str, context: str) -> None:
    got = classify(url, text, context, RULES)
    assert got.kind in KINDS
    assert got.rule
    name, why = name_from_link(url, text, got, RULES)
    assert why
    assert name is None or isinstance(name, str)
