"""markdown-it's block phase, short-cut for lines that can only start a paragraph.

Why: for each block, markdown-it tries its rules in turn (table, code, fence, blockquote,
hr, list, reference, html_block, heading, lheading, paragraph) until one takes the line;
most blocks of a post are paragraphs, so eight rules are called to say no first. Each of
those eight says no on the line's first character alone (table: on the next line's), so a
rule put in front of them, seeing a first character none of them takes, calls what would
have been called next (heading for a `#`, then lheading, then paragraph: markdown-it's own
functions) and the others are skipped. Any other line goes down markdown-it's chain.

A paragraph of one line (a blank line or the end after it; most of a post's, when its
lines are not wrapped) is made here as lheading and paragraph make it.

None of the eight changes markdown-it's state before saying no, so skipping them changes
nothing but their debug log lines. tests/test_fast_inline.py compares the tokens with
markdown-it's own, for every first character of a line in every place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markdown_it.common.utils import mdTrim

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

# The rule chain this shortcut knows: with any other, it is not installed.
BLOCK_RULES = ["table", "code", "fence", "blockquote", "hr", "list", "reference", "html_block",
               "heading", "lheading", "paragraph"]  # fmt: skip
# What can start a fence (~ `), blockquote (>), hr (* - _), list (* - + digit), reference
# definition ([), HTML block (<) or heading (#): a block's first character, in markdown-it.
_STARTS_OTHER = frozenset("~`>*-_+[<#0123456789")
# What a table's second line starts with (markdown-it's table rule reads it first).
_TABLE_SECOND = frozenset("|-:")


def install(md: MarkdownIt) -> bool:
    """Put the shortcut in front of md's block rules, if they are the ones it knows (else
    md is left as it is)."""
    ruler = md.block.ruler
    if ruler.get_active_rules() != BLOCK_RULES:
        return False
    rule = dict(zip(BLOCK_RULES, ruler.getRules(""), strict=True))
    heading, lheading, paragraph = rule["heading"], rule["lheading"], rule["paragraph"]

    def prose(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        """heading (for a `#`), lheading or paragraph, where no rule before them can take
        the line; else False, and markdown-it's chain goes on."""
        if silent or state.sCount[line] - state.blkIndent >= 4:  # code
            return False
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= state.eMarks[line]:
            return False
        first = state.src[pos]
        if first in _STARTS_OTHER and first != "#":
            return False
        if line + 2 <= end:  # a table if the next line is its delimiter row
            after = state.bMarks[line + 1] + state.tShift[line + 1]
            if after < state.eMarks[line + 1] and state.src[after] in _TABLE_SECOND:
                return False
        if first == "#" and heading(state, line, end, False):
            return True
        following = line + 1
        if following >= state.lineMax or state.isEmpty(following):
            return _one_line_paragraph(state, line)
        return lheading(state, line, end, False) or paragraph(state, line, end, False)

    ruler.before("table", "prose", prose)
    return True


def _one_line_paragraph(state: StateBlock, line: int) -> bool:
    """lheading and paragraph on a line with no line after it (or a blank one): lheading
    finds no underline, leaving parentType "paragraph" as it does then; paragraph makes
    the tokens of the one line."""
    state.parentType = "paragraph"
    following = line + 1
    content = mdTrim(state.getLines(line, following, state.blkIndent, False))
    state.line = following
    token = state.push("paragraph_open", "p", 1)
    token.map = [line, following]
    token = state.push("inline", "", 0)
    token.content = content
    token.map = [line, following]
    token.children = []
    state.push("paragraph_close", "p", -1)
    return True
