"""Chinese text as residents read it (the browser's innerText, where line breaks in the HTML
source have become spaces or vanished): no space beside full-width punctuation next to Chinese."""

from __future__ import annotations

import re

from wenming.core.typography import CJK

# A space or no-break space between a Chinese character and full-width punctuation.
STRAY_SPACE = re.compile(
    f"[。，、；：！？）」』》](?:[ \u00a0]+)(?:{CJK.pattern})|(?:{CJK.pattern})(?:[ \u00a0]+)[（「『《]"
)
READ_TEXT = """() => { const main = document.querySelector('.md-content'); if (!main) return '';
  const copy = main.cloneNode(true); copy.querySelectorAll('pre, code').forEach(e => e.remove());
  document.body.appendChild(copy); const text = copy.innerText; copy.remove(); return text; }"""


def pages_to_read(site) -> list[str]:
    """Home, the section pages whose text comes from templates, every month calendar (its
    summary line), every event page (descriptions, the cancelled notice) and the news."""
    patterns = ["index.html", "goodpeople/index.html", "goodpeople/guide/index.html", "events/calendar/*/index.html",
                "events/*/index.html", "volunteers/teams/*/index.html", "news/index.html"]  # fmt: skip
    found = sorted({path.parent for pattern in patterns for path in site.glob(pattern)})
    return ["" if folder == site else folder.relative_to(site).as_posix() + "/" for folder in found]


def test_no_space_beside_full_width_punctuation(browser, site_url, sample_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    pages = pages_to_read(sample_site.site)
    assert len(pages) > 80
    stray = []
    for path in pages:
        page.goto(site_url + path, wait_until="domcontentloaded")
        text = page.evaluate(READ_TEXT)
        stray += [f"{path}: …{text[max(0, m.start() - 10) : m.end() + 6]}…" for m in STRAY_SPACE.finditer(text)]
    context.close()
    assert stray == []
