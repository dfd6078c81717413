"""A post's text -> the projects it links to (findings), with themes and verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kubefollow.blocks import Block, Link, first_heading, parse_blocks
from kubefollow.catalog import Catalog, Project
from kubefollow.links import Exclusions, clean_url, match_key
from kubefollow.models import Finding, Mention, Post
from kubefollow.posts import RawPost, parse_front_matter
from kubefollow.text import name_key, one_line
from kubefollow.themes import OTHER, Themes
from kubefollow.verdicts import Verdicts


@dataclass(frozen=True)
class Rules:
    themes: Themes
    verdicts: Verdicts
    exclusions: Exclusions
    catalog: Catalog


def load_rules(themes_file: Path | None = None) -> Rules:
    from kubefollow.catalog import load_catalog
    from kubefollow.links import load_exclusions
    from kubefollow.themes import load_themes
    from kubefollow.verdicts import load_verdicts

    return Rules(load_themes(themes_file), load_verdicts(), load_exclusions(), load_catalog())


def extract_post(raw: RawPost, rules: Rules) -> Post:
    fm = parse_front_matter(raw.path, raw.text)
    title = one_line(fm.title or first_heading(fm.body) or _stem(raw.path))
    blocks = parse_blocks(fm.body, title)
    return Post(
        path=raw.path,
        title=title,
        date=fm.date,
        content_hash=raw.content_hash,
        findings=find_projects(blocks, rules),
    )


def _stem(path: str) -> str:
    return Path(path).stem if path != "<stdin>" else "<stdin>"


def find_projects(blocks: list[Block], rules: Rules) -> list[Finding]:
    by_key: dict[str, Finding] = {}
    by_name: dict[str, Finding] = {}
    position = 0
    for block in blocks:
        for link in block.links:
            if rules.exclusions.reason_to_skip(link.url, link.text):
                continue
            project, name, key = _identify(link, rules)
            sentence = one_line(block.sentence_at(link.start))
            mention = Mention(
                sentence=sentence,
                url=clean_url(link.url),
                headings=list(block.headings),
                position=position,
            )
            position += 1
            sentence_themes = rules.themes.all_in(sentence)
            found = by_key.get(key) or by_name.get(name_key(name))
            if found is None:
                primary = _primary_theme(block, project, rules)
                extra = [rules.catalog.theme_of(project)] if project else []
                themes = [primary, *sentence_themes, *[t for t in extra if t]]
                found = Finding(
                    key=key,
                    name=name,
                    url=clean_url(link.url),
                    homepage=project.homepage if project else None,
                    category=project.category if project else None,
                    theme=primary,
                    themes=list(dict.fromkeys(themes)),
                    quote=sentence,
                    mentions=[mention],
                )
                by_key[key] = found
                by_name.setdefault(name_key(name), found)
            else:
                found.themes = list(dict.fromkeys([*found.themes, *sentence_themes]))
                if all(m.sentence != sentence for m in found.mentions):
                    found.mentions.append(mention)
    findings = list(by_key.values())
    _add_unlinked_mentions(findings, blocks)
    for found in findings:
        found.action = rules.verdicts.action_of(m.sentence for m in found.mentions)  # type: ignore[assignment]
    return findings


def _identify(link: Link, rules: Rules) -> tuple[Project | None, str, str]:
    """The catalog project behind a link (if known), the item's name and identity key."""
    text = one_line(link.text)
    named = bool(text) and not link.autolink and not rules.exclusions.is_generic_text(text)
    project = rules.catalog.match_url(link.url, text if named else "")
    if project is None and named:
        project = rules.catalog.match_name(text)
    if named:
        name = text
    elif project is not None:
        name = project.name
    else:
        name = rules.exclusions.name_from_url(link.url)
    key = f"catalog:{project.id}" if project else f"url:{match_key(link.url)}"
    return project, name, key


def _primary_theme(block: Block, project: Project | None, rules: Rules) -> str:
    theme = rules.themes.first_in(block.text)
    if theme:
        return theme
    headings = block.headings[:-1] if block.is_heading else block.headings
    for heading in reversed(headings):
        theme = rules.themes.first_in(heading)
        if theme:
            return theme
    if project is not None:
        return rules.catalog.theme_of(project) or OTHER
    return OTHER


def _add_unlinked_mentions(findings: list[Finding], blocks: list[Block]) -> None:
    """Sentences that name a project without linking it count for its verdict."""
    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        if len(f.name) >= 2:
            by_name.setdefault(f.name.casefold(), []).append(f)
    if not by_name:
        return
    # One pattern for all the post's names, longest first, searched once per sentence.
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    position = 10_000
    for block in blocks:
        if not pattern.search(block.text):
            continue
        for sentence in block.sentences():
            found_names = {m.group(0).casefold() for m in pattern.finditer(sentence)}
            if not found_names:
                continue
            clean = one_line(sentence)
            for name in found_names:
                for found in by_name.get(name, []):
                    if all(m.sentence != clean for m in found.mentions):
                        found.mentions.append(
                            Mention(
                                sentence=clean, headings=list(block.headings), position=position
                            )
                        )
                        position += 1
