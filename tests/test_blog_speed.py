"""News views render excerpts from the part of each post before <!-- more --> only, and only when
that gives the same pages as Material converting the whole post (portal/blog_speed.py)."""

from __future__ import annotations

import filecmp
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import base_config, run_build, write_files
from tests.goodpeople.test_build import PNG
from wenming.mkdocs.portal.blog_speed import excerpt_markdown

MORE = "<!-- more -->"


def test_cut_after_the_separator_when_it_stands_between_blocks():
    cut = excerpt_markdown("导语一段。\n\n<!-- more -->\n\n## 详情\n\n正文。\n", MORE)
    assert cut is not None
    assert cut.startswith("导语一段。\n\n<!-- more -->\n")
    assert "正文" not in cut and "详情" not in cut


@pytest.mark.parametrize(
    ("why", "markdown"),
    [
        ("no separator", "只有正文。\n"),
        ("separator inside a paragraph", "导语 <!-- more --> 接着写。\n"),
        ("no blank line before it", "导语\n<!-- more -->\n\n正文\n"),
        ("inside a code fence", "```\n代码\n<!-- more -->\n```\n\n正文\n"),
        ("inside an HTML block", '<div markdown>\n导语\n\n<!-- more -->\n\n正文\n</div>\n'),
        ("reference link defined after it", "见[通知][n]。\n\n<!-- more -->\n\n[n]: https://example.org/\n"),
        ("footnote defined after it", "导语[^1]。\n\n<!-- more -->\n\n[^1]: 注释。\n"),
        ("abbreviation defined after it", "文明办通知。\n\n<!-- more -->\n\n*[文明办]: 文明建设办公室\n"),
    ],
)
def test_whole_post_is_kept_when_the_rest_could_change_the_excerpt(why: str, markdown: str):
    assert excerpt_markdown(markdown, MORE) is None, why


def test_nothing_after_the_separator_leaves_nothing_to_read_on():
    assert excerpt_markdown("导语。\n\n<!-- more -->\n", MORE) == "导语。\n\n<!-- more -->\n"


POSTS = {
    # Headings, a relative image and a link after the excerpt.
    "plain": """\
        导语：社区开展**文明养犬**宣传，见[活动页面](../../index.md)。

        <!-- more -->

        ## 活动现场

        ![现场](../../assets/photo.png)

        正文第二段。
        """,
    # A footnote and a reference link defined after the separator: must keep the whole post.
    "footnote": """\
        导语引用了注释[^1]和[通知][n]。

        <!-- more -->

        正文。

        [^1]: 注释内容。
        [n]: https://example.org/notice
        """,
    "abbr": """\
        文明办发布通知。

        <!-- more -->

        *[文明办]: 社区文明建设办公室
        """,
    "fenced": """\
        导语。

        ```
        <!-- more -->
        ```

        正文。
        """,
    "no-separator": "只有一段正文，没有分隔符。\n",
    "empty-rest": "只有导语。\n\n<!-- more -->\n",
    "admonition": """\
        !!! note "提示"
            报名请到社区服务大厅。

        <!-- more -->

        正文。
        """,
}


def _blog_site(root: Path, fast: bool) -> Path:
    files: dict[str, str | bytes] = {
        "content/index.md": "# 首页\n",
        # More than a title: Material shows it on the first page of the list only.
        "content/news/index.md": "# 新闻动态\n\n社区新闻，每周更新。\n",
        "content/news/.authors.yml": "authors: {}\n",
        "content/assets/photo.png": PNG,  # a real image: a file that is not one is not published
    }
    for day, (name, body) in enumerate(POSTS.items(), start=1):
        files[f"content/news/posts/{name}.md"] = (
            f"---\ndate: 2026-03-{day:02d}\ncategories: [社区新闻]\n---\n\n# 新闻 {name}\n\n" + textwrap.dedent(body)
        )
    write_files(root, files)
    config = base_config()
    config["plugins"][1]["wenming"]["fast_excerpts"] = fast
    config["plugins"].append({"blog": {"blog_dir": "news", "blog_toc": True, "pagination_per_page": 3}})
    config["markdown_extensions"] = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "toc"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = run_build(root / "mkdocs.yml", strict=True)
    assert built.error is None, built.errors
    return built.site


def _differences(left: Path, right: Path) -> list[str]:
    found = []
    for page in sorted(left.rglob("*.html")):
        other = right / page.relative_to(left)
        if not other.is_file() or not filecmp.cmp(page, other, shallow=False):
            found.append(page.relative_to(left).as_posix())
    return found


def test_news_views_are_byte_for_byte_the_same_as_material_renders_them(tmp_path: Path):
    fast, slow = _blog_site(tmp_path / "fast", True), _blog_site(tmp_path / "slow", False)
    views = [path for path in fast.rglob("index.html") if "news" in path.parts and "posts" not in path.parts]
    assert len(views) >= 4, "index, pages 2 and 3, archive year and category views"
    assert _differences(fast, slow) == []
    # Excerpts with more to read still link to it ("plain" is cut, "footnote" is not).
    listed = "".join(path.read_text(encoding="utf-8") for path in views)
    assert listed.count("继续阅读") >= 4
