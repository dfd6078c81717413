"""markdown-it's inline phase, short-cut for the inline content most posts are made of.

Why: the inline phase is half of markdown-it's parse, and most paragraphs of a trip report
are prose with at most a few `[text](url)` links. For those, markdown-it runs its ten
inline rules at every punctuation mark, builds a state, scans delimiters and joins
fragments, to produce a text token, or text / link_open / text / link_close. Here such
content is recognised with one regex search per link or line break and the same tokens are
made directly. Anything else, or anything unsure, goes to markdown-it itself, so the
shortcut can only be exactly right or not taken.

What it takes, for this parser's rules (commonmark: text, newline, escape, backticks,
emphasis, link, image, autolink, html_inline, entity):
- text with none of the characters a rule reacts to: `\\` (escape), backtick, `*` and `_`
  (emphasis), `<` (autolink, html_inline), `![` (image), `&` before what could be an
  entity; other punctuation ends markdown-it's text run, but no rule takes it, so it is
  text all the same;
- line breaks: softbreak, or hardbreak after two spaces, as markdown-it's newline rule;
- `[label](destination)` with a label of such text (no brackets, no line break) and a
  destination with no space, parenthesis, `<` or backslash, that markdown-it's own
  normalizeLink and validateLink accept.
tests/test_fast_inline.py compares it with markdown-it's own inline parser.

The core normalize rule, before it, is skipped for a text with no \r or \0 (it would
return the same text).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.common.utils import unescapeAll
from markdown_it.rules_inline.entity import DIGITAL_RE, NAMED_RE
from markdown_it.token import Token

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

# The rule chains this shortcut reproduces: with any other, it is not installed.
CORE_RULES = ["normalize", "block", "inline", "text_join"]
INLINE_RULES = ["text", "newline", "escape", "backticks", "emphasis", "link", "image",
                "autolink", "html_inline", "entity"]  # fmt: skip
INLINE_RULES2 = ["balance_pairs", "emphasis", "fragments_join"]

# The characters where the shortcut looks closer: the rest is text.
_LOOK = re.compile(r"[\n\[&!*<\\_`]")
# An inline link: label text (no brackets, no line break, nothing a rule reacts to) and
# a destination markdown-it's parseLinkDestination takes whole and unchanged but for
# entities (no space or control character, parenthesis, backslash; no `<` at all), closed
# right after. `!` in a label is text: `![` needs a `[`, which a label has none of.
_LINK = re.compile(r"\[([^\[\]\n&*<\\_`]*)\]\(([^\x00-\x20\x7f()<\\]+)\)")


def install(md: MarkdownIt) -> bool:
    """Put the shortcut in md's core "inline" rule, if md's rules are the ones it
    reproduces (else md is left as it is)."""
    if (
        md.core.ruler.get_active_rules() != CORE_RULES
        or md.inline.ruler.get_active_rules() != INLINE_RULES
        or md.inline.ruler2.get_active_rules() != INLINE_RULES2
        or md.inline.terminator_re.pattern != _stock_terminators(md)
        or md.options["maxNesting"] < 2  # a link's text is parsed one level down
    ):
        return False
    normalize = md.core.ruler.getRules("")[0]  # markdown-it's normalize, CORE_RULES[0]

    def normalize_rule(state: StateCore) -> None:
        """normalize turns \r\n and \r into \n and \0 into U+FFFD, by two regex
        substitutions over the whole text (a tenth of the parse of a post with neither):
        without a \r or a \0, the text is what it would make of it."""
        if "\r" in state.src or "\0" in state.src:
            normalize(state)

    md.core.ruler.at("normalize", normalize_rule)
    md.core.ruler.at("inline", inline_rule)
    return True


def _stock_terminators(md: MarkdownIt) -> str:
    """The text rule's terminators in a parser no plugin has added to."""
    from markdown_it.parser_inline import ParserInline

    pattern: str = ParserInline().terminator_re.pattern
    return pattern


def inline_rule(state: StateCore) -> None:
    """markdown-it's core "inline" rule, taking the shortcut where it can."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            children = inline_tokens(token.content, md)
            if children is None:
                md.inline.parse(token.content, md, state.env, token.children)
            else:
                token.children.extend(children)


def inline_tokens(src: str, md: MarkdownIt) -> list[Token] | None:
    """The tokens markdown-it's inline parser makes of src, or None when src is not
    content the shortcut takes."""
    look = _LOOK.search(src)
    if look is None:
        return [_text(src, 0)] if src else []
    tokens: list[Token] = []
    pending: list[str] = []  # text not yet made a token, as markdown-it's state.pending
    pos, end = 0, len(src)
    while look is not None:
        at = look.start()
        if at > pos:
            pending.append(src[pos:at])
        char = src[at]
        if char == "\n":
            _newline(pending, tokens)
            pos = at + 1
            while pos < end and src[pos] in " \t":  # the next line's indent
                pos += 1
        elif char == "[":
            link = _LINK.match(src, at)
            if link is None:
                return None
            href = md.normalizeLink(unescapeAll(link.group(2)))
            if not md.validateLink(href):
                return None
            _flush(pending, tokens, 0)
            open_ = Token("link_open", "a", 1)
            open_.attrs = {"href": href}
            tokens.append(open_)
            if link.group(1):
                tokens.append(_text(link.group(1), 1))
            tokens.append(Token("link_close", "a", -1))
            pos = link.end()
        elif char == "&":
            if DIGITAL_RE.match(src, at) or NAMED_RE.match(src, at):
                return None  # an entity (or what may be one): markdown-it decodes it
            pending.append("&")
            pos = at + 1
        elif char == "!" and src.startswith("[", at + 1):
            return None  # an image
        elif char == "!":
            pending.append("!")
            pos = at + 1
        else:
            return None  # code, emphasis, an escape, an autolink or raw HTML
        look = _LOOK.search(src, pos)
    if pos < end:
        pending.append(src[pos:])
    _flush(pending, tokens, 0)
    return tokens


def _newline(pending: list[str], tokens: list[Token]) -> None:
    """markdown-it's newline rule: a hardbreak after two or more spaces (which it drops), a
    softbreak after one (dropped too) or none."""
    text = "".join(pending)
    pending.clear()
    kind = "softbreak"
    if text.endswith("  "):
        text, kind = text.rstrip(" "), "hardbreak"
    elif text.endswith(" "):
        text = text[:-1]
    if text:
        tokens.append(_text(text, 0))
    tokens.append(Token(kind, "br", 0))


def _flush(pending: list[str], tokens: list[Token], level: int) -> None:
    if pending:
        text = "".join(pending)
        pending.clear()
        if text:
            tokens.append(_text(text, level))


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.level = level
    return token
