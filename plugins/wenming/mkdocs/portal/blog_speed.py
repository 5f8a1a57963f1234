"""Three costs Material's blog adds to a large news archive, and how the portal removes them
without changing a byte of output (tests/test_blog_speed.py builds the views both ways and compares).

1. Material asks ``page in self.blog.posts`` for every page in two hooks; a list compares pages
   one by one (pages × posts comparisons). Once the list of posts is final (on_nav) it is
   swapped for :class:`FastMembershipList`: the same posts in the same order, membership by
   identity, which is what the test means.

2. Every view (the news index, each archive year, each category, each of their pages) renders
   the excerpt of each post it lists by converting the *whole* post to HTML and keeping what
   comes before the ``<!-- more -->`` separator: a post listed in three views is converted three
   times, beyond its own page. :func:`cut_excerpt` gives the excerpt the post's Markdown cut
   just after the separator, so only the excerpt is converted, when that provably gives the same
   HTML: nothing after the separator can change what comes before it (no link, footnote or
   abbreviation definitions there), and the separator stands on its own between blocks (not
   inside a code fence or an HTML block). Otherwise the excerpt keeps the whole post.

3. Material's ``on_page_markdown`` walks every view of the blog (the archive, the categories,
   their pages) for each page of the site, to return nothing for any page that is neither a post
   nor a view: 19 views for each of 10,700 pages at 10,000 records. :func:`skip_other_pages`
   wraps the handler so that such a page is answered at once.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.structure.pages import Page

# Lines after the separator that Markdown applies to text before it: reference links and
# footnotes ("[id]: url", "[^1]: note") and abbreviations ("*[HTML]: ...").
_DEFINITION = re.compile(r"^ {0,3}(?:\[[^\]\n]+\]|\*\[[^\]\n]+\]):", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_REST_OF_POST = "<!-- wenming: the rest of the post is on its own page -->\n"
_HTML_BLOCK = re.compile(r"^ {0,3}<(?!!--)", re.MULTILINE)


class FastMembershipList(list):  # type: ignore[type-arg]
    """A list whose ``in`` looks objects up by identity in a set instead of comparing each item."""

    def __init__(self, items: Any) -> None:
        super().__init__(items)
        self._ids = {id(item) for item in self}

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids


class ExcerptSource:
    """What Material's ``Excerpt.render`` reads from its post (``markdown``, ``title``, ``url``,
    ``_title_from_render``): the post itself, except that ``markdown`` ends at the separator."""

    def __init__(self, post: Page, markdown: str) -> None:
        self._post = post
        self.markdown = markdown

    def __getattr__(self, name: str) -> Any:
        return getattr(self._post, name)


def excerpt_markdown(markdown: str, separator: str) -> str | None:
    """The post's Markdown up to and including the separator, or None when converting only that
    part could give different HTML before the separator than converting the whole post."""
    at = markdown.find(separator)
    if at < 0:
        return None
    head, tail = markdown[:at], markdown[at + len(separator) :]
    on_its_own_line = (at == 0 or head.endswith("\n")) and (tail == "" or tail.startswith(("\n", "\r\n")))
    between_blocks = head.strip() == "" or head.rstrip(" \t").endswith(("\n\n", "\r\n\r\n"))
    if not (on_its_own_line and between_blocks):
        return None
    if len(_FENCE.findall(head)) % 2 or _HTML_BLOCK.search(head) or _DEFINITION.search(tail):
        return None
    # Material shows "继续阅读" when the excerpt has HTML after the separator (`excerpt.more`);
    # a comment stands in for the rest of the post, so that test still holds (its templates
    # only test `more`, they never print it).
    return head + separator + ("\n\n" + _REST_OF_POST if tail.strip() else "\n")


def cut_excerpt(post: Page, separator: str) -> bool:
    """Point the post's excerpt at its Markdown cut after the separator when that is safe.
    True when it was cut. Call once the post's Markdown is final (on_page_content)."""
    excerpt = getattr(post, "excerpt", None)
    if excerpt is None or getattr(excerpt, "post", None) is not post or post.markdown is None:
        return False
    markdown = excerpt_markdown(post.markdown, separator)
    if markdown is None:
        return False
    excerpt.post = ExcerptSource(post, markdown)
    return True


def skip_other_pages(plugins: Any, blog: Any) -> None:
    """Wrap ``blog``'s page_markdown handler in ``plugins`` (this build's plugin collection): a
    page that is not one of its posts nor a view (Material's ``View``) is not given to it. For
    such a page Material's handler changes nothing and returns None (its first test, as of 9.x:
    not a post, then not a paginated view of this blog). Call once the posts are final (on_nav)."""
    from material.plugins.blog.structure import View

    handlers = plugins.events.get("page_markdown", [])
    for number, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is not blog or getattr(handler, "__wrapped__", None) is not None:
            continue

        def only_posts_and_views(markdown: str, *, page: Page, handler: Any = handler, **kwargs: Any) -> Any:
            if not isinstance(page, View) and page not in blog.blog.posts:
                return None
            return handler(markdown, page=page, **kwargs)

        only_posts_and_views.__wrapped__ = handler  # type: ignore[attr-defined]
        handlers[number] = only_posts_and_views
        plugins._event_origins[only_posts_and_views] = plugins._event_origins.get(handler, "material/blog")
