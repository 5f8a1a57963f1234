"""Options of the ``wenming-goodpeople`` plugin (``plugins: - wenming-goodpeople: ...``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GoodPeopleConfig(Config):
    enabled = c.Type(bool, default=True)

    # Cards per page of an honour roll or a category (longer lists get 第2页, 第3页…).
    per_page = c.Type(int, default=24)
    # Earlier rolls listed per page of the section index.
    archive_per_page = c.Type(int, default=12)
    # Cards of the current roll shown on the section index and on the home page.
    index_cards = c.Type(int, default=12)
    home_cards = c.Type(int, default=6)
    # Place of the 身边好人 block on the home page (smaller comes first).
    home_order = c.Type(int, default=20)
