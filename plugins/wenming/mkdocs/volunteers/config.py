"""Options of the ``wenming-volunteers`` plugin (``plugins: - wenming-volunteers: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class VolunteersConfig(Config):
    enabled = c.Type(bool, default=True)

    # Yearly hours per registered volunteer that teams and the community are measured against.
    target_hours = c.Type((int, float), default=20)

    # Teams per page of the directory (index and type pages).
    per_page = c.Type(int, default=20)

    # Service records shown in the table of a team page; older ones fold away by year.
    records_shown = c.Type(int, default=50)

    # Entries of each list on the 服务时长榜 (teams, 志愿服务之星).
    leaderboard_size = c.Type(int, default=50)

    # Months in the person-hours charts, ending with the build month.
    chart_months = c.Type(int, default=12)

    # The 志愿服务 figures block on the home page.
    home_block = c.Type(bool, default=True)
