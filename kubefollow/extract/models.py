"""pydantic models of what ingest produces and what the store keeps."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["todo", "doing", "done", "dropped"]
Action = Literal["adopt", "evaluate", "watch", "read"]


class Mention(BaseModel):
    """One sentence of a post that names a project; url is set where it links to it."""

    sentence: str
    url: str | None = None
    headings: list[str] = Field(default_factory=list)
    position: int  # order in the post


class Finding(BaseModel):
    """A project one post links to, with everything the post says about it."""

    key: str  # identity: "catalog:<id>" or "url:<host/path>"
    name: str
    url: str
    homepage: str | None = None
    category: str | None = None
    theme: str
    themes: list[str]
    action: Action | None = None
    quote: str
    mentions: list[Mention]


class Post(BaseModel):
    path: str
    title: str
    date: str | None = None
    content_hash: str
    findings: list[Finding] = Field(default_factory=list)
