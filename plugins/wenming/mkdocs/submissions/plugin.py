"""The ``wenming-submissions`` plugin: approved volunteer submissions become news posts.

Each approved submission is written as a post of Material's blog (in the 志愿者投稿 category),
credited 投稿：作者（队伍）, its first paragraph as the excerpt. Pending and rejected ones are never published:
the portal plugin keeps them out of the site and counts them as hidden.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from wenming.core.cms import admin_backend_problem
from wenming.core.crossrefs import team_problem
from wenming.core.news_posts import post_from_submission

from .admin import add_admin_files, decap_dist
from .config import SubmissionsConfig

log = get_plugin_logger(__name__)
_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


class SubmissionsPlugin(BasePlugin[SubmissionsConfig]):
    def __init__(self) -> None:
        self.temp_dir: str | None = None
        self.published: list[Any] = []

    # Before the blog plugin reads its posts (its on_files runs at priority -50), so that the
    # submissions are posts like any other: in the index, categories, archive and feed.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        portal = config.plugins["wenming"]
        site = portal.site
        teams = site["teams"].by_id
        # Material's blog reads post files from disk, so the posts are written to a temp folder.
        self._clean()
        self.temp_dir = tempfile.mkdtemp(prefix="wenming-submissions-")
        docs_dir = Path(config.docs_dir)
        posts_dir = self.config.posts_dir.strip("/")
        self.published = []
        for record in site["submissions"].records:
            team = teams.get(record.data.team) if record.data.team else None
            problem = team_problem(record, teams)
            if problem:
                log.warning(str(problem))
            post = post_from_submission(record, team.data.name if team else None, self.config.category, docs_dir, posts_dir)
            path = Path(self.temp_dir, post.file_name)
            path.write_text(post.text, encoding="utf-8")
            files.append(File.generated(config, f"{posts_dir}/{post.file_name}", abs_src_path=os.fspath(path)))
            self.published.append(post)
        self._add_admin(files, config)
        return files

    # The volunteer's text reaches the page as HTML already rendered by the trust gate, which
    # MkDocs does not re-aim: a photo's address, written relative to the posts folder, is made
    # relative to the page's own URL here (as MkDocs does for Markdown images).
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri not in self._post_uris():
            return html
        folder = posixpath.dirname(page.file.src_uri)

        def reaim(match: re.Match[str]) -> str:
            source = match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", source, re.I):
                return match.group(0)
            target = posixpath.normpath(posixpath.join(folder, source))
            return match.group(1) + get_relative_url(target, page.url or ".") + match.group(3)

        return _IMG_SRC.sub(reaim, html)

    def _post_uris(self) -> set[str]:
        posts_dir = self.config.posts_dir.strip("/")
        return {f"{posts_dir}/{post.file_name}" for post in self.published}

    def _add_admin(self, files: Files, config: MkDocsConfig) -> None:
        if not self.config.admin:
            return
        problem = admin_backend_problem(self.config.admin_backend, self.config.admin_local_backend)
        if problem:
            # A login page that leads nowhere (Netlify's Git Gateway, no backend) is worse than none.
            log.warning(f"mkdocs.yml: plugins.wenming-submissions.admin_backend：{problem}；本次不生成 /{self.config.admin_dir.strip('/')}/")
            return
        dist = decap_dist(config)
        if dist is None:
            # Optional: the CMS needs `npm ci`; the public site is complete without it.
            log.info("未安装 decap-cms（npm ci），本次不生成 /admin/ 内容管理页面")
            return
        count = add_admin_files(files, config, self.config, dist)
        log.info(f"内容管理页面 /{self.config.admin_dir.strip('/')}/：{count} 个文件（Decap CMS）")

    def on_shutdown(self) -> None:
        self._clean()

    def _clean(self) -> None:
        if self.temp_dir:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None
