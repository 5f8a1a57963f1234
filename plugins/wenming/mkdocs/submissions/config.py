"""Options of the ``wenming-submissions`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SubmissionsConfig(Config):
    enabled = c.Type(bool, default=True)
    # Where approved submissions appear among the news posts, and under which category.
    posts_dir = c.Type(str, default="news/posts")
    category = c.Type(str, default="志愿者投稿")
