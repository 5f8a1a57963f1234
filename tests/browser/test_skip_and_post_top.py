"""The skip link works on the blog's pages too, and a news post shows its date at the top on a phone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path", ["news/", "news/archive/2026/", "news/category/我们的节日/", "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/", "events/"]
)
def test_skip_link_moves_focus_to_the_content(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "wm-main"
    # The next Tab leaves navigation and table of contents behind: it lands in the content.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('.md-content')"), page.evaluate(
        "() => document.activeElement.outerHTML.slice(0, 120)"
    )
    context.close()


def test_news_post_date_and_category_are_on_the_first_screen_of_a_phone(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/")
    meta = page.locator(".wm-post-meta")
    assert meta.is_visible()
    box = meta.bounding_box()
    assert box is not None and box["y"] + box["height"] < 844  # inside the first screen
    assert "2026年9月24日" in meta.inner_text() and "我们的节日" in meta.inner_text()
    assert not page.locator(".md-post__meta .md-post__title").first.is_visible()  # no 元数据 heading


def test_the_date_line_is_not_repeated_where_the_sidebar_shows_it(browser, site_url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(site_url + "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/")
    assert not page.locator(".wm-post-meta").is_visible()
    assert page.locator(".md-sidebar--post time").first.is_visible()
    context.close()
