"""An approved submission as a news post: credit line, excerpt cut after the first paragraph."""

from __future__ import annotations

import pytest

from wenming.core.gate import render_contributor_markdown
from wenming.core.news_posts import split_excerpt


@pytest.mark.parametrize(
    ("body", "excerpt", "rest"),
    [
        ("第一段。\n\n第二段。", "<p>第一段。</p>", "<p>第二段。</p>"),
        # Only one paragraph: all of it is the excerpt, nothing follows.
        ("只有一段。", "<p>只有一段。</p>", ""),
        # A heading first: the excerpt runs to the end of the first paragraph.
        ("## 小标题\n\n正文第一段。\n\n第二段。", "<h2>小标题</h2>\n<p>正文第一段。</p>", "<p>第二段。</p>"),
        # A paragraph inside a quote or a list is not the article's first paragraph.
        ("> 引用一\n>\n> 引用二\n\n正文。\n\n后文。", "<blockquote>\n<p>引用一</p>\n<p>引用二</p>\n</blockquote>\n<p>正文。</p>", "<p>后文。</p>"),
        # Code that looks like a paragraph end is text, not a tag.
        ("```\n</p><!-- more -->\n```\n\n正文。\n\n后文。", "<pre><code>&lt;/p&gt;&lt;!-- more --&gt;\n</code></pre>\n<p>正文。</p>", "<p>后文。</p>"),
        # No paragraph at all: the first block is the excerpt.
        ("- 一\n- 二\n\n1. 三", "<ul>\n<li>一</li>\n<li>二</li>\n</ul>", "<ol>\n<li>三</li>\n</ol>"),
    ],
)
def test_excerpt_is_the_first_paragraph(body, excerpt, rest):
    assert split_excerpt(render_contributor_markdown(body)) == (excerpt, rest)


def test_a_typed_more_separator_is_text_and_cuts_nothing():
    html = render_contributor_markdown("第一段<!-- more -->还是第一段。\n\n第二段。")
    first, rest = split_excerpt(html)
    assert first == "<p>第一段&lt;!-- more --&gt;还是第一段。</p>" and rest == "<p>第二段。</p>"
