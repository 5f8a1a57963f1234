"""The sample portal's news section, home page and feed, as a resident and a feed reader get them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import REPO

POSTS = sorted((REPO / "content/news/posts").glob("*.md"))
CATEGORIES = ["社区新闻", "好人好事", "志愿服务", "我们的节日", "道德讲堂"]


def soup(built, path: str) -> BeautifulSoup:
    return BeautifulSoup(built.read(path), "html.parser")


def test_there_are_at_least_twelve_sample_posts():
    assert len(POSTS) >= 12


def test_every_post_is_published_at_a_file_name_url(sample_site):
    for post in POSTS:
        date = post.read_text(encoding="utf-8").split("date:", 1)[1].strip()[:7].replace("-", "/")
        page = sample_site.site / "news" / date / post.stem / "index.html"
        assert page.is_file(), f"{post.name} was not published at {page}"


def test_home_page_lists_the_latest_news_newest_first(sample_site):
    home = soup(sample_site, "index.html")
    items = home.select(".wm-home-news .wm-news-item")
    assert len(items) == 6
    dates = [item.select_one("time")["datetime"] for item in items]
    assert dates == sorted(dates, reverse=True)
    first = items[0]
    assert first.select_one(".wm-news-title")["href"].startswith("news/2026/11/")
    assert first.select_one(".wm-news-summary").get_text(strip=True)
    assert first.select_one("time").get_text(strip=True).startswith("2026年11月")
    assert home.select_one(".wm-home-news .wm-more a")["href"] == "news/"


def test_news_index_is_paginated_with_excerpts(sample_site):
    index = soup(sample_site, "news/index.html")
    excerpts = index.select("article.md-post--excerpt")
    assert len(excerpts) == 8
    assert (sample_site.site / "news/page/2/index.html").is_file()
    assert index.select_one(".md-pagination")


def test_categories_and_archive_pages_exist(sample_site):
    for category in CATEGORIES:
        assert (sample_site.site / "news/category" / category / "index.html").is_file(), category
    assert (sample_site.site / "news/archive/2025/index.html").is_file()
    assert (sample_site.site / "news/archive/2026/index.html").is_file()


def test_post_shows_author_from_the_authors_file(sample_site):
    post = soup(sample_site, "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/index.html")
    assert "幸福里社区居委会" in post.get_text()


def test_rss_feed_lists_posts_with_chinese_titles(sample_site):
    feed = ET.parse(Path(sample_site.site / "feed_rss_created.xml")).getroot()
    items = feed.findall("./channel/item")
    assert len(items) >= 12
    titles = [item.findtext("title") for item in items]
    assert "百家宴上话团圆 幸福里邻里共迎中秋" in titles
    assert feed.findtext("./channel/title") == "幸福里社区新闻动态"


def test_post_shows_date_and_category_on_top_and_none_of_materials_leftovers(sample_site):
    post = soup(sample_site, "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/index.html")
    meta = post.select_one("article .wm-post-meta")
    assert meta.select_one("time").get_text() == "2026年9月24日"
    assert [a.get_text() for a in meta.select("a")] == ["我们的节日"]
    assert meta.find_next("h1") is not None  # above the title, first thing in the article
    text = post.get_text()
    assert "阅读时间" not in text and "回到主页" not in text
    back = post.select_one(".md-post__back a")
    assert back.get_text(strip=True) == "返回新闻动态" and back["href"] == "../../../"
    # The sidebar's 元数据 heading now reads 文章信息 and is hidden (wenming.css): no 元数据 anywhere.
    assert "元数据" not in text


def test_news_list_toc_leads_to_each_excerpt_by_a_readable_id(sample_site):
    index = soup(sample_site, "news/index.html")
    links = [a["href"] for a in index.select(".md-sidebar--secondary a.md-nav__link")]
    assert len(links) == 8  # one per post on the page
    targets = [index.find(id=href[1:]) for href in links]
    assert all(targets) and len(set(links)) == len(links)
    titles = [a.get_text(strip=True) for a in index.select("article.md-post--excerpt h2")]
    assert [target.get_text(strip=True) for target in targets] == titles
    assert "#_1" not in links and links[0] == "#幸福里社区文明实践网正式上线"
