"""Chinese typesetting in the Markdown pipeline, and heading ids that keep the Chinese.

- :class:`ChineseLineBreakExtension`: a line break inside a paragraph (the source wrapped a line)
  is a space in HTML, which in Chinese is a stray gap (活动信息。 有事请到). Between two Chinese
  characters or Chinese punctuation the break is removed; between Latin words it stays a space;
  code (inline and blocks) is never touched. Spaces typed beside full-width punctuation
  (``**已取消。** 因…``) go too: the mark has its own blank half.
- :func:`slugify`: the ``toc`` extension's slugify for heading ids. Python-Markdown's own drops
  every Chinese character, so all Chinese headings got ``_1``, ``_2``… (and a news list's 目录 all
  jumped to ``#_1``). This one keeps Chinese, letters and digits and joins the rest with hyphens.
- :func:`unique_ids`: a list page (Material's blog views) puts several posts' excerpts, each
  converted on its own, on one page; a repeated id gets a suffix, with the links to it.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Characters that are set without spaces between them: CJK ideographs (with extensions and
# compatibility forms), CJK symbols and punctuation (、。〈〉《》「」【】〔〕), kana, bopomofo,
# Hangul syllables and full-width forms (，：；！？（）).
_CJK_RANGES = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK symbols and punctuation (、。「」《》…) and the ideographic space
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3400-\u4dbf\u4e00-\u9fff"  # ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # vertical/compatibility forms
    "\uff00-\uffef"  # full-width forms (，：；！？（）)
    "\U00020000-\U0003134f"  # ideographs, extensions B-H
)
CJK = re.compile(f"[{_CJK_RANGES}]")
# Punctuation Chinese text shares with Western text (curly quotes, ellipsis, dashes, middle
# dot): Chinese only when a Chinese character stands on the other side of the break.
_SHARED_PUNCTUATION = re.compile("[\u2018\u2019\u201c\u201d\u2026\u2014\u2015\u00b7]")
# A soft line break and the spaces around it (Markdown keeps the wrapped line's indentation),
# or a run of spaces (typed after a Chinese full stop: "**已取消。** 因…").
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*|[ \t]+")
# Full-width punctuation carries its own blank half: a space typed beside it (after a closing
# mark, before an opening one) is a gap too wide, whatever the next character.
_CLOSING = re.compile("[\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\uff01\uff09\uff0c\uff1a\uff1b\uff1f]")
_OPENING = re.compile("[\u3008\u300a\u300c\u300e\u3010\u3014\u3016\uff08]")

# Elements whose text is shown as typed (the line break there is real) or is not running text.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
# Inline elements that stand between characters without text of their own: the break beside
# them stays (a <br> already breaks the line, an image is no character).
_BARRIERS = frozenset({"br", "img", "hr", "input", "wbr"})


def _space_joins(before: str, after: str) -> bool:
    """Whether typed spaces between ``before`` and ``after`` should vanish: beside full-width
    punctuation (a closing mark before, an opening one after) with Chinese on the other side."""
    if not before or not after:
        return False
    return bool(
        (_CLOSING.match(before) and CJK.match(after)) or (CJK.match(before) and _OPENING.match(after))
    )


def _joins(before: str, after: str) -> bool:
    """Whether a line break between the characters ``before`` and ``after`` should vanish."""
    if not before or not after:
        return False
    cjk_before, cjk_after = bool(CJK.match(before)), bool(CJK.match(after))
    if cjk_before and cjk_after:
        return True
    if cjk_before:
        return bool(_SHARED_PUNCTUATION.match(after))
    if cjk_after:
        return bool(_SHARED_PUNCTUATION.match(before))
    return False


@dataclass
class _Slot:
    """One run of text in an element tree: ``element.text`` or ``element.tail``."""

    element: etree.Element
    attribute: str  # "text" or "tail"
    verbatim: bool  # inside code: read as context, never changed


# A barrier between slots: the character beside a break is then "none".
_BARRIER = None


def _slots(element: etree.Element, verbatim: bool = False) -> Iterator[_Slot | None]:
    """The text of ``element``'s content in reading order (its own tail excluded)."""
    verbatim = verbatim or element.tag in _VERBATIM
    if element.text:
        yield _Slot(element, "text", verbatim)
    for child in element:
        # A comment or processing instruction (no str tag), or an element without text of its own.
        if not isinstance(child.tag, str) or child.tag in _BARRIERS:
            yield _BARRIER
        else:
            yield from _slots(child, verbatim)
        if child.tail:
            yield _Slot(child, "tail", verbatim)


def _join_lines(slots: list[_Slot | None]) -> None:
    for index, slot in enumerate(slots):
        if slot is None or slot.verbatim:
            continue
        text: str = getattr(slot.element, slot.attribute)
        if "\n" not in text and " " not in text and "\t" not in text:
            continue

        def replace(match: re.Match[str], text: str = text, index: int = index) -> str:
            before = text[match.start() - 1] if match.start() > 0 else _last_char(slots, index)
            after = text[match.end()] if match.end() < len(text) else _first_char(slots, index)
            if "\n" in match.group(0):
                return "" if _joins(before, after) else match.group(0)
            return "" if _space_joins(before, after) else match.group(0)

        setattr(slot.element, slot.attribute, _LINE_BREAK.sub(replace, text))


def _last_char(slots: list[_Slot | None], index: int) -> str:
    """The character just before slot ``index``: the end of the nearest non-empty slot before it."""
    for position in range(index - 1, -1, -1):
        slot = slots[position]
        if slot is None:
            return ""
        text = getattr(slot.element, slot.attribute) or ""
        if text:
            return str(text[-1])
    return ""


def _first_char(slots: list[_Slot | None], index: int) -> str:
    """The character just after slot ``index``."""
    for position in range(index + 1, len(slots)):
        slot = slots[position]
        if slot is None:
            return ""
        text = getattr(slot.element, slot.attribute) or ""
        if text:
            return str(text[0])
    return ""


# Blocks whose content is one run of text (a paragraph, a list item, a table cell…); each is
# handled on its own, so a break never joins text across two blocks.
_BLOCKS = frozenset(
    {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption",
     "caption", "summary", "div", "details", "section", "article", "aside", "header", "footer", "ol", "ul",
     "dl", "table", "thead", "tbody", "tfoot", "tr", "figure"}
)  # fmt: skip


def join_chinese_lines(root: etree.Element) -> None:
    """Remove soft line breaks between Chinese characters everywhere under ``root``."""
    for block in root.iter():
        if not isinstance(block.tag, str) or block.tag in _VERBATIM:
            continue
        if block is root or block.tag in _BLOCKS:
            # The block's own inline content: child blocks are visited by iter() themselves.
            _join_lines(list(_inline_slots(block)))


def _inline_slots(block: etree.Element) -> Iterator[_Slot | None]:
    """Slots of ``block``'s inline content, with nested blocks as barriers (they are visited
    on their own) and code as read-only context."""
    if block.text:
        yield _Slot(block, "text", False)
    for child in block:
        if not isinstance(child.tag, str) or child.tag in _BARRIERS or child.tag in _BLOCKS:
            yield _BARRIER
        else:
            yield from _slots(child)
        if child.tail:
            yield _Slot(child, "tail", False)


class _ChineseLineBreaks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        join_chinese_lines(root)


class ChineseLineBreakExtension(Extension):
    """Soft line breaks between Chinese characters vanish instead of becoming spaces.

    Runs after the inline patterns (priority 20), so emphasis and links are elements and code
    spans are ``<code>``; fenced and indented code blocks are still stashed away at this point.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_ChineseLineBreaks(md), "wenming_chinese_line_breaks", 5)


# -- Heading ids --------------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[^\w]+")
_TAG = re.compile(r"<[^>]*>")


def slugify(value: str, separator: str = "-") -> str:
    """A heading id that keeps the Chinese: ``中秋节 · 邻里宴（2026）`` → ``中秋节-邻里宴-2026``.

    Letters and digits of any script stay (lower-cased, full-width ones made half-width); every
    run of anything else (spaces, punctuation, symbols) becomes one ``separator``.
    """
    text = unicodedata.normalize("NFKC", _TAG.sub("", value)).lower()
    return _NOT_WORD.sub(separator, text).strip(separator + "_")


# -- Unique ids on a page made of several fragments ----------------------------------------------


class _IdFinder(HTMLParser):
    """The ids of a fragment and where each ``id`` attribute's start tag is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []  # (line, column, id)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                line, column = self.getpos()
                self.found.append((line, column, value))

    handle_startendtag = handle_starttag


def ids_in(fragment: str) -> list[str]:
    """Every ``id`` in an HTML fragment, in document order (duplicates included)."""
    return [value for _, _, value in _ids_found(fragment)]


@lru_cache(maxsize=8192)
def _ids_found(fragment: str) -> tuple[tuple[int, int, str], ...]:
    """(line, column, value) of every ``id`` in ``fragment``. Remembered: the preview server
    (wenming serve) asks again for the same news excerpts on every rebuild."""
    finder = _IdFinder()
    finder.feed(fragment)
    finder.close()
    return tuple(finder.found)


def _free_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted_1``, ``wanted_2``… as the ``toc`` extension numbers repeats."""
    candidate, number = wanted, 0
    while candidate in taken:
        number += 1
        candidate = f"{wanted}_{number}"
    return candidate


def unique_ids(fragment: str, taken: set[str]) -> tuple[str, dict[str, str]]:
    """``fragment`` with every id that is already ``taken`` (or repeated inside it) renamed,
    and the fragment's ``href="#id"`` links to a renamed id following it.

    ``taken`` grows by the fragment's ids. Returns the new fragment and the renames (old → new),
    for the page's table of contents. The first occurrence of an id inside the fragment is the
    one links go to, as in a browser.
    """
    found = _ids_found(fragment)
    renames: dict[str, str] = {}
    replacements: list[tuple[int, str, str]] = []  # (offset of the tag, old, new)
    line_starts: list[int] = []
    for line, column, value in found:
        if value in taken:
            new = _free_id(value, taken)
            renames.setdefault(value, new)
            if not line_starts:  # only for a fragment with an id to rename
                line_starts = [0] + [match.end() for match in re.finditer("\n", fragment)]
            replacements.append((line_starts[line - 1] + column, value, new))
            taken.add(new)
        else:
            taken.add(value)
    if not replacements:
        return fragment, {}
    parts: list[str] = []
    position = 0
    for offset, _old, new in replacements:
        tag = _START_TAG.match(fragment, offset)
        if tag is None:  # not a tag the parser and this pattern agree on: left as it is
            continue
        parts += [fragment[position:offset], _with_id(tag.group(0), new)]
        position = tag.end()
    parts.append(fragment[position:])
    renamed = "".join(parts)
    for old, new in renames.items():
        renamed = renamed.replace(f'href="#{_attr(old)}"', f'href="#{_attr(new)}"')
    return renamed, renames


_ATTRIBUTE = r"""\s+([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"<[a-zA-Z][^\s/>]*(?:{_ATTRIBUTE})*\s*/?>")
_ATTRIBUTES = re.compile(_ATTRIBUTE)


def _with_id(tag: str, new: str) -> str:
    """A start tag with its (first) ``id`` attribute's value replaced."""
    for attribute in _ATTRIBUTES.finditer(tag):
        if attribute.group(1).lower() == "id":
            return tag[: attribute.start()] + f' id="{_attr(new)}"' + tag[attribute.end() :]
    return tag


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def duplicate_ids(ids: Iterable[str]) -> list[str]:
    """The ids that occur more than once, each once, in order of their second occurrence."""
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for value in ids:
        if value in seen:
            repeated.setdefault(value)
        seen.add(value)
    return list(repeated)
