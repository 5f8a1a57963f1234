"""Residents on phones: accessible pages (axe-core), nothing fetched from another origin, a font
switch that persists, keyboard access, touch targets, page weight, and reading without JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, choose_font_size
from tests.conftest import ARTIFACTS

# One example of each page kind a resident reads; found in the built site so the test follows
# whatever records the sample holds.
PAGE_KINDS = {
    "home": "index.html",
    "news-post": "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/index.html",
    "honour-roll": "goodpeople/rolls/*/index.html",
    "profile": "goodpeople/people/*/index.html",
    "events-index": "events/index.html",
    "month-calendar": "events/calendar/*/index.html",
    "event": "events/2026-zhongqiu-*/index.html",
    "volunteers-index": "volunteers/index.html",
    "team": "volunteers/teams/*/index.html",
}
PAGE_WEIGHT_LIMIT = 600 * 1024


def url_of(site: Path, pattern: str) -> str:
    """The site-relative URL of the first page whose file matches ``pattern``."""
    matches = sorted(site.glob(pattern))
    assert matches, f"no page matches {pattern}"
    folder = matches[0].parent.relative_to(site).as_posix()
    return "" if folder == "." else folder + "/"


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[str, str]:
    return {kind: url_of(sample_site.site, pattern) for kind, pattern in PAGE_KINDS.items()}


def open_page(context, url: str):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page, requests


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_is_accessible_and_loads_nothing_from_elsewhere(phone, site_url, pages, kind):
    page, requests = open_page(phone, site_url + pages[kind])
    outside = [url for url in requests if not url.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert outside == [], f"{kind} requested other origins"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{kind}: " + "\n".join(serious)


def body_font_size(page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"))


def test_font_switch_enlarges_text_and_is_remembered(phone, site_url, pages):
    page, _ = open_page(phone, site_url)
    standard = body_font_size(page)
    assert standard >= 16
    line_height = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).lineHeight)")
    assert line_height / standard >= 1.5
    choose_font_size(page, "A++")
    largest = body_font_size(page)
    assert largest >= 18 and largest > standard * 1.2
    assert page.locator('.wm-fontsize__button[data-wm-font="2"]').get_attribute("aria-pressed") == "true"
    page.goto(site_url + pages["event"], wait_until="networkidle")
    assert body_font_size(page) == pytest.approx(largest, rel=0.01), "the chosen size is kept on the next page"
    choose_font_size(page, "A")
    assert body_font_size(page) == pytest.approx(standard, rel=0.01)


def test_phone_screenshots(phone, site_url, pages):
    for kind in ("home", "event", "team"):
        page, _ = open_page(phone, site_url + pages[kind])
        path = ARTIFACTS / f"phone-{kind}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


def test_touch_targets_are_at_least_44_px(phone, site_url):
    page, _ = open_page(phone, site_url)
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.wm-fontsize__button, .wm-fontsize__toggle, .md-header__button, .md-tabs__link')]
             .filter(e => e.offsetParent !== null)
             .map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim() || e.className, r.width, r.height]; })"""
    )
    assert sizes
    small = [(name, width, height) for name, width, height in sizes if width < 44 or height < 44]
    assert small == []


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(browser, site_url, pages):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, _ = open_page(context, site_url + pages["news-post"])
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert focused == ["跳到正文", "#wm-main"]
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle + getComputedStyle(document.activeElement).clip")
    assert "none" not in outline or "auto" in outline
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#wm-main"
    unmarked = []
    for _ in range(12):  # the links and controls that follow in the content, each visibly focused
        page.keyboard.press("Tab")
        # A hidden radio button (the light/dark toggle) shows its focus on the label beside it.
        name, style, width = page.evaluate(
            """() => { const e = document.activeElement;
                       const shown = e.matches('.md-option') ? e.nextElementSibling : e;
                       const s = getComputedStyle(shown);
                       return [e.getAttribute('aria-label') || e.textContent.trim().slice(0, 12), s.outlineStyle, s.outlineWidth]; }"""
        )
        # On a short page focus may wrap past the last control to the document itself (the
        # browser's stop between the last and the first control): that is no page control.
        if page.evaluate("() => document.activeElement === document.body"):
            continue
        if style == "none" or width == "0px":
            unmarked.append(name)
    assert unmarked == []
    context.close()


@pytest.mark.parametrize("kind", ["home", "event"])
def test_first_load_weighs_at_most_600_kb(browser, site_url, pages, kind):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())) if response.ok else None)
    page.goto(site_url + pages[kind], wait_until="networkidle")
    context.close()
    counted = {url: size for url, size in sizes.items() if "search_index.json" not in url}
    total = sum(counted.values())
    report = ARTIFACTS / "page-weight.json"
    figures = json.loads(report.read_text()) if report.exists() else {}
    figures[kind] = {"bytes": total, "requests": len(counted)}
    report.write_text(json.dumps(figures, indent=2))
    print(f"{kind}: {total / 1024:.0f} KB in {len(counted)} requests (uncompressed, without the search index)")
    assert total <= PAGE_WEIGHT_LIMIT


def test_pages_read_fine_without_javascript(browser, site_url, pages):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page, _ = open_page(context, site_url)
    assert page.locator(".wm-news-item").count() >= 5
    assert not page.locator(".wm-fontsize").is_visible()
    page.goto(site_url + pages["event"])
    assert page.locator("article h1").first.inner_text().strip()
    context.close()


@pytest.mark.parametrize("kind", ["home", "event", "team", "profile"])
def test_dark_scheme_keeps_contrast(browser, site_url, pages, kind):
    """Residents whose phones are in dark mode get Material's dark palette: it must read as well."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page, _ = open_page(context, site_url + pages[kind])
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
    context.close()
    failing = [node["target"][0] for violation in result["violations"] for node in violation["nodes"]]
    assert failing == [], f"{kind} (dark): {failing[:5]}"


def test_dark_scheme_hovered_and_focused_links_stay_readable(browser, site_url, pages):
    """Material colours a link under the pointer or keyboard focus with the accent colour; on
    the dark scheme that colour must still read against the dark background."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page, _ = open_page(context, site_url + pages["event"])
    page.add_script_tag(path=str(AXE))
    link = page.locator(".wm-event__back a")  # a plain text link in the page's content
    link.scroll_into_view_if_needed()
    for state in ("focus", "hover"):
        getattr(link, state)()
        colour = link.evaluate("element => getComputedStyle(element).color")
        result = page.evaluate(
            "async (element) => await axe.run({include: [element]}, {runOnly: ['color-contrast']})", link.element_handle()
        )
        failing = [node["any"][0]["message"] for violation in result["violations"] for node in violation["nodes"]]
        assert failing == [], f"{state} ({colour}): {failing}"
        assert result["passes"], f"{state}: axe did not check the link"
    context.close()


def test_subscribe_link_opens_the_explanation(phone, site_url, pages):
    """订阅日历 on a month page leads to the events list with the subscription explained, opened
    and on screen; the address shown and the download link are the feed."""
    page, _ = open_page(phone, site_url + pages["month-calendar"])
    assert page.locator(".wm-events-links a[download]").count() == 0
    page.get_by_role("link", name="订阅日历").click()
    page.wait_for_url("**/events/#subscribe")
    explanation = page.locator("details#subscribe")
    assert explanation.evaluate("element => element.open")
    address = explanation.locator("code")
    assert address.is_visible() and address.inner_text().endswith("/events/events.ics")
    assert page.evaluate("() => document.querySelector('details#subscribe summary').getBoundingClientRect().top") < 844
    download = explanation.locator("a[download]").get_attribute("href")
    assert page.request.get(page.url.split("#")[0] + download).text().startswith("BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize("path", ["goodpeople/", "goodpeople/guide/"])
def test_nominate_link_is_big_and_fits_the_phone_at_the_largest_font(phone, site_url, path):
    page, _ = open_page(phone, site_url + path)
    choose_font_size(page, "A++")
    link = page.get_by_role("link", name="我推荐身边好人")
    assert link.get_attribute("href") == "https://tougao.example.org.cn/nominate"
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the button fits the screen"
    # Nothing in the page's text reaches past the screen's edge (the header: test_large_text.py).
    wider = page.evaluate("() => [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > 390.5)"
                          ".map(e => e.tagName + '.' + e.className)")  # fmt: skip
    assert wider == [], "the article does not scroll sideways"
    name = path.strip("/").replace("/", "-")
    path_out = ARTIFACTS / f"phone-{name}-nominate-a++.png"
    page.screenshot(path=str(path_out), full_page=False)
    assert path_out.stat().st_size > 10_000
