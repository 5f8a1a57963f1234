"""The files of /admin/: Decap CMS copied from node_modules, its page and its generated config."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from wenming.core.cms import decap_config, public_backend

log = get_plugin_logger(__name__)

DECAP_DIST = Path("node_modules/decap-cms/dist")


def decap_dist(config: MkDocsConfig) -> Path | None:
    """Decap's built files, if `npm ci` installed them next to mkdocs.yml."""
    root = Path(config.config_file_path or ".").resolve().parent
    dist = root / DECAP_DIST
    return dist if (dist / "decap-cms.js").is_file() else None


def admin_page(site_name: str) -> str:
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>内容管理 · {html.escape(site_name)}</title>
</head>
<body>
  <script src="decap-cms.js"></script>
</body>
</html>
"""


def add_admin_files(files: Files, config: MkDocsConfig, options: Any, dist: Path) -> int:
    """Add the CMS to ``files``; returns how many files it took."""
    admin = options.admin_dir.strip("/")
    docs_dir = os.path.relpath(config.docs_dir, Path(config.config_file_path or ".").resolve().parent)
    blog = config.plugins.get("material/blog")
    categories = list(getattr(blog, "config", {}).get("categories_allowed", []) or []) if blog else []
    authors = sorted(getattr(blog, "authors", {}) or {}) if blog else []
    _, withheld = public_backend(options.admin_backend)
    if withheld:
        log.warning(
            f"mkdocs.yml: plugins.wenming-submissions.admin_backend 中的 {'、'.join(withheld)} 不是 Decap CMS "
            "的公开设置，未写入网站的 admin/config.yml（该文件随网站公开）：密钥、令牌请放在 Git 服务器或认证服务里"
        )
    settings = decap_config(
        backend=options.admin_backend,
        local_backend=options.admin_local_backend,
        site_url=config.site_url,
        docs_dir=Path(docs_dir).as_posix(),
        data_dir=config.plugins["wenming"].config.data_dir.strip("/"),
        submissions_dir=config.plugins["wenming"].config.submissions_dir.strip("/"),
        posts_dir=options.posts_dir.strip("/"),
        news_categories=categories,
        authors=authors,
    )
    files.append(File.generated(config, f"{admin}/index.html", content=admin_page(config.site_name)))
    config_text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    files.append(File.generated(config, f"{admin}/config.yml", content=config_text))
    count = 2
    for path in sorted(dist.iterdir()):
        # decap-cms.js, the chunks it loads on demand (NNN.decap-cms.js) and its WebAssembly;
        # not the duplicate cms.js build, source maps or licence texts.
        if path.name == "decap-cms.js" or path.name.endswith(".decap-cms.js") or path.suffix == ".wasm":
            files.append(File.generated(config, f"{admin}/{path.name}", abs_src_path=os.fspath(path)))
            count += 1
    return count
