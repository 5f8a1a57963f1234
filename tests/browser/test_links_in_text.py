"""Links inside running text are told apart by more than colour (axe-core's link-in-text-block,
the rule Lighthouse reports), on every team page and the pages that list teams and events."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AXE

PAGES = [
    "volunteers/", "volunteers/leaderboard/", "events/", "events/festivals/zhongqiu/", "goodpeople/",
    "news/", "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/", "news/2026/07/tougao-linju-xiaoma/",
    "events/2026-zhongqiu-linli-tuanyuan-yan/",
]  # fmt: skip


def team_pages(site) -> list[str]:
    return sorted(f"volunteers/teams/{path.parent.name}/" for path in site.glob("volunteers/teams/*/index.html"))


def test_links_in_text_are_underlined_or_contrast(phone, site_url, sample_site):
    pages = [*PAGES, *team_pages(sample_site.site)]
    assert len(pages) > len(PAGES)
    page = phone.new_page()
    failing, checked = [], 0
    for path in pages:
        page.goto(site_url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {runOnly: ['link-in-text-block']})")
        checked += sum(len(rule["nodes"]) for rule in result["passes"])
        failing += [f"{path}: {node['html'][:90]}" for rule in result["violations"] + result["incomplete"] for node in rule["nodes"]]
    assert failing == []
    assert checked >= 20  # the rule found links in text to check, on these pages


@pytest.mark.parametrize("path", ["goodpeople/people/wang-xiulan/", "goodpeople/"])
def test_photos_are_sized_and_sharp_on_a_phone(phone, site_url, path):
    page = phone.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    # Cards load their photos lazily: load them all now to read their natural size.
    page.evaluate("() => Promise.all([...document.querySelectorAll('.wm-gp img')].map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }))")
    photos = page.evaluate(
        """() => [...document.querySelectorAll('.wm-gp img')].map(img => {
             const r = img.getBoundingClientRect();
             return [img.alt, img.getAttribute('width'), img.getAttribute('height'), img.naturalWidth, r.width];
           })"""
    )
    assert photos
    for alt, width, height, natural, shown in photos:
        assert width and height, f"{alt} has no width/height"
        # Lighthouse's image-size-responsive: at least twice the shown size (2x screens), with its 0.75 tolerance.
        assert natural >= shown * 2 * 0.75, f"{alt}: {natural} px for {shown:.0f} CSS px"
