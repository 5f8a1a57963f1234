"""The portal's own stylesheets and script: which ones a page loads, and a version in their URL.

The README's nginx example lets browsers keep ``/assets/`` for 30 days. Material's own files
carry a hash in their names; the portal's keep theirs (wenming.css…), so a fix would reach
residents' phones up to a month late. Each URL therefore ends in ``?v=`` and the first
characters of the file's SHA-256: a changed file has a new URL and is fetched at once, an
unchanged one keeps its URL and stays cached across rebuilds.
"""

from __future__ import annotations

import hashlib

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

BASE_STYLESHEET = "assets/stylesheets/wenming.css"
SCRIPT = "assets/javascripts/wenming.js"
SEARCH_ENGINE = "assets/javascripts/wenming-search.js"  # loaded by the search worker on the first query
# A section's pages (first URL segment) and the stylesheet they need on top of wenming.css.
SECTION_STYLESHEETS = {
    "goodpeople": "assets/stylesheets/goodpeople.css",
    "events": "assets/stylesheets/events.css",
    "volunteers": "assets/stylesheets/volunteers.css",
}
# Text sizes, contrast and 长辈模式's colours (issue 19): last on every page, so that its rules
# win over Material's and the section's without !important.
LEGIBLE_STYLESHEET = "assets/stylesheets/legible.css"
ASSETS = (BASE_STYLESHEET, *SECTION_STYLESHEETS.values(), LEGIBLE_STYLESHEET, SCRIPT, SEARCH_ENGINE)


def content_version(data: bytes) -> str:
    """Ten hex digits of SHA-256: enough to tell versions of a file apart, short in every page."""
    return hashlib.sha256(data).hexdigest()[:10]


def asset_versions(files: Files) -> dict[str, str]:
    """Each portal asset's version, from the file the build copies (a docs_dir file of the same
    path takes the theme's place, as MkDocs does)."""
    versions = {}
    for path in ASSETS:
        file = files.get_file_from_path(path)
        if file is not None:
            versions[path] = content_version(file.content_bytes)
    return versions


def stylesheets_for(page: Page | None) -> list[str]:
    """wenming.css, the section's stylesheet for a section's pages, then legible.css. The home
    page shows a block of every section, so it loads them all; news, search and 404 need no
    section's sheet."""
    if page is None:
        return [BASE_STYLESHEET, LEGIBLE_STYLESHEET]
    if page.is_homepage:
        return [BASE_STYLESHEET, *SECTION_STYLESHEETS.values(), LEGIBLE_STYLESHEET]
    section = page.url.split("/", 1)[0]
    extra = SECTION_STYLESHEETS.get(section)
    return [BASE_STYLESHEET, extra, LEGIBLE_STYLESHEET] if extra else [BASE_STYLESHEET, LEGIBLE_STYLESHEET]
