"""Compiled templates reused between builds (mkdocs/template_cache.py): a cached template is used
only while its source and the environment it was compiled in are unchanged, and a cache that
cannot be used never fails a build."""

from __future__ import annotations

import filecmp
from pathlib import Path

import jinja2
import yaml

from tests.conftest import base_config, run_build, write_files
from wenming.mkdocs.template_cache import TemplateBytecodeCache, environment_fingerprint


class CountingEnvironment(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def environment(templates: Path, cache: Path, **filters: object) -> CountingEnvironment:
    env = CountingEnvironment(loader=jinja2.FileSystemLoader(str(templates)))
    env.filters.update(filters)
    env.bytecode_cache = TemplateBytecodeCache(cache)
    return env


def shout(text: str) -> str:
    return text.upper() + "!"


@jinja2.pass_context
def shout_with_context(context: jinja2.runtime.Context, text: str) -> str:
    return f"{context['who']}: {text.upper()}!"


def test_a_second_environment_reuses_the_compiled_template(tmp_path: Path):
    (tmp_path / "page.html").write_text("{{ who | shout }}", encoding="utf-8")
    CountingEnvironment.compiled = 0
    first = environment(tmp_path, tmp_path / "cache", shout=shout).get_template("page.html").render(who="li")
    second = environment(tmp_path, tmp_path / "cache", shout=shout).get_template("page.html").render(who="li")
    assert first == second == "LI!"
    assert CountingEnvironment.compiled == 1
    assert len(list((tmp_path / "cache").glob("*.jinja"))) == 1


def test_an_edited_template_is_compiled_again(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("旧：{{ who }}", encoding="utf-8")
    assert environment(tmp_path, tmp_path / "cache").get_template("page.html").render(who="li") == "旧：li"
    page.write_text("新：{{ who }}", encoding="utf-8")
    assert environment(tmp_path, tmp_path / "cache").get_template("page.html").render(who="li") == "新：li"


def test_a_filter_that_now_takes_the_context_is_not_called_with_old_code(tmp_path: Path):
    # Jinja decides at compile time whether to pass the context to a filter; code cached with the
    # plain filter would call the new one without it.
    (tmp_path / "page.html").write_text("{{ 'hi' | shout }}", encoding="utf-8")
    cache = tmp_path / "cache"
    assert environment(tmp_path, cache, shout=shout).get_template("page.html").render(who="li") == "HI!"
    later = environment(tmp_path, cache, shout=shout_with_context)
    assert later.get_template("page.html").render(who="li") == "li: HI!"


def test_fingerprint_follows_what_compiled_code_depends_on(tmp_path: Path):
    def fingerprint(**options: object) -> str:
        filters = options.pop("filters", {})
        env = jinja2.Environment(**options)  # type: ignore[arg-type]
        env.filters.update(filters)  # type: ignore[arg-type]
        return environment_fingerprint(env)

    plain = fingerprint()
    assert fingerprint() == plain  # stable, so a rebuild finds its cache
    assert fingerprint(filters={"shout": shout}) != plain
    assert fingerprint(filters={"shout": shout}) != fingerprint(filters={"shout": shout_with_context})
    assert fingerprint(extensions=["jinja2.ext.i18n"]) != plain
    assert fingerprint(trim_blocks=True) != plain
    assert fingerprint(autoescape=True) != plain


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    (tmp_path / "page.html").write_text("{{ who }}", encoding="utf-8")
    for _ in range(2):
        assert environment(tmp_path, blocked / "templates").get_template("page.html").render(who="li") == "li"


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path):
    (tmp_path / "page.html").write_text("{{ who }}", encoding="utf-8")
    environment(tmp_path, tmp_path / "cache").get_template("page.html").render(who="li")
    [cached] = (tmp_path / "cache").glob("*.jinja")
    cached.write_bytes(cached.read_bytes()[:40])  # cut short, as by a full disk
    assert environment(tmp_path, tmp_path / "cache").get_template("page.html").render(who="li") == "li"


NEWS_POST = """\
    ---
    date: 2026-05-01
    categories: [社区新闻]
    ---
    # 五月志愿服务

    导语。

    <!-- more -->

    正文。
    """


def test_a_portal_built_from_the_cache_is_the_portal_built_without_it(tmp_path: Path):
    """Cold cache, warm cache and no cache give byte-identical sites (the feeds carry the build
    time, so they are left out)."""
    files = {
        "content/index.md": "---\ntemplate: home.html\n---\n# 首页\n",
        "content/news/index.md": "# 新闻动态\n",
        "content/news/posts/may.md": NEWS_POST,
    }
    sites = {}
    for name, cache in [("cold", True), ("warm", True), ("off", False)]:
        write_files(tmp_path, files)
        config = base_config(site_dir=f"site-{name}")
        config["plugins"][1]["wenming"]["template_cache"] = cache
        config["plugins"].append({"blog": {"blog_dir": "news"}})
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        built = run_build(tmp_path / "mkdocs.yml", strict=True, site_dir=tmp_path / f"site-{name}")
        assert built.error is None, built.errors
        sites[name] = built
    assert list((tmp_path / ".cache/plugin/wenming/templates").glob("*.jinja")), "the cold build filled the cache"
    outputs = sites["off"].outputs()
    assert outputs == sites["cold"].outputs() == sites["warm"].outputs()
    pages = [path for path in outputs if path.endswith(".html")]
    assert len(pages) > 5
    for name in ("cold", "warm"):
        _, mismatch, errors = filecmp.cmpfiles(sites["off"].site, sites[name].site, pages, shallow=False)
        assert not mismatch and not errors, (name, mismatch, errors)

