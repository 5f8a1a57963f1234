"""The trust gate: the one module that decides what HTML from text may reach a page.

Every text has a trust level (DESIGN principle 9):

- **staff**: news posts, pages, the prose of records (a nomination's ``deeds``, an event's or a
  team's ``description``). Rendered with the site's Markdown extensions; the rendered HTML is
  cleaned by :func:`clean_staff_html`, which keeps what Python-Markdown, its extensions and
  Material produce (headings with ids, classes such as ``{ .md-button }``, admonitions,
  details, tables with ``text-align``, code highlighting, footnotes, images) and drops scripts,
  event handlers, frames, forms, ``style`` beyond a few harmless properties and every URL that is
  not http(s), mailto, tel or relative. The office may turn the cleaning off for staff text
  (``staff_html: trusted`` in mkdocs.yml); it is on by default.
- **contributor**: volunteers' submissions and anything from the public (the intake service).
  :func:`render_contributor_markdown` renders it with a restricted extension set (raw HTML is
  escaped and shown as text, no attribute lists, no Markdown inside HTML) and cleans the result
  with a stricter allowlist (:func:`clean_contributor_html`).
- **code**: templates and plugins; not cleaned here.

Safety is judged by an HTML parser (nh3, i.e. Ammonia) on the rendered HTML, never by regular
expressions over the source: entity-encoded or mixed-case ``javascript:``, a link target on the
next line, a reference-style definition and attribute lists all end up as parsed attributes,
which the allowlist then keeps or drops.

Values that go into an HTML attribute or a page title outside Markdown use
:func:`attribute_text` and :func:`title_text`.
"""

from __future__ import annotations

import html
from functools import cache
from html.parser import HTMLParser
from typing import Literal

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from .typography import ChineseLineBreakExtension

StaffHtml = Literal["clean", "trusted"]
STAFF_HTML_CHOICES: tuple[StaffHtml, ...] = ("clean", "trusted")

_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# What Python-Markdown, the site's extensions (abbr, admonition, attr_list, md_in_html, tables,
# toc, footnotes, pymdownx.details/superfences/highlight/tabbed/tasklist) and Material's blog
# produce, and the plain formatting tags staff paste from Word and WeChat.
_STAFF_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
_STAFF_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "style"},
    "a": {"href", "name", "target", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "align"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "label": {"for"},
    # pymdownx.tabbed and pymdownx.tasklist draw tabs and check boxes with inputs.
    "input": {"checked", "disabled", "name"},
}
_STAFF_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}
# Properties that change how text looks, never where a box sits or what it loads: no position,
# inset, z-index, background-image, content, transform, display…
_STAFF_STYLE = {
    "text-align", "vertical-align", "color", "background-color", "font-weight", "font-style",
    "text-decoration", "width",
}  # fmt: skip

_CONTRIBUTOR_TAGS = {
    "p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre",
    "hr", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_CONTRIBUTOR_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
# Python-Markdown's extensions for contributors: tables, fenced code and sane lists; no raw HTML
# (its two readers are removed in _restricted_markdown), no attr_list, no md_in_html, no footnotes
# or abbreviations.
_CONTRIBUTOR_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
CONTRIBUTOR_LINK_REL = "nofollow ugc noopener"


@cache
def _staff_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_STAFF_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_STAFF_ATTRIBUTES,
        tag_attribute_values=_STAFF_ATTRIBUTE_VALUES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STAFF_STYLE,
        # Material's blog cuts excerpts at the <!-- more --> comment: comments must stay.
        strip_comments=False,
        link_rel=None,
    )


def _local_image(element: str, attribute: str, value: str) -> str | None:
    """Contributors' images come from the site itself: no address with a scheme or a host."""
    if element == "img" and attribute == "src":
        head = value.strip().split("/", 1)[0]
        if ":" in head or value.strip().startswith("//") or not value.strip():
            return None
    return value


@cache
def _contributor_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_CONTRIBUTOR_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_CONTRIBUTOR_ATTRIBUTES,
        attribute_filter=_local_image,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
        link_rel=CONTRIBUTOR_LINK_REL,
    )


def clean_staff_html(fragment: str) -> str:
    """Staff HTML (rendered Markdown of posts, pages and record prose) without anything that runs."""
    # Cheap: the 10,081 conversions of a 2,000-record build (1.5 M characters) take 0.04 s of CPU.
    return str(_staff_cleaner().clean(fragment))


def clean_contributor_html(fragment: str) -> str:
    """Contributor HTML reduced to text formatting, links (rel=nofollow ugc) and local images."""
    return str(_contributor_cleaner().clean(fragment))


def _restricted_markdown() -> markdown.Markdown:
    """Python-Markdown without its two raw-HTML readers (the block and the inline one): a tag a
    contributor types stays text, which the serializer escapes, while code spans and blocks keep
    their ``<`` and ``&`` as typed (escaping the source first would escape them twice)."""
    # Chinese line breaks as in staff text: a wrapped line is no space between Chinese characters.
    md = markdown.Markdown(extensions=[*_CONTRIBUTOR_EXTENSIONS, ChineseLineBreakExtension()], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_contributor_markdown(text: str) -> str:
    """A contributor's Markdown as safe HTML: the build's submissions and the intake preview.

    Raw HTML is never parsed (``<script>`` is text; ``<javascript:...>`` is no autolink, which
    Python-Markdown forms for http(s) and ftp only), then the HTML is cleaned with the contributor
    allowlist, whose HTML parser also sees through entity-encoded URLs such as ``javascript&#58;``.
    """
    return clean_contributor_html(_restricted_markdown().convert(text))


def contributor_gate_notes(text: str) -> list[str]:
    """Chinese notes for the editor: what in this Markdown the gate shows as text or drops.

    Computed by the gate itself: the text rendered as plain Markdown would (raw HTML let
    through) is compared with what :func:`render_contributor_markdown` publishes.
    """
    unrestricted = _Parts(markdown.Markdown(extensions=_CONTRIBUTOR_EXTENSIONS).convert(text))
    restricted = _Parts(_restricted_markdown().convert(text))
    published = _Parts(render_contributor_markdown(text))
    notes: list[str] = []
    html_tags = sorted(set(unrestricted.tags) - set(restricted.tags))
    if html_tags or unrestricted.comments > restricted.comments:
        shown = "、".join(f"<{tag}>" for tag in html_tags) or "HTML 注释"
        notes.append(f"正文里的 HTML 代码（{shown}）不会生效，发布后按原样显示为文字")
    for url in dict.fromkeys(restricted.urls):
        if url not in published.urls:
            notes.append(f"链接或图片地址“{url[:60]}”不是 http(s)/mailto 链接或本站图片，发布时会被去掉")
    return notes


class _Parts(HTMLParser):
    """The tags, comments and link/image addresses of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.comments = 0
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls.extend(value for name, value in attrs if name in ("href", "src") and value is not None)

    def handle_comment(self, data: str) -> None:
        self.comments += 1


class _CleanStaffHtml(Postprocessor):
    def run(self, text: str) -> str:
        return clean_staff_html(text)


class StaffGateExtension(Extension):
    """Passes every conversion's HTML through the staff cleaner, after raw HTML is restored.

    The portal plugin adds it to ``markdown_extensions``, so it runs for MkDocs pages, generated
    record pages and the excerpts Material's blog converts with its own Markdown instance.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Lowest priority: after raw_html (30), footnotes (25), amp_substitute (20) and the
        # pymdownx ones (1-2), so it sees the final HTML.
        md.postprocessors.register(_CleanStaffHtml(md), "wenming_staff_gate", -100)


def attribute_text(value: object) -> str:
    """A value made safe to print inside a double- or single-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


def title_text(title: str) -> str:
    """A page title that cannot carry markup where themes print titles unescaped.

    Material prints titles raw in the header and navigation, and through ``striptags`` (which
    decodes entities) in ``<title>``: entities are decoded until nothing changes, then angle
    brackets become their full-width look-alikes, so neither ``<`` nor ``&lt;`` can make a tag.
    """
    for _ in range(8):
        decoded = html.unescape(title)
        if decoded == title:
            break
        title = decoded
    return title.replace("<", "＜").replace(">", "＞")


def markdown_heading_text(text: str) -> str:
    """Plain text to be put on a Markdown heading line: Markdown syntax characters become
    entities, so a title like ``标题 {: onfocus=... }`` is text, never attributes or links."""
    return title_text(text).translate(_MARKDOWN_SYNTAX)


_MARKDOWN_SYNTAX = {ord(char): f"&#{ord(char)};" for char in "&{}[]()*_`\\!#|~<>"}
