"""A real browser on the built sample portal: Debian's chromium driven by Playwright, the site
served on 127.0.0.1 by a small local server that also counts the bytes it sends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, REPO, serve_directory

AXE = REPO / "node_modules/axe-core/axe.min.js"


def missing_tools() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed at /usr/bin/chromium (.ci/run installs it)"
    if not AXE.exists():
        return "axe-core is not installed: run `npm ci` (.ci/run does)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = missing_tools()
    if reason and not os.environ.get("CI"):
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def site_url(sample_site) -> Iterator[str]:
    reason = missing_tools()
    if reason:
        pytest.fail(reason)  # in CI the browser must be there: a skip would hide a broken promise
    with serve_directory(sample_site.site) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN")
    yield context
    context.close()


def choose_font_size(page, name: str) -> None:
    """Tap A, A+ or A++ as a reader does: on a phone the three sizes sit behind the 字号 button."""
    toggle = page.locator(".wm-fontsize__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.get_by_role("button", name=name, exact=True).click()
