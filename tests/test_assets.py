"""The portal's stylesheets and script: each page loads what its section needs, and every URL
carries the file's content hash, so the README's 30-day cache of /assets/ never serves an old one."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

from tests.conftest import THEME_OVERRIDES, base_config, run_build, write_files
from tests.events.conftest import with_events

OWN = re.compile(r"assets/(?:stylesheets|javascripts)/(wenming|goodpeople|events|volunteers|legible)\.(?:css|js)")


def own_assets(built, page: str) -> dict[str, str]:
    """The portal's assets a page links to: file path in the site -> the URL's version."""
    html = BeautifulSoup(built.read(page), "html.parser")
    found = {}
    for tag in html.select("link[rel=stylesheet], script[src]"):
        url = tag.get("href") or tag.get("src")
        if OWN.search(url):
            parts = urlsplit(url)
            found[OWN.search(parts.path).group(0)] = parts.query
    return found


def test_each_page_loads_its_sections_stylesheet_with_the_files_hash(sample_site):
    sheets = {page: sorted(own_assets(sample_site, page)) for page in (
        "index.html", "events/index.html", "events/calendar/2026-11/index.html", "goodpeople/index.html",
        "goodpeople/guide/index.html", "volunteers/index.html", "news/index.html", "404.html")}  # fmt: skip
    base = ["assets/javascripts/wenming.js", "assets/stylesheets/legible.css", "assets/stylesheets/wenming.css"]
    assert sheets == {
        "index.html": sorted([*base, "assets/stylesheets/goodpeople.css", "assets/stylesheets/events.css",
                              "assets/stylesheets/volunteers.css"]),  # fmt: skip
        "events/index.html": sorted([*base, "assets/stylesheets/events.css"]),
        "events/calendar/2026-11/index.html": sorted([*base, "assets/stylesheets/events.css"]),
        "goodpeople/index.html": sorted([*base, "assets/stylesheets/goodpeople.css"]),
        "goodpeople/guide/index.html": sorted([*base, "assets/stylesheets/goodpeople.css"]),
        "volunteers/index.html": sorted([*base, "assets/stylesheets/volunteers.css"]),
        "news/index.html": base,
        "404.html": base,
    }
    for path, query in own_assets(sample_site, "index.html").items():
        digest = hashlib.sha256((sample_site.site / path).read_bytes()).hexdigest()[:10]
        assert query == f"v={digest}", path


def test_editing_one_stylesheet_changes_its_url_in_every_page_and_nothing_else(tmp_path: Path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME_OVERRIDES, theme)
    write_files(tmp_path, {
        "content/index.md": "---\ntemplate: home.html\n---\n# 首页\n",
        "content/about.md": "# 关于我们\n",
        "content/data/events/dongzhi.yml": "title: 冬至包饺子\nkind: 志愿服务\ndate: 2026-12-20\nlocation: 广场\norganizer: 居委会\n",
    })  # fmt: skip
    config = base_config(theme={"name": "material", "custom_dir": str(theme), "language": "zh", "font": False})
    config["plugins"] = with_events(config["plugins"])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    def build(name: str) -> dict[str, dict[str, str]]:
        built = run_build(tmp_path / "mkdocs.yml", strict=True, site_dir=tmp_path / name)
        assert built.error is None, built.warnings
        return {page: own_assets(built, page) for page in built.outputs() if page.endswith(".html")}

    before = build("site-1")
    css = theme / "assets/stylesheets/events.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.wm-cal { outline: 0; }\n", encoding="utf-8")
    after = build("site-2")
    assert before.keys() == after.keys()
    with_events_css = [page for page, assets in after.items() if "assets/stylesheets/events.css" in assets]
    assert "index.html" in with_events_css and "events/dongzhi/index.html" in with_events_css
    assert len(with_events_css) > 5
    for page in before:
        for path, version in before[page].items():
            changed = after[page][path] != version
            assert changed == (path == "assets/stylesheets/events.css"), (page, path)
    assert "assets/stylesheets/events.css" not in after["about/index.html"]
