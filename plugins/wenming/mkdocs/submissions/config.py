"""Options of the ``wenming-submissions`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SubmissionsConfig(Config):
    enabled = c.Type(bool, default=True)
    # Where approved submissions appear among the news posts, and under which category.
    posts_dir = c.Type(str, default="news/posts")
    category = c.Type(str, default="志愿者投稿")

    # Decap CMS at /admin/, for office staff only (volunteers and residents use the intake service,
    # `wenming intake`): off unless turned on with a real backend, and built only when `npm ci`
    # has installed decap-cms. Git Gateway is Netlify's login service: a self-hosted portal has none.
    admin = c.Type(bool, default=False)
    admin_dir = c.Type(str, default="admin")
    # The Decap backend, e.g. {name: forgejo, repo: shequ/wenming, base_url: …, api_root: …/api/v1, app_id: …}
    # or {name: gitlab, repo: shequ/wenming, auth_type: pkce, app_id: …}.
    admin_backend = c.Type(dict, default={})
    # True (or the proxy's URL) lets `npx decap-server` serve the CMS from the local git checkout.
    admin_local_backend = c.Type((bool, str), default=False)
