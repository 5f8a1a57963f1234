"""The trust gate on its own: every hostile case rendered at both trust levels is harmless, and
what staff legitimately write survives."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from tests.hostile import XSS_CASES, unsafe_findings
from wenming.core.gate import (
    StaffGateExtension,
    attribute_text,
    clean_staff_html,
    contributor_gate_notes,
    markdown_heading_text,
    render_contributor_markdown,
    title_text,
)

SITE_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "footnotes",
    "pymdownx.details", "pymdownx.superfences",
]  # fmt: skip


def render_staff(text: str) -> str:
    return markdown.Markdown(extensions=[*SITE_EXTENSIONS, StaffGateExtension()]).convert(text)


@pytest.mark.parametrize(("name", "text"), XSS_CASES, ids=[name for name, _ in XSS_CASES])
def test_hostile_case_is_harmless_as_staff_text(name, text):
    assert unsafe_findings(render_staff(text), fragment=True) == []


@pytest.mark.parametrize(("name", "text"), XSS_CASES, ids=[name for name, _ in XSS_CASES])
def test_hostile_case_is_harmless_as_contributor_text(name, text):
    assert unsafe_findings(render_contributor_markdown(text), fragment=True) == []


def test_without_the_gate_the_corpus_is_not_harmless():
    # The corpus is worth something only if it breaks an unguarded renderer.
    unsafe = [name for name, text in XSS_CASES
              if unsafe_findings(markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text), fragment=True)]
    print(sorted(set(dict(XSS_CASES)) - set(unsafe)))
    assert len(unsafe) >= 30


def test_attribute_list_cannot_add_handlers_or_overlays_but_keeps_classes_and_ids():
    html = render_staff("## 小标题 {: #xiao .big autofocus tabindex=1 onfocus=alert(1) style='position:fixed;text-align:center' }")
    assert html == '<h2 class="big" id="xiao" style="text-align:center">小标题</h2>'


def test_contributor_html_is_shown_as_text():
    html = render_contributor_markdown("你好<script>alert(1)</script> & <b>粗</b>")
    assert html == "<p>你好&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;</p>"


def test_contributor_code_and_ampersands_show_as_typed():
    # A volunteer's code sample or "A&B" must read as written, not as "&amp;lt;" (escaping the
    # source before Markdown would escape it twice inside code).
    html = render_contributor_markdown("活动 A&B 组，`a<b && c>d`\n\n```\nif (a < b && c > d) {}\n```\n\n&lt;b&gt; 与 &#106;s")
    soup = BeautifulSoup(html, "html.parser")
    assert [code.get_text() for code in soup.select("code")] == ["a<b && c>d", "if (a < b && c > d) {}\n"]
    assert soup.select("p")[0].get_text() == "活动 A&B 组，a<b && c>d"
    assert soup.select("p")[-1].get_text() == "<b> 与 js"
    assert soup.find("b") is None


def test_contributor_links_are_nofollow_and_images_local():
    html = render_contributor_markdown(
        "[官网](https://example.org) [邮件](mailto:a@example.org) [本站](../x/)\n\n"
        "![本地](../assets/a.jpg) ![外站](https://evil.example/a.jpg) ![协议相对](//evil.example/b.jpg)"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [(a["href"], a["rel"]) for a in soup.select("a")] == [
        ("https://example.org", ["nofollow", "ugc", "noopener"]),
        ("mailto:a@example.org", ["nofollow", "ugc", "noopener"]),
        ("../x/", ["nofollow", "ugc", "noopener"]),
    ]
    assert [img.get("src") for img in soup.select("img")] == ["../assets/a.jpg", None, None]


def test_contributor_markdown_keeps_ordinary_formatting():
    html = render_contributor_markdown("## 标题\n\n**粗** *斜* `代码`\n\n> 引用\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    soup = BeautifulSoup(html, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == [
        "h2", "p", "strong", "em", "code", "blockquote", "p", "ul", "li", "li",
        "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td",
    ]  # fmt: skip


def test_legitimate_staff_markdown_survives():
    text = (
        "# 标题\n\n!!! note \"提示\"\n    内容\n\n| 左 | 右 |\n|:--|--:|\n| 1 | 2 |\n\n"
        "??? tip \"展开\"\n    细节\n\n```python\nx = 1\n```\n\n[报名](x.md){ .md-button .md-button--primary }\n"
        "文字[^1] HTML\n\n*[HTML]: 超文本\n\n[^1]: 注释\n\n![图](a.png){ width=30 loading=lazy }\n\n"
        "<!-- more -->\n\n[电话](tel:057188886001) [邮件](mailto:a@b.cn)\n"
    )
    cleaned = render_staff(text)
    assert structure(cleaned) == structure(markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text))
    assert BeautifulSoup(cleaned, "html.parser").get_text() == BeautifulSoup(
        markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text), "html.parser").get_text()
    assert '<th style="text-align:left">左</th>' in cleaned
    assert '<a class="md-button md-button--primary" href="x.md">报名</a>' in cleaned


def structure(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every element with its attributes (style without spaces and final semicolon)."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (element.name, {name: (" ".join(value) if isinstance(value, list) else value).replace(" ", "").rstrip(";")
                        for name, value in element.attrs.items()})
        for element in soup.find_all(True)
    ]


def test_excerpt_separator_comment_is_kept_for_staff():
    assert "<!-- more -->" in clean_staff_html("<p>导语</p>\n<!-- more -->\n<p>正文</p>")


def test_attribute_text_escapes_quotes_and_brackets():
    assert attribute_text("'\"><img src=x onerror=alert(1)>活动") == "&#x27;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;活动"


def test_title_text_cannot_make_a_tag_even_after_striptags_decodes_entities():
    assert title_text("&lt;/title&gt;&amp;lt;script&amp;gt;x<b>") == "＜/title＞＜script＞x＜b＞"


def test_markdown_heading_text_is_plain_text():
    heading = markdown_heading_text("社区冬日送温暖 {: autofocus tabindex=1 onfocus=alert(document.domain) }")
    html = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(f"# {heading}")
    assert html == (
        '<h1 id="autofocus-tabindex1-onfocusalertdocumentdomain">社区冬日送温暖 &#123;: autofocus tabindex=1 '
        "onfocus=alert&#40;document.domain&#41; &#125;</h1>"
    )
    assert BeautifulSoup(html, "html.parser").h1.get_text() == "社区冬日送温暖 {: autofocus tabindex=1 onfocus=alert(document.domain) }"


def test_review_notes_come_from_the_gate():
    notes = contributor_gate_notes("正文<b>粗</b>\n\n[点我](javascript:alert(1)) [好](https://example.org)\n\n![图](https://x.example/a.png)")
    assert notes == [
        "正文里的 HTML 代码（<b>）不会生效，发布后按原样显示为文字",
        "链接或图片地址“javascript:alert(1)”不是 http(s)/mailto 链接或本站图片，发布时会被去掉",
        "链接或图片地址“https://x.example/a.png”不是 http(s)/mailto 链接或本站图片，发布时会被去掉",
    ]
    assert contributor_gate_notes("普通的正文，**粗体**和[链接](https://example.org)。") == []
