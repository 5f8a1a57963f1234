"""The portal's search index from the rendered pages (wenming.core.search_index builds it).

Material's search plugin stays: its search box, dialog and keyboard handling are what residents
know, and the theme shows the search box because the plugin is there. What changes:

- Material indexes nothing (its index was ``page.content``: a record page's template facts, the
  place, organiser, category or team type, never reached it). Each page is indexed here from its
  rendered article, so everything a resident reads on it is searchable.
- Lists that repeat records (rolls, categories, calendars, the leaderboard, blog indexes) are
  indexed by their title and description only (``search: {summary: true}``), and their later
  pages and blog pages 2, 3… not at all: one hit per page, no list outranking the record.
- The index is many small files under ``search/`` fetched by query (core/search_index.py), and
  ``search/search_index.json`` is not written: no page downloads it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from wenming.core.search_index import TEASER_CHARS, IndexBuilder, SearchDoc, Segmenter, record_words

INDEX_DIR = "search"

_ARTICLE = re.compile(r'<article\b[^>]*\bclass="md-content__inner\b[^"]*"[^>]*>')
# Left out whole: code, styles, pictures (chart labels), forms and the pager's links.
_SKIPPED = re.compile(
    r"<(script|style|svg|template|noscript|form)\b.*?</\1>|<nav\b[^>]*\bwm-pager\b.*?</nav>", re.S | re.I
)
_INLINE = re.compile(r"</?(?:a|abbr|b|em|i|mark|small|span|strong|sub|sup|time|u|wbr|code|del|ins|q|s)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def article_text(output: str) -> str:
    """The visible text of a rendered page's article (Material's ``md-content__inner``)."""
    start = _ARTICLE.search(output)
    if start is None:
        return ""
    end = output.rfind("</article>")
    body = output[start.end() : end if end > start.end() else len(output)]
    body = _SKIPPED.sub(" ", body)
    body = _TAG.sub(" ", _INLINE.sub("", body))
    return " ".join(html.unescape(body).split())


def _search_meta(page: Page) -> dict[str, Any]:
    search = page.meta.get("search")
    return search if isinstance(search, dict) else {}


def _later_blog_page(page: Page) -> bool:
    pages = getattr(page, "pages", None)
    return bool(pages) and isinstance(pages, list) and pages[0] is not page


def _is_blog_view(page: Page) -> bool:
    try:
        from material.plugins.blog.structure import View
    except ImportError:  # pragma: no cover - Material without its blog plugin
        return False
    return isinstance(page, View)


@dataclass
class SearchMemo:
    """What the preview server (preview/builder.py) keeps from one build to the next, so that an
    edit costs the search index the pages it changed: the last build's IndexBuilder (its documents'
    weights and terms, taken over by the next), and the index files as last written
    (``IndexBuilder.write``)."""

    written: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)
    folder: Path | None = None  # where the index was written
    index: IndexBuilder | None = None  # the last build's, taken over by the next (IndexBuilder previous)

    def files(self) -> set[Path]:
        """The index files on disk, written by this build or left from an earlier one."""
        return {self.folder / name for name in self.written} if self.folder is not None else set()


class PortalSearch:
    """Collects one document per page during the build and writes the index at its end."""

    def __init__(self) -> None:
        self.builder: IndexBuilder | None = None
        # Each page's document by its source file, for the preview server (preview/builder.py),
        # which keeps an unchanged page's output and adds its document again with `keep`.
        self.documents: dict[str, SearchDoc | None] = {}
        self.memo: SearchMemo | None = None  # set by the preview server

    def start(self, config: MkDocsConfig, site: Any) -> None:
        """Before any page: silence Material's indexing and load the segmenter with the records' names."""
        self.documents = {}
        material = config.plugins.get("material/search")
        if material is None or not material.config.enabled:
            self.builder = None
            return
        material.search_index = _NothingIndexed(**material.config)
        previous = None
        if self.memo is not None:
            previous, self.memo.index = self.memo.index, None  # a failed build leaves none behind
        self.builder = IndexBuilder(Segmenter(record_words(site) if site is not None else ()), previous=previous)

    def add(self, page: Page, output: str) -> None:
        if self.builder is None:
            return
        document = self.documents[page.file.src_uri] = _document(page, output)
        if document is not None:
            self.builder.add(document)

    def keep(self, page: Page, document: SearchDoc | None) -> None:
        """The page's document from an earlier build whose output is kept as it was."""
        if self.builder is None:
            return
        self.documents[page.file.src_uri] = document
        if document is not None:
            self.builder.add(document)

    def finish(self, config: MkDocsConfig) -> None:
        if self.builder is None:
            return
        folder = Path(config.site_dir) / INDEX_DIR
        (folder / "search_index.json").unlink(missing_ok=True)
        if self.memo is None:
            self.builder.write(folder)
            return
        self.builder.write(folder, self.memo.written)
        self.memo.folder = folder
        self.memo.index = self.builder


class _NothingIndexed:
    """Stands in for Material's SearchIndex: pages are indexed by PortalSearch instead."""

    indexes_nothing = True  # the preview server has nothing to remember of it

    def __init__(self, **config: Any) -> None:
        self.config = config
        self.entries: list[Any] = []

    def add_entry_from_context(self, page: Page) -> None:
        pass

    def generate_search_index(self, prev: Any) -> str:
        return "{}"


def _document(page: Page, output: str) -> SearchDoc | None:
    """The page's search document, or None for a page kept out of search."""
    search = _search_meta(page)
    if search.get("exclude"):
        return None
    blog_view = _is_blog_view(page)
    if blog_view and _later_blog_page(page):
        return None
    title = str(page.meta.get("title") or page.title or "")
    description = page.meta.get("description")
    description = description if isinstance(description, str) else ""
    text = description if search.get("summary") or blog_view or page.is_homepage else article_text(output)
    teaser = description or text[:TEASER_CHARS]
    if len(teaser) > TEASER_CHARS:
        teaser = teaser[:TEASER_CHARS] + "…"
    return SearchDoc(page.url, title, text, teaser)
