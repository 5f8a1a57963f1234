"""News posts that name a nominee in their front matter (``nominees: [wang-xiulan]``).

Material's blog plugin reads each post's front matter into ``post.meta``; the key is ours, and
the blog ignores it. A profile lists the posts that name its nominee, newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

KEY = "nominees"


@dataclass(frozen=True)
class RelatedNews:
    title: str
    url: str
    date: dt.date | None


def related_news(
    posts: Iterable[Any], known: set[str], docs_name: str
) -> tuple[dict[str, list[RelatedNews]], list[str]]:
    """``nominee id -> posts naming it`` and a message for each id that names no nomination."""
    found: dict[str, list[RelatedNews]] = {}
    problems: list[str] = []
    for post in posts:
        names = post.meta.get(KEY)
        if names is None:
            continue
        where = f"{docs_name}/{post.file.src_uri}"
        line = _line_of_key(post.file.abs_src_path)
        where = f"{where}:{line}" if line else where
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            problems.append(f"{where}: {KEY} 应为好人推荐 id 的列表，例如 {KEY}: [wang-xiulan]")
            continue
        item = RelatedNews(post.title or "", post.url, _created(post))
        for name in dict.fromkeys(name.strip() for name in names):
            if name in known:
                found.setdefault(name, []).append(item)
            else:
                problems.append(
                    f"{where}: {KEY} 里的 '{name}' 不是好人推荐的 id（应为 data/nominations/ 下的文件名，不带 .yml）"
                )
    for items in found.values():
        items.sort(key=lambda item: (item.date or dt.date.min, item.url), reverse=True)
    return found, problems


def _created(post: Any) -> dt.date | None:
    created = getattr(getattr(getattr(post, "config", None), "date", None), "created", None)
    if isinstance(created, dt.datetime):
        return created.date()
    return created if isinstance(created, dt.date) else None


def _line_of_key(path: str | None) -> int | None:
    """The line of ``nominees:`` in the post's front matter, so the warning points at it."""
    if not path:
        return None
    with open(path, encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, 1):
            if line.startswith(f"{KEY}:"):
                return number
            if number > 1 and line.rstrip() == "---":
                return None
    return None
