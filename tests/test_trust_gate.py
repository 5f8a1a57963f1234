"""Issue 16, script never runs on the portal: a site whose records, submission and news post are
full of hostile text (tests/hostile.py) builds, and no page it publishes can run script — checked
with an HTML parser on every page and in chromium on the pages a visitor opens — while what staff
legitimately write (admonitions, tables, buttons, headings, images, footnotes) survives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import (
    BUILD_DATE,
    SAMPLE_CONFIG,
    Built,
    base_config,
    run_build,
    serve_directory,
    write_files,
)
from tests.hostile import BREAKOUT, HOSTILE_TITLE, XSS_CASES, hostile_markdown, unsafe_findings

# Images with a scheme are refused at review (a named message), so that submission is withheld;
# the rest of the corpus is published in an approved submission's body.
_REFUSED_AT_REVIEW = {"data image", "image javascript"}
SUBMISSION_BODY = (
    "冬至前夕，网络文明传播志愿者走进辖区独居老人家中，送去热腾腾的饺子和厚棉被，陪老人聊天拉家常，临走时还帮老人检查了燃气和电线。\n\n"
    + "\n\n".join(f"{name}：\n\n{text}" for name, text in XSS_CASES if name not in _REFUSED_AT_REVIEW)
    + "\n"
)
PHOTO = 'assets/goodpeople/wang"xiu lan\'.png'
# What staff legitimately write, in the same news post as the hostile text.
LEGIT = """
!!! note "温馨提示"
    活动当天请带好身份证。

| 项目 | 时间 |
|:--|--:|
| 包饺子 | 9:00 |

[我要报名](https://example.org/signup){ .md-button .md-button--primary }

## 活动安排 { #anpai }

![活动照片](../../assets/legit.png){ width=300 loading=lazy }

冬至习俗[^1]。

[^1]: 北方吃饺子，南方吃汤圆。
"""
PAGES = {
    "post": "news/2026/11/tougao-evil/index.html",
    "news": "news/index.html",
    "category": "news/category/志愿者投稿/index.html",
    "staff post": "news/2026/11/staff-evil/index.html",
    "staff case": "news/2026/11/staff-case-10/index.html",
    "profile": "goodpeople/people/evil-person/index.html",
    "event": "events/evil-event/index.html",
    "team": "volunteers/teams/evil-team/index.html",
    "home": "index.html",
    "page titled by its heading": "evil-page/index.html",
}


def site_files() -> dict[str, str | bytes]:
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
    hostile = hostile_markdown()
    nomination = {
        "name": "王秀兰", "category": "助人为乐", "summary": BREAKOUT,
        "deeds": "她退休后在社区开办“四点半课堂”，六年来从未收过一分钱，居民们都叫她“孩子们的王奶奶”。" * 2 + "\n\n" + hostile,
        "photo": PHOTO, "nominated_by": "幸福里社区党委", "nominated_on": "2026-05-08", "status": "selected",
        "publicity": {"start": "2026-06-22", "end": "2026-06-28"}, "period": "2026-Q2", "consent": True,
    }  # fmt: skip
    team = {
        "name": BREAKOUT + "志愿服务队", "type": "网络文明传播", "leader": "胡斌", "members": 20,
        "services": [BREAKOUT, "扶老助残"], "description": hostile,
    }  # fmt: skip
    event = {
        "title": BREAKOUT, "kind": "志愿服务", "date": "2026-12-05", "time": "09:00-11:00",
        "location": BREAKOUT + "广场", "organizer": "evil-team", "description": hostile,
    }  # fmt: skip
    submission = {
        "title": HOSTILE_TITLE, "kind": "story", "author": "陈思雨", "team": "evil-team",
        "submitted": "2026-11-10", "status": "approved", "reviewer": "李红梅", "reviewed": "2026-11-12",
    }  # fmt: skip
    refused = {**submission, "title": "图片地址不安全的稿件"}
    refused_body = SUBMISSION_BODY.split("\n\n")[0] + "\n\n" + "\n\n".join(t for n, t in XSS_CASES if n in _REFUSED_AT_REVIEW)
    staff_post = {"date": dt.date(2026, 11, 20), "categories": ["社区新闻"], "description": BREAKOUT, "title": BREAKOUT + "新闻"}
    legit_post = {"date": dt.date(2026, 11, 21), "categories": ["社区新闻"], "title": "冬至包饺子"}

    def front(data: dict[str, object], body: str) -> str:
        return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body

    return {
        "content/index.md": "---\ntemplate: home.html\n---\n# 首页\n",
        "content/news/index.md": "# 新闻动态\n",
        # A page titled by its first heading: themes print titles raw (header, <title> via striptags).
        "content/evil-page.md": "# &lt;img src=x onerror=alert(45)&gt;标题&amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;alert(46)&amp;lt;/script&amp;gt;\n\n正文\n",
        "content/goodpeople/index.md": "# 身边好人\n",
        "content/events/index.md": "# 社区活动\n",
        "content/volunteers/index.md": "# 志愿服务\n",
        "content/assets/legit.png": png,
        f"content/{PHOTO}": png,
        "content/submissions/x.png": png,
        "content/data/nominations/evil-person.yml": yaml.safe_dump(nomination, allow_unicode=True),
        "content/data/teams/evil-team.yml": yaml.safe_dump(team, allow_unicode=True),
        "content/data/events/evil-event.yml": yaml.safe_dump(event, allow_unicode=True),
        "content/submissions/evil.md": front(submission, SUBMISSION_BODY),
        "content/submissions/refused.md": front(refused, refused_body),
        "content/news/posts/staff-evil.md": front(staff_post, "导语。\n\n<!-- more -->\n\n" + hostile),
        "content/news/posts/staff-legit.md": front(legit_post, "导语。\n\n<!-- more -->\n\n" + LEGIT),
        # Staff raw HTML is parsed as HTML: an unclosed <style> or <math> in one case would hide the
        # cases after it, so each case is also a post of its own.
        **{
            f"content/news/posts/staff-case-{number}.md": front({**staff_post, "title": f"案例{number}"}, f"{name}：\n\n{text}\n")
            for number, (name, text) in enumerate(XSS_CASES)
        },
    }


def config(staff_html: str = "clean") -> dict[str, object]:
    sample = yaml.safe_load(SAMPLE_CONFIG.read_text(encoding="utf-8"))
    plugins = base_config()["plugins"]
    plugins[1]["wenming"]["staff_html"] = staff_html
    blog = next(p["blog"] for p in sample["plugins"] if isinstance(p, dict) and "blog" in p)
    return {
        "plugins": [
            *plugins, "wenming-goodpeople", "wenming-events", "wenming-volunteers",
            {"wenming-submissions": {"admin": True, "admin_backend": {"name": "gitea", "repo": "shequ/wenming", "client_secret": "s3cr3t-do-not-publish"}}},
            {"blog": blog},
        ],
        "markdown_extensions": [*sample["markdown_extensions"], "footnotes"],
    }  # fmt: skip


def build(root: Path, staff_html: str = "clean") -> Built:
    write_files(root, site_files())
    (root / "node_modules").symlink_to(Path(__file__).resolve().parents[1] / "node_modules")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(base_config(**config(staff_html)), allow_unicode=True), encoding="utf-8")
    built = run_build(root / "mkdocs.yml")
    assert built.error is None, built.errors
    return built


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("hostile"))


def html_pages(built: Built) -> list[str]:
    return [path for path in built.outputs() if path.endswith(".html")]


def test_every_hostile_page_is_published(hostile_site):
    for name, path in PAGES.items():
        assert (hostile_site.site / path).is_file(), name
    assert BUILD_DATE == "2026-11-23"


def test_no_built_page_can_run_script(hostile_site):
    findings = {path: unsafe_findings(hostile_site.read(path)) for path in html_pages(hostile_site)}
    assert {path: found for path, found in findings.items() if found} == {}
    assert len(findings) > 20


def test_the_hostile_text_reached_the_pages_as_text(hostile_site):
    # The scan above means something only if the hostile text is on the pages it scanned.
    for name in ("post", "staff post", "profile", "event", "team"):
        text = BeautifulSoup(hostile_site.read(PAGES[name]), "html.parser").get_text()
        assert "script tag" in text and "math href" in text, name
        if name != "staff post":  # raw HTML: the unclosed <style> case hides what follows it
            assert "markdown link javascript" in text and "meta description breakout" in text, name
    for number, (name, _) in enumerate(XSS_CASES):
        assert name in hostile_site.read(f"news/2026/11/staff-case-{number}/index.html"), name
    post = BeautifulSoup(hostile_site.read(PAGES["post"]), "html.parser")
    assert post.h1.get_text() == HOSTILE_TITLE
    assert post.h1.attrs == {"id": post.h1["id"]}
    assert "<script>alert(1)</script>" in post.get_text()  # a contributor's HTML is shown as text


def test_without_the_gate_staff_text_would_run_script(tmp_path):
    # The control: the office may trust staff HTML; the same site then publishes script.
    built = build(tmp_path, staff_html="trusted")
    assert any("onerror" in finding for finding in unsafe_findings(built.read(PAGES["staff post"])))


def test_attribute_values_are_escaped(hostile_site):
    for name in ("event", "team", "staff post", "profile"):
        soup = BeautifulSoup(hostile_site.read(PAGES[name]), "html.parser")
        description = soup.select_one('meta[name="description"]')["content"]
        assert BREAKOUT in description, name
        assert len(soup.select("head img")) == 0, name
    profile = BeautifulSoup(hostile_site.read(PAGES["profile"]), "html.parser")
    assert [img["src"] for img in profile.select(".wm-gp-profile img, main img, article img") if "wang" in img.get("src", "")][:1] == [
        "../../../assets/goodpeople/wang\"xiu lan'.png"
    ]


def test_submission_with_an_unsafe_image_address_is_withheld_with_a_message(hostile_site):
    assert not (hostile_site.site / "news/2026/11/tougao-refused").exists()
    assert any(
        "content/submissions/refused.md" in warning and "是外部链接" in warning for warning in hostile_site.warnings
    )


def test_legitimate_staff_content_survives(hostile_site):
    soup = BeautifulSoup(hostile_site.read("news/2026/11/staff-legit/index.html"), "html.parser")
    assert soup.select_one(".admonition.note .admonition-title").get_text() == "温馨提示"
    assert [th.get("style") for th in soup.select("table th")] == ["text-align:left", "text-align:right"]
    button = soup.select_one("a.md-button.md-button--primary")
    assert button["href"] == "https://example.org/signup"
    assert soup.select_one("h2#anpai").get_text().startswith("活动安排")
    image = soup.find("img", alt="活动照片")
    assert (image["width"], image["loading"]) == ("300", "lazy")
    assert soup.select_one("sup a.footnote-ref")["href"] == "#fn:1"
    assert "北方吃饺子" in soup.select_one(".footnote").get_text()


def test_excerpt_separator_still_works_on_news_views(hostile_site):
    views = [path for path in html_pages(hostile_site) if path.startswith("news/") and "/page/" in path or path == PAGES["news"]]
    (legit_view,) = [path for path in views if "冬至包饺子" in hostile_site.read(path)]
    text = BeautifulSoup(hostile_site.read(legit_view), "html.parser").get_text()
    assert "导语" in text and "温馨提示" not in text  # the staff post's excerpt ends at <!-- more -->
    category = BeautifulSoup(hostile_site.read(PAGES["category"]), "html.parser")
    assert HOSTILE_TITLE in category.get_text()
    assert "markdown link javascript" not in category.get_text()  # only the credit, before <!-- more -->


def test_cms_config_has_no_secret_and_no_review_fields(hostile_site):
    if not (hostile_site.site / "admin/config.yml").exists():
        pytest.fail("decap-cms is not installed: run `npm ci`")
    text = hostile_site.read("admin/config.yml")
    assert "s3cr3t" not in text and "client_secret" not in text
    settings = yaml.safe_load(text)
    assert settings["backend"] == {"name": "gitea", "repo": "shequ/wenming"}
    submissions = next(c for c in settings["collections"] if c["name"] == "submissions")
    fields = {field["name"]: field for field in submissions["fields"]}
    assert fields["status"]["widget"] == "hidden" and fields["status"]["default"] == "pending"
    assert not {"reviewer", "reviewed", "review_note"} & set(fields)
    assert any("client_secret" in warning and "未写入" in warning for warning in hostile_site.warnings)


@pytest.fixture(scope="module")
def served(hostile_site) -> Iterator[str]:
    with serve_directory(hostile_site.site) as url:
        yield url


@pytest.mark.parametrize("name", list(PAGES))
def test_no_dialog_fires_in_chromium(browser, served, name):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(served + PAGES[name], wait_until="load")
        page.wait_for_timeout(300)
        # Focus, tab and hover through the page: handlers like onfocus/onmouseover would fire now.
        for _ in range(40):
            page.keyboard.press("Tab")
        for element in page.query_selector_all("article a, article img, article h1, article h2, article p")[:80]:
            if element.is_visible():
                element.hover(timeout=1000, force=True)
        page.wait_for_timeout(300)
        assert dialogs == []
        # Nothing drawn over the page: the content's first heading is what a reader sees there.
        # Back at the top first: tabbing to the footer scrolls a page taller than the window, and
        # the sticky header then rightly covers the heading.
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate(
            "() => { const h = document.querySelector('article h1'); if (!h) return true;"
            " const r = h.getBoundingClientRect();"
            " const top = document.elementFromPoint(r.left + 2, r.top + r.height / 2);"
            " return !top || h.contains(top) || top.contains(h); }"
        )
    finally:
        context.close()


def test_search_index_holds_the_hostile_text_only_as_text(hostile_site):
    # Material's search list draws titles and teasers with innerHTML: the index holds them as
    # text, and the engine escapes them (the markup it produces is what is checked here).
    from tests.search_engine import index_docs, result_markup

    docs = index_docs(hostile_site.site)
    hostile = [text for _, title, teaser in docs for text in (title, teaser) if "onerror" in text or "<script" in text]
    assert len(hostile) > 5  # the hostile text is indexed…
    for markup in result_markup(hostile, "onerror"):  # …but never becomes markup
        assert unsafe_findings(markup) == [], markup
