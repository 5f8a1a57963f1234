"""Options of the ``wenming`` plugin (``plugins: - wenming: ...`` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from wenming.core.gate import STAFF_HTML_CHOICES


class OfficeConfig(Config):
    """The office shown in every page footer and on notices (公示 objections go here)."""

    name = c.Type(str, default="社区新时代文明实践站")
    address = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    email = c.Optional(c.Type(str))
    hours = c.Optional(c.Type(str))


class PortalConfig(Config):
    enabled = c.Type(bool, default=True)

    # Where records live, relative to docs_dir; these folders are never copied to the site.
    data_dir = c.Type(str, default="data")
    submissions_dir = c.Type(str, default="submissions")

    # The day the site is built "as of" (decides upcoming vs past); else SOURCE_DATE_EPOCH, else today.
    build_date = c.Optional(c.Type((str, dt.date)))

    office = c.SubConfig(OfficeConfig)
    icp = c.Type(str, default="")  # ICP 备案号, e.g. 浙ICP备12345678号-1
    icp_link = c.Type(str, default="https://beian.miit.gov.cn/")
    police_beian = c.Type(str, default="")  # 公安联网备案号, optional

    # The public address of the intake service (`wenming intake`), e.g. https://tougao.example.org.cn/.
    # When set, the 身边好人 index and 推荐须知 pages link to its 我推荐身边好人 form
    # (<intake_url>/nominate); unset, they show no link (the address depends on the deployment).
    intake_url = c.Optional(c.Type(str))

    home_news_count = c.Type(int, default=6)

    # News views convert only each post's excerpt (the part before <!-- more -->) instead of the
    # whole post, where that gives the same HTML, and Material's blog is not asked about pages
    # that are neither posts nor lists (see blog_speed.py). Off only to compare.
    fast_excerpts = c.Type(bool, default=True)

    # Compiled templates are kept here (relative to mkdocs.yml) and reused while a template and the
    # set of plugins are unchanged: about 0.4 s off every build and `mkdocs serve` rebuild.
    template_cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/plugin/wenming")

    # Staff HTML (pages, news posts, record prose): "clean" passes every page's HTML through the
    # trust gate's allowlist (no scripts, event handlers, frames, javascript:/data: links);
    # "trusted" lets staff raw HTML through unchanged. Contributors' text is always cleaned.
    staff_html = c.Choice(STAFF_HTML_CHOICES, default="clean")

    # Fail the build when a private value or a source's personal number reaches the output.
    privacy_audit = c.Type(bool, default=True)

    # Files volunteers upload with their submissions (the CMS's media folder, relative to
    # docs_dir): one is published only when a published page refers to it.
    uploads_dir = c.Type(str, default="assets/uploads")
