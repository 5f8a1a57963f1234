"""Record text is rendered as Markdown but can never inject markup or script links."""

from __future__ import annotations

import markdown

from wenming.mkdocs.generated import GeneratedPage, escape_markdown_source


def render(text: str) -> str:
    return markdown.markdown(escape_markdown_source(text))


def test_script_tags_show_as_text():
    html = render("她说：<script>alert(1)</script> 大家好")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_still_works():
    html = render("**热心肠**的邻居\n\n> 居民说：谢谢她\n\n- 一\n- 二")
    assert "<strong>热心肠</strong>" in html
    assert "<blockquote>" in html and "<li>二</li>" in html


def test_script_links_are_disarmed():
    html = render("[点我](javascript:alert(1)) [正常](https://example.org/)")
    assert "javascript:" not in html
    assert 'href="https://example.org/"' in html


def test_front_matter_survives_any_title():
    page = GeneratedPage("a/b.md", 'x: "y" --- 标题', "page.html", body="正文", meta={"description": "描述"})
    source = page.source()
    assert source.startswith("---\ntitle: 'x: \"y\" --- 标题'\ntemplate: page.html\ndescription: 描述\n---\n\n正文")
