"""What the home page shows: the latest news and the blocks that sections add."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.pages import Page

_TAGS = re.compile(r"<[^>]+>")
SUMMARY_LENGTH = 70


@dataclass(frozen=True)
class NewsItem:
    title: str
    url: str
    date: dt.date
    categories: list[str]
    summary: str


@dataclass(frozen=True)
class HomeBlock:
    """A section's block on the home page: ``template`` is rendered with ``block`` in context."""

    order: int
    template: str
    title: str
    data: Any = None


@dataclass
class HomeContext:
    news: list[NewsItem] = field(default_factory=list)
    news_url: str | None = None
    blocks: list[HomeBlock] = field(default_factory=list)


def news_item(post: Page) -> NewsItem:
    """A post as a home-page line; the summary is its ``description`` or the start of its text."""
    created = post.config.date.created  # type: ignore[attr-defined]  # Material blog Post
    summary = str(post.meta.get("description") or "").strip()
    if not summary and post.content:
        text = " ".join(_TAGS.sub(" ", post.content).split())
        if post.title and text.startswith(post.title):
            text = text[len(post.title) :].strip()
        summary = text[:SUMMARY_LENGTH] + ("…" if len(text) > SUMMARY_LENGTH else "")
    return NewsItem(
        title=post.title or "",
        url=post.url,
        date=created.date() if isinstance(created, dt.datetime) else created,
        categories=[category.title for category in getattr(post, "categories", [])],
        summary=summary,
    )
