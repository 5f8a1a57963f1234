"""Pages made from records: a small registry shared by the section plugins.

A section plugin adds :class:`GeneratedPage` objects in ``on_files``; each becomes a MkDocs page
(``File.generated``, no temporary files) whose template renders the page's context. The page's
Markdown ``body`` is the record's prose: MkDocs renders it into ``page.content``, so Material's
search indexes it, and the template places it among the structured fields.

Record pages stay out of the navigation tree (``not_in_nav``), so adding a thousand records does
not make every page's navigation grow; sections link to them from paginated index pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from wenming.core.gate import title_text

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
def escape_markdown_source(text: str) -> str:
    """Markdown written in a record, without raw HTML: ``<`` and ``&`` become entities.

    Records come from many hands (residents' nominations, volunteers' stories): ``<script>``
    shows as text, while ordinary Markdown (paragraphs, lists, emphasis, quotes with ``>``)
    still works. This is only a first layer that keeps the text's meaning; safety comes from
    the trust gate (wenming.core.gate), which cleans the rendered HTML of every page, so an
    attribute list or a ``javascript:`` link in a record is dropped there.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;")


@dataclass
class GeneratedPage:
    """One page to generate: where, with which template and title, and what the template gets."""

    src_uri: str  # e.g. "goodpeople/people/wang-xiulan.md" -> goodpeople/people/wang-xiulan/
    title: str
    template: str  # a template in theme_overrides, e.g. "goodpeople/profile.html"
    context: dict[str, Any] = field(default_factory=dict)
    body: str = ""  # Markdown rendered into page.content (escape record text first)
    in_nav: bool = False
    meta: dict[str, Any] = field(default_factory=dict)  # extra front matter (hide, description…)
    # True: the page is searched by its whole text; "summary": by its title and description only
    # (lists that repeat records: the records are found on their own pages); False: not at all
    # (a list's later pages, which would only repeat its first page's title).
    search: bool | Literal["summary"] = True

    def source(self) -> str:
        return (
            "---\n" + _front_matter(self.title, self.template, self.meta, self.search) + "---\n\n" + self.body
        )


# The preview server generates every record page again on each rebuild, and the same front
# matter comes out for all but the edited ones: dumped once per distinct text (0.2 s of YAML
# per rebuild at 2,000 records). Keyed by the values' repr, for plain values only (a repr tells
# str, int, float, bool, None, lists and dicts apart; another object's may not show its content).
_DUMPED: dict[str, str] = {}
_DUMPED_MAX = 100_000
# Dates too (a page's sitemap date): their repr names the type, date or datetime.
_PLAIN_VALUES = (str, int, float, bool, type(None), dt.date, dt.datetime)


def _plain(value: Any) -> bool:
    if type(value) in _PLAIN_VALUES:
        return True
    if type(value) is list:
        return all(_plain(item) for item in value)
    if type(value) is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    return False


def _front_matter(title: str, template: str, meta: dict[str, Any], search: bool | str) -> str:
    if not _plain([title, template, meta, search]):  # another kind of value: dumped every time
        return _dump_front_matter(title, template, meta, search)
    key = repr([title, template, meta, search])
    known = _DUMPED.get(key)
    if known is None:
        if len(_DUMPED) >= _DUMPED_MAX:
            _DUMPED.clear()
        known = _DUMPED[key] = _dump_front_matter(title, template, meta, search)
    return known


def _dump_front_matter(title: str, template: str, meta: dict[str, Any], search: bool | str) -> str:
    # Themes print page titles unescaped (<title>, navigation): no markup may reach them.
    front = {"title": title_text(title), "template": template, **meta}
    if search == "summary":
        front["search"] = {"summary": True}
    elif not search:
        front["search"] = {"exclude": True}
    # libyaml's emitter when available: thousands of record pages make the pure-Python one show.
    return yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a paginated list: its number (from 1) and every page's source path.

    Templates render it with ``partials/wenming/pager.html``, turning source paths into links with
    the ``wm_page_url`` filter. The pages of one list share one ``uris`` tuple, so a list of
    N pages holds N paths, not N × N.
    """

    number: int
    uris: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.uris)

    @property
    def previous(self) -> str | None:
        return self.uris[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.uris[self.number] if self.number < self.count else None

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """Page links to show: the first, the last and two either side of this one; None for a gap
        of two or more pages (a single missing page is shown instead of "…").

        At most seven numbers however long the list: a list of 200 pages does not put 200 links
        on each of its pages, and each window costs the same to work out.
        """
        if not self.uris:
            return []
        near = range(max(self.number - 2, 1), min(self.number + 2, self.count) + 1)
        out: list[tuple[int, str] | None] = []
        before = 0  # the number shown last; 0 before the first
        for number in sorted({1, self.count, *near}):
            if before and number - before == 2:
                # A gap of one page: its number takes no more room than "…" and is a real link.
                out.append((before + 1, self.uris[before]))
            elif before and number - before > 2:
                out.append(None)
            out.append((number, self.uris[number - 1]))
            before = number
        return out


class GeneratedPages:
    """The pages a plugin generated in this build, found again by source path when rendering."""

    def __init__(self) -> None:
        self._pages: dict[str, GeneratedPage] = {}

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, page: GeneratedPage) -> GeneratedPage:
        if page.src_uri in self._pages:
            raise ValueError(f"two generated pages at {page.src_uri}")
        self._pages[page.src_uri] = page
        return page

    def extend(self, pages: Iterable[GeneratedPage]) -> None:
        for page in pages:
            self.add(page)

    def add_to(self, files: Files, config: MkDocsConfig) -> None:
        """Put every page into ``files``; an authored file at the same path wins (and is kept)."""
        for page in self._pages.values():
            if files.get_file_from_path(page.src_uri) is not None:
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.source(), inclusion=inclusion))

    def context_for(self, page: Page) -> dict[str, Any] | None:
        generated = self._pages.get(page.file.src_uri)
        return generated.context if generated else None

    def url_of(self, src_uri: str, files: Files) -> str | None:
        file = files.get_file_from_path(src_uri)
        return file.url if file else None
