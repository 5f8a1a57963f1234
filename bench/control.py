"""Write the *control* site for a portal built by bench/generate.py: the same number of output
pages with the same texts, as plain Markdown pages under plain Material (same theme and search
settings, no portal plugins, no blog). Comparing the two builds measures what the portal adds.

    python bench/control.py PORTAL_SITE_DIR CONTROL_DIR

PORTAL_SITE_DIR is the *built* portal (its site/ folder); every page in it becomes one page.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]


def page_markdown(html: str) -> str:
    """The page's readable text as Markdown: its title and its article's paragraphs."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.md-content__inner") or soup.body or soup
    title = article.find("h1")
    lines = [f"# {title.get_text(' ', strip=True)}" if title else "# 页面"]
    for element in article.find_all(["h2", "h3", "p", "li", "td"]):
        text = element.get_text(" ", strip=True)
        if text:
            lines.append(("## " if element.name in ("h2", "h3") else "") + text.replace("<", "＜"))
    return "\n\n".join(lines) + "\n"


def write_control(portal_site: Path, out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    (content / "p").mkdir(parents=True)
    pages = sorted(path for path in portal_site.rglob("index.html") if "admin" not in path.parts)
    control_page: dict[str, str] = {}  # portal output folder -> control source file
    for number, path in enumerate(pages):
        target = content / "index.md" if path.parent == portal_site else content / "p" / f"{number:06d}.md"
        target.write_text(page_markdown(path.read_text(encoding="utf-8")), encoding="utf-8")
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
        # navigation itself has the portal's shape (its sections and entries, on the same texts),
        # since rendering it on every page is part of what Material does for any site.
        "not_in_nav": "/p/",
        "nav": _mirror(portal.get("nav", []), control_page),
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(pages)


def _mirror(nav: list, control_page: dict[str, str]) -> list:
    """The portal's nav with each page replaced by the control page made from its output."""
    mirrored = []
    for entry in nav:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(target, list):
            mirrored.append({title: _mirror(target, control_page)})
            continue
        folder = target.removesuffix(".md").removesuffix("index").rstrip("/") or "."
        page = control_page.get(folder)
        if page:
            mirrored.append({title: page} if title else page)
    return mirrored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portal_site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(f"{args.out}: {write_control(args.portal_site, args.out)} pages")


if __name__ == "__main__":
    main()
