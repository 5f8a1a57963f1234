"""Every link and anchor of the built sample leads somewhere, and no page repeats an id.

Internal links (``href``/``src`` of a, link, img, script…) must name a file of the site; an
anchor (``#id`` on the same page, ``page/#id`` on another) must name an id in that page; a
``<label for>`` must name an id in its page. See tests/site_check.py (also a script).
"""

from __future__ import annotations

from html.parser import HTMLParser

from tests.site_check import Broken, check_site

# Material's own template errors, each excluded by an explicit rule with the reason.
MATERIAL_EXCLUSIONS = {
    # partials/toc.html labels the navigation's table-of-contents toggle (input #__toc), which
    # Material renders only for a page that is listed in the navigation: news posts and festival
    # pages are not, so their toc title's label points at nothing (a no-op on click).
    "<label for=__toc>",
}


def own(broken: list[Broken]) -> list[str]:
    return [str(item) for item in broken if item.link not in MATERIAL_EXCLUSIONS]


def test_every_internal_link_and_anchor_resolves(sample_site):
    report = check_site(sample_site.site)
    print(report.summary())
    assert report.pages > 150 and report.links > 5000 and report.anchors > 300  # it looked at the whole site
    assert own(report.broken) == []


def test_no_page_repeats_an_id(sample_site):
    report = check_site(sample_site.site)
    assert report.duplicates == {}


def test_the_check_finds_what_it_is_for(tmp_path):
    # Each broken kind, on a tiny site written by hand: the check is worth something only if it fails.
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<p id="x">一</p><p id="x">二</p>\n'
        '<a href="#x">ok</a><a href="#nope">1</a><a href="a/">ok</a><a href="a/#y">ok</a><a href="a/#z">2</a>\n'
        '<a href="b/">3</a><img src="missing.png"><a href="../outside.html">4</a><label for="q">5</label>\n'
        '<a href="https://example.org/#x">external</a><a href="mailto:a@b.c">mail</a><a href="#">top</a>'
        '<a href="a/#%E6%B4%BB%E5%8A%A8">ok, percent-encoded</a>',
        encoding="utf-8",
    )
    (tmp_path / "a/index.html").write_text('<h2 id="y">y</h2><h2 id="活动">活动</h2>', encoding="utf-8")
    report = check_site(tmp_path)
    assert [(item.link, item.reason.split("：")[0]) for item in report.broken] == [
        ("<label for=q>", "页内没有这个 id"),
        ("#nope", "锚点不存在"),
        ("a/#z", "锚点不存在"),
        ("b/", "文件不存在"),
        ("missing.png", "文件不存在"),
        ("../outside.html", "指向网站之外"),
    ]
    assert report.duplicates == {"index.html": ["x"]}


class _Outline(HTMLParser):
    """How many h1 a page has, and whether an <article> opens inside another."""

    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.depth = 0
        self.nested = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self.h1 += 1
        elif tag == "article":
            self.nested += self.depth > 0 and not dict(attrs).get("class", "").startswith("md-post")
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1


def test_every_page_has_one_h1_and_no_article_inside_the_content_article(sample_site):
    # Material's news list puts each post excerpt (article.md-post) in its page: that nesting is
    # its own and intended; a page template must not wrap its content in a second article.
    wrong = []
    for path in sorted(sample_site.site.rglob("*.html")):
        outline = _Outline()
        outline.feed(path.read_text(encoding="utf-8"))
        if outline.h1 != 1 or outline.nested:
            wrong.append(f"{path.relative_to(sample_site.site)}: {outline.h1} h1, {outline.nested} nested article")
    assert wrong == []
