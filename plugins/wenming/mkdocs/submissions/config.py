"""Options of the ``wenming-submissions`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SubmissionsConfig(Config):
    enabled = c.Type(bool, default=True)
    # Where approved submissions appear among the news posts, and under which category.
    posts_dir = c.Type(str, default="news/posts")
    category = c.Type(str, default="志愿者投稿")

    # The volunteers' CMS (Decap) at /admin/: built only when `npm ci` has installed decap-cms.
    admin = c.Type(bool, default=True)
    admin_dir = c.Type(str, default="admin")
    # Decap backend for production, e.g. {name: gitea, repo: shequ/wenming, base_url: …, api_root: …/api/v1}
    # or {name: gitlab, repo: shequ/wenming, auth_type: pkce, app_id: …}.
    admin_backend = c.Type(dict, default={"name": "git-gateway", "branch": "main"})
    # True (or the proxy's URL) lets `npx decap-server` serve the CMS from the local git checkout.
    admin_local_backend = c.Type((bool, str), default=True)
