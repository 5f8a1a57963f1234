"""What search engines and feed readers get: sitemap dates, robots.txt and the updated-news feed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import feedparser

from tests.conftest import BUILD_DATE, REPO, base_config
from wenming.core.lastmod import as_date, lastmod_dates, latest_until, own_date

SITE = "https://wenming.example.org.cn/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
POSTS = sorted((REPO / "content/news/posts").glob("*.md"))


def front_matter_dates(path) -> tuple[dt.date, dt.date | None]:
    text = path.read_text(encoding="utf-8")
    created = re.search(r"^date: (\S+)$", text, re.M)
    updated = re.search(r"^updated: (\S+)$", text, re.M)
    return dt.date.fromisoformat(created.group(1)), dt.date.fromisoformat(updated.group(1)) if updated else None


def sitemap(built) -> dict[str, str]:
    root = ET.parse(built.site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    found = {}
    for url in root.findall(f"{SITEMAP}url"):
        assert [child.tag for child in url] == [f"{SITEMAP}loc", f"{SITEMAP}lastmod"]
        found[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return found


def test_own_date_reads_updated_then_materials_date_forms():
    assert own_date({"date": dt.date(2026, 9, 24), "updated": dt.date(2026, 11, 20)}) == dt.date(2026, 11, 20)
    assert own_date({"date": dt.date(2026, 9, 24)}) == dt.date(2026, 9, 24)
    assert own_date({"date": {"created": dt.date(2026, 9, 24), "updated": "2026-10-01"}}) == dt.date(2026, 10, 1)
    assert own_date({"date": {"created": dt.datetime(2026, 9, 24, 18, 30)}}) == dt.date(2026, 9, 24)
    assert own_date({"title": "没有日期"}) is None
    assert own_date({"updated": "下周", "date": "2026-01-02"}) == dt.date(2026, 1, 2)  # unreadable text is no date
    assert as_date(20260924) is None


def test_pages_are_dated_by_their_own_past_dates():
    today = dt.date(2026, 11, 23)
    dates = lastmod_dates({"post": dt.date(2026, 9, 24), "upcoming": dt.date(2027, 2, 6), "index": None}, today)
    # An upcoming day says nothing of when its page changed: it gets the site's newest change.
    assert dates == {"post": dt.date(2026, 9, 24), "upcoming": dt.date(2026, 9, 24), "index": dt.date(2026, 9, 24)}
    assert lastmod_dates({"index": None}, today) == {"index": today}
    assert latest_until([dt.date(2026, 1, 1), None, dt.date(2027, 1, 1)], today) == dt.date(2026, 1, 1)


def test_sitemap_dates_come_from_posts_and_records_not_the_build(sample_site):
    dates = sitemap(sample_site)
    assert len(dates) > 100 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for day in dates.values())
    assert all(day <= BUILD_DATE for day in dates.values())
    # A post with `updated:` is dated by it, the others by their `date:`.
    assert dates[SITE + "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/"] == "2026-11-20"
    assert dates[SITE + "news/2026/05/2026-05-wenming-yangquan/"] == front_matter_dates(
        REPO / "content/news/posts/2026-05-wenming-yangquan.md"
    )[0].isoformat()
    # A past event by its day; the build date is no page's date unless something changed on it.
    assert dates[SITE + "events/2026-zhongqiu-linli-tuanyuan-yan/"] == "2026-09-23"
    assert len(set(dates.values())) > 20


def test_robots_txt_points_at_the_sitemap(sample_site):
    # The volunteers' CMS is a login page, of no use in search results.
    # The sample builds no /admin/ (Decap is off by default), so nothing is kept from crawlers.
    assert sample_site.read("robots.txt") == f"User-agent: *\nDisallow:\n\nSitemap: {SITE}sitemap.xml\n"


def test_robots_txt_without_the_cms_allows_everything_and_an_own_file_wins(make_site):
    assert "robots.txt" not in make_site(site_url=None).outputs()  # its Sitemap line needs the address
    built = make_site(strict=True)
    assert built.read("robots.txt") == "User-agent: *\nDisallow:\n\nSitemap: https://wenming.test.example/sitemap.xml\n"
    own = make_site({"content/robots.txt": "User-agent: *\nDisallow: /\n"}, strict=True)
    assert own.read("robots.txt") == "User-agent: *\nDisallow: /\n"


def test_updated_feed_uses_each_posts_own_update_date_newest_first(sample_site):
    feed = feedparser.parse((sample_site.site / "feed_rss_updated.xml").read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    entries = feed.entries
    assert len(entries) == 20  # the plugin's default length; the sample has more posts
    stamps = [entry.published_parsed for entry in entries]
    assert stamps == sorted(stamps, reverse=True)
    assert entries[0].link == SITE + "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/"
    assert entries[0].published == "Fri, 20 Nov 2026 00:00:00 +0800"
    # Each staff post at its own date (approved submissions are posts too, dated by the plugin).
    own = {path.stem: updated or created for path in POSTS for created, updated in [front_matter_dates(path)]}
    checked = 0
    for entry in entries:
        stem = entry.link.rstrip("/").rsplit("/", 1)[1]
        if stem in own:
            assert entry.published == own[stem].strftime("%a, %d %b %Y 00:00:00 +0800"), stem
            checked += 1
    assert checked >= 10
    # Not the build time (the plugin's fallback, written in UTC with the clock's time).
    assert all(entry.published.endswith(" 00:00:00 +0800") for entry in entries)
    created = feedparser.parse((sample_site.site / "feed_rss_created.xml").read_bytes())
    assert created.bozo == 0 and created.entries[0].link != entries[0].link


def test_an_updated_that_is_no_date_is_named_with_file_and_line(make_site):
    post = "---\ndate: 2026-09-24\nupdated: 下周\n---\n\n# 中秋\n\n正文。\n"
    built = make_site({"content/news/posts/zhongqiu.md": post, "content/news/index.md": "# 新闻\n"},
                      strict=True, plugins=[*base_config()["plugins"], {"blog": {"blog_dir": "news"}}])  # fmt: skip
    assert built.error is not None
    # The only warning (the feed falls back to the post's date instead of failing on the text).
    assert built.warnings == [
        "wenming: content/news/posts/zhongqiu.md:3: updated '下周' 不是日期：应写成 YYYY-MM-DD（例如 2026-12-25），"
        "表示这篇内容最近一次修改的日期"
    ]
