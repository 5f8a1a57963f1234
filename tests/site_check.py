"""Checks over a whole built site: every internal link and anchor resolves, and no page repeats
an id. Used by tests/test_site_links.py on the built sample; also a script that prints what it
finds for any built site:

    .venv/bin/python -m tests.site_check site/
"""

from __future__ import annotations

import posixpath
import sys
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wenming.core.typography import duplicate_ids

# Attributes that address another resource or a place in a page.
_LINK_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
    ("source", "src"), ("iframe", "src"), ("form", "action"), ("use", "href"), ("label", "for"),
}  # fmt: skip
# Links that leave the site, or are not addresses.
_OTHER_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "webcal:")


@dataclass
class PageParts:
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (tag, value, line)
    fors: list[tuple[str, int]] = field(default_factory=list)  # label for= ids, with their line


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts = PageParts()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.parts.ids.append(value)
            elif (tag, name) == ("label", "for"):
                self.parts.fors.append((value, line))
            elif (tag, name) in _LINK_ATTRIBUTES or (tag == "use" and name == "xlink:href"):
                self.parts.links.append((tag, value, line))

    handle_startendtag = handle_starttag


def parse(path: Path) -> PageParts:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.parts


@dataclass(frozen=True)
class Broken:
    page: str  # path in the site, e.g. news/index.html
    line: int
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.link} — {self.reason}"


@dataclass
class SiteReport:
    pages: int = 0
    links: int = 0
    anchors: int = 0
    broken: list[Broken] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # page -> repeated ids

    @property
    def duplicate_count(self) -> int:
        return sum(len(ids) for ids in self.duplicates.values())

    def summary(self) -> str:
        reasons = Counter(broken.reason.split("：")[0] for broken in self.broken)
        return (
            f"{self.pages} pages, {self.links} internal links ({self.anchors} with an anchor): "
            f"{len(self.broken)} broken {dict(reasons)}; "
            f"{self.duplicate_count} repeated ids on {len(self.duplicates)} pages"
        )


def target_file(site: Path, path: str) -> Path | None:
    """The file a site path (no leading slash) is served from, as a static server does."""
    candidate = site / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path) -> SiteReport:
    """Every page's links to files of the site and to ids in them; ids repeated within a page."""
    report = SiteReport()
    pages = sorted(site.rglob("*.html"))
    parsed: dict[Path, PageParts] = {}

    def parts_of(path: Path) -> PageParts:
        if path not in parsed:
            parsed[path] = parse(path)
        return parsed[path]

    for page in pages:
        name = page.relative_to(site).as_posix()
        parts = parts_of(page)
        report.pages += 1
        repeated = duplicate_ids(parts.ids)
        if repeated:
            report.duplicates[name] = repeated
        ids = set(parts.ids)
        for value, line in parts.fors:
            if value not in ids:
                report.broken.append(Broken(name, line, f"<label for={value}>", "页内没有这个 id"))
        base = posixpath.dirname(name)
        for _tag, value, line in parts.links:
            link = value.strip()
            if not link or link.lower().startswith(_OTHER_SCHEMES) or link.startswith("//"):
                continue
            if link.lower().startswith("javascript:"):
                report.broken.append(Broken(name, line, link, "javascript: 链接"))
                continue
            report.links += 1
            split = urlsplit(link)
            fragment = unquote(split.fragment)
            if split.path:
                joined = split.path.lstrip("/") if split.path.startswith("/") else posixpath.join(base, split.path)
                normal = posixpath.normpath(unquote(joined))
                if normal.startswith("../") or normal == "..":
                    report.broken.append(Broken(name, line, link, "指向网站之外"))
                    continue
                normal = "" if normal == "." else normal
                if split.path.endswith("/") and normal:
                    normal += "/"
                target = target_file(site, normal)
                if target is None:
                    report.broken.append(Broken(name, line, link, f"文件不存在：{normal or 'index.html'}"))
                    continue
            else:
                target = page
            if link.endswith("#") or not fragment:
                continue
            report.anchors += 1
            if target.suffix != ".html":
                continue
            if fragment not in set(parts_of(target).ids):
                report.broken.append(Broken(name, line, link, f"锚点不存在：{target.relative_to(site).as_posix()} 里没有 id {fragment}"))
    return report


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site")
    report = check_site(site)
    print(report.summary())
    for broken in report.broken[:40]:
        print(f"  {broken}")
    for page, ids in list(report.duplicates.items())[:20]:
        print(f"  {page}: {len(ids)} repeated ids: {' '.join(ids[:6])}")
    return 1 if report.broken or report.duplicates else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
