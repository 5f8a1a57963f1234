"""Helpers for the volunteers build tests, and the sample portal built once per session with the
volunteers plugin added (the shared mkdocs.yml may not list it yet)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import BUILD_DATE, REPO, SAMPLE_CONFIG, THEME_OVERRIDES, Built, base_config, run_build

LOGGER = "mkdocs.plugins.wenming.mkdocs.volunteers"


def with_volunteers(plugins: list[Any], options: dict[str, Any] | None = None) -> list[Any]:
    """``plugins`` with ``wenming-volunteers`` right after ``wenming`` (once)."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    if "wenming-volunteers" in names:
        return plugins
    entry: Any = {"wenming-volunteers": options} if options else "wenming-volunteers"
    index = names.index("wenming") + 1
    return [*plugins[:index], entry, *plugins[index:]]


def volunteer_plugins(*extra: Any, **options: Any) -> list[Any]:
    return with_volunteers(base_config()["plugins"], options or None) + list(extra)


def soup(built: Built, path: str) -> BeautifulSoup:
    return BeautifulSoup(built.read(path), "html.parser")


def own_warnings(built: Built) -> list[str]:
    return [
        record.getMessage()
        for record in built.log
        if record.levelno >= logging.WARNING and record.name.startswith(LOGGER)
    ]


@pytest.fixture(scope="session")
def sample_volunteers_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("sample-volunteers")
    config = yaml.safe_load(SAMPLE_CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(THEME_OVERRIDES)
    config["plugins"] = with_volunteers(config["plugins"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "wenming" in plugin:
            plugin["wenming"] = {**(plugin["wenming"] or {}), "build_date": BUILD_DATE}
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # Not --strict: other sections' pages in content/ may link to pages their own plugins make,
    # and those plugins may not be enabled here. This section's own warnings are checked instead.
    built = run_build(config_file, site_dir=root / "site")
    assert built.error is None, f"sample site failed to build: {built.error}\n" + "\n".join(built.warnings)
    return built
