"""Markdown -> findings: posts, blocks, links in prose, matching."""
