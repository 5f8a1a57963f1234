"""The preview builder's stand-ins in Material's blog (preview/blog_memory.py) behave as what they
replace: the same values and errors as PyYAML, the same HTML as an excerpt's own Markdown."""

from __future__ import annotations

import markdown
import pytest
import yaml
from markdown.treeprocessors import Treeprocessor

from wenming.mkdocs.preview.blog_memory import DeferredMarkdown, RememberedFrontMatter

FRONT_MATTER = "date:\n  created: 2026-09-25\ncategories:\n  - 社区新闻\ntitle: 中秋\n"


def test_front_matter_is_parsed_once_and_handed_out_as_fresh_copies():
    first = RememberedFrontMatter({})
    meta = first.load(FRONT_MATTER, yaml.SafeLoader)
    assert meta == yaml.load(FRONT_MATTER, yaml.SafeLoader)  # noqa: S506
    meta["hide"] = ["navigation"]  # what Material's blog does to a post's meta
    meta["categories"].append("改动")
    again = RememberedFrontMatter(first.used)
    assert again.load(FRONT_MATTER, yaml.SafeLoader) == yaml.load(FRONT_MATTER, yaml.SafeLoader)  # noqa: S506
    assert set(again.used) == {(FRONT_MATTER, yaml.SafeLoader)}
    assert RememberedFrontMatter(again.used).used == {}  # only what a build used is kept


def test_broken_front_matter_raises_pyyamls_error_every_time():
    remembered = RememberedFrontMatter({})
    for _ in range(2):
        with pytest.raises(yaml.YAMLError):
            remembered.load("title: [中秋\n", yaml.SafeLoader)
    assert remembered.used == {}


class _Marker(Treeprocessor):
    def __init__(self, md: markdown.Markdown | None, mark: str) -> None:
        super().__init__(md)
        self.mark = mark

    def run(self, root):  # type: ignore[no-untyped-def]
        for element in root.iter("p"):
            element.set("data-mark", self.mark)


def test_a_deferred_excerpt_markdown_is_built_on_first_use_with_its_processors():
    settings = {"extensions": ["toc", "attr_list"], "extension_configs": {"toc": {"permalink": True}}}
    built: list[int] = []

    def factory(**given):  # type: ignore[no-untyped-def]
        built.append(1)
        return markdown.Markdown(**given)

    deferred = DeferredMarkdown(factory, **settings)
    relpath = _Marker(None, "relpath")
    deferred.treeprocessors.register(_Marker(None, "excerpt"), "excerpt", 0)
    deferred.treeprocessors.register(relpath, "relpath", 1)
    # What the builder reads of a remembered excerpt, without building anything:
    assert "relpath" in deferred.treeprocessors and deferred.treeprocessors["relpath"] is relpath
    assert "toc" not in deferred.treeprocessors
    assert built == []

    real = markdown.Markdown(**settings)
    real.treeprocessors.register(_Marker(None, "excerpt"), "excerpt", 0)
    real.treeprocessors.register(_Marker(None, "relpath"), "relpath", 1)
    text = "# 中秋晚会 {#zq}\n\n社区广场，晚上七点。\n"
    # Material's Excerpt.render, step by step:
    at = deferred.treeprocessors.get_index_for_name("excerpt")
    assert deferred.treeprocessors[at].mark == "excerpt"
    assert deferred.convert(text) == real.convert(text)
    assert deferred.toc_tokens == real.toc_tokens
    assert built == [1]
    assert deferred.treeprocessors["relpath"] is relpath  # the real registry now


def _blog(tmp_path):  # type: ignore[no-untyped-def]
    """A real MkDocs configuration with Material's blog, and one post."""
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    (docs / "blog/posts").mkdir(parents=True)
    (docs / "blog/index.md").write_text("# 新闻\n", encoding="utf-8")
    post = docs / "blog/posts/zhongqiu.md"
    post.write_text("---\ndate: 2026-09-25\ncategories:\n  - 社区新闻\nauthors:\n  - office\n---\n\n# 中秋晚会\n\n正文\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://example.org/\ntheme:\n  name: material\nplugins:\n  - blog\n", encoding="utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    return config, config.plugins["material/blog"], post


def _file(config):  # type: ignore[no-untyped-def]
    from mkdocs.structure.files import File

    return File("blog/posts/zhongqiu.md", config.docs_dir, config.site_dir, config.use_directory_urls)


def test_a_remembered_post_is_a_copy_sharing_nothing_that_a_build_changes(tmp_path):  # type: ignore[no-untyped-def]
    """Material's blog and the build change a post after making it (its meta, settings, excerpt,
    authors): the next build's copy must be the post as first made, whatever was done to the last."""
    from material.plugins.blog.plugin import BlogPlugin

    from wenming.mkdocs.preview.blog_memory import RememberedPosts

    config, blog, _ = _blog(tmp_path)
    first = RememberedPosts({})
    made = first.resolve(BlogPlugin._resolve_post, blog, _file(config), config)
    assert first.made == 1 and made.url == "blog/2026/09/25/%E4%B8%AD%E7%A7%8B%E6%99%9A%E4%BC%9A/"
    # What a build does to it afterwards:
    made.meta["hide"].append("toc")
    made.meta["categories"].append("改动")
    made.config.categories.append("改动")
    made.config.date["updated"] = made.config.date.created
    made.authors.append("someone")
    made.excerpt = "excerpt"
    again = RememberedPosts(first.used)
    file = _file(config)
    copy = again.resolve(BlogPlugin._resolve_post, blog, file, config)
    assert again.made == 0 and copy is not made and copy.file is file and file.page is copy
    fresh = BlogPlugin._resolve_post(blog, _file(config), config)  # as Material makes it
    assert copy.meta == fresh.meta == {"date": fresh.meta["date"], "categories": ["社区新闻"], "authors": ["office"],
                                       "template": "blog-post.html", "hide": ["navigation"]}  # fmt: skip
    assert dict(copy.config) == dict(fresh.config) and copy.config.date.created == fresh.config.date.created
    assert "updated" not in copy.config.date and copy.authors == [] and copy.excerpt is None
    def address(post):  # type: ignore[no-untyped-def]
        return (post.file.url, post.file.dest_uri, post.file.abs_dest_path, post.url, post.canonical_url, post.abs_url,
                post.edit_url, post.update_date, post.title, post.markdown)  # fmt: skip

    assert address(copy) == address(fresh) and copy.file.url == made.url
    # And the build after: what was done to this build's copy does not reach the next one.
    copy.meta["hide"].append("toc")
    copy.config.categories.append("改动")
    copy.config.date["updated"] = copy.config.date.created
    third = RememberedPosts(again.used).resolve(BlogPlugin._resolve_post, blog, _file(config), config)
    assert third is not copy and third.meta == fresh.meta and dict(third.config) == dict(fresh.config)


def test_an_edited_post_is_made_again_and_one_that_warned_every_time(tmp_path):  # type: ignore[no-untyped-def]
    import logging

    from material.plugins.blog.plugin import BlogPlugin

    from wenming.mkdocs.preview.blog_memory import RememberedPosts

    config, blog, post = _blog(tmp_path)
    known = RememberedPosts({})
    known.resolve(BlogPlugin._resolve_post, blog, _file(config), config)
    post.write_text(post.read_text(encoding="utf-8").replace("# 中秋晚会", "# 中秋晚会（改）"), encoding="utf-8")
    edited = RememberedPosts(known.used)
    assert edited.resolve(BlogPlugin._resolve_post, blog, _file(config), config).title == "中秋晚会（改）"
    assert edited.made == 1

    def warns(blog, file, config):  # type: ignore[no-untyped-def]
        logging.getLogger("mkdocs.material.blog").warning("a post's settings warned")
        return BlogPlugin._resolve_post(blog, file, config)

    used: dict = {}  # a post whose making warns is never remembered, so always made
    for _ in range(2):
        warned = RememberedPosts(used)
        warned.resolve(warns, blog, _file(config), config)
        assert warned.made == 1 and warned.used == {}
        used = warned.used
