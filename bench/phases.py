"""Where a build's wall time goes, with little overhead: runs `mkdocs build` in this process with
timers around every plugin event handler and a few hot functions (Markdown conversion, template
rendering, the search plugin's indexing), then prints seconds per item. Profilers that hook every
call (cProfile, pyinstrument) double the build time and distort the share of code made of many
small calls (jieba, Jinja), so the portal and the control compare badly under them.

    python bench/phases.py SITE_DIR [SITE_DIR ...]

Timers nest: a template render inside on_page_context counts in both rows.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

spent: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started
            calls[name] += 1

    return wrapper


def patch(owner: Any, attribute: str, name: str) -> None:
    setattr(owner, attribute, timed(name, getattr(owner, attribute)))


def instrument() -> None:
    import jinja2
    import markdown
    from material.plugins.search.plugin import SearchIndex
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    patch(markdown.Markdown, "convert", "markdown: convert")
    patch(markdown.Markdown, "__init__", "markdown: new instance (extensions)")
    patch(jinja2.Template, "render", "jinja: render")
    render_all = jinja2.Template.render

    def render_by_name(self: jinja2.Template, *args: Any, **kwargs: Any) -> Any:
        # Per template as well, so a heavy page type shows on its own row.
        started = time.perf_counter()
        try:
            return render_all(self, *args, **kwargs)
        finally:
            spent[f"jinja: {self.name}"] += time.perf_counter() - started
            calls[f"jinja: {self.name}"] += 1

    jinja2.Template.render = render_by_name  # type: ignore[method-assign]
    patch(jinja2.Environment, "compile", "jinja: compile a template")
    patch(SearchIndex, "add_entry_from_context", "search: index a page")
    patch(SearchIndex, "_segment_chinese", "search: jieba segmentation")
    patch(Page, "render", "page: markdown to html")
    patch(build, "_populate_page", "build: read+render markdown")
    patch(build, "_build_page", "build: page template+write")
    patch(build, "get_context", "build: context")

    from mkdocs.plugins import PluginCollection

    def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
        # MkDocs' own loop, with each plugin's handler timed on its own under "event: plugin".
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            label = f"{name}: {self._current_plugin}"
            started = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            spent[label] += time.perf_counter() - started
            calls[label] += 1
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event  # type: ignore[method-assign]


def build(site: Path) -> float:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    spent.clear()
    calls.clear()
    cwd = os.getcwd()
    os.chdir(site)
    try:
        started = time.perf_counter()
        config = load_config("mkdocs.yml", strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        total = time.perf_counter() - started
    finally:
        os.chdir(cwd)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs="+")
    args = parser.parse_args()
    instrument()
    for site in args.sites:
        gc.collect()
        total = build(site.resolve())
        print(f"\n{site}: {total:.1f} s")
        for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            if seconds >= float(os.environ.get("PHASES_MIN", "0.05")):
                print(f"  {seconds:7.2f} s  {calls[name]:7d} ×  {name}")


if __name__ == "__main__":
    main()
