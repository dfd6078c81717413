"""A post's text -> the projects it links to (findings), with themes and verdicts."""

from __future__ import annotations

from pathlib import Path

from kubefollow.extract.blocks import Block, Link, parse_body
from kubefollow.extract.coined import bold_terms, defined_term, find_coined, may_coin
from kubefollow.extract.decisions import Decision
from kubefollow.extract.linked import LinkDecision, decide_link
from kubefollow.extract.models import Finding, Mention, Post
from kubefollow.extract.name_finder import NameFinder
from kubefollow.extract.name_matcher import NameMatcher
from kubefollow.extract.parts import named_part
from kubefollow.extract.posts import FrontMatter, RawPost, parse_front_matter
from kubefollow.rules.catalog import Project
from kubefollow.rules.loading import Rules
from kubefollow.rules.names import NameEntry
from kubefollow.rules.phrases import ascii_words
from kubefollow.rules.themes import OTHER
from kubefollow.rules.urls import clean_url, host_of, path_segments
from kubefollow.text import name_key, one_line


def extract_post(raw: RawPost, rules: Rules, explain: list[Decision] | None = None) -> Post:
    if raw.page:  # a web page's content: its metadata came with it
        fm = FrontMatter(raw.title, raw.date, raw.text)
    else:
        fm = parse_front_matter(raw.path, raw.text)
    body = parse_body(fm.body)
    title = one_line(fm.title or body.first_heading() or _stem(raw.path, rules))
    blocks = body.blocks(title)
    return Post(
        path=raw.path,
        title=title,
        date=fm.date,
        content_hash=raw.content_hash,
        findings=find_projects(blocks, rules, explain),
    )


def _stem(path: str, rules: Rules) -> str:
    """A post's name from its file: the file's, or a page bundle's folder's (a Hugo
    `posts/kubecon-recap/index.md` is "kubecon-recap", not "index")."""
    if path == "<stdin>":
        return path
    file = Path(path)
    if rules.walk.is_bundle(path) and file.parent.name:
        return file.parent.name
    return file.stem


def find_projects(
    blocks: list[Block], rules: Rules, explain: list[Decision] | None = None
) -> list[Finding]:
    """The projects a post links to or names, in order of first mention. Each link gets a
    kind (only projects and articles the author tells the reader to read become items);
    catalog names in prose, headings and the text of other links are mentions. When explain
    is given, every decision is appended to it with the rule that made it."""
    found = _Found(rules)
    matcher = name_matcher(rules)
    # First every block's link decisions and prose: the post's words, read once, tell
    # which quick looks can pass in any of its blocks.
    linked: list[list[tuple[Link, str, LinkDecision]]] = []
    proses: list[tuple[str, list[tuple[int, int]], list[bytes] | None]] = []
    present: set[bytes] = set()
    for block in blocks:
        decisions = []
        decided: list[tuple[int, int]] = []  # project link texts: the link decides
        for link in block.links:
            sentence = one_line(block.sentence_at(link.start))
            decision = decide_link(link, sentence, rules)
            decisions.append((link, sentence, decision))
            if decision.name is not None and decision.key is not None:
                decided.append((link.start, link.start + len(link.text)))
        prose = block.prose(decided)
        words = ascii_words(prose)  # read once, for the matchers' quick looks
        if words is not None:
            present.update(words)
        linked.append(decisions)
        proses.append((prose, decided, words))
    anchors = matcher.anchors_in(present)
    trigger = rules.coined.trigger
    no_trigger = trigger is not None and not trigger.may_match("", list(present))
    for index, block in enumerate(blocks):
        for link, sentence, decision in linked[index]:
            if explain is not None:
                explain.append(_link_decision(link, decision, sentence, block))
            if decision.name is None or decision.key is None:
                continue
            url = clean_url(decision.url or link.url)
            if decision.kind == "article":
                found.articles.add(decision.key)
            found.add(index, block, decision.project, decision.name, decision.key, url, sentence)
        prose, decided, words = proses[index]
        link_spans = [(link.start, link.start + len(link.text)) for link in block.links]
        hits = matcher.find(prose, words, anchors)
        for hit in hits:
            project = rules.catalog.projects[hit.entry_id]
            sentence = one_line(block.sentence_at(hit.start))
            in_link = any(s <= hit.start < e for s, e in link_spans)
            part = (
                None
                if block.is_heading or in_link
                else named_part(prose, hit.start, hit.end, rules.names)
            )
            if part and _spells_the_project(f"{hit.surface} {part}", project):
                part = None  # "Flatcar Linux" is the project's own name, shortened
            if part:
                name, key = f"{hit.surface} {part}", f"catalog:{project.id}/{name_key(part)}"
                name_rule = f"a part of {project.name}: capitalised words after its name"
            else:
                name, key, name_rule = project.name, f"catalog:{project.id}", "the catalog's name"
            # "Istio Ambient Mode", then "Ambient Mode": a part of two words or more is
            # the same part when the post drops the project's name.
            short = part if part and " " in part else None
            found.add(index, block, project, name, key, None, sentence, short)
            if explain is not None:
                explain.append(
                    Decision("name", hit.surface, None, "named", name, hit.rule, name_rule,
                             sentence, _heading(block))
                )  # fmt: skip
        taken = [*decided, *((h.start, h.end) for h in hits)]
        # No block holds a word the trigger starts with when the post holds none.
        coined_words = [] if no_trigger and words is not None else words
        _add_coined(found, blocks, index, prose, coined_words, taken, rules, explain)
    findings = found.findings()
    _add_unlinked_mentions(findings, blocks)
    for finding in findings:
        if finding.key in found.articles:
            finding.action = "read"  # the author tells the reader to read it
        else:
            sentences = (m.sentence for m in finding.mentions)
            finding.action = rules.verdicts.action_of(sentences, found.words)  # type: ignore[assignment]
        if explain is not None:
            theme_rule = found.theme_rules.get(finding.key, "")
            explain.append(
                Decision("item", finding.name, finding.url, "item", finding.name, theme_rule,
                         _verdict_rule(finding, rules, found.articles), finding.quote)
            )  # fmt: skip
    return findings


def _add_coined(
    found: _Found,
    blocks: list[Block],
    index: int,
    prose: str,
    words: list[bytes] | None,
    taken: list[tuple[int, int]],
    rules: Rules,
    explain: list[Decision] | None,
) -> None:
    """Names no catalog knows, by their shape or use (coined.py): items with no link."""
    block = blocks[index]
    if not may_coin(blocks, index, prose, words, rules.coined):
        return  # most paragraphs: a few looks, no lists built
    # A link's text is a title (a talk's, a page's): capitals and verbs there say nothing.
    taken = [*taken, *((link.start, link.start + len(link.text)) for link in block.links)]
    hits = find_coined(prose, taken, rules.coined, rules.names, rules.catalog, words)
    term = defined_term(blocks, index, taken, rules.coined, rules.names, rules.catalog,
                        rules.themes)  # fmt: skip
    bold = bold_terms(block, prose, taken, rules.coined, rules.names, rules.catalog, rules.themes)
    for hit in [*([term] if term else []), *bold, *hits]:
        sentence = one_line(hit.quote or block.sentence_at(hit.start))
        found.add(index, block, None, hit.name, f"name:{name_key(hit.name)}", None, sentence)
        if explain is not None:
            explain.append(
                Decision("name", hit.name, None, "named", hit.name, hit.rule,
                         "the name as the post writes it", sentence, _heading(block))
            )  # fmt: skip


def _is_company(project: Project, rules: Rules) -> bool:
    """A catalog entry that is only a company's front page (no repository): naming it in
    prose names the company (companies.toml), not a project."""
    if project.company:
        return True
    if project.repos or not project.homepage:
        return False
    return host_of(project.homepage) in rules.links.company_hosts and not path_segments(
        project.homepage
    )


def _spells_the_project(name: str, project: Project) -> bool:
    """Whether a name is the project's own or uses only its words ("Flatcar Linux")."""
    own = [project.name, *project.aliases]
    if name_key(name) in {name_key(n) for n in own}:
        return True
    words = {w.casefold() for n in own for w in n.split()}
    return all(w.casefold() in words for w in name.split())


def name_matcher(rules: Rules) -> NameMatcher:
    """The automaton over the catalog's names, built once for these rules."""
    matcher = rules.built.get("names")
    if matcher is None:
        entries = [
            NameEntry(p.id, p.name, p.aliases, _is_company(p, rules), p.category)
            for p in rules.catalog.projects.values()
        ]
        matcher = rules.built["names"] = NameMatcher.build(entries, rules.names)
    assert isinstance(matcher, NameMatcher)
    return matcher


class _Found:
    """The findings of one post so far: one per identity key (or name), in order."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.by_key: dict[str, Finding] = {}
        self.by_name: dict[str, Finding] = {}
        self.block_themes: dict[int, tuple[str | None, str]] = {}  # by block: theme, why
        self.theme_rules: dict[str, str] = {}  # by key: why the finding has its theme
        self.articles: set[str] = set()  # keys of the findings that are articles to read
        self.position = 0
        # Each mention sentence's ascii_words: its themes' and its verdict's quick looks.
        self.words: dict[str, list[bytes] | None] = {}

    def add(
        self,
        index: int,
        block: Block,
        project: Project | None,
        name: str,
        key: str,
        url: str | None,
        sentence: str,
        short: str | None = None,
    ) -> None:
        """short: a shorter name the post may use for it later (a part's own words)."""
        rules = self.rules
        position = self.position
        self.position += 1
        if sentence in self.words:
            words = self.words[sentence]
        else:  # None for a text not in ASCII: kept too, not read again
            words = self.words[sentence] = ascii_words(sentence)
        sentence_themes = rules.themes.all_in(sentence, words)
        name_id = name_key(name)
        found = self.by_key.get(key) or self.by_name.get(name_id)
        if found is None:
            if index not in self.block_themes:
                self.block_themes[index] = _block_theme(block, rules)
            primary, why = self.block_themes[index]
            if primary is None:
                primary, why = _project_theme(project, rules)
            self.theme_rules[key] = f"theme {primary!r}: {why}"
            extra = [rules.catalog.theme_of(project)] if project else []
            # `other` is only ever a primary theme (no rule placed the item), never a second.
            themes = [primary, *[t for t in (*sentence_themes, *extra) if t and t != OTHER]]
            homepage = project.homepage if project else None
            found = Finding(
                key=key,
                name=name,
                url=url or homepage or (project.repos[0] if project and project.repos else ""),
                homepage=homepage,
                category=project.category if project else None,
                theme=primary,
                themes=list(dict.fromkeys(themes)),
                quote=sentence,
                mentions=[_mention(sentence, url, block, position)],
            )
            self.by_key[key] = found
            self.by_name.setdefault(name_id, found)
            if short:
                self.by_name.setdefault(name_key(short), found)
            return
        found.themes = list(dict.fromkeys([*found.themes, *sentence_themes]))
        had_link = any(m.url for m in found.mentions)
        same = next((m for m in found.mentions if m.sentence == sentence), None)
        if same is None:
            found.mentions.append(_mention(sentence, url, block, position))
        elif url and not same.url:
            same.url = url  # the sentence also links it
        if url and not had_link:
            found.url = url  # first named, then linked: the link is its address

    def findings(self) -> list[Finding]:
        return list(self.by_key.values())


def _heading(block: Block) -> str:
    headings = block.headings[:-1] if block.is_heading else block.headings
    return headings[-1] if headings else ""


def _link_decision(link: Link, decision: LinkDecision, sentence: str, block: Block) -> Decision:
    return Decision(
        "link",
        one_line(link.text),
        link.url,
        decision.kind,
        decision.name,
        decision.why,
        decision.name_rule,
        sentence,
        _heading(block),
    )


def _mention(sentence: str, url: str | None, block: Block, position: int) -> Mention:
    return Mention(sentence=sentence, url=url, headings=list(block.headings), position=position)


def _block_theme(block: Block, rules: Rules) -> tuple[str | None, str]:
    """The first theme keyword in a block's text, else in its nearest heading's that has
    one; and where it was found."""
    theme = rules.themes.first_in(block.text)
    if theme:
        return theme, "a keyword of it in the paragraph"
    headings = block.headings[:-1] if block.is_heading else block.headings
    for heading in reversed(headings):
        theme = rules.themes.first_in(heading)
        if theme:
            return theme, f"a keyword of it in the heading {heading!r}"
    return None, ""


def _project_theme(project: Project | None, rules: Rules) -> tuple[str, str]:
    if project is not None:
        theme = rules.catalog.theme_of(project)
        if theme:
            return theme, f"the catalog's category {project.category!r}"
    return OTHER, "no theme keyword in the paragraph or its headings, no catalog category"


def _verdict_rule(finding: Finding, rules: Rules, articles: set[str]) -> str:
    if finding.key in articles:
        return "action 'read': an article the author tells the reader to read"
    if finding.action is None:
        return "no action: no cue in its sentences"
    for mention in finding.mentions:
        if finding.action in rules.verdicts.matcher.labels(mention.sentence):
            return f"action {finding.action!r}: a cue in {mention.sentence!r}"
    return f"action {finding.action!r}"


def _add_unlinked_mentions(findings: list[Finding], blocks: list[Block]) -> None:
    """Sentences that name a project without linking it count for its verdict."""
    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        if len(f.name) >= 2:
            by_name.setdefault(f.name.casefold(), []).append(f)
    if not by_name:
        return
    names = NameFinder(sorted(by_name, key=len, reverse=True))
    position = 10_000
    for block, sentence, found_names in names.sentences_naming(blocks):
        clean = one_line(sentence)
        for name in found_names:
            for found in by_name.get(name, []):
                if all(m.sentence != clean for m in found.mentions):
                    found.mentions.append(_mention(clean, None, block, position))
                    position += 1
