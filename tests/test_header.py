"""The header's site name (theme_overrides/partials/header.html): escaped wherever it is printed,
and offered one line break at a word boundary (before 新时代, else after 社区) so that a phone
shows it on two lines instead of cutting it to "幸…" (tests/browser/test_large_text.py)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

HOSTILE = '幸福里<script>alert(1)</script>"&社区新时代文明实践网'


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("幸福里社区新时代文明实践网", "幸福里社区", "新时代文明实践网"),
        ("清河街道幸福里社区文明实践站", "清河街道幸福里社区", "文明实践站"),  # no 新时代: after 社区
        ("新时代文明实践中心", "新时代文明实践中心", None),  # nothing before 新时代: no break
        ("文明实践网", "文明实践网", None),
        ("幸福里社区", "幸福里社区", None),  # 社区 at the end: no empty second line
    ],
)
def test_site_name_breaks_at_a_word(make_site, name, first, second):
    built = make_site(site_name=name)
    span = BeautifulSoup(built.read("index.html"), "html.parser").select_one(".md-header__topic .wm-site-name")
    parts = span.decode_contents().strip().split("<wbr/>")
    assert parts == ([first, second] if second else [first])


def test_hostile_site_name_is_text_everywhere_in_the_header(make_site):
    built = make_site(site_name=HOSTILE)
    assert built.error is None
    header = BeautifulSoup(built.read("index.html"), "html.parser").select_one("header.md-header")
    assert [script for script in header.find_all("script") if "alert" in script.get_text()] == []
    name = header.select_one(".wm-site-name")
    assert name.get_text() == HOSTILE
    assert len(name.find_all("wbr")) == 1 and name.get_text().index("新时代") > 0
    logo = header.select_one(".md-logo")
    assert logo["aria-label"] == HOSTILE and logo["title"] == HOSTILE
