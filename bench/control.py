"""Write the *control* site for a portal built by bench/generate.py: the same number of output
pages with the same texts, as plain Markdown pages under plain Material (same theme and search
settings, no portal plugins, no blog). Comparing the two builds measures what the portal adds.

    python bench/control.py PORTAL_SITE_DIR CONTROL_DIR

PORTAL_SITE_DIR is the *built* portal (its site/ folder); every page in it becomes one page.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

REPO = Path(__file__).resolve().parents[1]


_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "header", "li", "main", "nav", "ol", "p", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "svg", "template", "noscript"}


def page_markdown(html: str, indexed: str | None = None) -> str:
    """The page's readable text as Markdown, each piece of text once: its main content's headings
    and the text of its blocks (paragraphs, list items, table cells, ...) in document order.

    ``indexed`` is the text the portal's search index holds for the page (see `_indexed_text`):
    blocks whose text is not in it get Material's ``{ data-search-exclude }``, so the control
    indexes what the portal indexes (the portal's record fields are drawn by templates, outside
    the Markdown content that Material's search reads) and does the same search work.
    """
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("div.md-content") or soup.body or soup
    blocks: list[str] = []
    run: list[str] = []

    def add(text: str, prefix: str = "") -> None:
        text = " ".join(text.split()).replace("<", "＜").replace("{", "｛")
        if not text:
            return
        if not prefix and _MARKDOWN_START.match(text):
            text = "\\" + text  # plain text, not a list item, quote or heading
        if indexed is not None and prefix != "# " and _normal(text) not in indexed:
            # Excluding a heading would drop its whole section from the index; a heading the
            # portal does not index becomes an excluded paragraph with the same text.
            blocks.append(text + "\n{ data-search-exclude }")
        else:
            blocks.append(prefix + text)

    def flush() -> None:
        add("".join(run))
        run.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                run.append(str(child))
            elif isinstance(child, Tag) and child.name not in _SKIPPED:
                if child.name in _HEADINGS:
                    flush()
                    add(child.get_text(" "), "# " if child.name == "h1" else "## ")
                elif child.name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(main)
    flush()
    if not any(block.startswith("# ") for block in blocks):
        blocks.insert(0, "# 页面")
    return "\n\n".join(blocks) + "\n"


_MARKDOWN_START = re.compile(r"[#>*+\-=|`~]|\d+[.)]\s")
_IGNORED_IN_COMPARISON = re.compile(r"<[^>]*>|[\s\u200b]+")


def _normal(text: str) -> str:
    """Text without markup, whitespace and word breaks, for comparing page text to index text."""
    return _IGNORED_IN_COMPARISON.sub("", html.unescape(text)).replace("＜", "<").replace("｛", "{")


def write_control(portal_site: Path, out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    (content / "p").mkdir(parents=True)
    pages = sorted(path for path in portal_site.rglob("index.html") if "admin" not in path.parts)
    control_page: dict[str, str] = {}  # portal output folder -> control source file
    indexed = _indexed_text(portal_site)
    for number, path in enumerate(pages):
        target = content / "index.md" if path.parent == portal_site else content / "p" / f"{number:06d}.md"
        folder = path.parent.relative_to(portal_site).as_posix()
        # The portal keeps lists that only repeat records out of its search index; so does the control.
        front = "" if folder in indexed else "---\nsearch:\n  exclude: true\n---\n\n"
        text = page_markdown(path.read_text(encoding="utf-8"), indexed.get(folder, ""))
        target.write_text(front + text, encoding="utf-8")
        control_page[path.parent.relative_to(portal_site).as_posix()] = target.relative_to(content).as_posix()
    portal = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {key: value for key, value in portal["theme"].items() if key != "custom_dir"}
    search = next(entry for entry in portal["plugins"] if isinstance(entry, dict) and "search" in entry)
    config = {
        "site_name": portal["site_name"],
        "site_url": portal.get("site_url"),
        "docs_dir": "content",
        "theme": theme,
        "plugins": [search],
        "markdown_extensions": portal.get("markdown_extensions", []),
        # Like the portal's record pages: reachable by links, not listed in the navigation; the
        # navigation itself is the portal's as rendered (its sections and entries, on the same
        # texts), since rendering it on every page is part of what Material does for any site.
        "not_in_nav": "/p/",
        "nav": _rendered_nav(portal_site, control_page),
    }
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return len(pages)


def _indexed_text(portal_site: Path) -> dict[str, str | None]:
    """Output folder ("." for the home page) -> the text the portal's search index holds for that
    page (titles and texts of its sections, compared without markup and spacing), or None when
    the index holds the page without its text.

    Material's index (search/search_index.json) holds every section's text. The portal's own
    index (issue 20: search/docs/*.json, terms in buckets) holds each page's address, title and
    teaser: the control indexes those pages whole, as plain Material would, and leaves the others out.
    """
    material = portal_site / "search" / "search_index.json"
    if not material.is_file():
        folders: dict[str, str | None] = {}
        for chunk in sorted((portal_site / "search" / "docs").glob("*.json")):
            for url, *_ in json.loads(chunk.read_text(encoding="utf-8")):
                folders[unquote(url.split("#")[0]).rstrip("/") or "."] = None
        return folders
    index = json.loads(material.read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {}
    for doc in index["docs"]:
        folder = unquote(doc["location"].split("#")[0]).rstrip("/") or "."
        texts.setdefault(folder, []).extend((doc.get("title", ""), doc.get("text", "")))
    return {folder: _normal("".join(parts)) for folder, parts in texts.items()}


def _rendered_nav(portal_site: Path, control_page: dict[str, str]) -> list:
    """The navigation as the portal renders it on its home page (with the entries Material's blog
    adds, the archive years and categories), each page replaced by the control page made from its
    output, so the control renders the same navigation on every page."""
    soup = BeautifulSoup((portal_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    primary = soup.select_one("nav.md-nav--primary > ul.md-nav__list")
    return _nav_entries(primary, control_page) if primary else []


def _nav_entries(items: Tag, control_page: dict[str, str]) -> list:
    entries: list = []
    for item in items.find_all("li", class_="md-nav__item", recursive=False):
        link = item.select_one(":scope > a.md-nav__link, :scope > div.md-nav__container > a.md-nav__link")
        title = " ".join(item.select_one(".md-ellipsis, label.md-nav__link").get_text(" ").split())
        page = control_page.get(unquote(link["href"]).strip("/") or ".") if link else None
        children = item.select_one(":scope > nav > ul.md-nav__list")
        if children is None:
            if page:
                entries.append({title: page})
            continue
        section = ([page] if page else []) + _nav_entries(children, control_page)
        if section:
            entries.append({title: section})
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portal_site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(f"{args.out}: {write_control(args.portal_site, args.out)} pages")


if __name__ == "__main__":
    main()
