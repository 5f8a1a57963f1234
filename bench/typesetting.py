"""What the Chinese typesetting treeprocessor costs: the sample's news posts and authored pages
converted with the site's Markdown extensions, with and without it, alternating; CPU time.

    .venv/bin/python bench/typesetting.py [rounds]
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import markdown

from wenming.core.gate import StaffGateExtension
from wenming.core.typography import ChineseLineBreakExtension, slugify

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def convert_all(texts: list[str], typeset: bool) -> float:
    extra = [ChineseLineBreakExtension()] if typeset else []
    md = markdown.Markdown(extensions=[*EXTENSIONS, StaffGateExtension(), *extra],
                           extension_configs={"toc": {"slugify": slugify}} if typeset else {})
    start = cpu()
    for text in texts:
        md.reset().convert(text)
    return cpu() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    texts = [path.read_text(encoding="utf-8").split("---", 2)[-1] for path in sorted((ROOT / "content").rglob("*.md"))]
    characters = sum(len(text) for text in texts)
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(rounds):
        for typeset in (False, True):
            times[typeset].append(convert_all(texts, typeset))
    for typeset in (False, True):
        best = min(times[typeset])
        label = "with typesetting   " if typeset else "without typesetting"
        print(f"{label}: {len(texts)} pages ({characters:,} characters): best {best * 1000:.1f} ms CPU, "
              f"median {sorted(times[typeset])[rounds // 2] * 1000:.1f} ms over {rounds} rounds")
    print(f"extra CPU per page: {(min(times[True]) - min(times[False])) / len(texts) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
