"""Chinese typesetting and ids in a built site: wrapped lines, heading ids, news list pages."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.site_check import check_site
from wenming.core.typography import duplicate_ids

BLOG = {"blog": {"blog_dir": "news", "blog_toc": True, "post_readtime": False, "pagination_per_page": 5}}


def post(day: str, title: str, more: str = "") -> str:
    return (
        f"---\ndate: {day}\n---\n# {title}\n\n## 活动回顾\n\n居民们早早来到\n活动现场。[^1]\n\n"
        f"<!-- more -->\n\n{more}\n\n[^1]: 注释在正文后面。\n"
    )


def blog_site(make_site):
    return make_site(
        {
            "content/news/index.md": "# 新闻动态\n",
            "content/news/posts/a.md": post("2026-09-01", "重阳敬老"),
            "content/news/posts/b.md": post("2026-09-02", "重阳敬老"),
            "content/news/posts/c.md": post("2026-09-03", "中秋团圆", "## 活动回顾\n\n后文。"),
            "content/about.md": "# 关于我们\n\n## 联系方式\n\n有事请到\n居委会。\n",
        },
        strict=True,
        plugins=[*make_site_plugins(), BLOG],
        markdown_extensions=["attr_list", "md_in_html", "footnotes", {"toc": {"permalink": False}}],
    )


def make_site_plugins():
    from tests.conftest import base_config

    return base_config()["plugins"]


def test_news_list_repeats_no_id_and_its_toc_leads_to_each_post(make_site):
    built = blog_site(make_site)
    assert built.error is None, built.errors
    page = BeautifulSoup(built.read("news/index.html"), "html.parser")
    ids = [element["id"] for element in page.select("[id]")]
    assert duplicate_ids(ids) == []
    # The 目录 (one entry per post) points at the three excerpt headings, each a different one.
    toc = [a["href"] for a in page.select(".md-sidebar--secondary .md-nav__link[href^='#']")]
    targets = [page.find(id=href[1:]) for href in toc]
    assert all(target is not None for target in targets), toc
    titles = [target.get_text(strip=True) for target in targets if target.name == "h2"]
    assert sorted(titles) == ["中秋团圆", "重阳敬老", "重阳敬老"]
    assert len({target["id"] for target in targets}) == len(targets)
    assert "重阳敬老" in toc[0] or "中秋团圆" in toc[0]  # readable, not #_1
    report = check_site(built.site)
    assert [str(broken) for broken in report.broken if "__toc" not in broken.link] == []
    assert report.duplicates == {}


def test_pages_keep_chinese_heading_ids_and_join_wrapped_lines(make_site):
    built = blog_site(make_site)
    page = BeautifulSoup(built.read("about/index.html"), "html.parser")
    assert page.select_one("h2")["id"] == "联系方式"
    assert "有事请到居委会。" in page.get_text()
    post_page = BeautifulSoup(built.read("news/2026/09/03/中秋团圆/index.html"), "html.parser")
    assert "居民们早早来到活动现场。" in post_page.get_text()
    # The post's own repeated heading is numbered as the toc extension does.
    assert [h2["id"] for h2 in post_page.select("article h2")] == ["活动回顾", "活动回顾_1"]


def test_skip_link_target_is_on_every_page(make_site):
    built = blog_site(make_site)
    for path in built.site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.select_one("a.wm-skip")["href"] == "#wm-main", path
        assert page.find(id="wm-main") is not None, path
