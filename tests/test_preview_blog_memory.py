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
