"""The preview's folder equals a clean build after each edit, on a large site (tests/test_preview.py
checks the same on the sample site, which has too few posts for a news list of several pages).

    python bench/preview_equivalence.py SITE_DIR

SITE_DIR is a site from bench/generate.py (its content/ is edited: use a copy). The preview
builder builds it once; then a record's title is edited, a post's title, a post is added (the
news lists gain a page), an event added and deleted, a post renamed and one deleted; after each
step a clean `mkdocs build` of the same files is compared with the preview's folder (as the test
does: byte for byte except the feeds' build time). Prints each step's differences (none expected)
and the pages the preview rendered again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from wenming.mkdocs.preview.builder import PreviewBuilder  # noqa: E402
from wenming.mkdocs.preview.same_site import differences  # noqa: E402


def replace_line(path: Path, prefix: str, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(number for number, text in enumerate(lines) if text.startswith(prefix))
    lines[at] = line + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    site = args.site.resolve()
    content = site / "content"
    preview = PreviewBuilder(site / "mkdocs.yml", site / "preview-site")
    first = preview.build()
    print(f"first build: {first.cpu_seconds:.1f} s CPU, {first.pages} pages, error {first.error}")
    posts = sorted((content / "news/posts").glob("*.md"))
    events = sorted((content / "data/events").glob("*.yml"))
    mark = f"{time.time_ns() % 10**6:06d}"
    added_event = content / "data/events/event-zz-equivalence.yml"
    added_post = content / "news/posts/zz-equivalence.md"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("record title edited", lambda: replace_line(events[0], "title: ", f"title: 等价测试活动{mark}")),
        ("post title edited", lambda: replace_line(posts[3], "# ", f"# 等价测试新闻{mark}")),
        ("post added", lambda: added_post.write_text(posts[5].read_text(encoding="utf-8").replace("\n# ", f"\n# 新增新闻{mark}", 1), encoding="utf-8")),
        ("event added", lambda: added_event.write_text(events[1].read_text(encoding="utf-8"), encoding="utf-8")),
        ("event deleted", added_event.unlink),
        ("post renamed", lambda: posts[7].rename(posts[7].with_name("zz-renamed.md"))),
        ("post deleted", added_post.unlink),
    ]  # fmt: skip
    failures = 0
    for name, change in steps:
        change()
        report = preview.build()
        clean = site / "clean-site"
        shutil.rmtree(clean, ignore_errors=True)
        config = load_config(str(site / "mkdocs.yml"), site_dir=str(clean))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        found = differences(clean, site / "preview-site")
        failures += bool(found)
        print(f"{name}: {report.rendered} pages rendered, {report.cpu_seconds:.2f} s CPU, error {report.error}; "
              f"differences from a clean build: {len(found)} {found[:5]}", flush=True)  # fmt: skip
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
